// What one connection knows of CodePipeline: the pipelines (pinned first, each with its latest
// execution, or why that could not be read), each pipeline's state (stages and actions, approvals
// among them) and its execution history. A command that acts on a pipeline reports it here, and the
// pipeline is read again at once and counted as moving, so polling goes fast until the change shows.
import type { AwsAdapter, Pipeline, PipelineExecution, PipelineState } from '../aws';
import { mapSettled } from '../aws/limit';
import { Held } from './cache';
import { errorInfo, settle, type ErrorInfo, type Loaded } from './errors';
import type { BuildStore } from './builds';

/** Pipelines per ListPipelines page; the rest behind "Load more…". */
export const PIPELINE_PAGE = 50;
/** Executions per page of a pipeline's history. */
export const EXECUTION_PAGE = 10;
/** Latest executions read at once when a page of pipelines loads. */
export const LATEST_CONCURRENCY = 4;
/** How long a pipeline a command acted on counts as moving, whatever its status says. */
export const EXPECT_MS = 20_000;

export interface PipelineEntry {
  pipeline: Pipeline;
  latest?: PipelineExecution;
  /** Why the latest execution could not be read (access denied on this pipeline, say). */
  error?: ErrorInfo;
}

export interface PipelineList {
  names: string[];
  nextToken?: string;
  moreError?: ErrorInfo;
}

export interface History {
  items: PipelineExecution[];
  nextToken?: string;
  moreError?: ErrorInfo;
}

export type PipelineChange =
  | { kind: 'pipelines' }
  | { kind: 'pipeline'; name: string }
  | { kind: 'state'; name: string }
  | { kind: 'executions'; name: string };

/** What the views show of a connection's pipelines, so a poll reads that and nothing else. */
export interface PipelineInterest {
  /** Expanded pipelines, with the build ids of their open CodeBuild actions. */
  expanded: readonly { name: string; builds: readonly string[] }[];
  /** Pipelines whose execution history is open. */
  histories: ReadonlySet<string>;
}

export interface PipelineDeps {
  account(): Promise<AwsAdapter>;
  emit(change: PipelineChange): void;
  now(): number;
  builds: BuildStore;
}

export class PipelineStore {
  private readonly list = new Held<PipelineList>();
  private readonly entries = new Map<string, PipelineEntry>();
  private readonly states = new Held<PipelineState>();
  private readonly histories = new Held<History>();
  /** Pipelines a command acted on, until when they count as moving. */
  private readonly expecting = new Map<string, number>();

  constructor(private readonly deps: PipelineDeps) {}

  // ---- what is held ----

  getList(): Loaded<PipelineList> | undefined {
    return this.list.get('');
  }

  getEntry(name: string): PipelineEntry | undefined {
    return this.entries.get(name);
  }

  getState(name: string): Loaded<PipelineState> | undefined {
    return this.states.get(name);
  }

  getHistory(name: string): Loaded<History> | undefined {
    return this.histories.get(name);
  }

  /** The pipelines listed so far, in order. */
  listed(): PipelineEntry[] {
    const held = this.list.get('');
    if (!held?.ok) return [];
    return held.value.names.map((n) => this.entries.get(n)).filter((e): e is PipelineEntry => !!e);
  }

  // ---- loads (held until forgotten) ----

  /** The first page of pipelines (pinned first), each with its latest execution; loaded once. */
  listPipelines(pinned: readonly string[]): Promise<Loaded<PipelineList>> {
    return this.list.load('', () => this.page(pinned, undefined, []));
  }

  async loadMorePipelines(): Promise<void> {
    const held = this.list.get('');
    if (!held?.ok || !held.value.nextToken) return;
    const before = held.value;
    const next = await settle(() => this.page([], before.nextToken, before.names));
    this.list.set('', {
      ok: true,
      value: next.ok
        ? { names: [...before.names, ...next.value.names], nextToken: next.value.nextToken }
        : { ...before, nextToken: undefined, moreError: next.error },
    });
    this.deps.emit({ kind: 'pipelines' });
  }

  private async page(
    pinned: readonly string[],
    nextToken: string | undefined,
    shown: readonly string[],
  ): Promise<PipelineList> {
    const account = await this.deps.account();
    const page = await account.codepipeline.listPipelines({ nextToken, pageSize: PIPELINE_PAGE });
    // Pinned pipelines come first on the first page, wherever ListPipelines would put them.
    const listed = page.items.filter((p) => !pinned.includes(p.name) && !shown.includes(p.name));
    const pipelines: Pipeline[] =
      nextToken === undefined
        ? [...pinned.map((name) => page.items.find((p) => p.name === name) ?? { name }), ...listed]
        : listed;
    // The latest execution of each, a few at a time; one failure marks only its own pipeline.
    const latest = await mapSettled(pipelines, LATEST_CONCURRENCY, (p) =>
      account.codepipeline.listPipelineExecutions(p.name, { pageSize: 1 }),
    );
    latest.forEach((r, i) => {
      const pipeline = pipelines[i];
      this.entries.set(
        pipeline.name,
        r.ok ? { pipeline, latest: r.value.items[0] } : { pipeline, error: errorInfo(r.error) },
      );
    });
    return { names: pipelines.map((p) => p.name), nextToken: page.nextToken };
  }

  /** A pipeline's stages and actions, loaded once. */
  pipelineState(name: string): Promise<Loaded<PipelineState>> {
    return this.states.load(name, async () =>
      (await this.deps.account()).codepipeline.getPipelineState(name),
    );
  }

  /** A pipeline's newest executions, loaded once. */
  executions(name: string): Promise<Loaded<History>> {
    return this.histories.load(name, async () => {
      const page = await (
        await this.deps.account()
      ).codepipeline.listPipelineExecutions(name, { pageSize: EXECUTION_PAGE });
      return { items: page.items, nextToken: page.nextToken };
    });
  }

  async loadMoreExecutions(name: string): Promise<void> {
    const held = this.histories.get(name);
    if (!held?.ok || !held.value.nextToken) return;
    const before = held.value;
    const next = await settle(async () =>
      (await this.deps.account()).codepipeline.listPipelineExecutions(name, {
        nextToken: before.nextToken,
        pageSize: EXECUTION_PAGE,
      }),
    );
    const ids = new Set(before.items.map((e) => e.id));
    this.histories.set(name, {
      ok: true,
      value: next.ok
        ? {
            items: [...before.items, ...next.value.items.filter((e) => !ids.has(e.id))],
            nextToken: next.value.nextToken,
          }
        : { ...before, nextToken: undefined, moreError: next.error },
    });
    this.deps.emit({ kind: 'executions', name });
  }

  // ---- what commands report ----

  /**
   * An execution started, stopped or retried, or an approval decided: the pipeline's latest
   * execution (and its state, if held) are read now, and it counts as moving for a while, so the
   * next polls come fast even before the service shows the change.
   */
  async reportExecution(name: string): Promise<void> {
    this.expecting.set(name, this.deps.now() + EXPECT_MS);
    const account = await this.deps.account().catch(() => undefined);
    if (!account) return;
    await Promise.all([
      this.readLatest(account, name),
      this.states.get(name) ? this.readState(account, name) : Promise.resolve(),
    ]);
  }

  /** Reads a pipeline's latest execution now (the repository watch); the entry as it then is. */
  async readLatestNow(name: string): Promise<PipelineEntry> {
    await this.readLatest(await this.deps.account(), name);
    return this.entries.get(name) ?? { pipeline: { name } };
  }

  /** Reads a pipeline's state now (the repository watch, to see approvals). */
  async readStateNow(name: string): Promise<Loaded<PipelineState>> {
    await this.readState(await this.deps.account(), name);
    return this.states.get(name) ?? { ok: false, error: errorInfo(new Error('no state')) };
  }

  // ---- forgetting (refresh, retry) ----

  forgetPipelines(): void {
    this.list.forget('');
    this.deps.emit({ kind: 'pipelines' });
  }

  forgetState(name: string): void {
    this.states.forget(name);
    this.deps.emit({ kind: 'state', name });
  }

  forgetHistory(name: string): void {
    this.histories.forget(name);
    this.deps.emit({ kind: 'executions', name });
  }

  clear(): void {
    this.list.clear();
    this.states.clear();
    this.histories.clear();
    this.entries.clear();
    this.expecting.clear();
  }

  // ---- polling ----

  /** Whether a poll would find something moving: a running or just-acted-on pipeline, or a passing failure. */
  busy(): boolean {
    const now = this.deps.now();
    for (const [name, until] of this.expecting) if (until <= now) this.expecting.delete(name);
    if (this.expecting.size > 0) return true;
    if (this.listed().some((e) => isRunning(e.latest?.status) || e.error?.remedy === 'retry')) return true;
    return (
      this.list.transientFailures().length > 0 ||
      this.states.transientFailures().length > 0 ||
      this.histories.transientFailures().length > 0
    );
  }

  /**
   * One cycle: per expanded pipeline whose state is held, GetPipelineState and its latest executions
   * (one page when its history is open), then one BatchGetBuilds for its open CodeBuild actions; per
   * listed pipeline that is collapsed and running (or could not be read for a passing reason), its
   * latest execution; loads that failed for a passing reason are loaded again when shown.
   */
  async poll(interest: PipelineInterest): Promise<void> {
    this.retryTransient();
    let account: AwsAdapter;
    try {
      account = await this.deps.account();
    } catch {
      return;
    }
    const expanded = interest.expanded.filter((p) => this.states.get(p.name) !== undefined);
    const names = new Set(expanded.map((p) => p.name));
    const now = this.deps.now();
    const unread = this.listed().filter(
      (e) =>
        !names.has(e.pipeline.name) &&
        (e.error?.remedy === 'retry' ||
          isRunning(e.latest?.status) ||
          (this.expecting.get(e.pipeline.name) ?? 0) > now),
    );
    await Promise.all([
      ...expanded.map((p) => this.pollPipeline(account, p.name, interest.histories.has(p.name), p.builds)),
      ...unread.map((e) => this.readLatest(account, e.pipeline.name)),
    ]);
  }

  private async pollPipeline(
    account: AwsAdapter,
    name: string,
    historyOpen: boolean,
    builds: readonly string[],
  ): Promise<void> {
    try {
      const [state, executions] = await Promise.all([
        account.codepipeline.getPipelineState(name),
        account.codepipeline.listPipelineExecutions(name, { pageSize: historyOpen ? EXECUTION_PAGE : 1 }),
      ]);
      this.setLatest(name, executions.items[0], undefined);
      this.states.set(name, { ok: true, value: state });
      this.deps.emit({ kind: 'state', name });
      if (historyOpen) this.mergeHistory(name, executions.items);
      await this.deps.builds.refreshBuilds(builds);
    } catch (err) {
      const error = errorInfo(err);
      // A transient failure keeps what is shown; the next cycle tries again.
      if (error.remedy === 'retry') return;
      this.states.set(name, { ok: false, error });
      this.deps.emit({ kind: 'state', name });
    }
  }

  private async readLatest(account: AwsAdapter, name: string): Promise<void> {
    const r = await settle(() => account.codepipeline.listPipelineExecutions(name, { pageSize: 1 }));
    if (r.ok) this.setLatest(name, r.value.items[0], undefined);
    else this.setLatest(name, undefined, r.error);
  }

  private async readState(account: AwsAdapter, name: string): Promise<void> {
    const r = await settle(() => account.codepipeline.getPipelineState(name));
    this.states.set(name, r);
    this.deps.emit({ kind: 'state', name });
  }

  private setLatest(name: string, latest: PipelineExecution | undefined, error: ErrorInfo | undefined): void {
    const entry = this.entries.get(name) ?? { pipeline: { name } };
    this.entries.set(name, { pipeline: entry.pipeline, latest: error ? undefined : latest, error });
    // Once the service shows the change (a new execution that runs), the expectation is met.
    if (latest && isRunning(latest.status)) this.expecting.delete(name);
    this.deps.emit({ kind: 'pipeline', name });
  }

  /** The newest executions replace their entries; older pages already loaded stay below. */
  private mergeHistory(name: string, newest: PipelineExecution[]): void {
    const ids = new Set(newest.map((e) => e.id));
    const changed = this.histories.update(name, (h) => ({
      ...h,
      items: [...newest, ...h.items.filter((e) => !ids.has(e.id))],
    }));
    if (changed) this.deps.emit({ kind: 'executions', name });
  }

  private retryTransient(): void {
    if (this.list.transientFailures().length > 0) this.forgetPipelines();
    for (const name of this.states.transientFailures()) this.forgetState(name);
    for (const name of this.histories.transientFailures()) this.forgetHistory(name);
  }
}

/** Whether a status means something is still moving (polling goes faster). */
export function isRunning(status: string | undefined): boolean {
  const s = (status ?? '').toUpperCase().replace(/_/g, '');
  return s === 'INPROGRESS' || s === 'STOPPING';
}
