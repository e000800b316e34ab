// What both explorer views share. A view reads the store and draws it: the rows are made from what
// the store holds (loading it on first show), one element instance per id so VS Code keeps the row
// the user sees, and a change in the store redraws the rows that show it. Nothing here fetches or
// holds AWS state of its own. Also: a failed load as an error row (never a popup), "Load more…" rows,
// a name filter shown in the view's description, and the set of expanded rows that polling reads.
// No AWS call is made while the workspace is untrusted.
import * as vscode from 'vscode';
import type { AwsStore, BuildRow, ConnectionStore, ErrorInfo, StoreChange } from '../store';
import { markCreated } from './commandArgs';
import { connectionKey, type ProfileRegion, type ConnectionList } from './connections';
import type { BatchNode, BuildNode, ErrorNode, LoadMoreNode, Node, ViewId } from './nodes';
import { toTreeItem } from './render';

/** What the tests read of a row: the same words and icon the user sees. */
export interface NodeSnapshot {
  id: string;
  kind: Node['kind'];
  label: string;
  description?: string;
  tooltip?: string;
  icon?: string;
  iconColor?: string;
  contextValue?: string;
  command?: string;
  collapsible: boolean;
}

export abstract class ExplorerTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly nodes = new Map<string, Node>();
  readonly expanded = new Set<string>();
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };
  private filterText = '';
  view: vscode.TreeView<Node> | undefined;
  /** Settles once the connections have been read; the roots wait for it. */
  ready: Promise<unknown> = Promise.resolve();

  constructor(
    readonly viewId: ViewId,
    protected readonly connections: ConnectionList,
    protected readonly store: AwsStore,
  ) {
    this.subscription = store.onDidChange((c) => this.onStoreChange(c));
  }

  /** The rows under a non-root element, from the store (loading what it does not hold yet). */
  protected abstract childrenOf(node: Node, store: ConnectionStore): Promise<Node[]>;

  /** Brings an element's data up to what the store holds now. */
  protected abstract refreshFrom(node: Node, store: ConnectionStore): void;

  /** The rows a change redraws; undefined: the whole view. */
  protected abstract affected(change: StoreChange): Node[] | undefined;

  /** Forgets what the store holds under an element, so it loads again when shown. */
  protected abstract forget(node: Node, store: ConnectionStore): void;

  /** Loads the next page under a parent; the store's change redraws it. */
  protected abstract more(parent: Node, store: ConnectionStore): Promise<void>;

  /** The name a filter is matched against, for elements the filter applies to. */
  protected abstract filterName(node: Node): string | undefined;

  /** Whether something this view shows is moving (polls go faster). */
  abstract busy(): boolean;

  /** One polling cycle over what this view shows. */
  abstract poll(): Promise<void>;

  /** Creates the tree view and tracks what is expanded. */
  createView(): vscode.TreeView<Node> {
    const view = vscode.window.createTreeView(this.viewId, { treeDataProvider: this, showCollapseAll: true });
    this.view = view;
    view.onDidExpandElement((e) => this.expanded.add(e.element.id));
    view.onDidCollapseElement((e) => this.expanded.delete(e.element.id));
    this.renderDescription();
    return view;
  }

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    this.filterText = text.trim();
    this.renderDescription();
    this.changed.fire(undefined);
  }

  private renderDescription(): void {
    if (this.view) this.view.description = this.filterText ? `filter: ${this.filterText}` : undefined;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    this.fresh(node);
    return toTreeItem(node, this.expanded.has(node.id));
  }

  /** An element with the store's current data (commands read it before acting). */
  fresh<T extends Node>(node: T): T {
    if (node.kind !== 'connection' && this.isLive(node.conn))
      this.refreshFrom(node, this.store.of(node.conn));
    return node;
  }

  /** Ids are paths (`view/profile@region/pipeline/stage/…`), so the parent is the id minus its last part. */
  getParent(node: Node): Node | undefined {
    if (node.kind === 'connection') return undefined;
    return this.nodes.get(node.id.slice(0, node.id.lastIndexOf('/')));
  }

  /** Selects and shows an element. */
  async reveal(node: Node): Promise<void> {
    await this.view?.reveal(node, { select: true, focus: true, expand: false });
  }

  async getChildren(node?: Node): Promise<Node[]> {
    // Untrusted: nothing, so the welcome view asks for trust; and no AWS call at all.
    if (!vscode.workspace.isTrusted) return [];
    if (!node) {
      await this.ready;
      return this.connections.list().map((conn) => this.root(conn));
    }
    const children = await this.childrenOf(node, this.store.of(node.conn));
    return this.applyFilter(node, children);
  }

  /** The root row of a connection. */
  root(conn: ProfileRegion): Node {
    return this.intern({
      kind: 'connection',
      id: `${this.viewId}/${connectionKey(conn)}`,
      view: this.viewId,
      conn,
    });
  }

  private applyFilter(parent: Node, children: Node[]): Node[] {
    if (!this.filterText || parent.kind !== 'connection') return children;
    const needle = this.filterText.toLowerCase();
    const kept = children.filter((c) => {
      const name = this.filterName(c);
      return name === undefined || name.toLowerCase().includes(needle);
    });
    return kept.length > 0 ? kept : [this.message(parent, `No names match "${this.filterText}"`)];
  }

  private onStoreChange(change: StoreChange): void {
    if (!this.isLive(change.target)) return;
    const rows = this.affected(change);
    if (rows === undefined) return this.changed.fire(undefined);
    for (const row of rows) this.changed.fire(row.kind === 'connection' ? undefined : row);
  }

  /** Forgets what is held under `node` (or everything) and loads it again when shown. */
  refresh(node?: Node): void {
    if (!node) {
      this.store.clear();
      this.changed.fire(undefined);
      return;
    }
    this.forget(node, this.store.of(node.conn));
    this.changed.fire(node.kind === 'connection' ? undefined : node);
  }

  /** Loads again what an error row stands for. */
  retry(node: ErrorNode): void {
    this.refresh(this.nodes.get(node.parentId));
  }

  /** Replaces a "Load more…" row by the next page. */
  async loadMore(node: LoadMoreNode): Promise<void> {
    const parent = this.nodes.get(node.parentId);
    if (parent) await this.more(parent, this.store.of(parent.conn));
  }

  /** Keeps one instance per id: later data updates the instance VS Code already holds. */
  protected intern<T extends Node>(node: T): T {
    const existing = this.nodes.get(node.id) as T | undefined;
    if (existing && existing.kind === node.kind) {
      for (const key of Object.keys(existing))
        if (!(key in node)) delete (existing as unknown as Record<string, unknown>)[key];
      return Object.assign(existing, node);
    }
    this.nodes.set(node.id, node);
    return markCreated(node);
  }

  protected errorNode(parent: Node, error: ErrorInfo): ErrorNode {
    return this.intern<ErrorNode>({
      kind: 'error',
      id: `${parent.id}/!error`,
      view: this.viewId,
      conn: parent.conn,
      parentId: parent.id,
      error,
    });
  }

  protected message(parent: Node, message: string): Node {
    return this.intern({
      kind: 'message',
      id: `${parent.id}/!message`,
      view: this.viewId,
      conn: parent.conn,
      message,
    });
  }

  protected loadMoreNode(parent: Node): LoadMoreNode {
    return this.intern<LoadMoreNode>({
      kind: 'loadMore',
      id: `${parent.id}/!more`,
      view: this.viewId,
      conn: parent.conn,
      parentId: parent.id,
    });
  }

  /** "Load more…" while there is a next page, or the error of the last one. */
  /**
   * What ends a paged list: the error of its last "Load more", or "Load more…" while there is more (a
   * next page from AWS, or ids already listed and not yet shown, `held`).
   */
  protected tail(
    parent: Node,
    page: { nextToken?: string; held?: readonly unknown[]; moreError?: ErrorInfo },
  ): Node[] {
    if (page.moreError) return [this.errorNode(parent, page.moreError)];
    return page.nextToken || (page.held?.length ?? 0) > 0 ? [this.loadMoreNode(parent)] : [];
  }

  /** The builds of a batch build, under its row in either view. */
  protected async batchChildren(node: BatchNode, store: ConnectionStore): Promise<Node[]> {
    const members = await store.builds.batchBuilds(node.batch.id);
    if (!members.ok) return [this.errorNode(node, members.error)];
    if (members.value.length === 0) return [this.message(node, 'No builds in this batch yet')];
    return this.buildRows(
      node,
      members.value.map((id) => ({ kind: 'build', id })),
      store,
    );
  }

  /** Rows for builds and batch builds the store holds, under a project, an action or a batch. */
  protected buildRows(parent: Node, rows: readonly BuildRow[], store: ConnectionStore): Node[] {
    const out: Node[] = [];
    for (const r of rows) {
      const base = { id: `${parent.id}/${r.id}`, view: this.viewId, conn: parent.conn };
      if (r.kind === 'build') {
        const build = store.builds.getBuild(r.id);
        if (build) out.push(this.intern<BuildNode>({ ...base, kind: 'build', build }));
      } else {
        const batch = store.builds.getBatch(r.id);
        if (batch) out.push(this.intern<BatchNode>({ ...base, kind: 'batch', batch }));
      }
    }
    return out;
  }

  /** A build or batch row with what the store holds of it now. */
  protected refreshBuildRow(node: Node, store: ConnectionStore): void {
    if (node.kind === 'build') node.build = store.builds.getBuild(node.build.id) ?? node.build;
    if (node.kind === 'batch') node.batch = store.builds.getBatch(node.batch.id) ?? node.batch;
  }

  /** An element by id, if it has been shown. */
  get(id: string): Node | undefined {
    return this.nodes.get(id);
  }

  /** Shown elements of the change's connection that match a test (the change's rows). */
  protected shownFor(change: StoreChange, test: (n: Node) => boolean): Node[] {
    const { profile, region } = change.target;
    return [...this.nodes.values()].filter(
      (n) => n.conn.profile === profile && n.conn.region === region && test(n),
    );
  }

  /** The expanded elements of a kind that are still in the tree. */
  protected expandedOf<K extends Node['kind']>(kind: K): Extract<Node, { kind: K }>[] {
    const out: Extract<Node, { kind: K }>[] = [];
    for (const id of this.expanded) {
      const n = this.nodes.get(id);
      // Skip what belongs to a connection that has since been removed.
      if (n?.kind === kind && this.isLive(n.conn)) out.push(n as Extract<Node, { kind: K }>);
    }
    return out;
  }

  protected isLive(conn: { profile: string; region: string }): boolean {
    const key = connectionKey(conn);
    return this.connections.list().some((c) => connectionKey(c) === key);
  }

  /** What a row shows, for the tests. */
  snapshot(node: Node): NodeSnapshot {
    const item = this.getTreeItem(node);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath : undefined;
    const tooltip = typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value;
    return {
      id: node.id,
      kind: node.kind,
      label,
      description: typeof item.description === 'string' ? item.description : undefined,
      tooltip,
      icon: icon?.id,
      iconColor: colorId(icon?.color),
      contextValue: item.contextValue,
      command: item.command?.command,
      collapsible: item.collapsibleState !== vscode.TreeItemCollapsibleState.None,
    };
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

// ThemeColor keeps its id private in older @types/vscode; read it for the tests' snapshots.
function colorId(color: unknown): string | undefined {
  const id = (color as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}
