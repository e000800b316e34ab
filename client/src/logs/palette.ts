// Which editor decorations draw a log's colours, bounded whatever the log holds. Each decoration type is
// one property (a foreground colour, a background colour, bold, italic, dim, a text line), and a span
// gets one decoration per property it has: VS Code draws overlapping decorations together. So the types
// grow with the colours, not with their combinations. The first EXACT_COLOURS distinct RGB colours are
// drawn exactly; later ones are drawn with the nearest entry of the xterm 256-colour palette, so at most
// MAX_DECORATION_TYPES types ever exist for a log viewer (a log with 700,000 distinct colours once made
// 700,000 types, and took the renderer to 7 GB). One pass decorates at most MAX_RANGES_PER_PASS ranges,
// MAX_RANGES_PER_LINE per line, the visible lines first. No `vscode` here.
import { styleKey, type AnsiColor, type AnsiStyle, type StyleSpan } from './ansi';

/** Distinct RGB colours drawn exactly; past this, colours are drawn with the xterm palette. */
export const EXACT_COLOURS = 256;
/**
 * Ranges given to the editor per pass at most: a window shows about 60 lines of 200 characters, so
 * never more than 12,000 runs of colour at once.
 */
export const MAX_RANGES_PER_PASS = 12_000;
/**
 * Ranges of one line at most (its first spans: a screen shows the start of a line), so the visible
 * lines of a window get their colours before the pass runs out.
 */
export const MAX_RANGES_PER_LINE = 200;
/** Lines decorated above and below the visible ones, so scrolling shows colour before the refresh. */
export const MARGIN = 300;

/** A colour as a decoration draws it: a theme colour id, or a hex value. */
export type PaintColor = { theme: string } | { hex: string };

/** One decoration type: one property of a style. */
export interface Part {
  key: string;
  color?: PaintColor;
  backgroundColor?: PaintColor;
  fontWeight?: 'bold';
  fontStyle?: 'italic';
  opacity?: string;
  textDecoration?: string;
}

const ANSI_NAMES = [
  'Black',
  'Red',
  'Green',
  'Yellow',
  'Blue',
  'Magenta',
  'Cyan',
  'White',
  'BrightBlack',
  'BrightRed',
  'BrightGreen',
  'BrightYellow',
  'BrightBlue',
  'BrightMagenta',
  'BrightCyan',
  'BrightWhite',
];
/** The xterm palette above the 16 theme colours: the 6x6x6 cube and 24 greys. */
const PALETTE_SIZE = 240;
/** Per side (fg, bg): 16 theme colours, the editor's own colour (inverse), exact ones, palette ones. */
const COLOURS_PER_SIDE = 16 + 1 + EXACT_COLOURS + PALETTE_SIZE;
/** bold, italic, dim, underline, line-through, both lines. */
const ATTRIBUTE_TYPES = 6;
/** Decoration types a viewer ever creates, whatever the logs it shows. */
export const MAX_DECORATION_TYPES = 2 * COLOURS_PER_SIDE + ATTRIBUTE_TYPES;

const CUBE = [0, 95, 135, 175, 215, 255];
/** Style objects whose parts are remembered before the table starts over. */
const MAX_REMEMBERED = 4096;
function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

function nearestLevel(v: number): number {
  let best = 0;
  for (let i = 1; i < CUBE.length; i++) if (Math.abs(CUBE[i] - v) < Math.abs(CUBE[best] - v)) best = i;
  return CUBE[best];
}

/** The xterm 256-colour entry (cube or grey ramp) nearest to `#rrggbb`. */
export function quantize(hex: string): string {
  const r = parseInt(hex.slice(1, 3), 16);
  const g = parseInt(hex.slice(3, 5), 16);
  const b = parseInt(hex.slice(5, 7), 16);
  const [cr, cg, cb] = [nearestLevel(r), nearestLevel(g), nearestLevel(b)];
  const grey = 8 + 10 * Math.min(23, Math.max(0, Math.round(((r + g + b) / 3 - 8) / 10)));
  const cubeDist = (cr - r) ** 2 + (cg - g) ** 2 + (cb - b) ** 2;
  const greyDist = (grey - r) ** 2 + (grey - g) ** 2 + (grey - b) ** 2;
  return cubeDist <= greyDist
    ? `#${hex2(cr)}${hex2(cg)}${hex2(cb)}`
    : `#${hex2(grey)}${hex2(grey)}${hex2(grey)}`;
}

/** The decoration parts of styles, with the bound on distinct colours. One per log viewer. */
export class Palette {
  private readonly exact = new Set<string>();
  private readonly parts = new Map<string, Part>();
  private readonly fgParts = new Map<string, Part>();
  private readonly bgParts = new Map<string, Part>();
  /** Nearest palette colour per colour seen past the exact ones (bounded). */
  private readonly quantized = new Map<string, string>();
  /**
   * Answers per style object (the parser shares equal styles), strongly held and bounded: a table of
   * weak keys with hundreds of thousands of entries costs the garbage collector more than it saves.
   */
  private readonly bySpanStyle = new Map<AnsiStyle, { parts: Part[]; key?: string }>();

  /** styleKey, remembered per style object. */
  keyOf(style: AnsiStyle): string {
    const e = this.entry(style);
    return (e.key ??= styleKey(style));
  }

  /** Decoration types handed out so far (never more than MAX_DECORATION_TYPES). */
  get typeCount(): number {
    return this.parts.size;
  }

  /** The parts that draw a style (none for a plain one). Equal style objects share the answer. */
  partsOf(style: AnsiStyle): Part[] {
    return this.entry(style).parts;
  }

  private entry(style: AnsiStyle): { parts: Part[]; key?: string } {
    let known = this.bySpanStyle.get(style);
    if (!known) {
      if (this.bySpanStyle.size >= MAX_REMEMBERED) this.bySpanStyle.clear();
      this.bySpanStyle.set(style, (known = { parts: this.compute(style) }));
    }
    return known;
  }

  private compute(style: AnsiStyle): Part[] {
    let fg = this.colour(style.fg);
    let bg = this.colour(style.bg);
    if (style.inverse) [fg, bg] = [bg ?? 'editor.background', fg ?? 'editor.foreground'];
    const out: Part[] = [];
    if (fg) out.push(this.sidePart(this.fgParts, 'fg', fg));
    if (bg) out.push(this.sidePart(this.bgParts, 'bg', bg));
    if (style.bold) out.push(this.part('bold', 'fontWeight', 'bold'));
    if (style.italic) out.push(this.part('italic', 'fontStyle', 'italic'));
    if (style.dim) out.push(this.part('dim', 'opacity', '0.65'));
    const lines = style.underline
      ? style.strike
        ? 'underline line-through'
        : 'underline'
      : style.strike
        ? 'line-through'
        : '';
    if (lines) out.push(this.part(`line:${lines}`, 'textDecoration', lines));
    return out;
  }

  /** A colour as a theme colour id or `#rrggbb`, exact while the budget lasts. */
  private colour(c: AnsiColor | undefined): string | undefined {
    if (c === undefined) return undefined;
    if (c.kind === 'ansi') return `terminal.ansi${ANSI_NAMES[c.index] ?? 'White'}`;
    if (this.exact.has(c.hex)) return c.hex;
    if (this.exact.size < EXACT_COLOURS) {
      this.exact.add(c.hex);
      return c.hex;
    }
    let q = this.quantized.get(c.hex);
    if (q === undefined) {
      if (this.quantized.size >= MAX_REMEMBERED) this.quantized.clear();
      this.quantized.set(c.hex, (q = quantize(c.hex)));
    }
    return q;
  }

  /** The part of a colour on one side, found by the colour alone (no key built per call). */
  private sidePart(table: Map<string, Part>, side: 'fg' | 'bg', colour: string): Part {
    let p = table.get(colour);
    if (!p)
      table.set(
        colour,
        (p = this.part(`${side}:${colour}`, side === 'fg' ? 'color' : 'backgroundColor', colour)),
      );
    return p;
  }

  private part(key: string, prop: Exclude<keyof Part, 'key'>, value: string): Part {
    let p = this.parts.get(key);
    if (!p) {
      p = { key };
      if (prop === 'color' || prop === 'backgroundColor')
        p[prop] = value.startsWith('#') ? { hex: value } : { theme: value };
      else if (prop === 'fontWeight') p.fontWeight = 'bold';
      else if (prop === 'fontStyle') p.fontStyle = 'italic';
      else p[prop] = value;
      this.parts.set(key, p);
    }
    return p;
  }
}

/** What a pass reads from the log: lines by document line. */
export interface LineSource {
  toAbsLine(docLine: number): number | undefined;
  line(abs: number): { spans: readonly StyleSpan[] } | undefined;
}

/** A range in document coordinates: line, start and end character. */
export type Cell = readonly [line: number, start: number, end: number];

export interface PassPlan {
  /** Ranges per decoration type. */
  byPart: Map<string, { part: Part; ranges: Cell[] }>;
  /** Ranges per style (by styleKey), as the reader sees them: for tests. */
  byStyle: Map<string, Cell[]>;
  /** Ranges handed out (each range of each part). */
  ranges: number;
  /** Whether the pass stopped at the range limit before every line was decorated. */
  truncated: boolean;
}

/**
 * The lines of one pass in the order they are decorated: the visible ones, then outwards from them up
 * to MARGIN lines, nearest first, each line once.
 */
export function passLines(visible: readonly { start: number; end: number }[], lineCount: number): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  const add = (l: number) => {
    if (l >= 0 && l < lineCount && !seen.has(l)) {
      seen.add(l);
      out.push(l);
    }
  };
  for (const v of visible) for (let l = v.start; l <= v.end && l < lineCount; l++) add(l);
  for (let d = 1; d <= MARGIN; d++) {
    for (const v of visible) {
      add(v.end + d);
      add(v.start - d);
    }
  }
  return out;
}

/** The decorations of one pass over the visible part of a log. */
export function planPass(
  source: LineSource,
  visible: readonly { start: number; end: number }[],
  lineCount: number,
  palette: Palette,
  maxRanges = MAX_RANGES_PER_PASS,
): PassPlan {
  const plan: PassPlan = { byPart: new Map(), byStyle: new Map(), ranges: 0, truncated: false };
  for (const docLine of passLines(visible, lineCount)) {
    const abs = source.toAbsLine(docLine);
    const line = abs === undefined ? undefined : source.line(abs);
    if (!line) continue;
    let inLine = 0;
    for (const span of line.spans) {
      const parts = palette.partsOf(span.style);
      if (plan.ranges + parts.length > maxRanges) {
        plan.truncated = true;
        return plan;
      }
      inLine += parts.length;
      if (inLine > MAX_RANGES_PER_LINE) {
        plan.truncated = true;
        break;
      }
      const cell: Cell = [docLine, span.start, span.end];
      for (const part of parts) {
        let entry = plan.byPart.get(part.key);
        if (!entry) plan.byPart.set(part.key, (entry = { part, ranges: [] }));
        entry.ranges.push(cell);
      }
      plan.ranges += parts.length;
      const key = palette.keyOf(span.style);
      let cells = plan.byStyle.get(key);
      if (!cells) plan.byStyle.set(key, (cells = []));
      cells.push(cell);
    }
  }
  return plan;
}
