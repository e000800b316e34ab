/** CloudWatch Logs pages through the adapter: a running build's log followed to its end. */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { AwsError, openAccount, type AwsAccount, type LogEvent } from '../../client/src/aws/index';
import { startFake, type FakeAws } from './fake/server';
import { sandbox, staticEnv, type Sandbox } from './sandbox';

describe('CloudWatch Logs adapter', () => {
  let fake: FakeAws;
  let box: Sandbox;
  let aws: AwsAccount;

  before(async () => {
    fake = await startFake({ pipelines: 1, projects: 2, buildsPerProject: 0, linesPerPhase: 7 });
    box = sandbox({ env: staticEnv(fake.url) });
    aws = await openAccount();
  });
  afterEach(() => fake.faults.clear(3));
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
});
