/**
 * Highlighting of buildspec commands from the shell parser, where the TextMate grammar cannot follow them:
 * a command written over several YAML lines (a plain scalar whose lines YAML folds, a quoted command
 * with line breaks, a `|` or `>` block with here-documents). The grammar reads one line at a time and
 * colours such commands as a YAML string or loses the here-document's end; the parser sees the command
 * the shell runs. Commands on one line keep the grammar's colours, which are right there.
 */
import type { Scalar } from 'yaml';
import type { ParsedDocument } from './document';
import { shellCommandsOf } from './shell/commands';
import { docSpan, scriptSource } from './shell/source';
import {
  shellHighlights,
  SHELL_TOKEN_MODIFIERS,
  SHELL_TOKEN_TYPES,
  type ShellTokenType,
} from './shellHighlights';
import { analyseCommands } from './validate/shellAnalysis';

/** The token types a token's `type` indexes (the legend the server declares). */
export const SEMANTIC_TOKEN_TYPES: readonly ShellTokenType[] = SHELL_TOKEN_TYPES;
/** The modifiers a token's `modifiers` bits stand for, bit `1 << i` for entry `i`. */
export const SEMANTIC_TOKEN_MODIFIERS: readonly string[] = SHELL_TOKEN_MODIFIERS;

/** One token on one line: `character` and `length` in UTF-16 code units, as LSP counts them. */
export interface SemanticToken {
  readonly line: number;
  readonly character: number;
  readonly length: number;
  /** Index in SEMANTIC_TOKEN_TYPES. */
  readonly type: number;
  /** Bits of SEMANTIC_TOKEN_MODIFIERS. */
  readonly modifiers: number;
}

/** Lines `first` to `last` (inclusive), for a request about the visible part of a file. */
export interface LineRange {
  readonly first: number;
  readonly last: number;
}

/** Tokens in one answer: beyond this a file keeps the grammar's colours for the rest. */
export const MAX_SEMANTIC_TOKENS = 20_000;
/** Commands whose tokens are kept, and the characters of their keys (the commands' text). */
const CACHE_ENTRIES = 2_000;
const CACHE_CHARS = 1_000_000;

/**
 * A command's tokens as offsets from the scalar's first character, four numbers a token (start, end,
 * type, modifiers), each within one line. Kept per command text, so an edit recomputes only the commands it changed.
 */
type RelativeTokens = Int32Array;
const NONE: RelativeTokens = new Int32Array(0);
const cache = new Map<string, RelativeTokens>();
let cachedChars = 0;

/** The whole file's tokens per parse (one per document version): the editor asks for a range, then all. */
const byParse = new WeakMap<ParsedDocument, SemanticToken[]>();

/** The shell tokens of a buildspec's multi-line commands, in document order (none for other files). */
export function semanticTokens(doc: ParsedDocument, lines?: LineRange): readonly SemanticToken[] {
  const all = byParse.get(doc);
  if (all) return lines ? all.filter((t) => t.line >= lines.first && t.line <= lines.last) : all;
  const tokens = computeSemanticTokens(doc, lines);
  if (!lines) byParse.set(doc, tokens);
  return tokens;
}

function computeSemanticTokens(doc: ParsedDocument, lines: LineRange | undefined): SemanticToken[] {
  if (doc.kind.type !== 'buildspec' || doc.skipped || doc.treeText !== doc.text) return [];
  const shell = shellCommandsOf(doc);
  // PowerShell and cmd are not parsed: the grammar's PowerShell colours stay.
  if (shell.family !== 'posix') return [];
  const text = doc.text;
  const at = (offset: number) => doc.textDocument.positionAt(offset);
  const out: SemanticToken[] = [];
  // The same commands the checks parse, within the same bounds; one with a syntax error keeps the
  // grammar's colours (the error is underlined, and the parser's reading past it means nothing).
  for (const { node, start, analysis } of analyseCommands(doc, shell)) {
    if (!analysis.parsed || !node.range) continue;
    const end = node.range[1];
    const raw = text.slice(start, end);
    if (!raw.trimEnd().includes('\n')) continue;
    if (lines && (at(start).line > lines.last || at(end).line < lines.first)) continue;
    const rel = tokensOf(node, raw, text);
    for (let i = 0; i < rel.length; i += 4) {
      const p = at(start + rel[i]);
      if (lines && (p.line < lines.first || p.line > lines.last)) continue;
      const [length, type, modifiers] = [rel[i + 1] - rel[i], rel[i + 2], rel[i + 3]];
      out.push({ line: p.line, character: p.character, length, type, modifiers });
      if (out.length >= MAX_SEMANTIC_TOKENS) return out;
    }
  }
  return out;
}

function tokensOf(node: Scalar, raw: string, text: string): RelativeTokens {
  const script = node.value as string;
  const key = `${node.type ?? ''}\0${raw}${raw === script ? '' : `\0${script}`}`;
  let tokens = cache.get(key);
  if (tokens) {
    // Refresh its place: the map's order is the eviction order.
    cache.delete(key);
  } else {
    tokens = computeTokens(node, script, text);
    cachedChars += key.length;
  }
  cache.set(key, tokens);
  while (cache.size > CACHE_ENTRIES || cachedChars > CACHE_CHARS) {
    const oldest = cache.keys().next().value as string;
    cache.delete(oldest);
    cachedChars -= oldest.length;
  }
  return tokens;
}

function computeTokens(node: Scalar, script: string, text: string): RelativeTokens {
  const source = scriptSource(node, text);
  const highlights = source?.exact ? shellHighlights(script) : undefined;
  if (!source || !highlights || !node.range) return NONE;
  const base = node.range[0];
  const out: number[] = [];
  for (const h of highlights) {
    const [a, b] = docSpan(source, h.start, h.end);
    // A span the YAML wrote over several lines (a folded string, a here-document body) is one token
    // per line, without the YAML indentation that starts each continuation line. A lone CR ends a line
    // too, as the editor counts lines.
    let from = a;
    while (from < b) {
      const nl = lineBreakFrom(text, from);
      const to = nl < 0 || nl > b ? b : nl;
      let s = from;
      let e = to;
      while (s < e && /\s/.test(text[s])) s++;
      while (e > s && /\s/.test(text[e - 1])) e--;
      if (e > s) out.push(s - base, e - base, h.type, h.modifiers);
      from = to + 1;
    }
  }
  return Int32Array.from(out);
}

const LINE_BREAK = /[\r\n]/g;

/** Where the next CR or LF is, from `from` on; -1 when there is none. */
function lineBreakFrom(text: string, from: number): number {
  LINE_BREAK.lastIndex = from;
  return LINE_BREAK.test(text) ? LINE_BREAK.lastIndex - 1 : -1;
}

/** Clears the kept tokens (tests: to measure a cold start). */
export function clearSemanticTokens(): void {
  cache.clear();
  cachedChars = 0;
}
