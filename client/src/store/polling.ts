// The one polling policy every watcher shares. A target polls only while it is shown (a visible view;
// the repository watch counts as always shown) and the window has focus, unless its pace says how
// often to poll without focus (the watch: every 2 min). It polls fast while something it shows is
// moving and slowly otherwise; when focus or visibility comes back it catches up once (at once, if
// the last poll is older than its pace); after a user action it polls within the fast pace whatever
// it shows. A cycle never overlaps the previous one. The clock is injected, so tests run it in Node.
import type { Disposable } from './events';

export interface Clock {
  now(): number;
  setTimer(run: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** Real time. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (run, ms) => setTimeout(run, ms),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface Pace {
  /** Between polls while something moves, or after a user action. */
  fast: number;
  /** Between polls otherwise. */
  slow: number;
  /** Between polls while the window has no focus; undefined: none then. */
  unfocused?: number;
}

/** The explorer's views: 5 s while something runs, 30 s otherwise, nothing hidden or unfocused. */
export const VIEW_PACE: Pace = { fast: 5_000, slow: 30_000 };
/** The repository watch (status bar, notifications): 30 s focused, 2 min not. */
export const WATCH_PACE: Pace = { fast: 5_000, slow: 30_000, unfocused: 120_000 };

export interface PollTarget {
  readonly name: string;
  /** Whether what it polls is shown now. */
  visible(): boolean;
  /** Whether something it shows is moving: polls come at the fast pace. */
  busy(): boolean;
  poll(): Promise<void>;
}

interface Slot {
  target: PollTarget;
  pace: Pace;
  timer: unknown;
  dueAt: number;
  lastRun: number;
  running: boolean;
  /** A user action asked for a fast poll; cleared by the next cycle. */
  hurried: boolean;
  cycles: number;
}

export class PollingPolicy implements Disposable {
  private readonly slots = new Map<string, Slot>();
  private focused = true;
  private disposed = false;
  private readonly cycles = new Set<Promise<void>>();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  /** Adds a target; its first poll comes one pace after now (it loaded what it shows itself). */
  add(target: PollTarget, pace: Pace): Disposable {
    const slot: Slot = {
      target,
      pace,
      timer: undefined,
      dueAt: 0,
      lastRun: this.clock.now(),
      running: false,
      hurried: false,
      cycles: 0,
    };
    this.slots.set(target.name, slot);
    this.schedule(slot);
    return {
      dispose: () => {
        this.disarm(slot);
        this.slots.delete(target.name);
      },
    };
  }

  /** The window gained or lost focus. */
  setFocused(focused: boolean): void {
    if (focused === this.focused) return;
    this.focused = focused;
    for (const slot of this.slots.values()) {
      // Losing focus slows a timer already armed (a faster one would poll an unwatched window).
      if (!focused) this.disarm(slot);
      this.schedule(slot);
    }
  }

  /** Visibility or what moves changed: re-arms every target (a timer due sooner is kept). */
  update(): void {
    for (const slot of this.slots.values()) this.schedule(slot);
  }

  /** A user action (or a recovered network): the next poll of the target (or all) within the fast pace. */
  hurry(name?: string): void {
    for (const slot of this.slots.values()) {
      if (name !== undefined && slot.target.name !== name) continue;
      slot.hurried = true;
      this.schedule(slot);
    }
  }

  /** Polls a target now, outside its timer (a test, the watch's start); waits for a running cycle. */
  async runNow(name: string): Promise<void> {
    const slot = this.slots.get(name);
    if (slot) await this.cycle(slot, true);
  }

  /** Arms a target's first poll `ms` from now (the watch waits a few seconds after activation). */
  startIn(name: string, ms: number): void {
    const slot = this.slots.get(name);
    if (!slot) return;
    this.disarm(slot);
    this.arm(slot, this.clock.now() + ms);
  }

  /** Settles once no timer-started cycle runs (tests with a fake clock). */
  async idle(): Promise<void> {
    while (this.cycles.size > 0) await Promise.all([...this.cycles]);
  }

  /** Cycles run so far and whether a timer would run now (tests, logs). */
  state(name: string): { cycles: number; active: boolean; dueAt?: number } {
    const slot = this.slots.get(name);
    if (!slot) return { cycles: 0, active: false };
    return {
      cycles: slot.cycles,
      active: this.interval(slot) !== undefined,
      dueAt: slot.timer === undefined ? undefined : slot.dueAt,
    };
  }

  /** Between two polls of a target now; undefined when it must not poll. */
  private interval(slot: Slot): number | undefined {
    if (!slot.target.visible()) return undefined;
    if (!this.focused) return slot.pace.unfocused;
    return slot.hurried || slot.target.busy() ? slot.pace.fast : slot.pace.slow;
  }

  private schedule(slot: Slot): void {
    if (this.disposed || slot.running) return;
    const interval = this.interval(slot);
    if (interval === undefined) return this.disarm(slot);
    const now = this.clock.now();
    // From the last poll, not from now: a target that comes back into view or focus catches up once.
    const due = Math.max(now, Math.min(slot.lastRun + interval, now + interval));
    if (slot.timer !== undefined && slot.dueAt <= due) return;
    this.disarm(slot);
    this.arm(slot, due);
  }

  private arm(slot: Slot, due: number): void {
    slot.dueAt = due;
    slot.timer = this.clock.setTimer(
      () => {
        slot.timer = undefined;
        const run = this.cycle(slot, false);
        this.cycles.add(run);
        void run.finally(() => this.cycles.delete(run));
      },
      Math.max(0, due - this.clock.now()),
    );
  }

  private disarm(slot: Slot): void {
    if (slot.timer !== undefined) this.clock.clearTimer(slot.timer);
    slot.timer = undefined;
  }

  private async cycle(slot: Slot, forced: boolean): Promise<void> {
    if (slot.running || this.disposed) return;
    if (!forced && this.interval(slot) === undefined) return;
    slot.running = true;
    slot.hurried = false;
    this.disarm(slot);
    try {
      await slot.target.poll();
      slot.cycles++;
    } catch (err) {
      this.warn(`${slot.target.name}: poll failed: ${err instanceof Error ? err.name : 'error'}`);
    } finally {
      slot.running = false;
      slot.lastRun = this.clock.now();
      this.schedule(slot);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const slot of this.slots.values()) this.disarm(slot);
    this.slots.clear();
  }
}
