// CodeBuild: projects, builds and build batches, in our own types. Batch gets are split into calls
// of at most 100 ids (the service's limit) run side by side, and merged back in the order asked.
// Calls that start something carry an idempotency token made once per call of ours: the SDK's
// retries resend the same request, so a response lost after CodeBuild accepted it starts nothing twice.
import { randomUUID } from 'node:crypto';
import {
  BatchGetBuildBatchesCommand,
  BatchGetBuildsCommand,
  BatchGetProjectsCommand,
  ListBuildsForProjectCommand,
  ListProjectsCommand,
  RetryBuildBatchCommand,
  RetryBuildCommand,
  StartBuildBatchCommand,
  StartBuildCommand,
  StopBuildCommand,
  type Build as SdkBuild,
  type BuildBatch as SdkBuildBatch,
  type Project as SdkProject,
} from '@aws-sdk/client-codebuild';
import type { AwsConnection, CallSpec } from './connection';
import { LIMITS, checkRequest } from './constraints';
import { chunk, collect } from './limit';
import type {
  BatchResult,
  BatchRetryType,
  Build,
  BuildBatch,
  BuildStatus,
  LogOutput,
  Page,
  PageRequest,
  Project,
  StartBuildOptions,
} from './types';

/** BatchGetBuilds, BatchGetProjects and BatchGetBuildBatches take at most this many ids. */
export const BATCH_LIMIT = 100;

const TERMINAL: ReadonlySet<string> = new Set<BuildStatus>([
  'SUCCEEDED',
  'FAILED',
  'FAULT',
  'STOPPED',
  'TIMED_OUT',
]);

/** A build (or batch) is over when CodeBuild says so, or when its status can no longer change. */
export function isComplete(complete: boolean | undefined, status: string | undefined): boolean {
  return complete === true || (status !== undefined && TERMINAL.has(status));
}

export class CodeBuildApi {
  constructor(private readonly conn: AwsConnection) {}

  /** One page of project names (the service pages by 100). */
  async listProjects(page: PageRequest = {}): Promise<Page<string>> {
    const spec: CallSpec = { service: 'codebuild', operation: 'ListProjects', verb: 'list projects' };
    checkRequest(spec, [['page token', page.nextToken, LIMITS.nonEmpty]]);
    const out = await this.conn.call(spec, () =>
      this.conn.codebuild.send(
        new ListProjectsCommand({ nextToken: page.nextToken, sortBy: 'NAME', sortOrder: 'ASCENDING' }),
      ),
    );
    return { items: out.projects ?? [], nextToken: out.nextToken || undefined };
  }

  /** Every project name, following all pages. */
  async listAllProjects(): Promise<string[]> {
    return collect((nextToken) => this.listProjects({ nextToken }));
  }

  /** Projects by name, in the order given; names the service does not know are in `notFound`. */
  async batchGetProjects(names: readonly string[]): Promise<BatchResult<Project>> {
    return this.batch(
      names,
      'BatchGetProjects',
      'get projects',
      async (ids) => {
        const out = await this.conn.codebuild.send(new BatchGetProjectsCommand({ names: ids }));
        return {
          found: (out.projects ?? []).map(toProject),
          notFound: out.projectsNotFound ?? [],
          $metadata: out.$metadata,
        };
      },
      (p) => [p.name, p.arn],
    );
  }

  /** One page of build ids of a project, newest first. */
  async listBuildsForProject(projectName: string, page: PageRequest = {}): Promise<Page<string>> {
    const spec: CallSpec = {
      service: 'codebuild',
      operation: 'ListBuildsForProject',
      verb: 'list builds of',
      resource: projectName,
    };
    checkRequest(spec, [
      ['project name', projectName, LIMITS.nonEmpty],
      ['page token', page.nextToken, LIMITS.nonEmpty],
    ]);
    const out = await this.conn.call(spec, () =>
      this.conn.codebuild.send(
        new ListBuildsForProjectCommand({
          projectName,
          nextToken: page.nextToken,
          sortOrder: 'DESCENDING',
        }),
      ),
    );
    return { items: out.ids ?? [], nextToken: out.nextToken || undefined };
  }

  /** Builds by id, in the order given, split into calls of at most 100. */
  async batchGetBuilds(ids: readonly string[]): Promise<BatchResult<Build>> {
    return this.batch(
      ids,
      'BatchGetBuilds',
      'get builds',
      async (chunkIds) => {
        const out = await this.conn.codebuild.send(new BatchGetBuildsCommand({ ids: chunkIds }));
        return {
          found: (out.builds ?? []).map(toBuild),
          notFound: out.buildsNotFound ?? [],
          $metadata: out.$metadata,
        };
      },
      (b) => [b.id, b.arn],
    );
  }

  /** Build batches by id, in the order given. */
  async batchGetBuildBatches(ids: readonly string[]): Promise<BatchResult<BuildBatch>> {
    return this.batch(
      ids,
      'BatchGetBuildBatches',
      'get build batches',
      async (chunkIds) => {
        const out = await this.conn.codebuild.send(new BatchGetBuildBatchesCommand({ ids: chunkIds }));
        return {
          found: (out.buildBatches ?? []).map(toBuildBatch),
          notFound: out.buildBatchesNotFound ?? [],
          $metadata: out.$metadata,
        };
      },
      (b) => [b.id, b.arn],
    );
  }

  /**
   * Starts a build of a project; returns it as it stands (SUBMITTED). `options.idempotencyToken`
   * lets a caller that may repeat the same user action (a retry after a timeout) name it; else one is
   * made for this call.
   */
  async startBuild(projectName: string, options: StartBuildOptions = {}): Promise<Build> {
    const spec: CallSpec = {
      service: 'codebuild',
      operation: 'StartBuild',
      verb: 'start build for',
      resource: projectName,
    };
    this.checkStart(spec, projectName, options);
    const idempotencyToken = options.idempotencyToken ?? randomUUID();
    const out = await this.conn.call(spec, () =>
      this.conn.codebuild.send(
        new StartBuildCommand({
          projectName,
          sourceVersion: options.sourceVersion,
          environmentVariablesOverride: options.environmentVariablesOverride,
          buildspecOverride: options.buildspecOverride,
          idempotencyToken,
        }),
      ),
    );
    return toBuild(out.build ?? {});
  }

  /** Starts a batch build of a project (the project must have a batch configuration). */
  async startBuildBatch(projectName: string, options: StartBuildOptions = {}): Promise<BuildBatch> {
    const spec: CallSpec = {
      service: 'codebuild',
      operation: 'StartBuildBatch',
      verb: 'start batch build for',
      resource: projectName,
    };
    this.checkStart(spec, projectName, options);
    const idempotencyToken = options.idempotencyToken ?? randomUUID();
    const out = await this.conn.call(spec, () =>
      this.conn.codebuild.send(
        new StartBuildBatchCommand({
          projectName,
          sourceVersion: options.sourceVersion,
          environmentVariablesOverride: options.environmentVariablesOverride,
          buildspecOverride: options.buildspecOverride,
          idempotencyToken,
        }),
      ),
    );
    return toBuildBatch(out.buildBatch ?? {});
  }

  async stopBuild(id: string): Promise<Build> {
    const spec: CallSpec = { service: 'codebuild', operation: 'StopBuild', verb: 'stop build', resource: id };
    checkRequest(spec, [['build id', id, LIMITS.nonEmpty]]);
    const out = await this.conn.call(spec, () => this.conn.codebuild.send(new StopBuildCommand({ id })));
    return toBuild(out.build ?? {});
  }

  /** Starts a new build with the settings of an earlier one; `idempotencyToken` as for startBuild. */
  async retryBuild(id: string, idempotencyToken: string = randomUUID()): Promise<Build> {
    const spec: CallSpec = {
      service: 'codebuild',
      operation: 'RetryBuild',
      verb: 'retry build',
      resource: id,
    };
    checkRequest(spec, [
      ['build id', id, LIMITS.nonEmpty],
      ['idempotency token', idempotencyToken, LIMITS.nonEmpty],
    ]);
    const out = await this.conn.call(spec, () =>
      this.conn.codebuild.send(new RetryBuildCommand({ id, idempotencyToken })),
    );
    return toBuild(out.build ?? {});
  }

  /** Reruns a batch build: all its builds, or only those that failed. */
  async retryBuildBatch(
    id: string,
    retryType: BatchRetryType = 'RETRY_FAILED_BUILDS',
    idempotencyToken: string = randomUUID(),
  ): Promise<BuildBatch> {
    const spec: CallSpec = {
      service: 'codebuild',
      operation: 'RetryBuildBatch',
      verb: 'retry batch build',
      resource: id,
    };
    checkRequest(spec, [
      ['batch id', id, LIMITS.nonEmpty],
      ['retry type', retryType, LIMITS.batchRetryType],
      ['idempotency token', idempotencyToken, LIMITS.nonEmpty],
    ]);
    const out = await this.conn.call(spec, () =>
      this.conn.codebuild.send(new RetryBuildBatchCommand({ id, retryType, idempotencyToken })),
    );
    return toBuildBatch(out.buildBatch ?? {});
  }

  private checkStart(spec: CallSpec, projectName: string, options: StartBuildOptions): void {
    checkRequest(spec, [
      ['project name', projectName, LIMITS.nonEmpty],
      ['idempotency token', options.idempotencyToken, LIMITS.nonEmpty],
      ...(options.environmentVariablesOverride ?? []).flatMap((v) => [
        ['environment variable name', v.name, LIMITS.nonEmpty] as const,
        ['type of environment variable ' + v.name, v.type, LIMITS.environmentVariableType] as const,
      ]),
    ]);
  }

  private async batch<T>(
    ids: readonly string[],
    operation: string,
    verb: string,
    // `$metadata` rides along so the call's attempt count reaches the call log.
    get: (ids: string[]) => Promise<BatchResult<T> & { $metadata?: unknown }>,
    keys: (item: T) => (string | undefined)[],
  ): Promise<BatchResult<T>> {
    const unique = [...new Set(ids)];
    checkRequest(
      { service: 'codebuild', operation, verb },
      unique.map((id) => ['id', id, LIMITS.nonEmpty] as const),
    );
    const parts = await Promise.all(
      chunk(unique, BATCH_LIMIT).map((part) =>
        this.conn.call(
          { service: 'codebuild', operation, verb, resource: part.length === 1 ? part[0] : undefined },
          () => get(part),
        ),
      ),
    );
    const byKey = new Map<string, T>();
    for (const part of parts) {
      for (const item of part.found) for (const key of keys(item)) if (key) byKey.set(key, item);
    }
    const found: T[] = [];
    const notFound: string[] = [];
    for (const id of unique) {
      const item = byKey.get(id);
      if (item) found.push(item);
      else notFound.push(id);
    }
    return { found, notFound };
  }
}

function toProject(p: SdkProject): Project {
  return {
    name: p.name ?? '',
    arn: p.arn,
    description: p.description,
    sourceType: p.source?.type,
    sourceLocation: p.source?.location,
    image: p.environment?.image,
    computeType: p.environment?.computeType,
    created: p.created,
    lastModified: p.lastModified,
  };
}

function toBuild(b: SdkBuild): Build {
  const logOutput = toLogOutput(b);
  return {
    id: b.id ?? '',
    arn: b.arn,
    buildNumber: b.buildNumber,
    projectName: b.projectName ?? b.id?.split(':')[0] ?? '',
    status: b.buildStatus ?? 'IN_PROGRESS',
    currentPhase: b.currentPhase,
    complete: isComplete(b.buildComplete, b.buildStatus),
    startTime: b.startTime,
    endTime: b.endTime,
    sourceVersion: b.sourceVersion,
    resolvedSourceVersion: b.resolvedSourceVersion,
    initiator: b.initiator,
    phases: (b.phases ?? []).map((p) => ({
      type: p.phaseType ?? 'SUBMITTED',
      status: p.phaseStatus,
      startTime: p.startTime,
      endTime: p.endTime,
      durationSeconds: p.durationInSeconds,
      messages: (p.contexts ?? [])
        .map((c) => [c.statusCode, c.message].filter(Boolean).join(': '))
        .filter(Boolean),
    })),
    logs:
      logOutput.kind === 'cloudWatch' && logOutput.streamName
        ? {
            groupName: logOutput.groupName,
            streamName: logOutput.streamName,
            deepLink: logOutput.deepLink,
            groupArn: logOutput.groupArn,
          }
        : undefined,
    logOutput,
    buildBatchArn: b.buildBatchArn,
  };
}

/**
 * Where a build logs. CodeBuild reports `logs` once the build is under way; a project can turn
 * CloudWatch off (then S3 may be the only copy) or both off. CloudWatch's group defaults to
 * `/aws/codebuild/PROJECT` when the project names none.
 */
export function toLogOutput(b: SdkBuild): LogOutput {
  const logs = b.logs;
  if (!logs) return { kind: 'unknown' };
  const s3 = logs.s3Logs?.status === 'ENABLED' ? logs.s3Logs.location || logs.s3LogsArn || '' : undefined;
  if (logs.cloudWatchLogs?.status === 'DISABLED') {
    return s3 === undefined
      ? { kind: 'none' }
      : { kind: 's3', s3Location: s3 || undefined, deepLink: logs.s3DeepLink };
  }
  const projectName = b.projectName ?? b.id?.split(':')[0] ?? '';
  const groupName = logs.groupName || logs.cloudWatchLogs?.groupName || `/aws/codebuild/${projectName}`;
  const streamName = logs.streamName || undefined;
  return {
    kind: 'cloudWatch',
    groupName,
    streamName,
    groupArn: logGroupArn(logs.cloudWatchLogsArn, b.arn, groupName),
    // Until the stream exists CodeBuild's link says `group=null;stream=null`: no link is better.
    deepLink: streamName ? logs.deepLink : undefined,
    s3Location: s3 || undefined,
  };
}

// StartLiveTail wants the group's ARN. CodeBuild gives the stream's ARN once it exists; before that
// the build's own ARN has the partition, region and account to build it from.
function logGroupArn(streamArn: string | undefined, buildArn: string | undefined, groupName: string) {
  const fromStream =
    streamArn && /^(arn:[^:]+:logs:[^:]*:\d*:log-group:.+?)(?::log-stream:.*)?$/.exec(streamArn);
  if (fromStream) return fromStream[1];
  const m = buildArn && /^arn:([^:]+):codebuild:([^:]+):(\d+):/.exec(buildArn);
  return m ? `arn:${m[1]}:logs:${m[2]}:${m[3]}:log-group:${groupName}` : undefined;
}

function toBuildBatch(b: SdkBuildBatch): BuildBatch {
  return {
    id: b.id ?? '',
    arn: b.arn,
    batchNumber: b.buildBatchNumber,
    projectName: b.projectName,
    initiator: b.initiator,
    resolvedSourceVersion: b.resolvedSourceVersion,
    status: b.buildBatchStatus,
    currentPhase: b.currentPhase,
    complete: isComplete(b.complete, b.buildBatchStatus),
    startTime: b.startTime,
    endTime: b.endTime,
    sourceVersion: b.sourceVersion,
    builds: (b.buildGroups ?? []).map((g) => ({
      identifier: g.identifier,
      buildId: g.currentBuildSummary?.arn,
      status: g.currentBuildSummary?.buildStatus,
    })),
  };
}
