// The commands that start, stop and retry CodeBuild builds: Start Build (source version, environment
// variable overrides remembered per project), Stop Build, Retry Build, and Run this buildspec. Each
// confirms with a modal; options that skip prompts count only for unattended callers (commandArgs.ts).
import * as vscode from 'vscode';
import type { Build, EnvironmentVariableOverride } from '../aws';
import { callOptions, nameArgument } from './commandArgs';
import {
  afterStart,
  message,
  requireTrust,
  resolveNode,
  showFailure,
  type ExplorerCommandFactory,
  type PromptOptions,
} from './commandSupport';
import { connectionKey, connectionLabel, type Connection } from './connections';
import { formatOverrides, parseOverrides, rememberable } from './envOverrides';
import { currentBranch } from './git';
import type { Explorer } from './index';
import { errorInfo } from './nodes';
import { RUN_BUILDSPEC, runBuildspec } from './runBuildspec';

async function pickProject(explorer: Explorer): Promise<{ conn: Connection; name: string } | undefined> {
  const items: (vscode.QuickPickItem & { conn: Connection })[] = [];
  for (const conn of explorer.connections.list()) {
    try {
      const account = await explorer.connections.account(conn);
      for (const name of await account.codebuild.listAllProjects()) {
        items.push({ label: name, description: connectionLabel(conn), conn });
      }
    } catch (err) {
      explorer.log.warn(
        `Start Build: could not list projects of ${connectionLabel(conn)}: ${errorInfo(err).kind}`,
      );
    }
  }
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Start Build',
    placeHolder: 'CodeBuild project',
  });
  return pick ? { conn: pick.conn, name: pick.label } : undefined;
}

const OVERRIDES_KEY = 'awsCicd.lastOverrides';

/** The overrides last used for a project, as the one-line text the prompt shows. */
function lastOverrides(explorer: Explorer, conn: Connection, project: string): string {
  const all = explorer.state.get<Record<string, string>>(OVERRIDES_KEY) ?? {};
  return all[`${connectionKey(conn)}/${project}`] ?? '';
}

async function rememberOverrides(explorer: Explorer, conn: Connection, project: string, text: string) {
  const all = { ...(explorer.state.get<Record<string, string>>(OVERRIDES_KEY) ?? {}) };
  const key = `${connectionKey(conn)}/${project}`;
  if (text) all[key] = text;
  else delete all[key];
  await explorer.state.update(OVERRIDES_KEY, all);
}

/** Asks for environment variable overrides on one line; undefined when cancelled. */
async function promptOverrides(
  explorer: Explorer,
  conn: Connection,
  project: string,
): Promise<EnvironmentVariableOverride[] | undefined> {
  const text = await vscode.window.showInputBox({
    title: `Start Build: ${project}`,
    prompt:
      'Environment variable overrides (optional): NAME=value NAME2="two words" ' +
      'SECRET=parameter-store:/path or secrets-manager:id',
    value: lastOverrides(explorer, conn, project),
    ignoreFocusOut: true,
    validateInput: (value) => {
      const r = parseOverrides(value);
      return r.ok ? undefined : r.error;
    },
  });
  if (text === undefined) return undefined;
  const parsed = parseOverrides(text);
  if (!parsed.ok) return undefined;
  await rememberOverrides(explorer, conn, project, formatOverrides(rememberable(parsed.value)));
  return parsed.value;
}

interface StartBuildOptions extends PromptOptions {
  /** Overrides as a list or one line (`A=1 B=2`); skips the prompt. */
  environment?: EnvironmentVariableOverride[] | string;
}

const startBuild: ExplorerCommandFactory = (get) => async (call, arg, opts) => {
  const options = callOptions<StartBuildOptions>(call, opts);
  const explorer = get();
  if (!requireTrust('Start Build')) return undefined;
  const node = resolveNode(explorer, arg);
  const name = node ? undefined : nameArgument(call, arg);
  let target: { conn: Connection; name: string } | undefined;
  if (node?.kind === 'project') target = { conn: node.conn, name: node.name };
  else if (name) target = { conn: explorer.connections.list()[0], name };
  else target = await pickProject(explorer);
  if (!target?.conn) return undefined;
  const sourceVersion =
    options.sourceVersion ??
    (await vscode.window.showInputBox({
      title: `Start Build: ${target.name}`,
      prompt: 'Source version (branch, tag, commit or pull request); empty uses the project default',
      value: await currentBranch(),
      ignoreFocusOut: true,
    }));
  if (sourceVersion === undefined) return undefined;
  let environment: EnvironmentVariableOverride[] | undefined;
  if (typeof options.environment === 'string') {
    const parsed = parseOverrides(options.environment);
    if (!parsed.ok) {
      showFailure(explorer, `Start Build: ${parsed.error}`);
      return undefined;
    }
    environment = parsed.value;
  } else if (options.environment) {
    environment = options.environment;
  } else {
    // A scripted call (it gave the source version) gets no prompt: no overrides unless it passes some.
    environment =
      options.sourceVersion !== undefined ? [] : await promptOverrides(explorer, target.conn, target.name);
  }
  if (environment === undefined) return undefined;
  if (options.confirm !== false) {
    const names = environment.map((v) => v.name).join(', ');
    const ok = await explorer.prompts.modal(
      `Start a build of "${target.name}" in ${connectionLabel(target.conn)}${sourceVersion ? ` at ${sourceVersion}` : ''}?`,
      names ? `Overriding: ${names}` : undefined,
      'Start Build',
    );
    if (ok !== 'Start Build') return undefined;
  }
  let build: Build;
  try {
    const account = await explorer.connections.account(target.conn);
    build = await account.codebuild.startBuild(target.name, {
      sourceVersion: sourceVersion || undefined,
      environmentVariablesOverride: environment.length ? environment : undefined,
    });
  } catch (err) {
    showFailure(explorer, message(err));
    return undefined;
  }
  // Names only: a value may be a secret.
  explorer.log.info(
    `Explorer: started build ${build.id}${environment.length ? ` overriding ${environment.map((v) => v.name).join(', ')}` : ''}`,
  );
  afterStart(explorer, target.conn, build, options);
  return build.id;
};

const stopBuild: ExplorerCommandFactory = (get) => async (call, arg, opts) => {
  const options = callOptions<PromptOptions>(call, opts);
  const explorer = get();
  if (!requireTrust('Stop Build')) return undefined;
  const node = resolveNode(explorer, arg);
  if (node?.kind !== 'build' || node.build.complete) return undefined;
  if (options.confirm !== false) {
    const ok = await explorer.prompts.modal(`Stop build ${node.build.id}?`, undefined, 'Stop Build');
    if (ok !== 'Stop Build') return undefined;
  }
  try {
    const account = await explorer.connections.account(node.conn);
    const build = await account.codebuild.stopBuild(node.build.id);
    explorer.log.info(`Explorer: stopped build ${build.id}`);
    explorer.store.of(node.conn).builds.reportBuild(build);
    explorer.acted();
    return build.status;
  } catch (err) {
    showFailure(explorer, message(err));
    return undefined;
  }
};

const retryBuild: ExplorerCommandFactory = (get) => async (call, arg, opts) => {
  const options = callOptions<PromptOptions>(call, opts);
  const explorer = get();
  if (!requireTrust('Retry Build')) return undefined;
  const node = resolveNode(explorer, arg);
  if (node?.kind !== 'build' || !node.build.complete) return undefined;
  if (options.confirm !== false) {
    const ok = await explorer.prompts.modal(
      `Retry build ${node.build.id}? It starts a new build with the same settings.`,
      undefined,
      'Retry Build',
    );
    if (ok !== 'Retry Build') return undefined;
  }
  try {
    const account = await explorer.connections.account(node.conn);
    const build = await account.codebuild.retryBuild(node.build.id);
    explorer.log.info(`Explorer: retried build ${node.build.id} as ${build.id}`);
    afterStart(explorer, node.conn, build, options);
    return build.id;
  } catch (err) {
    showFailure(explorer, message(err));
    return undefined;
  }
};

const runBuildspecCommand: ExplorerCommandFactory = (get) => async (call, arg, opts) => {
  const explorer = get();
  if (!requireTrust('Run this buildspec on CodeBuild')) return undefined;
  try {
    return await runBuildspec(
      explorer,
      () => pickProject(explorer),
      arg instanceof vscode.Uri ? arg : undefined,
      callOptions(call, opts),
    );
  } catch (err) {
    showFailure(explorer, message(err));
    return undefined;
  }
};

export const BUILD_COMMANDS: Readonly<Record<string, ExplorerCommandFactory>> = {
  'awsCicd.explorer.startBuild': startBuild,
  'awsCicd.explorer.stopBuild': stopBuild,
  'awsCicd.explorer.retryBuild': retryBuild,
  [RUN_BUILDSPEC]: runBuildspecCommand,
};
