// The Pipelines view: connection → pipelines (pinned first, each with its latest execution's status)
// → stages → actions, plus an "Execution history" row per pipeline; a CodeBuild action leads to its
// build. A pipeline whose execution cannot be read (access denied on that one pipeline) shows a
// warning and, when expanded, an error node, while the others load. Polling reads the state of each
// expanded pipeline once per cycle.
import type { AwsAccount, Pipeline, PipelineExecution, PipelineState } from '../aws';
import { connectionKey, loadAws, type Connections } from './connections';
import {
  errorInfo,
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
import * as vscode from 'vscode';

/** Pipelines per ListPipelines page; the rest behind "Load more…". */
export const PIPELINE_PAGE = 50;
/** Executions per page of a pipeline's history. */
export const EXECUTION_PAGE = 10;

export class PipelinesTree extends ExplorerTree {
  constructor(
    connections: Connections,
    log: vscode.LogOutputChannel,
    private readonly pins: Pins,
  ) {
    super('awsCicd.pipelines', connections, log);
  }

  protected filterName(node: Node): string | undefined {
    return node.kind === 'pipeline' ? node.pipeline.name : undefined;
  }

  protected async load(node: Node, account: AwsAccount): Promise<Node[]> {
    switch (node.kind) {
      case 'connection':
        return this.loadPipelines(node, account);
      case 'pipeline': {
        const state = await account.codepipeline.getPipelineState(node.pipeline.name);
        node.error = undefined;
        return this.pipelineChildren(node, state);
      }
      case 'executions':
        return this.loadExecutions(node, account);
      case 'action': {
        const id = node.action.externalExecutionId;
        if (!id || !isBuildAction(node.action)) return [];
        const build = (await account.codebuild.batchGetBuilds([id])).found[0];
        if (build) return [this.buildNode(node, build)];
        // A CodeBuild action with batch builds enabled runs a build batch.
        const batch = (await account.codebuild.batchGetBuildBatches([id])).found[0];
        return batch
          ? [this.batchNode(node, batch)]
          : [this.message(node, 'The build is no longer available')];
      }
      case 'batch':
        return this.batchChildren(node, account);
      default:
        return [];
    }
  }

  private async loadPipelines(parent: Node, account: AwsAccount, nextToken?: string): Promise<Node[]> {
    const first = nextToken === undefined;
    const pinned = this.pins.list(parent.conn, 'pipeline');
    const page = await account.codepipeline.listPipelines({ nextToken, pageSize: PIPELINE_PAGE });
    // Pinned pipelines come first on the first page, wherever ListPipelines would put them.
    const listed = page.items.filter((p) => !pinned.includes(p.name));
    const pipelines: Pipeline[] = first
      ? [...pinned.map((name) => page.items.find((p) => p.name === name) ?? { name }), ...listed]
      : listed;
    const nodes = pipelines.map((p) =>
      this.intern<PipelineNode>({
        kind: 'pipeline',
        id: `${parent.id}/${p.name}`,
        view: this.viewId,
        conn: parent.conn,
        pipeline: p,
        pinned: pinned.includes(p.name),
      }),
    );
    // The latest execution of each, a few at a time; one failure marks only its own pipeline.
    const { mapSettled } = await loadAws();
    const latest = await mapSettled(nodes, 4, (n) =>
      account.codepipeline.listPipelineExecutions(n.pipeline.name, { pageSize: 1 }),
    );
    latest.forEach((r, i) => {
      const n = nodes[i];
      if (r.ok) {
        n.latest = r.value.items[0];
        n.error = undefined;
      } else {
        n.latest = undefined;
        n.error = errorInfo(r.error);
      }
    });
    const out: Node[] = [...nodes];
    if (page.nextToken) {
      const token = page.nextToken;
      out.push(this.loadMoreNode(parent, () => this.loadPipelines(parent, account, token)));
    }
    if (first && out.length === 0) out.push(this.message(parent, `No pipelines in ${parent.conn.region}`));
    return out;
  }

  private pipelineChildren(pipeline: PipelineNode, state: PipelineState): Node[] {
    const stages = state.stages.map((stage) =>
      this.intern<StageNode>({
        kind: 'stage',
        id: `${pipeline.id}/${stage.name}`,
        view: this.viewId,
        conn: pipeline.conn,
        pipelineName: pipeline.pipeline.name,
        stage,
        latestExecutionId: pipeline.latest?.id,
      }),
    );
    const history = this.intern<ExecutionsNode>({
      kind: 'executions',
      id: `${pipeline.id}/!executions`,
      view: this.viewId,
      conn: pipeline.conn,
      pipelineName: pipeline.pipeline.name,
    });
    return [...stages, history];
  }

  private async loadExecutions(parent: ExecutionsNode, account: AwsAccount, nextToken?: string) {
    const page = await account.codepipeline.listPipelineExecutions(parent.pipelineName, {
      nextToken,
      pageSize: EXECUTION_PAGE,
    });
    const out: Node[] = page.items.map((e) => this.executionNode(parent, e));
    if (page.nextToken) {
      const token = page.nextToken;
      out.push(this.loadMoreNode(parent, () => this.loadExecutions(parent, account, token)));
    }
    if (!nextToken && out.length === 0) out.push(this.message(parent, 'No executions yet'));
    return out;
  }

  private executionNode(parent: ExecutionsNode, execution: PipelineExecution): ExecutionNode {
    return this.intern<ExecutionNode>({
      kind: 'execution',
      id: `${parent.id}/${execution.id}`,
      view: this.viewId,
      conn: parent.conn,
      pipelineName: parent.pipelineName,
      execution,
    });
  }

  protected override stageChildren(node: Node): Node[] {
    if (node.kind !== 'stage') return [];
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
  }

  /** Reads a pipeline's latest execution again (after the user started or stopped one). */
  reloadLatest(conn: Node['conn'], name: string): void {
    const node = this.pipelineNode(conn, name);
    if (node) void this.pollLatest(node);
  }

  /** Selects a pipeline's row, loading its connection's first page if it has not been shown. */
  async revealPipeline(conn: Node['conn'], name: string): Promise<void> {
    let node = this.pipelineNode(conn, name);
    if (!node) {
      await this.getChildren(); // the roots
      const root = this.get(`${this.viewId}/${connectionKey(conn)}`);
      if (root) await this.getChildren(root);
      node = this.pipelineNode(conn, name);
    }
    if (node) await this.reveal(node);
    else
      void vscode.window.showInformationMessage(
        `Pipeline ${safeName(name)} is not on the first page of the list.`,
      );
  }

  /** The pipeline rows currently loaded under the live connections. */
  shownPipelines(): PipelineNode[] {
    const out: PipelineNode[] = [];
    for (const conn of this.connections.list()) {
      const root = this.get(`${this.viewId}/${connectionKey(conn)}`);
      for (const n of (root && this.cachedChildren(root)) ?? []) if (n.kind === 'pipeline') out.push(n);
    }
    return out;
  }

  /** The pipeline element of a connection, once the tree has shown it. */
  pipelineNode(conn: Node['conn'], name: string): PipelineNode | undefined {
    for (const n of this.nodes.values())
      if (n.kind === 'pipeline' && n.pipeline.name === name && sameConn(n.conn, conn)) return n;
    return undefined;
  }

  anyRunning(): boolean {
    // Only rows a poll looks at: the pipelines listed under the live connections.
    const shown = this.shownPipelines();
    if (shown.some((n) => this.running(n.latest?.status) || n.error?.remedy === 'retry')) return true;
    return this.hasTransientErrors();
  }

  /**
   * One cycle: per expanded pipeline, GetPipelineState and its latest executions (one page, which
   * also refreshes the history when that is open), and one BatchGetBuilds for its open CodeBuild
   * actions; then loads that failed for a transient reason are tried again.
   */
  async poll(): Promise<void> {
    const pipelines = this.expandedOf('pipeline').filter((p) => this.cachedChildren(p) !== undefined);
    // Collapsed rows that are running (or could not be read for a passing reason): their latest
    // execution only, one ListPipelineExecutions each.
    const unread = this.shownPipelines().filter(
      (n) => !pipelines.includes(n) && (n.error?.remedy === 'retry' || this.running(n.latest?.status)),
    );
    await Promise.all([
      ...pipelines.map((p) => this.pollPipeline(p)),
      ...unread.map((p) => this.pollLatest(p)),
    ]);
    this.retryTransientErrors();
  }

  /** A pipeline whose latest execution could not be read for a transient reason: try again. */
  private async pollLatest(node: PipelineNode): Promise<void> {
    try {
      const account = await this.connections.account(node.conn);
      node.latest = (
        await account.codepipeline.listPipelineExecutions(node.pipeline.name, { pageSize: 1 })
      ).items[0];
      node.error = undefined;
    } catch (err) {
      node.error = errorInfo(err);
    }
    this.redraw(node);
  }

  private async pollPipeline(node: PipelineNode): Promise<void> {
    try {
      const account = await this.connections.account(node.conn);
      const history = this.get(`${node.id}/!executions`) as ExecutionsNode | undefined;
      const historyOpen = !!history && this.expanded.has(history.id) && !!this.cachedChildren(history);
      const [state, executions] = await Promise.all([
        account.codepipeline.getPipelineState(node.pipeline.name),
        account.codepipeline.listPipelineExecutions(node.pipeline.name, {
          pageSize: historyOpen ? EXECUTION_PAGE : 1,
        }),
      ]);
      node.latest = executions.items[0];
      node.error = undefined;
      this.setChildren(node, this.pipelineChildren(node, state));
      if (history && historyOpen) this.mergeHistory(history, executions.items);
      await this.pollBuilds(node, account);
    } catch (err) {
      const error = errorInfo(err);
      // A transient failure keeps what is shown; the next cycle tries again.
      if (error.remedy === 'retry') return;
      this.setChildren(node, [this.errorNode(node, error)]);
    }
  }

  /** The newest executions replace their rows; older pages already loaded stay below. */
  private mergeHistory(history: ExecutionsNode, newest: PipelineExecution[]): void {
    const rows = newest.map((e) => this.executionNode(history, e));
    const ids = new Set(rows.map((r) => r.id));
    const rest = (this.cachedChildren(history) ?? []).filter((n) => !ids.has(n.id) && n.kind !== 'message');
    this.setChildren(history, [...rows, ...rest]);
  }

  /** Open CodeBuild actions of a pipeline: their builds, in one BatchGetBuilds. */
  private async pollBuilds(pipeline: PipelineNode, account: AwsAccount): Promise<void> {
    const actions = this.expandedOf('action').filter(
      (a) => a.id.startsWith(`${pipeline.id}/`) && this.cachedChildren(a) !== undefined,
    );
    const ids = [
      ...new Set(actions.map((a) => a.action.externalExecutionId).filter((x): x is string => !!x)),
    ];
    if (ids.length === 0) return;
    const found = new Map((await account.codebuild.batchGetBuilds(ids)).found.map((b) => [b.id, b]));
    for (const a of actions) {
      const build = found.get(a.action.externalExecutionId ?? '');
      if (build) this.setChildren(a, [this.buildNode(a, build)]);
    }
  }
}

function sameConn(a: Node['conn'], b: Node['conn']): boolean {
  return a.profile === b.profile && a.region === b.region;
}
