// Which pipelines the repository watch follows: those whose source is the repository and branch open
// in the editor (found by reading each pipeline's definition once, cached by pipeline version in the
// extension's global state) and the pinned ones. A connection that cannot be read is tried again,
// but not before DISCOVERY_RETRY_MS; a definition that cannot be read counts as no source until the
// pipeline changes version or the user changes connections or pins.
import * as vscode from 'vscode';
import type { AwsAdapter } from '../aws';
import { mapSettled } from '../aws/limit';
import { STATE } from '../ids';
import { settings } from '../settings';
import {
  connectionKey,
  connectionLabel,
  endpointOverride,
  type ProfileRegion,
  type ConnectionList,
} from './connections';
import { currentRepo } from './git';
import type { Pins } from './pins';
import { pipelineSources, repoFromRemote, sourceMatches, type PipelineSource } from './repoMatch';

export const DISCOVERY_RETRY_MS = 10 * 60_000;

/** A watched pipeline. */
export interface WatchedPipeline {
  conn: ProfileRegion;
  name: string;
  /** Its source is the open repository and branch (else: pinned only). */
  repo: boolean;
}

/** Per pipeline: its sources at a version; `unreadable` when its definition could not be read. */
type SourceCache = Record<string, { version: number; sources: PipelineSource[]; unreadable?: boolean }>;

export class WatchDiscovery {
  private found: WatchedPipeline[] = [];
  private discovering: Promise<void> | undefined;
  private repoKey = '';
  /** A user's change (connections, pins, trust) reads again the definitions that could not be read. */
  private retryUnreadable = false;
  private failedAt = 0;
  private failedKey = '';

  constructor(
    private readonly connections: ConnectionList,
    private readonly pins: Pins,
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The pipelines found by the last discovery. */
  watched(): readonly WatchedPipeline[] {
    return this.found;
  }

  /** Forgets the repository seen, so the next discovery looks again. */
  reset(): void {
    this.repoKey = '';
    this.retryUnreadable = true;
  }

  clear(): void {
    this.found = [];
  }

  /** Finds the watched pipelines when the repository, branch, connections or pins changed. */
  async discover(): Promise<void> {
    const lookUp = settings.repositoryPipelinesInStatusBar();
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
      const found: WatchedPipeline[] = [];
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
        JSON.stringify(this.found.map((w) => [connectionKey(w.conn), w.name, w.repo]));
      this.found = found;
      this.repoKey = complete ? key : '';
      this.failedKey = complete ? '' : key;
      if (complete) this.retryUnreadable = false;
      else this.failedAt = Date.now();
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
    account: AwsAdapter,
    conn: ProfileRegion,
    repo: NonNullable<ReturnType<typeof repoFromRemote>>,
    branch: string | undefined,
  ): Promise<string[]> {
    const pipelines = await account.codepipeline.listAllPipelines();
    const cache: SourceCache = { ...(this.state.get<SourceCache>(STATE.pipelineSources) ?? {}) };
    const prefix = `${connectionKey(conn)}/`;
    const stale = pipelines.filter((p) => {
      const cached = cache[prefix + p.name];
      return cached?.version !== (p.version ?? 0) || (this.retryUnreadable && cached.unreadable === true);
    });
    const read = await mapSettled(stale, 4, (p) => account.codepipeline.getPipeline(p.name));
    read.forEach((r, i) => {
      cache[prefix + stale[i].name] = {
        version: stale[i].version ?? 0,
        sources: r.ok ? pipelineSources(r.value) : [],
        ...(r.ok ? {} : { unreadable: true }),
      };
    });
    // Forget pipelines of this connection that no longer exist.
    const names = new Set(pipelines.map((p) => prefix + p.name));
    for (const k of Object.keys(cache)) if (k.startsWith(prefix) && !names.has(k)) delete cache[k];
    await this.state.update(STATE.pipelineSources, cache);
    return pipelines
      .filter((p) => cache[prefix + p.name]?.sources.some((s) => sourceMatches(s, repo, branch)))
      .map((p) => p.name);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
