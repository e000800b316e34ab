// CodePipeline: pipelines of four stages (Source, Build with a CodeBuild action, Approve with a
// manual approval, Deploy). An execution moves one step per tick: a stage is entered, then its
// actions finish; the build action waits for its CodeBuild build, the approval for PutApprovalResult.
import type { CodeBuildService } from './codebuild';
import { IdempotencyTokens } from './idempotency';
import {
  COMMIT_MESSAGE,
  connectionRevisionSummary,
  finish,
  stage,
  type ActionDecl,
  type ActionExec,
  type Execution,
  type FakePipeline,
  type StageDecl,
} from './pipelinemodel';
import { ACCOUNT, ServiceError, paginate, str, uuid, type Handler } from './protocol';

export class CodePipelineService {
  readonly pipelines = new Map<string, FakePipeline>();
  /** StartPipelineExecution's `clientRequestToken`s. */
  private readonly tokens: IdempotencyTokens;

  constructor(
    private readonly region: string,
    private readonly codebuild: CodeBuildService,
    private readonly now: () => Date,
  ) {
    this.tokens = new IdempotencyTokens(
      () => this.now().getTime(),
      24 * 3600_000,
      () =>
        new ServiceError(
          'ValidationException',
          'The clientRequestToken was already used for a request with other parameters',
        ),
    );
  }

  /** Adds a pipeline whose build stage builds `projectName`, with `executions` finished runs. */
  addPipeline(name: string, projectName: string, executions = 1): void {
    const t = this.now();
    const stages: StageDecl[] = [
      stage('Source', 'Source', 'AWS', 'CodeStarSourceConnection', {
        ConnectionArn: `arn:aws:codestar-connections:${this.region}:${ACCOUNT}:connection/fake`,
        FullRepositoryId: `acme/${name}`,
        BranchName: 'main',
      }),
      stage('Build', 'Build', 'AWS', 'CodeBuild', { ProjectName: projectName }),
      stage('Approve', 'Approval', 'AWS', 'Manual', {}),
      stage('Deploy', 'Deploy', 'AWS', 'CodeDeploy', { ApplicationName: name, DeploymentGroupName: 'prod' }),
    ];
    stages[0].actions[0].outputArtifacts = [{ name: 'SourceOutput' }];
    stages[1].actions[0].inputArtifacts = [{ name: 'SourceOutput' }];
    const p: FakePipeline = {
      name,
      version: 1,
      created: t,
      updated: t,
      stages,
      variables: [
        { name: 'DEPLOY_ENV', defaultValue: 'staging', description: 'Where the Deploy stage deploys to' },
      ],
      runs: new Map(),
      executions: [],
    };
    for (let i = 0; i < executions; i++) {
      const id = uuid();
      p.executions.unshift({
        pipelineExecutionId: id,
        status: 'Succeeded',
        startTime: t,
        lastUpdateTime: t,
        stageIndex: stages.length,
        entered: false,
        trigger: { triggerType: 'Webhook', triggerDetail: 'fake' },
        variables: [],
      });
      for (const s of stages) {
        const actions = new Map<string, ActionExec>();
        for (const a of s.actions)
          actions.set(a.name, { actionExecutionId: uuid(), status: 'Succeeded', lastStatusChange: t });
        p.runs.set(s.name, { pipelineExecutionId: id, status: 'Succeeded', actions });
      }
    }
    this.pipelines.set(name, p);
  }

  /** One tick: every running execution moves on one step. */
  advance(): void {
    for (const p of this.pipelines.values()) {
      for (const e of p.executions) if (e.status === 'InProgress' || e.status === 'Stopping') this.step(p, e);
    }
  }

  private step(p: FakePipeline, e: Execution): void {
    const t = this.now();
    e.lastUpdateTime = t;
    const decl = p.stages[e.stageIndex];
    if (!e.entered) {
      const actions = new Map<string, ActionExec>();
      for (const a of decl.actions) actions.set(a.name, this.startAction(a));
      p.runs.set(decl.name, { pipelineExecutionId: e.pipelineExecutionId, status: 'InProgress', actions });
      e.entered = true;
      return;
    }
    const run = p.runs.get(decl.name)!;
    for (const a of decl.actions) {
      const x = run.actions.get(a.name)!;
      if (x.status !== 'InProgress') continue;
      if (e.status === 'Stopping') {
        finish(x, a.actionTypeId.category === 'Approval' ? 'Abandoned' : 'Succeeded', t);
      } else if (a.actionTypeId.category === 'Build') {
        const build = this.codebuild.builds.get(x.externalExecutionId ?? '');
        if (build?.buildComplete) {
          if (build.buildStatus === 'SUCCEEDED') finish(x, 'Succeeded', t);
          else {
            finish(x, 'Failed', t);
            x.errorDetails = {
              code: 'JobFailed',
              message: `Build terminated with state: ${build.buildStatus}`,
            };
          }
        }
      } else if (a.actionTypeId.category !== 'Approval') {
        finish(x, 'Succeeded', t);
        x.summary =
          a.actionTypeId.category === 'Source' ? connectionRevisionSummary(COMMIT_MESSAGE) : undefined;
      }
    }
    const states = [...run.actions.values()].map((x) => x.status);
    if (states.includes('InProgress')) return;
    if (e.status === 'Stopping') {
      run.status = 'Stopped';
      e.status = 'Stopped';
    } else if (states.includes('Failed')) {
      run.status = 'Failed';
      e.status = 'Failed';
      e.statusSummary = `Stage ${decl.name} failed`;
    } else {
      run.status = 'Succeeded';
      e.stageIndex++;
      e.entered = false;
      if (e.stageIndex >= p.stages.length) e.status = 'Succeeded';
    }
  }

  private startAction(a: ActionDecl): ActionExec {
    const x: ActionExec = { actionExecutionId: uuid(), status: 'InProgress', lastStatusChange: this.now() };
    if (a.actionTypeId.category === 'Build') {
      const build = this.codebuild.start(a.configuration?.ProjectName ?? '', {});
      x.externalExecutionId = build.id;
      x.externalExecutionUrl = `https://console.aws.amazon.com/codebuild/home?region=${this.region}#/builds/${build.id}/view/new`;
    } else if (a.actionTypeId.category === 'Approval') {
      x.token = uuid();
    }
    return x;
  }

  private pipeline(name: string): FakePipeline {
    const p = this.pipelines.get(name);
    if (!p)
      throw new ServiceError(
        'PipelineNotFoundException',
        `Account '${ACCOUNT}' does not have a pipeline with name '${name}'`,
      );
    return p;
  }

  private execution(p: FakePipeline, id: string): Execution {
    const e = p.executions.find((x) => x.pipelineExecutionId === id);
    if (!e)
      throw new ServiceError(
        'PipelineExecutionNotFoundException',
        `Pipeline execution with id '${id}' does not exist in pipeline '${p.name}'`,
      );
    return e;
  }

  private startExecution(p: FakePipeline, input: Record<string, unknown>): string {
    const t = this.now();
    const given = (input.variables as { name: string; value: string }[] | undefined) ?? [];
    for (const v of given) {
      if (!p.variables.some((d) => d.name === v.name))
        throw new ServiceError(
          'ValidationException',
          `Variable ${v.name} is not declared by pipeline ${p.name}`,
        );
    }
    const variables = p.variables.map((d) => ({
      name: d.name,
      resolvedValue: given.find((v) => v.name === d.name)?.value ?? d.defaultValue ?? '',
    }));
    const id = uuid();
    p.executions.unshift({
      pipelineExecutionId: id,
      status: 'InProgress',
      startTime: t,
      lastUpdateTime: t,
      stageIndex: 0,
      entered: false,
      trigger: { triggerType: 'StartPipelineExecution', triggerDetail: 'fake-user' },
      variables,
    });
    return id;
  }

  readonly handlers: Record<string, Handler> = {
    ListPipelines: (input) => {
      const max = Math.min(1000, Number(input.maxResults ?? 100));
      const all = [...this.pipelines.values()].sort((a, b) => a.name.localeCompare(b.name));
      const { page, nextToken } = paginate(all, input.nextToken, max);
      return {
        pipelines: page.map((p) => ({
          name: p.name,
          version: p.version,
          pipelineType: 'V2',
          executionMode: 'QUEUED',
          created: p.created,
          updated: p.updated,
        })),
        nextToken,
      };
    },
    GetPipeline: (input) => {
      const p = this.pipeline(str(input, 'name'));
      return {
        pipeline: {
          name: p.name,
          roleArn: `arn:aws:iam::${ACCOUNT}:role/pipeline-${p.name}`,
          artifactStore: { type: 'S3', location: `codepipeline-${this.region}-artifacts` },
          stages: p.stages,
          variables: p.variables,
          version: p.version,
          executionMode: 'QUEUED',
          pipelineType: 'V2',
        },
        metadata: {
          pipelineArn: `arn:aws:codepipeline:${this.region}:${ACCOUNT}:${p.name}`,
          created: p.created,
          updated: p.updated,
        },
      };
    },
    GetPipelineState: (input) => {
      const p = this.pipeline(str(input, 'name'));
      return {
        pipelineName: p.name,
        pipelineVersion: p.version,
        created: p.created,
        updated: p.updated,
        stageStates: p.stages.map((s) => {
          const run = p.runs.get(s.name);
          return {
            stageName: s.name,
            inboundTransitionState: { enabled: true },
            actionStates: s.actions.map((a) => ({
              actionName: a.name,
              latestExecution: run?.actions.get(a.name),
              entityUrl: `https://console.aws.amazon.com/fake/${a.actionTypeId.provider}`,
            })),
            latestExecution: run
              ? { pipelineExecutionId: run.pipelineExecutionId, status: run.status }
              : undefined,
          };
        }),
      };
    },
    ListPipelineExecutions: (input) => {
      const p = this.pipeline(str(input, 'pipelineName'));
      const { page, nextToken } = paginate(
        p.executions,
        input.nextToken,
        Math.min(100, Number(input.maxResults ?? 100)),
      );
      return {
        pipelineExecutionSummaries: page.map((e) => ({
          pipelineExecutionId: e.pipelineExecutionId,
          status: e.status,
          statusSummary: e.statusSummary,
          startTime: e.startTime,
          lastUpdateTime: e.lastUpdateTime,
          trigger: e.trigger,
          executionMode: 'QUEUED',
          sourceRevisions: e.sourceRevisions ?? [
            {
              actionName: 'Source',
              revisionId: 'a1b2c3d',
              revisionSummary: connectionRevisionSummary(COMMIT_MESSAGE),
            },
          ],
        })),
        nextToken,
      };
    },
    StartPipelineExecution: (input) => {
      const p = this.pipeline(str(input, 'name'));
      const id = this.tokens.once('StartPipelineExecution', input, 'clientRequestToken', () =>
        this.startExecution(p, input),
      );
      return { pipelineExecutionId: id };
    },
    StopPipelineExecution: (input) => {
      const p = this.pipeline(str(input, 'pipelineName'));
      const e = this.execution(p, str(input, 'pipelineExecutionId'));
      if (e.status !== 'InProgress')
        throw new ServiceError('PipelineExecutionNotStoppableException', `Execution is ${e.status}`);
      if (input.abandon === true) {
        const run = p.runs.get(p.stages[e.stageIndex].name);
        if (run?.pipelineExecutionId === e.pipelineExecutionId) {
          for (const x of run.actions.values())
            if (x.status === 'InProgress') finish(x, 'Abandoned', this.now());
          run.status = 'Stopped';
        }
        e.status = 'Stopped';
      } else {
        e.status = 'Stopping';
      }
      e.statusSummary = (input.reason as string | undefined) ?? undefined;
      return { pipelineExecutionId: e.pipelineExecutionId };
    },
    RetryStageExecution: (input) => {
      const p = this.pipeline(str(input, 'pipelineName'));
      const stageName = str(input, 'stageName');
      const e = this.execution(p, str(input, 'pipelineExecutionId'));
      const run = p.runs.get(stageName);
      const decl = p.stages.find((s) => s.name === stageName);
      if (!decl) throw new ServiceError('StageNotFoundException', `Stage ${stageName} not found`);
      if (!run || run.pipelineExecutionId !== e.pipelineExecutionId || run.status !== 'Failed') {
        throw new ServiceError('StageNotRetryableException', `Stage ${stageName} cannot be retried`);
      }
      const all = input.retryMode === 'ALL_ACTIONS';
      for (const a of decl.actions) {
        const x = run.actions.get(a.name);
        if (all || x?.status === 'Failed') run.actions.set(a.name, this.startAction(a));
      }
      run.status = 'InProgress';
      e.status = 'InProgress';
      e.statusSummary = undefined;
      return { pipelineExecutionId: e.pipelineExecutionId };
    },
    PutApprovalResult: (input) => {
      const p = this.pipeline(str(input, 'pipelineName'));
      const run = p.runs.get(str(input, 'stageName'));
      const x = run?.actions.get(str(input, 'actionName'));
      if (!run || !x) throw new ServiceError('ActionNotFoundException', 'Action not found');
      if (x.status !== 'InProgress')
        throw new ServiceError('ApprovalAlreadyCompletedException', 'Approval already completed');
      if (x.token !== input.token)
        throw new ServiceError('InvalidApprovalTokenException', 'The approval token is not valid');
      const result = input.result as { status?: string; summary?: string } | undefined;
      const t = this.now();
      finish(x, result?.status === 'Approved' ? 'Succeeded' : 'Failed', t);
      x.summary = result?.summary;
      return { approvedAt: t };
    },
  };
}
