/**
 * Nothing runs twice: a response lost after the service acted (the fake does the work, then drops
 * the connection or answers 5xx) is retried by the SDK with the same token, and the service starts
 * one build, batch or execution. Tokens as AWS honours them: same token, same result; same token
 * with other parameters, the service's error; a CodeBuild token lapses after five minutes.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { StartBuildCommand } from '@aws-sdk/client-codebuild';
import { openAdapter, type AwsAdapter } from '../../client/src/aws/index';
import { startFake, type FakeAws } from './fake/server';
import { failure, sandbox, staticEnv, type Sandbox } from './sandbox';

describe('calls that must not run twice', () => {
  let fake: FakeAws;
  let box: Sandbox;
  let aws: AwsAdapter;

  before(async () => {
    fake = await startFake({ pipelines: 2, projects: 3, buildsPerProject: 0 });
    box = sandbox({ env: staticEnv(fake.url) });
    // The retry policy a user gets (standard mode, five attempts): its retries carry the tokens.
    aws = await openAdapter();
  });
  afterEach(() => fake.faults.clear(3));
  after(async () => {
    aws.dispose();
    box.restore();
    await fake.stop();
  });

  const buildsOf = (project: string) => fake.codebuild.projects.get(project)?.builds.length ?? 0;

  it('StartBuild whose response is lost (dropped connection) starts one build', async () => {
    const before = buildsOf('project-0');
    fake.inject({ kind: 'drop', operation: 'StartBuild', afterWork: true, times: 1 });
    fake.resetCounts();
    const build = await aws.codebuild.startBuild('project-0');
    assert.equal(fake.count('StartBuild'), 2, 'the SDK sent it again');
    assert.equal(buildsOf('project-0'), before + 1);
    assert.ok(fake.codebuild.builds.has(build.id), 'the build the user sees is the one that runs');
  });

  it('without a token the same lost response starts two builds (the fault bites)', async () => {
    const before = buildsOf('project-0');
    fake.inject({ kind: 'drop', operation: 'StartBuild', afterWork: true, times: 1 });
    await aws.clients.codebuild.send(new StartBuildCommand({ projectName: 'project-0' }));
    assert.equal(buildsOf('project-0'), before + 2);
  });

  it('RetryBuild answered with a 500 after it started the build starts one build', async () => {
    const [done] = fake.codebuild.seedBuilds('project-1', 1);
    const before = buildsOf('project-1');
    fake.inject({ kind: 'serverError', operation: 'RetryBuild', afterWork: true, times: 1 });
    fake.resetCounts();
    const build = await aws.codebuild.retryBuild(done);
    assert.equal(fake.count('RetryBuild'), 2);
    assert.equal(buildsOf('project-1'), before + 1);
    assert.ok(fake.codebuild.builds.has(build.id));
  });

  it('StartBuildBatch and RetryBuildBatch with lost responses start one batch and rerun it once', async () => {
    fake.codebuild.setBatch('project-2');
    const batches = fake.codebuild.batchBuilds.batches;
    const before = batches.size;
    fake.inject({ kind: 'unavailable', operation: 'StartBuildBatch', afterWork: true, times: 1 });
    fake.codebuild.setFailing('project-2');
    const batch = await aws.codebuild.startBuildBatch('project-2');
    assert.equal(batches.size, before + 1);
    assert.equal(batch.builds.length, 2);
    fake.advanceUntil(
      () =>
        fake.codebuild.batchBuilds.batches
          .get(batch.id)
          ?.members.every((m) => fake.codebuild.builds.get(m.buildId)?.buildComplete) === true,
    );
    const [failed] = (await aws.codebuild.batchGetBuildBatches([batch.id])).found;
    assert.equal(failed.status, 'FAILED');
    assert.equal(failed.complete, true);

    fake.codebuild.setFailing('project-2', false);
    const builds = buildsOf('project-2');
    fake.inject({ kind: 'drop', operation: 'RetryBuildBatch', afterWork: true, times: 1 });
    fake.resetCounts();
    const retried = await aws.codebuild.retryBuildBatch(batch.id, 'RETRY_ALL_BUILDS');
    assert.equal(fake.count('RetryBuildBatch'), 2);
    assert.equal(buildsOf('project-2'), builds + 2, 'each build of the batch ran again once');
    assert.equal(retried.complete, false);
  });

  it('StartPipelineExecution whose response is lost starts one execution', async () => {
    const executions = () => fake.codepipeline.pipelines.get('pipeline-1')?.executions.length ?? 0;
    const before = executions();
    fake.inject({ kind: 'drop', operation: 'StartPipelineExecution', afterWork: true, times: 1 });
    fake.resetCounts();
    const id = await aws.codepipeline.startPipelineExecution('pipeline-1');
    assert.equal(fake.count('StartPipelineExecution'), 2);
    assert.equal(executions(), before + 1);
    assert.equal(fake.codepipeline.pipelines.get('pipeline-1')?.executions[0].pipelineExecutionId, id);
  });

  it('a token the caller passes names one user action across calls', async () => {
    const before = buildsOf('project-0');
    const token = 'user-action-1';
    const first = await aws.codebuild.startBuild('project-0', { idempotencyToken: token });
    const again = await aws.codebuild.startBuild('project-0', { idempotencyToken: token });
    assert.equal(again.id, first.id);
    assert.equal(buildsOf('project-0'), before + 1);

    const run = await aws.codepipeline.startPipelineExecution('pipeline-0', [], 'run-1');
    assert.equal(await aws.codepipeline.startPipelineExecution('pipeline-0', [], 'run-1'), run);
  });

  it('the same token with other parameters is refused, as the services refuse it', async () => {
    const token = 'user-action-2';
    await aws.codebuild.startBuild('project-0', { idempotencyToken: token, sourceVersion: 'main' });
    const err = await failure(
      aws.codebuild.startBuild('project-0', { idempotencyToken: token, sourceVersion: 'dev' }),
    );
    assert.equal(err.code, 'InvalidInputException');
    assert.equal(err.kind, 'other');
    assert.match(
      err.message,
      /^Could not start build for "project-0": InvalidInputException: Idempotent request parameter mismatch/,
    );

    await aws.codepipeline.startPipelineExecution('pipeline-0', [], 'run-2');
    const vars = [{ name: 'DEPLOY_ENV', value: 'prod' }];
    const refused = await failure(aws.codepipeline.startPipelineExecution('pipeline-0', vars, 'run-2'));
    assert.equal(refused.code, 'ValidationException');
  });

  it('a CodeBuild token lapses after five minutes: then it starts a new build', async () => {
    const token = 'user-action-3';
    const first = await aws.codebuild.startBuild('project-1', { idempotencyToken: token });
    fake.advance(61); // 61 ticks of 5 s
    const later = await aws.codebuild.startBuild('project-1', { idempotencyToken: token });
    assert.notEqual(later.id, first.id);
  });
});
