// In-memory stand-ins for the tail's edges: a clock the test moves, and a log stream with
// GetLogEvents' token rules whose calls can be made to fail. The wire-level tests use the real SDK
// against the fake endpoint instead; these keep the engine's timing tests fast and exact.
import type { TailClock, TailSource } from '../../client/src/logs/tail';
import type {
  LiveTailRequest,
  LiveTailSession,
  LiveTailUpdate,
  LogEvent,
  LogPage,
  LogPageRequest,
} from '../../client/src/aws/types';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

/** Lets pending promise callbacks (and the tail's awaits) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export class ManualClock implements TailClock {
  now = 0;
  private timers: Timer[] = [];
  private nextId = 1;

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, at: this.now + ms, fn };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Timers not yet fired. */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time on by `ms`, firing each timer at its time and letting the tail react in between. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    await settle();
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.now = due.at;
      due.fn();
      await settle();
    }
    this.now = end;
    await settle();
  }
}

/** An error shaped like the adapter's AwsError. */
export function awsError(
  kind: string,
  extra: { transient?: boolean; remedy?: string; code?: string; fromEnvironment?: boolean } = {},
): Error {
  return Object.assign(new Error(`Could not read log stream "g/s": ${kind}`), { kind, ...extra });
}

/** One log stream with GetLogEvents' token rules: the same token back means nothing new. */
export class ScriptedStream implements TailSource {
  readonly events: LogEvent[] = [];
  exists = true;
  /** Each call takes the next of these, if any, and fails with it. */
  readonly failures: Error[] = [];
  /** Clock time of each GetLogEvents call. */
  readonly calls: number[] = [];
  liveSessions: ScriptedSession[] = [];
  refuseLive: Error | undefined;
  private seq = 0;

  constructor(
    private readonly clock: ManualClock,
    private readonly limit = 10_000,
  ) {}

  write(count: number): void {
    for (let i = 0; i < count; i++) {
      const n = this.seq++;
      this.events.push({ timestamp: 1000 + n, message: `line ${n}`, ingestionTime: 1005 + n });
    }
  }

  getLogEvents(request: LogPageRequest): Promise<LogPage> {
    this.calls.push(this.clock.now);
    const failure = this.failures.shift();
    if (failure) return Promise.reject(failure);
    if (!this.exists) return Promise.reject(awsError('notFound'));
    const from = request.nextToken ? Number(request.nextToken.slice(2)) : 0;
    const to = Math.min(this.events.length, from + Math.min(this.limit, request.limit ?? this.limit));
    const token = `f/${to}`;
    return Promise.resolve({
      events: this.events.slice(from, to).map((e) => ({ ...e })),
      nextForwardToken: to === from && request.nextToken ? request.nextToken : token,
      caughtUp: to === from,
    });
  }

  startLiveTail(request: LiveTailRequest): Promise<LiveTailSession> {
    if (this.refuseLive) return Promise.reject(this.refuseLive);
    const session = new ScriptedSession(request);
    this.liveSessions.push(session);
    return Promise.resolve(session);
  }
}

/** A live tail session the test pushes updates into, or ends. */
export class ScriptedSession implements LiveTailSession {
  readonly sessionId = 'session-1';
  closed = false;
  private queue: (LiveTailUpdate | Error | null)[] = [];
  private waiter: (() => void) | undefined;

  constructor(readonly request: LiveTailRequest) {}

  push(item: LiveTailUpdate | Error | null): void {
    this.queue.push(item);
    this.waiter?.();
  }

  close(): void {
    this.closed = true;
    this.push(null);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<LiveTailUpdate> {
    for (;;) {
      if (this.queue.length === 0) await new Promise<void>((resolve) => (this.waiter = resolve));
      this.waiter = undefined;
      const item = this.queue.shift();
      if (item === undefined) continue;
      if (item === null) return;
      if (item instanceof Error) throw item;
      yield item;
    }
  }
}
