/** CloudWatch Logs pages through the adapter: a running build's log followed to its end. */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { toLogOutput } from '../../client/src/aws/codebuild';
import { AwsError, openAdapter, type AwsAdapter, type LogEvent } from '../../client/src/aws/index';
import { startFake, type FakeAws } from './fake/server';
import { sandbox, staticEnv, type Sandbox } from './sandbox';

describe('CloudWatch Logs adapter', () => {
  let fake: FakeAws;
  let box: Sandbox;
  let aws: AwsAdapter;

  before(async () => {
    fake = await startFake({ pipelines: 1, projects: 2, buildsPerProject: 0, linesPerPhase: 7 });
    box = sandbox({ env: staticEnv(fake.url) });
    aws = await openAdapter();
  });
  afterEach(() => {
    fake.faults.clear(3);
    fake.logs.liveTails.endAll('drop');
    Object.assign(fake.logs.liveTails.settings, { enabled: true, updateMs: 1000 });
  });
  after(async () => {
    aws.dispose();
    box.restore();
    await fake.stop();
  });

  async function startedBuild() {
    const build = await aws.codebuild.startBuild('project-0');
    fake.advanceUntil(() => fake.codebuild.builds.get(build.id)?.currentPhase === 'DOWNLOAD_SOURCE');
    const [b] = (await aws.codebuild.batchGetBuilds([build.id])).found;
    assert.ok(b.logs, 'a build past PROVISIONING has a log stream');
    return { id: build.id, ...b.logs };
  }

  it('follows a running build from the head: no line lost or repeated, same token when idle', async () => {
    const { id, groupName, streamName } = await startedBuild();
    const read: LogEvent[] = [];
    let token: string | undefined;
    let idle = 0;
    for (let round = 0; round < 200; round++) {
      const page = await aws.logs.getLogEvents({ groupName, streamName, nextToken: token, limit: 4 });
      read.push(...page.events);
      if (page.caughtUp) {
        assert.equal(page.events.length, 0);
        assert.equal(page.nextForwardToken, token, 'nothing new: the same token comes back');
        idle++;
        if (fake.codebuild.builds.get(id)?.buildComplete) break;
        fake.advance();
      }
      token = page.nextForwardToken;
    }
    assert.ok(idle > 3, 'caught up with the writer several times');
    const written = fake.logs.events(groupName, streamName);
    assert.ok(written.length > 60);
    assert.deepEqual(
      read.map((e) => e.message),
      written.map((e) => e.message),
    );
    assert.match(read.at(-1)?.message ?? '', /Phase complete: FINALIZING State: SUCCEEDED/);
  });

  it('loses nothing across throttling, dropped connections and an expired token', async () => {
    const { id, groupName, streamName } = await startedBuild();
    fake.advanceUntil(() => fake.codebuild.builds.get(id)?.buildComplete === true);
    fake.inject({ kind: 'throttle', operation: 'GetLogEvents', rate: 0.2 });
    fake.inject({ kind: 'drop', operation: 'GetLogEvents', rate: 0.15 });
    const read: LogEvent[] = [];
    let token: string | undefined;
    let expiredOnce = false;
    for (let round = 0; round < 200; round++) {
      if (round === 5) fake.inject({ kind: 'expiredToken', operation: 'GetLogEvents', times: 1 });
      let page;
      try {
        page = await aws.logs.getLogEvents({ groupName, streamName, nextToken: token, limit: 8 });
      } catch (err) {
        assert.ok(err instanceof AwsError);
        // A real follower would wait for the user to sign in; here the next call simply works.
        assert.equal(err.kind, 'credentials');
        expiredOnce = true;
        continue;
      }
      read.push(...page.events);
      if (page.caughtUp) break;
      token = page.nextForwardToken;
    }
    assert.ok(expiredOnce);
    assert.deepEqual(
      read.map((e) => e.message),
      fake.logs.events(groupName, streamName).map((e) => e.message),
    );
  });

  it('reads a finished log in one go, and from the tail backwards', async () => {
    const { id, groupName, streamName } = await startedBuild();
    fake.advanceUntil(() => fake.codebuild.builds.get(id)?.buildComplete === true);
    const all = await aws.logs.readToEnd(groupName, streamName);
    const written = fake.logs.events(groupName, streamName);
    assert.equal(all.events.length, written.length);
    const again = await aws.logs.readToEnd(groupName, streamName, all.nextToken);
    assert.equal(again.events.length, 0, 'resuming from the end token reads nothing twice');

    const tail = await aws.logs.getLogEvents({ groupName, streamName, startFromHead: false, limit: 10 });
    assert.deepEqual(
      tail.events.map((e) => e.message),
      written.slice(-10).map((e) => e.message),
    );
    const before = await aws.logs.getLogEvents({
      groupName,
      streamName,
      nextToken: tail.nextBackwardToken,
      startFromHead: false,
      limit: 10,
    });
    assert.deepEqual(
      before.events.map((e) => e.message),
      written.slice(-20, -10).map((e) => e.message),
    );
  });

  it('a stream that does not exist yet is notFound', async () => {
    await assert.rejects(
      aws.logs.getLogEvents({ groupName: '/aws/codebuild/project-0', streamName: 'nope' }),
      (err: AwsError) =>
        err.kind === 'notFound' &&
        err.message === 'Could not read log stream "/aws/codebuild/project-0/nope": not found',
    );
  });

  const GROUP_ARN = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/codebuild/project-1';

  it('StartLiveTail over the wire: the session start, then updates with the new lines only', async () => {
    fake.logs.liveTails.settings.updateMs = 20;
    fake.logs.append('/aws/codebuild/project-1', 'live', 'old line');
    const session = await aws.logs.startLiveTail({ groupArn: GROUP_ARN, streamName: 'live' });
    assert.match(session.sessionId ?? '', /^[0-9a-f-]{36}$/);
    fake.logs.append('/aws/codebuild/project-1', 'live', 'new 1', 'new 2');
    fake.logs.append('/aws/codebuild/project-1', 'other', 'another stream');
    const seen: string[] = [];
    for await (const update of session) {
      assert.equal(update.sampled, false);
      seen.push(...update.events.map((e) => e.message));
      if (seen.length >= 2) break;
    }
    assert.deepEqual(seen, ['new 1', 'new 2']);
    // Leaving the loop closed the session: the fake sees the connection go.
    await new Promise<void>((resolve) => {
      const check = setInterval(() => fake.logs.liveTails.open === 0 && (clearInterval(check), resolve()), 5);
    });
  });

  it('a session ending with SessionTimeoutException throws an AwsError with that code', async () => {
    fake.logs.liveTails.settings.updateMs = 20;
    fake.logs.createStream('/aws/codebuild/project-1', 'live');
    const session = await aws.logs.startLiveTail({ groupArn: GROUP_ARN, streamName: 'live' });
    setTimeout(() => fake.logs.liveTails.endAll('SessionTimeoutException'), 50);
    const err = await (async () => {
      try {
        for await (const update of session) void update;
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(err instanceof AwsError);
    assert.equal(err.code, 'SessionTimeoutException');
    assert.equal(
      err.message,
      'Could not start live tail of "/aws/codebuild/project-1/live": SessionTimeoutException: Session timed out',
    );
  });

  it('close() ends the session from our side', async () => {
    fake.logs.liveTails.settings.updateMs = 20;
    fake.logs.createStream('/aws/codebuild/project-1', 'live');
    const session = await aws.logs.startLiveTail({ groupArn: GROUP_ARN, streamName: 'live' });
    assert.equal(fake.logs.liveTails.open, 1);
    setTimeout(() => session.close(), 60);
    let updates = 0;
    for await (const update of session) updates += update.events.length + 1;
    assert.ok(updates >= 1, 'empty updates arrive every interval, as AWS sends them');
  });

  it('a refused StartLiveTail is an AwsError: not offered, access denied, over the quota', async () => {
    fake.logs.createStream('/aws/codebuild/project-1', 'live');
    const start = () => aws.logs.startLiveTail({ groupArn: GROUP_ARN, streamName: 'live' });
    fake.logs.liveTails.settings.enabled = false;
    await assert.rejects(start(), (e: AwsError) => e.code === 'UnknownOperationException');
    fake.logs.liveTails.settings.enabled = true;
    fake.inject({ kind: 'accessDenied', operation: 'StartLiveTail', times: 1 });
    await assert.rejects(
      start(),
      (e: AwsError) => e.kind === 'accessDenied' && /logs:StartLiveTail/.test(e.message),
    );
    fake.logs.liveTails.settings.maxSessions = 0;
    try {
      await assert.rejects(start(), (e: AwsError) => e.code === 'LimitExceededException');
    } finally {
      fake.logs.liveTails.settings.maxSessions = 15;
    }
    await assert.rejects(
      aws.logs.startLiveTail({ groupArn: '/aws/codebuild/project-1', streamName: 'live' }),
      (e: AwsError) => e.code === 'InvalidParameterException',
      'a group name is not an ARN',
    );
  });

  it('a build says plainly where it logs: CloudWatch, S3 only, nowhere, or not yet', () => {
    const arn = 'arn:aws:codebuild:eu-west-1:111122223333:build/api:1234';
    assert.deepEqual(toLogOutput({ arn, projectName: 'api' }), { kind: 'unknown' });
    assert.deepEqual(
      toLogOutput({ arn, projectName: 'api', logs: { cloudWatchLogs: { status: 'ENABLED' } } }),
      {
        kind: 'cloudWatch',
        groupName: '/aws/codebuild/api',
        streamName: undefined,
        groupArn: 'arn:aws:logs:eu-west-1:111122223333:log-group:/aws/codebuild/api',
        deepLink: undefined,
        s3Location: undefined,
      },
    );
    const cw = toLogOutput({
      arn,
      logs: {
        groupName: 'custom',
        streamName: 'api/1234',
        cloudWatchLogsArn: 'arn:aws:logs:eu-west-1:111122223333:log-group:custom:log-stream:api/1234',
        s3Logs: { status: 'ENABLED', location: 'bucket/prefix' },
      },
    });
    assert.deepEqual(cw, {
      kind: 'cloudWatch',
      groupName: 'custom',
      streamName: 'api/1234',
      groupArn: 'arn:aws:logs:eu-west-1:111122223333:log-group:custom',
      deepLink: undefined,
      s3Location: 'bucket/prefix',
    });
    assert.deepEqual(
      toLogOutput({
        logs: {
          cloudWatchLogs: { status: 'DISABLED' },
          s3Logs: { status: 'ENABLED', location: 'bucket/logs' },
          s3DeepLink: 'https://s3.console/x',
        },
      }),
      { kind: 's3', s3Location: 'bucket/logs', deepLink: 'https://s3.console/x' },
    );
    assert.deepEqual(
      toLogOutput({ logs: { cloudWatchLogs: { status: 'DISABLED' }, s3Logs: { status: 'DISABLED' } } }),
      { kind: 'none' },
    );
  });

  it('builds from the fake carry the group ARN live tail needs', async () => {
    const { id } = await startedBuild();
    const [b] = (await aws.codebuild.batchGetBuilds([id])).found;
    assert.equal(b.logOutput?.kind, 'cloudWatch');
    assert.equal(b.logs?.groupArn, 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/codebuild/project-0');
  });
});
