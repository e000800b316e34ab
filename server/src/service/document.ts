/**
 * Parses a text document once per version: the YAML tree, what kind of file it is, and the model root
 * that every feature reads.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument, type Document } from 'yaml';
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

function parseYaml(text: string): { yaml: Document.Parsed; skipped?: string } {
  try {
    // YAML 1.1 because CodeBuild reads `yes`/`no` as booleans and `3.10` as a number, as 1.1 parsers do.
    return {
      yaml: parseDocument(text, { version: '1.1', uniqueKeys: false, prettyErrors: false, strict: false }),
    };
  } catch (e) {
    // The parser recurses; pathological nesting overflows the stack. Report it instead of crashing.
    return { yaml: parseDocument(''), skipped: `The file could not be parsed: ${(e as Error).message}` };
  }
}

export function parse(doc: TextDocument, languageId?: string, patterns?: FilePatterns): ParsedDocument {
  const text = doc.getText();
  const base = { uri: doc.uri, version: doc.version, text, textDocument: doc };
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
  const { yaml, skipped } = parseYaml(text);
  const kind = detectKind(uriPath(doc.uri), languageId ?? doc.languageId, yaml, text, patterns);
  return { ...base, yaml, kind, root: rootSpec(kind), ...(skipped ? { skipped } : {}) };
}

/** Keeps the last parse of each document, so features share one parse per version. */
export class ParseCache {
  private readonly entries = new Map<string, ParsedDocument>();

  get(doc: TextDocument, patterns?: FilePatterns): ParsedDocument {
    const hit = this.entries.get(doc.uri);
    if (hit && hit.version === doc.version && hit.textDocument === doc) return hit;
    const parsed = parse(doc, undefined, patterns);
    this.entries.set(doc.uri, parsed);
    return parsed;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }
}
