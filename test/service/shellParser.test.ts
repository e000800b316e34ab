/** The shell parser over a long session: what it keeps between parses, and trees unchanged by that. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseShell } from '../../server/src/service/shell/parser';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Live heap after full collections, in MB. */
function liveMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1048576;
}

const command = (i: number) =>
  `docker build -t "$IMAGE:${i}" --build-arg X=$Y${i} . && if [ -n "$A" ]; then echo $(date) | tee -a log <<EOF\nx\nEOF\nfi`;

describe('shell parser memory', () => {
  it('keeps nothing of earlier parses: 1,000 commands leave the live heap where it was', () => {
    // A short command first shifts the parser's node batches so that each tree spans two of them: the
    // layout in which a parser that kept its batches chained every tree to the next (10 MB here).
    parseShell('echo');
    for (let i = 0; i < 200; i++) parseShell(command(i));
    const before = liveMb();
    for (let i = 0; i < 1_000; i++) assert.ok(parseShell(command(i)).ok);
    const grown = liveMb() - before;
    assert.ok(grown < 3, `live heap grew by ${grown.toFixed(1)} MB over 1,000 parses`);
  });

  it('gives the same tree whatever was parsed before', () => {
    const script = 'A=$(cat v) && curl -s "$URL" | sh; for f in *.txt; do echo "$f" > out; done';
    const first = JSON.stringify(parseShell(script));
    parseShell('echo "unclosed');
    parseShell('cat <<EOF\nbody\nEOF');
    for (let i = 0; i < 100; i++) parseShell(command(i));
    assert.equal(JSON.stringify(parseShell(script)), first);
  });

  it('still reports a syntax error after a clean parse, at its place', () => {
    assert.ok(parseShell('echo fine').ok);
    const broken = parseShell('if true; then echo x');
    assert.equal(broken.ok, false);
    assert.match(broken.error?.message ?? '', /must end with "fi"/);
    assert.equal(broken.error?.offset, 0);
  });
});
