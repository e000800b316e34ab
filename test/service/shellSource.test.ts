/** Shell positions map back into the YAML text through every scalar style. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMap, isScalar, isSeq, parseDocument, type Scalar } from 'yaml';
import { docSpan, scriptSource } from '../../server/src/service/shell/source';
import { parseShell } from '../../server/src/service/shell/parser';

/** The command scalars of `- ` items under `commands:` in a tiny buildspec. */
function commands(text: string): Scalar[] {
  const doc = parseDocument(text);
  const phases = isMap(doc.contents) ? doc.contents.get('phases', true) : undefined;
  const build = isMap(phases) ? phases.get('build', true) : undefined;
  const list = isMap(build) ? build.get('commands', true) : undefined;
  return isSeq(list) ? list.items.filter(isScalar) : [];
}

/** The YAML text a script span maps to. */
function mapped(text: string, node: Scalar, word: string, nth = 0): string {
  const src = scriptSource(node, text);
  assert.ok(src?.exact, 'every character found');
  let i = -1;
  for (let k = 0; k <= nth; k++) i = src.script.indexOf(word, i + 1);
  assert.ok(i >= 0, `${word} in the script`);
  const [a, b] = docSpan(src, i, i + word.length);
  return text.slice(a, b);
}

const wrap = (items: string) => `version: 0.2\nphases:\n  build:\n    commands:\n${items}`;

describe('script positions in the YAML', () => {
  it('plain, one line and folded over lines', () => {
    const text = wrap('      - echo one two\n      - echo three\n        four five\n');
    const [a, b] = commands(text);
    assert.equal(mapped(text, a, 'two'), 'two');
    assert.equal(b.value, 'echo three four five');
    assert.equal(mapped(text, b, 'four'), 'four');
    assert.equal(text.indexOf('four'), scriptSource(b, text)?.at[b.value.indexOf('four')]);
  });

  it('double quotes with escapes and an escaped line break', () => {
    const text = wrap('      - "echo \\"a\\tb\\" \\\n        $HOME \\u00e9x"\n');
    const [c] = commands(text);
    assert.equal(c.value, 'echo "a\tb" $HOME éx');
    assert.equal(mapped(text, c, '"a\tb"'), '\\"a\\tb\\"');
    assert.equal(mapped(text, c, '$HOME'), '$HOME');
    assert.equal(mapped(text, c, 'éx'), '\\u00e9x');
  });

  it('single quotes with a doubled quote', () => {
    const text = wrap("      - 'echo ''it'' $X'\n");
    const [c] = commands(text);
    assert.equal(c.value, "echo 'it' $X");
    assert.equal(mapped(text, c, "'it'"), "''it''");
    assert.equal(mapped(text, c, '$X'), '$X');
  });

  it('literal and folded block scalars, with header comments and indentation', () => {
    const text = wrap(
      '      - |- # the script\n        if true; then\n          echo in\n        fi\n      - >\n        echo a\n        b\n\n        echo c\n',
    );
    const [lit, fold] = commands(text);
    assert.equal(mapped(text, lit, 'echo in'), 'echo in');
    assert.equal(mapped(text, lit, 'fi'), 'fi');
    assert.equal(fold.value, 'echo a b\necho c\n');
    assert.equal(mapped(text, fold, 'echo c'), 'echo c');
    assert.equal(mapped(text, fold, 'a b'), 'a\n        b');
  });

  it('maps a parse error inside a multi-line block to its line and column', () => {
    const text = wrap('      - |\n        echo ok\n        echo "open\n');
    const [c] = commands(text);
    const parsed = parseShell(c.value as string);
    assert.equal(parsed.ok, false);
    const src = scriptSource(c, text);
    assert.ok(src && !parsed.ok && parsed.error);
    const [a] = docSpan(src, parsed.error.offset, parsed.error.offset + 1);
    assert.equal(text.slice(a, a + 5), '"open');
  });

  it('counts characters, not UTF-8 bytes, after non-ASCII text', () => {
    const parsed = parseShell('echo "héllo wörld" "unclosed');
    assert.ok(!parsed.ok && parsed.error);
    assert.equal(parsed.error.offset, 'echo "héllo wörld" '.length);
  });

  it('reads words, variables and pipes from the tree with their text and character offsets', () => {
    const parsed = parseShell('grep "héllo" $FÖO_BAR ${NAME:-dü} | sh > out');
    assert.ok(parsed.ok);
    const [grep, sh] = parsed.tree.commands;
    assert.equal(grep.args[1].literal, 'héllo');
    // Bash names are ASCII: `$FÖO_BAR` expands `$F`.
    assert.deepEqual(
      grep.args.flatMap((w) => w.vars),
      [
        { name: 'F', start: 13, end: 15 },
        { name: 'NAME', start: 22, end: 33 },
      ],
    );
    assert.equal(sh.toFile, true);
    assert.deepEqual(parsed.tree.pipes, [{ from: grep, to: sh }]);
  });
});

describe('the shell parser in the process', () => {
  it('leaves the process its own Error.stackTraceLimit (its runtime sets Infinity, which made the YAML parser slow)', () => {
    const before = Error.stackTraceLimit;
    assert.ok(parseShell('echo "$HOME" | wc -c').ok);
    assert.equal(Error.stackTraceLimit, before);
    assert.notEqual(Error.stackTraceLimit, Infinity);
  });
});
