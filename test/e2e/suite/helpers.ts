// Shared helpers for the real-host suites: find the extension, open files of the sample workspace (a
// throw-away copy made by the runner), and wait on what the user would see, with deadlines.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AwsCicdApi } from '../../../client/src/extension';

export const EXTENSION_ID = 'aws-cicd-tools.aws-cicd-files';

/** How long a test waits for the language server to answer before it fails. */
export const SERVER_DEADLINE_MS = Number(process.env.E2E_SERVER_DEADLINE_MS ?? 30_000);

/** Polls `probe` until it returns something other than undefined, or fails with `what` at the deadline. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = SERVER_DEADLINE_MS,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const cause =
        lastError === undefined
          ? ''
          : `; last error: ${lastError instanceof Error ? lastError.message : JSON.stringify(lastError)}`;
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export function extension(): vscode.Extension<AwsCicdApi> {
  const ext = vscode.extensions.getExtension<AwsCicdApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
  return ext;
}

/** Activates the extension and returns its test API. */
export async function api(): Promise<AwsCicdApi> {
  const ext = extension();
  return ext.isActive ? ext.exports : await ext.activate();
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the examples workspace to be open');
  return folder.uri;
}

/** A file of the sample workspace. */
export function exampleUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relativePath.split('/'));
}

/** Opens a file of the sample workspace in an editor. */
export async function openExample(relativePath: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(exampleUri(relativePath));
  return vscode.window.showTextDocument(doc, { preview: false });
}

let scratchCount = 0;

/** Writes `content` to a fresh `scratch-N/<fileName>` in the workspace copy and opens it. */
export async function openScratch(fileName: string, content: string): Promise<vscode.TextEditor> {
  scratchCount += 1;
  const uri = vscode.Uri.joinPath(workspaceRoot(), `.scratch-${process.pid}-${scratchCount}`, fileName);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** The position just after the first occurrence of `needle` (or at its start with `atStart`). */
export function positionOf(doc: vscode.TextDocument, needle: string, atStart = false): vscode.Position {
  const offset = doc.getText().indexOf(needle);
  assert.ok(offset >= 0, `"${needle}" not found in ${doc.uri.path}`);
  return doc.positionAt(atStart ? offset : offset + needle.length);
}

/** Waits until the document has a diagnostic that `match` accepts. */
export function waitForDiagnostic(
  uri: vscode.Uri,
  match: (d: vscode.Diagnostic) => boolean,
  what: string,
): Promise<vscode.Diagnostic> {
  return waitFor(`diagnostic ${what} in ${uri.path}`, () => vscode.languages.getDiagnostics(uri).find(match));
}

/** The code of a diagnostic as a plain string (`code` may be an object with a link). */
export function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** Completion labels at a position, as strings. */
export async function completionLabels(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    uri,
    position,
  );
  return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

/** Hover text at a position, every part joined. */
export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    uri,
    position,
  );
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

/** Quick fixes offered for a diagnostic. */
export async function quickFixes(
  uri: vscode.Uri,
  diagnostic: vscode.Diagnostic,
): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    diagnostic.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  return actions.filter((a): a is vscode.CodeAction => !('arguments' in a && typeof a.command === 'string'));
}

/** Applies a code action the way the editor does: its edit, then its command. */
export async function applyCodeAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit)
    assert.ok(await vscode.workspace.applyEdit(action.edit), `edit of "${action.title}" was rejected`);
  if (action.command) {
    const args: unknown[] = action.command.arguments ?? [];
    await vscode.commands.executeCommand(action.command.command, ...args);
  }
}

/** Saves and closes every editor, so each test starts from the same workbench and no save prompt appears. */
export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.files.saveAll');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Saves a screenshot of the workbench as test-results/screenshots/<name>.png: the runner takes it when
 * it reads the request in the console, and the test waits until the file is there. Without the runner
 * (E2E_SCREENSHOTS_DIR unset) it does nothing.
 */
export async function screenshot(name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS_DIR;
  if (!dir) return;
  const file = path.join(dir, `${name}.png`);
  fs.rmSync(file, { force: true });
  console.log(`[e2e screenshot] ${name}`);
  await waitFor(`the screenshot ${name}`, () => (fs.existsSync(file) ? true : undefined), 15_000);
}
