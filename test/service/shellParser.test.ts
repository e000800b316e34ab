/** The shell parser over a long session: what it keeps between parses, and trees unchanged by that. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MAX_SHELL_DEPTH, shellDepth } from '../../server/src/service/shell/depth';
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

describe('shell nesting bound', () => {
  const rep = (s: string, n: number) => s.repeat(n);

  it('parses up to the bound, and past it says where without parsing, broken or not', () => {
    const at = (n: number) => parseShell(rep('(', n) + 'true' + rep(')', n));
    assert.ok(at(MAX_SHELL_DEPTH).ok);
    const over = at(MAX_SHELL_DEPTH + 1);
    assert.equal(over.ok, false);
    assert.deepEqual(over.ok ? undefined : over.tooDeep, { at: MAX_SHELL_DEPTH, length: 1 });
    const broken = parseShell('echo ' + rep('$(echo ', 150));
    assert.equal(broken.ok, false);
    assert.equal(broken.ok ? undefined : broken.error, undefined);
    assert.deepEqual(broken.ok ? undefined : broken.tooDeep, { at: 5 + MAX_SHELL_DEPTH * 7 + 1, length: 1 });
    const ifs = parseShell(rep('if true; then\n', 120) + 'echo x\n');
    assert.deepEqual(ifs.ok ? undefined : ifs.tooDeep, { at: MAX_SHELL_DEPTH * 14, length: 2 });
  });

  it('counts what nests, not quoted text, comments or closed brackets', () => {
    assert.equal(shellDepth(`echo '${rep('(', 300)}'`).depth, 0);
    assert.equal(shellDepth(`# ${rep('{', 300)}\necho ok`).depth, 0);
    assert.equal(shellDepth(`echo ${rep('\\(', 300)}`).depth, 0);
    assert.equal(shellDepth(rep('(a) ', 300)).depth, 1);
    assert.equal(shellDepth(rep('echo "$(date)" ', 300)).depth, 1);
    assert.equal(shellDepth('if a; then for i in b; do { (x); }; done; fi').depth, 4);
    // `fi`, `if` inside words are not keywords.
    assert.equal(shellDepth(rep('echo fifo gift ', 200)).depth, 0);
  });

  it('holds with a deep caller: the bound leaves room under the stack the parser needs', () => {
    const script = 'echo ' + rep('$((', MAX_SHELL_DEPTH / 4) + '1' + rep('))', MAX_SHELL_DEPTH / 4);
    const nested = (n: number): boolean => (n === 0 ? parseShell(script).ok : nested(n - 1));
    assert.ok(nested(300), `${MAX_SHELL_DEPTH / 2} brackets parsed under 300 frames`);
    const subshells = rep('(', MAX_SHELL_DEPTH) + 'true' + rep(')', MAX_SHELL_DEPTH);
    const deepCall = (n: number): boolean => (n === 0 ? parseShell(subshells).ok : deepCall(n - 1));
    assert.ok(deepCall(300), `${MAX_SHELL_DEPTH} subshells parsed under 300 frames`);
  });
});
