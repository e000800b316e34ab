// The sandbox's story: the account `npm start` shows a newcomer (test/e2e/fake.ts with
// AWS_FAKE_SEED=story), instead of the tests' pipeline-0…3 and project-0…3. Two days of history are
// played through the fake's own engine, tick by tick, with the clock started in the past so that the
// history ends now: every build, phase, log stream and execution is made as the fake makes them for a
// test. What it ends on:
// - pipeline storefront-api (Source → Build → Test → Approve → Deploy): its latest execution waits at
//   the manual approval, which carries its reviewers' notes and a review link;
// - project storefront-api: its latest build, of a feature branch, FAILED in BUILD on a type error and
//   a failing test (storylog.ts writes its log; the files it names are in examples/app);
// - project web-frontend (pipeline web-frontend): succeeded builds, a batch build, and one build that
//   runs on when the sandbox starts.
import { PHASES, type FakeBuild } from './codebuild';
import { connectionRevisionSummary, type Execution, type FakePipeline } from './pipelinemodel';
import { ACCOUNT } from './protocol';
import type { FakeAws, FakeOptions } from './server';
import { FAILED_COMMAND_CONTEXT, storefrontPhaseLog } from './storylog';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** How far back the history starts. */
const HISTORY_MS = 48 * HOUR;
/** One tick of the sandbox's clock once it runs, in real time: a build takes a minute and a half. */
export const STORY_TICK_MS = 10_000;

export const STORY = {
  pipeline: 'storefront-api',
  project: 'storefront-api',
  approvalStage: 'Approve',
  approvalAction: 'ApproveRelease',
  failedBranch: 'feature/bulk-discount',
  webProject: 'web-frontend',
  webPipeline: 'web-frontend',
} as const;

/** What the story ended on, for the suites that check it. */
export interface StoryFacts {
  waitingExecutionId: string;
  failedBuildId: string;
  runningBuildId: string;
  batchId: string;
}

/** The fake's options for the story: nothing of the tests' own seed, a clock two days back. */
export function storyOptions(nowMs = Date.now()): FakeOptions {
  return {
    pipelines: 0,
    projects: 0,
    stepMs: STORY_TICK_MS,
    autoAdvanceMs: STORY_TICK_MS,
    clockStartMs: Math.floor(nowMs / 1000) * 1000 - HISTORY_MS,
  };
}

const CONNECTION = `arn:aws:codestar-connections:us-east-1:${ACCOUNT}:connection/7f3c2a10-54d1-4e8b-9a6f-2b8e1c0d4f57`;
const DISCARDED = '/sandbox/discarded';

/** Plays the story on a fake made with `storyOptions()`, before it starts ticking on its own. */
export function seedStory(fake: FakeAws): StoryFacts {
  return new Story(fake).play();
}

class Story {
  /** Storefront builds whose log the story writes: phases written so far, and their real log group. */
  private readonly ownLogs = new Map<string, { written: number; group: string }>();
  private readonly seen = new Set<string>();
  private readonly stepMs: number | undefined;
  /** The fake's clock: where the history starts, where it ends (now), and the last tick. */
  private readonly endMs: number;
  private lastTick: number;

  constructor(private readonly fake: FakeAws) {
    this.stepMs = fake.options.stepMs;
    const start = fake.options.clockStartMs;
    if (start === undefined) throw new Error('story: the fake was not made with storyOptions()');
    this.lastTick = start;
    this.endMs = start + HISTORY_MS;
  }

  play(): StoryFacts {
    const { codebuild, codepipeline } = this.fake;
    codebuild.addProject(STORY.project);
    codebuild.addProject(STORY.webProject, { batch: true });
    codepipeline.addPipeline(STORY.webPipeline, STORY.webProject, 0);
    codepipeline.addPipeline(STORY.pipeline, STORY.project, 0);
    this.shapeStorefrontPipeline();
    this.shapeWebPipeline();

    this.idleUntil(47 * HOUR);
    this.runExecution(STORY.webPipeline, '9a7c5e2', 'New product page layout (#131)', 25 * MINUTE);
    this.idleUntil(30 * HOUR);
    this.runExecution(STORY.pipeline, '4e1d2a9', 'Cache product prices for 60 seconds (#201)', 40 * MINUTE);
    this.idleUntil(26 * HOUR);
    const batchId = this.runBatch();
    this.idleUntil(21 * HOUR);
    this.runExecution(
      STORY.pipeline,
      '7c3b9f0',
      'Answer 409 when the cart changed meanwhile (#205)',
      15 * MINUTE,
    );
    this.idleUntil(5 * HOUR);
    this.runExecution(STORY.webPipeline, '3d2f1b8', 'Fix the mobile menu on Safari (#134)', 10 * MINUTE);
    this.idleUntil(50 * MINUTE);
    const waitingExecutionId = this.runExecution(
      STORY.pipeline,
      '1f8e6d3',
      'Add the order history endpoint (#208)',
    );
    this.idleUntil(14 * MINUTE);
    codebuild.setFailing(STORY.project);
    const failed = this.startBuild(STORY.project, STORY.failedBranch, 'maria.garcia');
    this.runUntil(() => failed.buildComplete, 20_000);
    codebuild.setFailing(STORY.project, false);
    // The build that runs on: started just before now, it is queued when the sandbox opens.
    this.idleUntil(20_000);
    const running = this.startBuild(STORY.webProject, 'feature/new-header', 'sam.okafor');
    this.tick(this.endMs - this.lastTick);
    this.fake.options.stepMs = this.stepMs;
    return { waitingExecutionId, failedBuildId: failed.id, runningBuildId: running.id, batchId };
  }

  /** Source → Build → Test → Approve → Deploy to ECS, the approval with its notes and review link. */
  private shapeStorefrontPipeline(): void {
    const p = this.pipeline(STORY.pipeline);
    p.stages.splice(2, 0, {
      name: 'Test',
      actions: [
        {
          name: 'ContractTests',
          actionTypeId: { category: 'Invoke', owner: 'AWS', provider: 'Lambda', version: '1' },
          runOrder: 1,
          configuration: { FunctionName: 'storefront-api-contract-tests' },
        },
      ],
    });
    this.approval(p).configuration = {
      CustomData:
        'Release the order history endpoint to production. The contract tests passed on staging; try GET /orders there before you approve.',
      ExternalEntityLink: 'https://github.com/acme/storefront-api/pull/208',
    };
    const deploy = p.stages[p.stages.length - 1].actions[0];
    deploy.actionTypeId = { category: 'Deploy', owner: 'AWS', provider: 'ECS', version: '1' };
    deploy.configuration = {
      ClusterName: 'storefront',
      ServiceName: 'storefront-api',
      FileName: 'imagedefinitions.json',
    };
    this.source(p).configuration = { ...this.source(p).configuration, ConnectionArn: CONNECTION };
  }

  private shapeWebPipeline(): void {
    const p = this.pipeline(STORY.webPipeline);
    this.approval(p).configuration = { CustomData: 'Publish the web front end to www.' };
    this.source(p).configuration = { ...this.source(p).configuration, ConnectionArn: CONNECTION };
  }

  /**
   * Starts an execution of `name` for a pushed commit and runs it to its approval; approves it after
   * `approveAfter` and runs it to its end, or leaves it waiting. Returns its id.
   */
  private runExecution(name: string, revision: string, message: string, approveAfter?: number): string {
    const p = this.pipeline(name);
    const out = this.fake.codepipeline.handlers.StartPipelineExecution({ name }) as {
      pipelineExecutionId: string;
    };
    const e = p.executions.find((x) => x.pipelineExecutionId === out.pipelineExecutionId)!;
    e.trigger = { triggerType: 'WebhookV2', triggerDetail: CONNECTION };
    e.sourceRevisions = [
      { actionName: 'Source', revisionId: revision, revisionSummary: connectionRevisionSummary(message) },
    ];
    const approvalRun = () => p.runs.get(STORY.approvalStage);
    const waiting = () =>
      approvalRun()?.pipelineExecutionId === e.pipelineExecutionId &&
      approvalRun()?.actions.get(STORY.approvalAction)?.status === 'InProgress';
    this.runUntil(
      () => waiting() || e.status !== 'InProgress',
      15_000,
      () => this.sourceSummary(p, e, message),
    );
    if (approveAfter === undefined) return e.pipelineExecutionId;
    this.tick(approveAfter);
    const token = approvalRun()?.actions.get(STORY.approvalAction)?.token;
    // The fake's handlers answer at once (they throw, rather than reject, what AWS would refuse).
    void this.fake.codepipeline.handlers.PutApprovalResult({
      pipelineName: name,
      stageName: STORY.approvalStage,
      actionName: STORY.approvalAction,
      result: { status: 'Approved', summary: 'Checked on staging' },
      token,
    });
    this.runUntil(() => e.status !== 'InProgress', 20_000);
    if (e.status !== 'Succeeded') throw new Error(`story: ${name} ended ${e.status}`);
    return e.pipelineExecutionId;
  }

  /** The Source action's summary names the execution's own commit, not the fake's. */
  private sourceSummary(p: FakePipeline, e: Execution, message: string): void {
    const run = p.runs.get('Source');
    const x = run?.pipelineExecutionId === e.pipelineExecutionId ? run.actions.get('Source') : undefined;
    if (x?.summary) x.summary = connectionRevisionSummary(message);
  }

  /** A batch build of web-frontend on two Node.js versions, run to its end; returns its id. */
  private runBatch(): string {
    const batches = this.fake.codebuild.batchBuilds;
    const id = batches.start(STORY.webProject, { sourceVersion: 'refs/heads/main' }, ['node20', 'node22']);
    const builds = batches.batches.get(id)!.members.map((m) => this.fake.codebuild.builds.get(m.buildId)!);
    batches.batches.get(id)!.initiator = 'sam.okafor';
    for (const b of builds) b.initiator = 'sam.okafor';
    this.runUntil(() => builds.every((b) => b.buildComplete), 12_000);
    return id;
  }

  private startBuild(project: string, sourceVersion: string, initiator: string): FakeBuild {
    const b = this.fake.codebuild.start(project, { sourceVersion });
    b.initiator = initiator;
    return b;
  }

  /** Ticks `stepMs` at a time until `done()`; `each` runs after every tick. */
  private runUntil(done: () => boolean, stepMs: number, each?: () => void): void {
    for (let i = 0; i < 200 && !done(); i++) {
      this.tick(stepMs);
      each?.();
    }
    if (!done()) throw new Error('story: a step did not end within 200 ticks');
  }

  /** Lets the clock run on, nothing but a waiting approval in flight, until `ago` before the end. */
  private idleUntil(ago: number): void {
    const gap = this.endMs - ago - this.lastTick;
    if (gap < 0) throw new Error(`story: the history ran ${-gap} ms past its plan`);
    if (gap > 0) this.tick(gap);
  }

  /** One tick of the fake's engine, `ms` long; then the story's own part of what it did. */
  private tick(ms: number): void {
    this.fake.options.stepMs = ms;
    this.fake.advance();
    this.lastTick += ms;
    for (const b of this.fake.codebuild.builds.values()) this.adopt(b);
    this.writeLogs();
  }

  /**
   * A build the story sees for the first time: one a pipeline started is initiated by it, and a
   * storefront-api build's log is the story's (the engine's own lines go to a stream nobody reads).
   */
  private adopt(b: FakeBuild): void {
    if (this.seen.has(b.id)) return;
    this.seen.add(b.id);
    if (b.initiator === 'fake-user') b.initiator = `codepipeline/${b.projectName}`;
    if (b.projectName !== STORY.project) return;
    this.ownLogs.set(b.id, { written: 0, group: b.logs.groupName });
    b.logs.groupName = DISCARDED;
  }

  /** Writes the phases that ended since the last tick to each storefront-api build's log. */
  private writeLogs(): void {
    const provisioning = PHASES.indexOf('PROVISIONING');
    for (const [id, own] of this.ownLogs) {
      const b = this.fake.codebuild.builds.get(id)!;
      for (; own.written < b.phases.length - 1; own.written++) {
        const phase = b.phases[own.written];
        const failed = phase.phaseStatus === 'FAILED';
        if (failed)
          phase.contexts = [{ statusCode: 'COMMAND_EXECUTION_ERROR', message: FAILED_COMMAND_CONTEXT }];
        if (PHASES.indexOf(phase.phaseType as (typeof PHASES)[number]) < provisioning) continue;
        const next = b.phases[own.written + 1].phaseType;
        this.fake.logs.append(
          own.group,
          b.logs.streamName,
          ...storefrontPhaseLog(
            b,
            phase.phaseType,
            next,
            failed,
            phase.startTime,
            phase.endTime ?? phase.startTime,
          ),
        );
      }
      if (b.buildComplete) {
        b.logs.groupName = own.group;
        this.ownLogs.delete(id);
      }
    }
  }

  private pipeline(name: string): FakePipeline {
    const p = this.fake.codepipeline.pipelines.get(name);
    if (!p) throw new Error(`story: no pipeline ${name}`);
    return p;
  }

  /** The manual approval action (named for what it approves, not after its stage). */
  private approval(p: FakePipeline) {
    const action = p.stages.find((s) => s.name === STORY.approvalStage)!.actions[0];
    action.name = STORY.approvalAction;
    return action;
  }

  private source(p: FakePipeline) {
    return p.stages[0].actions[0];
  }
}
