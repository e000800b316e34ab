// The store against the wire-protocol fake (real adapter and SDK clients), driven by the polling
// policy on a hand-moved clock: what a first screen and a poll cost, what a hidden view costs (none),
// and that a user's action, a new build and a network recovery show within one fast poll.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { openAdapter, type AwsAdapter } from '../../client/src/aws/index';
import { AwsStore, type ConnectionStore, type StoreChange } from '../../client/src/store/index';
import { PollingPolicy, VIEW_PACE } from '../../client/src/store/polling';
import { startFake, type FakeAws } from '../aws/fake/server';
import { sandbox, staticEnv, type Sandbox } from '../aws/sandbox';
import { FakeClock } from './clock';

const TARGET = { profile: 'default', region: 'us-east-1' };

describe('store and polling policy against the wire fake', () => {
  let fake: FakeAws;
  let box: Sandbox;
  let aws: AwsAdapter;
  let clock: FakeClock;
  let store: AwsStore;
  let conn: ConnectionStore;
  let changes: StoreChange[];

  before(async () => {
    fake = await startFake({ pipelines: 4, projects: 4, buildsPerProject: 12, executionsPerPipeline: 2 });
    fake.codebuild.setFailing('project-3');
    fake.codebuild.seedBatch('project-2');
    box = sandbox({ env: staticEnv(fake.url) });
    aws = await openAdapter();
  });
  after(async () => {
    aws.dispose();
    box.restore();
    await fake.stop();
  });
  beforeEach(() => {
    fake.faults.clear();
    clock = new FakeClock();
    store = new AwsStore({
      account: () => Promise.resolve(aws),
      now: () => clock.now(),
      warn: () => undefined,
    });
    conn = store.of(TARGET);
    changes = [];
    store.onDidChange((c) => changes.push(c));
    fake.resetCounts();
  });

  /** The Pipelines view as the policy sees it, with `names` expanded. */
  function pipelinesView(policy: PollingPolicy, names: string[], visible = () => true) {
    policy.add(
      {
        name: 'pipelines',
        visible,
        busy: () => conn.pipelines.busy(),
        poll: () =>
          conn.pipelines.poll({
            expanded: names.map((name) => ({ name, builds: [] })),
            histories: new Set(),
          }),
      },
      VIEW_PACE,
    );
  }

  function newPolicy(): PollingPolicy {
    const policy = new PollingPolicy(clock);
    clock.policy = policy;
    return policy;
  }

  it('a first screen: one ListPipelines and the latest execution of each; a denied one marks only itself', async () => {
    fake.inject({ kind: 'accessDenied', operation: 'ListPipelineExecutions', resource: 'pipeline-1' });
    const list = await conn.pipelines.listPipelines([]);
    assert.ok(list.ok);
    assert.deepEqual(list.value.names, ['pipeline-0', 'pipeline-1', 'pipeline-2', 'pipeline-3']);
    assert.equal(fake.count('ListPipelines'), 1);
    assert.equal(fake.count('ListPipelineExecutions'), 4);
    assert.equal(conn.pipelines.getEntry('pipeline-0')?.latest?.status, 'Succeeded');
    const denied = conn.pipelines.getEntry('pipeline-1');
    assert.equal(denied?.latest, undefined);
    assert.match(denied?.error?.message ?? '', /access denied/);
    assert.equal(denied?.error?.remedy, 'showOutput', 'retrying cannot help a denial');
    // Held: a second reader costs nothing.
    await conn.pipelines.listPipelines([]);
    assert.equal(fake.count('ListPipelines'), 1);
  });

  it('a poll reads each expanded pipeline once; a hidden view makes no call at all', async () => {
    await conn.pipelines.listPipelines([]);
    await conn.pipelines.pipelineState('pipeline-0');
    fake.resetCounts();
    let visible = true;
    const policy = newPolicy();
    pipelinesView(policy, ['pipeline-0'], () => visible);
    await clock.advance(30_000);
    assert.equal(fake.count('GetPipelineState'), 1);
    assert.equal(fake.count('ListPipelineExecutions'), 1);
    assert.equal(fake.count(), 2);
    visible = false;
    policy.update();
    fake.resetCounts();
    await clock.advance(10 * 60_000);
    assert.equal(fake.count(), 0, 'hidden: no call in ten minutes');
    policy.dispose();
  });

  it('after Retry Failed Stage the stage shows running within one fast poll, not 30 s later', async () => {
    await fake.codepipeline.handlers.StartPipelineExecution({ name: 'pipeline-3' });
    fake.advanceUntil(() => fake.codepipeline.pipelines.get('pipeline-3')?.executions[0].status === 'Failed');
    await conn.pipelines.listPipelines([]);
    const state = await conn.pipelines.pipelineState('pipeline-3');
    assert.ok(state.ok);
    const build = state.value.stages.find((s) => s.name === 'Build');
    assert.equal(build?.status, 'Failed');
    const policy = newPolicy();
    pipelinesView(policy, ['pipeline-3']);
    await clock.advance(31_000);
    assert.equal(conn.pipelines.busy(), false, 'nothing runs: the slow pace');
    const acted = clock.now();
    await aws.codepipeline.retryStageExecution(
      'pipeline-3',
      'Build',
      build?.executionId ?? '',
      'FAILED_ACTIONS',
    );
    await conn.pipelines.reportExecution('pipeline-3');
    policy.hurry();
    assert.ok(conn.pipelines.busy(), 'a pipeline acted on counts as moving');
    const before = policy.state('pipelines').cycles;
    await clock.advance(5_000);
    assert.equal(policy.state('pipelines').cycles, before + 1, 'polled within 5 s of the action');
    assert.ok(clock.now() - acted <= 5_000);
    const after = conn.pipelines.getState('pipeline-3');
    assert.ok(after?.ok);
    assert.equal(after.value.stages.find((s) => s.name === 'Build')?.status, 'InProgress');
    assert.ok(changes.some((c) => c.kind === 'state' && c.name === 'pipeline-3'));
    policy.dispose();
  });

  it('Start Pipeline Execution: the new run is held at once and polls go fast', async () => {
    await conn.pipelines.listPipelines([]);
    const before = conn.pipelines.getEntry('pipeline-0')?.latest?.id;
    const id = await aws.codepipeline.startPipelineExecution('pipeline-0', []);
    await conn.pipelines.reportExecution('pipeline-0');
    const latest = conn.pipelines.getEntry('pipeline-0')?.latest;
    assert.notEqual(latest?.id, before);
    assert.equal(latest?.id, id);
    assert.equal(latest?.status, 'InProgress');
    assert.ok(conn.pipelines.busy());
    assert.ok(changes.some((c) => c.kind === 'pipeline' && c.name === 'pipeline-0'));
  });

  it('when the network drops, the failure is held and the next fast poll recovers by itself', async () => {
    fake.inject({ kind: 'drop', operation: 'ListPipelines' });
    const failed = await conn.pipelines.listPipelines([]);
    assert.equal(failed.ok, false);
    assert.equal(failed.ok ? '' : failed.error.remedy, 'retry');
    assert.ok(conn.pipelines.busy(), 'a passing failure makes the pace fast');
    fake.faults.clear();
    const policy = newPolicy();
    pipelinesView(policy, []);
    await clock.advance(5_000);
    assert.equal(conn.pipelines.getList(), undefined, 'forgotten, so the view loads it again');
    assert.ok(changes.some((c) => c.kind === 'pipelines'));
    const back = await conn.pipelines.listPipelines([]);
    assert.ok(back.ok);
    assert.equal(back.value.names.length, 4);
    policy.dispose();
  });

  it('a started build is first in its project at once; one poll is one list and one BatchGetBuilds', async () => {
    const first = await conn.builds.listBuilds('project-1');
    assert.ok(first.ok);
    assert.equal(first.value.rows.length, 10);
    const started = await aws.codebuild.startBuild('project-1', { sourceVersion: 'feature/store' });
    conn.builds.reportBuild(started);
    const rows = conn.builds.getProjectBuilds('project-1');
    assert.ok(rows?.ok);
    assert.deepEqual(rows.value.rows[0], { kind: 'build', id: started.id });
    assert.equal(conn.builds.getBuild(started.id)?.complete, false);
    assert.ok(conn.builds.busy(['project-1']));
    fake.resetCounts();
    await conn.builds.poll(['project-1']);
    assert.equal(fake.count('ListBuildsForProject'), 1);
    assert.equal(fake.count('BatchGetBuilds'), 1);
    fake.advanceUntil(() => fake.codebuild.builds.get(started.id)?.buildComplete === true);
    await conn.builds.poll(['project-1']);
    assert.equal(conn.builds.getBuild(started.id)?.status, 'SUCCEEDED');
    assert.equal(conn.builds.busy(['project-1']), false);
    assert.ok(changes.some((c) => c.kind === 'build' && c.id === started.id));
  });

  it('a batch build is one row whose builds load in one BatchGetBuilds', async () => {
    const list = await conn.builds.listBuilds('project-2');
    assert.ok(list.ok);
    const batch = list.value.rows.find((r) => r.kind === 'batch');
    assert.ok(batch);
    fake.resetCounts();
    const members = await conn.builds.batchBuilds(batch.id);
    assert.ok(members.ok);
    assert.equal(members.value.length, 2);
    assert.equal(fake.count('BatchGetBuilds'), 1);
  });

  it('an approval decided shows within one fast poll', async () => {
    await fake.codepipeline.handlers.StartPipelineExecution({ name: 'pipeline-1' });
    let token: string | undefined;
    for (let i = 0; i < 50 && !token; i++) {
      fake.advance();
      const st = await aws.codepipeline.getPipelineState('pipeline-1');
      token = st.stages.find((x) => x.name === 'Approve')?.actions[0]?.approvalToken;
    }
    assert.ok(token, 'pipeline-1 waits at its approval');
    await conn.pipelines.listPipelines([]);
    await conn.pipelines.pipelineState('pipeline-1');
    const policy = newPolicy();
    pipelinesView(policy, ['pipeline-1']);
    await clock.advance(1_000);
    await aws.codepipeline.putApprovalResult(
      { pipelineName: 'pipeline-1', stageName: 'Approve', actionName: 'Approve', token },
      'Approved',
      'ok',
    );
    await conn.pipelines.reportExecution('pipeline-1');
    policy.hurry();
    fake.advance();
    const before = policy.state('pipelines').cycles;
    await clock.advance(5_000);
    assert.equal(policy.state('pipelines').cycles, before + 1, 'polled within 5 s of the approval');
    const after = conn.pipelines.getState('pipeline-1');
    assert.ok(after?.ok);
    assert.equal(after.value.stages.find((x) => x.name === 'Approve')?.actions[0]?.status, 'Succeeded');
    policy.dispose();
  });
});
