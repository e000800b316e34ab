// The shapes of the fake CodePipeline: pipeline declarations, executions and their stage and action
// runs, with the helpers that build and finish them, and the revision summary CodePipeline sends.

/**
 * A CodeStar connection source's summary as CodePipeline sends it: a JSON document, not the commit
 * message itself.
 */
export function connectionRevisionSummary(commitMessage: string): string {
  return JSON.stringify({ ProviderType: 'GitHub', CommitMessage: commitMessage });
}

export const COMMIT_MESSAGE = 'Fake commit message';

export interface ActionDecl {
  name: string;
  actionTypeId: { category: string; owner: string; provider: string; version: string };
  runOrder: number;
  configuration?: Record<string, string>;
  inputArtifacts?: { name: string }[];
  outputArtifacts?: { name: string }[];
}
export interface StageDecl {
  name: string;
  actions: ActionDecl[];
}
export interface ActionExec {
  actionExecutionId: string;
  status: 'InProgress' | 'Succeeded' | 'Failed' | 'Abandoned';
  summary?: string;
  lastStatusChange: Date;
  token?: string;
  externalExecutionId?: string;
  externalExecutionUrl?: string;
  errorDetails?: { code: string; message: string };
}
export interface StageRun {
  pipelineExecutionId: string;
  status: string;
  actions: Map<string, ActionExec>;
}
export interface Execution {
  pipelineExecutionId: string;
  status: string;
  statusSummary?: string;
  startTime: Date;
  lastUpdateTime: Date;
  stageIndex: number;
  /** The stage at `stageIndex` has been entered. */
  entered: boolean;
  trigger: { triggerType: string; triggerDetail: string };
  variables: { name: string; resolvedValue: string }[];
  abandon?: boolean;
  /** The commit this execution built (a seed's own); the fake's fixed one when absent. */
  sourceRevisions?: { actionName: string; revisionId: string; revisionSummary: string }[];
}
export interface FakePipeline {
  name: string;
  version: number;
  created: Date;
  updated: Date;
  stages: StageDecl[];
  /** Pipeline-level variables a manual start may set (V2). */
  variables: { name: string; defaultValue?: string; description?: string }[];
  runs: Map<string, StageRun>;
  executions: Execution[];
}

export function stage(
  name: string,
  category: string,
  owner: string,
  provider: string,
  configuration: Record<string, string>,
): StageDecl {
  return {
    name,
    actions: [
      { name, actionTypeId: { category, owner, provider, version: '1' }, runOrder: 1, configuration },
    ],
  };
}

export function finish(x: ActionExec, status: ActionExec['status'], t: Date): void {
  x.status = status;
  x.lastStatusChange = t;
  x.token = undefined;
}
