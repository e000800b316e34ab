// CodeBuild: projects and builds. A started build walks through CodeBuild's phases one step per
// tick of the fake's clock, writing its log to the LogStore as it goes, as a real build does.
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

interface FakeProject {
  name: string;
  arn: string;
  created: Date;
  /** Builds of this project fail in their BUILD phase. */
  fails: boolean;
  builds: string[];
  nextNumber: number;
}

// ---- what a build writes to its log ----

const E = '\x1b';
const SOURCE = 'github.com/acme/web-frontend';

/** `[Container] 2024/01/12 10:20:30.123456 message`: CodeBuild's own lines, stamped with the fake clock. */
function container(t: Date, micros: number, message: string): string {
  const d = new Date(t.getTime() + Math.floor(micros / 1000));
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}${p(micros % 1000, 3)}`;
  return `[Container] ${stamp} ${message}\n`;
}

/** The tools' own output of each phase, cycled to fill `n` lines (coloured as the tools colour it). */
const OUTPUT: Record<string, string[]> = {
  DOWNLOAD_SOURCE: [
    'Setting HTTP client timeout to higher timeout for Github and GitHub Enterprise sources',
    'Processing environment variables',
    "Selecting 'nodejs' runtime version '20' based on manual selections...",
    'Running on CodeBuild On-demand',
  ],
  INSTALL: [
    `${E}[2mnpm${E}[22m ${E}[33mwarn${E}[39m deprecated inflight@1.0.6: This module is not supported`,
    'Downloading node-v20.11.1 [=====     ] 50%\rDownloading node-v20.11.1 [==========] 100%',
    'added 412 packages, and audited 413 packages in 9s',
    `found ${E}[32m${E}[1m0${E}[22m${E}[39m vulnerabilities`,
  ],
  PRE_BUILD: [
    'Logging in to Amazon ECR in us-east-1',
    `${E}[33mWARNING!${E}[0m Your password will be stored unencrypted in /root/.docker/config.json.`,
    'Login Succeeded',
  ],
  BUILD: [
    '',
    `  ${E}[0m${E}[0mhealth check${E}[0m`,
    `  ${E}[32m  ✔${E}[0m${E}[90m answers 200 on /healthz${E}[0m${E}[33m (12ms)${E}[0m`,
    `  ${E}[32m  ✔${E}[0m${E}[90m answers 404 elsewhere${E}[0m`,
    `${E}[92m ${E}[0m${E}[32m 2 passing${E}[0m${E}[90m (45ms)${E}[0m`,
  ],
  POST_BUILD: [
    'The push refers to repository [123456789012.dkr.ecr.us-east-1.amazonaws.com/web-frontend]',
    `${E}[1A${E}[2K5f70bf18a086: Pushed${E}[1B`,
    'latest: digest: sha256:3c5f1e0a7d2b size: 1570',
  ],
  UPLOAD_ARTIFACTS: ['Expanding base directory path: .', 'Found 3 file(s)', 'Assembling file list'],
  FINALIZING: [
    'Set report auto-discover timeout to 5 seconds',
    'Report auto-discover file discovery took 0.05 seconds',
  ],
};

const COMMANDS: Record<string, string> = {
  INSTALL: 'npm ci --no-audit --no-fund',
  PRE_BUILD:
    'aws ecr get-login-password --region "$AWS_DEFAULT_REGION" | docker login --username AWS --password-stdin',
  BUILD: 'npm test',
  POST_BUILD: 'docker push "$REPOSITORY_URI:$IMAGE_TAG"',
};

/** A failing BUILD: `make` runs ESLint, which finds an error in examples/app/server.mjs. */
function failingBuildOutput(srcDir: string): string[] {
  return [
    'npx eslint app',
    '',
    `${E}[4m${srcDir}/app/server.mjs${E}[24m`,
    `  ${E}[2m12:7${E}[22m  ${E}[31merror${E}[39m    'port' is assigned a value but never used  ${E}[2mno-unused-vars${E}[22m`,
    `  ${E}[2m14:1${E}[22m  ${E}[33mwarning${E}[39m  Unexpected console statement               ${E}[2mno-console${E}[22m`,
    '',
    `${E}[31m${E}[1m✖ 2 problems (1 error, 1 warning)${E}[22m${E}[39m`,
    '',
    'make: *** [Makefile:4: lint] Error 1',
  ];
}

/** The log lines one phase of a build writes: CodeBuild's own lines and the tools' output. */
function phaseLog(b: FakeBuild, phase: string, failed: boolean, n: number, t: Date): string[] {
  const srcDir = `/codebuild/output/src${100 + ((b.buildNumber * 7919) % 9000)}/src/${SOURCE}`;
  const out: string[] = [];
  const own: string[] = [];
  if (phase === 'PROVISIONING') {
    own.push('Waiting for agent ping', 'Waiting for DOWNLOAD_SOURCE');
  } else if (phase === 'DOWNLOAD_SOURCE') {
    own.push(`CODEBUILD_SRC_DIR=${srcDir}`, `YAML location is ${srcDir}/buildspec.yml`);
  }
  const command = failed ? 'make' : COMMANDS[phase];
  const body = failed ? failingBuildOutput(srcDir) : (OUTPUT[phase] ?? []);
  const count = failed ? body.length : body.length ? n : 0;
  const lines = own.length + count + 6;
  const gap = Math.max(1, Math.floor(800_000 / lines));
  let i = 0;
  const stamp = (message: string) => container(t, ++i * gap, message);
  for (const line of own) out.push(stamp(line));
  if (phase === 'PROVISIONING') return out;
  if (command) out.push(stamp(`Running command ${command}`));
  for (let k = 0; k < count; k++) {
    i++;
    out.push(`${body[k % body.length]}\n`);
  }
  if (failed) out.push(stamp('Command did not exit successfully make exit status 2'));
  out.push(stamp(`Phase complete: ${phase} State: ${failed ? 'FAILED' : 'SUCCEEDED'}`));
  if (phase !== 'FINALIZING') {
    out.push(
      stamp(
        failed
          ? 'Phase context status code: COMMAND_EXECUTION_ERROR Message: Error while executing command: make. Reason: exit status 2'
          : 'Phase context status code:  Message: ',
      ),
    );
  }
  return out;
}

export class CodeBuildService {
  readonly projects = new Map<string, FakeProject>();
  readonly builds = new Map<string, FakeBuild>();
  readonly batches = new Map<string, Json>();
  private batchNumber = 0;

  constructor(
    private readonly region: string,
    private readonly logs: LogStore,
    private readonly now: () => Date,
    /** Log lines each running phase writes per tick. */
    private readonly linesPerPhase = 3,
  ) {}

  addProject(name: string): void {
    const arn = `arn:aws:codebuild:${this.region}:${ACCOUNT}:project/${name}`;
    this.projects.set(name, { name, arn, created: this.now(), fails: false, builds: [], nextNumber: 1 });
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
      while (!b.buildComplete) this.step(b);
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

  private project(name: string): FakeProject {
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
      environment: {
        type: 'LINUX_CONTAINER',
        image: 'aws/codebuild/standard:7.0',
        computeType: 'BUILD_GENERAL1_SMALL',
        environmentVariables: b.environmentVariables,
      },
      source: { type: 'CODEPIPELINE', buildspec: b.buildspecOverride ?? 'buildspec.yml' },
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
    BatchGetBuildBatches: (input) => {
      const ids = this.ids(input, 'ids');
      return {
        buildBatches: ids.map((id) => this.batches.get(id)).filter(Boolean),
        buildBatchesNotFound: ids.filter((id) => !this.batches.has(id)),
      };
    },
    StartBuild: (input) => ({
      build: this.wireBuild(this.start(this.project(str(input, 'projectName')).name, input)),
    }),
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
      const b = this.start(old.projectName, {
        sourceVersion: old.sourceVersion,
        environmentVariablesOverride: old.environmentVariables,
        buildspecOverride: old.buildspecOverride,
      });
      return { build: this.wireBuild(b) };
    },
  };

  /**
   * Adds a finished batch build of a project: its builds (one per identifier) are real builds of the
   * project, listed by ListBuildsForProject and carrying the batch's ARN, as CodeBuild lists them.
   */
  seedBatch(projectName: string, identifiers: readonly string[] = ['linux', 'windows']): string {
    const project = this.project(projectName);
    const id = `${projectName}:${uuid()}`;
    const arn = `arn:aws:codebuild:${this.region}:${ACCOUNT}:build-batch/${id}`;
    const t = this.now();
    const members = identifiers.map((identifier) => {
      const b = this.start(projectName, {});
      while (!b.buildComplete) this.step(b);
      b.buildBatchArn = arn;
      return { identifier, build: b };
    });
    this.batches.set(id, {
      id,
      arn,
      projectName: project.name,
      startTime: t,
      endTime: this.now(),
      currentPhase: 'SUCCEEDED',
      buildBatchStatus: members.every((m) => m.build.buildStatus === 'SUCCEEDED') ? 'SUCCEEDED' : 'FAILED',
      complete: true,
      buildBatchNumber: ++this.batchNumber,
      initiator: 'fake-user',
      sourceVersion: 'refs/heads/main',
      buildGroups: members.map((m) => ({
        identifier: m.identifier,
        currentBuildSummary: { arn: m.build.arn, buildStatus: m.build.buildStatus },
      })),
    });
    return id;
  }
}
