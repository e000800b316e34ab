// What one connection knows of CodeBuild: its projects, each project's recent builds (ten at a time
// from the newest, the builds of a batch build grouped into one batch row), and every build and batch
// it has read, by id, whichever view or log asked. A build read anywhere (a poll, a log session, a
// command that started or stopped it) is the same entry everywhere it is shown.
import type { AwsAdapter, Build, BuildBatch } from '../aws';
import { Held } from './cache';
import type { ErrorInfo, Loaded } from './errors';
import { settle } from './errors';

/** Builds shown per page under a project. */
export const BUILD_PAGE = 10;

/** A row under a project: a build, or a batch build standing for its builds. */
export type BuildRow = { kind: 'build'; id: string } | { kind: 'batch'; id: string };

export interface ProjectList {
  names: string[];
  nextToken?: string;
  /** Why the last "Load more" failed. */
  moreError?: ErrorInfo;
}

export interface ProjectBuilds {
  rows: BuildRow[];
  /** Ids the last list call returned beyond the rows shown. */
  held: string[];
  nextToken?: string;
  moreError?: ErrorInfo;
}

export type BuildChange =
  | { kind: 'projects' }
  | { kind: 'builds'; project: string }
  | { kind: 'build'; id: string }
  | { kind: 'batch'; id: string };

export interface BuildDeps {
  account(): Promise<AwsAdapter>;
  emit(change: BuildChange): void;
  warn(message: string): void;
}

export class BuildStore {
  private readonly projectList = new Held<ProjectList>();
  private readonly projectBuilds = new Held<ProjectBuilds>();
  /** What a pipeline's CodeBuild action ran: a build, a batch, or nothing any more. */
  private readonly actionRuns = new Held<BuildRow | null>();
  private readonly batchMembers = new Held<string[]>();
  private readonly builds = new Map<string, Build>();
  private readonly batches = new Map<string, BuildBatch>();

  constructor(private readonly deps: BuildDeps) {}

  // ---- what is held ----

  getBuild(id: string): Build | undefined {
    return this.builds.get(id);
  }

  getBatch(id: string): BuildBatch | undefined {
    return this.batches.get(id);
  }

  getProjects(): Loaded<ProjectList> | undefined {
    return this.projectList.get('');
  }

  getProjectBuilds(project: string): Loaded<ProjectBuilds> | undefined {
    return this.projectBuilds.get(project);
  }

  // ---- loads (held until forgotten) ----

  /** The first page of projects (pinned ones first), loaded once. */
  listProjects(pinned: readonly string[]): Promise<Loaded<ProjectList>> {
    return this.projectList.load('', async () => {
      const page = await (await this.deps.account()).codebuild.listProjects({});
      const names = [...pinned, ...page.items.filter((n) => !pinned.includes(n))];
      return { names, nextToken: page.nextToken };
    });
  }

  async loadMoreProjects(): Promise<void> {
    const held = this.projectList.get('');
    if (!held?.ok || !held.value.nextToken) return;
    const list = held.value;
    const next = await settle(async () =>
      (await this.deps.account()).codebuild.listProjects({ nextToken: list.nextToken }),
    );
    this.projectList.set('', {
      ok: true,
      value: next.ok
        ? {
            names: [...list.names, ...next.value.items.filter((n) => !list.names.includes(n))],
            nextToken: next.value.nextToken,
          }
        : { ...list, nextToken: undefined, moreError: next.error },
    });
    this.deps.emit({ kind: 'projects' });
  }

  /** A project's newest builds, loaded once. */
  listBuilds(project: string): Promise<Loaded<ProjectBuilds>> {
    return this.projectBuilds.load(project, async () => {
      const account = await this.deps.account();
      return this.buildsPage(account, project, { rows: [], held: [] }, true);
    });
  }

  async loadMoreBuilds(project: string): Promise<void> {
    const held = this.projectBuilds.get(project);
    if (!held?.ok) return;
    const before = held.value;
    const next = await settle(async () => this.buildsPage(await this.deps.account(), project, before, false));
    this.projectBuilds.set(project, {
      ok: true,
      value: next.ok ? next.value : { ...before, held: [], nextToken: undefined, moreError: next.error },
    });
    this.deps.emit({ kind: 'builds', project });
  }

  /** The next page: ids held from the last list call first, then the next list page. */
  private async buildsPage(
    account: AwsAdapter,
    project: string,
    before: ProjectBuilds,
    first: boolean,
  ): Promise<ProjectBuilds> {
    let ids = before.held;
    let token = before.nextToken;
    if (ids.length < BUILD_PAGE && (first || token)) {
      const page = await account.codebuild.listBuildsForProject(project, { nextToken: token });
      ids = ids.concat(page.items);
      token = page.nextToken;
    }
    const shown = ids.slice(0, BUILD_PAGE);
    const found = shown.length ? (await account.codebuild.batchGetBuilds(shown)).found : [];
    for (const b of found) this.builds.set(b.id, b);
    const rows = await this.group(account, found, before.rows);
    return { rows: [...before.rows, ...rows], held: ids.slice(BUILD_PAGE), nextToken: token };
  }

  /**
   * Builds of a batch build become one batch row, where its newest build would be (one
   * BatchGetBuildBatches for the page); a batch that cannot be read leaves its builds as they are.
   */
  private async group(account: AwsAdapter, builds: Build[], placedRows: BuildRow[]): Promise<BuildRow[]> {
    const batchIds = [...new Set(builds.map((b) => batchIdOf(b.buildBatchArn)).filter((x) => x !== ''))];
    if (batchIds.length > 0) {
      try {
        for (const b of (await account.codebuild.batchGetBuildBatches(batchIds)).found)
          this.batches.set(b.id, b);
      } catch (err) {
        this.deps.warn(`could not read batch builds: ${err instanceof Error ? err.name : 'error'}`);
      }
    }
    // A batch already shown (its first builds were on an earlier page) is not shown again.
    const placed = new Set(placedRows.filter((r) => r.kind === 'batch').map((r) => r.id));
    const out: BuildRow[] = [];
    for (const b of builds) {
      const batchId = batchIdOf(b.buildBatchArn);
      if (!batchId || !this.batches.has(batchId)) out.push({ kind: 'build', id: b.id });
      else if (!placed.has(batchId)) {
        placed.add(batchId);
        out.push({ kind: 'batch', id: batchId });
      }
    }
    return out;
  }

  /** What a CodeBuild action ran (a build, or a batch when the action runs batch builds). */
  actionRun(id: string): Promise<Loaded<BuildRow | null>> {
    return this.actionRuns.load(id, async () => {
      const account = await this.deps.account();
      const build = (await account.codebuild.batchGetBuilds([id])).found[0];
      if (build) {
        this.builds.set(build.id, build);
        return { kind: 'build', id: build.id };
      }
      const batch = (await account.codebuild.batchGetBuildBatches([id])).found[0];
      if (!batch) return null;
      this.batches.set(batch.id, batch);
      return { kind: 'batch', id: batch.id };
    });
  }

  /** The builds of a batch, in one BatchGetBuilds. */
  batchBuilds(batchId: string): Promise<Loaded<string[]>> {
    return this.batchMembers.load(batchId, async () => {
      const batch = this.batches.get(batchId);
      const ids = batch ? batchBuildIds(batch) : [];
      if (ids.length === 0) return [];
      const found = (await (await this.deps.account()).codebuild.batchGetBuilds(ids)).found;
      for (const b of found) this.builds.set(b.id, b);
      return found.map((b) => b.id);
    });
  }

  /** Reads builds again (a log session following one, a pipeline's open CodeBuild actions). */
  async refreshBuilds(ids: readonly string[]): Promise<Build[]> {
    if (ids.length === 0) return [];
    const found = (await (await this.deps.account()).codebuild.batchGetBuilds([...new Set(ids)])).found;
    for (const b of found) this.put(b);
    return found;
  }

  // ---- what commands report ----

  /** A build someone started, stopped or retried: shown at once, first in its project's list. */
  reportBuild(build: Build): void {
    this.put(build);
    const changed = this.projectBuilds.update(build.projectName, (list) =>
      list.rows.some((r) => r.kind === 'build' && r.id === build.id)
        ? list
        : { ...list, rows: [{ kind: 'build', id: build.id }, ...list.rows] },
    );
    if (changed) this.deps.emit({ kind: 'builds', project: build.projectName });
  }

  private put(build: Build): void {
    this.builds.set(build.id, build);
    this.deps.emit({ kind: 'build', id: build.id });
  }

  // ---- forgetting (refresh, retry) ----

  forgetProjects(): void {
    this.projectList.forget('');
    this.deps.emit({ kind: 'projects' });
  }

  forgetBuilds(project: string): void {
    this.projectBuilds.forget(project);
    this.deps.emit({ kind: 'builds', project });
  }

  forgetActionRun(id: string): void {
    this.actionRuns.forget(id);
  }

  forgetBatch(id: string): void {
    this.batchMembers.forget(id);
    this.deps.emit({ kind: 'batch', id });
  }

  clear(): void {
    this.projectList.clear();
    this.projectBuilds.clear();
    this.actionRuns.clear();
    this.batchMembers.clear();
  }

  // ---- polling ----

  /** Whether a poll of these projects would find something moving (or a failure that may pass). */
  busy(projects: readonly string[]): boolean {
    for (const p of projects) {
      const held = this.projectBuilds.get(p);
      if (!held) continue;
      if (!held.ok) {
        if (held.error.remedy === 'retry') return true;
        continue;
      }
      for (const r of held.value.rows) {
        const done = r.kind === 'build' ? this.builds.get(r.id)?.complete : this.batches.get(r.id)?.complete;
        if (done === false) return true;
      }
    }
    return this.transientFailures();
  }

  private transientFailures(): boolean {
    return (
      this.projectList.transientFailures().length > 0 || this.projectBuilds.transientFailures().length > 0
    );
  }

  /**
   * One cycle over the expanded projects whose builds are loaded: the newest ids of each, one
   * BatchGetBatches for the running batches, then one BatchGetBuilds for what is new or running.
   * Failures keep what is shown; lists that failed for a passing reason are loaded again when shown.
   */
  async poll(projects: readonly string[]): Promise<void> {
    this.retryTransient();
    const loaded = projects.filter((p) => this.projectBuilds.get(p)?.ok);
    if (loaded.length === 0) return;
    try {
      const account = await this.deps.account();
      const fresh = new Map<string, string[]>();
      const wanted = new Set<string>();
      const runningBatches = new Set<string>();
      for (const p of loaded) {
        const rows = this.rowsOf(p);
        const shownIds = new Set(
          rows.flatMap((r) =>
            r.kind === 'build' ? [r.id] : batchBuildIds(this.batches.get(r.id) ?? { builds: [] }),
          ),
        );
        const newest = (await account.codebuild.listBuildsForProject(p)).items.slice(0, BUILD_PAGE);
        const added = newest.filter((id) => !shownIds.has(id));
        fresh.set(p, added);
        for (const id of added) wanted.add(id);
        for (const r of rows) {
          if (r.kind === 'build' && this.builds.get(r.id)?.complete === false) wanted.add(r.id);
          if (r.kind === 'batch' && this.batches.get(r.id)?.complete === false) runningBatches.add(r.id);
        }
      }
      if (runningBatches.size > 0) {
        for (const batch of (await account.codebuild.batchGetBuildBatches([...runningBatches])).found) {
          this.batches.set(batch.id, batch);
          this.forgetBatch(batch.id);
        }
      }
      if (wanted.size === 0) return;
      const found = new Map(
        (await account.codebuild.batchGetBuilds([...wanted])).found.map((b) => [b.id, b]),
      );
      for (const b of found.values()) this.put(b);
      for (const p of loaded) {
        const added = (fresh.get(p) ?? []).map((id) => found.get(id)).filter((b): b is Build => !!b);
        if (added.length === 0) continue;
        const before = this.rowsOf(p);
        const rows = await this.group(account, added, before);
        const ids = new Set(rows.map((r) => r.id));
        this.projectBuilds.update(p, (list) => ({
          ...list,
          rows: [...rows, ...list.rows.filter((r) => !ids.has(r.id))],
        }));
        this.deps.emit({ kind: 'builds', project: p });
      }
    } catch {
      // Polling failures keep what is shown; a refresh shows the error.
    }
  }

  private rowsOf(project: string): BuildRow[] {
    const held = this.projectBuilds.get(project);
    return held?.ok ? held.value.rows : [];
  }

  /** Lists that failed for a passing reason are forgotten, so the views load them again. */
  private retryTransient(): void {
    for (const key of this.projectList.transientFailures()) {
      this.projectList.forget(key);
      this.deps.emit({ kind: 'projects' });
    }
    for (const p of this.projectBuilds.transientFailures()) this.forgetBuilds(p);
  }
}

/** `arn:aws:codebuild:region:account:build-batch/project:uuid` → `project:uuid`. */
export function batchIdOf(arn: string | undefined): string {
  return arn ? arn.replace(/^arn:[^:]+:codebuild:[^:]*:\d*:build-batch\//, '') : '';
}

/** The ids of a batch's builds, as BatchGetBuilds takes them (the batch lists them as ARNs). */
export function batchBuildIds(batch: Pick<BuildBatch, 'builds'>): string[] {
  return batch.builds
    .map((b) => (b.buildId ?? '').replace(/^arn:[^:]+:codebuild:[^:]*:\d*:build\//, ''))
    .filter((x) => x !== '');
}
