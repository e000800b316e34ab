// The commands on connections: Add Connection (profile, then region), Remove Connection, Select
// Profile on a root whose profile does not work, and How to Sign In (or refresh credentials) for an
// error row. Connections live in the user's settings (application scope), never the workspace's.
import * as vscode from 'vscode';
import { COMMAND } from '../ids';
import { nameArgument, resolveConnection } from './commandArgs';
import {
  explorerCommand,
  message,
  resolveNode,
  showFailure,
  type Body,
  type ExplorerCommands,
} from './commandSupport';
import { connectionLabel, type ProfileRegion } from './connections';
import { notificationText, safeName } from './safeText';
import type { ExplorerServices } from './services';

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

async function pickProfile(explorer: ExplorerServices, title: string): Promise<string | undefined> {
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

const addConnection: Body = async (explorer, call, profileArg, regionArg) => {
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
  const c: ProfileRegion = { profile, region };
  await explorer.connections.add(c);
  explorer.log.info(`Explorer: added connection ${connectionLabel(c)}`);
  return c;
};

const removeConnection: Body = async (explorer, _call, arg) => {
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

const selectProfile: Body = async (explorer, _call, arg) => {
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

const signIn: Body = async (explorer, _call, arg) => {
  const node = resolveNode(explorer, arg);
  const hint =
    node?.kind === 'error' && node.error.hint
      ? node.error.hint
      : `Run "aws sso login --profile ${safeName(node?.conn.profile ?? 'default')}" in a terminal, then retry.`;
  const choice = await vscode.window.showInformationMessage(notificationText(hint), 'Copy Command', 'Retry');
  const command = /"([^"]+)"/.exec(hint)?.[1];
  if (choice === 'Copy Command' && command) await vscode.env.clipboard.writeText(command);
  if (choice === 'Retry' && node?.kind === 'error') explorer.views.tree(node.view).retry(node);
};

const X = COMMAND.explorer;

export const CONNECTION_COMMANDS: ExplorerCommands = {
  [X.addConnection]: explorerCommand(
    { title: 'Add Connection', failed: 'add the connection' },
    addConnection,
  ),
  [X.removeConnection]: explorerCommand(
    { title: 'Remove Connection', failed: 'remove the connection' },
    removeConnection,
  ),
  [X.selectProfile]: explorerCommand(
    { title: 'Select Profile', failed: 'select the profile' },
    selectProfile,
  ),
  [X.signIn]: explorerCommand({ title: 'How to Sign In' }, signIn),
};
