/**
 * A minimal LSP client over stdio to a real server process, as an editor would run it: answers the
 * server's configuration and registration requests, records every publishDiagnostics with its arrival
 * time, and times requests from send to response.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  CompletionRequest,
  CompletionTriggerKind,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  UnregistrationRequest,
  WorkDoneProgressCreateRequest,
  type CompletionItem,
  type CompletionList,
  type ConfigurationItem,
  type Diagnostic,
  type Hover,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

/** USER_HZ on Linux; /proc/<pid>/stat counts CPU time in these. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ServerSpec {
  readonly name: string;
  /** Arguments to `node`. */
  readonly args: readonly string[];
  /** The languageId an editor would open a buildspec with for this server. */
  readonly languageId: string;
  /** The answer to one `workspace/configuration` item. */
  readonly configuration: (item: ConfigurationItem) => unknown;
  /** Sent as `workspace/didChangeConfiguration` after `initialized`, if set. */
  readonly pushedSettings?: unknown;
}

export interface PublishedDiagnostics {
  readonly at: number;
  readonly params: PublishDiagnosticsParams;
}

export interface Memory {
  readonly rssMb: number;
  readonly hwmMb: number;
}

interface Waiter {
  readonly match: (p: PublishedDiagnostics) => boolean;
  readonly resolve: (p: PublishedDiagnostics | undefined) => void;
  readonly timer: NodeJS.Timeout;
}

export class LspServer {
  readonly published: PublishedDiagnostics[] = [];
  readonly logs: string[] = [];
  private readonly child: ChildProcess;
  private readonly connection: ProtocolConnection;
  private waiters: Waiter[] = [];
  private stderr = '';
  private exited = false;

  constructor(
    readonly spec: ServerSpec,
    cwd: string,
  ) {
    this.child = spawn(process.execPath, [...spec.args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    this.child.on('exit', () => {
      this.exited = true;
    });
    this.connection = createProtocolConnection(
      new StreamMessageReader(this.child.stdout!),
      new StreamMessageWriter(this.child.stdin!),
    );
    this.connection.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map((item) => spec.configuration(item) ?? null),
    );
    this.connection.onRequest(RegistrationRequest.type, () => undefined);
    this.connection.onRequest(UnregistrationRequest.type, () => undefined);
    this.connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const p = { at: performance.now(), params };
      this.published.push(p);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(p)) return true;
        clearTimeout(w.timer);
        w.resolve(p);
        return false;
      });
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    this.connection.listen();
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Everything the server wrote to stderr, for error reports. */
  get errorOutput(): string {
    return this.stderr;
  }

  async initialize(rootUri: string): Promise<void> {
    await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities: {
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: true },
          workspaceFolders: true,
        },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          completion: {
            // As VS Code declares it: documentation may be left to completionItem/resolve.
            completionItem: {
              snippetSupport: true,
              documentationFormat: ['markdown', 'plaintext'],
              resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] },
            },
            completionList: {
              itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'],
            },
            contextSupport: true,
          },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
        },
      },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    if (this.spec.pushedSettings !== undefined) {
      await this.connection.sendNotification(DidChangeConfigurationNotification.type, {
        settings: this.spec.pushedSettings,
      });
    }
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: this.spec.languageId, version, text },
    });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Sends one incremental change and returns the time it was handed to the transport. */
  async change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const t0 = performance.now();
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: changes,
    });
    return t0;
  }

  /** Resolves with the first publication (from now on) that `match` accepts, or undefined after `timeoutMs`. */
  waitForDiagnostics(
    match: (p: PublishedDiagnostics) => boolean,
    timeoutMs: number,
  ): Promise<PublishedDiagnostics | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.timer !== timer);
        resolve(undefined);
      }, timeoutMs);
      this.waiters.push({ match, resolve, timer });
    });
  }

  async completion(
    uri: string,
    position: Position,
    triggerCharacter?: string,
  ): Promise<{ ms: number; items: CompletionItem[] }> {
    const t0 = performance.now();
    const result: CompletionItem[] | CompletionList | null = await this.connection.sendRequest(
      CompletionRequest.type,
      {
        textDocument: { uri },
        position,
        context: triggerCharacter
          ? { triggerKind: CompletionTriggerKind.TriggerCharacter, triggerCharacter }
          : { triggerKind: CompletionTriggerKind.Invoked },
      },
    );
    const ms = performance.now() - t0;
    return { ms, items: result === null ? [] : Array.isArray(result) ? result : result.items };
  }

  async hover(uri: string, position: Position): Promise<{ ms: number; hover: Hover | null }> {
    const t0 = performance.now();
    const hover = await this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
    return { ms: performance.now() - t0, hover };
  }

  /** Resident and peak resident memory of the server process, from /proc. */
  memory(): Memory {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  }

  /** CPU time (user + system) the server process has used so far, in ms; 10 ms resolution. */
  cpuMs(): number {
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the line.
    const fields = readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), delay(2000)]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // The process is killed below if it did not exit.
    }
    await Promise.race([exited, delay(2000)]);
    if (!this.exited) this.child.kill('SIGKILL');
    this.connection.dispose();
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether any diagnostic touches `line`. */
export function hasDiagnosticOn(diagnostics: readonly Diagnostic[], line: number): boolean {
  return diagnostics.some((d) => d.range.start.line <= line && d.range.end.line >= line);
}
