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
      const watch = await a.explorer.watch();
      assert.equal(watch.visible, false, 'no status bar item for the repository pipeline');

      const { calls } = (await control('/counts')) as { calls: Record<string, number> };
      assert.deepEqual(calls, {}, `no AWS call at all: ${JSON.stringify(calls)}`);
    });
  });
}
