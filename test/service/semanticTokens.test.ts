/** Shell highlighting from the parser: tokens at the exact YAML line and column of multi-line commands. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  LanguageService,
  SEMANTIC_TOKEN_MODIFIERS,
  SEMANTIC_TOKEN_TYPES,
  type LineRange,
} from '../../server/src/service/index';
import { MAX_SEMANTIC_TOKENS } from '../../server/src/service/semanticTokens';
import { doc } from '../support/docs';

const service = new LanguageService();
const wrap = (items: string) => `version: 0.2\nphases:\n  build:\n    commands:\n${items}`;

/** The tokens as `line:column text type[.modifier]`, read back from the text the way an editor paints them. */
function tokens(text: string, lines?: LineRange): string[] {
  const d = doc('buildspec.yml', text);
  const rows = text.split('\n');
  return service.semanticTokens(d, lines).map((t) => {
    const mods = SEMANTIC_TOKEN_MODIFIERS.filter((_, i) => t.modifiers & (1 << i));
    const shown = rows[t.line].slice(t.character, t.character + t.length);
    return `${t.line}:${t.character} ${shown} ${[SEMANTIC_TOKEN_TYPES[t.type], ...mods].join('.')}`;
  });
}

describe('semantic tokens of multi-line commands', () => {
  it('a plain scalar whose lines YAML folds into one command; a one-line command is left to the grammar', () => {
    const text = wrap(
      '      - echo one &&\n' + '        if true; then echo "$HOME"; fi\n' + '      - echo single line\n',
    );
    assert.deepEqual(tokens(text), [
      '4:8 echo function.defaultLibrary',
      '4:17 && operator',
      '5:8 if keyword',
      '5:11 true function.defaultLibrary',
      '5:15 ; operator',
      '5:17 then keyword',
      '5:22 echo function.defaultLibrary',
      '5:27 " string',
      '5:28 $HOME variable',
      '5:33 " string',
      '5:34 ; operator',
      '5:36 fi keyword',
    ]);
  });

  it('a double-quoted command over three lines: YAML folds the lines, the grammar sees one YAML string', () => {
    const text = wrap('      - "echo \'a\n        b\' $HOME;\n        if x; then y; fi"\n');
    assert.deepEqual(tokens(text), [
      '4:9 echo function.defaultLibrary',
      "4:14 'a string",
      "5:8 b' string",
      '5:11 $HOME variable',
      '5:16 ; operator',
      '6:8 if keyword',
      '6:11 x function',
      '6:12 ; operator',
      '6:14 then keyword',
      '6:19 y function',
      '6:20 ; operator',
      '6:22 fi keyword',
    ]);
  });

  it('a single-quoted command with a doubled quote maps each token to what was written', () => {
    const text = wrap("      - 'echo ''it''\n        | tr a b'\n");
    assert.deepEqual(tokens(text), [
      '4:9 echo function.defaultLibrary',
      "4:14 ''it'' string",
      '5:8 | operator',
      '5:10 tr function',
    ]);
  });

  it('a here-document in a | block: body, delimiters, and the code after it', () => {
    const text = wrap(
      '      - |\n' +
        '        cat <<EOF > out.txt\n' +
        '        body $X "not a quote\n' +
        '        EOF\n' +
        '        echo after # done\n',
    );
    assert.deepEqual(tokens(text), [
      '5:8 cat function',
      '5:12 << operator',
      '5:14 EOF string',
      '5:18 > operator',
      '6:8 body string',
      '6:13 $X variable',
      '6:16 "not a quote string',
      '7:8 EOF string',
      '8:8 echo function.defaultLibrary',
      '8:19 # done comment',
    ]);
  });

  it('a folded > block: the lines are one command, a backslash continues it', () => {
    const text = wrap(
      '      - >-\n' +
        '        docker build \\\n' +
        '        -t "$IMAGE:${TAG:-latest}" .\n' +
        '        && for f in *.txt; do cat "$f"; done\n',
    );
    assert.deepEqual(tokens(text), [
      '5:8 docker function',
      '6:11 " string',
      '6:12 $IMAGE variable',
      '6:18 : string',
      '6:19 ${TAG:-latest} variable',
      '6:33 " string',
      '7:8 && operator',
      '7:11 for keyword',
      '7:15 f variable',
      '7:17 in keyword',
      '7:25 ; operator',
      '7:27 do keyword',
      '7:30 cat function',
      '7:34 " string',
      '7:35 $f variable',
      '7:37 " string',
      '7:38 ; operator',
      '7:40 done keyword',
    ]);
  });

  it('command substitutions inside strings are code again', () => {
    const text = wrap('      - |\n        echo "built $(date +%s) by $USER"\n');
    assert.deepEqual(tokens(text), [
      '5:8 echo function.defaultLibrary',
      '5:13 "built string',
      '5:20 $( operator',
      '5:22 date function',
      '5:30 ) operator',
      '5:32 by string',
      '5:35 $USER variable',
      '5:40 " string',
    ]);
  });

  it('a backslash continuation in a | block, where the grammar takes the next line for a command name', () => {
    const text = wrap(
      '      - |\n' +
        '        echo a \\\n' +
        '          --flag "x\n' +
        '        y" done\n' +
        '        if true\n' +
        '        then exit 1; fi\n',
    );
    assert.deepEqual(tokens(text), [
      '5:8 echo function.defaultLibrary',
      '6:17 "x string',
      '7:8 y" string',
      '8:8 if keyword',
      '8:11 true function.defaultLibrary',
      '9:8 then keyword',
      '9:13 exit function.defaultLibrary',
      '9:19 ; operator',
      '9:21 fi keyword',
    ]);
  });

  it('columns count UTF-16 code units after non-ASCII text (the parser counts UTF-8 bytes)', () => {
    const text = wrap('      - |\n        echo "héllo wörld 🚀" $X\n        echo ✓\n');
    assert.deepEqual(tokens(text), [
      '5:8 echo function.defaultLibrary',
      '5:13 "héllo wörld 🚀" string',
      '5:30 $X variable',
      '6:8 echo function.defaultLibrary',
    ]);
  });

  it('a file with CRLF line ends: no token takes the carriage return', () => {
    const text = wrap('      - |\n        cat <<EOF\n        $A\n        EOF\n').replace(/\n/g, '\r\n');
    assert.deepEqual(
      tokens(text).map((t) => t.replace('\r', '\\r')),
      ['5:8 cat function', '5:12 << operator', '5:14 EOF string', '6:8 $A variable', '7:8 EOF string'],
    );
  });

  it('a range asked after the whole file gives the same tokens for its lines', () => {
    const text = wrap('      - |\n        echo a\n        echo b\n        echo c\n');
    const all = tokens(text);
    assert.deepEqual(tokens(text, { first: 6, last: 7 }), all.slice(1, 3));
  });

  it('each word takes the category the shell grammar gives it on one line, so themes colour both alike', () => {
    const text = wrap(
      '      - |\n' +
        '        export A=1; local b\n' +
        '        while [ -f x ]; do { break; }; done\n' +
        '        [[ -n $A ]] || return 2\n' +
        '        make all\n',
    );
    assert.deepEqual(tokens(text), [
      '5:8 export modifier',
      '5:15 A variable',
      '5:18 ; operator',
      '5:20 local modifier',
      '5:26 b variable',
      '6:8 while keyword',
      '6:14 [ operator',
      // Operators side by side are one token.
      '6:21 ]; operator',
      '6:24 do keyword',
      '6:27 { operator',
      '6:29 break keyword',
      '6:34 ; operator',
      '6:36 }; operator',
      '6:39 done keyword',
      '7:8 [[ operator',
      '7:14 $A variable',
      '7:17 ]] operator',
      '7:20 || operator',
      '7:23 return keyword',
      '8:8 make function',
    ]);
  });

  it('a case statement: its words, patterns left to the grammar, and the operators that end them', () => {
    const text = wrap(
      '      - |\n        case "$1" in\n          a|b) echo ab;;\n          *) exit 1;;\n        esac\n',
    );
    assert.deepEqual(tokens(text), [
      '5:8 case keyword',
      '5:13 " string',
      '5:14 $1 variable',
      '5:16 " string',
      '5:18 in keyword',
      '6:13 ) operator',
      '6:15 echo function.defaultLibrary',
      '6:22 ;; operator',
      '7:11 ) operator',
      '7:13 exit function.defaultLibrary',
      '7:19 ;; operator',
      '8:8 esac keyword',
    ]);
  });

  it(`a file stops at ${MAX_SEMANTIC_TOKENS} tokens; the rest keeps the grammar's colours`, () => {
    // `:;` is two tokens in two characters: six blocks of 3,980 characters make 23,880.
    const block = `      - |\n        ${':;'.repeat(1990)}\n`;
    const all = tokens(wrap(block.repeat(6)));
    assert.equal(all.length, MAX_SEMANTIC_TOKENS);
    assert.deepEqual(all.slice(0, 2), ['5:8 : function.defaultLibrary', '5:9 ; operator']);
  });

  it('only the lines asked for', () => {
    const text = wrap('      - |\n        echo a\n        echo b\n        echo c\n');
    assert.deepEqual(tokens(text, { first: 6, last: 6 }), ['6:8 echo function.defaultLibrary']);
  });

  it('nothing for a command with a syntax error, for PowerShell, or outside a buildspec', () => {
    assert.deepEqual(tokens(wrap('      - |\n        if true; then\n          echo never closed\n')), []);
    const ps =
      'version: 0.2\nenv:\n  shell: powershell.exe\nphases:\n  build:\n    commands:\n      - |\n        if ($x) { echo }\n';
    assert.deepEqual(tokens(ps), []);
    const other = service.semanticTokens(doc('notes.yml', 'a:\n  - |\n    echo hi\n'));
    assert.deepEqual(other, []);
  });

  it('PowerShell declared after phases: still no shell tokens', () => {
    const text =
      wrap('      - |\n        Write-Output "$a"\n        if ($b) { exit 1 }\n') + 'env:\n  shell: pwsh\n';
    assert.deepEqual(tokens(text), []);
  });

  it('a carriage return alone ends a line, as the editor counts them: no token runs past it', () => {
    // Found by the fuzzer: a quoted string holding a lone CR became one token across the break.
    const text = 'phases: pre_build: commands: for F do "\r\\"";\n done';
    const d = doc('buildspec.yml', text);
    const lines = text.split(/\r\n|\r|\n/);
    const found = service.semanticTokens(d);
    assert.ok(found.length > 0, 'the command is highlighted');
    for (const t of found)
      assert.ok(t.character + t.length <= lines[t.line].length, `token past its line: ${JSON.stringify(t)}`);
  });
});
