// The Pipelines view: connection → pipelines (pinned first, each with its latest execution's status)
// → stages → actions, plus an "Execution history" row per pipeline; a CodeBuild action leads to its
// build. A pipeline whose execution cannot be read (access denied on that one pipeline) shows a
// warning and, when expanded, an error row, while the others load. Everything shown is read from the
// store; a poll asks the store to read again what is expanded.
import * as vscode from 'vscode';
import { VIEW } from '../ids';
import type { AwsStore, ConnectionStore, StoreChange } from '../store';
import type { ConnectionList, ProfileRegion } from './connections';
import {
  isBuildAction,
  type ActionNode,
  type ExecutionNode,
  type ExecutionsNode,
  type Node,
  type PipelineNode,
  type StageNode,
} from './nodes';
import type { Pins } from './pins';
import { safeName } from './safeText';
import { ExplorerTree } from './tree';

export class PipelinesTree extends ExplorerTree {
  constructor(
    connections: ConnectionList,
    store: AwsStore,
    private readonly pins: Pins,
  ) {
    super(VIEW.pipelines, connections, store);
  }

  protected filterName(node: Node): string | undefined {
    return node.kind === 'pipeline' ? node.pipeline.name : undefined;
  }

  protected async childrenOf(node: Node, store: ConnectionStore): Promise<Node[]> {
    switch (node.kind) {
      case 'connection': {
        const list = await store.pipelines.listPipelines(this.pins.list(node.conn, 'pipeline'));
        if (!list.ok) return [this.errorNode(node, list.error)];
        const rows: Node[] = list.value.names.map((name) => this.pipelineNode(node, name, store));
        if (rows.length === 0) return [this.message(node, `No pipelines in ${node.conn.region}`)];
        return [...rows, ...this.tail(node, list.value)];
      }
      case 'pipeline': {
        const state = await store.pipelines.pipelineState(node.pipeline.name);
        if (!state.ok) return [this.errorNode(node, state.error)];
        const stages = state.value.stages.map((stage) =>
          this.intern<StageNode>({
            kind: 'stage',
            id: `${node.id}/${stage.name}`,
            view: this.viewId,
            conn: node.conn,
            pipelineName: node.pipeline.name,
            stage,
            latestExecutionId: store.pipelines.getEntry(node.pipeline.name)?.latest?.id,
          }),
        );
        const history = this.intern<ExecutionsNode>({
          kind: 'executions',
          id: `${node.id}/!executions`,
          view: this.viewId,
          conn: node.conn,
          pipelineName: node.pipeline.name,
        });
        return [...stages, history];
      }
      case 'stage':
        // The actions come with the pipeline's state: no call of their own.
        this.refreshFrom(node, store);
        return node.stage.actions.map((action) =>
          this.intern<ActionNode>({
            kind: 'action',
            id: `${node.id}/${action.name}`,
            view: this.viewId,
            conn: node.conn,
            pipelineName: node.pipelineName,
            stageName: node.stage.name,
            executionId: node.stage.executionId,
            action,
          }),
        );
      case 'executions': {
        const history = await store.pipelines.executions(node.pipelineName);
        if (!history.ok) return [this.errorNode(node, history.error)];
        const rows: Node[] = history.value.items.map((execution) =>
          this.intern<ExecutionNode>({
            kind: 'execution',
            id: `${node.id}/${execution.id}`,
            view: this.viewId,
            conn: node.conn,
            pipelineName: node.pipelineName,
            execution,
          }),
        );
        if (rows.length === 0) return [this.message(node, 'No executions yet')];
        return [...rows, ...this.tail(node, history.value)];
      }
      case 'action': {
        const id = node.action.externalExecutionId;
        if (!id || !isBuildAction(node.action)) return [];
        const run = await store.builds.actionRun(id);
        if (!run.ok) return [this.errorNode(node, run.error)];
        if (!run.value) return [this.message(node, 'The build is no longer available')];
        return this.buildRows(node, [run.value], store);
      }
      case 'batch':
        return this.batchChildren(node, store);
      default:
        return [];
    }
  }

  private pipelineNode(parent: Node, name: string, store: ConnectionStore): PipelineNode {
    const entry = store.pipelines.getEntry(name);
    return this.intern<PipelineNode>({
      kind: 'pipeline',
      id: `${parent.id}/${name}`,
      view: this.viewId,
      conn: parent.conn,
      pipeline: entry?.pipeline ?? { name },
      ...(entry?.latest ? { latest: entry.latest } : {}),
      ...(entry?.error ? { error: entry.error } : {}),
      pinned: this.pins.list(parent.conn, 'pipeline').includes(name),
    });
  }

  protected refreshFrom(node: Node, store: ConnectionStore): void {
    const p = store.pipelines;
    switch (node.kind) {
      case 'pipeline': {
        const entry = p.getEntry(node.pipeline.name);
        if (!entry) return;
        node.pipeline = entry.pipeline;
        node.latest = entry.latest;
        node.error = entry.error;
        return;
      }
      case 'stage': {
        const state = p.getState(node.pipelineName);
        const stage = state?.ok ? state.value.stages.find((s) => s.name === node.stage.name) : undefined;
        if (stage) node.stage = stage;
        node.latestExecutionId = p.getEntry(node.pipelineName)?.latest?.id;
        return;
      }
      case 'action': {
        const state = p.getState(node.pipelineName);
        const stage = state?.ok ? state.value.stages.find((s) => s.name === node.stageName) : undefined;
        const action = stage?.actions.find((a) => a.name === node.action.name);
        if (action) node.action = action;
        if (stage) node.executionId = stage.executionId;
        return;
      }
      case 'execution': {
        const history = p.getHistory(node.pipelineName);
        const e = history?.ok ? history.value.items.find((x) => x.id === node.execution.id) : undefined;
        if (e) node.execution = e;
        return;
      }
      default:
        this.refreshBuildRow(node, store);
    }
  }

  protected affected(change: StoreChange): Node[] | undefined {
    const of = (test: (n: Node) => boolean) => this.shownFor(change, test);
    switch (change.kind) {
      case 'pipelines':
        return undefined;
      case 'pipeline':
        return of((n) => n.kind === 'pipeline' && n.pipeline.name === change.name);
      case 'state':
        // The pipeline row redraws its stages, and they their actions.
        return of(
          (n) =>
            (n.kind === 'pipeline' && n.pipeline.name === change.name) ||
            ((n.kind === 'stage' || n.kind === 'action') && n.pipelineName === change.name),
        );
      case 'executions':
        return of((n) => n.kind === 'executions' && n.pipelineName === change.name);
      case 'build':
        return of((n) => n.kind === 'build' && n.build.id === change.id);
      case 'batch':
        return of((n) => n.kind === 'batch' && n.batch.id === change.id);
      default:
        return [];
    }
  }

  protected forget(node: Node, store: ConnectionStore): void {
    switch (node.kind) {
      case 'connection':
        return store.pipelines.forgetPipelines();
      case 'pipeline':
        store.pipelines.forgetHistory(node.pipeline.name);
        return store.pipelines.forgetState(node.pipeline.name);
      case 'stage':
        return store.pipelines.forgetState(node.pipelineName);
      case 'executions':
        return store.pipelines.forgetHistory(node.pipelineName);
      case 'action':
        if (node.action.externalExecutionId) store.builds.forgetActionRun(node.action.externalExecutionId);
        return;
      case 'batch':
        return store.builds.forgetBatch(node.batch.id);
      default:
        return;
    }
  }

  protected async more(parent: Node, store: ConnectionStore): Promise<void> {
    if (parent.kind === 'connection') await store.pipelines.loadMorePipelines();
    if (parent.kind === 'executions') await store.pipelines.loadMoreExecutions(parent.pipelineName);
  }

  /** Selects a pipeline's row, loading its connection's first page if it has not been shown. */
  async revealPipeline(conn: ProfileRegion, name: string): Promise<void> {
    const root = this.root(conn);
    await this.getChildren(root);
    const node = this.get(`${root.id}/${name}`);
    if (node) await this.reveal(node);
    else
      void vscode.window.showInformationMessage(
        `Pipeline ${safeName(name)} is not on the first page of the list.`,
      );
  }

  /** The pipeline rows the store lists under the live connections. */
  shownPipelines(): PipelineNode[] {
    return this.connections.list().flatMap((conn) => {
      const root = this.root(conn);
      const store = this.store.of(conn);
      return store.pipelines.listed().map((e) => this.pipelineNode(root, e.pipeline.name, store));
    });
  }

  busy(): boolean {
    return this.connections.list().some((c) => this.store.of(c).pipelines.busy());
  }

  /** One cycle: the store reads again, per connection, the pipelines expanded here. */
  async poll(): Promise<void> {
    const pipelines = this.expandedOf('pipeline');
    const actions = this.expandedOf('action');
    const histories = this.expandedOf('executions');
    await Promise.all(
      this.connections.list().map((conn) => {
        const mine = (n: Node) => n.conn.profile === conn.profile && n.conn.region === conn.region;
        return this.store.of(conn).pipelines.poll({
          expanded: pipelines.filter(mine).map((p) => ({
            name: p.pipeline.name,
            builds: actions
              .filter((a) => a.id.startsWith(`${p.id}/`) && isBuildAction(a.action))
              .map((a) => a.action.externalExecutionId ?? '')
              .filter((id) => id !== '' && this.store.of(conn).builds.getBuild(id) !== undefined),
          })),
          histories: new Set(
            histories
              .filter((h) => mine(h) && this.store.of(conn).pipelines.getHistory(h.pipelineName)?.ok)
              .map((h) => h.pipelineName),
          ),
        });
      }),
    );
  }
}
