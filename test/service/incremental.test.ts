/**
 * The incremental parser must give exactly the tree of the full parse — values and ranges — on real files
 * and across edits; otherwise every diagnostic would point at the wrong place.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import { fullParse, IncrementalParser } from '../../server/src/service/incremental';
import { FIXTURES, REPO } from '../support/docs';

/**
 * The tree as plain data: every node's kind, value and range. A collection's end is compared without the
 * comment lines that trail it: whether those count as part of it changes nothing a feature shows.
 */
function shape(node: unknown, text: string): unknown {
  if (isPair(node)) return { key: shape(node.key, text), value: shape(node.value, text) };
  if (node === null || node === undefined) return null;
  const n = node as Node;
  const end = (r: [number, number, number] | null | undefined) =>
    r && [r[0], r[0] + withoutTrailingComments(text.slice(r[0], r[1])).length];
  if (isMap(n)) return { map: n.items.map((i) => shape(i, text)), range: end(n.range) };
  if (isSeq(n)) return { seq: n.items.map((i) => shape(i, text)), range: end(n.range) };
  if (isScalar(n))
    return {
      scalar:
        n.value instanceof Date
          ? n.value.toISOString()
          : typeof n.value === 'symbol'
            ? String(n.value)
            : n.value,
      type: n.type,
      range: n.range?.slice(0, 2),
    };
  return { other: String(n), range: n.range?.slice(0, 2) };
}

function withoutTrailingComments(s: string): string {
  const lines = s.trimEnd().split('\n');
  while (lines.length > 1 && /^\s*(#.*)?$/.test(lines[lines.length - 1])) lines.pop();
  return lines.join('\n').trimEnd();
}

const tree = (d: Document.Parsed, text: string) => shape(d.contents, text);

function inputs(): { name: string; text: string }[] {
  const corpus = process.env.CORPUS_DIR ?? path.resolve(REPO, '../shared/corpus');
  const files: { name: string; text: string }[] = [];
  for (const dir of [
    path.join(FIXTURES, 'diagnostics'),
    path.join(corpus, 'buildspec'),
    path.join(corpus, 'appspec'),
  ]) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) files.push({ name: f, text: readFileSync(path.join(dir, f), 'utf8') });
  }
  return files;
}

describe('incremental parsing', () => {
  it('gives the full parse tree for every fixture and corpus file, split as finely as possible', () => {
    let split = 0;
    for (const { name, text } of inputs()) {
      const full = fullParse(text);
      if (full.errors.length) continue;
      // One section per key and item, and the chunks of siblings the parser makes by default.
      for (const chunkMaxLines of [1, undefined]) {
        const parser = new IncrementalParser({
          minLength: 0,
          splitLines: 2,
          chunkMaxLines,
          chunkMinLines: 2,
        });
        const got = parser.parse(text);
        if (got.constructor !== full.constructor || got !== full) split++;
        assert.deepEqual(tree(got, text), tree(full, text), name);
      }
    }
    assert.ok(split > 100, `only ${split} files took the incremental path`);
  });

  it('stays equal to the full parse across a sequence of edits that reuse cached sections', () => {
    const base =
      inputs().find((f) => f.name.includes('058__'))?.text ??
      readFileSync(path.join(FIXTURES, 'diagnostics/buildspec-basics.yml'), 'utf8');
    const parser = new IncrementalParser({ minLength: 0, splitLines: 4, chunkMinLines: 2 });
    let text = base;
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    for (let i = 0; i < 150; i++) {
      const lines = text.split('\n');
      const at = rand(lines.length);
      const line = lines[at];
      // Type inside a value, duplicate a line, or delete one: the edits a person makes.
      const op = rand(3);
      if (op === 0 && line.includes(': ')) lines[at] = `${line}x`;
      else if (op === 1) lines.splice(at, 0, line);
      else lines.splice(at, 1);
      text = lines.join('\n');
      const full = fullParse(text);
      if (full.errors.length) continue;
      assert.deepEqual(tree(parser.parse(text), text), tree(full, text), `edit ${i}`);
    }
  });
});

describe('incremental parsing of a large file', () => {
  it('re-parses only the section an edit touches, even with identical sections', () => {
    let text = 'version: 0.2\nenv:\n  variables:\n';
    for (let i = 0; i < 200; i++) text += `    VAR_${i}: value-${i}\n`;
    text += 'phases:\n';
    for (const p of ['install', 'pre_build', 'build', 'post_build']) {
      text += `  ${p}:\n    commands:\n`;
      for (let i = 0; i < 250; i++) text += `      - make target-${i}\n`;
    }
    assert.ok(text.length > 20_000);
    const parser = new IncrementalParser();
    parser.parse(text);
    assert.ok(parser.stats.parsedChars > text.length * 0.99, 'the first parse reads everything');
    const edited = text.replace('VAR_5: value-5', 'VAR_5: value-55');
    const tree2 = parser.parse(edited);
    assert.equal(parser.stats.full, false);
    assert.ok(
      parser.stats.parsedChars < 3000,
      `parsed ${parser.stats.parsedChars} of ${edited.length} characters`,
    );
    assert.deepEqual(shape(tree2.contents, edited), shape(fullParse(edited).contents, edited));
    // A keystroke inside one command of a 250-command list re-parses the chunk of commands around it.
    const typed = edited.replace('make target-77\n', 'make target-77x\n');
    const tree3 = parser.parse(typed);
    assert.ok(
      parser.stats.parsedChars < 3000,
      `parsed ${parser.stats.parsedChars} of ${typed.length} characters`,
    );
    assert.deepEqual(shape(tree3.contents, typed), shape(fullParse(typed).contents, typed));
  });

  it('parses files with anchors and aliases whole', () => {
    const parser = new IncrementalParser({ minLength: 0, splitLines: 2 });
    parser.parse(
      'version: 0.2\nenv:\n  variables: &vars\n    A: b\nbatch:\n  build-list:\n    - identifier: x\n      env:\n        variables: *vars\n',
    );
    assert.equal(parser.stats.full, true);
  });
});

describe('incremental parsing of explicit keys', () => {
  it('parses a file with `? key` lines whole, as the full parse does', () => {
    let text = '? version\n: 0.2\nenv:\n  variables:\n';
    for (let i = 0; i < 1000; i++) text += `    V${i}: value-${i}\n`;
    const parser = new IncrementalParser();
    assert.deepEqual(shape(parser.parse(text).contents, text), shape(fullParse(text).contents, text));
  });
});
