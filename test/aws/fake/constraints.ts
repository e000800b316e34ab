// The constraints of the services' API models that the trimmed models in the `aws-sdk` package leave
// out: lengths, ranges and patterns (from the services' published models), and enum values (from the
// v3 clients' exported enums). Keyed by operation, then by member path: `ids[]` is an element of the
// list `ids`, `variables[].name` a member of each element. Only the operations the fake serves.
import {
  EnvironmentVariableType,
  ProjectSortByType,
  RetryBuildBatchType,
  SortOrderType,
} from '@aws-sdk/client-codebuild';
import { ApprovalStatus, StageRetryMode } from '@aws-sdk/client-codepipeline';

export interface MemberRule {
  /** Length for strings and lists, value for numbers. */
  min?: number;
  max?: number;
  /** Matched against the whole value. */
  pattern?: string;
  enum?: readonly string[];
}

const values = (e: Record<string, string>) => Object.values(e);
const NON_EMPTY: MemberRule = { min: 1 };
const SORT_ORDER: MemberRule = { enum: values(SortOrderType) };
const ENV_VARS = {
  'environmentVariablesOverride[].name': NON_EMPTY,
  'environmentVariablesOverride[].type': { enum: values(EnvironmentVariableType) },
};
const PIPELINE_NAME: MemberRule = { min: 1, max: 100, pattern: '[A-Za-z0-9.@\\-_]+' };
const UUID: MemberRule = { pattern: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' };
const NEXT_TOKEN: MemberRule = { min: 1, max: 2048 };
const LOG_GROUP_NAME: MemberRule = { min: 1, max: 512, pattern: '[\\.\\-_/#A-Za-z0-9]+' };
const LOG_GROUP_ID: MemberRule = { min: 1, max: 2048, pattern: '[\\w#+=/:,.@-]*' };
const LOG_STREAM_NAME: MemberRule = { min: 1, max: 512, pattern: '[^:*]*' };

export const CONSTRAINTS: Record<string, Record<string, MemberRule>> = {
  'CodeBuild.ListProjects': {
    sortBy: { enum: values(ProjectSortByType) },
    sortOrder: SORT_ORDER,
    nextToken: NON_EMPTY,
  },
  'CodeBuild.BatchGetProjects': { names: { min: 1, max: 100 }, 'names[]': NON_EMPTY },
  'CodeBuild.ListBuildsForProject': { projectName: NON_EMPTY, sortOrder: SORT_ORDER },
  'CodeBuild.BatchGetBuilds': { ids: { min: 1, max: 100 }, 'ids[]': NON_EMPTY },
  'CodeBuild.BatchGetBuildBatches': { ids: { min: 0, max: 100 }, 'ids[]': NON_EMPTY },
  'CodeBuild.StartBuild': { projectName: NON_EMPTY, ...ENV_VARS },
  'CodeBuild.StartBuildBatch': { projectName: NON_EMPTY, ...ENV_VARS },
  'CodeBuild.StopBuild': { id: NON_EMPTY },
  'CodeBuild.RetryBuild': { id: NON_EMPTY },
  'CodeBuild.RetryBuildBatch': { id: NON_EMPTY, retryType: { enum: values(RetryBuildBatchType) } },
  'CodePipeline.ListPipelines': { nextToken: NEXT_TOKEN, maxResults: { min: 1, max: 1000 } },
  'CodePipeline.GetPipeline': { name: PIPELINE_NAME, version: { min: 1 } },
  'CodePipeline.GetPipelineState': { name: PIPELINE_NAME },
  'CodePipeline.ListPipelineExecutions': {
    pipelineName: PIPELINE_NAME,
    maxResults: { min: 1, max: 100 },
    nextToken: NEXT_TOKEN,
  },
  'CodePipeline.StartPipelineExecution': {
    name: PIPELINE_NAME,
    variables: { min: 1, max: 50 },
    'variables[].name': { min: 1, max: 128, pattern: '[A-Za-z0-9@\\-_]+' },
    'variables[].value': { min: 1, max: 1000, pattern: '.*' },
    clientRequestToken: { min: 1, max: 128, pattern: '[a-zA-Z0-9-]+' },
  },
  'CodePipeline.StopPipelineExecution': {
    pipelineName: PIPELINE_NAME,
    pipelineExecutionId: UUID,
    reason: { max: 200 },
  },
  'CodePipeline.RetryStageExecution': {
    pipelineName: PIPELINE_NAME,
    stageName: PIPELINE_NAME,
    pipelineExecutionId: UUID,
    retryMode: { enum: values(StageRetryMode) },
  },
  'CodePipeline.PutApprovalResult': {
    pipelineName: PIPELINE_NAME,
    stageName: PIPELINE_NAME,
    actionName: PIPELINE_NAME,
    'result.summary': { min: 0, max: 512 },
    'result.status': { enum: values(ApprovalStatus) },
    token: UUID,
  },
  'Logs.GetLogEvents': {
    logGroupName: LOG_GROUP_NAME,
    logGroupIdentifier: LOG_GROUP_ID,
    logStreamName: LOG_STREAM_NAME,
    startTime: { min: 0 },
    endTime: { min: 0 },
    nextToken: NON_EMPTY,
    limit: { min: 1, max: 10_000 },
  },
  'Logs.StartLiveTail': {
    logGroupIdentifiers: { min: 1, max: 10 },
    'logGroupIdentifiers[]': LOG_GROUP_ID,
    logStreamNames: { min: 1, max: 100 },
    'logStreamNames[]': LOG_STREAM_NAME,
    logStreamNamePrefixes: { min: 1, max: 100 },
    'logStreamNamePrefixes[]': LOG_STREAM_NAME,
    logEventFilterPattern: { min: 0, max: 1024 },
  },
};
