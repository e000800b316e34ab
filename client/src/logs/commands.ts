// The build-log commands, from one table: open a build's log (from a tree row, from Start Build, or
// picked), follow and pause, open in the console, show problems, load earlier lines, resume after a
// failure, and open a saved log file.
import { gunzipSync } from 'node:zlib';
import * as vscode from 'vscode';
import type { Build } from '../aws';
import type { Connection } from '../explorer/connections';
import type { BuildLogs } from './index';
import type { BuildRef } from './session';
import { remedyTitle } from './status';

type Command = (...args: unknown[]) => unknown;

/** What `awsCicd.logs.openBuildLog` accepts, read from a tree node or a plain object. */
export function buildRefOf(arg: unknown): { ref: BuildRef; build?: Build } | undefined {
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
  if (a.kind === 'build' && conn?.profile && conn.region && a.build?.id) {
    return { ref: { profile: conn.profile, region: conn.region, buildId: a.build.id }, build: a.build };
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
      `Could not list builds: ${err instanceof Error ? err.message : String(err)}`,
    );
    return undefined;
  }
}

/** The AWS console page of a build's log: the CloudWatch deep link, else the build's page. */
export function consoleUrl(ref: BuildRef, build?: Build): string {
  if (build?.logs?.deepLink?.startsWith('https://')) return build.logs.deepLink;
  if (build?.logOutput?.kind === 's3' && build.logOutput.deepLink?.startsWith('https://'))
    return build.logOutput.deepLink;
  const project = encodeURIComponent(ref.buildId.split(':')[0]);
  return `https://${ref.region}.console.aws.amazon.com/codesuite/codebuild/projects/${project}/build/${encodeURIComponent(ref.buildId)}/?region=${ref.region}`;
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
    'awsCicd.logs.resume': async (uri) => {
      const s = logs.target(uri);
      if (!s) return noLog();
      const st = s.state;
      if (st.kind === 'stalled' && st.remedy === 'ssoLogin' && s.ref) {
        const retry = remedyTitle('retry');
        const choice = await vscode.window.showWarningMessage(
          `${st.message}. Run "aws sso login --profile ${s.ref.profile}" in a terminal, then retry.`,
          retry,
        );
        if (choice !== retry) return undefined;
      } else if (st.kind === 'stalled' && st.remedy === 'selectProfile') {
        await vscode.commands.executeCommand('awsCicd.explorer.addConnection');
      }
      s.resume();
      return undefined;
    },
    'awsCicd.logs.openFile': async (file) => {
      let uri = file instanceof vscode.Uri ? file : undefined;
      if (!uri) {
        const picked = await vscode.window.showOpenDialog({
          title: 'Open a saved CodeBuild log',
          filters: { 'Log files': ['log', 'txt', 'gz'], 'All files': ['*'] },
        });
        uri = picked?.[0];
      }
      if (!uri) return undefined;
      let bytes = await vscode.workspace.fs.readFile(uri);
      // CodeBuild's S3 logs are gzipped.
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
      const name =
        uri.path
          .split('/')
          .pop()
          ?.replace(/\.(log|txt)(\.gz)?$|\.gz$/, '') ?? 'log';
      return logs.openText(name, new TextDecoder().decode(bytes));
    },
  };
  return Object.entries(table).map(([id, fn]) => vscode.commands.registerCommand(id, fn));
}
