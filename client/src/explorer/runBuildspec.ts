// "Run this buildspec on CodeBuild": a CodeLens on buildspec files that starts a build of a chosen project
// with the editor's text as its buildspec (buildspecOverride), so an edit can be tried without a push.
import * as vscode from 'vscode';
import { afterStart } from './commandSupport';
import type { Explorer } from './index';

export const RUN_BUILDSPEC = 'awsCicd.explorer.runBuildspec';

/** The lens on the first line of a buildspec; only in a trusted workspace, where AWS calls are allowed. */
export class RunBuildspecLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly trust = vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire());

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.isTrusted) return [];
    return [
      new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
        title: '$(play) Run this buildspec on CodeBuild',
        tooltip:
          'Start a build of a CodeBuild project with this file (unsaved changes included) as its buildspec',
        command: RUN_BUILDSPEC,
        arguments: [doc.uri],
      }),
    ];
  }

  dispose(): void {
    this.trust.dispose();
    this.changed.dispose();
  }
}

/** Options that let unattended callers (test API, test mode) skip the prompts. */
export interface RunBuildspecOptions {
  project?: string;
  sourceVersion?: string;
  confirm?: boolean;
  openLog?: boolean;
}

export async function runBuildspec(
  explorer: Explorer,
  pickProject: () => Promise<
    { name: string; conn: Parameters<Explorer['connections']['account']>[0] } | undefined
  >,
  uri: vscode.Uri | undefined,
  options: RunBuildspecOptions = {},
): Promise<string | undefined> {
  // A `command:` link could name any file (~/.aws/credentials as a "buildspec"): only a file of the
  // workspace or an open buildspec is sent; otherwise the active editor's buildspec is.
  const given = uri && allowedBuildspec(uri) ? uri : undefined;
  const doc = given ? await vscode.workspace.openTextDocument(given) : activeBuildspec();
  if (!doc) {
    void vscode.window.showInformationMessage(
      'Run this buildspec on CodeBuild: open a buildspec file first.',
    );
    return undefined;
  }
  const conn = explorer.connections.list()[0];
  const target = options.project && conn ? { name: options.project, conn } : await pickProject();
  if (!target) return undefined;
  const name = vscode.workspace.asRelativePath(doc.uri);
  if (options.confirm !== false) {
    const ok = await explorer.prompts.modal(
      `Start a build of "${target.name}" with ${name} as its buildspec?`,
      'The build uses the project source; only the buildspec is replaced, unsaved changes included.',
      'Start Build',
    );
    if (ok !== 'Start Build') return undefined;
  }
  const account = await explorer.connections.account(target.conn);
  const build = await account.codebuild.startBuild(target.name, {
    buildspecOverride: doc.getText(),
    ...(options.sourceVersion ? { sourceVersion: options.sourceVersion } : {}),
  });
  explorer.log.info(`Explorer: started build ${build.id} with ${name} as its buildspec`);
  afterStart(explorer, target.conn, build, options);
  return build.id;
}

/** A file a build may take as its buildspec: in a workspace folder, or an open buildspec document. */
function allowedBuildspec(uri: vscode.Uri): boolean {
  if (vscode.workspace.getWorkspaceFolder(uri)) return true;
  return vscode.workspace.textDocuments.some(
    (d) => d.uri.toString() === uri.toString() && d.languageId === 'buildspec',
  );
}

function activeBuildspec(): vscode.TextDocument | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc && (doc.languageId === 'buildspec' || allowedBuildspec(doc.uri)) ? doc : undefined;
}
