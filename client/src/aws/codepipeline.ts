// CodePipeline: pipelines, their live state and executions, in our own types. The state of many
// pipelines is fetched with bounded concurrency, one call per pipeline, and each pipeline's outcome
// is kept apart so that one denied or deleted pipeline leaves the others showing.
import { randomUUID } from 'node:crypto';
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
import type { AwsClients, CallSpec } from './clients';
import { LIMITS, checkCount, checkRequest } from './constraints';
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
  SourceRevision,
  StageRetryMode,
} from './types';

/** The state of one pipeline of a fan-out, or why it could not be read. */
export type PipelineStateResult =
  | { pipelineName: string; ok: true; state: PipelineState }
  | { pipelineName: string; ok: false; error: AwsError };

export class CodePipelineApi {
  constructor(private readonly conn: AwsClients) {}

  /** One page of pipelines; the service takes up to 1000 a page. */
  async listPipelines(page: PageRequest = {}): Promise<Page<Pipeline>> {
    const spec: CallSpec = { service: 'codepipeline', operation: 'ListPipelines', verb: 'list pipelines' };
    const maxResults = page.pageSize ?? 1000;
    checkRequest(spec, [
      ['page size', maxResults, LIMITS.pipelinePageSize],
      ['page token', page.nextToken, LIMITS.nextToken],
    ]);
    const out = await this.conn.call(spec, () =>
      this.conn.codepipeline.send(new ListPipelinesCommand({ nextToken: page.nextToken, maxResults })),
    );
    return { items: (out.pipelines ?? []).map(toPipeline), nextToken: out.nextToken || undefined };
  }

  /** Every pipeline, following all pages. */
  async listAllPipelines(): Promise<Pipeline[]> {
    return collect((nextToken) => this.listPipelines({ nextToken }));
  }

  /** A pipeline's definition, for showing as read-only JSON. */
  async getPipeline(name: string): Promise<PipelineDefinition> {
    const spec: CallSpec = {
      service: 'codepipeline',
      operation: 'GetPipeline',
      verb: 'get pipeline',
      resource: name,
    };
    checkRequest(spec, [['pipeline name', name, LIMITS.pipelineName]]);
    const out = await this.conn.call(spec, () =>
      this.conn.codepipeline.send(new GetPipelineCommand({ name })),
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
    const spec: CallSpec = {
      service: 'codepipeline',
      operation: 'GetPipelineState',
      verb: 'get the state of pipeline',
      resource: name,
    };
    checkRequest(spec, [['pipeline name', name, LIMITS.pipelineName]]);
    const out = await this.conn.call(spec, () =>
      this.conn.codepipeline.send(new GetPipelineStateCommand({ name })),
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
    const spec: CallSpec = {
      service: 'codepipeline',
      operation: 'ListPipelineExecutions',
      verb: 'list executions of pipeline',
      resource: pipelineName,
    };
    checkRequest(spec, [
      ['pipeline name', pipelineName, LIMITS.pipelineName],
      ['page size', page.pageSize, LIMITS.executionPageSize],
      ['page token', page.nextToken, LIMITS.nextToken],
    ]);
    const out = await this.conn.call(spec, () =>
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

  /**
   * Starts the pipeline; returns the new execution's id. `clientRequestToken` names the user action
   * (CodePipeline starts one execution per token); left out, one is made for this call.
   */
  async startPipelineExecution(
    name: string,
    variables: PipelineVariable[] = [],
    clientRequestToken: string = randomUUID(),
  ): Promise<string> {
    const spec: CallSpec = {
      service: 'codepipeline',
      operation: 'StartPipelineExecution',
      verb: 'start pipeline',
      resource: name,
    };
    checkCount(spec, 'variables', variables.length, LIMITS.pipelineVariables);
    checkRequest(spec, [
      ['pipeline name', name, LIMITS.pipelineName],
      ['client request token', clientRequestToken, LIMITS.clientRequestToken],
      ...variables.flatMap((v) => [
        ['variable name', v.name, LIMITS.variableName] as const,
        [`value of variable ${v.name}`, v.value, LIMITS.variableValue] as const,
      ]),
    ]);
    const out = await this.conn.call(spec, () =>
      this.conn.codepipeline.send(
        new StartPipelineExecutionCommand({
          name,
          variables: variables.length ? variables : undefined,
          clientRequestToken,
        }),
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
    const spec: CallSpec = {
      service: 'codepipeline',
      operation: 'StopPipelineExecution',
      verb: 'stop pipeline',
      resource: pipelineName,
    };
    checkRequest(spec, [
      ['pipeline name', pipelineName, LIMITS.pipelineName],
      ['execution id', executionId, LIMITS.executionId],
      ['reason', options.reason, LIMITS.stopReason],
    ]);
    await this.conn.call(spec, () =>
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
    const spec: CallSpec = {
      service: 'codepipeline',
      operation: 'RetryStageExecution',
      verb: 'retry stage',
      resource: `${pipelineName}/${stageName}`,
    };
    checkRequest(spec, [
      ['pipeline name', pipelineName, LIMITS.pipelineName],
      ['stage name', stageName, LIMITS.stageName],
      ['execution id', executionId, LIMITS.executionId],
      ['retry mode', retryMode, LIMITS.retryMode],
    ]);
    const out = await this.conn.call(spec, () =>
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
    const spec: CallSpec = {
      service: 'codepipeline',
      operation: 'PutApprovalResult',
      verb: status === 'Approved' ? 'approve' : 'reject',
      resource: `${target.pipelineName}/${target.stageName}/${target.actionName}`,
    };
    checkRequest(spec, [
      ['pipeline name', target.pipelineName, LIMITS.pipelineName],
      ['stage name', target.stageName, LIMITS.stageName],
      ['action name', target.actionName, LIMITS.actionName],
      ['approval token', target.token, LIMITS.approvalToken],
      ['summary', summary, LIMITS.approvalSummary],
    ]);
    const out = await this.conn.call(spec, () =>
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
          summary: revisionSummaryText(e?.summary),
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
    sourceRevisions: (e.sourceRevisions ?? []).map((r): SourceRevision => ({
      actionName: r.actionName ?? '',
      revisionId: r.revisionId,
      summary: revisionSummaryText(r.revisionSummary),
      url: r.revisionUrl,
    })),
  };
}

// A CodeStar connection source (GitHub, Bitbucket, GitLab) reports its revision summary as a JSON
// document, `{"ProviderType":"GitHub","CommitMessage":"..."}`; CodeCommit, S3 and ECR as plain text.
// AWS caps the summary at 2048 characters; anything far longer is not parsed.
export function revisionSummaryText(raw: string | undefined): string | undefined {
  if (raw === undefined || !raw.trimStart().startsWith('{') || raw.length > 65_536) return raw;
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const doc = parsed as Record<string, unknown>;
      if (typeof doc.CommitMessage === 'string') return doc.CommitMessage;
      // The provider's document without a message: nothing to show rather than raw JSON.
      if ('ProviderType' in doc) return undefined;
    }
  } catch {
    // Not JSON after all: a commit message that starts with a brace. Shown as it is.
  }
  return raw;
}
