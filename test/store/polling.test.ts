// The polling policy with a hand-moved clock: who polls when (visible and focused views only, fast
// while something runs, the watch slower without focus), catching up once when focus or visibility
// comes back, a fast poll after a user action, and no overlapping cycles.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PollingPolicy, VIEW_PACE, WATCH_PACE } from '../../client/src/store/polling';
import { FakeClock } from './clock';

function setUp() {
  const clock = new FakeClock();
  const policy = new PollingPolicy(clock);
  clock.policy = policy;
  const polls: number[] = [];
  const view = { visible: true, busy: false };
  const start = clock.now();
  policy.add(
    {
      name: 'view',
      visible: () => view.visible,
      busy: () => view.busy,
      poll: () => {
        polls.push(clock.now() - start);
        return Promise.resolve();
      },
    },
    VIEW_PACE,
  );
  return { clock, policy, polls, view, start };
}

describe('polling policy', () => {
  it('polls a visible view every 30 s, and every 5 s while something runs', async () => {
    const { clock, polls, view, policy } = setUp();
    await clock.advance(65_000);
    assert.deepEqual(polls, [30_000, 60_000]);
    view.busy = true;
    policy.update();
    await clock.advance(30_000);
    // The timer due at 90 s is pulled forward to 5 s after the last poll.
    assert.deepEqual(polls.slice(2), [65_000, 70_000, 75_000, 80_000, 85_000, 90_000, 95_000]);
  });

  it('a hidden view does not poll at all; shown again, it catches up once, then keeps its pace', async () => {
    const { clock, polls, view, policy } = setUp();
    view.visible = false;
    policy.update();
    assert.equal(clock.nextDue(), undefined, 'no timer while hidden');
    await clock.advance(600_000);
    assert.deepEqual(polls, []);
    view.visible = true;
    policy.update();
    await clock.advance(0);
    assert.deepEqual(polls, [600_000], 'caught up at once');
    await clock.advance(30_000);
    assert.deepEqual(polls, [600_000, 630_000]);
  });

  it('a view does not poll while the window has no focus; focus regained catches up once', async () => {
    const { clock, polls, policy } = setUp();
    policy.setFocused(false);
    await clock.advance(300_000);
    assert.deepEqual(polls, []);
    policy.setFocused(true);
    await clock.advance(0);
    assert.deepEqual(polls, [300_000]);
    await clock.advance(29_000);
    assert.deepEqual(polls, [300_000], 'one catch-up, not a burst');
  });

  it('the watch slows to 2 min without focus, and catches up when focus returns', async () => {
    const clock = new FakeClock();
    const policy = new PollingPolicy(clock);
    clock.policy = policy;
    const start = clock.now();
    const polls: number[] = [];
    policy.add(
      {
        name: 'watch',
        visible: () => true,
        busy: () => false,
        poll: () => Promise.resolve(void polls.push(clock.now() - start)),
      },
      WATCH_PACE,
    );
    await clock.advance(30_000);
    assert.deepEqual(polls, [30_000]);
    policy.setFocused(false);
    await clock.advance(250_000);
    assert.deepEqual(polls, [30_000, 150_000, 270_000]);
    await clock.advance(50_000); // 330 s: the last check was 60 s ago
    policy.setFocused(true);
    await clock.advance(0);
    assert.deepEqual(polls, [30_000, 150_000, 270_000, 330_000]);
    await clock.advance(30_000);
    assert.deepEqual(polls.at(-1), 360_000);
  });

  it('a user action is visible within one fast poll, even when nothing ran before', async () => {
    const { clock, polls, policy } = setUp();
    await clock.advance(2_000);
    policy.hurry();
    await clock.advance(5_000);
    assert.deepEqual(polls, [5_000], 'within 5 s, not at 30 s');
    // Nothing runs after it: back to the slow pace.
    await clock.advance(27_000);
    assert.deepEqual(polls, [5_000]);
    await clock.advance(1_000);
    assert.deepEqual(polls, [5_000, 35_000]);
  });

  it('a cycle never overlaps the previous one', async () => {
    const clock = new FakeClock();
    const policy = new PollingPolicy(clock);
    let running = 0;
    let most = 0;
    let release: (() => void) | undefined;
    policy.add(
      {
        name: 'slow',
        visible: () => true,
        busy: () => true,
        poll: async () => {
          running++;
          most = Math.max(most, running);
          await new Promise<void>((resolve) => (release = resolve));
          running--;
        },
      },
      VIEW_PACE,
    );
    await clock.advance(5_000); // starts a cycle that does not end
    const second = policy.runNow('slow');
    policy.hurry();
    await clock.advance(20_000);
    assert.equal(most, 1);
    release?.();
    await second;
    await policy.idle();
    assert.equal(running, 0);
    assert.equal(policy.state('slow').cycles, 1);
    policy.dispose();
  });
});
