// The CodeBuild view: connection → projects (pinned first) → recent builds (status, duration,
// initiator, source version), the builds of a batch build grouped under it. Builds are shown ten at a
// time from the newest; polling looks up every shown build that is still running, and the newest ids
// of each expanded project, with one BatchGetBuilds per connection.
import type * as vscode from 'vscode';
import type { AwsAccount, Build, BuildBatch } from '../aws';
import { connectionKey, type Connections } from './connections';
import type { BatchNode, BuildNode, Node, ProjectNode } from './nodes';
import type { Pins } from './pins';
import { batchBuildIds, ExplorerTree } from './tree';

/** Builds shown per page under a project. */
export const BUILD_PAGE = 10;

export class CodeBuildTree extends ExplorerTree {
  constructor(
    connections: Connections,
    log: vscode.LogOutputChannel,
    private readonly pins: Pins,
  ) {
    super('awsCicd.codebuild', connections, log);
  }

  protected filterName(node: Node): string | undefined {
    return node.kind === 'project' ? node.name : undefined;
  }

  protected async load(node: Node, account: AwsAccount): Promise<Node[]> {
    if (node.kind === 'connection') return this.loadProjects(node, account);
    if (node.kind === 'project') return this.loadBuilds(node, account, [], undefined, true);
    if (node.kind === 'batch') return this.batchChildren(node, account);
    return [];
  }

  private async loadProjects(parent: Node, account: AwsAccount, nextToken?: string): Promise<Node[]> {
    const first = nextToken === undefined;
    const pinned = this.pins.list(parent.conn, 'project');
    const page = await account.codebuild.listProjects({ nextToken });
    const names = [...(first ? pinned : []), ...page.items.filter((n) => !pinned.includes(n))];
    const out: Node[] = names.map((name) =>
      this.intern<ProjectNode>({
        kind: 'project',
        id: `${parent.id}/${name}`,
        view: this.viewId,
        conn: parent.conn,
        name,
        pinned: pinned.includes(name),
      }),
    );
    if (page.nextToken) {
      const token = page.nextToken;
      out.push(this.loadMoreNode(parent, () => this.loadProjects(parent, account, token)));
    }
    if (first && out.length === 0)
      out.push(this.message(parent, `No CodeBuild projects in ${parent.conn.region}`));
    return out;
  }

  /** The next page of builds: ids held from the last list call first, then the next list page. */
  private async loadBuilds(
    project: ProjectNode,
    account: AwsAccount,
    heldIds: string[],
    nextToken: string | undefined,
    first: boolean,
  ): Promise<Node[]> {
    let ids = heldIds;
    let token = nextToken;
    if (ids.length < BUILD_PAGE && (first || token)) {
      const page = await account.codebuild.listBuildsForProject(project.name, { nextToken: token });
      ids = ids.concat(page.items);
      token = page.nextToken;
    }
    const shown = ids.slice(0, BUILD_PAGE);
    const rest = ids.slice(BUILD_PAGE);
    const builds = shown.length ? (await account.codebuild.batchGetBuilds(shown)).found : [];
    const out: Node[] = await this.groupBatches(project, account, builds);
    if (rest.length || token) {
      out.push(this.loadMoreNode(project, () => this.loadBuilds(project, account, rest, token, false)));
    }
    if (first && out.length === 0) out.push(this.message(project, 'No builds yet'));
    return out;
  }

  /**
   * Builds of a batch build become one batch row, where its newest build would be (one
   * BatchGetBuildBatches for the page); a batch that cannot be read leaves its builds as they are.
   */
  private async groupBatches(project: ProjectNode, account: AwsAccount, builds: Build[]): Promise<Node[]> {
    const batchIds = [...new Set(builds.map((b) => batchIdOf(b.buildBatchArn)).filter((x) => x !== ''))];
    if (batchIds.length === 0) return builds.map((b) => this.buildNode(project, b));
    const batches = new Map<string, BuildBatch>();
    try {
      for (const b of (await account.codebuild.batchGetBuildBatches(batchIds)).found) batches.set(b.id, b);
    } catch (err) {
      this.log.warn(`Explorer: could not read batch builds: ${err instanceof Error ? err.name : 'error'}`);
    }
    const out: Node[] = [];
    // A batch already shown (its first builds were on an earlier page) is not shown again.
    const placed = new Set<string>(
      (this.cachedChildren(project) ?? []).flatMap((n) => (n.kind === 'batch' ? [n.batch.id] : [])),
    );
    for (const b of builds) {
      const batch = batches.get(batchIdOf(b.buildBatchArn));
      if (!batch) out.push(this.buildNode(project, b));
      else if (!placed.has(batch.id)) {
        placed.add(batch.id);
        out.push(this.batchNode(project, batch));
      }
    }
    return out;
  }

  /** The project element of a connection, once the tree has shown it. */
  project(conn: ProjectNode['conn'], name: string): ProjectNode | undefined {
    const n = this.nodes.get(`${this.viewId}/${connectionKey(conn)}/${name}`);
    return n?.kind === 'project' ? n : undefined;
  }

  /** Shows a build the user just started (or stopped) without waiting for the next poll. */
  showBuild(project: ProjectNode, build: Build): void {
    const node = this.buildNode(project, build);
    const list = this.cachedChildren(project);
    if (list === undefined) return this.refresh(project);
    const rest = list.filter((n) => n.id !== node.id && n.kind !== 'message');
    this.setChildren(project, list.some((n) => n.id === node.id) ? list : [node, ...rest]);
    this.redraw(node);
  }

  anyRunning(): boolean {
    // Only what a poll looks at: the rows under expanded projects.
    for (const p of this.expandedOf('project')) {
      for (const n of this.cachedChildren(p) ?? []) {
        if (n.kind === 'build' && !n.build.complete) return true;
        if (n.kind === 'batch' && !n.batch.complete) return true;
      }
    }
    return this.hasTransientErrors();
  }

  /** Per connection: the newest ids of each expanded project, then one BatchGetBuilds. */
  async poll(): Promise<void> {
    const projects = this.expandedOf('project').filter((p) => this.cachedChildren(p) !== undefined);
    const byConnection = new Map<string, ProjectNode[]>();
    for (const p of projects) {
      const key = connectionKey(p.conn);
      byConnection.set(key, [...(byConnection.get(key) ?? []), p]);
    }
    await Promise.all([...byConnection.values()].map((list) => this.pollConnection(list)));
    this.retryTransientErrors();
  }

  private async pollConnection(projects: ProjectNode[]): Promise<void> {
    try {
      const account = await this.connections.account(projects[0].conn);
      const fresh = new Map<ProjectNode, string[]>();
      const wanted = new Set<string>();
      const runningBatches = new Set<string>();
      for (const p of projects) {
        const list = this.cachedChildren(p) ?? [];
        const shown = list.filter((n): n is BuildNode => n.kind === 'build');
        const batches = list.filter((n): n is BatchNode => n.kind === 'batch');
        const shownIds = new Set([
          ...shown.map((b) => b.build.id),
          ...batches.flatMap((b) => batchBuildIds(b.batch)),
        ]);
        const newest = (await account.codebuild.listBuildsForProject(p.name)).items.slice(0, BUILD_PAGE);
        const added = newest.filter((id) => !shownIds.has(id));
        fresh.set(p, added);
        for (const id of added) wanted.add(id);
        for (const b of shown) if (!b.build.complete) wanted.add(b.build.id);
        for (const b of batches) if (!b.batch.complete) runningBatches.add(b.batch.id);
      }
      if (runningBatches.size > 0) {
        for (const batch of (await account.codebuild.batchGetBuildBatches([...runningBatches])).found) {
          for (const p of projects) {
            const n = this.get(`${p.id}/${batch.id}`);
            if (n?.kind === 'batch') {
              n.batch = batch;
              this.reload(n);
            }
          }
        }
      }
      if (wanted.size === 0) return;
      const found = new Map(
        (await account.codebuild.batchGetBuilds([...wanted])).found.map((b) => [b.id, b]),
      );
      for (const p of projects) {
        const list = this.cachedChildren(p) ?? [];
        for (const n of list) {
          const b = n.kind === 'build' ? found.get(n.build.id) : undefined;
          if (b) this.buildNode(p, b);
        }
        const added = (fresh.get(p) ?? []).map((id) => found.get(id)).filter((b): b is Build => !!b);
        const rows = await this.groupBatches(p, account, added);
        const ids = new Set(rows.map((r) => r.id));
        const kept = list.filter((n) => n.kind !== 'message' && !ids.has(n.id));
        this.setChildren(p, [...rows, ...kept]);
      }
    } catch {
      // Polling failures keep what is shown; a manual refresh shows the error.
    }
  }
}

/** `arn:aws:codebuild:region:account:build-batch/project:uuid` → `project:uuid`. */
function batchIdOf(arn: string | undefined): string {
  return arn ? arn.replace(/^arn:[^:]+:codebuild:[^:]*:\d*:build-batch\//, '') : '';
}
