/**
 * Parses a text document once per version: the YAML tree, what kind of file it is, and the model root
 * that every feature reads.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument, type Document } from 'yaml';
import { fullParse, IncrementalParser } from './incremental';
import { detectKind, type FileKind, type FilePatterns } from './fileKind';
import { APPSPEC_ROOTS } from './model/appspec';
import { BUILDSPEC_ROOT } from './model/buildspec';
import type { MapSpec } from './model/types';

/** Files larger than this are not analysed: the parse would stall the editor (about 1 s per MB). */
export const MAX_ANALYSED_LENGTH = 1024 * 1024;
/** Deeper nesting is not analysed: the YAML parser recurses, and V8 can abort outright on some shapes. */
export const MAX_NESTING = 500;

/**
 * More nodes than this (estimated by `shapeOf`) are not analysed. The parser costs about 10-15 µs per
 * node whatever their size: a megabyte of `a, ` in brackets took seconds, and 50,000 one-line commands
 * a second or more per edit that breaks the incremental parse. Real buildspecs hold a few hundred.
 */
export const MAX_ANALYSED_NODES = 20_000;

/** What a text costs to parse, from one pass without parsing. */
export interface TextShape {
  /** Open brackets of flow collections, and chains of `- `, `? ` and `: ` at the start of a line. */
  readonly depth: number;
  /** Lines with content, plus twice the items of flow collections (they cost twice as much). */
  readonly nodes: number;
}

// Character codes for shapeOf, which reads the whole text on every edit (one-character strings cost more).
const NL = 10;
const SIGNIFICANT = /[\n"'[\]{},#]/g;
const TAB = 9;
const SPACE = 32;
const DASH = 45;
const QUESTION = 63;
const COLON = 58;
const HASH = 35;
const DQ = 34;
const SQ = 39;
const LB = 91;
const LC = 123;
const RB = 93;
const RC = 125;

/**
 * How deeply a text nests and roughly how many nodes it holds, scanned in one pass. Stops counting
 * depth past `limit`.
 */
export function shapeOf(text: string, limit = MAX_NESTING): TextShape {
  let max = 0;
  let brackets = 0;
  let nodes = 0;
  const n = text.length;
  let i = 0;
  while (i < n && max <= limit) {
    // The line's start: indentation, and the `- `, `? `, `: ` that open a level each.
    let chain = 0;
    let c = text.charCodeAt(i);
    for (;;) {
      while (c === SPACE || c === TAB) c = text.charCodeAt(++i);
      if (c !== DASH && c !== QUESTION && c !== COLON) break;
      const next = text.charCodeAt(i + 1);
      if (next !== SPACE && next !== TAB) break;
      chain++;
      i += 2;
      c = text.charCodeAt(i);
    }
    if (chain > max) max = chain;
    const content = chain > 0 || (i < n && c !== NL && c !== HASH);
    // The rest of the line, from one character that matters to the next (a regular expression finds
    // them faster than a loop over every character): quotes, flow brackets, commas, a comment.
    let end = n;
    if (c === HASH) {
      const nl = text.indexOf('\n', i);
      end = nl < 0 ? n : nl;
    } else {
      SIGNIFICANT.lastIndex = i;
      let lineEnd = -1;
      // `test`, not `exec`: no match object per line and quote (a keystroke's scan made 360 KB of them);
      // the class matches one character, so the match is the one before `lastIndex`.
      while (SIGNIFICANT.test(text)) {
        const at = SIGNIFICANT.lastIndex - 1;
        const ch = text.charCodeAt(at);
        if (ch === NL) {
          end = at;
          break;
        }
        if (ch === DQ || ch === SQ) {
          // The line's end is looked up once: a line of a million quotes stays linear.
          if (lineEnd < 0) {
            const nl = text.indexOf('\n', at + 1);
            lineEnd = nl < 0 ? n : nl;
          }
          const close = text.indexOf(ch === DQ ? '"' : "'", at + 1);
          if (close < 0 || close > lineEnd) {
            end = lineEnd;
            break;
          }
          SIGNIFICANT.lastIndex = close + 1;
        } else if (ch === HASH) {
          const nl = text.indexOf('\n', at);
          end = nl < 0 ? n : nl;
          break;
        } else if (ch === LB || ch === LC) {
          if (++brackets > max) max = brackets;
          nodes += 2;
        } else if (ch === RB || ch === RC) {
          if (brackets > 0) brackets--;
        } else if (brackets > 0) nodes += 2;
      }
    }
    if (content) nodes++;
    i = end + 1;
  }
  return { depth: max, nodes };
}

/** How deeply a text nests (see `shapeOf`). */
export function nestingDepth(text: string, limit = MAX_NESTING): number {
  return shapeOf(text, limit).depth;
}

export interface ParsedDocument {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly textDocument: TextDocument;
  readonly yaml: Document.Parsed;
  /** The text `yaml` was parsed from: `text` itself, except in a lenient view after an edit. */
  readonly treeText: string;
  readonly kind: FileKind;
  /** The model of this file's root mapping, or undefined for an unknown file. */
  readonly root: MapSpec | undefined;
  /** Set when the file is too large or too deep to analyse. */
  readonly skipped?: string;
}

export function rootSpec(kind: FileKind): MapSpec | undefined {
  if (kind.type === 'buildspec') return BUILDSPEC_ROOT;
  if (kind.type === 'appspec') return APPSPEC_ROOTS[kind.platform];
  return undefined;
}

export function uriPath(uri: string): string {
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}

function parseYaml(text: string, parser?: IncrementalParser): { yaml: Document.Parsed; skipped?: string } {
  try {
    // YAML 1.1 (see PARSE_OPTIONS): go-yaml, CodeBuild's parser, reads `yes`/`no` as booleans too.
    return { yaml: parser ? parser.parse(text) : fullParse(text) };
  } catch (e) {
    // The parser recurses; pathological nesting overflows the stack. Report it instead of crashing.
    return { yaml: parseDocument(''), skipped: `The file could not be parsed: ${(e as Error).message}` };
  }
}

export function parse(
  doc: TextDocument,
  languageId?: string,
  patterns?: FilePatterns,
  parser?: IncrementalParser,
): ParsedDocument {
  const text = doc.getText();
  const base = { uri: doc.uri, version: doc.version, text, treeText: text, textDocument: doc };
  if (text.length > MAX_ANALYSED_LENGTH) {
    const { yaml } = parseYaml('');
    return {
      ...base,
      yaml,
      // Known by its name only: the content is not read.
      kind: detectKind(uriPath(doc.uri), languageId ?? doc.languageId, parseYaml('').yaml, '', patterns),
      root: undefined,
      skipped: `The file is larger than ${MAX_ANALYSED_LENGTH / 1024 / 1024} MB and is not analysed`,
    };
  }
  const shape = shapeOf(text);
  if (shape.depth > MAX_NESTING || shape.nodes > MAX_ANALYSED_NODES) {
    return {
      ...base,
      yaml: parseYaml('').yaml,
      // Known by its name only: the content is not read.
      kind: detectKind(uriPath(doc.uri), languageId ?? doc.languageId, parseYaml('').yaml, '', patterns),
      root: undefined,
      skipped:
        shape.depth > MAX_NESTING
          ? `The file nests more than ${MAX_NESTING} levels deep and is not analysed`
          : `The file holds more than ${MAX_ANALYSED_NODES} items and is not analysed`,
    };
  }
  const { yaml, skipped } = parseYaml(text, parser);
  const kind = detectKind(uriPath(doc.uri), languageId ?? doc.languageId, yaml, text, patterns);
  return { ...base, yaml, kind, root: rootSpec(kind), ...(skipped ? { skipped } : {}) };
}

/** Keeps the last parse of each document, so features share one parse per version. */
export class ParseCache {
  private readonly entries = new Map<string, ParsedDocument>();
  /** One incremental parser per document: it keeps the sections of that document's last text. */
  private readonly parsers = new Map<string, IncrementalParser>();

  get(doc: TextDocument, patterns?: FilePatterns): ParsedDocument {
    const hit = this.entries.get(doc.uri);
    if (hit && hit.version === doc.version && hit.textDocument === doc) return hit;
    let parser = this.parsers.get(doc.uri);
    if (!parser) this.parsers.set(doc.uri, (parser = new IncrementalParser()));
    const parsed = parse(doc, undefined, patterns, parser);
    this.entries.set(doc.uri, parsed);
    return parsed;
  }

  /**
   * The current text over the last tree of this document, without parsing again. Completion reads the
   * cursor's context from the text and only names (variables, task ids, the file kind) from the tree, which
   * one keystroke rarely changes; parsing a large file on every keystroke would delay the suggestions.
   */
  getLenient(doc: TextDocument, patterns?: FilePatterns): ParsedDocument {
    const hit = this.entries.get(doc.uri);
    if (hit && hit.version === doc.version && hit.textDocument === doc) return hit;
    // Only a later edit of the same document may borrow its tree.
    if (!hit || hit.skipped || hit.version >= doc.version) return this.get(doc, patterns);
    return { ...hit, version: doc.version, text: doc.getText(), textDocument: doc };
  }

  delete(uri: string): void {
    this.entries.delete(uri);
    this.parsers.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }
}
