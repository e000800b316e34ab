// The build-log commands, for the extension's command table (commands/table.ts): open a build's log (from a tree row, from Start Build, or
// picked), follow and pause, open in the console, show problems, load earlier lines, read again after
// a failure, and open a saved log file. A command's arguments are anyone's to pass (another extension,
// a `command:` link), so a build argument counts only in a configured connection, a document argument
// only when it is one of ours, and a file argument (which skips the file dialog) only under test.
import * as vscode from 'vscode';
import type { Build } from '../aws';
import type { ProfileRegion as Connection } from '../settings';
import { CommandError, defineCommand, type Call, type CommandTable } from '../commands/define';
import { COMMAND } from '../ids';
import type { BuildLogs } from './index';
import { LOG_SCHEME } from './providers';
import { READ_AGAIN_TITLE, readingStopped, type BuildRef } from './session';
import { isBuildId, quotable } from './uris';

/**
 * What `awsCicd.logs.openBuildLog` accepts, read from a tree node or a plain object: a well-formed build
 * id in a connection. (The caller checks that the connection is configured.)
 */
export function buildRefOf(arg: unknown): { ref: BuildRef; build?: Build } | undefined {
  const found = readBuildArg(arg);
  if (!found || !isBuildId(found.ref.buildId)) return undefined;
  const { profile, region } = found.ref;
  return typeof profile === 'string' && profile && typeof region === 'string' && region ? found : undefined;
}

function readBuildArg(arg: unknown): { ref: BuildRef; build?: Build } | undefined {
  const a = (arg ?? {}) as {
    kind?: unknown;
    conn?: Partial<Connection>;
    build?: Build;
    action?: { externalExecutionId?: unknown };
    profile?: unknown;
    region?: unknown;
    buildId?: unknown;
  };
  const conn = a.conn;
  if (a.kind === 'build' && conn?.profile && conn.region && typeof a.build?.id === 'string') {
    // The build's fields are used only once AWS has returned the same build again.
    return { ref: { profile: conn.profile, region: conn.region, buildId: a.build.id } };
  }
  if (
    a.kind === 'action' &&
    conn?.profile &&
    conn.region &&
    typeof a.action?.externalExecutionId === 'string'
  ) {
    return { ref: { profile: conn.profile, region: conn.region, buildId: a.action.externalExecutionId } };
  }
  if (typeof a.profile === 'string' && typeof a.region === 'string' && typeof a.buildId === 'string') {
    return { ref: { profile: a.profile, region: a.region, buildId: a.buildId } };
  }
  return undefined;
}

/** `project-3 #12`, or the id's project part when the number is not known yet. */
function buildName(ref: BuildRef, build?: Build): string {
  return build?.buildNumber !== undefined
    ? `${build.projectName} #${build.buildNumber}`
    : `${ref.buildId.split(':')[0]} ${ref.buildId.split(':')[1]?.slice(0, 8) ?? ''}`.trim();
}

/** What Open Build Log acts on: a build named by its argument, one the user picks, or nothing usable. */
type OpenTarget = { ref: BuildRef; build?: Build } | 'pick' | 'invalid';

async function openBuildLog(logs: BuildLogs, given: OpenTarget): Promise<vscode.Uri | undefined> {
  if (given === 'invalid') throw new CommandError('this item is not a CodeBuild build');
  let target = given === 'pick' ? await pickBuild(logs) : given;
  if (!target) return undefined;
  if (!logs.knows(target.ref)) {
    throw new CommandError(
      `profile "${quotable(target.ref.profile)}" in ${quotable(target.ref.region)} is not one of the AWS CI/CD connections`,
      `open the log of build ${quotable(target.ref.buildId)}`,
    );
  }
  if (!target.build) {
    // The number makes the tab's title; a failure here is shown in the document itself.
    try {
      const account = await logs.connections.account({
        profile: target.ref.profile,
        region: target.ref.region,
      });
      const build = (await account.codebuild.batchGetBuilds([target.ref.buildId])).found[0];
      target = { ...target, build };
    } catch (err) {
      logs.log.warn(
        `Could not read build ${target.ref.buildId}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  return logs.openBuild(target.ref, buildName(target.ref, target.build));
}

/** Lets the user pick a connection (if several), a project and one of its recent builds. */
async function pickBuild(logs: BuildLogs): Promise<{ ref: BuildRef; build: Build } | undefined> {
  const conns = logs.connections.list();
  let conn: Connection | undefined = conns[0];
  if (conns.length > 1) {
    const picked = await vscode.window.showQuickPick(
      conns.map((c) => ({ label: `${c.profile} · ${c.region}`, conn: c })),
      { title: 'Open Build Log: connection' },
    );
    conn = picked?.conn;
  }
  if (!conn) return undefined;
  try {
    const account = await logs.connections.account(conn);
    const projects = await account.codebuild.listAllProjects();
    const project = await vscode.window.showQuickPick(projects, { title: 'Open Build Log: project' });
    if (!project) return undefined;
    const ids = (await account.codebuild.listBuildsForProject(project)).items.slice(0, 20);
    const builds = ids.length ? (await account.codebuild.batchGetBuilds(ids)).found : [];
    const picked = await vscode.window.showQuickPick(
      builds.map((b) => ({
        label: `#${b.buildNumber ?? '?'}`,
        description: [
          b.status.replace(/_/g, ' ').toLowerCase(),
          b.sourceVersion,
          b.startTime?.toLocaleString(),
        ]
          .filter(Boolean)
          .join(' · '),
        build: b,
      })),
      {
        title: `Open Build Log: a build of ${project}`,
        placeHolder: builds.length ? undefined : 'No builds yet',
      },
    );
    return (
      picked && {
        ref: { profile: conn.profile, region: conn.region, buildId: picked.build.id },
        build: picked.build,
      }
    );
  } catch (err) {
    throw new CommandError(err instanceof Error ? err.message : String(err), 'list the builds to open');
  }
}

/** Whether a URL AWS returned opens the AWS console (and nothing else). */
export function isConsoleUrl(url: string | undefined): url is string {
  if (!url) return false;
  try {
    const u = new URL(url);
    const host = u.hostname;
    return (
      u.protocol === 'https:' &&
      u.username === '' &&
      u.password === '' &&
      ['console.aws.amazon.com', 'console.amazonaws.cn', 'console.amazonaws-us-gov.com'].some(
        (h) => host === h || host.endsWith(`.${h}`),
      )
    );
  } catch {
    return false;
  }
}

/** The AWS console page of a build's log: the CloudWatch deep link, else the build's page. */
export function consoleUrl(ref: BuildRef, build?: Build): string {
  if (isConsoleUrl(build?.logs?.deepLink)) return build.logs.deepLink;
  if (build?.logOutput?.kind === 's3' && isConsoleUrl(build.logOutput.deepLink))
    return build.logOutput.deepLink;
  const project = encodeURIComponent(ref.buildId.split(':')[0]);
  return `https://${ref.region}.console.aws.amazon.com/codesuite/codebuild/projects/${project}/build/${encodeURIComponent(ref.buildId)}/?region=${ref.region}`;
}

/**
 * "Retry Reading the Log": a tail that stopped for the user (credentials, sign-in) reads on from where
 * it stopped, at once (the status bar's tooltip said what to fix first; if it is not fixed, the tail
 * stops again and says so); a log still waiting looks again; any other stopped log starts over in a
 * new session. It asks nothing and changes no setting.
 */
function readAgain(logs: BuildLogs, arg: vscode.Uri | undefined): boolean {
  const uri = arg?.scheme === LOG_SCHEME ? arg : vscode.window.activeTextEditor?.document.uri;
  if (uri?.scheme !== LOG_SCHEME) {
    noLog();
    return false;
  }
  const s = logs.session(uri);
  const st = s?.state;
  if ((s?.ref && st?.kind === 'stalled') || (s && st?.kind === 'waiting')) {
    s.resume();
    return true;
  }
  if (s && st && !readingStopped(st)) {
    void vscode.window.showInformationMessage(`${READ_AGAIN_TITLE}: this log is not stopped`);
    return false;
  }
  return logs.readAgain(uri);
}

function noLog(): void {
  void vscode.window.showInformationMessage('Open a build log first (AWS CI/CD: Open Build Log…)');
}

/** The log document a command names (editor title, CodeLens, status bar), else the active one. */
function logDocument(_call: Call, [uri]: readonly unknown[]): [vscode.Uri | undefined] {
  return [uri instanceof vscode.Uri ? uri : undefined];
}

/** The log commands; each takes the log document's URI (editor title) or works on the active one. */
export const LOG_COMMANDS: CommandTable<BuildLogs> = {
  [COMMAND.logs.openBuildLog]: defineCommand<BuildLogs, [OpenTarget]>({
    title: 'Open Build Log',
    aws: true,
    failed: (t) => (typeof t === 'object' ? `open the log of build ${t.ref.buildId}` : 'open the build log'),
    args: (_call, [arg]) => [arg === undefined ? 'pick' : (buildRefOf(arg) ?? 'invalid')],
    run: (logs, _inv, target) => openBuildLog(logs, target),
  }),
  [COMMAND.logs.follow]: defineCommand<BuildLogs, [vscode.Uri | undefined]>({
    title: 'Follow Log',
    args: logDocument,
    run: (logs, _inv, uri) => {
      const s = logs.target(uri);
      if (s) logs.setFollowing(s, true);
      else noLog();
    },
  }),
  [COMMAND.logs.pause]: defineCommand<BuildLogs, [vscode.Uri | undefined]>({
    title: 'Stop Following Log',
    args: logDocument,
    run: (logs, _inv, uri) => {
      const s = logs.target(uri);
      if (s) logs.setFollowing(s, false);
      else noLog();
    },
  }),
  [COMMAND.logs.openInConsole]: defineCommand<BuildLogs, [vscode.Uri | undefined]>({
    title: 'Open Log in AWS Console',
    failed: 'open the log in the AWS console',
    args: logDocument,
    run: async (logs, _inv, uri) => {
      const s = logs.target(uri);
      if (!s?.ref) return noLog();
      await vscode.env.openExternal(vscode.Uri.parse(consoleUrl(s.ref, s.build)));
    },
  }),
  [COMMAND.logs.showProblems]: defineCommand<BuildLogs, [vscode.Uri | undefined]>({
    title: 'Show Build Errors in Problems',
    failed: 'show the build errors in Problems',
    args: logDocument,
    run: async (logs, _inv, uri) => {
      const s = logs.target(uri);
      if (!s) return noLog();
      return logs.showProblems(s, true);
    },
  }),
  [COMMAND.logs.loadEarlier]: defineCommand<BuildLogs, [vscode.Uri | undefined]>({
    title: 'Load Earlier Log Lines',
    aws: true,
    failed: 'load the earlier lines of the log',
    args: logDocument,
    run: async (logs, _inv, uri) => {
      const s = logs.target(uri);
      if (!s?.ref) return noLog();
      const to = s.model.firstLine;
      if (to === 0) {
        void vscode.window.showInformationMessage('Every line of this log is loaded');
        return undefined;
      }
      const from = Math.max(0, to - s.model.limits.maxLines);
      return logs.openBuild(s.ref, buildName(s.ref, s.build), { from, to });
    },
  }),
  [COMMAND.logs.resume]: defineCommand<BuildLogs, [vscode.Uri | undefined]>({
    title: READ_AGAIN_TITLE,
    aws: true,
    failed: 'read the build log again',
    args: logDocument,
    run: (logs, _inv, uri) => readAgain(logs, uri),
  }),
  [COMMAND.logs.openFile]: defineCommand<BuildLogs, [vscode.Uri | undefined]>({
    title: 'Open Saved Build Log',
    failed: 'open the saved build log',
    // A file argument skips the file dialog: only for an unattended caller (the tests).
    args: (call, [file]) => [call.unattended && file instanceof vscode.Uri ? file : undefined],
    run: async (logs, _inv, file) => {
      let uri = file;
      if (!uri) {
        const picked = await vscode.window.showOpenDialog({
          title: 'Open a saved CodeBuild log',
          filters: { 'Log files': ['log', 'txt', 'gz'], 'All files': ['*'] },
        });
        uri = picked?.[0];
      }
      return uri && logs.openSaved(uri);
    },
  }),
};
