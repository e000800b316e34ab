// What the explorer's commands share: finding the element a command was invoked on, the options that
// let callers skip prompts, and how a failure is shown (a message with a way to the output channel).
import * as vscode from 'vscode';
import type { Build } from '../aws';
import type { Connection } from './connections';
import type { Explorer } from './index';
import { errorInfo, type Node } from './nodes';

export type Handler = (...args: unknown[]) => unknown;
export type ExplorerCommandFactory = (explorer: () => Explorer) => Handler;

/** Options a caller may pass to skip the prompts of Start Build / Stop Build / Open in Console. */
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
export const OPEN_LOG = 'awsCicd.logs.openBuildLog';

export function resolveNode(explorer: Explorer, arg: unknown): Node | undefined {
  if (typeof arg === 'string') return explorer.node(arg);
  const n = arg as Partial<Node> | undefined;
  return typeof n?.id === 'string' && typeof n.kind === 'string'
    ? (explorer.node(n.id) ?? (n as Node))
    : undefined;
}

export function message(err: unknown): string {
  return errorInfo(err).message;
}

export function showFailure(explorer: Explorer, text: string): void {
  explorer.log.error(text);
  void vscode.window.showErrorMessage(text, 'Show Output').then((choice) => {
    if (choice === 'Show Output') explorer.log.show(true);
  });
}

/** Shows a build just started in the tree, and opens its log when the user wants that. */
export function afterStart(
  explorer: Explorer,
  conn: Connection,
  build: Build,
  options: { openLog?: boolean } = {},
): void {
  const project = explorer.codebuild.project(conn, build.projectName);
  if (project) explorer.codebuild.showBuild(project, build);
  explorer.updateBuild(build);
  explorer.poller.schedule();
  const open =
    options.openLog ??
    vscode.workspace.getConfiguration('awsCicd.logs').get<boolean>('openOnStartBuild', true);
  if (open) {
    void vscode.commands
      .executeCommand(OPEN_LOG, { profile: conn.profile, region: conn.region, buildId: build.id })
      .then(undefined, (err: unknown) => explorer.log.warn(`Could not open the build log: ${message(err)}`));
  }
}
