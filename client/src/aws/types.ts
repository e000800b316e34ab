// Our own narrow view of CodePipeline, CodeBuild and CloudWatch Logs. The rest of the client sees only
// these shapes, never an SDK type, so an SDK upgrade or a change of what we fetch stays in this folder.

/** One page of a list call; `nextToken` is set while there is more to load. */
export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Where to start (or continue) a paged list. */
export interface PageRequest {
  nextToken?: string;
  /** Page size, where the service takes one; the service caps it. */
  pageSize?: number;
}

// ---- CodePipeline ----

export type PipelineExecutionStatus =
  'Cancelled' | 'Failed' | 'InProgress' | 'Stopped' | 'Stopping' | 'Succeeded' | 'Superseded';
export type StageStatus =
  'Cancelled' | 'Failed' | 'InProgress' | 'Skipped' | 'Stopped' | 'Stopping' | 'Succeeded';
export type ActionStatus = 'Abandoned' | 'Failed' | 'InProgress' | 'Succeeded';

/** A pipeline as ListPipelines returns it. */
export interface Pipeline {
  name: string;
  version?: number;
  pipelineType?: string;
  executionMode?: string;
  created?: Date;
  updated?: Date;
}

/** A pipeline's definition, kept as read-only JSON: we show it, we never edit it. */
export interface PipelineDefinition {
  name: string;
  version?: number;
  arn?: string;
  /** The declaration exactly as GetPipeline returned it (dates as ISO strings). */
  json: Readonly<Record<string, unknown>>;
  stages: {
    name: string;
    actions: {
      name: string;
      category: string;
      provider: string;
      /** The action's configuration (string values only), e.g. a source's repository and branch. */
      configuration: Readonly<Record<string, string>>;
    }[];
  }[];
  /** Pipeline-level variables (V2 pipelines) that a manual start may set. */
  variables: PipelineVariableDeclaration[];
}

export interface PipelineVariableDeclaration {
  name: string;
  defaultValue?: string;
  description?: string;
}

/** How RetryStageExecution reruns a failed stage. */
export type StageRetryMode = 'FAILED_ACTIONS' | 'ALL_ACTIONS';

export interface ActionState {
  name: string;
  status?: ActionStatus;
  summary?: string;
  lastStatusChange?: Date;
  /** The approval token of a waiting manual approval; PutApprovalResult needs it. */
  approvalToken?: string;
  /** For a CodeBuild action, the build id. */
  externalExecutionId?: string;
  externalExecutionUrl?: string;
  errorMessage?: string;
  entityUrl?: string;
}

export interface StageState {
  name: string;
  /** The execution the stage last ran for and how that went. */
  executionId?: string;
  status?: StageStatus;
  transitionEnabled: boolean;
  actions: ActionState[];
}

/** GetPipelineState, flattened. */
export interface PipelineState {
  pipelineName: string;
  version?: number;
  updated?: Date;
  stages: StageState[];
}

export interface PipelineExecution {
  id: string;
  status?: PipelineExecutionStatus;
  statusSummary?: string;
  startTime?: Date;
  lastUpdateTime?: Date;
  trigger?: string;
  sourceRevisions: SourceRevision[];
}

/** The source change an execution ran with. */
export interface SourceRevision {
  actionName: string;
  revisionId?: string;
  /**
   * The commit message (or S3/ECR summary) as text: for a CodeStar connection source, AWS sends a
   * JSON document, and this is the message taken out of it.
   */
  summary?: string;
  url?: string;
}

export interface PipelineVariable {
  name: string;
  value: string;
}

// ---- CodeBuild ----

export type BuildStatus = 'FAILED' | 'FAULT' | 'IN_PROGRESS' | 'STOPPED' | 'SUCCEEDED' | 'TIMED_OUT';
export type BuildPhaseType =
  | 'SUBMITTED'
  | 'QUEUED'
  | 'PROVISIONING'
  | 'DOWNLOAD_SOURCE'
  | 'INSTALL'
  | 'PRE_BUILD'
  | 'BUILD'
  | 'POST_BUILD'
  | 'UPLOAD_ARTIFACTS'
  | 'FINALIZING'
  | 'COMPLETED';

export interface Project {
  name: string;
  arn?: string;
  description?: string;
  sourceType?: string;
  sourceLocation?: string;
  image?: string;
  computeType?: string;
  created?: Date;
  lastModified?: Date;
}

export interface BuildPhase {
  type: BuildPhaseType;
  status?: BuildStatus;
  startTime?: Date;
  endTime?: Date;
  durationSeconds?: number;
  /** Why a phase failed, from its contexts. */
  messages: string[];
}

/** Where a build's CloudWatch log lives, when it has one. */
export interface LogLocation {
  groupName: string;
  streamName: string;
  deepLink?: string;
  /** `arn:aws:logs:REGION:ACCOUNT:log-group:NAME`, as StartLiveTail wants it; from the build's ARN. */
  groupArn?: string;
}

export interface Build {
  id: string;
  arn?: string;
  buildNumber?: number;
  projectName: string;
  status: BuildStatus;
  currentPhase?: string;
  complete: boolean;
  startTime?: Date;
  endTime?: Date;
  sourceVersion?: string;
  resolvedSourceVersion?: string;
  initiator?: string;
  phases: BuildPhase[];
  /** The CloudWatch stream to read; undefined until CodeBuild has created it, or when there is none. */
  logs?: LogLocation;
  /** Where the build sends its log, said plainly: CloudWatch, S3 only, nowhere, or not reported yet. */
  logOutput?: LogOutput;
  buildBatchArn?: string;
}

export interface BuildBatch {
  id: string;
  arn?: string;
  batchNumber?: number;
  projectName?: string;
  initiator?: string;
  resolvedSourceVersion?: string;
  status?: BuildStatus;
  currentPhase?: string;
  complete: boolean;
  startTime?: Date;
  endTime?: Date;
  sourceVersion?: string;
  /** The builds of the batch, by identifier, with their current status (`buildId` may be an ARN). */
  builds: { identifier?: string; buildId?: string; status?: BuildStatus }[];
}

export interface EnvironmentVariableOverride {
  name: string;
  value: string;
  type?: 'PLAINTEXT' | 'PARAMETER_STORE' | 'SECRETS_MANAGER';
}

export interface StartBuildOptions {
  sourceVersion?: string;
  environmentVariablesOverride?: EnvironmentVariableOverride[];
  buildspecOverride?: string;
  /**
   * Names one user action: CodeBuild starts one build for all requests with the same token within
   * five minutes. Left out, the adapter makes one per call (the SDK's own retries reuse it).
   */
  idempotencyToken?: string;
}

/** What RetryBuildBatch reruns. */
export type BatchRetryType = 'RETRY_ALL_BUILDS' | 'RETRY_FAILED_BUILDS';

/** What a batch get found, in the order asked, and the ids it did not. */
export interface BatchResult<T> {
  found: T[];
  notFound: string[];
}

// ---- CloudWatch Logs ----

/**
 * A build's log destination. `cloudWatch` without a `streamName` means the stream is not created yet
 * (the build is still queued or provisioning); `unknown` means CodeBuild has not said yet.
 */
export type LogOutput =
  | {
      kind: 'cloudWatch';
      groupName: string;
      streamName?: string;
      groupArn?: string;
      deepLink?: string;
      /** Set when the build logs to S3 as well. */
      s3Location?: string;
    }
  | { kind: 's3'; s3Location?: string; deepLink?: string }
  | { kind: 'none' }
  | { kind: 'unknown' };

export interface LogEvent {
  timestamp: number;
  message: string;
  ingestionTime?: number;
}

/**
 * One GetLogEvents page. `caughtUp` is true when the service handed back the token we sent, meaning
 * nothing new has arrived yet: the caller should back off before asking again with the same token.
 */
export interface LogPage {
  events: LogEvent[];
  nextForwardToken?: string;
  nextBackwardToken?: string;
  caughtUp: boolean;
}

export interface LogPageRequest {
  groupName: string;
  streamName: string;
  /** A token from a previous page; without one, reading starts at the head (or the tail). */
  nextToken?: string;
  /** Start at the oldest event (default) rather than the newest. */
  startFromHead?: boolean;
  limit?: number;
}

/** What a live tail session follows: one stream of one log group. */
export interface LiveTailRequest {
  /** The log group's ARN (StartLiveTail takes ARNs only, without a trailing `:*`). */
  groupArn: string;
  streamName: string;
  /** Ends the session (and the iteration) when aborted. */
  signal?: AbortSignal;
}

/** One second's worth of a live tail session. `sampled`: over 500 events a second, some were left out. */
export interface LiveTailUpdate {
  events: LogEvent[];
  sampled: boolean;
}

/**
 * An open StartLiveTail session. Iterating yields an update about every second until the session
 * ends; an error ending it (timeout after three hours, a streaming failure) is thrown as an AwsError.
 */
export interface LiveTailSession extends AsyncIterable<LiveTailUpdate> {
  readonly sessionId?: string;
  close(): void;
}
