// ANSI colours drawn as editor decorations over the plain text. One decoration type per distinct style
// (a log uses a few dozen at most), the 16 base colours as the terminal's theme colours so they follow
// the user's theme. Only the lines on screen, plus a margin, are decorated: a 100,000-line log would
// otherwise hand the renderer hundreds of thousands of ranges on every refresh.
import * as vscode from 'vscode';
import { styleKey, type AnsiColor, type AnsiStyle } from './ansi';
import type { LogModel } from './model';

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
/** Lines decorated above and below the visible ones, so scrolling shows colour before the refresh. */
const MARGIN = 300;

function color(c: AnsiColor | undefined): string | vscode.ThemeColor | undefined {
  if (c === undefined) return undefined;
  return c.kind === 'ansi' ? new vscode.ThemeColor(`terminal.ansi${ANSI_NAMES[c.index]}`) : c.hex;
}

function renderOptions(s: AnsiStyle): vscode.DecorationRenderOptions {
  let fg = color(s.fg);
  let bg = color(s.bg);
  if (s.inverse) {
    [fg, bg] = [
      bg ?? new vscode.ThemeColor('editor.background'),
      fg ?? new vscode.ThemeColor('editor.foreground'),
    ];
  }
  const lines = [s.underline ? 'underline' : '', s.strike ? 'line-through' : ''].filter(Boolean).join(' ');
  return {
    color: fg,
    backgroundColor: bg,
    fontWeight: s.bold ? 'bold' : undefined,
    fontStyle: s.italic ? 'italic' : undefined,
    opacity: s.dim ? '0.65' : undefined,
    textDecoration: lines || undefined,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  };
}

/** What one editor shows, for the tests: ranges per style. */
export interface DecorationSnapshot {
  style: string;
  ranges: vscode.Range[];
}

export class AnsiDecorations implements vscode.Disposable {
  private readonly types = new Map<string, vscode.TextEditorDecorationType>();
  /** Per editor, the styles it was last given, so styles that scrolled away are cleared. */
  private readonly applied = new WeakMap<vscode.TextEditor, Map<string, vscode.Range[]>>();

  /** Decorates the visible part of `editor` from `model`. */
  apply(editor: vscode.TextEditor, model: LogModel): void {
    const byStyle = new Map<string, vscode.Range[]>();
    const lineCount = editor.document.lineCount;
    for (const visible of editor.visibleRanges) {
      const from = Math.max(0, visible.start.line - MARGIN);
      const to = Math.min(lineCount - 1, visible.end.line + MARGIN);
      for (let docLine = from; docLine <= to; docLine++) {
        const abs = model.toAbsLine(docLine);
        const line = abs === undefined ? undefined : model.line(abs);
        if (!line) continue;
        for (const span of line.spans) {
          const key = styleKey(span.style);
          if (!this.types.has(key)) {
            this.types.set(key, vscode.window.createTextEditorDecorationType(renderOptions(span.style)));
          }
          let ranges = byStyle.get(key);
          if (!ranges) byStyle.set(key, (ranges = []));
          ranges.push(new vscode.Range(docLine, span.start, docLine, span.end));
        }
      }
    }
    const before = this.applied.get(editor) ?? new Map<string, vscode.Range[]>();
    for (const key of before.keys()) {
      if (!byStyle.has(key)) editor.setDecorations(this.types.get(key)!, []);
    }
    for (const [key, ranges] of byStyle) editor.setDecorations(this.types.get(key)!, ranges);
    this.applied.set(editor, byStyle);
  }

  /** The decorations last applied to an editor. */
  snapshot(editor: vscode.TextEditor): DecorationSnapshot[] {
    return [...(this.applied.get(editor) ?? new Map<string, vscode.Range[]>())].map(([style, ranges]) => ({
      style,
      ranges,
    }));
  }

  dispose(): void {
    for (const t of this.types.values()) t.dispose();
    this.types.clear();
  }
}
