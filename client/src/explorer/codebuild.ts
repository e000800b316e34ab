// The CodeBuild view: connection → projects (pinned first) → recent builds (status, duration,
// initiator, source version), the builds of a batch build grouped under it. Builds are shown ten at a
// time from the newest. Everything shown is read from the store; a poll asks it to read the newest
// ids of each expanded project and what still runs there, in one BatchGetBuilds per connection.
import { VIEW } from '../ids';
import type { AwsStore, ConnectionStore, StoreChange } from '../store';
import type { ConnectionList } from './connections';
import type { Node, ProjectNode } from './nodes';
import type { Pins } from './pins';
import { ExplorerTree } from './tree';

export class CodeBuildTree extends ExplorerTree {
  constructor(
    connections: ConnectionList,
    store: AwsStore,
    private readonly pins: Pins,
  ) {
    super(VIEW.codebuild, connections, store);
  }

  protected filterName(node: Node): string | undefined {
    return node.kind === 'project' ? node.name : undefined;
  }

  protected async childrenOf(node: Node, store: ConnectionStore): Promise<Node[]> {
    switch (node.kind) {
      case 'connection': {
        const pinned = this.pins.list(node.conn, 'project');
        const list = await store.builds.listProjects(pinned);
        if (!list.ok) return [this.errorNode(node, list.error)];
        const rows: Node[] = list.value.names.map((name) =>
          this.intern<ProjectNode>({
            kind: 'project',
            id: `${node.id}/${name}`,
            view: this.viewId,
            conn: node.conn,
            name,
            pinned: pinned.includes(name),
          }),
        );
        if (rows.length === 0) return [this.message(node, `No CodeBuild projects in ${node.conn.region}`)];
        return [...rows, ...this.tail(node, list.value)];
      }
      case 'project': {
        const builds = await store.builds.listBuilds(node.name);
        if (!builds.ok) return [this.errorNode(node, builds.error)];
        const rows = this.buildRows(node, builds.value.rows, store);
        if (rows.length === 0 && !builds.value.moreError) return [this.message(node, 'No builds yet')];
        return [...rows, ...this.tail(node, builds.value)];
      }
      case 'batch':
        return this.batchChildren(node, store);
      default:
        return [];
    }
  }

  protected refreshFrom(node: Node, store: ConnectionStore): void {
    this.refreshBuildRow(node, store);
  }

  protected affected(change: StoreChange): Node[] | undefined {
    const of = (test: (n: Node) => boolean) => this.shownFor(change, test);
    switch (change.kind) {
      case 'projects':
        return undefined;
      case 'builds':
        return of((n) => n.kind === 'project' && n.name === change.project);
      case 'build':
        return of((n) => n.kind === 'build' && n.build.id === change.id);
      case 'batch':
        return of((n) => n.kind === 'batch' && n.batch.id === change.id);
      default:
        return [];
    }
  }

  protected forget(node: Node, store: ConnectionStore): void {
    if (node.kind === 'connection') store.builds.forgetProjects();
    if (node.kind === 'project') store.builds.forgetBuilds(node.name);
    if (node.kind === 'batch') store.builds.forgetBatch(node.batch.id);
  }

  protected async more(parent: Node, store: ConnectionStore): Promise<void> {
    if (parent.kind === 'connection') await store.builds.loadMoreProjects();
    if (parent.kind === 'project') await store.builds.loadMoreBuilds(parent.name);
  }

  /** The project element of a connection, once the tree has shown it. */
  project(conn: ProjectNode['conn'], name: string): ProjectNode | undefined {
    const n = this.get(`${this.root(conn).id}/${name}`);
    return n?.kind === 'project' ? n : undefined;
  }

  private expandedProjects(conn: { profile: string; region: string }): string[] {
    return this.expandedOf('project')
      .filter((p) => p.conn.profile === conn.profile && p.conn.region === conn.region)
      .map((p) => p.name);
  }

  busy(): boolean {
    return this.connections.list().some((c) => this.store.of(c).builds.busy(this.expandedProjects(c)));
  }

  async poll(): Promise<void> {
    await Promise.all(
      this.connections.list().map((c) => this.store.of(c).builds.poll(this.expandedProjects(c))),
    );
  }
}
