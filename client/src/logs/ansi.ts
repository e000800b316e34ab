// ANSI escape codes in build output: SGR (colours, bold, italic, underline, dim, inverse, strike) becomes
// style spans over the plain text; every other control sequence (cursor moves, OSC titles and links,
// charset switches) is dropped so it never shows as garbage. A `\r` inside a line moves the cursor back to
// column 0, so a progress bar that redraws itself shows its last state only. SGR state carries over from
// one line to the next, as it does in a terminal. Invisible and bidi characters become visible markers
// (see invisible.ts). No `vscode` here.
//
// Whoever can push to a repository writes its build log, so every step is bounded by the line it reads:
// the cursor never goes past `maxColumns` (`ESC[100000000G` once filled an array to that column), the
// text of a line stops at `maxColumns` (the rest is still read for colour codes, so the style carried to
// the next line is right), a line has at most `maxSpans` spans, SGR lists and numbers are capped (sgr.ts),
// and an OSC/DCS string ends after MAX_STRING characters or at any ESC. Each line is read at most twice.
import { CellLine } from './cells';
import { invisibleMarker, markedLength } from './invisible';
import { isPlain, parseParams, SgrCache, type AnsiStyle } from './sgr';

export { applySgr, styleKey, xterm256, type AnsiColor, type AnsiStyle } from './sgr';

/** A line's text is cut here (the model's line cap), and no cursor move goes further. */
export const MAX_COLUMNS = 20_000;
/** Colour spans of one line: past this the rest of the line is drawn without colour. */
export const MAX_SPANS_PER_LINE = 1000;
/** OSC/DCS/APC/PM payload read at most (an OSC 8 link to a signed URL fits); past it the text shows again. */
export const MAX_STRING = 4096;

/** A run of plain text with one style; `start`/`end` are UTF-16 offsets into the plain line. */
export interface StyleSpan {
  start: number;
  end: number;
  style: AnsiStyle;
}

export interface ParsedLine {
  text: string;
  spans: StyleSpan[];
  /** Set when the line had more text than `maxColumns` (the text stops there). */
  cut?: boolean;
}

export interface ParserLimits {
  maxColumns: number;
  maxSpans: number;
}

/** Columns a cursor move can reach in any line, however short (a terminal's width). */
const MOVE_ROOM = 80;
const ESC = 0x1b;
const CR = 0x0d;
const BS = 0x08;

/** BEL (outside OSC), SO and SI: a terminal acts on them and draws nothing, and so do we. */
function isSilent(c: number): boolean {
  return c === 0x07 || c === 0x0e || c === 0x0f;
}

type CursorOp = 'eraseLine' | 'column' | 'back' | 'forward';

/**
 * Turns raw lines into plain text and spans. Keep one parser per log: the style at the end of a line is
 * where the next line starts.
 */
export class AnsiParser {
  private style: AnsiStyle = {};
  private readonly styles = new SgrCache();
  private readonly limits: ParserLimits;
  /** The cursor or erase operation of the escape sequence just read, if it was one. */
  private op: CursorOp | undefined;
  private opArg = 0;
  /** The line being built and whether it was cut (fields, not closures: they cost per line). */
  private text = '';
  private cut = false;
  /** The cell grid, made on the first line that needs it. */
  private cells: CellLine | undefined;

  constructor(limits: Partial<ParserLimits> = {}) {
    this.limits = {
      maxColumns: limits.maxColumns ?? MAX_COLUMNS,
      maxSpans: limits.maxSpans ?? MAX_SPANS_PER_LINE,
    };
  }

  /** Parses one line (without its `\n`). */
  parseLine(raw: string): ParsedLine {
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    // Most lines, coloured or not, are read in one pass; `\r`, backspace and cursor moves need cells.
    if (raw.indexOf('\r') < 0 && raw.indexOf('\b') < 0) {
      const linear = this.linear(raw);
      if (linear) return linear;
    }
    return this.interpret(raw);
  }

  /**
   * Text and SGR/OSC codes in order, nothing that moves the cursor; undefined (with the style left as
   * it was) when a cursor or erase sequence turns up, so `interpret` starts over.
   */
  private linear(raw: string): ParsedLine | undefined {
    const start = this.style;
    this.text = '';
    this.cut = false;
    const spans: StyleSpan[] = [];
    let runStart = 0;
    let plainFrom = 0;
    for (let i = 0; i < raw.length; i++) {
      const code = raw.charCodeAt(i);
      if ((code >= 0x20 && code < 0x7f) || code === 0x09) continue;
      const mark = code === ESC || isSilent(code) ? undefined : invisibleMarker(raw, i, code);
      if (code >= 0xa0 && mark === undefined) continue;
      this.emit(raw.slice(plainFrom, i));
      if (code === ESC) {
        runStart = this.closeRun(spans, runStart, this.text.length);
        i = this.escape(raw, i);
        if (this.op !== undefined) {
          this.style = start;
          return undefined;
        }
      } else if (mark !== undefined) {
        this.emit(mark);
        i += markedLength(code) - 1;
      }
      plainFrom = i + 1;
    }
    this.emit(raw.slice(plainFrom));
    this.closeRun(spans, runStart, this.text.length);
    const parsed: ParsedLine = { text: this.text, spans };
    if (this.cut) parsed.cut = true;
    this.text = '';
    return parsed;
  }

  /** Appends to the line `linear` builds, up to the column cap. */
  private emit(piece: string): void {
    const max = this.limits.maxColumns;
    if (this.text.length + piece.length <= max) this.text += piece;
    else {
      if (this.text.length < max) this.text += piece.slice(0, max - this.text.length);
      this.cut = true;
    }
  }

  /** Ends the run of the current style at `end`; returns where the next run starts. */
  private closeRun(spans: StyleSpan[], runStart: number, end: number): number {
    if (end > runStart && !isPlain(this.style)) {
      const last = spans[spans.length - 1];
      if (last && last.end === runStart && last.style === this.style) last.end = end;
      else if (spans.length < this.limits.maxSpans) spans.push({ start: runStart, end, style: this.style });
    }
    return end;
  }

  /** A terminal line, cell by cell (cells.ts): needed once `\r` or cursor moves can overwrite text. */
  private interpret(raw: string): ParsedLine {
    const cells = (this.cells ??= new CellLine(this.limits.maxColumns));
    // A cursor move widens a line to at most four times what it holds: `ESC[20000G#` is 10 characters,
    // and 16 MB of such lines would otherwise make 30 G characters of blanks to read through.
    cells.begin(MOVE_ROOM + 4 * raw.length);
    for (let i = 0; i < raw.length; i++) {
      const code = raw.charCodeAt(i);
      if (code === ESC) {
        i = this.escape(raw, i);
        const n = this.opArg;
        if (this.op === 'eraseLine') cells.erase(n);
        else if (this.op === 'column') cells.moveTo(n);
        else if (this.op === 'back') cells.moveTo(cells.column - n);
        else if (this.op === 'forward') cells.moveTo(cells.column + n);
        continue;
      }
      if (code === CR) cells.moveTo(0);
      else if (code === BS) cells.moveTo(cells.column - 1);
      else if ((code >= 0x20 && code < 0x7f) || code === 0x09) cells.write(code, this.style);
      else if (!isSilent(code)) {
        const mark = invisibleMarker(raw, i, code);
        if (mark === undefined) cells.write(code, this.style);
        else {
          for (let k = 0; k < mark.length; k++) cells.write(mark.charCodeAt(k), this.style);
          i += markedLength(code) - 1;
        }
      }
    }
    const { text, spans, cut } = cells.finish(this.limits.maxSpans);
    const parsed: ParsedLine = { text, spans };
    if (cut) parsed.cut = true;
    return parsed;
  }

  /** Reads one escape sequence starting at `raw[i]`; returns the index of its last character. */
  private escape(raw: string, i: number): number {
    this.op = undefined;
    const next = raw.charCodeAt(i + 1);
    if (next === 0x5b /* [ */) {
      // CSI: parameter bytes 0x30-0x3F, intermediate bytes 0x20-0x2F, one final byte 0x40-0x7E.
      let j = i + 2;
      while (j < raw.length && raw.charCodeAt(j) >= 0x30 && raw.charCodeAt(j) <= 0x3f) j++;
      const paramEnd = j;
      while (j < raw.length && raw.charCodeAt(j) >= 0x20 && raw.charCodeAt(j) <= 0x2f) j++;
      if (j >= raw.length) return raw.length - 1;
      const final = raw[j];
      if (final === 'm') {
        if (paramEnd === j) this.style = this.styles.apply(this.style, raw.slice(i + 2, j)) ?? this.style;
      } else if (final === 'K' || final === 'G' || final === 'D' || final === 'C') {
        this.cursorOp(final, raw.slice(i + 2, paramEnd));
      }
      return j;
    }
    if (next === 0x5d /* ] */ || next === 0x50 /* P */ || next === 0x5f /* _ */ || next === 0x5e /* ^ */) {
      // OSC, DCS, APC, PM: a string ended by BEL or ESC \ (an OSC 8 link keeps its visible text). Any
      // other ESC ends it too and starts a sequence of its own, as in xterm.
      const end = Math.min(raw.length, i + 2 + MAX_STRING);
      for (let j = i + 2; j < end; j++) {
        const c = raw.charCodeAt(j);
        if (c === 0x07) return j;
        if (c === ESC) return raw.charCodeAt(j + 1) === 0x5c ? j + 1 : j - 1;
      }
      return end - 1;
    }
    if (next === 0x28 || next === 0x29 || next === 0x23 || next === 0x25) {
      return Math.min(raw.length - 1, i + 2); // ( ) # %: charset and line-size choices
    }
    return Math.min(raw.length - 1, i + 1);
  }

  private cursorOp(final: string, paramText: string): void {
    // Numbers are clamped while read (sgr.ts); the caller clamps the cursor to the line.
    const params = parseParams(paramText);
    if (params === undefined) return;
    const n = params[0];
    if (final === 'K') this.setOp('eraseLine', n ?? 0);
    else if (final === 'G') this.setOp('column', (n || 1) - 1);
    else this.setOp(final === 'D' ? 'back' : 'forward', n || 1);
  }

  private setOp(op: CursorOp, arg: number): void {
    this.op = op;
    this.opArg = arg;
  }
}

/** The plain text of a string with escape codes, line by line (for problems and tests). */
export function stripAnsi(text: string): string {
  const parser = new AnsiParser();
  return text
    .split('\n')
    .map((l) => parser.parseLine(l).text)
    .join('\n');
}
