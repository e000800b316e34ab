// A clock the tests move by hand: timers fire in order of their due time as `advance` passes it, and
// each cycle they start is awaited before time moves on, so no test sleeps.
import type { Clock, PollingPolicy } from '../../client/src/store/polling';

interface Timer {
  id: number;
  at: number;
  run: () => void;
}

export class FakeClock implements Clock {
  private t = 1_000_000;
  private nextId = 1;
  private timers: Timer[] = [];
  /** Awaited after each timer fires (the policy's running cycles). */
  policy: PollingPolicy | undefined;

  now(): number {
    return this.t;
  }

  setTimer(run: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, at: this.t + Math.max(0, ms), run };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimer(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** When the next timer is due, if any. */
  nextDue(): number | undefined {
    return this.timers.length ? Math.min(...this.timers.map((t) => t.at)) : undefined;
  }

  /** Moves time on by `ms`, firing what falls due on the way and awaiting the cycles it starts. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.t = due.at;
      due.run();
      await this.policy?.idle();
    }
    this.t = end;
  }
}
