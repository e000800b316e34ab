// Builds the LanguageClient for the bundled server, with a crash policy that restarts the server a few
// times and then stops and tells the user, instead of looping on a server that dies at start.
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { InitializationOptions } from '../../server/src/protocol';
import { PREFIX } from './ids';
import { DOCUMENT_SELECTOR } from './languages';
import { withoutUntrustedSettings } from './settings';
import { RestartBudget, serverWentAway } from './serverCrash';

/** Where the bundled server lives, relative to the extension root. */
export const SERVER_MODULE = 'server/out/server.js';

class CrashPolicy implements ErrorHandler {
  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly budget: RestartBudget,
    private readonly onGaveUp: () => void,
  ) {}

  error(error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    // Shutting down on the errors of a dying server would skip `closed()` and so the restart: let the
    // close decide. Other errors get a few tries, then the connection is taken down.
    if (serverWentAway(error) || count === undefined || count <= 3) {
      this.log.warn(`Language server connection error: ${error.message}`);
      return { action: ErrorAction.Continue, handled: true };
    }
    return { action: ErrorAction.Shutdown };
  }

  closed(): CloseHandlerResult {
    if (this.budget.recordCrash()) return { action: CloseAction.Restart, handled: true };
    this.onGaveUp();
    const minutes = Math.round(this.budget.windowMs / 60000);
    return {
      action: CloseAction.DoNotRestart,
      message: `The AWS CI/CD language server crashed ${this.budget.maxRestarts + 1} times in ${minutes} minutes and was not restarted`,
      handled: true,
    };
  }
}

/** What the server is told at `initialize`, as things are at that moment. */
export function currentInitializationOptions(): InitializationOptions {
  return {
    workspaceTrusted: vscode.workspace.isTrusted,
    uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
  };
}

/**
 * Creates (does not start) the client that runs `server/out/server.js` over IPC. `onInitialize` sees
 * the options each time the server is (re)started with them.
 */
export function createLanguageClient(
  context: vscode.ExtensionContext,
  outputChannel: vscode.LogOutputChannel,
  budget: RestartBudget,
  onGaveUp: () => void,
  onInitialize: (options: InitializationOptions) => void = () => undefined,
): LanguageClient {
  const module = context.asAbsolutePath(SERVER_MODULE);
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { configurationSection: PREFIX },
    outputChannel,
    traceOutputChannel: outputChannel,
    errorHandler: new CrashPolicy(outputChannel, budget, onGaveUp),
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          return Array.isArray(result) ? withoutUntrustedSettings(result, params.items) : result;
        },
      },
    },
    // A function, read at every `initialize`: a restart after the workspace was trusted must say so
    // (an object would be the one built when the client was created).
    initializationOptions: (): InitializationOptions => {
      const options = currentInitializationOptions();
      onInitialize(options);
      return options;
    },
  };
  // The client's id is the settings prefix: `awsCicd.trace.server` follows from it.
  return new LanguageClient(PREFIX, 'AWS CI/CD Language Server', serverOptions, clientOptions);
}
