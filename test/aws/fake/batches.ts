// CodeBuild batch builds: a batch runs one build of its project per identifier (real builds, listed
// by ListBuildsForProject and carrying the batch's ARN); its status follows theirs. StartBuildBatch
// needs a project with batch builds turned on; RetryBuildBatch reruns a failed batch in place.
import type { CodeBuildService, FakeBuild } from './codebuild';
import { ACCOUNT, invalid, str, uuid, type Handler, type Json } from './protocol';

interface FakeBatch {
  id: string;
  arn: string;
  projectName: string;
  number: number;
  startTime: Date;
  sourceVersion: string;
  members: { identifier: string; buildId: string }[];
  /** Who started it (a seed's own); the fake's fixed one when absent. */
  initiator?: string;
}

export class BuildBatches {
  readonly batches = new Map<string, FakeBatch>();
  private nextNumber = 0;

  constructor(
    private readonly codebuild: CodeBuildService,
    private readonly region: string,
    private readonly now: () => Date,
  ) {}

  /** Starts a batch of `projectName` with one build per identifier; returns its id. */
  start(projectName: string, input: Json, identifiers: readonly string[] = ['linux', 'windows']): string {
    const project = this.codebuild.project(projectName);
    const id = `${project.name}:${uuid()}`;
    const arn = `arn:aws:codebuild:${this.region}:${ACCOUNT}:build-batch/${id}`;
    const batch: FakeBatch = {
      id,
      arn,
      projectName: project.name,
      number: ++this.nextNumber,
      startTime: this.now(),
      sourceVersion: (input.sourceVersion as string | undefined) ?? 'refs/heads/main',
      members: [],
    };
    batch.members = identifiers.map((identifier) => ({ identifier, buildId: this.member(batch, input).id }));
    this.batches.set(id, batch);
    return id;
  }

  /** Adds a finished batch (seeding). */
  seed(projectName: string, identifiers?: readonly string[]): string {
    const id = this.start(projectName, {}, identifiers);
    for (const m of this.batches.get(id)!.members) this.codebuild.finishNow(this.build(m.buildId));
    return id;
  }

  private member(batch: FakeBatch, input: Json): FakeBuild {
    const b = this.codebuild.start(batch.projectName, {
      sourceVersion: batch.sourceVersion,
      environmentVariablesOverride: input.environmentVariablesOverride,
      buildspecOverride: input.buildspecOverride,
    });
    b.buildBatchArn = batch.arn;
    return b;
  }

  private build(id: string): FakeBuild {
    return this.codebuild.builds.get(id)!;
  }

  private status(batch: FakeBatch): { complete: boolean; status: string } {
    const builds = batch.members.map((m) => this.build(m.buildId));
    if (!builds.every((b) => b.buildComplete)) return { complete: false, status: 'IN_PROGRESS' };
    return {
      complete: true,
      status: builds.every((b) => b.buildStatus === 'SUCCEEDED') ? 'SUCCEEDED' : 'FAILED',
    };
  }

  wire(batch: FakeBatch): Json {
    const { complete, status } = this.status(batch);
    const builds = batch.members.map((m) => this.build(m.buildId));
    return {
      id: batch.id,
      arn: batch.arn,
      projectName: batch.projectName,
      startTime: batch.startTime,
      endTime: complete ? new Date(Math.max(...builds.map((b) => b.endTime?.getTime() ?? 0))) : undefined,
      currentPhase: complete ? status : 'IN_PROGRESS',
      buildBatchStatus: status,
      complete,
      buildBatchNumber: batch.number,
      initiator: batch.initiator ?? 'fake-user',
      sourceVersion: batch.sourceVersion,
      buildGroups: batch.members.map((m) => {
        const b = this.build(m.buildId);
        return { identifier: m.identifier, currentBuildSummary: { arn: b.arn, buildStatus: b.buildStatus } };
      }),
    };
  }

  private byIdOrArn(id: string): FakeBatch | undefined {
    return this.batches.get(id) ?? [...this.batches.values()].find((b) => b.arn === id);
  }

  readonly handlers: Record<string, Handler> = {
    BatchGetBuildBatches: (input) => {
      const ids = (input.ids as string[] | undefined) ?? [];
      return {
        buildBatches: ids
          .map((id) => this.byIdOrArn(id))
          .filter((b) => b !== undefined)
          .map((b) => this.wire(b)),
        buildBatchesNotFound: ids.filter((id) => !this.byIdOrArn(id)),
      };
    },
    StartBuildBatch: (input) => {
      const project = this.codebuild.project(str(input, 'projectName'));
      if (!project.batch) throw invalid(`Batch build is not enabled for project: ${project.arn}`);
      const id = this.codebuild.tokens.once('StartBuildBatch', input, 'idempotencyToken', () =>
        this.start(project.name, input),
      );
      return { buildBatch: this.wire(this.batches.get(id)!) };
    },
    RetryBuildBatch: (input) => {
      const batch = this.byIdOrArn(str(input, 'id'));
      if (!batch)
        throw invalid(`Build batch ${String(input.id)} does not exist`, 'ResourceNotFoundException');
      const id = this.codebuild.tokens.once('RetryBuildBatch', input, 'idempotencyToken', () => {
        const { complete, status } = this.status(batch);
        if (!complete || status === 'SUCCEEDED')
          throw invalid(`Only a failed batch build can be retried: ${batch.arn}`);
        const all = input.retryType === 'RETRY_ALL_BUILDS';
        batch.members = batch.members.map((m) =>
          all || this.build(m.buildId).buildStatus !== 'SUCCEEDED'
            ? { identifier: m.identifier, buildId: this.member(batch, {}).id }
            : m,
        );
        return batch.id;
      });
      return { buildBatch: this.wire(this.batches.get(id)!) };
    },
  };
}
