// The AWS CI/CD explorer: the Pipelines and CodeBuild views over the configured connections, their
// polling, the watch of this repository's pipelines, and the small API the end-to-end tests read.
// Creating it makes no AWS call and loads no SDK; that happens when a view first asks for its children
// in a trusted workspace, or a few seconds after activation when the workspace is a Git repository
// with a remote (to find the pipelines it feeds, see watch.ts).
import { RunBuildspecLens } from './runBuildspec';
import { PipelineDefinitions } from './definitions';
import * as vscode from 'vscode';
import type { Build } from '../aws';
import { CodeBuildTree } from './codebuild';
import { Connections, type Connection } from './connections';
import { EXPLORER_COMMANDS } from './commands';
import type { Node } from './nodes';
import { Prompts, type PromptAnswerer, type ShownPrompt } from './prompts';
import { PipelinesTree } from './pipelines';
import { Pins } from './pins';
import { Poller } from './poller';
import type { ExplorerTree, NodeSnapshot } from './tree';
import { PipelineWatch, type WatchSnapshot } from './watch';

/** What `activate()` exposes of the explorer, for tests. */
export interface ExplorerApi {
  /** The rows under an element (by id), or the roots, of `awsCicd.pipelines` or `awsCicd.codebuild`. */
  children(viewId: string, parentId?: string): Promise<NodeSnapshot[]>;
  /** Forgets everything loaded in both views. */
  refresh(): void;
  connections(): readonly Connection[];
  statusText(): string;
  /** The view's description (the filter). */
  description(viewId: string): string | undefined;
  /** Runs one polling cycle over the given (or the visible) views. */
  poll(viewId?: string): Promise<void>;
  /** Marks an element expanded, as the user's click would (polling looks at expanded elements). */
  markExpanded(viewId: string, id: string): void;
  /** Runs one check of the watched pipelines now; what the repository's status bar item shows. */
  watch(): Promise<WatchSnapshot>;
  /** The poller's completed cycles and whether it would run now (visible view, focused window). */
  pollerState(): { cycles: number; active: boolean };
  /** Runs an explorer command as an unattended caller: its options (`confirm: false`, values) count. */
  run(command: string, ...args: unknown[]): Promise<unknown>;
  /**
   * Whether options passed through VS Code's command registry count (in test mode they do by
   * default); a test turns this off to call commands as a `command:` link or keybinding would.
   * It can be turned on only in test mode.
   */
  honourCommandArguments(on: boolean): void;
  /** Answers the explorer's modal confirmations instead of the dialog; undefined puts it back. */
  answerPrompts(answerer: PromptAnswerer | undefined): void;
  /** The confirmations asked so far (the last 50). */
  prompts(): ShownPrompt[];
}

export class Explorer implements vscode.Disposable {
  readonly connections: Connections;
  readonly pipelines: PipelinesTree;
  readonly codebuild: CodeBuildTree;
  readonly poller: Poller;
  readonly definitions = new PipelineDefinitions();
  readonly pins: Pins;
  readonly watch: PipelineWatch;
  readonly prompts = new Prompts();
  /** Whether the extension runs in test mode (set by activate). */
  testMode = false;
  /** Whether options passed through the command registry count; only ever true in test mode. */
  argumentsHonoured = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly log: vscode.LogOutputChannel,
    readonly state: vscode.Memento,
  ) {
    this.connections = new Connections(log);
    this.pins = new Pins(state);
    this.pipelines = new PipelinesTree(this.connections, log, this.pins);
    this.codebuild = new CodeBuildTree(this.connections, log, this.pins);
    const lens = new RunBuildspecLens();
    this.disposables.push(
      lens,
      this.pins,
      vscode.languages.registerCodeLensProvider({ language: 'buildspec' }, lens),
      this.definitions,
      this.connections,
      this.pipelines,
      this.codebuild,
      this.pipelines.createView(),
      this.codebuild.createView(),
    );
    this.poller = new Poller(this.trees(), log);
    this.watch = new PipelineWatch(this.connections, this.pins, state, log, (conn, name) =>
      this.pipelines.revealPipeline(conn, name),
    );
    this.disposables.push(
      this.poller,
      this.watch,
      this.connections.onDidChange(() => this.refresh()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.log.info('Workspace trusted: loading the AWS explorer');
        this.refresh();
      }),
    );
  }

  /** Reads the connections in the background; the views wait for it. */
  start(): void {
    const ready = this.connections.reload().catch((err: unknown) => {
      this.log.error(
        `Explorer: could not read the connections: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
    for (const tree of this.trees()) tree.ready = ready;
    void ready.then(() => this.watch.start());
  }

  trees(): ExplorerTree[] {
    return [this.pipelines, this.codebuild];
  }

  tree(viewId: string): ExplorerTree {
    const tree = this.trees().find((t) => t.viewId === viewId);
    if (!tree) throw new Error(`Unknown view: ${viewId}`);
    return tree;
  }

  /** An element of either view by id. */
  node(id: string): Node | undefined {
    return this.pipelines.get(id) ?? this.codebuild.get(id);
  }

  /** A build's new state, on its rows in both views. */
  updateBuild(build: Build): void {
    for (const t of this.trees()) t.updateBuild(build);
  }

  refresh(): void {
    for (const t of this.trees()) t.refresh();
    this.poller.schedule();
  }

  api(): ExplorerApi {
    return {
      children: async (viewId, parentId) => {
        const tree = this.tree(viewId);
        const parent = parentId === undefined ? undefined : tree.get(parentId);
        if (parentId !== undefined && !parent) throw new Error(`No element ${parentId} in ${viewId}`);
        const children = await tree.getChildren(parent);
        return children.map((c) => tree.snapshot(c));
      },
      refresh: () => this.refresh(),
      connections: () => this.connections.list(),
      statusText: () => this.connections.statusText(),
      description: (viewId) => this.tree(viewId).view?.description,
      poll: async (viewId) => {
        const trees = viewId ? [this.tree(viewId)] : this.trees().filter((t) => t.view?.visible);
        await Promise.all(trees.map((t) => t.poll()));
      },
      markExpanded: (viewId, id) => this.tree(viewId).expanded.add(id),
      watch: async () => {
        await this.watch.cycle();
        return this.watch.snapshot();
      },
      pollerState: () => ({ cycles: this.poller.cycles, active: this.poller.active() }),
      run: (command, ...args) => {
        const factory = EXPLORER_COMMANDS[command];
        if (!factory) return Promise.reject(new Error(`Not an explorer command: ${command}`));
        return Promise.resolve(factory(() => this)({ unattended: true }, ...args));
      },
      honourCommandArguments: (on) => {
        this.argumentsHonoured = on && this.testMode;
      },
      answerPrompts: (answerer) => this.prompts.answerWith(answerer),
      prompts: () => this.prompts.shown(),
    };
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
