// The extension's one context object: it owns the language client, the output channel, the language
// status item, the file associations and every disposable, and starts the server only once a
// buildspec or appspec document is open (activation on plain YAML must stay cheap).
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { FileAssociations } from './association';
import {
  DOCUMENT_STATUS,
  type DocumentStatusParams,
  type InitializationOptions,
} from '../../server/src/protocol';
import { createLanguageClient, SERVER_MODULE } from './client';
import { RestartBudget } from './serverCrash';
import { DOCUMENT_SELECTOR } from './languages';
import { Explorer } from './explorer';
import { BuildLogs } from './logs';
import { DocumentStatusView, type ServerState } from './status';

/** Whether the language server handles this document. */
export function isServedDocument(document: vscode.TextDocument): boolean {
  return vscode.languages.match(DOCUMENT_SELECTOR, document) > 0;
}

export class Ctx implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  readonly status: DocumentStatusView;
  /** The AWS CI/CD views; makes no AWS call until a view asks for its children. */
  readonly explorer: Explorer;
  /** Build logs in the editor; reads AWS through the explorer's connections. */
  readonly logs: BuildLogs;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly budget = new RestartBudget();
  private client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;
  private gaveUp = false;
  private readonly stateChanged = new vscode.EventEmitter<ServerState>();
  private state: ServerState = 'idle';
  private initializations: InitializationOptions[] = [];

  /** Fires when the server starts, stops or gives up. */
  readonly onDidChangeServerState = this.stateChanged.event;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('AWS CI/CD Files', { log: true });
    this.status = new DocumentStatusView();
    this.explorer = new Explorer(this.log, extension.globalState);
    this.disposables.push(
      this.log,
      this.status,
      this.stateChanged,
      new FileAssociations(this.log),
      this.explorer,
    );
    this.logs = new BuildLogs(this.explorer.connections, this.log);
    this.disposables.push(this.logs);
  }

  /** The initialization options of the server's starts so far, oldest first (the last 10). */
  get serverInitializations(): readonly InitializationOptions[] {
    return this.initializations;
  }

  get serverState(): ServerState {
    return this.state;
  }

  /** Starts the server now if a served document is open, else as soon as one opens. */
  startWhenNeeded(): Promise<void> {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((doc) => {
        if (this.client === undefined && isServedDocument(doc)) this.startInBackground();
      }),
    );
    this.disposables.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        // The server learns about trust at initialize; restart it so trusted-only features can turn on.
        if (this.client !== undefined) {
          this.log.info('Workspace trusted: restarting the language server');
          this.restart().catch((err: unknown) =>
            this.showError(`Could not restart the AWS CI/CD language server: ${errorText(err)}`),
          );
        }
      }),
    );
    if (vscode.workspace.textDocuments.some(isServedDocument)) return this.start();
    this.log.info('No buildspec or appspec open; the language server starts with the first one');
    return Promise.resolve();
  }

  /** Starts the client once; later calls wait for the same start. */
  start(): Promise<void> {
    this.starting ??= this.doStart().catch((err: unknown) => {
      this.starting = undefined;
      this.client = undefined;
      this.setState('failed');
      throw err;
    });
    return this.starting;
  }

  /** Restarts the server (or starts it after it gave up), clearing the crash budget. */
  async restart(): Promise<void> {
    this.budget.reset();
    this.gaveUp = false;
    const client = this.client;
    if (client === undefined) return this.start();
    this.log.info('Restarting the language server');
    // A client that is starting can be neither stopped nor started again: let that start settle. One
    // whose start failed (the server crashed as it started, the last time the budget allowed) or that
    // stopped is started; only a running one is restarted (stopped first).
    if (client.state === State.Starting) await client.start().catch(() => undefined);
    if (client.state === State.Running) await client.restart();
    else await client.start();
  }

  /** Resolves once the server is running (starting it if needed). */
  async whenRunning(): Promise<void> {
    await this.start();
  }

  showOutput(): void {
    this.log.show(true);
  }

  /** Reports an error the user needs to see, with the one action that helps. */
  showError(message: string): void {
    this.log.error(message);
    void vscode.window.showErrorMessage(message, 'Show Output').then((choice) => {
      if (choice === 'Show Output') this.showOutput();
    });
  }

  private startInBackground(): void {
    this.start().catch((err: unknown) =>
      this.showError(`Could not start the AWS CI/CD language server: ${errorText(err)}`),
    );
  }

  private async doStart(): Promise<void> {
    const serverPath = this.extension.asAbsolutePath(SERVER_MODULE);
    if (!fs.existsSync(serverPath)) {
      throw new Error(`${SERVER_MODULE} is missing; run "node scripts/build.mjs" (looked in ${serverPath})`);
    }
    const client = createLanguageClient(
      this.extension,
      this.log,
      this.budget,
      () => {
        this.gaveUp = true;
        this.setState('failed');
        this.showError('The AWS CI/CD language server was stopped: it crashed 6 times in 3 minutes');
      },
      (options) => {
        this.initializations = [...this.initializations.slice(-9), options];
        this.log.info(`Language server initialized with ${JSON.stringify(options)}`);
      },
    );
    this.client = client;
    this.disposables.push(
      client.onDidChangeState((e) => {
        if (e.newState === State.Starting) this.setState('starting');
        else if (e.newState === State.Running) this.setState('running');
        else this.setState(this.gaveUp ? 'failed' : 'stopped');
      }),
      client.onNotification(DOCUMENT_STATUS, (params: DocumentStatusParams) => this.status.update(params)),
    );
    this.setState('starting');
    const started = Date.now();
    await client.start();
    this.log.info(`Language server running (${Date.now() - started} ms, ${serverPath})`);
  }

  private setState(state: ServerState): void {
    if (state === this.state) return;
    this.state = state;
    this.status.setServerState(state);
    this.stateChanged.fire(state);
  }

  /** Stops the server; used by `deactivate`, which must wait for it. */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client !== undefined && client.state !== State.Stopped) await client.stop();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** The message of an error, for logs and notifications. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
