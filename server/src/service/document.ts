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

/** Files larger than this are not analysed: the parse would stall the editor. */
export const MAX_ANALYSED_LENGTH = 4 * 1024 * 1024;

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
      kind: { type: 'unknown' },
      root: undefined,
      skipped: `The file is larger than ${MAX_ANALYSED_LENGTH / 1024 / 1024} MB and is not analysed`,
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
