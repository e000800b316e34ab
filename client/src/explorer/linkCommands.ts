// Open in AWS Console and Copy ARN/ID. Open in Console opens AWS console pages only; a URL that a
// pipeline hands us for an action (an approval's review link, a third party's execution page) is
// someone else's site: the user is told its host and asked first, and schemes other than https/http
// are never opened (links.ts).
import * as vscode from 'vscode';
import { callOptions } from './commandArgs';
import { COMMAND } from '../ids';
import {
  explorerCommand,
  resolveNode,
  type Body,
  type ExplorerCommands,
  type PromptOptions,
} from './commandSupport';
import type { ExplorerServices } from './services';
import { classifyUrl, consoleHost } from './links';
import type { Node } from './nodes';
import { notificationText, safeLine, safeName } from './safeText';

/** The AWS console page of an element, or the page an action links to. */
export function consoleUrl(node: Node): string | undefined {
  const r = node.conn.region;
  const base = `https://${consoleHost(r)}/codesuite`;
  const q = `?region=${encodeURIComponent(r)}`;
  const pipelineView = (name: string) =>
    `${base}/codepipeline/pipelines/${encodeURIComponent(name)}/view${q}`;
  switch (node.kind) {
    case 'pipeline':
      return pipelineView(node.pipeline.name);
    case 'action':
      // A CodeBuild (or other external) action links to its own run; classified before it is opened.
      return node.action.externalExecutionUrl ?? pipelineView(node.pipelineName);
    case 'stage':
      return pipelineView(node.pipelineName);
    case 'project':
      return `${base}/codebuild/projects/${encodeURIComponent(node.name)}/history${q}`;
    case 'build':
      return `${base}/codebuild/projects/${encodeURIComponent(node.build.projectName)}/build/${encodeURIComponent(node.build.id)}/${q}`;
    case 'batch':
      return `${base}/codebuild/projects/${encodeURIComponent(node.batch.projectName ?? node.batch.id.split(':')[0])}/batch/${encodeURIComponent(node.batch.id)}/${q}`;
    case 'execution':
      return `${base}/codepipeline/pipelines/${encodeURIComponent(node.pipelineName)}/executions/${encodeURIComponent(node.execution.id)}/timeline${q}`;
    case 'connection':
      return `${base}/codepipeline/pipelines${q}`;
    default:
      return undefined;
  }
}

/**
 * Opens a URL that came from AWS: a console page at once, another site only after the user agreed
 * (told its host), anything else never. The URL when it was (or, with `open: false`, would be) opened.
 */
export async function openAwsUrl(
  explorer: ExplorerServices,
  raw: string,
  open = true,
): Promise<string | undefined> {
  const url = classifyUrl(raw);
  if (url.kind === 'refused') {
    void vscode.window.showWarningMessage(notificationText(`Not opened: ${url.reason}.`));
    return undefined;
  }
  if (url.kind === 'external' && open) {
    const ok = await explorer.prompts.modal(
      `Open a page on ${safeName(url.host)}? It is not an AWS console page.`,
      `The pipeline's configuration links to it:\n${safeLine(url.url, 300)}`,
      'Open Link',
    );
    if (ok !== 'Open Link') return undefined;
  }
  // Uri.parse would decode and re-encode; the classified href is opened as is.
  if (open) await vscode.env.openExternal(vscode.Uri.parse(url.url, true));
  return url.url;
}

const openInConsole: Body = async (explorer, call, arg, opts) => {
  // `open: false` does less, not more, but it comes from the same trusted callers as other options.
  const options = callOptions<PromptOptions>(call, opts);
  const node = resolveNode(explorer, arg);
  const url = node && consoleUrl(node);
  if (!url) return undefined;
  return openAwsUrl(explorer, url, options.open !== false);
};

/** The ARN where we hold it (or can get it in one call), else the name or id. */
async function idOf(explorer: ExplorerServices, node: Node): Promise<string | undefined> {
  switch (node.kind) {
    case 'build':
      return node.build.arn ?? node.build.id;
    case 'batch':
      return node.batch.arn ?? node.batch.id;
    case 'execution':
      return node.execution.id;
    case 'action':
      return node.action.externalExecutionId ?? node.action.name;
    case 'stage':
      return node.stage.executionId ?? node.stage.name;
    case 'pipeline':
    case 'project': {
      try {
        const account = await explorer.connections.account(node.conn);
        if (node.kind === 'pipeline')
          return (await account.codepipeline.getPipeline(node.pipeline.name)).arn ?? node.pipeline.name;
        return (await account.codebuild.batchGetProjects([node.name])).found[0]?.arn ?? node.name;
      } catch {
        return node.kind === 'pipeline' ? node.pipeline.name : node.name;
      }
    }
    default:
      return undefined;
  }
}

const copyId: Body = async (explorer, _call, arg) => {
  const node = resolveNode(explorer, arg);
  const id = node && (await idOf(explorer, node));
  if (!id) return undefined;
  await vscode.env.clipboard.writeText(id);
  vscode.window.setStatusBarMessage(`Copied ${safeName(id, 200)}`, 3000);
  return id;
};

export const LINK_COMMANDS: ExplorerCommands = {
  [COMMAND.explorer.openInConsole]: explorerCommand({ title: 'Open in AWS Console' }, openInConsole),
  [COMMAND.explorer.copyId]: explorerCommand({ title: 'Copy ARN/ID', aws: true }, copyId),
};
