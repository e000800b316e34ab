// Every name the extension shares with VS Code: command, view, context, setting, status bar item and
// stored-state keys, each spelled once. package.json spells them too; test/client/ids.test.ts checks
// that the two agree, so a rename here that package.json does not follow fails the tests.

/** The prefix of every id; the settings section and the language client's id. */
export const PREFIX = 'awsCicd';

type Group<P extends string, N extends readonly string[]> = { readonly [K in N[number]]: `${P}.${K}` };

function group<const P extends string, const N extends readonly string[]>(prefix: P, names: N): Group<P, N> {
  return Object.fromEntries(names.map((n) => [n, `${prefix}.${n}`])) as Group<P, N>;
}

/** Command ids, by feature. */
export const COMMAND = {
  ...group(PREFIX, ['restartServer', 'showOutput']),
  explorer: group(`${PREFIX}.explorer`, [
    'refresh',
    'filterPipelines',
    'filterProjects',
    'addConnection',
    'removeConnection',
    'selectProfile',
    'signIn',
    'retry',
    'loadMore',
    'pin',
    'unpin',
    'showRepoPipelines',
    'startBuild',
    'stopBuild',
    'retryBuild',
    'runBuildspec',
    'startPipeline',
    'stopExecution',
    'retryStage',
    'approve',
    'reject',
    'viewPipelineDefinition',
    'openInConsole',
    'copyId',
  ]),
  logs: group(`${PREFIX}.logs`, [
    'openBuildLog',
    'openFile',
    'follow',
    'pause',
    'resume',
    'loadEarlier',
    'showProblems',
    'openInConsole',
  ]),
} as const;

/** The activity bar container and its views. */
export const VIEW = {
  container: PREFIX,
  ...group(PREFIX, ['pipelines', 'codebuild']),
} as const;

/** Context keys set with `setContext`, read by `when` clauses in package.json. */
export const CONTEXT = group(`${PREFIX}.logs`, ['active', 'following']);

/** Setting keys, relative to the `awsCicd` section. */
export const SETTING = {
  filesBuildspec: 'files.buildspec',
  filesAppspec: 'files.appspec',
  buildspecImage: 'buildspec.image',
  diagnosticsRules: 'diagnostics.rules',
  traceServer: 'trace.server',
  connections: 'connections',
  endpointUrl: 'endpointUrl',
  notifications: 'notifications',
  statusBarRepositoryPipelines: 'statusBar.repositoryPipelines',
  logsOpenOnStartBuild: 'logs.openOnStartBuild',
  logsProblemsOnFailure: 'logs.problemsOnFailure',
  logsPollIntervalMs: 'logs.pollIntervalMs',
  logsLiveTail: 'logs.liveTail',
} as const;

export type SettingKey = (typeof SETTING)[keyof typeof SETTING];

/** A setting's full id, as `affectsConfiguration` and `inspect` on the whole configuration want it. */
export function settingId(key: SettingKey): `${typeof PREFIX}.${SettingKey}` {
  return `${PREFIX}.${key}`;
}

/** Keys of the extension's global state (`ExtensionContext.globalState`). */
export const STATE = group(PREFIX, ['pinned', 'lastOverrides', 'pipelineSources']);

/** Status bar and language status items. */
export const ITEM = group(PREFIX, ['connections', 'repoPipeline', 'documentStatus', 'logs']);

/** The diagnostic collection of build log problems. */
export const DIAGNOSTICS = `${PREFIX}.buildLogs`;
