// ANSI colours drawn as editor decorations over the plain text. palette.ts decides which decoration types
// draw a style (one per property, a bounded number for the viewer's lifetime) and which ranges one pass
// hands out; this file turns those into VS Code decoration types, the 16 base colours as the terminal's
// theme colours so they follow the user's theme. Only the lines on screen, plus a margin, are decorated:
// a 100,000-line log would otherwise hand the renderer hundreds of thousands of ranges on every refresh.
import * as vscode from 'vscode';
import type { LogModel } from './model';
import { Palette, planPass, type Cell, type PaintColor, type Part } from './palette';

function color(c: PaintColor | undefined): string | vscode.ThemeColor | undefined {
  if (c === undefined) return undefined;
  return 'theme' in c ? new vscode.ThemeColor(c.theme) : c.hex;
}

function renderOptions(p: Part): vscode.DecorationRenderOptions {
  return {
    color: color(p.color),
    backgroundColor: color(p.backgroundColor),
    fontWeight: p.fontWeight,
    fontStyle: p.fontStyle,
    opacity: p.opacity,
    textDecoration: p.textDecoration,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  };
}

const toRange = ([line, start, end]: Cell) => new vscode.Range(line, start, line, end);

/** What one editor shows, for the tests: ranges per style. */
export interface DecorationSnapshot {
  style: string;
  ranges: vscode.Range[];
}

export class AnsiDecorations implements vscode.Disposable {
  private readonly palette = new Palette();
  private readonly types = new Map<string, vscode.TextEditorDecorationType>();
  /** Per editor, the types it was last given (so types that scrolled away are cleared) and its styles. */
  private readonly applied = new WeakMap<
    vscode.TextEditor,
    { types: Map<string, string>; byStyle: Map<string, Cell[]> }
  >();

  /**
   * Decorates the visible part of `editor` from `model`. Only the types whose ranges changed since the
   * editor's last pass are sent: each is a message to the renderer, and a log of many colours has a
   * thousand types on screen while its lines stream in below.
   */
  apply(editor: vscode.TextEditor, model: LogModel): void {
    const visible = editor.visibleRanges.map((r) => ({ start: r.start.line, end: r.end.line }));
    const plan = planPass(model, visible, editor.document.lineCount, this.palette);
    const before = this.applied.get(editor)?.types ?? new Map<string, string>();
    const now = new Map<string, string>();
    for (const key of before.keys()) {
      if (!plan.byPart.has(key)) editor.setDecorations(this.types.get(key)!, []);
    }
    for (const [key, { part, ranges }] of plan.byPart) {
      const sent = ranges.map(([line, start, end]) => `${line}:${start}-${end}`).join(',');
      now.set(key, sent);
      if (before.get(key) === sent) continue;
      let type = this.types.get(key);
      if (!type)
        this.types.set(key, (type = vscode.window.createTextEditorDecorationType(renderOptions(part))));
      editor.setDecorations(type, ranges.map(toRange));
    }
    this.applied.set(editor, { types: now, byStyle: plan.byStyle });
  }

  /** The decorations last applied to an editor, per style. */
  snapshot(editor: vscode.TextEditor): DecorationSnapshot[] {
    return [...(this.applied.get(editor)?.byStyle ?? new Map<string, Cell[]>())].map(([style, cells]) => ({
      style,
      ranges: cells.map(toRange),
    }));
  }

  /** Decoration types created so far. */
  get typeCount(): number {
    return this.types.size;
  }

  dispose(): void {
    for (const t of this.types.values()) t.dispose();
    this.types.clear();
  }
}
