// The extension as installed: it activates, its commands exist, files get the right language (by
// file name and by the awsCicd.files.* setting) and the server starts for them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, closeAllEditors, extension, exampleUri, openExample, waitFor } from './helpers';

export function registerActivationTests(): void {
  suite('activation', () => {
    teardown(closeAllEditors);

    test('runs in a real extension host', () => {
      assert.ok(process.versions.node, 'no Node.js in this extension host');
      const ext = extension();
      const manifest = ext.packageJSON as { engines: { vscode: string } };
      assert.match(manifest.engines.vscode, /^\^1\./);
      console.log(
        `      host: VS Code ${vscode.version}, ${vscode.env.appHost}, remote ${vscode.env.remoteName}`,
      );
    });

    test('opening a buildspec activates the extension and starts the server', async () => {
      const editor = await openExample('buildspec.yml');
      assert.equal(editor.document.languageId, 'buildspec');
      const ext = extension();
      await waitFor('the extension to activate', () => (ext.isActive ? true : undefined));
      const a = await api();
      await a.whenServerRunning();
      assert.equal(a.serverState(), 'running');
    });

    test('commands are registered', async () => {
      await api();
      const commands = await vscode.commands.getCommands(true);
      for (const id of ['awsCicd.restartServer', 'awsCicd.showOutput']) {
        assert.ok(commands.includes(id), `command ${id} is missing`);
      }
    });

    test('file names map to languages', async () => {
      const cases: [string, string][] = [
        ['buildspec.yml', 'buildspec'],
        ['buildspec-batch.yml', 'buildspec'],
        ['mistakes/buildspec.yml', 'buildspec'],
        ['appspec.yml', 'appspec'],
        ['ecs/appspec.yaml', 'appspec'],
        ['lambda/appspec.yml', 'appspec'],
      ];
      for (const [file, language] of cases) {
        const doc = await vscode.workspace.openTextDocument(exampleUri(file));
        assert.equal(doc.languageId, language, file);
      }
    });

    test('awsCicd.files.buildspec switches a matching YAML file to buildspec', async () => {
      const patterns = vscode.workspace.getConfiguration('awsCicd').get<string[]>('files.buildspec');
      assert.deepEqual(patterns, ['ci/*.yml'], 'examples/.vscode/settings.json sets the pattern');
      const uri = exampleUri('ci/buildspec-release.yml');
      await vscode.window.showTextDocument(uri);
      const doc = await waitFor('ci/buildspec-release.yml to become buildspec', () =>
        vscode.workspace.textDocuments.find(
          (d) => d.uri.toString() === uri.toString() && d.languageId === 'buildspec',
        ),
      );
      assert.equal(doc.languageId, 'buildspec');
    });

    test('Restart Language Server brings the server back', async () => {
      const a = await api();
      await a.whenServerRunning();
      const states: string[] = [];
      const sub = a.onDidChangeServerState((s) => states.push(s));
      try {
        await vscode.commands.executeCommand('awsCicd.restartServer');
        await waitFor('the server to run again', () => (a.serverState() === 'running' ? true : undefined));
      } finally {
        sub.dispose();
      }
      assert.ok(states.includes('running'), `states seen: ${states.join(', ')}`);
    });
  });
}
