/** The tail engine on a clock the test moves: its states, waits and backoff, exactly. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogTail, type TailOptions, type TailState } from '../../client/src/logs/tail';
import type { LogEvent } from '../../client/src/aws/types';
import { ManualClock, ScriptedStream, awsError, settle } from './tail.fakes';

function harness(options: Partial<TailOptions> = {}, limit = 10_000) {
  const clock = new ManualClock();
  const stream = new ScriptedStream(clock, limit);
  const received: LogEvent[] = [];
  const states: TailState[] = [];
  let complete = false;
  const tail = new LogTail(stream, {
    groupName: 'g',
    streamName: 's',
    isComplete: () => Promise.resolve(complete),
    onEvents: (events) => received.push(...events),
    onState: (state) => states.push(state),
    clock,
    settleMs: 0,
    ...options,
  });
  return {
    clock,
    stream,
    tail,
    received,
    states,
    kinds: () => states.map((s) => s.kind),
    complete: () => (complete = true),
    /** Received exactly what was written, in order. */
    assertAll: () =>
      assert.deepEqual(
        received.map((e) => e.message),
        stream.events.map((e) => e.message),
      ),
  };
}

describe('LogTail engine', () => {
  it('pages a backlog back to back, then follows, then drains and finishes', async () => {
    const h = harness({}, 10);
    h.stream.write(35);
    h.tail.start();
    await h.clock.advance(0);
    assert.deepEqual(h.stream.calls, [0, 0, 0, 0, 0], 'four full pages and the caught-up one, no waiting');
    assert.deepEqual(h.kinds(), ['loading', 'following']);
    h.assertAll();
    h.stream.write(3);
    h.complete();
    await h.clock.advance(2000);
    h.assertAll();
    assert.deepEqual(h.kinds(), ['loading', 'following', 'finished']);
    assert.equal(h.clock.pending, 0, 'no timer left once finished');
  });

  it('backs off while the stream is quiet, up to the cap, and speeds up again when lines come', async () => {
    const h = harness({ pollMs: 2000 });
    h.stream.write(1);
    h.tail.start();
    await h.clock.advance(30_000);
    // The line, then caught up at 0; then waits of 2000, 3000, 4500, then the cap of 5000 (2.5 × pollMs).
    assert.deepEqual(h.stream.calls.slice(0, 7), [0, 0, 2000, 5000, 9500, 14500, 19500]);
    const before = h.stream.calls.length;
    h.stream.write(2);
    await h.clock.advance(5000);
    h.assertAll();
    const last = h.stream.calls.at(-1) ?? 0;
    await h.clock.advance(2000);
    assert.equal(h.stream.calls.at(-1), last + 2000, 'back to the poll interval after lines arrived');
    assert.ok(h.stream.calls.length > before);
    h.tail.dispose();
  });

  it('retries transient failures with doubling waits and resumes from the last good token', async () => {
    const h = harness({ retryBaseMs: 1000 }, 10);
    h.stream.write(25);
    h.stream.failures.push(
      awsError('throttled', { transient: true }),
      awsError('network', { transient: true }),
      awsError('other', { transient: true }),
    );
    h.tail.start();
    await h.clock.advance(0);
    assert.deepEqual(h.states, [
      { kind: 'loading' },
      {
        kind: 'retrying',
        message: 'Could not read log stream "g/s": throttled',
        attempt: 1,
        delayMs: 1000,
      },
    ]);
    await h.clock.advance(1000);
    await h.clock.advance(2000);
    assert.deepEqual(
      h.states.slice(2).map((s) => (s.kind === 'retrying' ? s.delayMs : s.kind)),
      [2000, 4000],
    );
    await h.clock.advance(4000);
    assert.deepEqual(h.stream.calls.slice(0, 4), [0, 1000, 3000, 7000]);
    h.assertAll();
    assert.equal(h.states.at(-1)?.kind, 'following');
    // A new failure starts the backoff over.
    h.stream.failures.push(awsError('throttled', { transient: true }));
    await h.clock.advance(2000);
    const last = h.states.at(-1);
    assert.equal(last?.kind === 'retrying' && last.attempt, 1);
    h.tail.dispose();
  });

  it('caps the retry wait', async () => {
    const h = harness({ retryBaseMs: 1000, retryMaxMs: 5000 });
    for (let i = 0; i < 6; i++) h.stream.failures.push(awsError('network', { transient: true }));
    h.tail.start();
    await h.clock.advance(60_000);
    const waits = h.states.flatMap((s) => (s.kind === 'retrying' ? [s.delayMs] : []));
    assert.deepEqual(waits, [1000, 2000, 4000, 5000, 5000, 5000]);
    h.tail.dispose();
  });

  it('stalls on expired credentials until resume(), then goes on without repeating a line', async () => {
    const h = harness({}, 10);
    h.stream.write(15);
    h.tail.start();
    await h.clock.advance(0);
    h.stream.write(15);
    h.stream.failures.push(awsError('credentials', { remedy: 'ssoLogin' }));
    await h.clock.advance(2000);
    assert.deepEqual(h.states.at(-1), {
      kind: 'stalled',
      message: 'Could not read log stream "g/s": credentials',
      remedy: 'ssoLogin',
    });
    const calls = h.stream.calls.length;
    await h.clock.advance(60_000);
    assert.equal(h.stream.calls.length, calls, 'a stalled tail makes no calls');
    assert.equal(h.clock.pending, 0);
    h.tail.resume();
    await h.clock.advance(2000);
    h.assertAll();
    assert.equal(h.states.at(-1)?.kind, 'following');
    h.tail.dispose();
  });

  it("expired environment credentials ask for fresh ones, not for a profile's", async () => {
    const h = harness();
    h.stream.failures.push(awsError('credentials', { remedy: 'selectProfile', fromEnvironment: true }));
    h.tail.start();
    await h.clock.advance(0);
    assert.deepEqual(h.kinds(), ['loading', 'stalled']);
    assert.equal(h.states[1].kind === 'stalled' && h.states[1].remedy, 'refreshEnvironment');
    h.tail.dispose();
  });

  it('access denied stalls with no remedy to offer but retry by hand', async () => {
    const h = harness();
    h.stream.failures.push(awsError('accessDenied', { remedy: 'none' }));
    h.tail.start();
    await h.clock.advance(0);
    assert.deepEqual(h.kinds(), ['loading', 'stalled']);
    assert.equal(h.states[1].kind === 'stalled' && h.states[1].remedy, 'none');
    h.tail.dispose();
  });

  it('waits for a stream that does not exist yet, without an error state', async () => {
    const h = harness({ pollMs: 1000 });
    h.stream.exists = false;
    h.tail.start();
    await h.clock.advance(10_000);
    assert.deepEqual(h.kinds(), ['loading']);
    assert.ok(h.stream.calls.length >= 4);
    h.stream.exists = true;
    h.stream.write(5);
    await h.clock.advance(3000);
    h.assertAll();
    assert.deepEqual(h.kinds(), ['loading', 'following']);
    h.tail.dispose();
  });

  it('finishes at once for a complete build that never created its stream', async () => {
    const h = harness();
    h.stream.exists = false;
    h.complete();
    h.tail.start();
    await h.clock.advance(0);
    assert.deepEqual(h.kinds(), ['loading', 'finished']);
    assert.equal(h.received.length, 0);
    assert.equal(h.clock.pending, 0);
  });

  it('reads once more after the build completes, for lines ingested a moment late', async () => {
    const h = harness({ settleMs: 1000 });
    h.stream.write(3);
    h.complete();
    h.tail.start();
    await h.clock.advance(500);
    h.stream.write(2);
    assert.notEqual(h.states.at(-1)?.kind, 'finished');
    await h.clock.advance(500);
    h.assertAll();
    assert.equal(h.states.at(-1)?.kind, 'finished');
  });

  it('dispose stops everything: no call, no state, no timer afterwards', async () => {
    const h = harness();
    h.tail.start();
    await h.clock.advance(0);
    h.tail.dispose();
    const calls = h.stream.calls.length;
    const states = h.states.length;
    await h.clock.advance(60_000);
    assert.equal(h.stream.calls.length, calls);
    assert.equal(h.states.length, states);
    assert.equal(h.clock.pending, 0);
  });

  it('continues from startToken', async () => {
    const h = harness({ startToken: 'f/4' });
    h.stream.write(6);
    h.tail.start();
    await h.clock.advance(0);
    assert.deepEqual(
      h.received.map((e) => e.message),
      ['line 4', 'line 5'],
    );
    assert.equal(h.tail.token, 'f/6');
    h.tail.dispose();
  });

  it('a consumer that throws does not get the same lines again', async () => {
    const h = harness();
    let calls = 0;
    const tail = new LogTail(h.stream, {
      groupName: 'g',
      streamName: 's',
      isComplete: () => Promise.resolve(false),
      onEvents: () => {
        calls++;
        throw new Error('view broke');
      },
      onState: (s) => h.states.push(s),
      clock: h.clock,
    });
    h.stream.write(3);
    tail.start();
    await h.clock.advance(0);
    assert.deepEqual(h.states.at(-1), { kind: 'stalled', message: 'view broke', remedy: 'retry' });
    tail.resume();
    await h.clock.advance(0);
    assert.equal(calls, 1);
    assert.equal(tail.token, 'f/3');
    tail.dispose();
  });

  describe('live tail as a doorbell', () => {
    const live = { liveTail: { groupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:g' } };

    it('opens a session once caught up and reads at once when it announces lines', async () => {
      const h = harness({ ...live, pollMs: 2000, liveCheckMs: 60_000 });
      h.stream.write(2);
      h.tail.start();
      await h.clock.advance(0);
      assert.equal(h.stream.liveSessions.length, 1);
      assert.deepEqual(h.stream.liveSessions[0].request, {
        groupArn: live.liveTail.groupArn,
        streamName: 's',
      });
      assert.deepEqual(h.states.at(-1), { kind: 'following', live: true });
      await h.clock.advance(30_000);
      // The first wait was set before the session had opened; after it, none until the safety read.
      assert.deepEqual(h.stream.calls, [0, 0, 2000], 'no polling while the session runs');
      h.stream.write(3);
      h.stream.liveSessions[0].push({ events: h.stream.events.slice(-3), sampled: false });
      await settle();
      await h.clock.advance(0);
      h.assertAll();
      assert.equal(h.stream.calls.at(-1), 30_000, 'read at the moment of the update');
      h.tail.dispose();
      assert.ok(h.stream.liveSessions[0].closed, 'dispose closes the session');
    });

    it('keeps reading for lines the session announced before GetLogEvents has them', async () => {
      const h = harness({ ...live, liveCheckMs: 60_000 });
      h.tail.start();
      await h.clock.advance(0);
      h.stream.liveSessions[0].push({ events: [{ timestamp: 1, message: 'soon' }], sampled: false });
      await h.clock.advance(0);
      await h.clock.advance(600);
      h.stream.write(1);
      await h.clock.advance(300);
      h.assertAll();
      assert.equal(h.received.length, 1);
      h.tail.dispose();
    });

    it('an announcement of lines a read already brought costs one read, not a burst', async () => {
      const h = harness({ ...live, liveCheckMs: 60_000 });
      h.tail.start();
      await h.clock.advance(0);
      const session = h.stream.liveSessions[0];
      h.stream.write(2);
      // The first line's update rings; the read brings both lines.
      session.push({ events: h.stream.events.slice(0, 1), sampled: false });
      await h.clock.advance(0);
      h.assertAll();
      const calls = h.stream.calls.length;
      // The second line's own update comes a second later: one read finds nothing new, and that is all.
      session.push({ events: h.stream.events.slice(1, 2), sampled: false });
      await h.clock.advance(5000);
      assert.equal(h.stream.calls.length, calls + 1);
      h.tail.dispose();
    });

    it('falls back to polling when the session is refused', async () => {
      const h = harness({ ...live, pollMs: 2000 });
      h.stream.refuseLive = awsError('accessDenied', { remedy: 'none' });
      h.tail.start();
      await h.clock.advance(10_000);
      assert.ok(!h.states.some((s) => s.kind === 'following' && s.live));
      assert.ok(!h.states.some((s) => s.kind === 'stalled'), 'a refused session is not an error');
      h.stream.write(2);
      await h.clock.advance(5000);
      h.assertAll();
      h.tail.dispose();
    });

    it('falls back to polling when the session fails, and opens a new one after a timeout', async () => {
      const h = harness({ ...live, pollMs: 2000, liveCheckMs: 60_000 });
      h.tail.start();
      await h.clock.advance(0);
      h.stream.write(1);
      h.stream.liveSessions[0].push(
        Object.assign(new Error('timed out'), { code: 'SessionTimeoutException' }),
      );
      await h.clock.advance(0);
      h.assertAll();
      assert.equal(h.stream.liveSessions.length, 2, 'a timed-out session is replaced');
      h.stream.write(1);
      h.stream.liveSessions[1].push(Object.assign(new Error('boom'), { code: 'SessionStreamingException' }));
      await h.clock.advance(0);
      h.assertAll();
      assert.deepEqual(h.states.at(-1), { kind: 'following' });
      await h.clock.advance(20_000);
      assert.equal(h.stream.liveSessions.length, 2, 'no new session after a failure');
      h.stream.write(2);
      await h.clock.advance(5000);
      h.assertAll();
      h.tail.dispose();
    });

    it('closes the session when the build completes', async () => {
      const h = harness({ ...live, liveCheckMs: 5000 });
      h.tail.start();
      await h.clock.advance(0);
      h.complete();
      await h.clock.advance(5000);
      assert.ok(h.stream.liveSessions[0].closed);
      assert.equal(h.states.at(-1)?.kind, 'finished');
    });
  });
});
