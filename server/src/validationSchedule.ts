/**
 * When to validate a document after it changes. Validation of a large file takes several milliseconds
 * and the server answers one message at a time, so it waits until typing pauses (a burst of keystrokes
 * validates once), and it gives way to completion and hover: a request the user is waiting on is not
 * queued behind a validation that could run a moment later. It never waits longer than MAX_WAIT_MS
 * after the first change, so diagnostics come even while requests keep arriving.
 */

/** Quiet time after the last change, and after the last request, before validating. */
export const PAUSE_MS = 15;
/** The longest a change waits for its validation. */
export const MAX_WAIT_MS = 150;

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_CLOCK: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class ValidationSchedule {
  /** Per document: the pending timer and when its first unvalidated change came. */
  private readonly pending = new Map<string, { timer: unknown; since: number }>();
  private lastRequest = -Infinity;

  constructor(
    private readonly validate: (uri: string) => void,
    private readonly clock: Clock = REAL_CLOCK,
  ) {}

  /** A document changed (or its settings did): validate it once things are quiet. */
  changed(uri: string): void {
    const previous = this.pending.get(uri);
    if (previous) this.clock.clearTimeout(previous.timer);
    this.arm(uri, previous?.since ?? this.clock.now(), PAUSE_MS);
  }

  /** A request the user waits on (completion, hover) arrived. */
  requested(): void {
    this.lastRequest = this.clock.now();
  }

  /** The document closed: nothing to validate. */
  forget(uri: string): void {
    const p = this.pending.get(uri);
    if (p) this.clock.clearTimeout(p.timer);
    this.pending.delete(uri);
  }

  private arm(uri: string, since: number, delay: number): void {
    this.pending.set(uri, { timer: this.clock.setTimeout(() => this.fire(uri), delay), since });
  }

  private fire(uri: string): void {
    const p = this.pending.get(uri);
    if (!p) return;
    const now = this.clock.now();
    const quiet = now - this.lastRequest;
    if (quiet < PAUSE_MS && now - p.since < MAX_WAIT_MS) {
      this.arm(uri, p.since, Math.min(PAUSE_MS - quiet, MAX_WAIT_MS - (now - p.since)));
      return;
    }
    this.pending.delete(uri);
    this.validate(uri);
  }
}
