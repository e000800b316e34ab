// The build-log commands, from one table: open a build's log (from a tree row, from Start Build, or
// picked), follow and pause, open in the console, show problems, load earlier lines, read again after
// a failure, and open a saved log file. A command's arguments are anyone's to pass (another extension,
// a `command:` link), so a build argument counts only in a configured connection, a document argument
// only when it is one of ours, and a file argument (which skips the file dialog) only under test.
import * as vscode from 'vscode';
import type { Build } from '../aws';
import type { Connection } from '../explorer/connections';
import type { BuildLogs } from './index';
import { LOG_SCHEME } from './providers';
import { READ_AGAIN_TITLE, readingStopped, type BuildRef } from './session';
import { remedyTitle } from './status';
import { isBuildId, noLinks, quotable } from './uris';

type Command = (...args: unknown[]) => unknown;

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

async function openBuildLog(logs: BuildLogs, arg?: unknown): Promise<vscode.Uri | undefined> {
  let target = buildRefOf(arg) ?? (arg === undefined ? await pickBuild(logs) : undefined);
  if (!target) {
    if (arg !== undefined)
      void vscode.window.showErrorMessage('Could not open the build log: this item is not a CodeBuild build');
    return undefined;
  }
  if (!logs.knows(target.ref)) {
    void vscode.window.showErrorMessage(
      `Could not open the log of build ${target.ref.buildId}: profile "${quotable(target.ref.profile)}" in ${quotable(target.ref.region)} is not one of the AWS CI/CD connections`,
    );
    return undefined;
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
    void vscode.window.showErrorMessage(
      `Could not list builds: ${noLinks(err instanceof Error ? err.message : String(err))}`,
    );
    return undefined;
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
 * "Read the Log Again": a tail that needs the user reads on from where it stopped (after sign-in, when
 * that is what it needs); any other stopped log starts over in a new session. Never changes a setting.
 */
async function readAgain(logs: BuildLogs, arg: unknown): Promise<boolean> {
  const uri =
    arg instanceof vscode.Uri && arg.scheme === LOG_SCHEME
      ? arg
      : vscode.window.activeTextEditor?.document.uri;
  if (uri?.scheme !== LOG_SCHEME) {
    noLog();
    return false;
  }
  const s = logs.session(uri);
  const st = s?.state;
  if (s?.ref && st?.kind === 'stalled') {
    if (st.remedy === 'ssoLogin' || st.remedy === 'selectProfile') {
      const fix =
        st.remedy === 'ssoLogin'
          ? `Run "aws sso login --profile ${s.ref.profile}" in a terminal`
          : `Fix the credentials of profile "${s.ref.profile}" (or add a connection with another profile)`;
      const retry = remedyTitle('retry');
      const choice = await vscode.window.showWarningMessage(
        `Reading the log of build ${s.ref.buildId} stopped: ${noLinks(st.message)}. ${fix}, then retry.`,
        retry,
      );
      if (choice !== retry) return false;
    }
    s.resume();
    return true;
  }
  if (s && st && !readingStopped(st) && st.kind !== 'waiting') {
    void vscode.window.showInformationMessage(`${READ_AGAIN_TITLE}: this log is not stopped`);
    return false;
  }
  if (s && st?.kind === 'waiting') {
    s.resume();
    return true;
  }
  return logs.readAgain(uri);
}

function noLog(): void {
  void vscode.window.showInformationMessage('Open a build log first (AWS CI/CD: Open Build Log…)');
}

/** The command table; each takes the log document's URI (editor title) or works on the active one. */
export function registerLogCommands(logs: BuildLogs): vscode.Disposable[] {
  const table: Record<string, Command> = {
    'awsCicd.logs.openBuildLog': (arg) => openBuildLog(logs, arg),
    'awsCicd.logs.follow': (uri) => {
      const s = logs.target(uri);
      if (s) logs.setFollowing(s, true);
      else noLog();
    },
    'awsCicd.logs.pause': (uri) => {
      const s = logs.target(uri);
      if (s) logs.setFollowing(s, false);
      else noLog();
    },
    'awsCicd.logs.openInConsole': async (uri) => {
      const s = logs.target(uri);
      if (!s?.ref) return noLog();
      await vscode.env.openExternal(vscode.Uri.parse(consoleUrl(s.ref, s.build)));
    },
    'awsCicd.logs.showProblems': async (uri) => {
      const s = logs.target(uri);
      if (!s) return noLog();
      return logs.showProblems(s, true);
    },
    'awsCicd.logs.loadEarlier': async (uri) => {
      const s = logs.target(uri);
      if (!s?.ref) return noLog();
      const to = s.model.firstLine;
      if (to === 0) {
        void vscode.window.showInformationMessage('Every line of this log is loaded');
        return undefined;
      }
      const from = Math.max(0, to - s.model.limits.maxLines);
      const name = s.build ? `${s.build.projectName} #${s.build.buildNumber ?? '?'}` : s.ref.buildId;
      return logs.openBuild(s.ref, name, { from, to });
    },
    'awsCicd.logs.resume': (uri) => readAgain(logs, uri),
    'awsCicd.logs.openFile': async (file) => {
      let uri = logs.testMode && file instanceof vscode.Uri ? file : undefined;
      if (!uri) {
        const picked = await vscode.window.showOpenDialog({
          title: 'Open a saved CodeBuild log',
          filters: { 'Log files': ['log', 'txt', 'gz'], 'All files': ['*'] },
        });
        uri = picked?.[0];
      }
      return uri && logs.openSaved(uri);
    },
  };
  return Object.entries(table).map(([id, fn]) => vscode.commands.registerCommand(id, fn));
}
