// What the explorer's commands act on, handed to each command explicitly by the command table: the
// store (what is known of AWS, and where a command reports what it did), the connections, the two
// views, the confirmations, the pins, the watch, and the log. Nothing here is reached through the
// explorer object: a command names what it uses.
import type * as vscode from 'vscode';
import type { AwsStore } from '../store';
import type { CodeBuildTree } from './codebuild';
import type { ConnectionList } from './connections';
import type { PipelineDefinitions } from './definitions';
import type { Node } from './nodes';
import type { Pins } from './pins';
import type { PipelinesTree } from './pipelines';
import type { Prompts } from './prompts';
import type { ExplorerTree } from './tree';
import type { PipelineWatch } from './watch';

/** The Pipelines and CodeBuild views. */
export interface Views {
  readonly pipelines: PipelinesTree;
  readonly codebuild: CodeBuildTree;
  tree(viewId: string): ExplorerTree;
  /** An element of either view by id, with the store's current data. */
  node(id: string): Node | undefined;
  /** Forgets everything the views show and loads it again. */
  refresh(): void;
}

export interface ExplorerServices {
  readonly store: AwsStore;
  readonly connections: ConnectionList;
  readonly views: Views;
  readonly prompts: Prompts;
  readonly pins: Pins;
  readonly watch: PipelineWatch;
  readonly definitions: PipelineDefinitions;
  /** Remembered answers (environment variable overrides per project). */
  readonly state: vscode.Memento;
  readonly log: vscode.LogOutputChannel;
  /** A user's action changed something: the views and the watch poll within the fast pace. */
  acted(): void;
}
