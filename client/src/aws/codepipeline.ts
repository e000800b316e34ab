// CodePipeline: pipelines, their live state and executions, in our own types. The state of many
// pipelines is fetched with bounded concurrency, one call per pipeline, and each pipeline's outcome
// is kept apart so that one denied or deleted pipeline leaves the others showing.
import {
  GetPipelineCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
  ListPipelinesCommand,
  PutApprovalResultCommand,
  RetryStageExecutionCommand,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
  type GetPipelineStateOutput,
  type PipelineExecutionSummary,
  type PipelineSummary,
} from '@aws-sdk/client-codepipeline';
import type { AwsConnection } from './connection';
import { toAwsError, type AwsError } from './errors';
import { collect, mapSettled } from './limit';
import type {
  Page,
  PageRequest,
  Pipeline,
  PipelineDefinition,
  PipelineExecution,
  PipelineState,
  PipelineVariable,
  StageRetryMode,
} from './types';

/** The state of one pipeline of a fan-out, or why it could not be read. */
export type PipelineStateResult =
  | { pipelineName: string; ok: true; state: PipelineState }
  | { pipelineName: string; ok: false; error: AwsError };

export class CodePipelineApi {
  constructor(private readonly conn: AwsConnection) {}

  /** One page of pipelines; the service takes up to 1000 a page. */
  async listPipelines(page: PageRequest = {}): Promise<Page<Pipeline>> {
    const out = await this.conn.call(
      { service: 'codepipeline', operation: 'ListPipelines', verb: 'list pipelines' },
      () =>
        this.conn.codepipeline.send(
          new ListPipelinesCommand({ nextToken: page.nextToken, maxResults: page.pageSize ?? 1000 }),
        ),
    );
    return { items: (out.pipelines ?? []).map(toPipeline), nextToken: out.nextToken || undefined };
  }

  /** Every pipeline, following all pages. */
  async listAllPipelines(): Promise<Pipeline[]> {
    return collect((nextToken) => this.listPipelines({ nextToken }));
  }

  /** A pipeline's definition, for showing as read-only JSON. */
  async getPipeline(name: string): Promise<PipelineDefinition> {
    const out = await this.conn.call(
      { service: 'codepipeline', operation: 'GetPipeline', verb: 'get pipeline', resource: name },
      () => this.conn.codepipeline.send(new GetPipelineCommand({ name })),
    );
    const p = out.pipeline;
    return {
      name: p?.name ?? name,
      version: p?.version,
      arn: out.metadata?.pipelineArn,
      json: JSON.parse(JSON.stringify(p ?? {})) as Record<string, unknown>,
      stages: (p?.stages ?? []).map((s) => ({
        name: s.name ?? '',
        actions: (s.actions ?? []).map((a) => ({
          name: a.name ?? '',
          category: a.actionTypeId?.category ?? '',
          provider: a.actionTypeId?.provider ?? '',
          configuration: Object.fromEntries(
            Object.entries(a.configuration ?? {}).filter(([, v]) => typeof v === 'string'),
          ),
        })),
      })),
      variables: (p?.variables ?? []).map((v) => ({
        name: v.name ?? '',
        defaultValue: v.defaultValue,
        description: v.description,
      })),
    };
  }

  async getPipelineState(name: string): Promise<PipelineState> {
    const out = await this.conn.call(
      {
        service: 'codepipeline',
        operation: 'GetPipelineState',
        verb: 'get the state of pipeline',
        resource: name,
      },
      () => this.conn.codepipeline.send(new GetPipelineStateCommand({ name })),
    );
    return toState(name, out);
  }

  /** The state of each named pipeline, one call each, at most `concurrency` at once; never throws. */
  async getPipelineStates(names: readonly string[], concurrency = 8): Promise<PipelineStateResult[]> {
    const settled = await mapSettled(names, concurrency, (name) => this.getPipelineState(name));
    return settled.map((s, i): PipelineStateResult => {
      const pipelineName = names[i];
      if (s.ok) return { pipelineName, ok: true, state: s.value };
      const error = toAwsError(s.error, {
        service: 'codepipeline',
        operation: 'GetPipelineState',
        verb: 'get the state of pipeline',
        resource: pipelineName,
      });
      return { pipelineName, ok: false, error };
    });
  }

  /** One page of a pipeline's executions, newest first. */
  async listPipelineExecutions(
    pipelineName: string,
    page: PageRequest = {},
  ): Promise<Page<PipelineExecution>> {
    const out = await this.conn.call(
      {
        service: 'codepipeline',
        operation: 'ListPipelineExecutions',
        verb: 'list executions of pipeline',
        resource: pipelineName,
      },
      () =>
        this.conn.codepipeline.send(
          new ListPipelineExecutionsCommand({
            pipelineName,
            nextToken: page.nextToken,
            maxResults: page.pageSize,
          }),
        ),
    );
    return {
      items: (out.pipelineExecutionSummaries ?? []).map(toExecution),
      nextToken: out.nextToken || undefined,
    };
  }

  /** Starts the pipeline; returns the new execution's id. */
  async startPipelineExecution(name: string, variables: PipelineVariable[] = []): Promise<string> {
    const out = await this.conn.call(
      {
        service: 'codepipeline',
        operation: 'StartPipelineExecution',
        verb: 'start pipeline',
        resource: name,
      },
      () =>
        this.conn.codepipeline.send(
          new StartPipelineExecutionCommand({ name, variables: variables.length ? variables : undefined }),
        ),
    );
    return out.pipelineExecutionId ?? '';
  }

  /** Stops an execution: let running actions finish, or `abandon` them. */
  async stopPipelineExecution(
    pipelineName: string,
    executionId: string,
    options: { abandon?: boolean; reason?: string } = {},
  ): Promise<void> {
    await this.conn.call(
      {
        service: 'codepipeline',
        operation: 'StopPipelineExecution',
        verb: 'stop pipeline',
        resource: pipelineName,
      },
      () =>
        this.conn.codepipeline.send(
          new StopPipelineExecutionCommand({
            pipelineName,
            pipelineExecutionId: executionId,
            abandon: options.abandon ?? false,
            reason: options.reason,
          }),
        ),
    );
  }

  /** Retries a failed stage of the given execution: its failed actions, or all of them. */
  async retryStageExecution(
    pipelineName: string,
    stageName: string,
    executionId: string,
    retryMode: StageRetryMode = 'FAILED_ACTIONS',
  ): Promise<string> {
    const out = await this.conn.call(
      {
        service: 'codepipeline',
        operation: 'RetryStageExecution',
        verb: 'retry stage',
        resource: `${pipelineName}/${stageName}`,
      },
      () =>
        this.conn.codepipeline.send(
          new RetryStageExecutionCommand({
            pipelineName,
            stageName,
            pipelineExecutionId: executionId,
            retryMode,
          }),
        ),
    );
    return out.pipelineExecutionId ?? executionId;
  }

  /** Approves or rejects a waiting manual approval; `token` is from the action's state. */
  async putApprovalResult(
    target: { pipelineName: string; stageName: string; actionName: string; token: string },
    status: 'Approved' | 'Rejected',
    summary: string,
  ): Promise<Date | undefined> {
    const out = await this.conn.call(
      {
        service: 'codepipeline',
        operation: 'PutApprovalResult',
        verb: status === 'Approved' ? 'approve' : 'reject',
        resource: `${target.pipelineName}/${target.stageName}/${target.actionName}`,
      },
      () =>
        this.conn.codepipeline.send(new PutApprovalResultCommand({ ...target, result: { status, summary } })),
    );
    return out.approvedAt;
  }
}

function toPipeline(p: PipelineSummary): Pipeline {
  return {
    name: p.name ?? '',
    version: p.version,
    pipelineType: p.pipelineType,
    executionMode: p.executionMode,
    created: p.created,
    updated: p.updated,
  };
}

function toState(name: string, out: GetPipelineStateOutput): PipelineState {
  return {
    pipelineName: out.pipelineName ?? name,
    version: out.pipelineVersion,
    updated: out.updated,
    stages: (out.stageStates ?? []).map((s) => ({
      name: s.stageName ?? '',
      executionId: s.latestExecution?.pipelineExecutionId,
      status: s.latestExecution?.status,
      transitionEnabled: s.inboundTransitionState?.enabled ?? true,
      actions: (s.actionStates ?? []).map((a) => {
        const e = a.latestExecution;
        return {
          name: a.actionName ?? '',
          status: e?.status,
          summary: e?.summary,
          lastStatusChange: e?.lastStatusChange,
          approvalToken: e?.token,
          externalExecutionId: e?.externalExecutionId,
          externalExecutionUrl: e?.externalExecutionUrl,
          errorMessage: e?.errorDetails?.message,
          entityUrl: a.entityUrl,
        };
      }),
    })),
  };
}

function toExecution(e: PipelineExecutionSummary): PipelineExecution {
  return {
    id: e.pipelineExecutionId ?? '',
    status: e.status,
    statusSummary: e.statusSummary,
    startTime: e.startTime,
    lastUpdateTime: e.lastUpdateTime,
    trigger: e.trigger?.triggerType,
    sourceRevisions: (e.sourceRevisions ?? []).map((r) => ({
      actionName: r.actionName ?? '',
      revisionId: r.revisionId,
      summary: r.revisionSummary,
      url: r.revisionUrl,
    })),
  };
}
