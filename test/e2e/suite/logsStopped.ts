// Build logs whose reading stopped, and saved logs, in the real host: a restored tab, a build that does
// not exist and a connection nobody configured each say why on the document's last line, short enough
// to read whole, and offer Retry Reading the Log (which reads nothing for a stranger); a saved file over
// the size cap is refused, a gzip bomb stops at the output cap and says so.
import * as assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import * as vscode from 'vscode';
import { logUri } from '../../../client/src/logs/uris';
import { api, closeAllEditors, screenshot, waitFor, workspaceRoot } from './helpers';

const CONN = { profile: 'default', region: 'us-east-1' };

export interface StoppedLogDeps {
  control: (path: string, body?: unknown) => Promise<unknown>;
  seedBuild: (project: string) => Promise<{ id: string; n: number }>;
  waitShown: (uri: vscode.Uri, needle: string | RegExp, ms?: number) => Promise<string>;
  waitFinished: (uri: vscode.Uri) => Promise<void>;
  docOf: (uri: vscode.Uri) => vscode.TextDocument;
}

export function registerStoppedLogTests({
  control,
  seedBuild,
  waitShown,
  waitFinished,
  docOf,
}: StoppedLogDeps): void {
  test('a log tab whose reading stopped says so in the document and reads again on request', async () => {
    const logs = (await api()).logs;
    const { id } = await seedBuild('project-1');
    // What VS Code does with a log tab it restores after the extension host restarted: it asks for
    // the text of a URI that no session serves.
    const uri = logUri({ ...CONN, buildId: id }, 'project-1 restored');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    const stopped = await waitShown(uri, /^■ Reading this log stopped: /);
    // Short enough to read whole on one line of the editor, the cause first.
    assert.equal(stopped, '■ Reading this log stopped: this tab was restored after a restart. Retry above.');
    // A restored tab gets the log language from us, whatever its title suggests.
    await waitFor('the log language', () => (docOf(uri).languageId === 'codebuild-log' ? true : undefined));
    assert.equal(logs.snapshot(uri)?.state, 'stopped');
    await waitFor('the status item', () => (/Log not read/.test(logs.statusText()) ? true : undefined));
    const lens = await readAgainLens(uri);
    await vscode.commands.executeCommand(lens.command, ...((lens.arguments ?? []) as unknown[]));
    await waitFinished(uri);
    const read = await waitShown(uri, 'Phase complete: FINALIZING State: SUCCEEDED');
    assert.ok(!read.includes('■'), 'the notice is gone once the log is read');

    // A build that does not exist: the document says why reading stopped, and offers to read again.
    const missing = await logs.open({ ...CONN, buildId: 'project-1:00000000-0000-4000-8000-000000000000' });
    assert.ok(missing);
    await waitShown(missing, /^■ Reading this log stopped: the build was not found\. Retry above\.$/);
    await readAgainLens(missing);
    // The lens is drawn a moment after the provider answers, and the host cannot see the drawing.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await screenshot('build-log-stopped-notice');

    // A URI naming a connection the user never configured reads nothing, even on request.
    await control('/reset-counts');
    const stranger = logUri({ profile: 'stranger', region: 'eu-west-1', buildId: id }, 'stranger');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(stranger));
    await waitShown(stranger, /^■ Reading this log stopped: /);
    const strangerLens = await readAgainLens(stranger);
    const answered = await vscode.commands.executeCommand<boolean>(
      strangerLens.command,
      ...((strangerLens.arguments ?? []) as unknown[]),
    );
    assert.equal(answered, false);
    assert.equal(logs.snapshot(stranger)?.state, 'stopped');
    assert.equal(await logs.open({ profile: 'stranger', region: 'eu-west-1', buildId: id }), undefined);
    const { calls } = (await control('/counts')) as { calls: Record<string, number> };
    assert.equal(calls['Logs.GetLogEvents'], undefined, 'the log is not read');
    await closeAllEditors();
  });

  test('saved logs: a file over the size cap is refused; a gzip bomb stops at the output cap and says so', async function () {
    this.timeout(120_000);
    const logs = (await api()).logs;
    const dir = vscode.Uri.joinPath(workspaceRoot(), `.scratch-logs-${process.pid}`);
    const huge = vscode.Uri.joinPath(dir, 'huge.log');
    await vscode.workspace.fs.writeFile(huge, new Uint8Array(33 * 1024 * 1024).fill(0x61));
    assert.equal(await logs.openFile(huge), undefined, 'a 33 MB file is not opened');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.path.endsWith('/saved/huge (saved log)')));
    await vscode.workspace.fs.delete(huge);

    // 80 MB of text in well under 1 MB of gzip; 32 MB of it are read.
    const line = `${'x'.repeat(996)} ✔\n`;
    const bomb = gzipSync(Buffer.from(line.repeat(Math.ceil((80 * 1024 * 1024) / line.length))));
    assert.ok(bomb.length < 1024 * 1024, `${bomb.length} bytes`);
    const file = vscode.Uri.joinPath(dir, 'bomb.log.gz');
    await vscode.workspace.fs.writeFile(file, bomb);
    const started = Date.now();
    const uri = await logs.openFile(file);
    const took = Date.now() - started;
    assert.ok(uri);
    const doc = docOf(uri);
    assert.match(
      doc.lineAt(doc.lineCount - 1).text,
      /^■ The log was cut here: it holds more than 32 MB of text, the limit for a saved log\./,
    );
    assert.match(doc.lineAt(0).text, /earlier lines are not loaded/);
    assert.match(doc.lineAt(1).text, /^x{996} ✔$/);
    console.log(`      gzip bomb (80 MB in ${bomb.length} bytes): cut at 32 MB, shown in ${took} ms`);
    assert.ok(took < 45_000, `opening took ${took} ms`);
    await closeAllEditors();
  });
}

/** The "Retry Reading the Log" CodeLens of a log document, as the user sees it above the text. */
export async function readAgainLens(uri: vscode.Uri): Promise<vscode.Command> {
  return waitFor('the "Retry Reading the Log" CodeLens', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      uri,
    );
    return lenses.find((l) => l.command?.title.includes('Retry Reading the Log'))?.command;
  });
}
