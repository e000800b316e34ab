/**
 * When the server validates after a change: once typing pauses, after the completion and hover requests
 * the user is waiting on, and never later than MAX_WAIT_MS after the change. A hand-moved clock, no sleeps.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_WAIT_MS, PAUSE_MS, ValidationSchedule, type Clock } from '../../server/src/validationSchedule';

class HandClock implements Clock {
  private t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private next = 0;
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== handle);
  }
  /** Moves time forward by `ms`, running the timers that come due in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = due.at;
      due.fn();
    }
    this.t = end;
  }
}

function setUp() {
  const clock = new HandClock();
  const runs: { uri: string; at: number }[] = [];
  const schedule = new ValidationSchedule((uri) => runs.push({ uri, at: clock.now() }), clock);
  return { clock, runs, schedule };
}

describe('validation schedule', () => {
  it('validates once after a burst of keystrokes, when typing pauses', () => {
    const { clock, runs, schedule } = setUp();
    for (let i = 0; i < 5; i++) {
      schedule.changed('a');
      clock.advance(5);
    }
    assert.equal(runs.length, 0);
    clock.advance(PAUSE_MS);
    assert.deepEqual(runs, [{ uri: 'a', at: 20 + PAUSE_MS }]);
  });

  it('lets completion requests go first, then validates once they pause', () => {
    const { clock, runs, schedule } = setUp();
    schedule.changed('a');
    for (let i = 0; i < 4; i++) {
      clock.advance(10);
      schedule.requested();
    }
    assert.equal(runs.length, 0, 'no validation while requests keep coming');
    clock.advance(PAUSE_MS);
    assert.equal(runs.length, 1);
    assert.equal(runs[0].at, 40 + PAUSE_MS);
  });

  it('validates within MAX_WAIT_MS of the change even while requests never stop', () => {
    const { clock, runs, schedule } = setUp();
    schedule.changed('a');
    for (let t = 0; t < 3 * MAX_WAIT_MS; t += 5) {
      schedule.requested();
      clock.advance(5);
    }
    assert.equal(runs.length, 1);
    assert.ok(runs[0].at <= MAX_WAIT_MS, `validated at ${runs[0].at} ms`);
  });

  it('keeps documents apart, and a closed document is not validated', () => {
    const { clock, runs, schedule } = setUp();
    schedule.changed('a');
    schedule.changed('b');
    schedule.forget('a');
    clock.advance(PAUSE_MS);
    assert.deepEqual(
      runs.map((r) => r.uri),
      ['b'],
    );
  });
});
