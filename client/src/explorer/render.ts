// How an explorer element is drawn: status icons in theme colours, a description with duration and
// time ago, plain-text tooltips (names and summaries from AWS are never read as Markdown), and the
// one action an error row offers.
import * as vscode from 'vscode';
import type { PipelineExecution } from '../aws';
import { COMMAND } from '../ids';
import { isRunning } from '../store';
import { connectionLabel, isSandbox } from './labels';
import { isBuildAction, type ErrorNode, type Node, type PipelineNode } from './nodes';

// ---- icons ----

const COLORS = {
  ok: 'testing.iconPassed',
  failed: 'testing.iconFailed',
  running: 'charts.blue',
  stopped: 'disabledForeground',
  warn: 'list.warningForeground',
} as const;

function icon(id: string, color?: keyof typeof COLORS): vscode.ThemeIcon {
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(COLORS[color]) : undefined);
}

/** The icon of a pipeline, stage, action or build status, whatever the service's spelling. */
export function statusIcon(status: string | undefined): vscode.ThemeIcon {
  switch ((status ?? '').toUpperCase().replace(/_/g, '')) {
    case 'SUCCEEDED':
      return icon('pass', 'ok');
    case 'FAILED':
    case 'FAULT':
    case 'TIMEDOUT':
      return icon('error', 'failed');
    case 'INPROGRESS':
      return icon('sync~spin', 'running');
    case 'STOPPING':
      return icon('loading~spin', 'stopped');
    case 'STOPPED':
    case 'CANCELLED':
    case 'ABANDONED':
      return icon('circle-slash', 'stopped');
    case 'SUPERSEDED':
    case 'SKIPPED':
      return icon('debug-step-over', 'stopped');
    default:
      return icon('circle-outline');
  }
}

// ---- words ----

/** `1h 2m`, `3m 4s`, `5s`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${m % 60}m`;
}

/** `just now`, `5 min ago`, `3 h ago`, `2 d ago`. */
export function timeAgo(date: Date, now = Date.now()): string {
  const s = Math.round((now - date.getTime()) / 1000);
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.max(1, Math.round(s / 60))} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

function timing(start?: Date, end?: Date, running = false): string {
  const parts: string[] = [];
  if (start) {
    const stop = end ?? (running ? new Date() : undefined);
    if (stop) parts.push(formatDuration(stop.getTime() - start.getTime()));
    parts.push(timeAgo(end ?? start));
  }
  return parts.join(' · ');
}

function words(status: string | undefined): string {
  return (status ?? 'not run')
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

// ---- tree items ----

/** The row the user sees for a node. */
export function toTreeItem(node: Node, expanded: boolean): vscode.TreeItem {
  const C = vscode.TreeItemCollapsibleState;
  const openState = expanded ? C.Expanded : C.Collapsed;
  let item: vscode.TreeItem;
  switch (node.kind) {
    case 'connection':
      item = new vscode.TreeItem(connectionLabel(node.conn), C.Expanded);
      item.iconPath = new vscode.ThemeIcon('cloud');
      item.contextValue = 'connection';
      item.tooltip = isSandbox()
        ? `The local fake AWS that npm start runs (profile ${node.conn.profile}, region ${node.conn.region})`
        : `Profile ${node.conn.profile}, region ${node.conn.region}`;
      break;
    case 'pipeline': {
      item = new vscode.TreeItem(node.pipeline.name, openState);
      const latest = node.latest;
      if (node.error) {
        item.iconPath = icon('warning', 'warn');
        item.description = node.error.message.replace(/^Could not [^:]*: /, '');
      } else {
        item.iconPath = statusIcon(latest?.status);
        item.description = latest
          ? [
              words(latest.status),
              timing(
                latest.startTime,
                done(latest) ? latest.lastUpdateTime : undefined,
                isRunning(latest.status),
              ),
            ]
              .filter(Boolean)
              .join(' · ')
          : 'no executions';
      }
      if (node.pinned) item.description = `pinned · ${String(item.description)}`;
      item.tooltip = pipelineTooltip(node);
      item.contextValue = flags(
        'pipeline',
        !node.error && isRunning(latest?.status) && 'running',
        node.pinned ? 'pinned' : 'unpinned',
      );
      break;
    }
    case 'executions':
      item = new vscode.TreeItem('Execution history', openState);
      item.iconPath = new vscode.ThemeIcon('history');
      item.contextValue = 'executions';
      break;
    case 'execution': {
      const e = node.execution;
      const revision = e.sourceRevisions.find((r) => r.summary || r.revisionId);
      item = new vscode.TreeItem(revision?.summary?.split('\n')[0] || e.id.slice(0, 8), C.None);
      item.iconPath = statusIcon(e.status);
      item.description = [
        words(e.status),
        timing(e.startTime, done(e) ? e.lastUpdateTime : undefined, isRunning(e.status)),
        e.trigger,
        revision?.revisionId?.slice(0, 7),
      ]
        .filter(Boolean)
        .join(' · ');
      item.tooltip = executionTooltip(e);
      item.contextValue = flags('execution', isRunning(e.status) && 'running');
      break;
    }
    case 'stage':
      item = new vscode.TreeItem(node.stage.name, node.stage.actions.length ? openState : C.None);
      item.iconPath = statusIcon(node.stage.status);
      item.description = [
        words(node.stage.status),
        node.latestExecutionId && node.stage.executionId && node.stage.executionId !== node.latestExecutionId
          ? 'earlier execution'
          : '',
        node.stage.transitionEnabled ? '' : 'transition disabled',
      ]
        .filter(Boolean)
        .join(' · ');
      item.contextValue = flags(
        'stage',
        node.stage.status === 'Failed' && !!node.stage.executionId && 'failed',
      );
      break;
    case 'action': {
      const a = node.action;
      item = new vscode.TreeItem(a.name, isBuildAction(a) ? openState : C.None);
      const waiting = !!a.approvalToken && a.status === 'InProgress';
      item.iconPath = statusIcon(a.status);
      // "in progress" says nothing of a manual approval: it waits for a person, maybe the reader.
      const state = waiting ? 'waiting for approval' : words(a.status);
      item.description = [state, a.lastStatusChange ? timeAgo(a.lastStatusChange) : '']
        .filter(Boolean)
        .join(' · ');
      const tip = new Lines();
      tip.appendText(`${a.name}: ${words(a.status)}\n`);
      if (a.summary) tip.appendText(`\n${a.summary}\n`);
      if (a.errorMessage) tip.appendText(`\nError: ${a.errorMessage}\n`);
      if (a.externalExecutionId) tip.appendText(`\nExecution: ${a.externalExecutionId}\n`);
      if (waiting) tip.appendText('\nWaiting for approval\n');
      item.tooltip = tip.text();
      item.contextValue = isBuildAction(a) ? 'action.build' : waiting ? 'action.approval' : 'action';
      break;
    }
    case 'project':
      item = new vscode.TreeItem(node.name, openState);
      item.iconPath = new vscode.ThemeIcon('project');
      if (node.pinned) item.description = 'pinned';
      item.contextValue = flags('project', node.pinned ? 'pinned' : 'unpinned');
      break;
    case 'batch': {
      const b = node.batch;
      item = new vscode.TreeItem(`Batch #${b.batchNumber ?? '?'}`, openState);
      item.iconPath = statusIcon(b.status);
      item.description = [
        b.complete ? words(b.status) : words(b.currentPhase ?? b.status),
        timing(b.startTime, b.endTime, !b.complete),
        b.initiator,
        b.resolvedSourceVersion?.slice(0, 7) ?? b.sourceVersion,
        `${b.builds.length} build${b.builds.length === 1 ? '' : 's'}`,
      ]
        .filter(Boolean)
        .join(' · ');
      item.tooltip = `Batch build ${b.id}\nStatus: ${words(b.status)}\n${b.builds
        .map((x) => `${x.identifier ?? x.buildId ?? '?'}: ${words(x.status)}`)
        .join('\n')}`;
      item.contextValue = flags('batch', !b.complete && 'running');
      break;
    }
    case 'build': {
      const b = node.build;
      item = new vscode.TreeItem(`#${b.buildNumber ?? '?'}`, C.None);
      item.iconPath = statusIcon(b.status);
      const source = b.resolvedSourceVersion?.slice(0, 7) ?? b.sourceVersion;
      item.description = [
        b.complete ? words(b.status) : `${words(b.currentPhase ?? b.status)}`,
        timing(b.startTime, b.endTime, !b.complete),
        b.initiator,
        source,
      ]
        .filter(Boolean)
        .join(' · ');
      const tip = new Lines();
      tip.appendText(
        `Build ${b.id}\nStatus: ${words(b.status)}${b.complete ? '' : ` (${words(b.currentPhase)})`}\n`,
      );
      if (b.initiator) tip.appendText(`Started by: ${b.initiator}\n`);
      if (b.sourceVersion) tip.appendText(`Source version: ${b.sourceVersion}\n`);
      if (b.resolvedSourceVersion) tip.appendText(`Resolved: ${b.resolvedSourceVersion}\n`);
      const failedPhase = b.phases.find((p) => p.status && p.status !== 'SUCCEEDED' && p.messages.length);
      if (failedPhase) tip.appendText(`${failedPhase.type}: ${failedPhase.messages.join('; ')}\n`);
      item.tooltip = tip.text();
      item.contextValue = b.complete ? 'build' : 'build.running';
      // A click opens the build's log, as the inline icon does.
      item.command = {
        title: 'Open Build Log',
        command: COMMAND.logs.openBuildLog,
        arguments: [node],
      };
      break;
    }
    case 'loadMore':
      item = new vscode.TreeItem('Load more…', C.None);
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.command = { title: 'Load More', command: COMMAND.explorer.loadMore, arguments: [node] };
      item.contextValue = 'loadMore';
      break;
    case 'message':
      item = new vscode.TreeItem(node.message, C.None);
      item.iconPath = new vscode.ThemeIcon('info');
      item.contextValue = 'message';
      break;
    case 'error': {
      item = new vscode.TreeItem(node.error.message, C.None);
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      const action = remedyAction(node);
      item.description = node.error.hint ?? action.title;
      item.tooltip = [node.error.message, node.error.hint].filter(Boolean).join('\n\n');
      item.command = action;
      item.contextValue = `error.${node.error.remedy}`;
      break;
    }
  }
  item.id = node.id;
  return item;
}

/** The one action that helps with an error row: sign-in help, Select Profile, the output, or Retry. */
export function remedyAction(node: ErrorNode): vscode.Command {
  switch (node.error.remedy) {
    case 'ssoLogin':
      return { title: 'How to Sign In', command: COMMAND.explorer.signIn, arguments: [node] };
    case 'refreshCredentials':
      return { title: 'How to Refresh', command: COMMAND.explorer.signIn, arguments: [node] };
    case 'selectProfile':
      return { title: 'Select Profile', command: COMMAND.explorer.selectProfile, arguments: [node] };
    case 'showOutput':
      // Only another permission helps: the output names the call that was refused.
      return { title: 'Show Output', command: COMMAND.showOutput, arguments: [] };
    default:
      return { title: 'Retry', command: COMMAND.explorer.retry, arguments: [node] };
  }
}

/** `pipeline.running.pinned`: a row's kind and the states its menus depend on. */
function flags(kind: string, ...states: (string | false | undefined)[]): string {
  return [kind, ...states.filter((x): x is string => typeof x === 'string' && x !== '')].join('.');
}

function executionTooltip(e: PipelineExecution): string {
  const tip = new Lines();
  tip.appendText(`Execution ${e.id}\nStatus: ${words(e.status)}\n`);
  if (e.startTime) tip.appendText(`Started: ${e.startTime.toISOString()}\n`);
  appendRun(tip, e);
  return tip.text();
}

/** What an execution ran on and how it ended: trigger, source revisions, summary. */
function appendRun(tip: Lines, e: PipelineExecution): void {
  if (e.trigger) tip.appendText(`Trigger: ${e.trigger}\n`);
  for (const r of e.sourceRevisions) {
    tip.appendText(
      `Source ${r.actionName}: ${r.revisionId ?? '?'}${r.summary ? ` (${r.summary.split('\n')[0]})` : ''}\n`,
    );
  }
  if (e.statusSummary) tip.appendText(`${e.statusSummary}\n`);
}

function done(e: PipelineExecution): boolean {
  return !isRunning(e.status);
}

function pipelineTooltip(node: PipelineNode): string {
  const tip = new Lines();
  tip.appendText(
    `${node.pipeline.name}${node.pipeline.pipelineType ? ` (${node.pipeline.pipelineType})` : ''}\n`,
  );
  if (node.error) {
    tip.appendText(`\n${node.error.message}\n`);
    return tip.text();
  }
  const e = node.latest;
  if (!e) return tip.text();
  tip.appendText(
    `\nLatest execution: ${words(e.status)}${e.startTime ? `, started ${e.startTime.toISOString()}` : ''}\n`,
  );
  appendRun(tip, e);
  return tip.text();
}

/** A plain-text tooltip built line by line (plain text: names from AWS are never read as Markdown). */
class Lines {
  private value = '';
  appendText(text: string): void {
    this.value += text;
  }
  text(): string {
    return this.value.trim();
  }
}
