// The commands that start, stop and retry CodeBuild builds: Start Build (source version, environment
// variable overrides remembered per project), Stop Build, Retry Build, and Run this buildspec. Each
// confirms with a modal; options that skip prompts count only for unattended callers (commandArgs.ts).
import * as vscode from 'vscode';
import { COMMAND } from '../ids';
import { askBuildInputs, buildQuestion, pickProject, type BuildInputOptions } from './buildPrompts';
import { callOptions, nameArgument } from './commandArgs';
import {
  afterStart,
  explorerCommand,
  resolveNode,
  type Body,
  type ExplorerCommands,
  type PromptOptions,
} from './commandSupport';
import type { ProfileRegion } from './connections';
import { runBuildspec } from './runBuildspec';

const startBuild: Body = async (explorer, call, arg, opts) => {
  const options = callOptions<BuildInputOptions>(call, opts);
  const node = resolveNode(explorer, arg);
  const name = node ? undefined : nameArgument(call, arg);
  let target: { conn: ProfileRegion; name: string } | undefined;
  if (node?.kind === 'project') target = { conn: node.conn, name: node.name };
  else if (name) target = { conn: explorer.connections.list()[0], name };
  else target = await pickProject(explorer, 'Start Build');
  if (!target?.conn) return undefined;
  const inputs = await askBuildInputs(explorer, target, 'Start Build', options);
  if (!inputs) return undefined;
  if (options.confirm !== false) {
    const q = buildQuestion(target, inputs);
    if ((await explorer.prompts.modal(q.message, q.detail, 'Start Build')) !== 'Start Build')
      return undefined;
  }
  const { sourceVersion, environment } = inputs;
  const account = await explorer.connections.account(target.conn);
  const build = await account.codebuild.startBuild(target.name, {
    sourceVersion: sourceVersion || undefined,
    environmentVariablesOverride: environment.length ? environment : undefined,
  });
  // Names only: a value may be a secret.
  explorer.log.info(
    `Explorer: started build ${build.id}${environment.length ? ` overriding ${environment.map((v) => v.name).join(', ')}` : ''}`,
  );
  afterStart(explorer, target.conn, build, options);
  return build.id;
};

const stopBuild: Body = async (explorer, call, arg, opts) => {
  const options = callOptions<PromptOptions>(call, opts);
  const node = resolveNode(explorer, arg);
  if (node?.kind !== 'build' || node.build.complete) return undefined;
  if (options.confirm !== false) {
    const ok = await explorer.prompts.modal(`Stop build ${node.build.id}?`, undefined, 'Stop Build');
    if (ok !== 'Stop Build') return undefined;
  }
  const account = await explorer.connections.account(node.conn);
  const build = await account.codebuild.stopBuild(node.build.id);
  explorer.log.info(`Explorer: stopped build ${build.id}`);
  explorer.store.of(node.conn).builds.reportBuild(build);
  explorer.acted();
  return build.status;
};

const retryBuild: Body = async (explorer, call, arg, opts) => {
  const options = callOptions<PromptOptions>(call, opts);
  const node = resolveNode(explorer, arg);
  if (node?.kind !== 'build' || !node.build.complete) return undefined;
  if (options.confirm !== false) {
    const ok = await explorer.prompts.modal(
      `Retry build ${node.build.id}? It starts a new build with the same settings.`,
      undefined,
      'Retry Build',
    );
    if (ok !== 'Retry Build') return undefined;
  }
  const account = await explorer.connections.account(node.conn);
  const build = await account.codebuild.retryBuild(node.build.id);
  explorer.log.info(`Explorer: retried build ${node.build.id} as ${build.id}`);
  afterStart(explorer, node.conn, build, options);
  return build.id;
};

const runBuildspecCommand: Body = (explorer, call, arg, opts) =>
  runBuildspec(explorer, arg instanceof vscode.Uri ? arg : undefined, callOptions(call, opts));

export const BUILD_COMMANDS: ExplorerCommands = {
  [COMMAND.explorer.startBuild]: explorerCommand(
    { title: 'Start Build', aws: true, failed: 'start a build' },
    startBuild,
  ),
  [COMMAND.explorer.stopBuild]: explorerCommand(
    { title: 'Stop Build', aws: true, failed: 'stop the build' },
    stopBuild,
  ),
  [COMMAND.explorer.retryBuild]: explorerCommand(
    { title: 'Retry Build', aws: true, failed: 'retry the build' },
    retryBuild,
  ),
  [COMMAND.explorer.runBuildspec]: explorerCommand(
    { title: 'Run this buildspec on CodeBuild', aws: true, failed: 'run the buildspec on CodeBuild' },
    runBuildspecCommand,
  ),
};
