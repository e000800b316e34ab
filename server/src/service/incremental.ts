/**
 * Incremental parsing for large files. A block mapping is cut into its keys' sections (recursively, for
 * large sections); each section is parsed alone and kept by its text, so an edit re-parses only the
 * section it touches. The sections' trees are stitched into one tree with the offsets of the whole text.
 * Anything unusual — anchors and aliases, directives, several documents, a root that is not a block
 * mapping, or a section that does not parse cleanly — takes the ordinary full parse, which stays the
 * authority for errors.
 */
import {
  Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  YAMLMap,
  YAMLSeq,
  type Node,
  type Pair,
} from 'yaml';

export const PARSE_OPTIONS = {
  version: '1.1',
  uniqueKeys: false,
  prettyErrors: false,
  strict: false,
} as const;

/** Below this size the full parse is fast enough and simpler. */
const MIN_INCREMENTAL_LENGTH = 16_000;
/** Sections longer than this are split into their children. */
const SPLIT_LINES = 60;
/** Anchors, aliases, directives and document markers can tie sections together: parse those files whole. */
const UNSPLITTABLE = /(?:^[ \t]*(?:-[ \t]+)*|[:,[{][ \t]*)[&*][^\s&*,\]}]|^(?:---|\.\.\.|%)/m;
const HEADER_ONLY = /^\s*[^\s#'"[{-][^#]*?:\s*(#.*)?$|^\s*"[^"]*"\s*:\s*(#.*)?$|^\s*'[^']*'\s*:\s*(#.*)?$/;

interface Entry {
  /** The section's root: a mapping, or a list for the items of a long list. */
  readonly map: YAMLMap | YAMLSeq;
  /** Where the entry's nodes currently sit in the text. */
  offset: number;
}

type Parsed = Document.Parsed;

export function fullParse(text: string): Parsed {
  return parseDocument(text, PARSE_OPTIONS);
}

export class IncrementalParser {
  /** Section text → parsed copies (identical sections need one copy each: a node has one place). */
  private cache = new Map<string, Entry[]>();
  private used = new Map<string, Entry[]>();
  private text = '';
  private lineStarts: number[] = [];
  /** What the last parse did: how many characters it had to parse again (for tests and benchmarks). */
  readonly stats = { parsedChars: 0, sections: 0, full: false };

  constructor(
    private readonly options: { minLength: number; splitLines: number } = {
      minLength: MIN_INCREMENTAL_LENGTH,
      splitLines: SPLIT_LINES,
    },
  ) {}

  parse(text: string): Parsed {
    Object.assign(this.stats, { parsedChars: 0, sections: 0, full: false });
    if (text.length < this.options.minLength || UNSPLITTABLE.test(text) || /^\s*[[{]/.test(text)) {
      return this.full(text);
    }
    this.text = text;
    this.lineStarts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    this.used = new Map();
    const root = this.block(0, this.lineStarts.length, 0);
    // Keep only what this text used: the cache follows the document, not its history.
    this.cache = this.used;
    if (!root) return this.full(text);
    const doc = new Document() as unknown as Parsed;
    // The stitched map holds parsed nodes only; the type cannot say so.
    doc.contents = root as unknown as Parsed['contents'];
    return doc;
  }

  private full(text: string): Parsed {
    this.cache.clear();
    Object.assign(this.stats, { parsedChars: text.length, sections: 1, full: true });
    return fullParse(text);
  }

  private line(i: number): string {
    const end = i + 1 < this.lineStarts.length ? this.lineStarts[i + 1] : this.text.length;
    return this.text.slice(this.lineStarts[i], end).replace(/\r?\n$/, '');
  }

  private offset(line: number): number {
    return line < this.lineStarts.length ? this.lineStarts[line] : this.text.length;
  }

  /** Lines [from, to) as a block mapping whose keys sit at column `indent`. */
  private block(from: number, to: number, indent: number): YAMLMap | undefined {
    const keys: number[] = [];
    for (let i = from; i < to; i++) {
      // A byte-order mark is not indentation (trimStart would count it as such).
      const t = i === 0 ? this.line(i).replace(/^\ufeff/, '') : this.line(i);
      const trimmed = t.replace(/^[ \t]+/, '');
      if (!trimmed || trimmed.startsWith('#')) continue;
      const ind = t.length - trimmed.length;
      if (ind < indent || t.slice(0, ind).includes('\t')) return undefined;
      if (ind === indent) {
        // A list, or YAML's explicit `? key` / `: value` lines, which span lines: not plain key sections.
        if (/^[-?:](\s|$)/.test(trimmed)) return undefined;
        keys.push(i);
      } else if (!keys.length) return undefined; // content before the first key: not a plain block mapping
    }
    if (!keys.length) return undefined;
    const pairs: Pair[] = [];
    for (let j = 0; j < keys.length; j++) {
      const k = keys[j];
      const start = j === 0 ? from : k;
      const end = j + 1 < keys.length ? keys[j + 1] : to;
      const split =
        end - start > this.options.splitLines && HEADER_ONLY.test(this.line(k))
          ? this.children(k, end)
          : undefined;
      if (split) {
        pairs.push(split);
        continue;
      }
      const map = this.section(this.offset(start), this.offset(end));
      if (!map) return undefined;
      pairs.push(...map.items);
    }
    const out = new YAMLMap();
    out.items = pairs;
    const first = pairs[0]?.key as Node | undefined;
    const last = lastEnd(pairs);
    out.range = [first?.range?.[0] ?? this.offset(from), last, last];
    return out;
  }

  /** A `key:` line followed by a large block mapping: the key's pair, its value stitched from sections. */
  private children(header: number, end: number): Pair | undefined {
    let first = header + 1;
    while (first < end && /^\s*(#.*)?$/.test(this.line(first))) first++;
    if (first >= end) return undefined;
    const t = this.line(first);
    const indent = t.length - t.replace(/^ +/, '').length;
    const isList = t.trimStart().startsWith('- ') || t.trimStart() === '-';
    const value = isList ? this.list(header + 1, end, indent) : this.block(header + 1, end, indent);
    if (!value) return undefined;
    // The header alone parses as `{ key: null }`; it is one line, so it is parsed fresh every time.
    const headerText = this.text.slice(this.offset(header), this.offset(header + 1));
    const doc = parseDocument(headerText, PARSE_OPTIONS);
    if (doc.errors.length || !isMap(doc.contents) || doc.contents.items.length !== 1) return undefined;
    const pair = doc.contents.items[0] as Pair;
    shift(pair.key, this.offset(header));
    pair.value = value;
    return pair;
  }

  /** Lines [from, to) as a block list whose dashes sit at column `indent`: one section per item. */
  private list(from: number, to: number, indent: number): YAMLSeq | undefined {
    const starts: number[] = [];
    for (let i = from; i < to; i++) {
      const t = this.line(i);
      const trimmed = t.replace(/^ +/, '');
      if (!trimmed || trimmed.startsWith('#')) continue;
      const ind = t.length - trimmed.length;
      if (ind < indent || t.slice(0, ind).includes('\t')) return undefined;
      if (ind === indent) {
        if (trimmed !== '-' && !trimmed.startsWith('- ')) return undefined;
        starts.push(i);
      } else if (!starts.length) return undefined;
    }
    if (!starts.length) return undefined;
    const items: unknown[] = [];
    for (let j = 0; j < starts.length; j++) {
      const start = j === 0 ? from : starts[j];
      const end = j + 1 < starts.length ? starts[j + 1] : to;
      const seq = this.section(this.offset(start), this.offset(end), 'list');
      if (!seq || seq.items.length !== 1) return undefined;
      items.push(seq.items[0]);
    }
    const out = new YAMLSeq();
    out.items = items;
    const first = (items[0] as Node | undefined)?.range?.[0];
    const last = (items[items.length - 1] as Node | undefined)?.range?.[2];
    if (first === undefined || last === undefined) return undefined;
    // A block list starts at its first dash, before the first item's node.
    const dash = this.text.lastIndexOf('-', first);
    out.range = [dash < 0 ? first : dash, last, last];
    return out;
  }

  /** The mapping (or list) of text [start, end), parsed alone, cached by its text, placed at `start`. */
  private section(start: number, end: number, kind: 'list'): YAMLSeq | undefined;
  private section(start: number, end: number, kind?: 'map'): YAMLMap | undefined;
  private section(start: number, end: number, kind: 'map' | 'list' = 'map'): YAMLMap | YAMLSeq | undefined {
    const src = this.text.slice(start, end);
    const key = kind + src;
    const taken = this.used.get(key) ?? [];
    let entry = this.cache.get(key)?.find((e) => !taken.includes(e));
    this.stats.sections++;
    if (!entry) {
      this.stats.parsedChars += src.length;
      const doc = parseDocument(src, PARSE_OPTIONS);
      if (doc.errors.length || !(kind === 'map' ? isMap(doc.contents) : isSeq(doc.contents)))
        return undefined;
      entry = { map: doc.contents as YAMLMap | YAMLSeq, offset: 0 };
    }
    if (entry.offset !== start) {
      shift(entry.map, start - entry.offset);
      entry.offset = start;
    }
    taken.push(entry);
    this.used.set(key, taken);
    return entry.map;
  }
}

function lastEnd(pairs: readonly Pair[]): number {
  const last = pairs[pairs.length - 1];
  const value = last?.value as Node | null | undefined;
  return value?.range?.[2] ?? (last?.key as Node | undefined)?.range?.[2] ?? 0;
}

/** Moves every node under `node` by `delta` characters. */
function shift(node: unknown, delta: number): void {
  if (!node || delta === 0) return;
  if (isPair(node)) {
    shift(node.key, delta);
    shift(node.value, delta);
    return;
  }
  const n = node as Node;
  if (n.range) n.range = [n.range[0] + delta, n.range[1] + delta, n.range[2] + delta];
  if (isMap(n) || isSeq(n)) for (const item of n.items) shift(item, delta);
  else if (!isScalar(n) && !isAlias(n)) return;
}
