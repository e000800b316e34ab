// The repository watch: a status bar item with the latest execution of the pipelines this repository
// and branch feed (watchDiscovery.ts finds them), and optional notifications when a watched pipeline
// fails or starts waiting for an approval. The polling policy runs a check every 30 s while the window
// is focused and every 2 min while it is not; a check asks the store to read each watched pipeline's
// latest execution, and the state of those in progress (to see approvals), so the Pipelines view shows
// what the watch read. Notifications carry our own words and names made safe (safeText.ts): VS Code
// renders links in them, and a status summary is free text from AWS, shown in tooltips instead.
import * as vscode from 'vscode';
import type { PipelineExecution } from '../aws';
import { COMMAND, ITEM, SETTING, VIEW, settingId } from '../ids';
import { settings } from '../settings';
import { isRunning, type AwsStore, type ErrorInfo } from '../store';
import { markCreated } from './commandArgs';
import { connectionKey, connectionLabel, type ProfileRegion } from './connections';
import { classifyUrl, consoleHost } from './links';
import type { ActionNode } from './nodes';
import { statusIcon, timeAgo } from './render';
import { safeName } from './safeText';
import type { WatchDiscovery, WatchedPipeline } from './watchDiscovery';

interface Seen {
  executionId?: string;
  status?: string;
  approvals: Set<string>;
}

/** A watched pipeline with what the store last read of it. */
export interface WatchRow extends WatchedPipeline {
  latest?: PipelineExecution;
  error?: ErrorInfo;
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

export class PipelineWatch implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly seen = new Map<string, Seen>();
  private readonly notified: string[] = [];
  private checking: Promise<void> | undefined;
  private restartPending = false;

  constructor(
    private readonly discovery: WatchDiscovery,
    private readonly store: AwsStore,
    private readonly log: vscode.LogOutputChannel,
    /** Asks for the next check soon (after a change of what is watched). */
    private readonly soon: () => void,
    /** Selects a pipeline's row in the Pipelines view. */
    private readonly show: (conn: ProfileRegion, name: string) => Promise<void>,
  ) {
    this.item = vscode.window.createStatusBarItem(ITEM.repoPipeline, vscode.StatusBarAlignment.Left, 9);
    this.item.name = 'AWS CI/CD pipeline of this repository';
    this.item.command = COMMAND.explorer.showRepoPipelines;
  }

  /** What is watched changed (connections, pins, trust, the setting): look again soon. */
  restart(): void {
    this.discovery.reset();
    // A restart during a check is taken up when the check ends (it would write back the old key).
    if (this.checking) this.restartPending = true;
    else this.soon();
  }

  /** Finds the watched pipelines when the repository changed, then checks them once. */
  cycle(): Promise<void> {
    this.checking ??= this.run().finally(() => {
      this.checking = undefined;
      if (this.restartPending) {
        this.restartPending = false;
        this.discovery.reset();
        this.soon();
      }
    });
    return this.checking;
  }

  private async run(): Promise<void> {
    try {
      if (!vscode.workspace.isTrusted) return this.discovery.clear();
      await this.discovery.discover();
      await Promise.all(this.discovery.watched().map((w) => this.checkOne(w)));
    } catch (err) {
      this.log.warn(`Pipeline watch: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.render();
    }
  }

  private async checkOne(w: WatchedPipeline): Promise<void> {
    const key = `${connectionKey(w.conn)}/${w.name}`;
    const pipelines = this.store.of(w.conn).pipelines;
    try {
      const entry = await pipelines.readLatestNow(w.name);
      if (entry.error) return;
      const latest = entry.latest;
      const waiting: ActionNode[] = [];
      if (latest && isRunning(latest.status)) {
        const state = await pipelines.readStateNow(w.name);
        for (const stage of state.ok ? state.value.stages : []) {
          for (const action of stage.actions) {
            // The token names the approval, whichever execution waits (QUEUED and PARALLEL modes run several).
            if (action.approvalToken && action.status === 'InProgress')
              waiting.push(
                markCreated<ActionNode>({
                  kind: 'action',
                  id: `${VIEW.pipelines}/${key}/${stage.name}/${action.name}`,
                  view: VIEW.pipelines,
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
    } catch {
      // The store holds the failure; the status bar shows it.
    }
  }

  /** A watched pipeline with what the store holds of it now. */
  private row(w: WatchedPipeline): WatchRow {
    const entry = this.store.of(w.conn).pipelines.getEntry(w.name);
    return { ...w, latest: entry?.latest, error: entry?.error };
  }

  /** Notifies what changed since the last check; the first check only records what it sees. */
  private compare(
    w: WatchedPipeline,
    key: string,
    latest: PipelineExecution | undefined,
    waiting: ActionNode[],
  ) {
    const before = this.seen.get(key);
    const now: Seen = {
      executionId: latest?.id,
      status: latest?.status,
      approvals: new Set(waiting.map((a) => a.action.approvalToken ?? '')),
    };
    this.seen.set(key, now);
    if (!before) return;
    const mode = settings.notifications();
    if (mode === 'off') return;
    const newlyFailed =
      latest?.status === 'Failed' && (before.executionId !== latest.id || before.status !== 'Failed');
    if (newlyFailed) void this.notifyFailure(w, latest);
    if (mode !== 'failuresAndApprovals') return;
    for (const a of waiting) {
      if (!before.approvals.has(a.action.approvalToken ?? '')) void this.notifyApproval(w, a);
    }
  }

  private async notifyFailure(w: WatchedPipeline, e: PipelineExecution): Promise<void> {
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

  private async notifyApproval(w: WatchedPipeline, a: ActionNode): Promise<void> {
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
    if (choice === 'Approve…') await vscode.commands.executeCommand(COMMAND.explorer.approve, a);
    if (choice === 'Reject…') await vscode.commands.executeCommand(COMMAND.explorer.reject, a);
    if (choice === 'Show') await this.reveal(w);
    if (choice === 'Turn Off') await this.turnOff();
  }

  private async turnOff(): Promise<void> {
    await vscode.workspace
      .getConfiguration()
      .update(settingId(SETTING.notifications), 'off', vscode.ConfigurationTarget.Global);
  }

  /** Shows a pipeline in the Pipelines view. */
  async reveal(w: { conn: ProfileRegion; name: string }): Promise<void> {
    await vscode.commands.executeCommand(`${VIEW.pipelines}.focus`);
    await this.show(w.conn, w.name);
  }

  /** Status bar: the repository's pipelines only (pins are the explorer's business). */
  private render(): void {
    const mine = this.repoPipelines();
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
        `${w.name} (${connectionLabel(w.conn)}): ${w.error?.message ?? (w.latest?.status ?? 'not run').toLowerCase()}${
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
  repoPipelines(): WatchRow[] {
    return this.discovery
      .watched()
      .filter((w) => w.repo)
      .map((w) => this.row(w));
  }

  snapshot(): WatchSnapshot {
    const tooltip = this.item.tooltip;
    return {
      text: this.item.text,
      tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? ''),
      visible: this.repoPipelines().length > 0,
      repoPipelines: this.repoPipelines().map((w) => w.name),
      watched: this.discovery.watched().map((w) => w.name),
      notifications: [...this.notified],
    };
  }

  dispose(): void {
    this.item.dispose();
  }
}
