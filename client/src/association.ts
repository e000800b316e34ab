// Switches plain YAML documents to `buildspec` or `appspec` when their path matches one of the
// user's `awsCicd.files.*` globs: VS Code's own `files.associations` cannot be extended by an extension
// per workspace, and people keep buildspecs under names like `ci/unit-tests.yml`.
import * as vscode from 'vscode';
import { compileGlob, matchesAny, matchGlob } from '../../server/src/service/glob';
import { SPEC_LANGUAGES as LANGUAGES } from './languages';
import { SETTING, settingId } from './ids';
import { affects, settings, type SpecLanguage } from './settings';

/**
 * Whether one user glob matches the document. The globs are workspace settings, which a cloned
 * repository writes: they go through the server's linear matcher, never a regular expression (VS Code's
 * own glob compiles to one, and a pattern of many stars made it backtrack for hours).
 */
export function globMatches(
  glob: string,
  document: { uri: vscode.Uri },
  folderPath: string | undefined,
): boolean {
  const trimmed = glob.trim();
  const path = document.uri.path;
  if (/^[a-zA-Z]:[\\/]/.test(trimmed)) {
    return matchGlob(compileGlob(trimmed.replace(/\\/g, '/'), true), document.uri.fsPath.replace(/\\/g, '/'));
  }
  if (trimmed.startsWith('/')) return matchGlob(compileGlob(trimmed, true), path);
  // `**/x` and patterns without a folder to anchor them match anywhere.
  if (folderPath === undefined || trimmed.startsWith('**')) return matchesAny(path, [trimmed]);
  const base = folderPath.endsWith('/') ? folderPath : `${folderPath}/`;
  if (!path.startsWith(base)) return false;
  return matchGlob(compileGlob(trimmed.replace(/^(?:\.\/)+/, ''), true), path.slice(base.length));
}

/** Which of our languages the user's globs assign to this document, if any. */
export function associatedLanguage(document: vscode.TextDocument): SpecLanguage | undefined {
  if (document.uri.scheme === 'untitled') return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  for (const language of LANGUAGES) {
    for (const glob of settings.filePatterns(language, document.uri)) {
      if (globMatches(glob, document, folder?.uri.path)) return language;
    }
  }
  return undefined;
}

/** Keeps documents that match `awsCicd.files.*` in the right language, now and as they open. */
export class FileAssociations implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** When a buildspec/appspec document last closed, by URI: a language change is a close plus an open. */
  private readonly closedAt = new Map<string, number>();

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((doc) => this.apply(doc)),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (LANGUAGES.includes(doc.languageId as SpecLanguage))
          this.closedAt.set(doc.uri.toString(), Date.now());
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, SETTING.filesBuildspec, SETTING.filesAppspec)) this.applyToOpenDocuments();
      }),
      // The workspace's own patterns count from the moment it is trusted.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.applyToOpenDocuments()),
    );
    this.applyToOpenDocuments();
  }

  applyToOpenDocuments(): void {
    for (const doc of vscode.workspace.textDocuments) this.apply(doc);
  }

  private apply(document: vscode.TextDocument): void {
    if (document.languageId !== 'yaml') return;
    // Closed as buildspec/appspec and reopened as YAML at once: the user chose YAML; keep it.
    const closed = this.closedAt.get(document.uri.toString());
    if (closed !== undefined && Date.now() - closed < 1000) return;
    const language = associatedLanguage(document);
    if (!language) return;
    this.log.info(
      `Treating ${vscode.workspace.asRelativePath(document.uri)} as ${language} (${settingId(language === 'buildspec' ? SETTING.filesBuildspec : SETTING.filesAppspec)})`,
    );
    vscode.languages.setTextDocumentLanguage(document, language).then(undefined, (err: unknown) => {
      this.log.error(`Could not switch ${document.uri.toString()} to ${language}: ${String(err)}`);
    });
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
