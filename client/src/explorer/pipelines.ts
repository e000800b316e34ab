// The Pipelines view: connection → pipelines (with the latest execution's status) → stages → actions.
// A pipeline whose execution cannot be read (access denied on that one pipeline) shows a warning and,
// when expanded, an error node, while the others load. Polling reads the state of each expanded
// pipeline once per cycle.
import type { AwsAccount, PipelineState } from '../aws';
import { loadAws, type Connections } from './connections';
import { errorInfo, type ActionNode, type Node, type PipelineNode, type StageNode } from './nodes';
import { ExplorerTree } from './tree';
import type * as vscode from 'vscode';

/** Pipelines per ListPipelines page; the rest behind "Load more…". */
export const PIPELINE_PAGE = 50;

export class PipelinesTree extends ExplorerTree {
  constructor(connections: Connections, log: vscode.LogOutputChannel) {
    super('awsCicd.pipelines', connections, log);
  }

  protected filterName(node: Node): string | undefined {
    return node.kind === 'pipeline' ? node.pipeline.name : undefined;
  }

  protected async load(node: Node, account: AwsAccount): Promise<Node[]> {
    if (node.kind === 'connection') return this.loadPipelines(node, account);
    if (node.kind === 'pipeline') {
      const state = await account.codepipeline.getPipelineState(node.pipeline.name);
      node.error = undefined;
      return this.stageNodes(node, state);
    }
    return [];
  }

  private async loadPipelines(parent: Node, account: AwsAccount, nextToken?: string): Promise<Node[]> {
    const page = await account.codepipeline.listPipelines({ nextToken, pageSize: PIPELINE_PAGE });
    const { mapSettled } = await loadAws();
    const nodes = page.items.map((p) =>
      this.intern<PipelineNode>({
        kind: 'pipeline',
        id: `${parent.id}/${p.name}`,
        view: this.viewId,
        conn: parent.conn,
        pipeline: p,
      }),
    );
    // The latest execution of each, a few at a time; one failure marks only its own pipeline.
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
    if (!nextToken && out.length === 0)
      out.push(this.message(parent, `No pipelines in ${parent.conn.region}`));
    return out;
  }

  private stageNodes(pipeline: PipelineNode, state: PipelineState): StageNode[] {
    return state.stages.map((stage) =>
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
        action,
      }),
    );
  }

  anyRunning(): boolean {
    for (const n of this.nodes.values()) {
      if (n.kind === 'pipeline' && this.running(n.latest?.status)) return true;
      if (n.kind === 'stage' && this.expanded.has(n.id) && this.running(n.stage.status)) return true;
    }
    return false;
  }

  /** One GetPipelineState (and the latest execution) per expanded pipeline. */
  async poll(): Promise<void> {
    const pipelines = this.expandedOf('pipeline').filter((p) => this.cachedChildren(p) !== undefined);
    await Promise.all(pipelines.map((p) => this.pollPipeline(p)));
  }

  private async pollPipeline(node: PipelineNode): Promise<void> {
    try {
      const account = await this.connections.account(node.conn);
      const [state, executions] = await Promise.all([
        account.codepipeline.getPipelineState(node.pipeline.name),
        account.codepipeline.listPipelineExecutions(node.pipeline.name, { pageSize: 1 }),
      ]);
      node.latest = executions.items[0];
      node.error = undefined;
      this.setChildren(node, this.stageNodes(node, state));
    } catch (err) {
      const error = errorInfo(err);
      // A transient failure keeps what is shown; the next cycle tries again.
      if (error.remedy === 'retry') return;
      this.setChildren(node, [this.errorNode(node, error)]);
    }
  }
}
