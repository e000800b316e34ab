/**
 * The tail against the wire-protocol fake with the real SDK: running builds followed to their end
 * through pages, idle tokens, throttling, 5xx, dropped connections, expired credentials, a stream
 * that appears late, and live tail sessions that fail. What arrives must equal what was written.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  openAdapter as openAccount,
  type AwsAdapter as AwsAccount,
  type LogEvent,
} from '../../client/src/aws/index';
import { LogTail, type TailOptions, type TailSource, type TailState } from '../../client/src/logs/tail';
import { startFake, type FakeAws } from '../aws/fake/server';
import { sandbox, staticEnv, type Sandbox } from '../aws/sandbox';

describe('LogTail over the wire', () => {
  let fake: FakeAws;
  let box: Sandbox;
  /** The default adapter: the SDK retries throttling and 5xx itself. */
  let aws: AwsAccount;
  /** One attempt a call, so every fault reaches the tail. */
  let bare: AwsAccount;
  let ticker: NodeJS.Timeout | undefined;

  before(async () => {
    fake = await startFake({ pipelines: 1, projects: 2, buildsPerProject: 0, linesPerPhase: 6 });
    box = sandbox({ env: staticEnv(fake.url) });
    aws = await openAccount();
    bare = await openAccount({ maxAttempts: 1 });
  });
  afterEach(() => {
    clearInterval(ticker);
    fake.logs.liveTails.endAll('drop');
    fake.faults.clear(11);
    Object.assign(fake.logs.liveTails.settings, { enabled: true, updateMs: 1000 });
  });
  after(async () => {
    aws.dispose();
    bare.dispose();
    box.restore();
    await fake.stop();
  });

  /** CodeBuild names a build's log stream once it provisions: moves the build there, reads the names. */
  async function namedLogs(id: string) {
    fake.advanceUntil(
      () =>
        fake.codebuild.builds.get(id)?.currentPhase !== 'SUBMITTED' &&
        fake.codebuild.builds.get(id)?.currentPhase !== 'QUEUED',
    );
    return (await aws.codebuild.batchGetBuilds([id])).found[0]?.logs ?? assert.fail('no log stream');
  }

  /** Starts a build and moves it on one phase every `tickMs` of real time until it completes. */
  async function runningBuild(tickMs = 25) {
    const build = await aws.codebuild.startBuild('project-0');
    assert.equal(build.logs, undefined, 'no log stream is named before the build provisions');
    const logs = await namedLogs(build.id);
    ticker = setInterval(() => {
      if (!fake.codebuild.builds.get(build.id)?.buildComplete) fake.advance();
    }, tickMs);
    return { id: build.id, ...logs };
  }

  interface Run {
    tail: LogTail;
    received: LogEvent[];
    states: TailState[];
    /** Resolves with the first state of this kind (already seen or to come). */
    reach(kind: TailState['kind']): Promise<TailState>;
  }

  function follow(
    account: { logs: TailSource },
    id: string,
    options: Partial<TailOptions> & { groupName: string; streamName: string },
  ): Run {
    const received: LogEvent[] = [];
    const states: TailState[] = [];
    const waiting: { kind: string; resolve: (s: TailState) => void }[] = [];
    const tail = new LogTail(account.logs, {
      isComplete: async () => (await aws.codebuild.batchGetBuilds([id])).found[0]?.complete ?? false,
      onEvents: (events) => received.push(...events),
      onState: (state) => {
        states.push(state);
        for (const w of waiting.filter((x) => x.kind === state.kind)) w.resolve(state);
      },
      pollMs: 20,
      retryBaseMs: 10,
      retryMaxMs: 80,
      settleMs: 0,
      ...options,
    });
    tail.start();
    return {
      tail,
      received,
      states,
      reach: (kind) =>
        new Promise((resolve) => {
          const seen = states.find((s) => s.kind === kind);
          if (seen) resolve(seen);
          else waiting.push({ kind, resolve });
        }),
    };
  }

  function assertExact(run: Run, groupName: string, streamName: string) {
    const written = fake.logs.events(groupName, streamName);
    assert.ok(written.length > 50, `a real log: ${written.length} lines`);
    assert.deepEqual(
      run.received.map((e) => [e.timestamp, e.message]),
      written.map((e) => [e.timestamp, e.message]),
    );
  }

  it('follows a running build through small pages and idle tokens to the end', async () => {
    const { id, groupName, streamName } = await runningBuild(40);
    fake.resetCounts();
    const run = follow(aws, id, { groupName, streamName, pageLimit: 4 });
    await run.reach('finished');
    run.tail.dispose();
    assertExact(run, groupName, streamName);
    assert.ok(fake.count('GetLogEvents') > fake.logs.events(groupName, streamName).length / 4);
    assert.ok(!run.states.some((s) => s.kind === 'retrying' || s.kind === 'stalled'));
  });

  it('loses and repeats nothing through 20% throttling, 5xx and dropped connections', async () => {
    fake.inject({ kind: 'throttle', operation: 'GetLogEvents', rate: 0.2 });
    fake.inject({ kind: 'serverError', operation: 'GetLogEvents', rate: 0.1 });
    fake.inject({ kind: 'unavailable', operation: 'GetLogEvents', rate: 0.05 });
    fake.inject({ kind: 'drop', operation: 'GetLogEvents', rate: 0.1 });
    const { id, groupName, streamName } = await runningBuild();
    const run = follow(bare, id, { groupName, streamName, pageLimit: 5 });
    await run.reach('finished');
    run.tail.dispose();
    assertExact(run, groupName, streamName);
    const retries = run.states.filter((s) => s.kind === 'retrying');
    assert.ok(retries.length >= 3, `the faults reached the tail: ${retries.length} retries`);
    assert.ok(!run.states.some((s) => s.kind === 'stalled'));
  });

  it('with the SDK retrying, 20% throttling does not even show', async () => {
    // Its own connection: the adaptive rate limiter it slows down must not slow the other tests.
    const own = await openAccount();
    fake.inject({ kind: 'throttle', operation: 'GetLogEvents', rate: 0.2 });
    const { id, groupName, streamName } = await runningBuild();
    const run = follow(own, id, { groupName, streamName, pageLimit: 5 });
    await run.reach('finished');
    run.tail.dispose();
    own.dispose();
    assertExact(run, groupName, streamName);
    assert.ok(!run.states.some((s) => s.kind === 'retrying'));
  });

  it('stalls on expired credentials, makes no calls until resumed, then carries on', async () => {
    const { id, groupName, streamName } = await runningBuild(60);
    let expired = false;
    const run = follow(aws, id, {
      groupName,
      streamName,
      pageLimit: 5,
      onEvents: (events) => {
        run.received.push(...events);
        if (!expired && run.received.length >= 10) {
          expired = true;
          fake.inject({ kind: 'expiredToken', operation: 'GetLogEvents', times: 1 });
        }
      },
    });
    const stalled = await run.reach('stalled');
    // The test signs with environment credentials: the fix is fresh ones, not a profile's.
    assert.deepEqual(stalled, {
      kind: 'stalled',
      message: `Could not read log stream "${groupName}/${streamName}": the credentials have expired`,
      remedy: 'refreshEnvironment',
    });
    fake.resetCounts();
    // Let the build run to its end: the tail must stay put meanwhile.
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (fake.codebuild.builds.get(id)?.buildComplete) {
          clearInterval(check);
          resolve();
        }
      }, 10);
    });
    assert.equal(fake.count('GetLogEvents'), 0, 'a stalled tail makes no calls');
    run.tail.resume();
    await run.reach('finished');
    run.tail.dispose();
    assertExact(run, groupName, streamName);
  });

  it('waits for a stream that appears late, as a build provisions, without an error', async () => {
    const { id, groupName, streamName } = await runningBuild(40);
    assert.equal(fake.logs.events(groupName, streamName).length, 0);
    const run = follow(aws, id, { groupName, streamName });
    await run.reach('finished');
    run.tail.dispose();
    assertExact(run, groupName, streamName);
    assert.ok(!run.states.some((s) => s.kind === 'retrying' || s.kind === 'stalled'));
    assert.equal(run.states[0].kind, 'loading');
  });

  it('a build that finishes while its backlog is being paged is drained to the last line', async () => {
    const build = await aws.codebuild.startBuild('project-1');
    const { groupName, streamName } = await namedLogs(build.id);
    fake.advanceUntil(() => fake.codebuild.builds.get(build.id)?.currentPhase === 'BUILD');
    let pages = 0;
    const run = follow(aws, build.id, {
      groupName,
      streamName,
      pageLimit: 3,
      onEvents: (events) => {
        run.received.push(...events);
        if (++pages === 2)
          fake.advanceUntil(() => fake.codebuild.builds.get(build.id)?.buildComplete === true);
      },
    });
    await run.reach('finished');
    run.tail.dispose();
    assertExact(run, groupName, streamName);
  });

  describe('with live tail', () => {
    /** A build whose stream exists, followed with live tail; `pollMs` only matters once it is off. */
    async function liveRun(pollMs: number, tickMs = 40, account: { logs: TailSource } = aws) {
      fake.logs.liveTails.settings.updateMs = 30;
      const build = await aws.codebuild.startBuild('project-0');
      fake.advanceUntil(() => fake.codebuild.builds.get(build.id)?.currentPhase === 'DOWNLOAD_SOURCE');
      const { groupName, streamName, groupArn } = await namedLogs(build.id);
      assert.equal(groupArn, `arn:aws:logs:us-east-1:123456789012:log-group:${groupName}`);
      ticker = setInterval(() => {
        if (!fake.codebuild.builds.get(build.id)?.buildComplete) fake.advance();
      }, tickMs);
      fake.resetCounts();
      const run = follow(account, build.id, {
        groupName,
        streamName,
        pollMs,
        liveCheckMs: 10_000,
        liveTail: { groupArn: groupArn ?? '' },
      });
      return { run, groupName, streamName };
    }

    it('reads each line as the session announces it, then closes the session', async () => {
      // Polling alone would wait 10 s a read: finishing a 500 ms build shows the session rang.
      const started = performance.now();
      const { run, groupName, streamName } = await liveRun(10_000);
      await run.reach('finished');
      run.tail.dispose();
      assertExact(run, groupName, streamName);
      assert.ok(performance.now() - started < 5000);
      assert.ok(run.states.some((s) => s.kind === 'following' && s.live === true));
      assert.equal(fake.count('StartLiveTail'), 1);
      assert.equal(fake.logs.liveTails.open, 0, 'the session was closed');
    });

    for (const [why, refuse] of [
      ['the endpoint does not offer it', () => (fake.logs.liveTails.settings.enabled = false)],
      ['access is denied', () => fake.inject({ kind: 'accessDenied', operation: 'StartLiveTail' })],
      ['the session quota is used up', () => (fake.logs.liveTails.settings.maxSessions = 0)],
    ] as const) {
      it(`falls back to polling when ${why}, losing nothing`, async () => {
        refuse();
        try {
          const { run, groupName, streamName } = await liveRun(20);
          await run.reach('finished');
          run.tail.dispose();
          assertExact(run, groupName, streamName);
          assert.ok(fake.count('StartLiveTail') >= 1, 'it was tried');
          assert.ok(!run.states.some((s) => s.kind === 'following' && s.live === true));
          assert.ok(!run.states.some((s) => s.kind === 'stalled' || s.kind === 'retrying'));
        } finally {
          fake.logs.liveTails.settings.maxSessions = 15;
        }
      });
    }

    it('replaces a timed-out session, falls back on a failed one, and loses nothing', async () => {
      // Counted here: the SDK may retry a request whose stream broke before it began.
      let sessions = 0;
      const counted: TailSource = {
        getLogEvents: (request) => aws.logs.getLogEvents(request),
        startLiveTail: (request) => {
          sessions++;
          return aws.logs.startLiveTail(request);
        },
      };
      const { run, groupName, streamName } = await liveRun(20, 60, { logs: counted });
      const until = (done: () => boolean) =>
        new Promise<void>((resolve) => {
          const check = setInterval(() => {
            if (done()) {
              clearInterval(check);
              resolve();
            }
          }, 5);
        });
      await until(() => run.received.length >= 10 && fake.logs.liveTails.open > 0);
      fake.logs.liveTails.endAll('SessionTimeoutException');
      await until(() => sessions === 2 && fake.logs.liveTails.open > 0);
      fake.logs.liveTails.endAll('SessionStreamingException');
      await run.reach('finished');
      run.tail.dispose();
      assertExact(run, groupName, streamName);
      assert.equal(
        sessions,
        2,
        `a new session after the timeout, none after the failure: ${JSON.stringify(run.states)}`,
      );
    });
  });
});
