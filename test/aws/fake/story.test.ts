/** The sandbox's story (what `npm start` shows): what it ends on, as the services answer it. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { stripAnsi } from '../../../client/src/logs/ansi';
import { extractProblems } from '../../../client/src/logs/problems';
import { FakeAws } from './server';
import { seedStory, STORY, storyOptions } from './story';
import { FAILING_TEST, TYPE_ERROR } from './storylog';

const examples = path.resolve(__dirname, '..', '..', '..', 'examples');

describe('sandbox story', () => {
  const now = Date.now();
  const fake = new FakeAws(storyOptions(now));
  const facts = seedStory(fake);
  const cp = fake.codepipeline.handlers;
  const cb = fake.codebuild.handlers;
  type Build = {
    id: string;
    buildStatus: string;
    initiator: string;
    sourceVersion: string;
    startTime: Date;
    endTime?: Date;
    buildComplete: boolean;
    phases: { phaseType: string; phaseStatus?: string; contexts?: { message: string }[] }[];
    logs: { groupName?: string; streamName?: string };
  };
  const builds = async (project: string): Promise<Build[]> => {
    const { ids } = (await cb.ListBuildsForProject({ projectName: project })) as { ids: string[] };
    return ((await cb.BatchGetBuilds({ ids })) as { builds: Build[] }).builds;
  };

  it('has the story pipelines and projects, none of the tests’ seed', async () => {
    const { pipelines } = (await cp.ListPipelines({})) as { pipelines: { name: string }[] };
    assert.deepEqual(
      pipelines.map((p) => p.name),
      ['storefront-api', 'web-frontend'],
    );
    const { projects } = (await cb.ListProjects({})) as { projects: string[] };
    assert.deepEqual(projects, ['storefront-api', 'web-frontend']);
  });

  it('ends now: the history is in the past and the clock is at the real time', async () => {
    const all = [...(await builds(STORY.project)), ...(await builds(STORY.webProject))];
    for (const b of all) assert.ok(b.startTime.getTime() <= now, `${b.id} starts in the future`);
    const { pipelineExecutionSummaries: runs } = (await cp.ListPipelineExecutions({
      pipelineName: STORY.pipeline,
    })) as { pipelineExecutionSummaries: { status: string; lastUpdateTime: Date; startTime: Date }[] };
    assert.ok(Math.abs(runs[0].lastUpdateTime.getTime() - now) < 2000, 'the clock ends at the real time');
    assert.ok(now - runs[runs.length - 1].startTime.getTime() > 24 * 3600_000, 'a history of days');
  });

  it('storefront-api waits at its manual approval, with notes and a review link', async () => {
    const state = (await cp.GetPipelineState({ name: STORY.pipeline })) as {
      stageStates: {
        stageName: string;
        latestExecution?: { status: string; pipelineExecutionId: string };
        actionStates: { latestExecution?: { status: string; token?: string } }[];
      }[];
    };
    assert.deepEqual(
      state.stageStates.map((s) => `${s.stageName}:${s.latestExecution?.status}`),
      ['Source:Succeeded', 'Build:Succeeded', 'Test:Succeeded', 'Approve:InProgress', 'Deploy:Succeeded'],
    );
    const approve = state.stageStates[3];
    assert.equal(approve.latestExecution?.pipelineExecutionId, facts.waitingExecutionId);
    assert.ok(approve.actionStates[0].latestExecution?.token, 'an approval token');
    const { pipeline } = (await cp.GetPipeline({ name: STORY.pipeline })) as {
      pipeline: { stages: { name: string; actions: { configuration?: Record<string, string> }[] }[] };
    };
    const config = pipeline.stages[3].actions[0].configuration ?? {};
    assert.match(config.CustomData ?? '', /order history/);
    assert.match(config.ExternalEntityLink ?? '', /^https:\/\/github\.com\/acme\/storefront-api\/pull\/\d+$/);
    const { pipelineExecutionSummaries: runs } = (await cp.ListPipelineExecutions({
      pipelineName: STORY.pipeline,
    })) as { pipelineExecutionSummaries: { status: string; sourceRevisions: unknown[] }[] };
    assert.deepEqual(
      runs.map((r) => r.status),
      ['InProgress', 'Succeeded', 'Succeeded'],
    );
    assert.match(JSON.stringify(runs[0].sourceRevisions), /order history endpoint/);
  });

  it('the latest storefront-api build failed in BUILD on a type error and a test', async () => {
    const [latest, ...older] = await builds(STORY.project);
    assert.equal(latest.id, facts.failedBuildId);
    assert.equal(latest.buildStatus, 'FAILED');
    assert.equal(latest.sourceVersion, STORY.failedBranch);
    const build = latest.phases.find((p) => p.phaseType === 'BUILD');
    assert.equal(build?.phaseStatus, 'FAILED');
    assert.match(build?.contexts?.[0].message ?? '', /npm run ci/);
    assert.ok(older.length >= 2 && older.every((b) => b.buildStatus === 'SUCCEEDED'));
    assert.ok(older.every((b) => b.initiator === 'codepipeline/storefront-api'));

    const events = fake.logs.events(latest.logs.groupName ?? '', latest.logs.streamName ?? '');
    const text = events.map((e) => e.message).join('');
    assert.ok(text.includes('\x1b[31m'), 'coloured');
    const lines = text.split('\n').map(stripAnsi);
    assert.ok(lines.includes(TYPE_ERROR));
    assert.ok(lines.some((l) => l.includes(`✖ ${FAILING_TEST}`)));
    assert.ok(!text.includes('web-frontend'), 'none of the engine’s own lines');
    // CodeBuild's phase lines, in order, each once.
    const phases = lines.filter((l) => / (Phase is|Entering phase) /.test(l)).map((l) => l.split(' ').pop());
    assert.deepEqual(phases, [
      'DOWNLOAD_SOURCE',
      'INSTALL',
      'PRE_BUILD',
      'BUILD',
      'POST_BUILD',
      'UPLOAD_ARTIFACTS',
      'FINALIZING',
    ]);

    // Its errors point at the example files, at the code they are about.
    const problems = extractProblems(lines);
    const at = problems.map((p) => `${p.source} ${p.file}:${p.line}:${p.column}`);
    assert.deepEqual(at, ['tsc app/cart.mjs:40:26', 'test app/cart.test.mjs:27:12']);
    for (const p of problems) {
      const line = readFileSync(path.join(examples, p.file), 'utf8').split('\n')[p.line - 1];
      const code = line.slice(p.column - 1);
      assert.ok(
        p.source === 'tsc' ? code.startsWith("form.get('quantity')") : code.startsWith('equal(lineTotal('),
        `${p.file}:${p.line}:${p.column} is "${code}"`,
      );
    }
  });

  it('web-frontend: succeeded builds, a batch, one running', async () => {
    const all = await builds(STORY.webProject);
    const running = all.filter((b) => !b.buildComplete);
    assert.deepEqual(
      running.map((b) => b.id),
      [facts.runningBuildId],
    );
    assert.ok(all.filter((b) => b.buildStatus === 'SUCCEEDED').length >= 4);
    const { buildBatches } = (await cb.BatchGetBuildBatches({ ids: [facts.batchId] })) as {
      buildBatches: { buildBatchStatus: string; buildGroups: unknown[] }[];
    };
    assert.equal(buildBatches[0].buildBatchStatus, 'SUCCEEDED');
    assert.equal(buildBatches[0].buildGroups.length, 2);
    // It was started just before now: queued, its log not named yet (CodeBuild names it once the
    // build is provisioning, and the engine writes it from then on).
    assert.equal(running[0].logs.groupName, undefined);
    fake.advance(3);
    const [now] = ((await cb.BatchGetBuilds({ ids: [facts.runningBuildId] })) as { builds: Build[] }).builds;
    assert.ok(now.logs.groupName && now.logs.streamName);
    assert.ok(fake.logs.events(now.logs.groupName, now.logs.streamName).length > 0);
  });

  it('shows no word of the tests’ seed', async () => {
    const answers = JSON.stringify([
      await cp.ListPipelineExecutions({ pipelineName: STORY.pipeline }),
      await cp.ListPipelineExecutions({ pipelineName: STORY.webPipeline }),
      await cp.GetPipelineState({ name: STORY.pipeline }),
      await builds(STORY.project),
      await builds(STORY.webProject),
      await cb.BatchGetBuildBatches({ ids: [facts.batchId] }),
    ]);
    for (const word of ['Fake commit message', 'fake-user', 'pipeline-0', 'project-0'])
      assert.ok(!answers.includes(word), `"${word}" is shown`);
  });
});
