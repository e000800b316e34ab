/** Test helpers: documents from fixture text, `^` carets, and `# want: code` expectations. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const REPO = path.resolve(__dirname, '../..');
export const FIXTURES = path.join(REPO, 'test/fixtures');

export function doc(name: string, text: string, version = 1): TextDocument {
  return TextDocument.create(`file:///work/space/${name}`, 'yaml', version, text);
}

/** A document from text holding one `^` caret, and the caret's position. */
export function caret(name: string, withCaret: string) {
  const offset = withCaret.indexOf('^');
  if (offset < 0) throw new Error('fixture has no ^ caret');
  const d = doc(name, withCaret.slice(0, offset) + withCaret.slice(offset + 1));
  return { doc: d, position: d.positionAt(offset) };
}

export function fixture(rel: string): string {
  return readFileSync(path.join(FIXTURES, rel), 'utf8');
}

/**
 * Expected diagnostics written in the fixture: `# want: a, b` on the line that should have them, or
 * `# want-line-N: a` for line N (1-based). Returns sorted `line:code` strings.
 */
export function wants(text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/#\s*want(?:-line-(\d+))?:\s*([\w-]+(?:\s*,\s*[\w-]+)*)/g)) {
      const at = m[1] ? Number(m[1]) : i + 1;
      for (const code of m[2].split(/\s*,\s*/)) out.push(`${at}:${code}`);
    }
  });
  return out.sort();
}
