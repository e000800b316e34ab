// The CodeBuild view: connection → projects → recent builds (status, duration, initiator, source
// version). Builds are shown ten at a time from the newest; polling looks up every shown build that
// is still running, and the newest ids of each expanded project, with one BatchGetBuilds per
// connection.
import type * as vscode from 'vscode';
import type { AwsAccount, Build } from '../aws';
import { connectionKey, type Connections } from './connections';
import type { BuildNode, Node, ProjectNode } from './nodes';
import { ExplorerTree } from './tree';

/** Builds shown per page under a project. */
export const BUILD_PAGE = 10;

export class CodeBuildTree extends ExplorerTree {
  constructor(connections: Connections, log: vscode.LogOutputChannel) {
    super('awsCicd.codebuild', connections, log);
  }

  protected filterName(node: Node): string | undefined {
    return node.kind === 'project' ? node.name : undefined;
  }

  protected async load(node: Node, account: AwsAccount): Promise<Node[]> {
    if (node.kind === 'connection') return this.loadProjects(node, account);
    if (node.kind === 'project') return this.loadBuilds(node, account, [], undefined, true);
    return [];
  }

  private async loadProjects(parent: Node, account: AwsAccount, nextToken?: string): Promise<Node[]> {
    const page = await account.codebuild.listProjects({ nextToken });
    const out: Node[] = page.items.map((name) =>
      this.intern<ProjectNode>({
        kind: 'project',
        id: `${parent.id}/${name}`,
        view: this.viewId,
        conn: parent.conn,
        name,
      }),
    );
    if (page.nextToken) {
      const token = page.nextToken;
      out.push(this.loadMoreNode(parent, () => this.loadProjects(parent, account, token)));
    }
    if (!nextToken && out.length === 0)
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
    const out: Node[] = builds.map((b) => this.buildNode(project, b));
    if (rest.length || token) {
      out.push(this.loadMoreNode(project, () => this.loadBuilds(project, account, rest, token, false)));
    }
    if (first && out.length === 0) out.push(this.message(project, 'No builds yet'));
    return out;
  }

  buildNode(project: ProjectNode, build: Build): BuildNode {
    return this.intern<BuildNode>({
      kind: 'build',
      id: `${project.id}/${build.id}`,
      view: this.viewId,
      conn: project.conn,
      build,
    });
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
    for (const n of this.nodes.values()) if (n.kind === 'build' && !n.build.complete) return true;
    return false;
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
  }

  private async pollConnection(projects: ProjectNode[]): Promise<void> {
    try {
      const account = await this.connections.account(projects[0].conn);
      const fresh = new Map<ProjectNode, string[]>();
      const wanted = new Set<string>();
      for (const p of projects) {
        const shown = (this.cachedChildren(p) ?? []).filter((n): n is BuildNode => n.kind === 'build');
        const shownIds = new Set(shown.map((b) => b.build.id));
        const newest = (await account.codebuild.listBuildsForProject(p.name)).items.slice(0, BUILD_PAGE);
        const added = newest.filter((id) => !shownIds.has(id));
        fresh.set(p, added);
        for (const id of added) wanted.add(id);
        for (const b of shown) if (!b.build.complete) wanted.add(b.build.id);
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
        const kept = list.filter((n) => n.kind !== 'message');
        this.setChildren(p, [...added.map((b) => this.buildNode(p, b)), ...kept]);
      }
    } catch {
      // Polling failures keep what is shown; a manual refresh shows the error.
    }
  }
}
