/** CodeBuild through the adapter and the real SDK client, against the wire fake. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openAdapter, type AwsAdapter, type CallEvent } from '../../client/src/aws/index';
import { startFake, type FakeAws } from './fake/server';
import { sandbox, staticEnv, type Sandbox } from './sandbox';

describe('CodeBuild adapter', () => {
  let fake: FakeAws;
  let box: Sandbox;
  let aws: AwsAdapter;
  const events: CallEvent[] = [];

  before(async () => {
    fake = await startFake({ pipelines: 1, projects: 250, buildsPerProject: 0 });
    box = sandbox({ env: staticEnv(fake.url) });
    aws = await openAdapter({ onCall: (e) => events.push(e) });
  });
  after(async () => {
    aws.dispose();
    box.restore();
    await fake.stop();
  });

  it('pages through projects, 100 a page, with a token the UI can hand back', async () => {
    fake.resetCounts();
    const first = await aws.codebuild.listProjects();
    assert.equal(first.items.length, 100);
    assert.ok(first.nextToken);
    const second = await aws.codebuild.listProjects({ nextToken: first.nextToken });
    assert.equal(second.items[0], 'project-100');
    const all = await aws.codebuild.listAllProjects();
    assert.equal(all.length, 250);
    assert.equal(new Set(all).size, 250);
    assert.equal(fake.count('ListProjects'), 2 + 3);
  });

  it('batches 250 build ids into 3 calls and keeps the order asked', async () => {
    const ids = fake.codebuild.seedBuilds('project-007', 250);
    const asked = [...ids].reverse();
    asked.splice(10, 0, 'project-007:no-such-build');
    fake.resetCounts();
    const { found, notFound } = await aws.codebuild.batchGetBuilds(asked);
    assert.equal(fake.count('BatchGetBuilds'), 3);
    assert.deepEqual(
      found.map((b) => b.id),
      asked.filter((id) => id !== 'project-007:no-such-build'),
    );
    assert.deepEqual(notFound, ['project-007:no-such-build']);
    assert.equal(found[0].status, 'SUCCEEDED');
    assert.equal(found[0].phases.at(-1)?.type, 'COMPLETED');
  });

  it('batches projects too, and lists a project builds newest first', async () => {
    const names = Array.from({ length: 120 }, (_, i) => `project-${String(i).padStart(3, '0')}`);
    fake.resetCounts();
    const { found, notFound } = await aws.codebuild.batchGetProjects([...names, 'ghost']);
    assert.equal(fake.count('BatchGetProjects'), 2);
    assert.equal(found.length, 120);
    assert.equal(found[5].name, 'project-005');
    assert.equal(found[5].image, 'aws/codebuild/standard:7.0');
    assert.deepEqual(notFound, ['ghost']);

    const ids = fake.codebuild.seedBuilds('project-003', 3);
    const page = await aws.codebuild.listBuildsForProject('project-003');
    assert.deepEqual(page.items, [...ids].reverse());
    assert.equal(page.nextToken, undefined);
  });

  it('starts a build with overrides and sees it through every phase to COMPLETED', async () => {
    const started = await aws.codebuild.startBuild('project-001', {
      sourceVersion: 'refs/heads/feature',
      environmentVariablesOverride: [{ name: 'STAGE', value: 'test' }],
      buildspecOverride: 'version: 0.2\nphases:\n  build:\n    commands: [make]\n',
    });
    assert.equal(started.status, 'IN_PROGRESS');
    assert.equal(started.currentPhase, 'SUBMITTED');
    assert.equal(started.projectName, 'project-001');
    const stored = fake.codebuild.builds.get(started.id);
    assert.deepEqual(stored?.environmentVariables, [{ name: 'STAGE', value: 'test' }]);
    assert.match(stored?.buildspecOverride ?? '', /commands: \[make\]/);

    const seen: string[] = [];
    for (let i = 0; i < 20; i++) {
      const [build] = (await aws.codebuild.batchGetBuilds([started.id])).found;
      if (seen.at(-1) !== build.currentPhase) seen.push(build.currentPhase ?? '?');
      if (build.complete) break;
      fake.advance();
    }
    assert.deepEqual(seen, [
      'SUBMITTED',
      'QUEUED',
      'PROVISIONING',
      'DOWNLOAD_SOURCE',
      'INSTALL',
      'PRE_BUILD',
      'BUILD',
      'POST_BUILD',
      'UPLOAD_ARTIFACTS',
      'FINALIZING',
      'COMPLETED',
    ]);
    const [done] = (await aws.codebuild.batchGetBuilds([started.id])).found;
    assert.equal(done.status, 'SUCCEEDED');
    assert.ok(done.endTime instanceof Date);
    assert.equal(done.phases.length, 11);
    assert.ok(done.phases.slice(0, -1).every((p) => p.status === 'SUCCEEDED' && p.endTime instanceof Date));
    assert.equal(done.logs?.groupName, '/aws/codebuild/project-001');
    assert.equal(done.sourceVersion, 'refs/heads/feature');
  });

  it('reports why a failing build failed, then stops and retries builds', async () => {
    fake.codebuild.setFailing('project-002');
    const b = await aws.codebuild.startBuild('project-002');
    fake.advanceUntil(() => fake.codebuild.builds.get(b.id)?.buildComplete === true);
    const [failed] = (await aws.codebuild.batchGetBuilds([b.id])).found;
    assert.equal(failed.status, 'FAILED');
    const phase = failed.phases.find((p) => p.type === 'BUILD');
    assert.equal(phase?.status, 'FAILED');
    assert.match(phase?.messages[0] ?? '', /^COMMAND_EXECUTION_ERROR: Error while executing command/);
    fake.codebuild.setFailing('project-002', false);

    const retried = await aws.codebuild.retryBuild(b.id);
    assert.notEqual(retried.id, b.id);
    assert.equal(retried.projectName, 'project-002');
    const stopped = await aws.codebuild.stopBuild(retried.id);
    assert.equal(stopped.status, 'STOPPED');
    assert.equal(stopped.complete, true);
  });

  it('gets build batches and says which ids it did not find', async () => {
    const id = fake.codebuild.seedBatch('project-004');
    const { found, notFound } = await aws.codebuild.batchGetBuildBatches([id, 'project-004:missing']);
    assert.equal(found[0].id, id);
    assert.equal(found[0].status, 'SUCCEEDED');
    assert.equal(found[0].builds[0].identifier, 'linux');
    assert.deepEqual(notFound, ['project-004:missing']);
  });

  it('names a missing project in a notFound error, and logs calls without secrets', async () => {
    await assert.rejects(aws.codebuild.startBuild('nope'), (err: Error & { kind?: string }) => {
      assert.equal(err.kind, 'notFound');
      assert.equal(err.message, 'Could not start build for "nope": not found');
      return true;
    });
    const last = events.at(-1);
    assert.deepEqual(Object.keys(last ?? {}).sort(), [
      'attempts',
      'durationMs',
      'errorKind',
      'ok',
      'operation',
      'resource',
      'service',
    ]);
    assert.equal(last?.errorKind, 'notFound');
  });
});
