// The explorer's commands, as factories over the explorer, for the command table in ../commands.ts.
// Each takes the tree element it was invoked on (context menu, inline button) or asks with a QuickPick
// when run from the palette. Options after the element let unattended callers (the test API, test
// mode) skip the prompts; anyone else is asked, whatever the arguments say (commandArgs.ts).
import * as vscode from 'vscode';
import { nameArgument, resolveConnection } from './commandArgs';
import { message, resolveNode, showFailure, type ExplorerCommandFactory } from './commandSupport';
import { connectionKey, connectionLabel, type Connection } from './connections';
import type { Explorer } from './index';
import { BUILD_COMMANDS } from './buildCommands';
import { LINK_COMMANDS } from './linkCommands';
import { statusIcon } from './render';
import { PIPELINE_COMMANDS } from './pipelineCommands';
import { notificationText, safeLine, safeName } from './safeText';

const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-south-1',
  'me-central-1',
  'af-south-1',
];

// ---- connections ----

async function pickProfile(explorer: Explorer, title: string): Promise<string | undefined> {
  let profiles: { name: string; region?: string; kind: string }[] = [];
  try {
    profiles = await explorer.connections.profiles();
  } catch (err) {
    showFailure(explorer, `Could not read the AWS config files: ${message(err)}`);
    return undefined;
  }
  const items = profiles.map((p) => ({
    label: p.name,
    description: [p.kind, p.region].filter(Boolean).join(' · '),
  }));
  if (items.length === 0) items.push({ label: 'default', description: 'no profiles in ~/.aws/config' });
  return (await vscode.window.showQuickPick(items, { title, placeHolder: 'AWS profile' }))?.label;
}

async function pickRegion(suggested: string | undefined): Promise<string | undefined> {
  const regions = suggested ? [suggested, ...REGIONS.filter((r) => r !== suggested)] : REGIONS;
  const pick = await vscode.window.showQuickPick(
    regions.map((r) => ({ label: r, description: r === suggested ? "the profile's region" : undefined })),
    { title: 'Add Connection: region', placeHolder: 'AWS region' },
  );
  return pick?.label;
}

const addConnection: ExplorerCommandFactory = (get) => async (call, profileArg, regionArg) => {
  const explorer = get();
  const profile = nameArgument(call, profileArg) ?? (await pickProfile(explorer, 'Add Connection: profile'));
  if (!profile) return undefined;
  let region = nameArgument(call, regionArg);
  if (!region) {
    const suggested = (await explorer.connections.profiles().catch(() => [])).find(
      (p) => p.name === profile,
    )?.region;
    region = await pickRegion(suggested);
  }
  if (!region) return undefined;
  const c: Connection = { profile, region };
  await explorer.connections.add(c);
  explorer.log.info(`Explorer: added connection ${connectionLabel(c)}`);
  return c;
};

const removeConnection: ExplorerCommandFactory = (get) => async (_call, arg) => {
  const explorer = get();
  let c = resolveNode(explorer, arg)?.conn ?? resolveConnection(arg, explorer.connections.list());
  if (!c) {
    const pick = await vscode.window.showQuickPick(
      explorer.connections.list().map((x) => ({ label: connectionLabel(x), c: x })),
      { title: 'Remove Connection' },
    );
    c = pick?.c;
  }
  if (!c) return;
  await explorer.connections.remove(c);
  explorer.log.info(`Explorer: removed connection ${connectionLabel(c)}`);
};

const selectProfile: ExplorerCommandFactory = (get) => async (_call, arg) => {
  const explorer = get();
  const node = resolveNode(explorer, arg);
  const profile = await pickProfile(explorer, 'Select Profile');
  if (!profile) return;
  if (node) await explorer.connections.replace(node.conn, { profile, region: node.conn.region });
  else
    await explorer.connections.add({
      profile,
      region: explorer.connections.list()[0]?.region ?? 'us-east-1',
    });
};

const signIn: ExplorerCommandFactory = (get) => async (_call, arg) => {
  const explorer = get();
  const node = resolveNode(explorer, arg);
  const hint =
    node?.kind === 'error' && node.error.hint
      ? node.error.hint
      : `Run "aws sso login --profile ${safeName(node?.conn.profile ?? 'default')}" in a terminal, then retry.`;
  const choice = await vscode.window.showInformationMessage(notificationText(hint), 'Copy Command', 'Retry');
  const command = /"([^"]+)"/.exec(hint)?.[1];
  if (choice === 'Copy Command' && command) await vscode.env.clipboard.writeText(command);
  if (choice === 'Retry' && node?.kind === 'error') explorer.tree(node.view).retry(node);
};

// ---- tree ----

const refresh: ExplorerCommandFactory = (get) => (_call, arg) => {
  const explorer = get();
  const node = resolveNode(explorer, arg);
  if (node) explorer.tree(node.view).refresh(node);
  else explorer.refresh();
};

const retry: ExplorerCommandFactory = (get) => (_call, arg) => {
  const explorer = get();
  const node = resolveNode(explorer, arg);
  if (node?.kind === 'error') explorer.tree(node.view).retry(node);
  else explorer.refresh();
};

const loadMore: ExplorerCommandFactory = (get) => async (_call, arg) => {
  const explorer = get();
  const node = resolveNode(explorer, arg);
  if (node?.kind === 'loadMore') await explorer.tree(node.view).loadMore(node);
};

function filterCommand(
  viewId: 'awsCicd.pipelines' | 'awsCicd.codebuild',
  what: string,
): ExplorerCommandFactory {
  return (get) => async (call, arg) => {
    const tree = get().tree(viewId);
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

const viewPipelineDefinition: ExplorerCommandFactory = (get) => async (_call, arg) => {
  const explorer = get();
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

const showRepoPipelines: ExplorerCommandFactory = (get) => async () => {
  const explorer = get();
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

function pinCommand(pinned: boolean): ExplorerCommandFactory {
  return (get) => async (_call, arg) => {
    const explorer = get();
    const node = resolveNode(explorer, arg);
    if (node?.kind !== 'pipeline' && node?.kind !== 'project') return;
    const name = node.kind === 'pipeline' ? node.pipeline.name : node.name;
    await explorer.pins.set(node.conn, node.kind, name, pinned);
    const tree = explorer.tree(node.view);
    const root = tree.get(`${node.view}/${connectionKey(node.conn)}`);
    tree.refresh(root);
  };
}

/** Command id → factory; merged into the extension's command table. */
export const EXPLORER_COMMANDS: Readonly<Record<string, ExplorerCommandFactory>> = {
  'awsCicd.explorer.refresh': refresh,
  'awsCicd.explorer.retry': retry,
  'awsCicd.explorer.loadMore': loadMore,
  'awsCicd.explorer.filterPipelines': filterCommand('awsCicd.pipelines', 'pipelines'),
  'awsCicd.explorer.filterProjects': filterCommand('awsCicd.codebuild', 'projects'),
  'awsCicd.explorer.addConnection': addConnection,
  'awsCicd.explorer.removeConnection': removeConnection,
  'awsCicd.explorer.selectProfile': selectProfile,
  'awsCicd.explorer.signIn': signIn,
  'awsCicd.explorer.viewPipelineDefinition': viewPipelineDefinition,
  'awsCicd.explorer.showRepoPipelines': showRepoPipelines,
  'awsCicd.explorer.pin': pinCommand(true),
  'awsCicd.explorer.unpin': pinCommand(false),
  ...BUILD_COMMANDS,
  ...PIPELINE_COMMANDS,
  ...LINK_COMMANDS,
};
