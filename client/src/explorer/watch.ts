// Watched pipelines: those whose source is the repository and branch open in the editor (found once
// by reading each pipeline's definition, cached by pipeline version) and the pinned ones. A status bar
// item shows the latest execution of the repository's pipelines; optional notifications say when a
// watched pipeline fails or starts waiting for an approval. Checks run every 30 s while the window is
// focused and every 2 min while it is not; each is one ListPipelineExecutions per watched pipeline,
// plus one GetPipelineState for those in progress (to see approvals). Notifications carry our own words
// and names made safe (safeText.ts): VS Code renders links in them, and a pipeline's status summary
// is free text from AWS, so it is shown in the tree's tooltips instead.
import * as vscode from 'vscode';
import type { AwsAccount, PipelineExecution } from '../aws';
import {
  connectionKey,
  connectionLabel,
  endpointOverride,
  loadAws,
  type Connection,
  type Connections,
} from './connections';
import { markCreated } from './commandArgs';
import { currentRepo } from './git';
import { consoleHost } from './linkCommands';
import { classifyUrl } from './links';
import { isRunning, statusIcon, timeAgo, type ActionNode } from './nodes';
import type { Pins } from './pins';
import { pipelineSources, repoFromRemote, sourceMatches, type PipelineSource } from './repoMatch';
import { safeName } from './safeText';

export const FOCUSED_MS = 30_000;
export const UNFOCUSED_MS = 120_000;
export const DISCOVERY_RETRY_MS = 10 * 60_000;
export const REPO_PIPELINES_KEY = 'awsCicd.statusBar.repositoryPipelines';
const SOURCES_KEY = 'awsCicd.pipelineSources';
export const NOTIFICATIONS_KEY = 'awsCicd.notifications';

interface Watched {
  conn: Connection;
  name: string;
  /** Its source is the open repository and branch (else: pinned only). */
  repo: boolean;
  latest?: PipelineExecution;
  error?: string;
}

interface Seen {
  executionId?: string;
  status?: string;
  approvals: Set<string>;
}

/** What the status bar item shows, and what was notified (tests). */
export interface WatchSnapshot {
  text: string;
  tooltip: string;
  visible: boolean;
  repoPipelines: string[];
  watched: string[];
  notifications: string[];
}

/** Per pipeline: its sources at a version; `unreadable` when its definition could not be read. */
type SourceCache = Record<string, { version: number; sources: PipelineSource[]; unreadable?: boolean }>;

export class PipelineWatch implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private watched: Watched[] = [];
  private readonly seen = new Map<string, Seen>();
  private timer: NodeJS.Timeout | undefined;
  private discovering: Promise<void> | undefined;
  private checking = false;
  private repoKey = '';
  private readonly notified: string[] = [];
  private disposed = false;
  private lastCheck = 0;
  private restartPending = false;
  /** A user's change (connections, pins, trust) reads again the definitions that could not be read. */
  private retryUnreadable = false;
  /** When discovery last failed for a connection: it is tried again after DISCOVERY_RETRY_MS. */
  private failedAt = 0;
  private failedKey = '';

  constructor(
    private readonly connections: Connections,
    private readonly pins: Pins,
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
    /** Selects a pipeline's row in the Pipelines view. */
    private readonly show: (conn: Connection, name: string) => Promise<void>,
  ) {
    this.item = vscode.window.createStatusBarItem('awsCicd.repoPipeline', vscode.StatusBarAlignment.Left, 9);
    this.item.name = 'AWS CI/CD pipeline of this repository';
    this.item.command = 'awsCicd.explorer.showRepoPipelines';
    this.disposables.push(
      this.item,
      connections.onDidChange(() => this.restart()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(REPO_PIPELINES_KEY)) this.restart();
      }),
      pins.onDidChange(() => this.restart()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.restart()),
      vscode.window.onDidChangeWindowState((s) => {
        // Back to the window: the next check comes at the focused pace, not the slow one.
        if (s.focused) this.schedule(Math.max(0, this.lastCheck + FOCUSED_MS - Date.now()));
      }),
    );
  }

  /** Starts watching shortly after activation, without slowing it down. */
  start(delayMs = 3000): void {
    this.schedule(delayMs);
  }

  private restart(): void {
    this.repoKey = '';
    this.retryUnreadable = true;
    // A restart during a check is taken up when the check ends (it would write back the old key).
    if (this.checking) this.restartPending = true;
    else this.schedule(500);
  }

  private schedule(delayMs: number): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.cycle(), delayMs);
  }

  /** Finds the watched pipelines when the repository changed, then checks them once. */
  async cycle(): Promise<void> {
    if (this.checking || this.disposed) return;
    this.checking = true;
    try {
      if (!vscode.workspace.isTrusted) {
        this.watched = [];
        return;
      }
      await this.discover();
      await this.check();
      this.lastCheck = Date.now();
    } catch (err) {
      this.log.warn(`Pipeline watch: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.checking = false;
      this.render();
      if (this.restartPending) {
        this.restartPending = false;
        this.repoKey = '';
        this.schedule(500);
      } else {
        this.schedule(vscode.window.state.focused ? FOCUSED_MS : UNFOCUSED_MS);
      }
    }
  }

  private async discover(): Promise<void> {
    const lookUp = vscode.workspace.getConfiguration().get<boolean>(REPO_PIPELINES_KEY, true);
    const repo = lookUp ? await currentRepo() : undefined;
    const id = repo?.remoteUrl ? repoFromRemote(repo.remoteUrl) : undefined;
    const pinned = this.connections
      .list()
      .flatMap((conn) => this.pins.list(conn, 'pipeline').map((name) => ({ conn, name })));
    const key = JSON.stringify([
      id,
      repo?.branch,
      endpointOverride(),
      this.connections.list().map(connectionKey),
      pinned.map((p) => `${connectionKey(p.conn)}/${p.name}`),
    ]);
    if (key === this.repoKey) return;
    // After a failed discovery, the same question waits a while before it is asked again.
    if (key === this.failedKey && Date.now() - this.failedAt < DISCOVERY_RETRY_MS) return;
    this.discovering ??= (async () => {
      const found: Watched[] = [];
      let complete = true;
      if (id) {
        for (const conn of this.connections.list()) {
          try {
            const account = await this.connections.account(conn);
            for (const name of await this.matching(account, conn, id, repo?.branch))
              found.push({ conn, name, repo: true });
          } catch (err) {
            complete = false;
            this.log.warn(
              `Pipeline watch: could not read the pipelines of ${connectionLabel(conn)}: ${errorText(err)}`,
            );
          }
        }
      }
      for (const p of pinned) {
        const same = found.find((w) => w.name === p.name && connectionKey(w.conn) === connectionKey(p.conn));
        if (!same) found.push({ ...p, repo: false });
      }
      const changed =
        JSON.stringify(found.map((w) => [connectionKey(w.conn), w.name, w.repo])) !==
        JSON.stringify(this.watched.map((w) => [connectionKey(w.conn), w.name, w.repo]));
      this.watched = found;
      // A connection that could not be read is tried again, but not before DISCOVERY_RETRY_MS.
      this.repoKey = complete ? key : '';
      this.failedKey = complete ? '' : key;
      if (complete) this.retryUnreadable = false;
      if (!complete) this.failedAt = Date.now();
      if (id && changed)
        this.log.info(
          `Pipeline watch: ${found.filter((w) => w.repo).length} pipeline(s) build ${id.path}` +
            `${repo?.branch ? `@${repo.branch}` : ''}; ${found.length} watched`,
        );
    })().finally(() => (this.discovering = undefined));
    await this.discovering;
  }

  /** Names of the connection's pipelines whose source is the repository; definitions cached by version. */
  private async matching(
    account: AwsAccount,
    conn: Connection,
    repo: NonNullable<ReturnType<typeof repoFromRemote>>,
    branch: string | undefined,
  ): Promise<string[]> {
    const pipelines = await account.codepipeline.listAllPipelines();
    const cache: SourceCache = { ...(this.state.get<SourceCache>(SOURCES_KEY) ?? {}) };
    const prefix = `${connectionKey(conn)}/`;
    const stale = pipelines.filter((p) => {
      const cached = cache[prefix + p.name];
      return cached?.version !== (p.version ?? 0) || (this.retryUnreadable && cached.unreadable === true);
    });
    const { mapSettled } = await loadAws();
    const read = await mapSettled(stale, 4, (p) => account.codepipeline.getPipeline(p.name));
    read.forEach((r, i) => {
      // A definition that cannot be read (denied on that pipeline) counts as no source until the
      // pipeline changes version or the user changes connections or pins: every cycle would not help.
      cache[prefix + stale[i].name] = {
        version: stale[i].version ?? 0,
        sources: r.ok ? pipelineSources(r.value) : [],
        ...(r.ok ? {} : { unreadable: true }),
      };
    });
    // Forget pipelines of this connection that no longer exist.
    const names = new Set(pipelines.map((p) => prefix + p.name));
    for (const k of Object.keys(cache)) if (k.startsWith(prefix) && !names.has(k)) delete cache[k];
    await this.state.update(SOURCES_KEY, cache);
    return pipelines
      .filter((p) => cache[prefix + p.name]?.sources.some((s) => sourceMatches(s, repo, branch)))
      .map((p) => p.name);
  }

  private async check(): Promise<void> {
    await Promise.all(this.watched.map((w) => this.checkOne(w)));
  }

  private async checkOne(w: Watched): Promise<void> {
    const key = `${connectionKey(w.conn)}/${w.name}`;
    try {
      const account = await this.connections.account(w.conn);
      const latest = (await account.codepipeline.listPipelineExecutions(w.name, { pageSize: 1 })).items[0];
      w.latest = latest;
      w.error = undefined;
      const waiting: ActionNode[] = [];
      if (latest && isRunning(latest.status)) {
        const state = await account.codepipeline.getPipelineState(w.name);
        for (const stage of state.stages) {
          for (const action of stage.actions) {
            // The token names the approval, whichever execution waits (QUEUED and PARALLEL modes run several).
            if (action.approvalToken && action.status === 'InProgress')
              waiting.push(
                markCreated<ActionNode>({
                  kind: 'action',
                  id: `awsCicd.pipelines/${key}/${stage.name}/${action.name}`,
                  view: 'awsCicd.pipelines',
                  conn: w.conn,
                  pipelineName: w.name,
                  stageName: stage.name,
                  executionId: stage.executionId,
                  action,
                }),
              );
          }
        }
      }
      this.compare(w, key, latest, waiting);
    } catch (err) {
      w.error = errorText(err);
    }
  }

  /** Notifies what changed since the last check; the first check only records what it sees. */
  private compare(w: Watched, key: string, latest: PipelineExecution | undefined, waiting: ActionNode[]) {
    const before = this.seen.get(key);
    const now: Seen = {
      executionId: latest?.id,
      status: latest?.status,
      approvals: new Set(waiting.map((a) => a.action.approvalToken ?? '')),
    };
    this.seen.set(key, now);
    if (!before) return;
    const mode = vscode.workspace.getConfiguration().get<string>(NOTIFICATIONS_KEY, 'failuresAndApprovals');
    if (mode === 'off') return;
    const newlyFailed =
      latest?.status === 'Failed' && (before.executionId !== latest.id || before.status !== 'Failed');
    if (newlyFailed) void this.notifyFailure(w, latest);
    if (mode !== 'failuresAndApprovals') return;
    for (const a of waiting) {
      if (!before.approvals.has(a.action.approvalToken ?? '')) void this.notifyApproval(w, a);
    }
  }

  private async notifyFailure(w: Watched, e: PipelineExecution): Promise<void> {
    // No status summary here: it is AWS free text (the execution's tooltip shows it, as plain text).
    const text =
      `Pipeline "${safeName(w.name)}" failed (${safeName(connectionLabel(w.conn))}): ` +
      'the execution history shows why';
    this.notified.push(text);
    const choice = await vscode.window.showErrorMessage(text, 'Show', 'Open in Console', 'Turn Off');
    if (choice === 'Show') await this.reveal(w);
    if (choice === 'Open in Console') {
      const r = w.conn.region;
      const url = classifyUrl(
        `https://${consoleHost(r)}/codesuite/codepipeline/pipelines/${encodeURIComponent(w.name)}/executions/${encodeURIComponent(e.id)}/timeline?region=${encodeURIComponent(r)}`,
      );
      // A region that is not a plain region name makes another host: that is not opened from here.
      if (url.kind === 'console') await vscode.env.openExternal(vscode.Uri.parse(url.url, true));
    }
    if (choice === 'Turn Off') await this.turnOff();
  }

  private async notifyApproval(w: Watched, a: ActionNode): Promise<void> {
    const text =
      `Pipeline "${safeName(w.name)}" is waiting for approval at ${safeName(a.stageName)} / ` +
      `${safeName(a.action.name)} (${safeName(connectionLabel(w.conn))})`;
    this.notified.push(text);
    const choice = await vscode.window.showInformationMessage(
      text,
      'Approve…',
      'Reject…',
      'Show',
      'Turn Off',
    );
    if (choice === 'Approve…') await vscode.commands.executeCommand('awsCicd.explorer.approve', a);
    if (choice === 'Reject…') await vscode.commands.executeCommand('awsCicd.explorer.reject', a);
    if (choice === 'Show') await this.reveal(w);
    if (choice === 'Turn Off') await this.turnOff();
  }

  private async turnOff(): Promise<void> {
    await vscode.workspace
      .getConfiguration()
      .update(NOTIFICATIONS_KEY, 'off', vscode.ConfigurationTarget.Global);
  }

  /** Shows a pipeline in the Pipelines view. */
  async reveal(w: { conn: Connection; name: string }): Promise<void> {
    await vscode.commands.executeCommand('awsCicd.pipelines.focus');
    await this.show(w.conn, w.name);
  }

  /** Status bar: the repository's pipelines only (pins are the explorer's business). */
  private render(): void {
    const mine = this.watched.filter((w) => w.repo);
    if (mine.length === 0) {
      this.item.hide();
      return;
    }
    const first = mine[0];
    const status = first.error ? 'error' : (first.latest?.status ?? 'not run');
    this.item.text = `$(${first.error ? 'warning' : statusIcon(first.latest?.status).id}) ${safeName(first.name)}${
      mine.length > 1 ? ` +${mine.length - 1}` : ''
    }`;
    const lines = ['Pipelines of this repository and branch', ''];
    for (const w of mine) {
      const when = w.latest?.lastUpdateTime ?? w.latest?.startTime;
      lines.push(
        `${w.name} (${connectionLabel(w.conn)}): ${w.error ?? (w.latest?.status ?? 'not run').toLowerCase()}${
          when ? `, ${timeAgo(when)}` : ''
        }`,
      );
    }
    lines.push('', 'Click to show one in the Pipelines view.');
    // Plain text: names from AWS are never read as Markdown.
    this.item.tooltip = lines.join('\n');
    this.item.accessibilityInformation = { label: `Pipeline ${first.name}: ${status}` };
    this.item.show();
  }

  /** The watched pipelines of this repository, for the status bar's Quick Pick. */
  repoPipelines(): readonly Watched[] {
    return this.watched.filter((w) => w.repo);
  }

  snapshot(): WatchSnapshot {
    const tooltip = this.item.tooltip;
    return {
      text: this.item.text,
      tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? ''),
      visible: this.repoPipelines().length > 0,
      repoPipelines: this.repoPipelines().map((w) => w.name),
      watched: this.watched.map((w) => w.name),
      notifications: [...this.notified],
    };
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
