/**
 * What every result must satisfy besides not throwing: it crosses JSON-RPC, so it must serialize, and
 * VS Code rejects some shapes outright (a symbol whose selection range lies outside its range, or whose
 * name is empty, breaks the whole outline).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentSymbol, Position, Range } from 'vscode-languageserver-types';

const isPos = (p: unknown): p is Position =>
  !!p &&
  typeof p === 'object' &&
  typeof (p as Position).line === 'number' &&
  typeof (p as Position).character === 'number';
const isRange = (r: unknown): r is Range =>
  !!r && typeof r === 'object' && isPos((r as Range).start) && isPos((r as Range).end);
const before = (a: Position, b: Position) =>
  a.line < b.line || (a.line === b.line && a.character <= b.character);
const contains = (outer: Range, inner: Range) =>
  before(outer.start, inner.start) && before(inner.end, outer.end);

function badRange(r: Range, lastLine: number): string | undefined {
  for (const p of [r.start, r.end]) {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.character < 0)
      return `bad position ${JSON.stringify(p)}`;
    if (p.line > lastLine) return `position ${JSON.stringify(p)} is past the last line (${lastLine})`;
  }
  return before(r.start, r.end) ? undefined : `range ends before it starts: ${JSON.stringify(r)}`;
}

/** Every range anywhere in the result. */
function ranges(value: unknown, out: Range[] = [], depth = 0): Range[] {
  if (!value || typeof value !== 'object' || depth > 200) return out;
  if (isRange(value)) out.push(value);
  for (const v of Array.isArray(value) ? value : Object.values(value)) ranges(v, out, depth + 1);
  return out;
}

function badSymbol(s: DocumentSymbol): string | undefined {
  if (typeof s.name !== 'string' || s.name.length === 0)
    return `symbol with empty name at ${JSON.stringify(s.range)}`;
  if (!contains(s.range, s.selectionRange))
    return `symbol "${s.name}": selectionRange ${JSON.stringify(s.selectionRange)} is not inside range ${JSON.stringify(s.range)}`;
  for (const c of s.children ?? []) {
    const bad = badSymbol(c);
    if (bad) return bad;
  }
  return undefined;
}

/**
 * A description of what is wrong with `result`, or undefined. A range may end on the line after the
 * last (an edit that appends), or reach the requested position when a request pointed past the end.
 */
export function checkResult(
  method: string,
  result: unknown,
  doc: TextDocument,
  requested?: Position,
): string | undefined {
  // The parse stays in the server; stale diagnostics carry the old text's ranges back by design.
  if (method === 'parse') return undefined;
  try {
    JSON.stringify(result);
  } catch (e) {
    return `result does not serialize: ${(e as Error).message}`;
  }
  for (const r of method === 'codeActions(stale)' ? [] : ranges(result)) {
    const bad = badRange(r, Math.max(doc.lineCount, requested?.line ?? 0));
    if (bad) return bad;
  }
  if (method === 'describe' && typeof result !== 'string') return 'describe did not return a string';
  if (method === 'symbols') {
    for (const s of result as DocumentSymbol[]) {
      const bad = badSymbol(s);
      if (bad) return bad;
    }
  }
  if (method === 'folding') {
    for (const f of result as { startLine: number; endLine: number }[]) {
      if (!(f.startLine <= f.endLine) || f.endLine >= doc.lineCount || f.startLine < 0)
        return `bad folding range ${JSON.stringify(f)}`;
    }
  }
  if (method === 'semanticTokens') {
    let last = { line: -1, end: 0 };
    for (const t of result as { line: number; character: number; length: number }[]) {
      const text =
        t.line < doc.lineCount
          ? doc.getText({ start: { line: t.line, character: 0 }, end: { line: t.line + 1, character: 0 } })
          : '';
      if (!(t.length > 0) || t.character + t.length > text.replace(/\r?\n$/, '').length)
        return `semantic token outside its line: ${JSON.stringify(t)}`;
      if (t.line < last.line || (t.line === last.line && t.character < last.end))
        return `semantic tokens out of order or overlapping at ${JSON.stringify(t)}`;
      last = { line: t.line, end: t.character + t.length };
    }
  }
  if (method === 'validate') {
    for (const d of result as { message: unknown }[])
      if (typeof d.message !== 'string' || !d.message)
        return `diagnostic without a message: ${JSON.stringify(d)}`;
  }
  if (method.startsWith('codeActions')) {
    for (const a of result as { edit?: { changes?: Record<string, { newText: unknown }[]> } }[]) {
      for (const [uri, edits] of Object.entries(a.edit?.changes ?? {})) {
        if (uri !== doc.uri) return `code action edits another file: ${uri}`;
        if (edits.some((e) => typeof e.newText !== 'string')) return 'code action edit without newText';
      }
    }
  }
  return undefined;
}
