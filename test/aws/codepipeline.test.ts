/** CodePipeline through the adapter and the real SDK client, against the wire fake. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openAdapter, type AwsAdapter, type PipelineState } from '../../client/src/aws/index';
import { startFake, type FakeAws } from './fake/server';
import { sandbox, staticEnv, type Sandbox } from './sandbox';

const stage = (state: PipelineState, name: string) => state.stages.find((s) => s.name === name);

describe('CodePipeline adapter', () => {
  let fake: FakeAws;
  let box: Sandbox;
  let aws: AwsAdapter;

  before(async () => {
    fake = await startFake({ pipelines: 250, projects: 4, executionsPerPipeline: 3, buildsPerProject: 0 });
    box = sandbox({ env: staticEnv(fake.url) });
    aws = await openAdapter();
  });
  after(async () => {
    aws.dispose();
    box.restore();
    await fake.stop();
  });

  it('pages through pipelines with the token, and lists all of them in as few calls as it can', async () => {
    fake.resetCounts();
    const first = await aws.codepipeline.listPipelines({ pageSize: 100 });
    assert.equal(first.items.length, 100);
    assert.equal(first.items[0].name, 'pipeline-000');
    const second = await aws.codepipeline.listPipelines({ pageSize: 100, nextToken: first.nextToken });
    assert.equal(second.items[0].name, 'pipeline-100');
    const third = await aws.codepipeline.listPipelines({ pageSize: 100, nextToken: second.nextToken });
    assert.equal(third.items.length, 50);
    assert.equal(third.nextToken, undefined);
    assert.equal(fake.count('ListPipelines'), 3);

    fake.resetCounts();
    const all = await aws.codepipeline.listAllPipelines();
    assert.equal(all.length, 250);
    assert.equal(fake.count('ListPipelines'), 1, 'one call of up to 1000');
  });

  it('reads the definition as JSON and the state as stages and actions', async () => {
    const def = await aws.codepipeline.getPipeline('pipeline-001');
    assert.deepEqual(
      def.stages.map((s) => `${s.name}:${s.actions[0].provider}`),
      ['Source:CodeStarSourceConnection', 'Build:CodeBuild', 'Approve:Manual', 'Deploy:CodeDeploy'],
    );
    assert.equal((def.json.stages as unknown[]).length, 4);
    assert.deepEqual(def.stages[0].actions[0].configuration, {
      ConnectionArn: 'arn:aws:codestar-connections:us-east-1:123456789012:connection/fake',
      FullRepositoryId: 'acme/pipeline-001',
      BranchName: 'main',
    });
    assert.deepEqual(def.variables, [
      { name: 'DEPLOY_ENV', defaultValue: 'staging', description: 'Where the Deploy stage deploys to' },
    ]);
    assert.match(def.arn ?? '', /^arn:aws:codepipeline:us-east-1:\d{12}:pipeline-001$/);

    const state = await aws.codepipeline.getPipelineState('pipeline-001');
    assert.deepEqual(
      state.stages.map((s) => s.status),
      ['Succeeded', 'Succeeded', 'Succeeded', 'Succeeded'],
    );
    assert.ok(state.stages[0].actions[0].lastStatusChange instanceof Date);
  });

  it('pages through executions', async () => {
    const first = await aws.codepipeline.listPipelineExecutions('pipeline-002', { pageSize: 2 });
    assert.equal(first.items.length, 2);
    const rest = await aws.codepipeline.listPipelineExecutions('pipeline-002', {
      pageSize: 2,
      nextToken: first.nextToken,
    });
    assert.equal(rest.items.length, 1);
    assert.equal(rest.nextToken, undefined);
    assert.equal(new Set([...first.items, ...rest.items].map((e) => e.id)).size, 3);
  });

  it('runs an execution through its stages: build, then a manual approval that waits', async () => {
    await assert.rejects(
      aws.codepipeline.startPipelineExecution('pipeline-003', [{ name: 'ENV', value: 'qa' }]),
      /ENV is not declared/,
      'a variable the pipeline does not declare is refused',
    );
    const id = await aws.codepipeline.startPipelineExecution('pipeline-003', [
      { name: 'DEPLOY_ENV', value: 'qa' },
    ]);
    const exec = () => fake.codepipeline.pipelines.get('pipeline-003')!.executions[0];
    assert.deepEqual(exec().variables, [{ name: 'DEPLOY_ENV', resolvedValue: 'qa' }]);
    fake.advance();
    let state = await aws.codepipeline.getPipelineState('pipeline-003');
    assert.equal(stage(state, 'Source')?.status, 'InProgress');
    assert.equal(stage(state, 'Source')?.executionId, id);

    fake.advanceUntil(() => exec().stageIndex === 1 && exec().entered);
    state = await aws.codepipeline.getPipelineState('pipeline-003');
    const buildAction = stage(state, 'Build')?.actions[0];
    assert.equal(buildAction?.status, 'InProgress');
    assert.match(buildAction?.externalExecutionId ?? '', /^project-3:/);
    const [build] = (await aws.codebuild.batchGetBuilds([buildAction.externalExecutionId!])).found;
    assert.equal(build.status, 'IN_PROGRESS');

    fake.advanceUntil(() => exec().stageIndex === 2 && exec().entered);
    fake.advance(5);
    state = await aws.codepipeline.getPipelineState('pipeline-003');
    const approval = stage(state, 'Approve')?.actions[0];
    assert.equal(approval?.status, 'InProgress', 'the approval waits, however long');
    assert.ok(approval?.approvalToken);

    await aws.codepipeline.putApprovalResult(
      {
        pipelineName: 'pipeline-003',
        stageName: 'Approve',
        actionName: 'Approve',
        token: approval.approvalToken,
      },
      'Approved',
      'looks good',
    );
    fake.advanceUntil(() => exec().status !== 'InProgress');
    const [latest] = (await aws.codepipeline.listPipelineExecutions('pipeline-003', { pageSize: 1 })).items;
    assert.equal(latest.id, id);
    assert.equal(latest.status, 'Succeeded');
  });

  it('retries the failed actions of a stage, and stops an execution abandoning its actions', async () => {
    fake.codebuild.setFailing('project-1');
    const id = await aws.codepipeline.startPipelineExecution('pipeline-005');
    const exec = () => fake.codepipeline.pipelines.get('pipeline-005')!.executions[0];
    fake.advanceUntil(() => exec().status === 'Failed');
    let state = await aws.codepipeline.getPipelineState('pipeline-005');
    assert.equal(stage(state, 'Build')?.status, 'Failed');
    assert.match(stage(state, 'Build')?.actions[0].errorMessage ?? '', /FAILED/);

    fake.codebuild.setFailing('project-1', false);
    await aws.codepipeline.retryStageExecution('pipeline-005', 'Build', id);
    fake.advanceUntil(() => exec().stageIndex === 2 && exec().entered);
    state = await aws.codepipeline.getPipelineState('pipeline-005');
    assert.equal(stage(state, 'Build')?.status, 'Succeeded');

    await aws.codepipeline.stopPipelineExecution('pipeline-005', id, { abandon: true, reason: 'test' });
    state = await aws.codepipeline.getPipelineState('pipeline-005');
    assert.equal(stage(state, 'Approve')?.status, 'Stopped');
    assert.equal(stage(state, 'Approve')?.actions[0].status, 'Abandoned');
    await assert.rejects(aws.codepipeline.retryStageExecution('pipeline-005', 'Deploy', id), (err: Error) => {
      assert.equal(
        err.message,
        'Could not retry stage "pipeline-005/Deploy": StageNotRetryableException: Stage Deploy cannot be retried',
      );
      return true;
    });
  });

  it('fans out state calls with bounded concurrency; one denied pipeline leaves the rest', async () => {
    const names = Array.from({ length: 40 }, (_, i) => `pipeline-${String(i + 10).padStart(3, '0')}`);
    const remove = fake.inject({
      kind: 'accessDenied',
      operation: 'GetPipelineState',
      resource: 'pipeline-020',
    });
    const slow = fake.inject({ kind: 'latency', latencyMs: 20 });
    fake.resetCounts();
    const results = await aws.codepipeline.getPipelineStates(names);
    remove();
    slow();
    assert.equal(fake.count('GetPipelineState'), 40, 'exactly one state call per pipeline');
    assert.ok(fake.peakInFlight > 1 && fake.peakInFlight <= 6, `peak in flight: ${fake.peakInFlight}`);
    const failed = results.filter((r) => !r.ok);
    assert.deepEqual(
      failed.map((r) => r.pipelineName),
      ['pipeline-020'],
    );
    const err = !failed[0].ok ? failed[0].error : undefined;
    assert.equal(err?.kind, 'accessDenied');
    assert.equal(
      err?.message,
      'Could not get the state of pipeline "pipeline-020": access denied (codepipeline:GetPipelineState)',
    );
    assert.equal(results.filter((r) => r.ok).length, 39);
    assert.deepEqual(
      results.map((r) => r.pipelineName),
      names,
    );
  });
});
