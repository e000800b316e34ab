// What both explorer views share: one element instance per id, children loaded lazily per level and
// cached until a refresh, a failed load turned into an error node (never a popup), "Load more…" for
// paged lists, a name filter shown in the view's description, and the set of expanded elements that
// polling looks at. No AWS call is made while the workspace is untrusted.
import * as vscode from 'vscode';
import type { AwsAccount, Build, BuildBatch } from '../aws';
import { markCreated } from './commandArgs';
import { connectionKey, type Connections } from './connections';
import {
  errorInfo,
  isRunning,
  toTreeItem,
  type BatchNode,
  type BuildNode,
  type ErrorNode,
  type LoadMoreNode,
  type Node,
  type ViewId,
} from './nodes';

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
  protected readonly nodes = new Map<string, Node>();
  private readonly cache = new Map<string, Node[]>();
  private readonly pending = new Map<string, Promise<Node[]>>();
  /** How to fetch the next page under a parent, while there is one. */
  protected readonly more = new Map<string, () => Promise<Node[]>>();
  readonly expanded = new Set<string>();
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private filterText = '';
  /** Bumped by every refresh, so a load that started before it is not cached. */
  private generation = 0;
  view: vscode.TreeView<Node> | undefined;
  /** Settles once the connections have been read; the roots wait for it. */
  ready: Promise<unknown> = Promise.resolve();

  constructor(
    readonly viewId: ViewId,
    protected readonly connections: Connections,
    protected readonly log: vscode.LogOutputChannel,
  ) {}

  /** Loads the children of a non-root element from AWS. Throws on failure. */
  protected abstract load(node: Node, account: AwsAccount): Promise<Node[]>;

  /** The name a filter is matched against, for elements the filter applies to. */
  protected abstract filterName(node: Node): string | undefined;

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
    return toTreeItem(node, this.expanded.has(node.id));
  }

  /** Ids are paths (`view/profile@region/pipeline/stage/…`), so the parent is the id minus its last part. */
  getParent(node: Node): Node | undefined {
    if (node.kind === 'connection') return undefined;
    return this.nodes.get(node.id.slice(0, node.id.lastIndexOf('/')));
  }

  /** Selects and shows an element (loading its connection's list first if need be). */
  async reveal(node: Node): Promise<void> {
    await this.view?.reveal(node, { select: true, focus: true, expand: false });
  }

  async getChildren(node?: Node): Promise<Node[]> {
    // Untrusted: nothing, so the welcome view asks for trust; and no AWS call at all.
    if (!vscode.workspace.isTrusted) return [];
    if (!node) {
      await this.ready;
      return this.roots();
    }
    if (node.kind === 'stage') return this.stageChildren(node);
    const cached = this.cache.get(node.id);
    const children = cached ?? (await this.loadOnce(node));
    return this.applyFilter(node, children);
  }

  /** The children of a stage come with the pipeline state; no call of their own. */
  protected stageChildren(_node: Node): Node[] {
    return [];
  }

  private roots(): Node[] {
    return this.connections.list().map((conn) =>
      this.intern({
        kind: 'connection',
        id: `${this.viewId}/${connectionKey(conn)}`,
        view: this.viewId,
        conn,
      }),
    );
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

  private loadOnce(node: Node): Promise<Node[]> {
    const current = this.pending.get(node.id);
    if (current) return current;
    const p: Promise<Node[]> = this.loadChildren(node).finally(() => {
      if (this.pending.get(node.id) === p) this.pending.delete(node.id);
    });
    this.pending.set(node.id, p);
    return p;
  }

  private async loadChildren(node: Node): Promise<Node[]> {
    const started = Date.now();
    const generation = this.generation;
    let children: Node[];
    try {
      const account = await this.connections.account(node.conn);
      children = await this.load(node, account);
    } catch (err) {
      const error = errorInfo(err);
      this.log.warn(`Explorer: loading ${node.kind} failed after ${Date.now() - started} ms: ${error.kind}`);
      children = [this.errorNode(node, error)];
    }
    // A refresh during the load made this answer stale: show it once, but do not keep it.
    if (generation === this.generation) this.cache.set(node.id, children);
    return children;
  }

  /** Caches a freshly fetched list of children (polling) and redraws the parent. */
  protected setChildren(parent: Node, children: Node[]): void {
    this.cache.set(parent.id, children);
    this.changed.fire(parent);
  }

  protected cachedChildren(parent: Node): Node[] | undefined {
    return this.cache.get(parent.id);
  }

  /** Redraws one element (or the whole tree) without reloading anything. */
  redraw(node?: Node): void {
    this.changed.fire(node);
  }

  /** Forgets what is loaded under `node` (or everything) and loads it again when shown. */
  refresh(node?: Node): void {
    this.generation++;
    this.pending.clear();
    if (!node) {
      this.cache.clear();
      this.more.clear();
      this.changed.fire(undefined);
      return;
    }
    this.forget(node.id);
    this.changed.fire(node.kind === 'connection' ? undefined : node);
  }

  /** Loads an element's children again when next shown, without disturbing other loads. */
  protected reload(node: Node): void {
    this.forget(node.id);
    this.changed.fire(node);
  }

  private forget(id: string): void {
    const children = this.cache.get(id);
    this.cache.delete(id);
    this.more.delete(id);
    for (const c of children ?? []) this.forget(c.id);
  }

  /** Retries the load an error node stands for. */
  retry(node: ErrorNode): void {
    const parent = this.nodes.get(node.parentId);
    this.refresh(parent);
  }

  /** Replaces a "Load more…" row by the next page. */
  async loadMore(node: LoadMoreNode): Promise<void> {
    const parent = this.nodes.get(node.parentId);
    const next = this.more.get(node.parentId);
    const list = this.cache.get(node.parentId);
    if (!parent || !next || !list) return;
    this.more.delete(node.parentId);
    let page: Node[];
    try {
      page = await next();
    } catch (err) {
      page = [this.errorNode(parent, errorInfo(err))];
    }
    this.cache.set(parent.id, list.filter((n) => n.id !== node.id).concat(page));
    this.changed.fire(parent.kind === 'connection' ? undefined : parent);
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

  protected errorNode(parent: Node, error: ReturnType<typeof errorInfo>): ErrorNode {
    return this.intern({
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

  /** A "Load more…" row under `parent` that runs `next` when clicked. */
  protected loadMoreNode(parent: Node, next: () => Promise<Node[]>): LoadMoreNode {
    this.more.set(parent.id, next);
    return this.intern({
      kind: 'loadMore',
      id: `${parent.id}/!more`,
      view: this.viewId,
      conn: parent.conn,
      parentId: parent.id,
    });
  }

  /** A build's row under a project, a batch or a pipeline's CodeBuild action. */
  buildNode(parent: Node, build: Build): BuildNode {
    return this.intern<BuildNode>({
      kind: 'build',
      id: `${parent.id}/${build.id}`,
      view: this.viewId,
      conn: parent.conn,
      build,
    });
  }

  /** A batch build's row; its builds are its children. */
  protected batchNode(parent: Node, batch: BuildBatch): BatchNode {
    return this.intern<BatchNode>({
      kind: 'batch',
      id: `${parent.id}/${batch.id}`,
      view: this.viewId,
      conn: parent.conn,
      batch,
    });
  }

  /** The builds of a batch, in one BatchGetBuilds. */
  protected async batchChildren(node: BatchNode, account: AwsAccount): Promise<Node[]> {
    const ids = batchBuildIds(node.batch);
    if (ids.length === 0) return [this.message(node, 'No builds in this batch yet')];
    const found = (await account.codebuild.batchGetBuilds(ids)).found;
    return found.map((b) => this.buildNode(node, b));
  }

  /** Shows a build's new state on every row of it (a build can sit under a project and an action). */
  updateBuild(build: Build): void {
    for (const n of this.nodes.values()) {
      if (n.kind === 'build' && n.build.id === build.id) {
        n.build = build;
        this.changed.fire(n);
      }
    }
  }

  /** An element by id, if it has been shown. */
  get(id: string): Node | undefined {
    return this.nodes.get(id);
  }

  /** The expanded elements of a kind that are still in the tree. */
  protected expandedOf<K extends Node['kind']>(kind: K): Extract<Node, { kind: K }>[] {
    const out: Extract<Node, { kind: K }>[] = [];
    const live = new Set(this.connections.list().map(connectionKey));
    for (const id of this.expanded) {
      const n = this.nodes.get(id);
      // Skip what belongs to a connection that has since been removed.
      if (n?.kind === kind && live.has(connectionKey(n.conn))) out.push(n as Extract<Node, { kind: K }>);
    }
    return out;
  }

  /** Whether some load failed for a reason that may pass (a dropped network, throttling). */
  protected hasTransientErrors(): boolean {
    for (const children of this.cache.values())
      if (children.some((c) => c.kind === 'error' && c.error.remedy === 'retry')) return true;
    return false;
  }

  /**
   * Loads again what failed for a transient reason, so the tree recovers by itself once the network
   * is back: the failed level is forgotten and redrawn, and VS Code asks for it again if it is shown.
   */
  protected retryTransientErrors(): void {
    const failed = [...this.cache.entries()].filter(([, children]) =>
      children.some((c) => c.kind === 'error' && c.error.remedy === 'retry'),
    );
    for (const [id] of failed) {
      const parent = this.nodes.get(id);
      if (!parent) continue;
      this.forget(id);
      this.log.info(`Explorer: retrying ${parent.kind} after a transient failure`);
      this.changed.fire(parent.kind === 'connection' ? undefined : parent);
    }
  }

  /** Whether anything shown is still running (polling then goes faster). */
  abstract anyRunning(): boolean;

  /** One polling cycle over the visible, expanded elements. */
  abstract poll(): Promise<void>;

  protected running(status: string | undefined): boolean {
    return isRunning(status);
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
    this.changed.dispose();
  }
}

// ThemeColor keeps its id private in older @types/vscode; read it for the tests' snapshots.
function colorId(color: unknown): string | undefined {
  const id = (color as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

/** The ids of a batch's builds, as BatchGetBuilds takes them (the batch lists them as ARNs). */
export function batchBuildIds(batch: BuildBatch): string[] {
  return batch.builds
    .map((b) => (b.buildId ?? '').replace(/^arn:[^:]+:codebuild:[^:]*:\d*:build\//, ''))
    .filter((x) => x !== '');
}
