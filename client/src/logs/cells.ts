// One terminal line as cells, for the lines whose text is redrawn (`\r`, backspace, cursor moves, erase):
// what it shows at the end. Every operation costs O(1) while the line is read and the line is put
// together once at the end, so a line costs time linear in its length whatever it does. Erasing is not
// done cell by cell (a line of 300 "erase to start" at column 20,000 was 6 million cell writes): each
// cell remembers when it was last written, each erase is recorded with when it happened, and at the end
// a cell shows if no later erase covered it. No `vscode` here.
import { isPlain, type AnsiStyle } from './sgr';

const PLAIN: AnsiStyle = {};
/** Past this the write clock starts over (the stamps of earlier lines are cleared). */
const CLOCK_LIMIT = 0x7fffffff;

export interface CellText {
  text: string;
  spans: { start: number; end: number; style: AnsiStyle }[];
  cut: boolean;
}

/** The cells of one line at a time, reused from line to line (one per parser). */
export class CellLine {
  private readonly code: Uint16Array;
  private readonly stamp: Uint32Array;
  private readonly style: AnsiStyle[];
  /** A write clock shared by all lines: a cell stamped at or before `lineStart` is from an earlier line. */
  private clock = 0;
  private lineStart = 0;
  private limit = 0;
  private cursor = 0;
  private top = 0;
  private cut = false;
  /** Erases of this line, in order: when, and the prefix `[0, to]` or suffix `[from, ∞)` they cleared. */
  private readonly eraseAt: number[] = [];
  private readonly erasePrefixTo: number[] = [];
  private readonly eraseSuffixFrom: number[] = [];

  constructor(private readonly max: number) {
    this.code = new Uint16Array(max);
    this.stamp = new Uint32Array(max);
    this.style = new Array<AnsiStyle>(max).fill(PLAIN);
  }

  /** Starts a new line of at most `limit` columns (at most the grid's own). */
  begin(limit: number): void {
    this.limit = Math.min(this.max, limit);
    if (this.clock > CLOCK_LIMIT) {
      this.stamp.fill(0);
      this.clock = 0;
    }
    this.lineStart = this.clock;
    this.cursor = 0;
    this.top = 0;
    this.cut = false;
    this.eraseAt.length = 0;
    this.erasePrefixTo.length = 0;
    this.eraseSuffixFrom.length = 0;
  }

  /** Writes one UTF-16 code unit at the cursor, unless the cursor is at the column cap. */
  write(c: number, style: AnsiStyle): void {
    if (this.cursor >= this.limit) {
      this.cut = true;
      return;
    }
    this.code[this.cursor] = c;
    this.stamp[this.cursor] = ++this.clock;
    this.style[this.cursor] = style;
    this.cursor++;
    if (this.cursor > this.top) this.top = this.cursor;
  }

  /** Moves the cursor to a column, clamped to the line. */
  moveTo(column: number): void {
    this.cursor = Math.min(this.limit, Math.max(0, column));
  }

  get column(): number {
    return this.cursor;
  }

  /** Erases in line: 0 from the cursor to the end, 1 from the start to the cursor, 2 all of it. */
  erase(mode: number): void {
    if (mode !== 0 && mode !== 1 && mode !== 2) return;
    this.eraseAt.push(++this.clock);
    this.erasePrefixTo.push(mode === 0 ? -1 : mode === 1 ? this.cursor : this.limit);
    this.eraseSuffixFrom.push(mode === 1 ? this.limit : mode === 0 ? this.cursor : 0);
  }

  /** What the line shows: text, spans (at most `maxSpans`), and whether writes fell past the cap. */
  finish(maxSpans: number): CellText {
    const n = this.eraseAt.length;
    // For the erases from k on: the widest prefix and the earliest suffix they cleared.
    const prefixTo = n ? new Int32Array(n + 1).fill(-1) : undefined;
    const suffixFrom = n ? new Int32Array(n + 1).fill(this.limit) : undefined;
    for (let k = n - 1; k >= 0; k--) {
      prefixTo![k] = Math.max(prefixTo![k + 1], this.erasePrefixTo[k]);
      suffixFrom![k] = Math.min(suffixFrom![k + 1], this.eraseSuffixFrom[k]);
    }
    let len = this.top;
    while (len > 0 && !this.shown(len - 1, prefixTo, suffixFrom)) len--;
    const codes = new Uint16Array(len);
    const styles: AnsiStyle[] = new Array<AnsiStyle>(len);
    for (let i = 0; i < len; i++) {
      if (this.shown(i, prefixTo, suffixFrom)) {
        codes[i] = this.code[i];
        styles[i] = this.style[i];
      } else {
        codes[i] = 0x20;
        styles[i] = PLAIN;
      }
    }
    const spans: CellText['spans'] = [];
    for (let i = 0; i < len && spans.length < maxSpans;) {
      const style = styles[i];
      let j = i + 1;
      while (j < len && styles[j] === style) j++;
      if (!isPlain(style)) spans.push({ start: i, end: j, style });
      i = j;
    }
    let text = '';
    for (let i = 0; i < len; i += 8192) text += String.fromCharCode(...codes.subarray(i, i + 8192));
    return { text, spans, cut: this.cut };
  }

  /** Whether cell `i` was written on this line and no later erase covered it. */
  private shown(i: number, prefixTo?: Int32Array, suffixFrom?: Int32Array): boolean {
    const at = this.stamp[i];
    if (at <= this.lineStart) return false;
    if (!prefixTo || !suffixFrom) return true;
    // The first erase after the write (erases are in clock order).
    let lo = 0;
    let hi = this.eraseAt.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.eraseAt[mid] > at) hi = mid;
      else lo = mid + 1;
    }
    return !(prefixTo[lo] >= i || suffixFrom[lo] <= i);
  }
}
