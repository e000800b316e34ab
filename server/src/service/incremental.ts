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
/**
 * Sibling keys (or list items) are parsed in chunks, not one by one: the parser costs about as much
 * per call as per kilobyte, and 50,000 one-line items parsed one at a time took three times as long
 * as the whole file. A chunk ends where its content says (so an edit leaves the chunks after it as
 * they were) once it has `CHUNK_MIN_LINES` (small, so a keystroke re-parses a few lines of a normal file), and
 * always at `CHUNK_MAX_LINES` or `CHUNK_MAX_CHARS`.
 */
const CHUNK_MIN_LINES = 4;
const CHUNK_MAX_LINES = 64;
const CHUNK_MAX_CHARS = 16_000;
/** Below this many levels a section is parsed whole: splitting deeper only re-scans the same lines. */
const MAX_SPLIT_DEPTH = 8;
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

export interface ParserOptions {
  /** Texts shorter than this are parsed whole. */
  readonly minLength?: number;
  /** Sections longer than this many lines are split into their children. */
  readonly splitLines?: number;
  /** Lines a chunk of siblings holds before its content may end it, and at most. */
  readonly chunkMinLines?: number;
  readonly chunkMaxLines?: number;
}

export function fullParse(text: string): Parsed {
  return parseDocument(text, PARSE_OPTIONS);
}

export class IncrementalParser {
  /** Section text → parsed copies (identical sections need one copy each: a node has one place). */
  private cache = new Map<string, Entry[]>();
  private used = new Map<string, Entry[]>();
  private text = '';
  private lineStarts: number[] = [];
  /** Per line, read once per parse: indentation (-1 for a blank or comment line), tab in it, first two characters. */
  private indents = new Int32Array(0);
  private tabbed = new Uint8Array(0);
  private leads: string[] = [];
  /** What the last parse did: how many characters it had to parse again (for tests and benchmarks). */
  readonly stats = { parsedChars: 0, sections: 0, full: false };

  private readonly options: Required<ParserOptions>;

  constructor(options: ParserOptions = {}) {
    this.options = {
      minLength: options.minLength ?? MIN_INCREMENTAL_LENGTH,
      splitLines: options.splitLines ?? SPLIT_LINES,
      chunkMinLines: options.chunkMinLines ?? CHUNK_MIN_LINES,
      chunkMaxLines: options.chunkMaxLines ?? CHUNK_MAX_LINES,
    };
  }

  parse(text: string): Parsed {
    Object.assign(this.stats, { parsedChars: 0, sections: 0, full: false });
    if (text.length < this.options.minLength || UNSPLITTABLE.test(text) || /^\s*[[{]/.test(text)) {
      return this.full(text);
    }
    this.text = text;
    this.lineStarts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    this.scanLines();
    this.used = new Map();
    const root = this.block(0, this.lineStarts.length, 0, 0);
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

  /** One pass over the text: what block() and list() ask of each line, so a deep split does not re-read it. */
  private scanLines(): void {
    const n = this.lineStarts.length;
    this.indents = new Int32Array(n);
    this.tabbed = new Uint8Array(n);
    this.leads = new Array<string>(n);
    const text = this.text;
    for (let i = 0; i < n; i++) {
      let p = this.lineStarts[i];
      const end = i + 1 < n ? this.lineStarts[i + 1] : text.length;
      // A byte-order mark is not indentation.
      if (i === 0 && text.charCodeAt(0) === 0xfeff) p++;
      const first = p;
      let tab = 0;
      while (p < end && (text[p] === ' ' || text[p] === '\t')) {
        if (text[p] === '\t') tab = 1;
        p++;
      }
      const c = p < end ? text[p] : '\n';
      const blank = c === '\n' || c === '#' || (c === '\r' && (p + 1 >= end || text[p + 1] === '\n'));
      this.indents[i] = blank ? -1 : p - first;
      this.tabbed[i] = tab;
      const lead = blank ? '' : text.slice(p, Math.min(p + 2, end));
      // The line break is not part of the line: `-` alone ends its line.
      this.leads[i] = lead.length === 2 && (lead[1] === '\r' || lead[1] === '\n') ? lead[0] : lead;
    }
  }

  /** Whether a line's content starts with `mark` followed by a space or the end of the line. */
  private startsWithMark(i: number, marks: string): boolean {
    const lead = this.leads[i];
    return marks.includes(lead[0]) && (lead.length === 1 || /[\s]/.test(lead[1]));
  }

  private line(i: number): string {
    const end = i + 1 < this.lineStarts.length ? this.lineStarts[i + 1] : this.text.length;
    return this.text.slice(this.lineStarts[i], end).replace(/\r?\n$/, '');
  }

  private offset(line: number): number {
    return line < this.lineStarts.length ? this.lineStarts[line] : this.text.length;
  }

  /** Lines [from, to) as a block mapping whose keys sit at column `indent`. */
  private block(from: number, to: number, indent: number, depth: number): YAMLMap | undefined {
    const keys: number[] = [];
    for (let i = from; i < to; i++) {
      const ind = this.indents[i];
      if (ind < 0) continue;
      if (ind < indent || this.tabbed[i]) return undefined;
      if (ind === indent) {
        // A list, or YAML's explicit `? key` / `: value` lines, which span lines: not plain key sections.
        if (this.startsWithMark(i, '-?:')) return undefined;
        keys.push(i);
      } else if (!keys.length) return undefined; // content before the first key: not a plain block mapping
    }
    if (!keys.length) return undefined;
    const pairs: Pair[] = [];
    let chunk = -1;
    const flush = (end: number): boolean => {
      if (chunk < 0) return true;
      const map = this.section(this.offset(chunk), this.offset(end));
      chunk = -1;
      if (!map) return false;
      pairs.push(...map.items);
      return true;
    };
    for (let j = 0; j < keys.length; j++) {
      const k = keys[j];
      const start = j === 0 ? from : k;
      const end = j + 1 < keys.length ? keys[j + 1] : to;
      const split =
        depth < MAX_SPLIT_DEPTH && end - start > this.options.splitLines && HEADER_ONLY.test(this.line(k))
          ? this.children(k, end, depth + 1)
          : undefined;
      if (split) {
        if (!flush(start)) return undefined;
        pairs.push(split);
        continue;
      }
      if (chunk < 0) chunk = start;
      if (this.chunkEnds(chunk, end, k) && !flush(end)) return undefined;
    }
    if (!flush(to)) return undefined;
    const out = new YAMLMap();
    out.items = pairs;
    const first = pairs[0]?.key as Node | undefined;
    const last = lastEnd(pairs);
    out.range = [first?.range?.[0] ?? this.offset(from), last, last];
    return out;
  }

  /** A `key:` line followed by a large block mapping: the key's pair, its value stitched from sections. */
  private children(header: number, end: number, depth: number): Pair | undefined {
    let first = header + 1;
    while (first < end && this.indents[first] < 0) first++;
    if (first >= end || this.tabbed[first]) return undefined;
    const indent = this.indents[first];
    const isList = this.startsWithMark(first, '-');
    const value = isList ? this.list(header + 1, end, indent) : this.block(header + 1, end, indent, depth);
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
      const ind = this.indents[i];
      if (ind < 0) continue;
      if (ind < indent || this.tabbed[i]) return undefined;
      if (ind === indent) {
        if (this.leads[i] !== '-' && this.leads[i] !== '- ') return undefined;
        starts.push(i);
      } else if (!starts.length) return undefined;
    }
    if (!starts.length) return undefined;
    const items: unknown[] = [];
    let chunk = -1;
    let count = 0;
    for (let j = 0; j < starts.length; j++) {
      const start = j === 0 ? from : starts[j];
      const end = j + 1 < starts.length ? starts[j + 1] : to;
      if (chunk < 0) chunk = start;
      count++;
      if (j + 1 < starts.length && !this.chunkEnds(chunk, end, starts[j])) continue;
      // Each dash at this indentation starts one item: a chunk holds as many as it has dashes.
      const seq = this.section(this.offset(chunk), this.offset(end), 'list');
      if (!seq || seq.items.length !== count) return undefined;
      items.push(...seq.items);
      chunk = -1;
      count = 0;
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

  /**
   * Whether a chunk of lines [start, end) whose last key or item starts on line `last` ends here: at a
   * line whose text hashes to a boundary, once long enough, or at the size caps.
   */
  private chunkEnds(start: number, end: number, last: number): boolean {
    const lines = end - start;
    if (lines >= this.options.chunkMaxLines) return true;
    if (this.offset(end) - this.offset(start) >= CHUNK_MAX_CHARS) return true;
    if (lines < this.options.chunkMinLines) return false;
    const from = this.lineStarts[last];
    const to = Math.min(this.offset(last + 1), from + 64);
    let h = 0x811c9dc5;
    for (let i = from; i < to; i++) h = Math.imul(h ^ this.text.charCodeAt(i), 0x01000193);
    // FNV's low bits barely mix: decide on the high ones.
    return h >>> 29 === 0;
  }

  /** The mapping (or list) of text [start, end), parsed alone, cached by its text, placed at `start`. */
  private section(start: number, end: number, kind: 'list'): YAMLSeq | undefined;
  private section(start: number, end: number, kind?: 'map'): YAMLMap | undefined;
  private section(start: number, end: number, kind: 'map' | 'list' = 'map'): YAMLMap | YAMLSeq | undefined {
    const src = this.text.slice(start, end);
    const key = kind + src;
    const taken = this.used.get(key) ?? [];
    // Identical sections take the cached copies in order (a search of the taken ones was quadratic
    // in the number of identical sections: 3,000 chunks of `V: x` took seconds).
    let entry = this.cache.get(key)?.[taken.length];
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
