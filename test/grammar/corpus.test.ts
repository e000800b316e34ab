// Runs the grammars over the real buildspec/appspec files in ../shared/corpus (read in place, never copied):
// every command the YAML parser sees must be highlighted as script, nothing else may be, and every other
// token must get the scope plain YAML gives it. Skipped when the corpus or VS Code's grammars are absent.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import * as YAML from 'yaml';
import { createTokenizer, type Token, type Tokenizer } from './textmate';

const corpusDir = path.resolve(__dirname, '../../../shared/corpus');
let tm: Tokenizer;

before(async () => {
  tm = await createTokenizer();
});

function corpusFiles(kind: string): string[] {
  const dir = path.join(corpusDir, kind);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f))
    .map((f) => path.join(dir, f));
}

/** Line numbers (0-based) of the text between two offsets. */
function linesBetween(text: string, from: number, to: number): number[] {
  const first = text.slice(0, from).split('\n').length - 1;
  const last = text.slice(0, Math.max(from, to - 1)).split('\n').length - 1;
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** Lines that hold command text (`expected`) and lines inside any commands:/finally: value (`allowed`). */
function commandLines(text: string): { expected: Set<number>; allowed: Set<number> } | undefined {
  const doc = YAML.parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) return undefined;
  const expected = new Set<number>();
  const allowed = new Set<number>();
  const lines = text.split('\n');
  const phases = doc.get('phases', true);
  if (!YAML.isMap(phases)) return { expected, allowed };
  for (const phase of phases.items) {
    if (!YAML.isMap(phase.value)) continue;
    for (const key of ['commands', 'finally']) {
      const node = phase.value.get(key, true);
      if (!YAML.isNode(node) || !node.range) continue;
      for (const l of linesBetween(text, node.range[0], node.range[1])) allowed.add(l);
      const items = YAML.isSeq(node) ? node.items : [node];
      for (const item of items) {
        if (!YAML.isScalar(item) || item.value === null || !item.range) continue;
        const block = item.type === 'BLOCK_LITERAL' || item.type === 'BLOCK_FOLDED';
        for (const l of linesBetween(text, item.range[0], item.range[1]).slice(block ? 1 : 0)) {
          if (lines[l]?.trim() && !lines[l].trim().startsWith('#')) expected.add(l);
        }
      }
    }
  }
  return { expected, allowed };
}

const isEmbedded = (line: Token[]) =>
  line.some((t) => t.text.trim() && t.scopes.some((s) => s.startsWith('meta.embedded.')));

/** What a theme colours a token by: its text and innermost scope that is not meta or ours. */
const leafScopes = (line: Token[], ours: string) =>
  line
    .filter((t) => t.text.trim())
    .map((t) => `${t.text}@${t.scopes.filter((s) => !s.startsWith('meta.') && !s.endsWith(ours)).at(-1)}`);

void describe('grammars on the shared corpus', () => {
  void test('buildspec: commands are script, everything else is plain YAML', async (t) => {
    const files = corpusFiles('buildspec');
    if (files.length === 0 || tm.source.kind !== 'vscode') return t.skip('corpus or VS Code grammars absent');
    let checked = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
      const want = commandLines(text);
      if (!want) continue;
      const ours = await tm.tokenize('source.yaml.buildspec', text);
      const yaml = await tm.tokenize('source.yaml', text);
      const where = (l: number) => `${path.basename(file)}:${l + 1}: ${text.split('\n')[l]}`;
      ours.forEach((line, l) => {
        if (want.expected.has(l))
          assert.ok(isEmbedded(line), `command not highlighted as script: ${where(l)}`);
        if (!want.allowed.has(l)) {
          assert.ok(!isEmbedded(line), `script highlighting outside commands: ${where(l)}`);
          assert.deepEqual(leafScopes(line, '.buildspec'), leafScopes(yaml[l], '.buildspec'), where(l));
        }
      });
      checked++;
    }
    assert.ok(checked > 100, `only ${checked} corpus files parsed`);
  });

  void test('appspec: same tokens as plain YAML apart from our keywords', async (t) => {
    const files = corpusFiles('appspec');
    if (files.length === 0 || tm.source.kind !== 'vscode') return t.skip('corpus or VS Code grammars absent');
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const ours = await tm.tokenize('source.yaml.appspec', text);
      const yaml = await tm.tokenize('source.yaml', text);
      ours.forEach((line, l) => {
        assert.ok(!isEmbedded(line), `${path.basename(file)}:${l + 1}`);
        assert.deepEqual(
          leafScopes(line, '.appspec'),
          leafScopes(yaml[l], '.appspec'),
          `${path.basename(file)}:${l + 1}`,
        );
      });
    }
  });
});
