// Restricted Mode: the runner opens the workspace a second time in a code-server with Workspace Trust
// on (E2E_SUITES=untrusted), and the folder is not trusted. The language features work; nothing calls
// AWS: the views stay empty behind their "trust this workspace" welcome, commands refuse, the
// "Run this buildspec" CodeLens is absent, the repository's pipeline is not looked up.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { children, CODEBUILD, control, CONTROL, PIPELINES } from './awsHelpers';
import { api, openExample, waitFor } from './helpers';

export function registerUntrustedTests(): void {
  suite('untrusted workspace', function () {
    suiteSetup(function () {
      if (!CONTROL || vscode.workspace.isTrusted) this.skip();
    });

    test('language features work, AWS is never called', async () => {
      await control('/reset-counts');
      const a = await api();
      assert.equal(vscode.workspace.isTrusted, false);

      // Diagnostics still come from the language server.
      const editor = await openExample('mistakes/buildspec.yml');
      const diagnostics = await waitFor('diagnostics in Restricted Mode', () => {
        const d = vscode.languages.getDiagnostics(editor.document.uri);
        return Promise.resolve(d.length > 0 ? d : undefined);
      });
      assert.ok(diagnostics.some((d) => d.source === 'buildspec'));

      // No CodeLens that would call AWS.
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        editor.document.uri,
      );
      assert.ok(!lenses.some((l) => l.command?.command === 'awsCicd.explorer.runBuildspec'));

      // The views show nothing (their welcome asks for trust) and commands refuse.
      assert.deepEqual(await children(PIPELINES), []);
      assert.deepEqual(await children(CODEBUILD), []);
      const started = await vscode.commands.executeCommand('awsCicd.explorer.startBuild', 'project-0', {
        sourceVersion: 'main',
        confirm: false,
        openLog: false,
      });
      assert.equal(started, undefined);
      // The log commands that read AWS refuse too, before they look anything up.
      const opened = await vscode.commands.executeCommand('awsCicd.logs.openBuildLog', {
        profile: 'default',
        region: 'us-east-1',
        buildId: 'project-1:00000000-0000-4000-8000-000000000000',
      });
      assert.equal(opened, undefined);
      assert.ok(
        !vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'awscicd-log'),
        'no log document opened',
      );
      const watch = await a.explorer.watch();
      assert.equal(watch.visible, false, 'no status bar item for the repository pipeline');

      const { calls } = (await control('/counts')) as { calls: Record<string, number> };
      assert.deepEqual(calls, {}, `no AWS call at all: ${JSON.stringify(calls)}`);
    });

    test('the language server is told the workspace is not trusted, at start and at every restart', async () => {
      const a = await api();
      await a.whenServerRunning();
      assert.equal(a.serverInitializations().at(-1)?.workspaceTrusted, false);
      await vscode.commands.executeCommand('awsCicd.restartServer');
      await waitFor('the server to run again', () => (a.serverState() === 'running' ? true : undefined));
      const inits = a.serverInitializations();
      assert.ok(inits.length >= 2, `${inits.length} initializations`);
      assert.equal(inits.at(-1)?.workspaceTrusted, false);
    });
  });
}
