// CodeBuild: projects and builds. A started build walks through CodeBuild's phases one step per
// tick of the fake's clock, writing its log to the LogStore as it goes, as a real build does.
import { BuildBatches } from './batches';
import { container, phaseLog } from './buildlog';
import { IdempotencyTokens } from './idempotency';
import type { LogStore } from './logstore';
import { ACCOUNT, ServiceError, invalid, paginate, str, uuid, type Handler, type Json } from './protocol';

export const PHASES = [
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
] as const;

interface Phase {
  phaseType: string;
  phaseStatus?: string;
  startTime: Date;
  endTime?: Date;
  durationInSeconds?: number;
  contexts?: { statusCode: string; message: string }[];
}

export interface FakeBuild {
  id: string;
  arn: string;
  buildNumber: number;
  projectName: string;
  startTime: Date;
  endTime?: Date;
  currentPhase: string;
  buildStatus: string;
  sourceVersion?: string;
  phases: Phase[];
  buildComplete: boolean;
  initiator: string;
  logs: { groupName: string; streamName: string; deepLink: string };
  environmentVariables: { name: string; value: string; type?: string }[];
  buildspecOverride?: string;
  /** Set on the builds of a batch build. */
  buildBatchArn?: string;
}

export interface FakeProject {
  name: string;
  arn: string;
  created: Date;
  /** Builds of this project fail in their BUILD phase. */
  fails: boolean;
  /** Batch builds are turned on (StartBuildBatch refuses otherwise). */
  batch: boolean;
  builds: string[];
  nextNumber: number;
}

const TOKEN_LIFETIME_MS = 5 * 60_000;

export class CodeBuildService {
  readonly projects = new Map<string, FakeProject>();
  readonly builds = new Map<string, FakeBuild>();
  /** StartBuild, RetryBuild and the batch calls' `idempotencyToken`s, valid five minutes. */
  readonly tokens: IdempotencyTokens;
  readonly batchBuilds: BuildBatches;

  constructor(
    private readonly region: string,
    private readonly logs: LogStore,
    private readonly now: () => Date,
    /** Log lines each running phase writes per tick. */
    private readonly linesPerPhase = 3,
  ) {
    this.tokens = new IdempotencyTokens(
      () => this.now().getTime(),
      TOKEN_LIFETIME_MS,
      (op) =>
        invalid(
          `Idempotent request parameter mismatch: the idempotency token of this ${op} was used with other parameters`,
        ),
    );
    this.batchBuilds = new BuildBatches(this, region, now);
  }

  addProject(name: string, options: { batch?: boolean } = {}): void {
    const arn = `arn:aws:codebuild:${this.region}:${ACCOUNT}:project/${name}`;
    this.projects.set(name, {
      name,
      arn,
      created: this.now(),
      fails: false,
      batch: options.batch ?? false,
      builds: [],
      nextNumber: 1,
    });
  }

  /** Turns batch builds of a project on (or off). */
  setBatch(name: string, batch = true): void {
    this.project(name).batch = batch;
  }

  /** Runs a build through all its phases at once. */
  finishNow(b: FakeBuild): void {
    while (!b.buildComplete) this.step(b);
  }

  /** Makes the builds of a project fail (or pass again). */
  setFailing(name: string, fails = true): void {
    this.project(name).fails = fails;
  }

  /** Adds `count` finished builds to a project, oldest first; returns their ids. */
  seedBuilds(projectName: string, count: number): string[] {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const b = this.start(projectName, {});
      this.finishNow(b);
      ids.push(b.id);
    }
    return ids;
  }

  /** Starts a build as StartBuild does. */
  start(projectName: string, input: Json): FakeBuild {
    const project = this.project(projectName);
    const streamName = uuid();
    const id = `${projectName}:${streamName}`;
    const t = this.now();
    const build: FakeBuild = {
      id,
      arn: `arn:aws:codebuild:${this.region}:${ACCOUNT}:build/${id}`,
      buildNumber: project.nextNumber++,
      projectName,
      startTime: t,
      currentPhase: 'SUBMITTED',
      buildStatus: 'IN_PROGRESS',
      sourceVersion: (input.sourceVersion as string | undefined) ?? 'refs/heads/main',
      phases: [{ phaseType: 'SUBMITTED', startTime: t }],
      buildComplete: false,
      initiator: 'fake-user',
      logs: {
        groupName: `/aws/codebuild/${projectName}`,
        streamName,
        deepLink: `https://console.aws.amazon.com/cloudwatch/home?region=${this.region}#logEvent:group=/aws/codebuild/${projectName};stream=${streamName}`,
      },
      environmentVariables: (input.environmentVariablesOverride as FakeBuild['environmentVariables']) ?? [],
      buildspecOverride: input.buildspecOverride as string | undefined,
    };
    this.builds.set(id, build);
    project.builds.push(id);
    return build;
  }

  /** One tick: every unfinished build moves on one phase. */
  advance(): void {
    for (const b of this.builds.values()) if (!b.buildComplete) this.step(b);
  }

  private step(b: FakeBuild): void {
    const t = this.now();
    const current = b.phases[b.phases.length - 1];
    const index = PHASES.indexOf(current.phaseType as (typeof PHASES)[number]);
    const failed = current.phaseType === 'BUILD' && this.project(b.projectName).fails;
    const { groupName, streamName } = b.logs;
    if (index >= PHASES.indexOf('PROVISIONING')) {
      if (current.phaseType === 'PROVISIONING') this.logs.createStream(groupName, streamName);
      this.logs.append(
        groupName,
        streamName,
        ...phaseLog(b, current.phaseType, failed, this.linesPerPhase, t),
      );
    }
    current.phaseStatus = failed ? 'FAILED' : 'SUCCEEDED';
    current.endTime = t;
    current.durationInSeconds = Math.round((t.getTime() - current.startTime.getTime()) / 1000);
    if (failed)
      current.contexts = [
        {
          statusCode: 'COMMAND_EXECUTION_ERROR',
          message: 'Error while executing command: make. Reason: exit status 2',
        },
      ];
    if (failed) b.buildStatus = 'FAILED';
    const next = PHASES[index + 1];
    b.phases.push({ phaseType: next, startTime: t });
    b.currentPhase = next;
    if (next === 'COMPLETED') {
      b.buildComplete = true;
      b.endTime = t;
      if (b.buildStatus === 'IN_PROGRESS') b.buildStatus = 'SUCCEEDED';
    } else if (index + 1 >= PHASES.indexOf('DOWNLOAD_SOURCE')) {
      const verb = next === 'DOWNLOAD_SOURCE' ? 'Phase is' : 'Entering phase';
      this.logs.append(groupName, streamName, container(t, 900_000, `${verb} ${next}`));
    }
  }

  project(name: string): FakeProject {
    const p = this.projects.get(name) ?? this.projects.get(name.split('/').pop() ?? '');
    if (!p)
      throw new ServiceError(
        'ResourceNotFoundException',
        `Project cannot be found: arn:aws:codebuild:${this.region}:${ACCOUNT}:project/${name}`,
      );
    return p;
  }

  private wireProject(p: FakeProject): Json {
    return {
      name: p.name,
      arn: p.arn,
      description: `Fake project ${p.name}`,
      source: { type: 'CODEPIPELINE', buildspec: 'buildspec.yml' },
      artifacts: { type: 'CODEPIPELINE' },
      environment: {
        type: 'LINUX_CONTAINER',
        image: 'aws/codebuild/standard:7.0',
        computeType: 'BUILD_GENERAL1_SMALL',
      },
      serviceRole: `arn:aws:iam::${ACCOUNT}:role/codebuild-${p.name}`,
      timeoutInMinutes: 60,
      created: p.created,
      lastModified: p.created,
    };
  }

  private wireBuild(b: FakeBuild): Json {
    return {
      ...b,
      logs: this.wireLogs(b),
      environment: {
        type: 'LINUX_CONTAINER',
        image: 'aws/codebuild/standard:7.0',
        computeType: 'BUILD_GENERAL1_SMALL',
        environmentVariables: b.environmentVariables,
      },
      source: { type: 'CODEPIPELINE', buildspec: b.buildspecOverride ?? 'buildspec.yml' },
    };
  }

  // CodeBuild names the log group and stream once the build is provisioning; before that its link
  // reads `group=null;stream=null`. The statuses say where the project sends logs (CloudWatch here).
  private wireLogs(b: FakeBuild): Json {
    const named = PHASES.indexOf(b.currentPhase as (typeof PHASES)[number]) >= PHASES.indexOf('PROVISIONING');
    const s3Logs = { status: 'DISABLED', encryptionDisabled: false };
    if (!named) {
      return {
        deepLink: `https://console.aws.amazon.com/cloudwatch/home?region=${this.region}#logEvent:group=null;stream=null`,
        cloudWatchLogs: { status: 'ENABLED' },
        s3Logs,
      };
    }
    const { groupName, streamName } = b.logs;
    return {
      ...b.logs,
      cloudWatchLogsArn: `arn:aws:logs:${this.region}:${ACCOUNT}:log-group:${groupName}:log-stream:${streamName}`,
      cloudWatchLogs: { status: 'ENABLED' },
      s3Logs,
    };
  }

  private ids(input: Json, key: string): string[] {
    const ids = input[key];
    if (!Array.isArray(ids) || ids.length === 0) throw invalid(`${key} must not be empty`);
    if (ids.length > 100)
      throw invalid(
        `1 validation error detected: Value at '${key}' failed to satisfy constraint: Member must have length less than or equal to 100`,
      );
    return ids as string[];
  }

  private byIdOrArn(id: string): FakeBuild | undefined {
    return this.builds.get(id) ?? this.builds.get(id.replace(/^arn:aws:codebuild:[^:]+:\d+:build\//, ''));
  }

  readonly handlers: Record<string, Handler> = {
    ListProjects: (input) => {
      const names = [...this.projects.keys()].sort();
      if (input.sortOrder === 'DESCENDING') names.reverse();
      const { page, nextToken } = paginate(names, input.nextToken, 100);
      return { projects: page, nextToken };
    },
    BatchGetProjects: (input) => {
      const names = this.ids(input, 'names');
      const found = names
        .map((n) => this.projects.get(n.split('/').pop() ?? n))
        .filter((p) => p !== undefined);
      return {
        projects: found.map((p) => this.wireProject(p)),
        projectsNotFound: names.filter((n) => !this.projects.has(n.split('/').pop() ?? n)),
      };
    },
    ListBuildsForProject: (input) => {
      const ids = [...this.project(str(input, 'projectName')).builds];
      if (input.sortOrder !== 'ASCENDING') ids.reverse();
      const { page, nextToken } = paginate(ids, input.nextToken, 100);
      return { ids: page, nextToken };
    },
    BatchGetBuilds: (input) => {
      const ids = this.ids(input, 'ids');
      const found = ids.map((id) => this.byIdOrArn(id)).filter((b) => b !== undefined);
      return {
        builds: found.map((b) => this.wireBuild(b)),
        buildsNotFound: ids.filter((id) => !this.byIdOrArn(id)),
      };
    },
    ...this.batchHandlers(),
    StartBuild: (input) => {
      const project = this.project(str(input, 'projectName'));
      const id = this.tokens.once(
        'StartBuild',
        input,
        'idempotencyToken',
        () => this.start(project.name, input).id,
      );
      return { build: this.wireBuild(this.builds.get(id)!) };
    },
    StopBuild: (input) => {
      const b = this.byIdOrArn(str(input, 'id'));
      if (!b) throw new ServiceError('ResourceNotFoundException', `Build ${String(input.id)} not found`);
      if (!b.buildComplete) {
        const t = this.now();
        const current = b.phases[b.phases.length - 1];
        Object.assign(current, { phaseStatus: 'STOPPED', endTime: t, durationInSeconds: 0 });
        b.phases.push({ phaseType: 'COMPLETED', startTime: t });
        Object.assign(b, {
          currentPhase: 'COMPLETED',
          buildStatus: 'STOPPED',
          buildComplete: true,
          endTime: t,
        });
      }
      return { build: this.wireBuild(b) };
    },
    RetryBuild: (input) => {
      const old = this.byIdOrArn(str(input, 'id'));
      if (!old) throw new ServiceError('ResourceNotFoundException', `Build ${String(input.id)} not found`);
      const id = this.tokens.once('RetryBuild', input, 'idempotencyToken', () => {
        const b = this.start(old.projectName, {
          sourceVersion: old.sourceVersion,
          environmentVariablesOverride: old.environmentVariables,
          buildspecOverride: old.buildspecOverride,
        });
        return b.id;
      });
      return { build: this.wireBuild(this.builds.get(id)!) };
    },
  };

  /** Adds a finished batch build of a project (one build per identifier); returns its id. */
  seedBatch(projectName: string, identifiers: readonly string[] = ['linux', 'windows']): string {
    return this.batchBuilds.seed(projectName, identifiers);
  }

  // The batch handlers, once `batchBuilds` exists (field initialisers run before the constructor body).
  private batchHandlers(): Record<string, Handler> {
    return {
      BatchGetBuildBatches: (input) => this.batchBuilds.handlers.BatchGetBuildBatches(input),
      StartBuildBatch: (input) => this.batchBuilds.handlers.StartBuildBatch(input),
      RetryBuildBatch: (input) => this.batchBuilds.handlers.RetryBuildBatch(input),
    };
  }
}
