// Refreshes what the user is looking at: only while a view is visible and the window has focus, every
// 5 s while something runs and every 30 s otherwise. A cycle never overlaps the previous one.
import * as vscode from 'vscode';
import type { ExplorerTree } from './tree';

export const FAST_MS = 5_000;
export const SLOW_MS = 30_000;

export class Poller implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private dueAt = 0;
  private running = false;
  private readonly disposables: vscode.Disposable[] = [];
  /** Cycles run so far (tests and logs). */
  cycles = 0;

  constructor(
    private readonly trees: readonly ExplorerTree[],
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(vscode.window.onDidChangeWindowState(() => this.schedule()));
    for (const t of trees) {
      if (t.view) this.disposables.push(t.view.onDidChangeVisibility(() => this.schedule()));
    }
  }

  /** Whether a cycle would run now. */
  active(): boolean {
    return vscode.window.state.focused && this.trees.some((t) => t.view?.visible === true);
  }

  /**
   * Arms the timer for the next cycle, or stops it when nothing is watched. A timer already due sooner
   * is kept: window-state and visibility events come often, and re-arming on each would put the cycle
   * off for ever.
   */
  schedule(): void {
    if (!this.active()) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      return;
    }
    const delay = this.trees.some((t) => t.anyRunning()) ? FAST_MS : SLOW_MS;
    const due = Date.now() + delay;
    if (this.timer && this.dueAt <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.cycle();
    }, delay);
  }

  /** One cycle over the visible trees; also the Refresh command's poll. */
  async cycle(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const started = Date.now();
    try {
      const visible = this.trees.filter((t) => t.view?.visible === true);
      await Promise.all(visible.map((t) => t.poll()));
      this.cycles++;
      if (visible.length)
        this.log.debug(`Explorer poll: ${visible.length} view(s), ${Date.now() - started} ms`);
    } catch (err) {
      this.log.warn(`Explorer poll failed: ${err instanceof Error ? err.name : 'error'}`);
    } finally {
      this.running = false;
      this.schedule();
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
