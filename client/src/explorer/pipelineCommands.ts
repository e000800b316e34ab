// The commands that act on a pipeline: Start Pipeline Execution (asking for the variables the pipeline
// declares), Stop Execution (finish running actions, or abandon them), Retry Failed Stage, and
// Approve/Reject a manual approval with a comment. Each confirms what it costs or destroys; the
// options argument lets unattended callers (test API, test mode) skip the prompts.
import * as vscode from 'vscode';
import type { PipelineVariable, StageRetryMode } from '../aws';
import { approvalDetail } from './approvalDetail';
import { callOptions, nameArgument, type Call } from './commandArgs';
import { COMMAND } from '../ids';
import {
  explorerCommand,
  type ExplorerCommands,
  message,
  resolveNode,
  showFailure,
  type Body,
  type PromptOptions,
} from './commandSupport';
import { connectionLabel, type ProfileRegion } from './connections';
import { safeName } from './safeText';
import type { ExplorerServices } from './services';
import type { Node } from './nodes';

interface PipelineTarget {
  conn: ProfileRegion;
  name: string;
}

/** The pipeline a command was invoked on, or one picked from the loaded pipelines. */
async function pipelineTarget(explorer: ExplorerServices, call: Call, arg: unknown, title: string) {
  const node = resolveNode(explorer, arg);
  if (node?.kind === 'pipeline') return { conn: node.conn, name: node.pipeline.name };
  if (node && 'pipelineName' in node) return { conn: node.conn, name: node.pipelineName };
  const name = node ? undefined : nameArgument(call, arg);
  if (name) return { conn: explorer.connections.list()[0], name };
  const items = explorer.views.pipelines.shownPipelines().map((p) => ({
    label: p.pipeline.name,
    description: connectionLabel(p.conn),
    target: { conn: p.conn, name: p.pipeline.name },
  }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Open the Pipelines view first, then pick a pipeline there.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title, placeHolder: 'Pipeline' }))?.target;
}

/** After an action: the store reads the pipeline again now, and the next polls come fast. */
async function reportExecution(explorer: ExplorerServices, target: PipelineTarget): Promise<void> {
  await explorer.store.of(target.conn).pipelines.reportExecution(target.name);
  explorer.acted();
}

interface StartOptions extends PromptOptions {
  /** Values for the declared variables; those not given keep their defaults without a prompt. */
  variables?: Record<string, string>;
}

const startPipeline: Body = async (explorer, call, arg, opts) => {
  const options = callOptions<StartOptions>(call, opts);
  const target = await pipelineTarget(explorer, call, arg, 'Start Pipeline Execution');
  if (!target?.conn) return undefined;
  try {
    const account = await explorer.connections.account(target.conn);
    const definition = await account.codepipeline.getPipeline(target.name);
    const variables: PipelineVariable[] = [];
    for (const [i, v] of definition.variables.entries()) {
      let value = options.variables?.[v.name];
      if (value === undefined && options.variables === undefined) {
        value = await vscode.window.showInputBox({
          title: `Start ${target.name}: variable ${i + 1} of ${definition.variables.length}`,
          prompt: `${v.name}${v.description ? `: ${v.description}` : ''}`,
          value: v.defaultValue ?? '',
          placeHolder: v.defaultValue === undefined ? 'required: this variable has no default' : undefined,
          ignoreFocusOut: true,
          validateInput: (text) =>
            text === '' && v.defaultValue === undefined
              ? `${v.name} has no default value`
              : text.length > 1000
                ? 'At most 1000 characters'
                : undefined,
        });
        if (value === undefined) return undefined;
      }
      // Empty means "the default" (CodePipeline takes no empty values).
      if (value !== undefined && value !== '' && value !== v.defaultValue)
        variables.push({ name: v.name, value });
    }
    if (options.confirm !== false) {
      const given = variables.map((v) => `${v.name}=${v.value}`).join(', ');
      const ok = await explorer.prompts.modal(
        `Start pipeline "${target.name}" in ${connectionLabel(target.conn)}?`,
        given ? `Variables: ${given}` : 'It runs with the latest source change.',
        'Start Execution',
      );
      if (ok !== 'Start Execution') return undefined;
    }
    const id = await account.codepipeline.startPipelineExecution(target.name, variables);
    explorer.log.info(`Explorer: started pipeline ${target.name}, execution ${id}`);
    await reportExecution(explorer, target);
    return id;
  } catch (err) {
    showFailure(explorer, message(err));
    return undefined;
  }
};

interface StopOptions extends PromptOptions {
  abandon?: boolean;
  reason?: string;
}

/** The running execution a Stop was invoked on: an execution row, or a pipeline's latest. */
function runningExecution(node: Node | undefined): { target: PipelineTarget; id: string } | undefined {
  if (node?.kind === 'execution')
    return { target: { conn: node.conn, name: node.pipelineName }, id: node.execution.id };
  if (node?.kind === 'pipeline' && node.latest)
    return { target: { conn: node.conn, name: node.pipeline.name }, id: node.latest.id };
  return undefined;
}

const stopExecution: Body = async (explorer, call, arg, opts) => {
  const options = callOptions<StopOptions>(call, opts);
  const node = resolveNode(explorer, arg);
  const run = runningExecution(node);
  if (!run) return undefined;
  const status =
    node?.kind === 'execution'
      ? node.execution.status
      : node?.kind === 'pipeline'
        ? node.latest?.status
        : undefined;
  // A stop already under way can only be turned into an abandon.
  let abandon = status === 'Stopping' ? true : options.abandon;
  if (abandon === undefined) {
    const pick = await vscode.window.showQuickPick(
      [
        {
          label: 'Stop and wait',
          detail: 'Running actions finish; no new action starts. The execution ends as Stopped.',
          abandon: false,
        },
        {
          label: 'Stop and abandon',
          detail: 'Running actions are abandoned at once; their work may be left half done.',
          abandon: true,
        },
      ],
      { title: `Stop execution ${run.id.slice(0, 8)} of ${run.target.name}`, ignoreFocusOut: true },
    );
    if (!pick) return undefined;
    abandon = pick.abandon;
  }
  const reason =
    options.reason ??
    (await vscode.window.showInputBox({
      title: `Stop ${run.target.name}: reason (optional)`,
      prompt: 'Shown in the execution history',
      ignoreFocusOut: true,
      validateInput: (text) => (text.length > 200 ? 'At most 200 characters' : undefined),
    }));
  if (reason === undefined) return undefined;
  if (options.confirm !== false) {
    const ok = await explorer.prompts.modal(
      `${abandon ? 'Abandon' : 'Stop'} execution ${run.id} of "${run.target.name}"?`,
      undefined,
      abandon ? 'Stop and Abandon' : 'Stop',
    );
    if (!ok) return undefined;
  }
  try {
    const account = await explorer.connections.account(run.target.conn);
    await account.codepipeline.stopPipelineExecution(run.target.name, run.id, {
      abandon,
      reason: reason || undefined,
    });
    explorer.log.info(
      `Explorer: ${abandon ? 'abandoned' : 'stopped'} execution ${run.id} of ${run.target.name}`,
    );
    await reportExecution(explorer, run.target);
    return run.id;
  } catch (err) {
    showFailure(explorer, message(err));
    return undefined;
  }
};

interface RetryOptions extends PromptOptions {
  mode?: StageRetryMode;
}

const retryStage: Body = async (explorer, call, arg, opts) => {
  const options = callOptions<RetryOptions>(call, opts);
  const node = resolveNode(explorer, arg);
  if (node?.kind !== 'stage' || !node.stage.executionId) return undefined;
  const executionId = node.stage.executionId;
  let mode = options.mode;
  if (mode === undefined) {
    const choice = await explorer.prompts.modal(
      `Retry stage "${node.stage.name}" of "${node.pipelineName}"?`,
      `Execution ${executionId}`,
      'Retry Failed Actions',
      'Retry All Actions',
    );
    if (!choice) return undefined;
    mode = choice === 'Retry All Actions' ? 'ALL_ACTIONS' : 'FAILED_ACTIONS';
  }
  try {
    const account = await explorer.connections.account(node.conn);
    await account.codepipeline.retryStageExecution(node.pipelineName, node.stage.name, executionId, mode);
    explorer.log.info(`Explorer: retried stage ${node.stage.name} of ${node.pipelineName}`);
    await reportExecution(explorer, { conn: node.conn, name: node.pipelineName });
    return executionId;
  } catch (err) {
    showFailure(explorer, message(err));
    return undefined;
  }
};

interface ApprovalOptions extends PromptOptions {
  comment?: string;
}

function approval(status: 'Approved' | 'Rejected'): Body {
  return async (explorer, call, arg, opts) => {
    const options = callOptions<ApprovalOptions>(call, opts);
    const verb = status === 'Approved' ? 'Approve' : 'Reject';
    // A notification passes the action as it saw it waiting (the watch made it; the tree's copy may
    // be older); anything else must be a row of the tree.
    const node = resolveNode(explorer, arg);
    if (node?.kind !== 'action' || !node.action.approvalToken) return undefined;
    if (options.confirm !== false) {
      // Say what is approved before anything else: the approval's own words, its review link, and
      // the revisions that go on if it is approved.
      const detail = await approvalDetail(explorer, node);
      const ok = await explorer.prompts.modal(
        `${verb} "${node.action.name}" of pipeline "${node.pipelineName}"?`,
        detail,
        verb,
      );
      if (ok !== verb) return undefined;
    }
    const comment =
      options.comment ??
      (await vscode.window.showInputBox({
        title: `${verb} "${node.action.name}" of ${node.pipelineName}`,
        prompt:
          status === 'Approved'
            ? 'Comment (optional), recorded with the approval'
            : 'Why is it rejected? Recorded with the rejection',
        ignoreFocusOut: true,
        validateInput: (text) =>
          status === 'Rejected' && text.trim() === ''
            ? 'Say why, for the people waiting on it'
            : text.length > 512
              ? 'At most 512 characters'
              : undefined,
      }));
    if (comment === undefined) return undefined;
    const target = {
      pipelineName: node.pipelineName,
      stageName: node.stageName,
      actionName: node.action.name,
      token: node.action.approvalToken,
    };
    try {
      const account = await explorer.connections.account(node.conn);
      await account.codepipeline.putApprovalResult(target, status, comment);
      explorer.log.info(
        `Explorer: ${status.toLowerCase()} ${target.stageName}/${target.actionName} of ${target.pipelineName}`,
      );
      vscode.window.setStatusBarMessage(
        `${status} ${safeName(node.action.name)} of ${safeName(node.pipelineName)}`,
        4000,
      );
      await reportExecution(explorer, { conn: node.conn, name: node.pipelineName });
      return status;
    } catch (err) {
      // A stale token (someone else answered first) is worth a reload as well as the message.
      await reportExecution(explorer, { conn: node.conn, name: node.pipelineName });
      showFailure(explorer, message(err));
      return undefined;
    }
  };
}

export const PIPELINE_COMMANDS: ExplorerCommands = {
  [COMMAND.explorer.startPipeline]: explorerCommand(
    { title: 'Start Pipeline Execution', aws: true, failed: 'start the pipeline' },
    startPipeline,
  ),
  [COMMAND.explorer.stopExecution]: explorerCommand(
    { title: 'Stop Execution', aws: true, failed: 'stop the execution' },
    stopExecution,
  ),
  [COMMAND.explorer.retryStage]: explorerCommand(
    { title: 'Retry Failed Stage', aws: true, failed: 'retry the stage' },
    retryStage,
  ),
  [COMMAND.explorer.approve]: explorerCommand(
    { title: 'Approve', aws: true, failed: 'approve' },
    approval('Approved'),
  ),
  [COMMAND.explorer.reject]: explorerCommand(
    { title: 'Reject', aws: true, failed: 'reject' },
    approval('Rejected'),
  ),
};
