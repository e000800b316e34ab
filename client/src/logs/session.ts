// One open build log: finds where the build logs, follows its stream with LogTail into a LogModel, and
// tells the document to refresh at most every FLUSH_MS however fast events arrive, so a 100,000-line
// backlog costs a handful of refreshes rather than one per page. A session can also show a fixed range
// of earlier lines (read again from the head), or a saved log file: the same model, no tail.
// When reading stops before the end (an error, a tail that needs the user, a tab restored after the
// extension restarted), the document itself says so on its last line; "Read the Log Again" starts over.
import * as vscode from 'vscode';
import type { AwsAdapter, Build, LogEvent } from '../aws';
import { readBuild } from '../store';
import { logAvailability, sliceLines } from './availability';
import { LogModel } from './model';
import { stoppedNotice } from './notice';
import { LogTail, type TailState } from './tail';

/** A build in a profile/region. */
export interface BuildRef {
  profile: string;
  region: string;
  buildId: string;
}

/** What the session is doing, for the status bar and the tests. */
export type SessionState =
  | { kind: 'resolving' }
  /** The build has no log stream yet (queued, provisioning). */
  | { kind: 'waiting'; message: string }
  | TailState
  /** There is no CloudWatch log to show; `message` says why and where the log is instead. */
  | { kind: 'noLog'; message: string }
  | { kind: 'error'; message: string }
  /** Nothing reads this log: its tab outlived the session (the extension restarted). */
  | { kind: 'stopped'; message: string };

/** The states in which reading stopped before the end and can be started again. */
export function readingStopped(
  state: SessionState,
): state is Extract<SessionState, { kind: 'error' | 'stalled' | 'stopped' }> {
  return state.kind === 'error' || state.kind === 'stalled' || state.kind === 'stopped';
}

/** The command that reads a stopped log again; the document's last line names it. */
export const READ_AGAIN_TITLE = 'Retry Reading the Log';

/** The document refreshes at most this often while events arrive. */
export const FLUSH_MS = 150;
const BUILD_POLL_MS = 2000;

export interface SessionOptions {
  account(): Promise<AwsAdapter>;
  pollMs: number;
  liveTail: boolean;
  /** Only lines [from, to) of the stream (an "earlier lines" document): read once, no tail. */
  range?: { from: number; to: number };
}

export class LogSession implements vscode.Disposable {
  readonly model: LogModel;
  build: Build | undefined;
  state: SessionState = { kind: 'resolving' };
  following = true;
  /** Following was paused by scrolling up: scrolling back to the end resumes it. */
  autoPaused = false;
  /** For a saved log: how long reading it into the model took. */
  parseMs: number | undefined;
  /** For a saved log read only in part: why (a limit). */
  cut: string | undefined;
  /** Counts the document refreshes asked for, so a refresh lost while the document opened is noticed. */
  renders = 0;
  private tail: LogTail | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private waitTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly stateChanged = new vscode.EventEmitter<SessionState>();
  /** Fires (batched) when the text changed. */
  readonly onDidChange = this.changed.event;
  readonly onDidChangeState = this.stateChanged.event;

  constructor(
    readonly uri: vscode.Uri,
    readonly ref: BuildRef | undefined,
    private readonly options: SessionOptions | undefined,
  ) {
    const range = options?.range;
    this.model = new LogModel({}, range?.from ?? 0);
    if (range) this.following = false;
  }

  /** A session over a saved log file, filled with `appendText` and closed with `endText`. */
  static saved(uri: vscode.Uri): LogSession {
    const s = new LogSession(uri, undefined, undefined);
    s.following = false;
    s.state = { kind: 'loading' };
    return s;
  }

  /** A tab whose session is gone (restored after a restart): says so and reads nothing until asked. */
  static stopped(uri: vscode.Uri, ref: BuildRef, message: string): LogSession {
    const s = new LogSession(uri, ref, undefined);
    s.state = { kind: 'stopped', message };
    return s;
  }

  /** A piece of a saved log, whole lines. */
  appendText(text: string): void {
    this.model.append([{ timestamp: 0, message: text }]);
  }

  /** The end of a saved log; `cut` when reading stopped at a limit. */
  endText(parseMs: number, cut?: string): void {
    this.parseMs = parseMs;
    this.cut = cut;
    this.state = { kind: 'finished' };
  }

  /** Finds the build's log and starts following it. */
  start(): void {
    void this.resolve();
  }

  /** What the document shows: the log (and the notice, if any), or what stands in for it while there is none. */
  text(): string {
    const notice = this.notice();
    if (this.model.totalLines > 0) return notice ? `${this.model.text()}\n${notice}` : this.model.text();
    if (notice) return notice;
    switch (this.state.kind) {
      case 'resolving':
        return `Reading build ${this.ref?.buildId ?? ''}…`;
      case 'waiting':
      case 'noLog':
        return this.state.message;
      case 'loading':
        return 'Reading the log…';
      case 'retrying':
        return `Could not read the log yet: ${this.state.message}`;
      default:
        return this.ref ? `Build ${this.ref.buildId} wrote no log lines.` : '';
    }
  }

  /**
   * The last line of the document when the log is not all there: reading stopped (and how to start it
   * again), or a saved log was cut at a limit.
   */
  notice(): string | undefined {
    const st = this.state;
    if (readingStopped(st)) {
      return stoppedNotice(st.message, this.ref?.buildId, this.model.totalLines > 0);
    }
    if (this.cut) return `■ The log was cut here: ${this.cut}. The lines after this one were not read.`;
    return undefined;
  }

  /** Whether the tail still runs (for follow mode and the status bar). */
  get live(): boolean {
    return ['resolving', 'waiting', 'loading', 'following', 'retrying'].includes(this.state.kind);
  }

  /** Continues after a stall, or looks again for a log that was missing. */
  resume(): void {
    if (this.tail) this.tail.resume();
    else if (this.state.kind === 'error' || this.state.kind === 'waiting') void this.resolve();
  }

  private async resolve(): Promise<void> {
    if (!this.ref || !this.options) return;
    this.clearWait();
    let account: AwsAdapter;
    try {
      account = await this.options.account();
      const found = await readBuild(account, this.ref.buildId);
      if (!found) return this.setState({ kind: 'error', message: `Build ${this.ref.buildId} was not found` });
      this.build = found;
    } catch (err) {
      return this.setState({ kind: 'error', message: errorMessage(err) });
    }
    if (this.disposed) return;
    const where = logAvailability(this.build);
    if (where.kind === 'none') return this.setState({ kind: 'noLog', message: where.message });
    if (where.kind === 'wait') {
      this.setState({ kind: 'waiting', message: where.message });
      this.waitTimer = setTimeout(() => void this.resolve(), BUILD_POLL_MS);
      return;
    }
    if (this.options.range)
      return this.readRange(account, where.groupName, where.streamName, this.options.range);
    this.startTail(account, where.groupName, where.streamName, where.groupArn);
  }

  private startTail(account: AwsAdapter, groupName: string, streamName: string, groupArn?: string): void {
    const ref = this.ref!;
    this.tail = new LogTail(account.logs, {
      groupName,
      streamName,
      pollMs: this.options!.pollMs,
      liveTail: this.options!.liveTail && groupArn ? { groupArn } : undefined,
      // Through the store: the build's rows in the views follow what the log sees.
      isComplete: async () => {
        const b = await readBuild(account, ref.buildId);
        if (b) this.build = b;
        return b?.complete ?? true;
      },
      onEvents: (events) => this.append(events),
      onState: (state) => {
        // Following stays on at the end: the last lines often come with the read that finds the build
        // complete, and their refresh reaches the editor after this state.
        this.setState(state);
      },
    });
    this.tail.start();
  }

  /** Reads lines [from, to) from the head: CloudWatch has no line index, so events are counted. */
  private async readRange(
    account: AwsAdapter,
    groupName: string,
    streamName: string,
    range: { from: number; to: number },
  ): Promise<void> {
    this.setState({ kind: 'loading' });
    let line = 0;
    let token: string | undefined;
    try {
      for (let pages = 0; pages < 10_000 && line < range.to && !this.disposed; pages++) {
        const page = await account.logs.getLogEvents({
          groupName,
          streamName,
          nextToken: token,
          startFromHead: true,
        });
        const { kept, next } = sliceLines(page.events, line, range);
        line = next;
        if (kept.length) this.append(kept);
        token = page.nextForwardToken ?? token;
        if (page.caughtUp) break;
      }
      this.setState({ kind: 'finished' });
    } catch (err) {
      this.setState({ kind: 'error', message: errorMessage(err) });
    }
    this.scheduleFlush();
  }

  private append(events: readonly LogEvent[]): void {
    this.model.append(events);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer || this.disposed) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.renders++;
      this.changed.fire();
    }, FLUSH_MS);
  }

  private setState(state: SessionState): void {
    if (this.disposed) return;
    const noticeBefore = this.notice();
    this.state = state;
    this.stateChanged.fire(state);
    // The stand-in text, or the notice on the last line, may have changed.
    if (this.model.totalLines === 0 || this.notice() !== noticeBefore) this.scheduleFlush();
  }

  private clearWait(): void {
    if (this.waitTimer) clearTimeout(this.waitTimer);
    this.waitTimer = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.clearWait();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.tail?.dispose();
    this.changed.dispose();
    this.stateChanged.dispose();
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
