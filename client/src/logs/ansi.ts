// ANSI escape codes in build output: SGR (colours, bold, italic, underline, dim, inverse, strike) becomes
// style spans over the plain text; every other control sequence (cursor moves, OSC titles and links,
// charset switches) is dropped so it never shows as garbage. A `\r` inside a line moves the cursor back to
// column 0, so a progress bar that redraws itself shows its last state only. SGR state carries over from
// one line to the next, as it does in a terminal. No `vscode` here.

/** A colour: one of the 16 theme colours (`ansi` 0-15), or an exact RGB value (256-colour and truecolor). */
export type AnsiColor = { kind: 'ansi'; index: number } | { kind: 'rgb'; hex: string };

export interface AnsiStyle {
  fg?: AnsiColor;
  bg?: AnsiColor;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
  strike?: boolean;
}

/** A run of plain text with one style; `start`/`end` are UTF-16 offsets into the plain line. */
export interface StyleSpan {
  start: number;
  end: number;
  style: AnsiStyle;
}

export interface ParsedLine {
  text: string;
  spans: StyleSpan[];
}

/** A stable name for a style, so equal styles share one editor decoration. */
export function styleKey(s: AnsiStyle): string {
  const c = (x: AnsiColor | undefined) =>
    x === undefined ? '' : x.kind === 'ansi' ? String(x.index) : x.hex;
  return [
    c(s.fg),
    c(s.bg),
    s.bold ? 'b' : '',
    s.dim ? 'd' : '',
    s.italic ? 'i' : '',
    s.underline ? 'u' : '',
    s.inverse ? 'v' : '',
    s.strike ? 's' : '',
  ].join('|');
}

function isPlain(s: AnsiStyle): boolean {
  // applySgr deletes the keys it unsets, so a plain style has none.
  for (const _ in s) return false;
  return true;
}

/** The RGB value of a 256-colour palette entry above 15 (the 6x6x6 cube, then the grey ramp). */
export function xterm256(index: number): string {
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  if (index >= 232) {
    const v = 8 + (index - 232) * 10;
    return `#${hex(v)}${hex(v)}${hex(v)}`;
  }
  const i = index - 16;
  const level = (n: number) => (n === 0 ? 0 : 55 + n * 40);
  return `#${hex(level(Math.floor(i / 36)))}${hex(level(Math.floor(i / 6) % 6))}${hex(level(i % 6))}`;
}

function extendedColor(params: number[], i: number): { color?: AnsiColor; next: number } {
  const mode = params[i + 1];
  if (mode === 5) {
    const n = params[i + 2];
    if (n === undefined || n < 0 || n > 255) return { next: i + 2 };
    return { color: n < 16 ? { kind: 'ansi', index: n } : { kind: 'rgb', hex: xterm256(n) }, next: i + 2 };
  }
  if (mode === 2) {
    const [r, g, b] = [params[i + 2], params[i + 3], params[i + 4]];
    if ([r, g, b].some((v) => v === undefined || v < 0 || v > 255)) return { next: i + 4 };
    const hex = (n: number) => n.toString(16).padStart(2, '0');
    return { color: { kind: 'rgb', hex: `#${hex(r)}${hex(g)}${hex(b)}` }, next: i + 4 };
  }
  return { next: i + 1 };
}

/** Applies one SGR parameter list to a style; returns the new style (styles are never mutated). */
export function applySgr(style: AnsiStyle, params: number[]): AnsiStyle {
  let s: AnsiStyle = { ...style };
  if (params.length === 0) params = [0];
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p === 0) s = {};
    else if (p === 1) s.bold = true;
    else if (p === 2) s.dim = true;
    else if (p === 3) s.italic = true;
    else if (p === 4) s.underline = true;
    else if (p === 7) s.inverse = true;
    else if (p === 9) s.strike = true;
    else if (p === 21 || p === 22) s.bold = s.dim = undefined;
    else if (p === 23) s.italic = undefined;
    else if (p === 24) s.underline = undefined;
    else if (p === 27) s.inverse = undefined;
    else if (p === 29) s.strike = undefined;
    else if (p >= 30 && p <= 37) s.fg = { kind: 'ansi', index: p - 30 };
    else if (p >= 90 && p <= 97) s.fg = { kind: 'ansi', index: p - 90 + 8 };
    else if (p === 39) s.fg = undefined;
    else if (p >= 40 && p <= 47) s.bg = { kind: 'ansi', index: p - 40 };
    else if (p >= 100 && p <= 107) s.bg = { kind: 'ansi', index: p - 100 + 8 };
    else if (p === 49) s.bg = undefined;
    else if (p === 38 || p === 48) {
      const { color, next } = extendedColor(params, i);
      if (p === 38) s.fg = color ?? s.fg;
      else s.bg = color ?? s.bg;
      i = next;
    }
  }
  for (const k of Object.keys(s) as (keyof AnsiStyle)[]) if (s[k] === undefined) delete s[k];
  return s;
}

const ESC = '\x1b';

/** `1;38;5;208` as numbers (empty ones are 0); undefined for private (`?25`) or malformed lists. */
function parseParams(text: string): number[] | undefined {
  const out: number[] = [];
  let n = 0;
  let digits = false;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c >= 0x30 && c <= 0x39) {
      n = n * 10 + (c - 0x30);
      digits = true;
    } else if (c === 0x3b || c === 0x3a) {
      out.push(n);
      n = 0;
      digits = false;
    } else return undefined;
  }
  if (digits || out.length) out.push(n);
  return out;
}

/** Whether a line holds a control character other than tab (checked by code: cheaper than a regex). */
function hasControl(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
  }
  return false;
}

/**
 * Turns raw lines into plain text and spans. Keep one parser per log: the style at the end of a line is
 * where the next line starts.
 */
export class AnsiParser {
  private style: AnsiStyle = {};
  /** The cursor or erase operation of the escape sequence just read, if it was one. */
  private op: 'eraseLine' | 'column' | 'back' | undefined;
  private opArg = 0;

  private setOp(op: 'eraseLine' | 'column' | 'back', arg: number): void {
    this.op = op;
    this.opArg = arg;
  }

  /** Parses one line (without its `\n`). */
  parseLine(raw: string): ParsedLine {
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    // The common case: nothing to interpret.
    if (!raw.includes(ESC) && !raw.includes('\r') && !hasControl(raw)) {
      return {
        text: raw,
        spans: isPlain(this.style) ? [] : [{ start: 0, end: raw.length, style: this.style }],
      };
    }
    // Colour codes only (most coloured output): one pass, no cell grid.
    if (!raw.includes('\r') && !raw.includes('\b')) {
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
    let text = '';
    const spans: StyleSpan[] = [];
    let runStart = 0;
    let plainFrom = 0;
    for (let i = 0; i < raw.length; i++) {
      const code = raw.charCodeAt(i);
      if (code >= 0x20 && code !== 0x7f) continue;
      if (code === 0x09) continue;
      text += raw.slice(plainFrom, i);
      if (code === 0x1b) {
        runStart = this.closeRun(spans, runStart, text.length);
        i = this.escape(raw, i);
        if (this.op !== undefined) {
          this.style = start;
          return undefined;
        }
      }
      plainFrom = i + 1;
    }
    text += raw.slice(plainFrom);
    this.closeRun(spans, runStart, text.length);
    return { text, spans };
  }

  /** Ends the run of the current style at `end`; returns where the next run starts. */
  private closeRun(spans: StyleSpan[], runStart: number, end: number): number {
    if (end > runStart && !isPlain(this.style)) {
      const last = spans[spans.length - 1];
      if (last && last.end === runStart && last.style === this.style) last.end = end;
      else spans.push({ start: runStart, end, style: this.style });
    }
    return end;
  }

  /** A terminal line, cell by cell: needed once `\r` or erase sequences can overwrite text. */
  private interpret(raw: string): ParsedLine {
    const chars: string[] = [];
    const styles: AnsiStyle[] = [];
    let cursor = 0;
    const put = (ch: string) => {
      chars[cursor] = ch;
      styles[cursor] = this.style;
      cursor++;
    };
    for (let i = 0; i < raw.length; i++) {
      const ch = raw[i];
      if (ch === ESC) {
        i = this.escape(raw, i);
        const kind = this.op;
        const n = this.opArg;
        {
          if (kind === 'eraseLine') {
            if (n === 0) {
              chars.length = Math.min(chars.length, cursor);
              styles.length = chars.length;
            } else if (n === 2) {
              chars.length = 0;
              styles.length = 0;
            }
          } else if (kind === 'column') {
            cursor = Math.max(0, n);
          } else if (kind === 'back') {
            cursor = Math.max(0, cursor - n);
          }
        }
        continue;
      }
      if (ch === '\r') {
        cursor = 0;
        continue;
      }
      if (ch === '\b') {
        cursor = Math.max(0, cursor - 1);
        continue;
      }
      if (ch === '\t') {
        put(ch);
        continue;
      }
      const code = ch.charCodeAt(0);
      if (code < 0x20 || code === 0x7f) continue;
      put(ch);
    }
    // Cursor moves can leave holes; a terminal shows them as blanks.
    for (let i = 0; i < chars.length; i++) {
      if (chars[i] === undefined) {
        chars[i] = ' ';
        styles[i] = {};
      }
    }
    const spans: StyleSpan[] = [];
    for (let i = 0; i < chars.length;) {
      const style = styles[i];
      const key = styleKey(style);
      let j = i + 1;
      while (j < chars.length && (styles[j] === style || styleKey(styles[j]) === key)) j++;
      if (!isPlain(style)) spans.push({ start: i, end: j, style });
      i = j;
    }
    return { text: chars.join(''), spans };
  }

  /** Reads one escape sequence starting at `raw[i]`; returns the index of its last character. */
  private escape(raw: string, i: number): number {
    this.op = undefined;
    const next = raw[i + 1];
    if (next === '[') {
      // CSI: parameter bytes 0x30-0x3F, intermediate bytes 0x20-0x2F, one final byte 0x40-0x7E.
      let j = i + 2;
      while (j < raw.length && raw.charCodeAt(j) >= 0x30 && raw.charCodeAt(j) <= 0x3f) j++;
      const paramText = raw.slice(i + 2, j);
      while (j < raw.length && raw.charCodeAt(j) >= 0x20 && raw.charCodeAt(j) <= 0x2f) j++;
      if (j >= raw.length) return raw.length - 1;
      const final = raw[j];
      const params = parseParams(paramText);
      if (final === 'm' && params !== undefined) {
        this.style = applySgr(this.style, params);
      } else if (final === 'K') this.setOp('eraseLine', params?.[0] ?? 0);
      else if (final === 'G') this.setOp('column', (params?.[0] ?? 1) - 1);
      else if (final === 'D') this.setOp('back', params?.[0] ?? 1);
      return j;
    }
    if (next === ']' || next === 'P' || next === '_' || next === '^') {
      // OSC, DCS, APC, PM: a string ended by BEL or ESC \ (an OSC 8 link keeps its visible text).
      for (let j = i + 2; j < raw.length; j++) {
        if (raw[j] === '\x07') return j;
        if (raw[j] === ESC && raw[j + 1] === '\\') return j + 1;
      }
      return raw.length - 1;
    }
    if (next === '(' || next === ')' || next === '#' || next === '%') return Math.min(raw.length - 1, i + 2);
    return Math.min(raw.length - 1, i + 1);
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
