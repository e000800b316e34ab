/** Starts the built language server over stdio and talks LSP to it, as an editor does. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  ConfigurationRequest,
  RegistrationRequest,
  type ClientCapabilities,
  createProtocolConnection,
  type InitializeResult,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { REPO } from './docs';

export const SERVER = path.join(REPO, 'server/out/server.js');

export interface TestServer {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  /** The server's answer to `initialize`. */
  readonly initialized: InitializeResult;
  /** Settings returned to the server's workspace/configuration requests. */
  settings: unknown;
  /** The methods the server registered dynamically, in order. */
  readonly registrations: readonly string[];
  /** How many workspace/configuration requests the server sent. */
  readonly configurationRequests: number;
  /** The next diagnostics published for `uri` (with `version` when given). */
  diagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams>;
  /** The next `awsCicd/documentStatus` for `uri`. */
  status(uri: string): Promise<{ uri: string; label: string }>;
  stop(): Promise<number | null>;
}

/** What VS Code declares of what these tests touch: snippets, indentation modes, Markdown. */
export const VSCODE_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
  },
  textDocument: {
    completion: {
      completionItem: {
        snippetSupport: true,
        insertTextModeSupport: { valueSet: [1, 2] },
        documentationFormat: ['markdown', 'plaintext'],
        resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] },
      },
      completionList: {
        itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'],
      },
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    publishDiagnostics: { dataSupport: true },
  },
};

export interface StartOptions {
  /** The client's capabilities; VS Code's by default. */
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
  clientName?: string;
  /** The answer to workspace/configuration from the start (`server.settings` changes it later). */
  settings?: unknown;
}

export async function startServer(
  workspace = 'file:///work/space',
  options: StartOptions = {},
): Promise<TestServer> {
  if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`node scripts/build.mjs\` first`);
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const published: PublishDiagnosticsParams[] = [];
  const statuses: { uri: string; label: string }[] = [];
  const waiters: (() => void)[] = [];
  const registrations: string[] = [];
  let configurationRequests = 0;
  let initialized: InitializeResult = { capabilities: {} };
  const wake = () => waiters.splice(0).forEach((w) => w());
  const server: TestServer = {
    connection,
    process: child,
    settings: options.settings === undefined ? {} : options.settings,
    get registrations() {
      return registrations;
    },
    get configurationRequests() {
      return configurationRequests;
    },
    get initialized() {
      return initialized;
    },
    diagnostics: (uri, version) =>
      waitFor(() =>
        take(published, (p) => p.uri === uri && (version === undefined || p.version === version)),
      ),
    status: (uri) => waitFor(() => take(statuses, (s) => s.uri === uri)),
    stop: async () => {
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    },
  };
  function take<T>(list: T[], match: (x: T) => boolean): T | undefined {
    const i = list.findIndex(match);
    return i < 0 ? undefined : list.splice(i, 1)[0];
  }
  function waitFor<T>(probe: () => T | undefined, ms = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for the server')), ms);
      const check = () => {
        const hit = probe();
        if (hit !== undefined) {
          clearTimeout(timer);
          resolve(hit);
        } else waiters.push(check);
      };
      check();
    });
  }
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    published.push(p);
    wake();
  });
  connection.onNotification('awsCicd/documentStatus', (p: { uri: string; label: string }) => {
    statuses.push(p);
    wake();
  });
  connection.onRequest(ConfigurationRequest.type, (p) => {
    configurationRequests++;
    return p.items.map(() => server.settings);
  });
  connection.onRequest(RegistrationRequest.type, (p) => {
    registrations.push(...p.registrations.map((r) => r.method));
  });
  connection.listen();
  initialized = await connection.sendRequest<InitializeResult>('initialize', {
    processId: process.pid,
    rootUri: workspace,
    workspaceFolders: [{ uri: workspace, name: 'space' }],
    capabilities: options.capabilities ?? VSCODE_CAPABILITIES,
    ...(options.clientName ? { clientInfo: { name: options.clientName } } : {}),
    ...(options.initializationOptions !== undefined
      ? { initializationOptions: options.initializationOptions }
      : {}),
  });
  await connection.sendNotification('initialized', {});
  return server;
}
