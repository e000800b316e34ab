// Entry point: builds the context, registers commands and starts the language server when a buildspec
// or appspec is open. `activate` returns a small API that the real-host tests read.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { Ctx, errorText } from './ctx';
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
  readonly onDidChangeServerState: vscode.Event<ServerState>;
  /** Starts the server if needed and resolves when it runs. */
  whenServerRunning(): Promise<void>;
}

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<AwsCicdApi> {
  const c = new Ctx(context);
  ctx = c;
  context.subscriptions.push(c, ...registerCommands(c));
  c.log.info(
    `Activating ${context.extension.id} ${String((context.extension.packageJSON as { version?: unknown }).version)} ` +
      `(VS Code ${vscode.version}, ${vscode.env.appHost}, trusted: ${vscode.workspace.isTrusted})`,
  );
  try {
    await c.startWhenNeeded();
  } catch (err) {
    // The commands stay registered so "Restart Language Server" can retry after a fix.
    c.showError(`AWS CI/CD: could not start the language server: ${errorText(err)}`);
  }
  return {
    getDocumentStatus: (uri) => c.status.get(uri),
    onDidChangeDocumentStatus: c.status.onDidChange,
    languageStatus: () => c.status.snapshot(),
    serverState: () => c.serverState,
    onDidChangeServerState: c.onDidChangeServerState,
    whenServerRunning: () => c.whenRunning(),
  };
}

export async function deactivate(): Promise<void> {
  const c = ctx;
  ctx = undefined;
  await c?.stop();
}
