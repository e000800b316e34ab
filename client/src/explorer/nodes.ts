// The explorer's tree elements: plain data with a stable id (a path from the view through the
// connection), carrying the store's data as of their last drawing. The views keep one instance per id
// so a change updates the row the user sees instead of replacing it; render.ts draws them.
import type { ActionState, Build, BuildBatch, Pipeline, PipelineExecution, StageState } from '../aws';
import type { VIEW } from '../ids';
import type { ErrorInfo } from '../store';
import type { ProfileRegion } from './connections';

export type ViewId = typeof VIEW.pipelines | typeof VIEW.codebuild;

interface Base {
  id: string;
  view: ViewId;
  conn: ProfileRegion;
}

export interface ConnectionNode extends Base {
  kind: 'connection';
}
export interface PipelineNode extends Base {
  kind: 'pipeline';
  pipeline: Pipeline;
  latest?: PipelineExecution;
  /** Why the latest execution could not be read (access denied on this pipeline, say). */
  error?: ErrorInfo;
  pinned?: boolean;
}
/** The "Execution history" row under a pipeline. */
export interface ExecutionsNode extends Base {
  kind: 'executions';
  pipelineName: string;
}
export interface ExecutionNode extends Base {
  kind: 'execution';
  pipelineName: string;
  execution: PipelineExecution;
}
export interface StageNode extends Base {
  kind: 'stage';
  pipelineName: string;
  stage: StageState;
  /** The pipeline's latest execution, to mark stages whose status is from an earlier run. */
  latestExecutionId?: string;
}
export interface ActionNode extends Base {
  kind: 'action';
  pipelineName: string;
  stageName: string;
  action: ActionState;
  /** The execution its stage last ran for (the one an approval approves). */
  executionId?: string;
}
export interface ProjectNode extends Base {
  kind: 'project';
  name: string;
  pinned?: boolean;
}
/** A batch build: its builds are its children. */
export interface BatchNode extends Base {
  kind: 'batch';
  batch: BuildBatch;
}
export interface BuildNode extends Base {
  kind: 'build';
  build: Build;
}
export interface LoadMoreNode extends Base {
  kind: 'loadMore';
  parentId: string;
}
export interface MessageNode extends Base {
  kind: 'message';
  message: string;
}
export interface ErrorNode extends Base {
  kind: 'error';
  parentId: string;
  error: ErrorInfo;
}

export type Node =
  | ConnectionNode
  | PipelineNode
  | ExecutionsNode
  | ExecutionNode
  | StageNode
  | ActionNode
  | ProjectNode
  | BuildNode
  | BatchNode
  | LoadMoreNode
  | MessageNode
  | ErrorNode;

export { errorInfo, isRunning, type ErrorInfo } from '../store';

/** A CodeBuild action: its external execution is a build id (`project:uuid`). */
export function isBuildAction(a: ActionState): boolean {
  return (
    !!a.externalExecutionId &&
    /^[\w.-]+:[0-9a-f-]{36}$/.test(a.externalExecutionId) &&
    /codebuild/i.test(`${a.externalExecutionUrl ?? ''} ${a.entityUrl ?? ''}`)
  );
}
