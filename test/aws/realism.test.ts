/**
 * Where the fake behaves as AWS does so that the client's tests cannot lie, and what the adapter
 * makes of it: log names only once a build provisions, the log destinations' statuses, GetLogEvents
 * pages capped at 1 MB and 10,000 events, CodeStar revision summaries sent as JSON, and builds that
 * are over by their status before CodeBuild says `buildComplete`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BatchGetBuildsCommand } from '@aws-sdk/client-codebuild';
import { ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { isComplete } from '../../client/src/aws/codebuild';
import { revisionSummaryText } from '../../client/src/aws/codepipeline';
import { openAdapter, type AwsAdapter } from '../../client/src/aws/index';
import { MAX_PAGE_BYTES } from './fake/logstore';
import { startFake, type FakeAws } from './fake/server';
import { sandbox, staticEnv, type Sandbox } from './sandbox';

describe('the fake as AWS behaves, and the adapter', () => {
  let fake: FakeAws;
  let box: Sandbox;
  let aws: AwsAdapter;

  before(async () => {
    fake = await startFake({ pipelines: 1, projects: 2, buildsPerProject: 0, executionsPerPipeline: 2 });
    box = sandbox({ env: staticEnv(fake.url) });
    aws = await openAdapter();
  });
  after(async () => {
    aws.dispose();
    box.restore();
    await fake.stop();
  });

  it('names a build log group and stream only from PROVISIONING on', async () => {
    const started = await aws.codebuild.startBuild('project-0');
    assert.equal(started.currentPhase, 'SUBMITTED');
    assert.equal(started.logs, undefined);
    assert.deepEqual(started.logOutput, {
      kind: 'cloudWatch',
      groupName: '/aws/codebuild/project-0',
      streamName: undefined,
      groupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/codebuild/project-0',
      deepLink: undefined,
      s3Location: undefined,
    });
    const wire = async () =>
      (await aws.clients.codebuild.send(new BatchGetBuildsCommand({ ids: [started.id] }))).builds?.[0];
    fake.advance(); // QUEUED
    const queued = await wire();
    assert.equal(queued?.currentPhase, 'QUEUED');
    assert.equal(queued?.logs?.streamName, undefined);
    assert.equal(queued?.logs?.groupName, undefined);
    assert.match(queued?.logs?.deepLink ?? '', /group=null;stream=null/);
    assert.equal(queued?.logs?.cloudWatchLogs?.status, 'ENABLED');
    assert.equal(queued?.logs?.s3Logs?.status, 'DISABLED');

    fake.advance(); // PROVISIONING
    const provisioning = (await aws.codebuild.batchGetBuilds([started.id])).found[0];
    assert.equal(provisioning.currentPhase, 'PROVISIONING');
    assert.equal(provisioning.logs?.groupName, '/aws/codebuild/project-0');
    assert.equal(provisioning.logs?.streamName, started.id.split(':')[1]);
    assert.match(provisioning.logs?.deepLink ?? '', /stream=[0-9a-f-]{36}$/);
  });

  it('a GetLogEvents page holds at most 1 MB of UTF-8, and at most 10,000 events', async () => {
    const group = '/aws/codebuild/project-1';
    const line = '€'.repeat(4000); // 12,000 bytes of UTF-8, 4,000 UTF-16 units
    fake.logs.append(group, 'wide', ...Array.from({ length: 200 }, (_, i) => `${i} ${line}`));
    const first = await aws.logs.getLogEvents({ groupName: group, streamName: 'wide' });
    const bytes = first.events.reduce((n, e) => n + Buffer.byteLength(e.message), 0);
    assert.ok(bytes <= MAX_PAGE_BYTES, `${bytes} bytes`);
    assert.equal(first.events.length, Math.floor(MAX_PAGE_BYTES / Buffer.byteLength(`100 ${line}`)));
    const all = await aws.logs.readToEnd(group, 'wide');
    assert.deepEqual(
      all.events.map((e) => Number(e.message.split(' ')[0])),
      Array.from({ length: 200 }, (_, i) => i),
    );
    const back = await aws.logs.getLogEvents({ groupName: group, streamName: 'wide', startFromHead: false });
    assert.equal(back.events.at(-1)?.message.split(' ')[0], '199');
    assert.ok(back.events.reduce((n, e) => n + Buffer.byteLength(e.message), 0) <= MAX_PAGE_BYTES);

    fake.logs.append(group, 'many', ...Array.from({ length: 12_000 }, (_, i) => `line ${i}`));
    const many = await aws.logs.getLogEvents({ groupName: group, streamName: 'many' });
    assert.equal(many.events.length, 10_000);
  });

  it('sends a CodeStar source revision summary as JSON; the execution carries the commit message', async () => {
    const raw = await aws.clients.codepipeline.send(
      new ListPipelineExecutionsCommand({ pipelineName: 'pipeline-0' }),
    );
    const summary = raw.pipelineExecutionSummaries?.[0]?.sourceRevisions?.[0]?.revisionSummary;
    assert.equal(summary, '{"ProviderType":"GitHub","CommitMessage":"Fake commit message"}');
    const page = await aws.codepipeline.listPipelineExecutions('pipeline-0');
    assert.deepEqual(
      page.items.map((e) => e.sourceRevisions[0]?.summary),
      ['Fake commit message', 'Fake commit message'],
    );
  });

  it('reads revision summaries of every kind without showing JSON', () => {
    const json = (doc: unknown) => JSON.stringify(doc);
    assert.equal(
      revisionSummaryText(json({ ProviderType: 'Bitbucket', CommitMessage: 'Fix: a\nb' })),
      'Fix: a\nb',
    );
    assert.equal(revisionSummaryText(json({ ProviderType: 'GitHub' })), undefined);
    assert.equal(revisionSummaryText('Merge branch main'), 'Merge branch main');
    assert.equal(revisionSummaryText('{not json} commit'), '{not json} commit');
    assert.equal(revisionSummaryText(undefined), undefined);
  });

  it('a build is complete when CodeBuild says so or when its status is terminal', async () => {
    const b = await aws.codebuild.startBuild('project-0');
    assert.equal(b.complete, false);
    const stored = fake.codebuild.builds.get(b.id);
    assert.ok(stored);
    // Status already final while `buildComplete` still says false, as CodeBuild reports a stop.
    stored.buildStatus = 'STOPPED';
    const [stopped] = (await aws.codebuild.batchGetBuilds([b.id])).found;
    assert.equal(stopped.complete, true);
    for (const status of ['SUCCEEDED', 'FAILED', 'FAULT', 'STOPPED', 'TIMED_OUT'])
      assert.equal(isComplete(false, status), true, status);
    assert.equal(isComplete(false, 'IN_PROGRESS'), false);
    assert.equal(isComplete(undefined, undefined), false);
    assert.equal(isComplete(true, 'IN_PROGRESS'), true);
  });
});
