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
} from '@aws-sdk/client-codebuild';
import type { AwsClients, CallSpec } from './clients';
import { LIMITS, checkRequest } from './constraints';
import { toBuild, toBuildBatch, toProject } from './codebuildShapes';
import { chunk, collect } from './limit';
import type {
  BatchResult,
  BatchRetryType,
  Build,
  BuildBatch,
  Page,
  PageRequest,
  Project,
  StartBuildOptions,
} from './types';

export { isComplete, toLogOutput } from './codebuildShapes';

/** BatchGetBuilds, BatchGetProjects and BatchGetBuildBatches take at most this many ids. */
export const BATCH_LIMIT = 100;

export class CodeBuildApi {
  constructor(private readonly conn: AwsClients) {}

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
