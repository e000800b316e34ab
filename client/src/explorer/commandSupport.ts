// What the explorer's commands share: finding the element a command was invoked on (only elements the
// explorer made; see commandArgs.ts), the options that let trusted callers skip prompts, and how a
// failure is shown (a message with a way to the output channel, with no live link in it).
import * as vscode from 'vscode';
import type { Build } from '../aws';
import { resolveElement, type Call } from './commandArgs';
import type { ProfileRegion } from './connections';
import { defineCommand, type Command, type CommandTable } from '../commands/define';
import { COMMAND } from '../ids';
import { settings } from '../settings';
import type { ExplorerServices } from './services';
import { errorInfo, type Node } from './nodes';
import { notificationText } from './safeText';

/** A command's body: what it acts on, how it was called, then the arguments its caller gave. */
export type Body = (services: ExplorerServices, call: Call, ...args: unknown[]) => unknown;

/** The explorer's commands, by full id. */
export type ExplorerCommands = CommandTable<ExplorerServices>;

/**
 * An explorer command on the extension's command table: the wrapper refuses an AWS command in an
 * untrusted workspace and reports what the body throws in the house shape; the body reads its own
 * arguments (only elements the explorer made count, commandArgs.ts) and asks its own questions.
 */
export function explorerCommand(
  meta: { title: string; aws?: boolean; failed?: string },
  body: Body,
): Command<ExplorerServices> {
  return defineCommand<ExplorerServices, unknown[]>({
    ...meta,
    args: (_call, raw) => [...raw],
    run: (services, { call }, ...raw) => body(services, call, ...raw),
  });
}

/** Options an unattended caller (test API, test mode) may pass to skip the prompts. */
export interface PromptOptions {
  sourceVersion?: string;
  /** false: no modal confirmation (the caller already asked). */
  confirm?: boolean;
  /** false: return the URL without opening it. */
  open?: boolean;
  /** Whether to open the log of a build just started; the `awsCicd.logs.openOnStartBuild` setting by default. */
  openLog?: boolean;
}

/** The log view's command (contributed by the logs feature): opens a build's log by id. */
export const OPEN_LOG = COMMAND.logs.openBuildLog;

/** The tree element an argument names: one the explorer made, or the id of one; else undefined. */
export function resolveNode(explorer: ExplorerServices, arg: unknown): Node | undefined {
  return resolveElement<Node>(arg, (id) => explorer.views.node(id));
}

export function message(err: unknown): string {
  return errorInfo(err).message;
}

/** Shows a failure; AWS's part of the message may quote anything, so its link syntax is broken. */
export function showFailure(explorer: ExplorerServices, text: string): void {
  explorer.log.error(text);
  void vscode.window.showErrorMessage(notificationText(text), 'Show Output').then((choice) => {
    if (choice === 'Show Output') explorer.log.show(true);
  });
}

/** Reports a build just started to the store (the views show it), and opens its log if wanted. */
export function afterStart(
  explorer: ExplorerServices,
  conn: ProfileRegion,
  build: Build,
  options: { openLog?: boolean } = {},
): void {
  explorer.store.of(conn).builds.reportBuild(build);
  explorer.acted();
  const open = options.openLog ?? settings.openLogOnStartBuild();
  if (open) {
    void vscode.commands
      .executeCommand(OPEN_LOG, { profile: conn.profile, region: conn.region, buildId: build.id })
      .then(undefined, (err: unknown) => explorer.log.warn(`Could not open the build log: ${message(err)}`));
  }
}
