// The commands on the views themselves: Refresh, Retry (an error row), Load More, the name filters,
// View Pipeline Definition, the Quick Pick of this repository's pipelines, and Pin/Unpin. Each takes
// the row it was invoked on; options after it count only for unattended callers (commandArgs.ts).
import * as vscode from 'vscode';
import { COMMAND, VIEW } from '../ids';
import {
  explorerCommand,
  message,
  resolveNode,
  showFailure,
  type Body,
  type ExplorerCommands,
} from './commandSupport';
import { connectionKey, connectionLabel } from './connections';
import type { ViewId } from './nodes';
import { statusIcon } from './render';
import { safeLine, safeName } from './safeText';

// ---- tree ----

const refresh: Body = (explorer, _call, arg) => {
  const node = resolveNode(explorer, arg);
  if (node) explorer.views.tree(node.view).refresh(node);
  else explorer.views.refresh();
};

const retry: Body = (explorer, _call, arg) => {
  const node = resolveNode(explorer, arg);
  if (node?.kind === 'error') explorer.views.tree(node.view).retry(node);
  else explorer.views.refresh();
};

const loadMore: Body = async (explorer, _call, arg) => {
  const node = resolveNode(explorer, arg);
  if (node?.kind === 'loadMore') await explorer.views.tree(node.view).loadMore(node);
};

function filterCommand(viewId: ViewId, what: string): Body {
  return async (explorer, call, arg) => {
    const tree = explorer.views.tree(viewId);
    const text =
      call.unattended && typeof arg === 'string'
        ? arg
        : await vscode.window.showInputBox({
            title: `Filter ${what}`,
            prompt: `Show only ${what} whose name contains this text; empty shows all`,
            value: tree.filter,
          });
    if (text === undefined) return;
    tree.setFilter(text);
  };
}

// ---- pipelines ----

const viewPipelineDefinition: Body = async (explorer, _call, arg) => {
  const node = resolveNode(explorer, arg);
  if (node?.kind !== 'pipeline') return undefined;
  try {
    const account = await explorer.connections.account(node.conn);
    const definition = await account.codepipeline.getPipeline(node.pipeline.name);
    const editor = await explorer.definitions.show(
      connectionLabel(node.conn),
      node.pipeline.name,
      definition.json,
    );
    return editor.document.uri.toString();
  } catch (err) {
    showFailure(explorer, message(err));
    return undefined;
  }
};

// ---- the repository's pipelines ----

const showRepoPipelines: Body = async (explorer) => {
  const items = explorer.watch.repoPipelines().map((w) => ({
    label: `$(${statusIcon(w.latest?.status).id}) ${safeName(w.name)}`,
    description: `${(w.latest?.status ?? 'not run').toLowerCase()} · ${connectionLabel(w.conn)}`,
    detail: safeLine(w.latest?.sourceRevisions[0]?.summary?.split('\n')[0] ?? '', 200) || undefined,
    w,
  }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage(
      'No pipeline of the configured connections builds this repository and branch.',
    );
    return;
  }
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Pipelines of this repository and branch',
    placeHolder: 'Show in the Pipelines view',
  });
  if (pick) await explorer.watch.reveal(pick.w);
};

// ---- favourites ----

function pinCommand(pinned: boolean): Body {
  return async (explorer, _call, arg) => {
    const node = resolveNode(explorer, arg);
    if (node?.kind !== 'pipeline' && node?.kind !== 'project') return;
    const name = node.kind === 'pipeline' ? node.pipeline.name : node.name;
    await explorer.pins.set(node.conn, node.kind, name, pinned);
    const tree = explorer.views.tree(node.view);
    const root = tree.get(`${node.view}/${connectionKey(node.conn)}`);
    tree.refresh(root);
  };
}

/** Command id → factory; merged into the extension's command table. */
const X = COMMAND.explorer;

export const VIEW_COMMANDS: ExplorerCommands = {
  [X.refresh]: explorerCommand({ title: 'Refresh' }, refresh),
  [X.retry]: explorerCommand({ title: 'Retry' }, retry),
  [X.loadMore]: explorerCommand({ title: 'Load More' }, loadMore),
  [X.filterPipelines]: explorerCommand(
    { title: 'Filter Pipelines' },
    filterCommand(VIEW.pipelines, 'pipelines'),
  ),
  [X.filterProjects]: explorerCommand(
    { title: 'Filter Projects' },
    filterCommand(VIEW.codebuild, 'projects'),
  ),
  [X.viewPipelineDefinition]: explorerCommand(
    { title: 'View Pipeline Definition', aws: true, failed: 'read the pipeline definition' },
    viewPipelineDefinition,
  ),
  [X.showRepoPipelines]: explorerCommand({ title: 'Show Pipelines of This Repository' }, showRepoPipelines),
  [X.pin]: explorerCommand({ title: 'Pin' }, pinCommand(true)),
  [X.unpin]: explorerCommand({ title: 'Unpin' }, pinCommand(false)),
};
