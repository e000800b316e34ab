// "Run this buildspec on CodeBuild": a CodeLens on buildspec files that starts a build of a chosen project
// with the editor's text as its buildspec (buildspecOverride), so an edit can be tried without a push;
// it asks for the source version and the environment variable overrides as Start Build does.
import * as vscode from 'vscode';
import { COMMAND } from '../ids';
import { askBuildInputs, buildQuestion, pickProject, type BuildInputOptions } from './buildPrompts';
import { afterStart } from './commandSupport';
import type { ExplorerServices } from './services';

const RUN_BUILDSPEC = COMMAND.explorer.runBuildspec;
const TITLE = 'Run this buildspec on CodeBuild';

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
export interface RunBuildspecOptions extends BuildInputOptions {
  project?: string;
}

/**
 * Starts a build with the document as its buildspec, asking for the source version and environment
 * variable overrides as Start Build does (the same remembered overrides per project).
 */
export async function runBuildspec(
  explorer: ExplorerServices,
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
  const target =
    options.project && conn ? { name: options.project, conn } : await pickProject(explorer, TITLE);
  if (!target) return undefined;
  const inputs = await askBuildInputs(explorer, target, TITLE, options);
  if (!inputs) return undefined;
  const name = vscode.workspace.asRelativePath(doc.uri);
  if (options.confirm !== false) {
    const q = buildQuestion(target, inputs, ` with ${name} as its buildspec`);
    const detail = [
      'The build uses the project source; only the buildspec is replaced, unsaved changes included.',
      q.detail,
    ]
      .filter(Boolean)
      .join('\n');
    if ((await explorer.prompts.modal(q.message, detail, 'Start Build')) !== 'Start Build') return undefined;
  }
  const account = await explorer.connections.account(target.conn);
  const build = await account.codebuild.startBuild(target.name, {
    buildspecOverride: doc.getText(),
    sourceVersion: inputs.sourceVersion || undefined,
    environmentVariablesOverride: inputs.environment.length ? inputs.environment : undefined,
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
