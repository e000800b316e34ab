// SGR (Select Graphic Rendition) escape parameters as text styles: colours, bold, italic, underline, dim,
// inverse, strike. The parameter list is capped, values are clamped while they are read, and equal styles
// reached by the same codes are shared objects, so the usual log of a few colours costs a lookup per code
// and a run of equal styles is one span. No `vscode` here.

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

/** Parameters of one sequence read at most: xterm keeps 30; nothing real needs more than `38;2;r;g;b` twice. */
export const MAX_SGR_PARAMS = 32;
/** A parameter is clamped here while it is read, so `ESC[99999999999G` never becomes a huge number. */
export const MAX_PARAM_VALUE = 999_999;

/** A stable name for a style, so equal styles share one editor decoration. */
export function styleKey(s: AnsiStyle): string {
  return (
    `${colorKey(s.fg)}|${colorKey(s.bg)}|${s.bold ? 'b' : ''}|${s.dim ? 'd' : ''}|${s.italic ? 'i' : ''}|` +
    `${s.underline ? 'u' : ''}|${s.inverse ? 'v' : ''}|${s.strike ? 's' : ''}`
  );
}

// Hot paths here and in the parser avoid closures made per call: they cost per line.
function colorKey(x: AnsiColor | undefined): string {
  return x === undefined ? '' : x.kind === 'ansi' ? String(x.index) : x.hex;
}

export function isPlain(s: AnsiStyle): boolean {
  // applySgr deletes the keys it unsets, so a plain style has none.
  for (const _ in s) return false;
  return true;
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

function level(n: number): number {
  return n === 0 ? 0 : 55 + n * 40;
}

function isByte(v: number | undefined): v is number {
  return v !== undefined && v >= 0 && v <= 255;
}

/** The RGB value of a 256-colour palette entry above 15 (the 6x6x6 cube, then the grey ramp). */
export function xterm256(index: number): string {
  if (index >= 232) {
    const v = 8 + (index - 232) * 10;
    return `#${hex2(v)}${hex2(v)}${hex2(v)}`;
  }
  const i = index - 16;
  return `#${hex2(level(Math.floor(i / 36)))}${hex2(level(Math.floor(i / 6) % 6))}${hex2(level(i % 6))}`;
}

function extendedColor(params: readonly number[], i: number): { color?: AnsiColor; next: number } {
  const mode = params[i + 1];
  if (mode === 5) {
    const n = params[i + 2];
    if (n === undefined || n < 0 || n > 255) return { next: i + 2 };
    return { color: n < 16 ? { kind: 'ansi', index: n } : { kind: 'rgb', hex: xterm256(n) }, next: i + 2 };
  }
  if (mode === 2) {
    const r = params[i + 2];
    const g = params[i + 3];
    const b = params[i + 4];
    if (!isByte(r) || !isByte(g) || !isByte(b)) return { next: i + 4 };
    return { color: { kind: 'rgb', hex: `#${hex2(r)}${hex2(g)}${hex2(b)}` }, next: i + 4 };
  }
  return { next: i + 1 };
}

/** Applies one SGR parameter list to a style; returns the new style (styles are never mutated). */
export function applySgr(style: AnsiStyle, params: readonly number[]): AnsiStyle {
  let { fg, bg, bold, dim, italic, underline, inverse, strike } = style;
  const n = params.length === 0 ? 1 : Math.min(params.length, MAX_SGR_PARAMS);
  for (let i = 0; i < n; i++) {
    const p = params.length === 0 ? 0 : params[i];
    if (p === 0) fg = bg = bold = dim = italic = underline = inverse = strike = undefined;
    else if (p === 1) bold = true;
    else if (p === 2) dim = true;
    else if (p === 3) italic = true;
    else if (p === 4) underline = true;
    else if (p === 7) inverse = true;
    else if (p === 9) strike = true;
    else if (p === 21 || p === 22) bold = dim = undefined;
    else if (p === 23) italic = undefined;
    else if (p === 24) underline = undefined;
    else if (p === 27) inverse = undefined;
    else if (p === 29) strike = undefined;
    else if (p >= 30 && p <= 37) fg = { kind: 'ansi', index: p - 30 };
    else if (p >= 90 && p <= 97) fg = { kind: 'ansi', index: p - 90 + 8 };
    else if (p === 39) fg = undefined;
    else if (p >= 40 && p <= 47) bg = { kind: 'ansi', index: p - 40 };
    else if (p >= 100 && p <= 107) bg = { kind: 'ansi', index: p - 100 + 8 };
    else if (p === 49) bg = undefined;
    else if (p === 38 || p === 48) {
      const { color, next } = extendedColor(params, i);
      if (p === 38) fg = color ?? fg;
      else bg = color ?? bg;
      i = next;
    }
  }
  // Only the keys that are set, so a plain style has none (isPlain).
  const s: AnsiStyle = {};
  if (fg) s.fg = fg;
  if (bg) s.bg = bg;
  if (bold) s.bold = true;
  if (dim) s.dim = true;
  if (italic) s.italic = true;
  if (underline) s.underline = true;
  if (inverse) s.inverse = true;
  if (strike) s.strike = true;
  return s;
}

/**
 * `1;38;5;208` as numbers (empty ones are 0), at most MAX_SGR_PARAMS of them, each clamped to
 * MAX_PARAM_VALUE; undefined for private (`?25`) or malformed lists. Reads the text once.
 */
export function parseParams(text: string): number[] | undefined {
  const out: number[] = [];
  let n = 0;
  let digits = false;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c >= 0x30 && c <= 0x39) {
      n = Math.min(MAX_PARAM_VALUE, n * 10 + (c - 0x30));
      digits = true;
    } else if (c === 0x3b || c === 0x3a) {
      if (out.length < MAX_SGR_PARAMS) out.push(n);
      n = 0;
      digits = false;
    } else return undefined;
  }
  if ((digits || out.length) && out.length < MAX_SGR_PARAMS) out.push(n);
  return out;
}

function sameColor(a: AnsiColor | undefined, b: AnsiColor | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.kind === 'ansi' ? b.kind === 'ansi' && a.index === b.index : b.kind === 'rgb' && a.hex === b.hex;
}

/** Whether two styles draw the same. */
export function sameStyle(a: AnsiStyle, b: AnsiStyle): boolean {
  return (
    sameColor(a.fg, b.fg) &&
    sameColor(a.bg, b.bg) &&
    !a.bold === !b.bold &&
    !a.dim === !b.dim &&
    !a.italic === !b.italic &&
    !a.underline === !b.underline &&
    !a.inverse === !b.inverse &&
    !a.strike === !b.strike
  );
}

/** Transitions remembered per log before the table starts over. */
const MAX_TRANSITIONS = 4096;

/**
 * Remembers what a parameter text does to a style, so the common case (the same few colour codes over
 * and over) costs two map lookups and yields the same style object each time: equal runs then merge
 * into one span by identity. Bounded: once MAX_TRANSITIONS are known nothing more is added (a log of a
 * million distinct colours then costs what it cost without a table), and what is known stays.
 */
export class SgrCache {
  private readonly rows = new Map<AnsiStyle, Map<string, AnsiStyle>>();
  /** One object per distinct style, so chains of codes come back to the styles the table knows. */
  private readonly styles = new Map<string, AnsiStyle>();
  private count = 0;

  /** The style after `ESC[<paramText>m` on `from`; undefined when the parameter text is malformed. */
  apply(from: AnsiStyle, paramText: string): AnsiStyle | undefined {
    const row = this.rows.get(from);
    const cached = row?.get(paramText);
    if (cached) return cached;
    const params = parseParams(paramText);
    if (params === undefined) return undefined;
    const to = applySgr(from, params);
    // Setting the colour a run already has continues the run.
    if (sameStyle(to, from)) return from;
    // Long parameter texts are junk or attacks: not worth remembering.
    if (this.count >= MAX_TRANSITIONS || paramText.length > 64) return to;
    const key = styleKey(to);
    let canonical = this.styles.get(key);
    if (!canonical) this.styles.set(key, (canonical = to));
    if (row) row.set(paramText, canonical);
    else this.rows.set(from, new Map([[paramText, canonical]]));
    this.count++;
    return canonical;
  }
}
