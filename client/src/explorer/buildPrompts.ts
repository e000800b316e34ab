// What Start Build and Run this buildspec ask before a build: the project (when not invoked on one),
// the source version (the current branch offered), and environment variable overrides on one line,
// remembered per project without secrets' values (envOverrides.ts). An unattended caller that gives the
// source version is asked nothing more.
import * as vscode from 'vscode';
import type { EnvironmentVariableOverride } from '../aws';
import { STATE } from '../ids';
import type { PromptOptions } from './commandSupport';
import { connectionKey, connectionLabel, type ProfileRegion } from './connections';
import { formatOverrides, parseOverrides, rememberable } from './envOverrides';
import { currentBranch } from './git';
import { errorInfo } from './nodes';
import type { ExplorerServices } from './services';

/** Options an unattended caller may pass instead of answering. */
export interface BuildInputOptions extends PromptOptions {
  /** Overrides as a list or one line (`A=1 B=2`); skips the prompt. */
  environment?: EnvironmentVariableOverride[] | string;
}

/** What a build is started with. */
export interface BuildInputs {
  sourceVersion: string;
  environment: EnvironmentVariableOverride[];
}

/** Asks for a project among the connections' projects. */
export async function pickProject(
  explorer: ExplorerServices,
  title: string,
): Promise<{ conn: ProfileRegion; name: string } | undefined> {
  const items: (vscode.QuickPickItem & { conn: ProfileRegion })[] = [];
  for (const conn of explorer.connections.list()) {
    try {
      const account = await explorer.connections.account(conn);
      for (const name of await account.codebuild.listAllProjects()) {
        items.push({ label: name, description: connectionLabel(conn), conn });
      }
    } catch (err) {
      explorer.log.warn(
        `${title}: could not list projects of ${connectionLabel(conn)}: ${errorInfo(err).kind}`,
      );
    }
  }
  const pick = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: 'CodeBuild project',
  });
  return pick ? { conn: pick.conn, name: pick.label } : undefined;
}

/** The overrides last used for a project, as the one-line text the prompt shows. */
function lastOverrides(explorer: ExplorerServices, conn: ProfileRegion, project: string): string {
  const all = explorer.state.get<Record<string, string>>(STATE.lastOverrides) ?? {};
  return all[`${connectionKey(conn)}/${project}`] ?? '';
}

async function rememberOverrides(
  explorer: ExplorerServices,
  conn: ProfileRegion,
  project: string,
  text: string,
) {
  const all = { ...(explorer.state.get<Record<string, string>>(STATE.lastOverrides) ?? {}) };
  const key = `${connectionKey(conn)}/${project}`;
  if (text) all[key] = text;
  else delete all[key];
  await explorer.state.update(STATE.lastOverrides, all);
}

/** Asks for environment variable overrides on one line; undefined when cancelled. */
async function promptOverrides(
  explorer: ExplorerServices,
  conn: ProfileRegion,
  project: string,
  title: string,
): Promise<EnvironmentVariableOverride[] | undefined> {
  const text = await vscode.window.showInputBox({
    title: `${title}: ${project}`,
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

/** The source version and overrides of a build of `target`; undefined when cancelled or invalid. */
export async function askBuildInputs(
  explorer: ExplorerServices,
  target: { conn: ProfileRegion; name: string },
  title: string,
  options: BuildInputOptions,
): Promise<BuildInputs | undefined> {
  const sourceVersion =
    options.sourceVersion ??
    (await vscode.window.showInputBox({
      title: `${title}: ${target.name}`,
      prompt: 'Source version (branch, tag, commit or pull request); empty uses the project default',
      value: await currentBranch(),
      ignoreFocusOut: true,
    }));
  if (sourceVersion === undefined) return undefined;
  let environment: EnvironmentVariableOverride[] | undefined;
  if (typeof options.environment === 'string') {
    const parsed = parseOverrides(options.environment);
    if (!parsed.ok) throw new Error(parsed.error);
    environment = parsed.value;
  } else if (options.environment) {
    environment = options.environment;
  } else {
    // A scripted call (it gave the source version) gets no prompt: no overrides unless it passes some.
    environment =
      options.sourceVersion !== undefined
        ? []
        : await promptOverrides(explorer, target.conn, target.name, title);
  }
  return environment === undefined ? undefined : { sourceVersion, environment };
}

/** `Start a build of "api" in default · us-east-1 at main?` and the names it overrides. */
export function buildQuestion(
  target: { conn: ProfileRegion; name: string },
  inputs: BuildInputs,
  what = '',
): { message: string; detail: string | undefined } {
  const names = inputs.environment.map((v) => v.name).join(', ');
  return {
    message: `Start a build of "${target.name}" in ${connectionLabel(target.conn)}${inputs.sourceVersion ? ` at ${inputs.sourceVersion}` : ''}${what}?`,
    detail: names ? `Overriding: ${names}` : undefined,
  };
}
