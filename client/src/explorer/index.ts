// The AWS CI/CD explorer: the store of what is known of AWS per connection, the Pipelines and CodeBuild
// views that draw it, the one polling policy that keeps it fresh for what is shown, the watch of this
// repository's pipelines, and the small API the end-to-end tests read.
// Creating it makes no AWS call and loads no SDK; that happens when a view first asks for its children
// in a trusted workspace, or a few seconds after activation when the workspace is a Git repository
// with a remote (to find the pipelines it feeds, see watch.ts).
import { RunBuildspecLens } from './runBuildspec';
import { PipelineDefinitions } from './definitions';
import * as vscode from 'vscode';
import { editorHost } from '../commands/host';
import type { CommandHost } from '../commands/define';
import { SETTING } from '../ids';
import { affects } from '../settings';
import { AwsStore } from '../store';
import { PollingPolicy, systemClock, VIEW_PACE, WATCH_PACE } from '../store/polling';
import { CodeBuildTree } from './codebuild';
import { ConnectionList, type ProfileRegion } from './connections';
import { EXPLORER_COMMANDS } from './commandTable';
import type { Node } from './nodes';
import { Prompts, type PromptAnswerer, type ShownPrompt } from './prompts';
import type { ExplorerServices } from './services';
import { PipelinesTree } from './pipelines';
import { Pins } from './pins';
import type { ExplorerTree, NodeSnapshot } from './tree';
import { PipelineWatch, type WatchSnapshot } from './watch';
import { WatchDiscovery } from './watchDiscovery';

/** The repository watch's name in the polling policy. */
const WATCH = 'watch';

/** What `activate()` exposes of the explorer, for tests. */
export interface ExplorerApi {
  /** The rows under an element (by id), or the roots, of `awsCicd.pipelines` or `awsCicd.codebuild`. */
  children(viewId: string, parentId?: string): Promise<NodeSnapshot[]>;
  /** Forgets everything loaded in both views. */
  refresh(): void;
  connections(): readonly ProfileRegion[];
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
  readonly connections: ConnectionList;
  /** What the explorer knows of AWS, per connection: the views, the watch and the logs read it. */
  readonly store: AwsStore;
  readonly pipelines: PipelinesTree;
  readonly codebuild: CodeBuildTree;
  readonly polling: PollingPolicy;
  readonly definitions = new PipelineDefinitions();
  readonly pins: Pins;
  readonly watch: PipelineWatch;
  readonly prompts = new Prompts();
  /** What the explorer's commands act on, handed to them by the command table. */
  readonly services: ExplorerServices;
  /** The command wrapper's editor, for the test API's runs. */
  private readonly host: CommandHost;
  /** Whether the extension runs in test mode (set by activate). */
  testMode = false;
  /** Whether options passed through the command registry count; only ever true in test mode. */
  argumentsHonoured = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly log: vscode.LogOutputChannel,
    readonly state: vscode.Memento,
  ) {
    this.connections = new ConnectionList(log);
    this.store = new AwsStore({
      account: (target) => this.connections.account(target),
      now: () => Date.now(),
      warn: (message) => log.warn(message),
    });
    this.connections.onOpened = (c, account) => this.store.adopt(c, account);
    this.pins = new Pins(state);
    this.pipelines = new PipelinesTree(this.connections, this.store, this.pins);
    this.codebuild = new CodeBuildTree(this.connections, this.store, this.pins);
    this.polling = new PollingPolicy(systemClock, (message) => log.warn(`Explorer poll: ${message}`));
    this.polling.setFocused(vscode.window.state.focused);
    const lens = new RunBuildspecLens();
    this.disposables.push(
      lens,
      this.pins,
      vscode.languages.registerCodeLensProvider({ language: 'buildspec' }, lens),
      this.definitions,
      this.connections,
      this.pipelines,
      this.codebuild,
      this.polling,
      { dispose: () => this.store.dispose() },
    );
    for (const tree of this.trees()) {
      const view = tree.createView();
      this.disposables.push(
        view,
        view.onDidChangeVisibility(() => this.polling.update()),
        this.polling.add(
          {
            name: tree.viewId,
            visible: () => view.visible,
            busy: () => tree.busy(),
            poll: () => tree.poll(),
          },
          VIEW_PACE,
        ),
      );
    }
    const discovery = new WatchDiscovery(this.connections, this.pins, state, log);
    this.watch = new PipelineWatch(
      discovery,
      this.store,
      log,
      () => this.polling.startIn(WATCH, 500),
      (conn, name) => this.pipelines.revealPipeline(conn, name),
    );
    this.services = {
      store: this.store,
      connections: this.connections,
      views: {
        pipelines: this.pipelines,
        codebuild: this.codebuild,
        tree: (viewId) => this.tree(viewId),
        node: (id) => this.node(id),
        refresh: () => this.refresh(),
      },
      prompts: this.prompts,
      pins: this.pins,
      watch: this.watch,
      definitions: this.definitions,
      state,
      log,
      acted: () => this.acted(),
    };
    this.host = editorHost(log, (message, detail, ...buttons) =>
      this.prompts.modal(message, detail, ...buttons),
    );
    this.disposables.push(
      this.watch,
      // What moves decides the pace: a change in the store may start or end the fast one.
      this.store.onDidChange(() => this.polling.update()),
      vscode.window.onDidChangeWindowState((s) => this.polling.setFocused(s.focused)),
      this.connections.onDidChange(() => {
        this.refresh();
        this.watch.restart();
      }),
      this.pins.onDidChange(() => this.watch.restart()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, SETTING.statusBarRepositoryPipelines)) this.watch.restart();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.log.info('Workspace trusted: loading the AWS explorer');
        this.refresh();
        this.watch.restart();
      }),
    );
  }

  /** Reads the connections in the background; the views wait for it, the watch starts after it. */
  start(): void {
    const ready = this.connections.reload().catch((err: unknown) => {
      this.log.error(
        `Explorer: could not read the connections: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
    for (const tree of this.trees()) tree.ready = ready;
    void ready.then(() => {
      this.disposables.push(
        this.polling.add(
          { name: WATCH, visible: () => true, busy: () => false, poll: () => this.watch.cycle() },
          WATCH_PACE,
        ),
      );
      // Shortly after activation, without slowing it down.
      this.polling.startIn(WATCH, 3000);
    });
  }

  trees(): ExplorerTree[] {
    return [this.pipelines, this.codebuild];
  }

  tree(viewId: string): ExplorerTree {
    const tree = this.trees().find((t) => t.viewId === viewId);
    if (!tree) throw new Error(`Unknown view: ${viewId}`);
    return tree;
  }

  /** An element of either view by id, with the store's current data. */
  node(id: string): Node | undefined {
    const p = this.pipelines.get(id);
    if (p) return this.pipelines.fresh(p);
    const c = this.codebuild.get(id);
    return c ? this.codebuild.fresh(c) : undefined;
  }

  /**
   * A user's action changed something: polls of the views (and the watch) come within the fast
   * pace, so its result shows without waiting for the slow one.
   */
  acted(): void {
    this.polling.hurry();
  }

  refresh(): void {
    for (const t of this.trees()) t.refresh();
    this.polling.update();
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
      pollerState: () => {
        const views = this.trees().map((t) => this.polling.state(t.viewId));
        return { cycles: views.reduce((n, v) => n + v.cycles, 0), active: views.some((v) => v.active) };
      },
      run: (command, ...args) => {
        const entry = EXPLORER_COMMANDS[command];
        if (!entry) return Promise.reject(new Error(`Not an explorer command: ${command}`));
        return entry.invoke(this.services, this.host, { unattended: true }, args);
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
