// Follows one CloudWatch log stream from the head, handing every event over exactly once and in
// order, until the build is complete and the stream drained. Plain TypeScript: no `vscode`, no SDK.
//
// Every event comes from GetLogEvents, read forward from the last good token, so a failed call is
// simply made again from the same place: nothing is lost or read twice. The same token coming back
// means nothing new; the tail then waits, longer while the stream stays quiet.
//
// Live tail (StartLiveTail), when asked for, is used as a doorbell rather than as a second source of
// events: an update with events makes the tail read at once instead of waiting out the poll interval.
// So the hand-over between the backlog and live events needs no de-duplication, a sampled update
// (over 500 events a second) loses nothing, and any failure of the session just leaves the polling.
import type { LiveTailRequest, LiveTailSession, LogEvent, LogPage, LogPageRequest } from '../aws/types';

export type TailState =
  /** Reading the backlog, or waiting for the stream to exist. */
  | { kind: 'loading' }
  /** Caught up; waiting for new lines. `live`: a live tail session is pushing them. */
  | { kind: 'following'; live?: boolean }
  /** A transient failure; the tail resumes by itself after `delayMs`. */
  | { kind: 'retrying'; message: string; attempt: number; delayMs: number }
  /** Needs the user (sign in, another profile, a permission); call `resume()` after. */
  | { kind: 'stalled'; message: string; remedy: LogRemedy }
  /** The build is complete and the stream drained. */
  | { kind: 'finished' };

/** What the tail calls; `LogsApi` has both. Without `startLiveTail` the tail only polls. */
export interface TailSource {
  getLogEvents(request: LogPageRequest): Promise<LogPage>;
  startLiveTail?(request: LiveTailRequest): Promise<LiveTailSession>;
}

/** Time, injectable so tests run on a clock they move themselves. */
export interface TailClock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: TailClock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface TailOptions {
  groupName: string;
  streamName: string;
  /** Whether the build has finished (then the tail drains the stream and finishes). */
  isComplete(): Promise<boolean>;
  /** Every event exactly once, in order. */
  onEvents(events: readonly LogEvent[]): void;
  onState(state: TailState): void;
  /** Wait between polls when caught up; default 2000. */
  pollMs?: number;
  /** The longest wait while the stream stays quiet; default 2.5 × pollMs. */
  maxPollMs?: number;
  /** A forward token to continue from instead of the head. */
  startToken?: string;
  /** GetLogEvents page size; default: the service's (10,000 events or 1 MB). */
  pageLimit?: number;
  /** First wait after a transient failure, doubled each time up to `retryMaxMs`; default 1000. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /**
   * After the build says it is complete, read once more after this long before finishing, for lines
   * CloudWatch ingests a moment after the build ends; default 1000.
   */
  settleMs?: number;
  /**
   * Opt in to StartLiveTail (billed per minute, 15 sessions an account by default). Needs the
   * group's ARN. Any failure of the session falls back to polling.
   */
  liveTail?: { groupArn: string };
  /** While a live session runs, a safety read this often; default 5000. */
  liveCheckMs?: number;
  clock?: TailClock;
}

/** What a stopped log needs first: a sign-in, fresh credentials (a profile's, the environment's), a retry. */
export type LogRemedy = 'ssoLogin' | 'selectProfile' | 'refreshEnvironment' | 'retry' | 'none';

interface Classified {
  kind: 'notFound' | 'transient' | 'stalled';
  message: string;
  remedy: LogRemedy;
}

// AwsError's fields, read without importing it so a consumer's own errors are sorted too.
function classify(err: unknown): Classified {
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    kind?: unknown;
    transient?: unknown;
    remedy?: unknown;
    fromEnvironment?: unknown;
    message?: unknown;
  };
  const message = typeof e.message === 'string' && e.message ? e.message : String(err);
  if (e.kind === 'notFound') return { kind: 'notFound', message, remedy: 'none' };
  if (e.transient === true || e.kind === 'throttled' || e.kind === 'network')
    return { kind: 'transient', message, remedy: 'retry' };
  if (e.remedy === 'selectProfile' && e.fromEnvironment === true)
    return { kind: 'stalled', message, remedy: 'refreshEnvironment' };
  const remedy =
    e.remedy === 'ssoLogin' || e.remedy === 'selectProfile' || e.remedy === 'none' ? e.remedy : 'retry';
  return { kind: 'stalled', message, remedy };
}

const SERVICE_PAGE_EVENTS = 10_000;
const SERVICE_PAGE_BYTES = 1_048_576;

/** How many reads to try, 300 ms apart, for events a live update announced but a read lacks yet. */
const OWED_READS = 10;
const OWED_READ_MS = 300;

export class LogTail {
  private readonly pollMs: number;
  private readonly maxPollMs: number;
  private readonly clock: TailClock;
  private current: string | undefined;
  private timer: unknown;
  private started = false;
  private disposed = false;
  private busy = false;
  /** Set when something asks for a read while one is running. */
  private wake = false;
  private stalled = false;
  private finished = false;
  private caughtUpOnce = false;
  /** The build was seen complete: read until caught up, then finish. */
  private draining = false;
  private idle = 0;
  private attempt = 0;
  private lastState = '';
  private live: 'off' | 'starting' | 'on' | 'unavailable' = 'off';
  private session: LiveTailSession | undefined;
  /** The next backlog page, asked for before the consumer took in the current one. */
  private prefetched: { token: string | undefined; page: Promise<LogPage> } | undefined;
  /** Which StartLiveTail call is the current one; an older one that resolves late is closed. */
  private liveTicket = 0;
  /**
   * The newest timestamp live updates announced, and the newest reads handed over: while the first
   * is ahead, reads come every 300 ms (a few times) instead of waiting. Timestamps rather than a
   * count, because one read often brings lines whose own announcement is still on its way.
   */
  private announcedTs = -Infinity;
  private deliveredTs = -Infinity;
  private owedReads = 0;

  constructor(
    private readonly source: TailSource,
    private readonly options: TailOptions,
  ) {
    this.pollMs = options.pollMs ?? 2000;
    this.maxPollMs = Math.max(this.pollMs, options.maxPollMs ?? this.pollMs * 2.5);
    this.clock = options.clock ?? realClock;
    this.current = options.startToken;
    if (!options.liveTail || !source.startLiveTail) this.live = 'unavailable';
  }

  /** The forward token of the last page handed over; continue from it to read on. */
  get token(): string | undefined {
    return this.current;
  }

  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    this.setState({ kind: 'loading' });
    this.schedule(0);
  }

  /** Continues after `stalled` (or retries now while `retrying`), from the last good token. */
  resume(): void {
    if (!this.started || this.disposed || this.finished) return;
    this.stalled = false;
    this.attempt = 0;
    if (this.busy) this.wake = true;
    else this.schedule(0);
  }

  /** Stops reading, ends any live session and cancels every timer. */
  dispose(): void {
    this.disposed = true;
    this.cancelTimer();
    this.closeSession();
  }

  private schedule(ms: number): void {
    this.cancelTimer();
    if (this.disposed) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      void this.step();
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async step(): Promise<void> {
    if (this.disposed || this.busy || this.stalled || this.finished) return;
    this.busy = true;
    this.wake = false;
    let next: number | undefined;
    try {
      next = await this.read();
    } catch (err) {
      next = this.disposed ? undefined : await this.failed(err);
    } finally {
      this.busy = false;
    }
    if (this.disposed || this.finished || this.stalled) return;
    if (this.wake) next = 0;
    if (next !== undefined) this.schedule(next);
  }

  /** One GetLogEvents call and what follows from it; returns the wait before the next. */
  private async read(): Promise<number | undefined> {
    const ahead = this.prefetched;
    this.prefetched = undefined;
    const page = await (ahead && ahead.token === this.current ? ahead.page : this.fetch(this.current));
    if (this.disposed) return undefined;
    this.attempt = 0;
    // The token moves before the hand-over, so an exception from the consumer can never make us
    // read (and hand over) the same events again.
    this.current = page.nextForwardToken ?? this.current;
    const count = page.events.length;
    // A full page (or an empty one with a new token: the service skipping a quiet time range) means
    // there is more: read on at once. A short page is, as far as we can tell, all there is, so it is
    // followed like a caught-up one; only a read that hands our token back proves it, for finishing.
    const more = !page.caughtUp && (count === 0 || !this.caughtUpOnce || this.isFull(page.events));
    // While a backlog is paged, the next page travels while the consumer takes this one in.
    if (more && count > 0) {
      const next = this.fetch(this.current);
      next.catch(() => undefined);
      this.prefetched = { token: this.current, page: next };
    }
    if (count) {
      this.idle = 0;
      for (const e of page.events) if (e.timestamp > this.deliveredTs) this.deliveredTs = e.timestamp;
      this.options.onEvents(page.events);
    }
    if (more || (this.draining && !page.caughtUp)) {
      this.setState(this.caughtUpOnce ? this.following() : { kind: 'loading' });
      return 0;
    }
    this.caughtUpOnce = true;
    if (this.draining) return this.finish();
    if (await this.options.isComplete()) {
      if (this.disposed) return undefined;
      this.draining = true;
      this.closeSession();
      return this.options.settleMs ?? 1000;
    }
    if (this.disposed) return undefined;
    if (this.live === 'off') this.openSession();
    this.setState(this.following());
    if (this.announcedTs > this.deliveredTs && this.owedReads > 0) {
      this.owedReads--;
      return OWED_READ_MS;
    }
    this.owedReads = 0;
    if (this.live === 'on') return this.options.liveCheckMs ?? 5000;
    return this.idleWait(count === 0);
  }

  private fetch(nextToken: string | undefined): Promise<LogPage> {
    return this.source.getLogEvents({
      groupName: this.options.groupName,
      streamName: this.options.streamName,
      nextToken,
      startFromHead: true,
      limit: this.options.pageLimit,
    });
  }

  // The poll interval after lines came; half as long again for each quiet read after, up to the cap.
  private idleWait(quiet: boolean): number {
    const wait = Math.min(this.maxPollMs, Math.round(this.pollMs * 1.5 ** this.idle));
    if (quiet) this.idle++;
    return wait;
  }

  // GetLogEvents stops at its event limit or at 1 MB (each event counting 26 bytes over its text).
  private isFull(events: readonly LogEvent[]): boolean {
    if (events.length >= (this.options.pageLimit ?? SERVICE_PAGE_EVENTS)) return true;
    let bytes = 0;
    for (const e of events) bytes += e.message.length + 26;
    return bytes >= SERVICE_PAGE_BYTES * 0.9;
  }

  private async failed(err: unknown): Promise<number | undefined> {
    const c = classify(err);
    if (c.kind === 'notFound') {
      // The stream is created when the build's container starts; until then there is nothing to
      // read. A build that completes without ever creating it has no log: finish.
      let complete = false;
      try {
        complete = await this.options.isComplete();
      } catch (inner) {
        return this.failed(inner);
      }
      if (this.disposed) return undefined;
      if (complete) return this.finish();
      this.setState({ kind: 'loading' });
      return this.idleWait(true);
    }
    if (c.kind === 'transient') {
      this.attempt++;
      const base = this.options.retryBaseMs ?? 1000;
      const delayMs = Math.min(this.options.retryMaxMs ?? 30_000, base * 2 ** (this.attempt - 1));
      this.setState({ kind: 'retrying', message: c.message, attempt: this.attempt, delayMs });
      return delayMs;
    }
    this.stalled = true;
    this.closeSession();
    this.setState({ kind: 'stalled', message: c.message, remedy: c.remedy });
    return undefined;
  }

  private following(): TailState {
    return this.live === 'on' ? { kind: 'following', live: true } : { kind: 'following' };
  }

  private finish(): undefined {
    this.finished = true;
    this.closeSession();
    this.setState({ kind: 'finished' });
    return undefined;
  }

  private openSession(): void {
    const startLiveTail = this.source.startLiveTail?.bind(this.source);
    const live = this.options.liveTail;
    if (!startLiveTail || !live) return;
    this.live = 'starting';
    const ticket = ++this.liveTicket;
    startLiveTail({ groupArn: live.groupArn, streamName: this.options.streamName }).then(
      (session) => {
        if (this.disposed || this.finished || this.live !== 'starting' || ticket !== this.liveTicket) {
          session.close();
          return;
        }
        this.live = 'on';
        this.session = session;
        if (!this.stalled && !this.draining) this.setState({ kind: 'following', live: true });
        void this.listen(session);
      },
      // Refused (no permission, over the session quota, not offered here): poll, as without it.
      () => {
        if (this.live === 'starting' && ticket === this.liveTicket) this.live = 'unavailable';
      },
    );
  }

  private async listen(session: LiveTailSession): Promise<void> {
    let timedOut = false;
    try {
      for await (const update of session) {
        if (this.session !== session) return;
        if (update.events.length) this.ring(update.events);
      }
    } catch (err) {
      // Sessions end after three hours; another may be opened. Anything else: back to polling.
      timedOut = (err as { code?: unknown } | undefined)?.code === 'SessionTimeoutException';
    }
    if (this.session !== session) return;
    this.session = undefined;
    this.live = timedOut ? 'off' : 'unavailable';
    if (this.disposed || this.finished || this.stalled) return;
    if (!this.draining) this.setState({ kind: 'following' });
    // Whatever the session announced or not, a read now picks up from the token.
    this.ring([]);
  }

  /** A live update announced these events (or the session ended): read now. */
  private ring(events: readonly LogEvent[]): void {
    for (const e of events) if (e.timestamp > this.announcedTs) this.announcedTs = e.timestamp;
    if (events.length) this.owedReads = OWED_READS;
    if (this.disposed || this.finished || this.stalled) return;
    if (this.busy) this.wake = true;
    else this.schedule(0);
  }

  private closeSession(): void {
    const session = this.session;
    this.session = undefined;
    if (this.live === 'on' || this.live === 'starting') this.live = 'off';
    session?.close();
  }

  private setState(state: TailState): void {
    const key = JSON.stringify(state);
    if (key === this.lastState || this.disposed) return;
    this.lastState = key;
    this.options.onState(state);
  }
}
