// The explorer's roots: the profile/region pairs of `awsCicd.connections` (application scope), or the
// default profile and its region when that is empty; the machine-scoped endpoint override; one AWS
// adapter per pair, opened on first use; and the status bar item that names the connections.
// The AWS adapter is loaded on first use, so activation stays cheap for people who never open a view.
import * as vscode from 'vscode';
import type { AwsAdapter, CallEvent, ProfileInfo } from '../aws';
import { COMMAND, ITEM, SETTING } from '../ids';
import { affects, settings, writeConnections, type ProfileRegion } from '../settings';
import { connectionLabel, isSandbox } from './labels';

/** One root of the explorer: a profile/region pair. */
export type { ProfileRegion } from '../settings';

type AwsModule = typeof import('../aws');
let awsModule: Promise<AwsModule> | undefined;

/** The AWS adapter, loaded (and its SDK evaluated) on first use. */
export function loadAws(): Promise<AwsModule> {
  awsModule ??= import('../aws/index.js');
  return awsModule;
}

export { connectionLabel } from './labels';

export function connectionKey(c: ProfileRegion): string {
  return `${c.profile}@${c.region}`;
}

/**
 * The endpoint override, from user (or remote machine) settings only: a cloned repository must never
 * redirect signed requests.
 */
export function endpointOverride(): string | undefined {
  return settings.endpointUrl();
}

/** The configured profile/region pairs, the AWS adapter opened for each, and their status bar item. */
export class ConnectionList implements vscode.Disposable {
  private readonly accounts = new Map<string, Promise<AwsAdapter>>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private current: ProfileRegion[] = [];

  /** Fires when the list of connections or the endpoint changes. */
  readonly onDidChange = this.changed.event;
  /** Told of every account opened (the store adopts it, so log sessions read builds through it). */
  onOpened: ((c: ProfileRegion, account: AwsAdapter) => void) | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.item = vscode.window.createStatusBarItem(ITEM.connections, vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'AWS CI/CD connections';
    this.item.command = COMMAND.explorer.addConnection;
    this.disposables.push(
      this.item,
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, SETTING.connections, SETTING.endpointUrl)) {
          this.closeAll();
          void this.reload();
        }
      }),
    );
  }

  /** The connections as last read. */
  list(): readonly ProfileRegion[] {
    return this.current;
  }

  /** Reads the setting (or works out the default) and updates the status bar item. */
  async reload(): Promise<readonly ProfileRegion[]> {
    const configured = settings.connections();
    this.current = configured.length > 0 ? configured : [await this.defaultConnection()];
    this.render();
    this.changed.fire();
    return this.current;
  }

  /** The profile the CLI would use and its region, as the adapter reads them. */
  private async defaultConnection(): Promise<ProfileRegion> {
    const profile = process.env.AWS_PROFILE || 'default';
    let region = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
    if (!region) {
      try {
        region = (await this.profiles()).find((p) => p.name === profile)?.region;
      } catch (err) {
        this.log.warn(`Could not read the AWS config files: ${errorKind(err)}`);
      }
    }
    return { profile, region: region || 'us-east-1' };
  }

  /** Profiles of the shared config and credentials files. */
  async profiles(): Promise<ProfileInfo[]> {
    // The adapter's profile reader alone: finding the default region at start-up must not evaluate
    // the SDK clients (the bundle evaluates a dynamically imported module only when it is imported).
    const { listProfiles } = await import('../aws/profiles.js');
    return listProfiles();
  }

  /** Adds a connection to the user setting (the default one is written out too, so it stays). */
  async add(c: ProfileRegion): Promise<void> {
    const next = [...this.current.filter((x) => connectionKey(x) !== connectionKey(c)), c];
    await this.write(next);
  }

  async remove(c: ProfileRegion): Promise<void> {
    await this.write(this.current.filter((x) => connectionKey(x) !== connectionKey(c)));
  }

  /** Replaces one connection by another (Select Profile on a failing root). */
  async replace(old: ProfileRegion, c: ProfileRegion): Promise<void> {
    await this.write(this.current.map((x) => (connectionKey(x) === connectionKey(old) ? c : x)));
  }

  private async write(list: ProfileRegion[]): Promise<void> {
    await writeConnections(list);
    await this.reload();
  }

  /** The open account of a connection, opened on first use. */
  account(c: ProfileRegion): Promise<AwsAdapter> {
    // Every AWS call of the explorer goes through here: none in an untrusted workspace.
    if (!vscode.workspace.isTrusted) {
      return Promise.reject(new Error('Trust this workspace to connect to AWS'));
    }
    const key = connectionKey(c);
    let account = this.accounts.get(key);
    if (!account) {
      const log = this.log;
      account = loadAws().then((aws) =>
        aws.openAdapter({
          profile: c.profile === 'default' && !process.env.AWS_PROFILE ? undefined : c.profile,
          region: c.region,
          endpointOverride: endpointOverride(),
          onCall: (e: CallEvent) => logCall(log, c, e),
        }),
      );
      // A failed open (a bad endpoint URL) is retried on the next use rather than cached.
      account.then(
        (a) => this.onOpened?.(c, a),
        () => this.accounts.delete(key),
      );
      this.accounts.set(key, account);
    }
    return account;
  }

  private closeAll(): void {
    for (const account of this.accounts.values()) account.then((a) => a.dispose()).catch(() => undefined);
    this.accounts.clear();
  }

  private render(): void {
    const names = this.current.map((c) => connectionLabel(c));
    this.item.text = `$(cloud) ${names[0] ?? 'AWS'}${names.length > 1 ? ` +${names.length - 1}` : ''}`;
    const endpoint = endpointOverride();
    const sandbox = isSandbox()
      ? '\nThe local fake AWS that npm start runs: nothing here is a real account.'
      : '';
    this.item.tooltip = `AWS CI/CD connections:\n${names.join('\n')}${endpoint ? `\nEndpoint: ${endpoint}` : ''}${sandbox}\n\nClick to add a connection.`;
    this.item.show();
  }

  /** What the status bar item shows (tests). */
  statusText(): string {
    return this.item.text;
  }

  dispose(): void {
    this.closeAll();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

// Names, durations and outcomes only: never a request, a response or a credential.
function logCall(log: vscode.LogOutputChannel, c: ProfileRegion, e: CallEvent): void {
  const what = `${e.service}:${e.operation}${e.resource ? ` ${e.resource}` : ''} [${connectionLabel(c)}] ${e.durationMs} ms`;
  if (e.ok) log.debug(what);
  else log.warn(`${what} failed: ${e.errorKind ?? 'other'}`);
}

function errorKind(err: unknown): string {
  const e = err as { kind?: unknown; name?: unknown } | undefined;
  return typeof e?.kind === 'string' ? e.kind : typeof e?.name === 'string' ? e.name : 'error';
}
