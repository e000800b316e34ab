// Entry point: builds the context, registers commands and starts the language server when a buildspec
// or appspec is open. `activate` returns a small API that the real-host tests read.
import * as vscode from 'vscode';
import { registerCommands } from './commands/table';
import { Ctx, errorText } from './ctx';
import type { ExplorerApi } from './explorer';
import type { InitializationOptions } from '../../server/src/protocol';
import type { BuildLogsApi } from './logs';
import type { DocumentStatus, ServerState } from './status';

/** What `activate` returns; used by the end-to-end tests, stable enough for other extensions. */
export interface AwsCicdApi {
  /** The server's last `awsCicd/documentStatus` for a document URI, if any. */
  getDocumentStatus(uri: string): DocumentStatus | undefined;
  /** Fires when the server reports a document status. */
  readonly onDidChangeDocumentStatus: vscode.Event<DocumentStatus>;
  /** What the language status item shows right now. */
  languageStatus(): {
    text: string;
    detail: string | undefined;
    severity: vscode.LanguageStatusSeverity;
    busy: boolean;
  };
  serverState(): ServerState;
  /** The options each start of the server was initialized with, oldest first (the last 10). */
  serverInitializations(): readonly InitializationOptions[];
  readonly onDidChangeServerState: vscode.Event<ServerState>;
  /** Starts the server if needed and resolves when it runs. */
  whenServerRunning(): Promise<void>;
  /** The AWS CI/CD explorer's rows and controls (tests). */
  readonly explorer: ExplorerApi;
  /** Build log documents: open, state, decorations, problems (tests). */
  readonly logs: BuildLogsApi;
  /** How long `activate` took, in milliseconds (including the language server start, if a file needed it). */
  readonly activationMs: number;
  /** The part of it before the language server start: contexts, views, commands. */
  readonly activationBeforeServerMs: number;
  /** This extension's log folder (`ExtensionContext.logUri`); the output channel's file is near it. */
  readonly logDirectory: string;
}

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<AwsCicdApi> {
  const activationStarted = Date.now();
  const c = new Ctx(context);
  ctx = c;
  c.explorer.testMode = context.extensionMode === vscode.ExtensionMode.Test;
  c.explorer.argumentsHonoured = c.explorer.testMode;
  context.subscriptions.push(c, ...registerCommands(c));
  c.log.info(
    `Activating ${context.extension.id} ${String((context.extension.packageJSON as { version?: unknown }).version)} ` +
      `(VS Code ${vscode.version}, ${vscode.env.appHost}, trusted: ${vscode.workspace.isTrusted})`,
  );
  c.explorer.start();
  c.logs.start();
  const beforeServerMs = Date.now() - activationStarted;
  try {
    await c.startWhenNeeded();
  } catch (err) {
    // The commands stay registered so "Restart Language Server" can retry after a fix.
    c.showError(`Could not start the AWS CI/CD language server: ${errorText(err)}`);
  }
  const activationMs = Date.now() - activationStarted;
  c.log.info(`Activated in ${activationMs} ms (${beforeServerMs} ms before the language server start)`);
  return {
    getDocumentStatus: (uri) => c.status.get(uri),
    onDidChangeDocumentStatus: c.status.onDidChange,
    languageStatus: () => c.status.snapshot(),
    serverState: () => c.serverState,
    serverInitializations: () => c.serverInitializations,
    onDidChangeServerState: c.onDidChangeServerState,
    whenServerRunning: () => c.whenRunning(),
    explorer: c.explorer.api(),
    logs: c.logs.api(),
    activationMs,
    activationBeforeServerMs: beforeServerMs,
    logDirectory: context.logUri.fsPath,
  };
}

export async function deactivate(): Promise<void> {
  const c = ctx;
  ctx = undefined;
  await c?.stop();
}
