// The extension as installed: it activates, its commands exist, files get the right language (by
// file name and by the awsCicd.files.* setting) and the server starts for them.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { api, closeAllEditors, extension, exampleUri, openExample, waitFor } from './helpers';

/** The pid of the language server this extension host started, found through `ps`. */
function serverPid(): number | undefined {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' }).split('\n');
  for (const row of rows) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(row);
    if (m && Number(m[2]) === process.pid && (m[3] ?? '').includes('server/out/server.js'))
      return Number(m[1]);
  }
  return undefined;
}

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

    test('the extension under test is the one this run means to test', () => {
      const ext = extension();
      const installedIn = process.env.E2E_EXTENSIONS_DIR;
      if (process.env.E2E_MODE === 'vsix' && installedIn) {
        assert.ok(
          ext.extensionPath.startsWith(installedIn),
          `expected the installed VSIX under ${installedIn}, got ${ext.extensionPath}`,
        );
      }
      console.log(`      extension loaded from ${ext.extensionPath}`);
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
      const contributed = (
        extension().packageJSON as { contributes: { commands: { command: string }[] } }
      ).contributes.commands.map((c) => c.command);
      assert.ok(contributed.includes('awsCicd.restartServer'));
      for (const id of contributed)
        assert.ok(commands.includes(id), `command ${id} is contributed but not registered`);
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

      // Setting it back to YAML by hand sticks: the association does not fight the user.
      await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
      const current = () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const deadline = Date.now() + 1500; // a negative check: a wrongful switch needs one round trip
      while (Date.now() < deadline) {
        assert.equal(current()?.languageId, 'yaml', 'the file was switched back to buildspec');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });

    test('Restart Language Server brings the server back, told afresh whether the workspace is trusted', async () => {
      const a = await api();
      await a.whenServerRunning();
      const started = a.serverInitializations().length;
      const states: string[] = [];
      const sub = a.onDidChangeServerState((s) => states.push(s));
      try {
        await vscode.commands.executeCommand('awsCicd.restartServer');
        await waitFor('the server to run again', () => (a.serverState() === 'running' ? true : undefined));
      } finally {
        sub.dispose();
      }
      assert.ok(states.includes('running'), `states seen: ${states.join(', ')}`);
      // The options are read at each initialize (a restart on trust must carry the new value), not
      // kept from the first start.
      const inits = a.serverInitializations();
      assert.equal(inits.length, Math.min(10, started + 1), 'one initialize for the restart');
      assert.equal(inits.at(-1)?.workspaceTrusted, vscode.workspace.isTrusted);
      assert.ok(inits.at(-1) !== inits.at(-2), 'a fresh options object');
    });

    test('a crashed server is restarted, five times in three minutes at most', async () => {
      const a = await api();
      await vscode.commands.executeCommand('awsCicd.restartServer'); // a fresh crash budget
      await waitFor('the server to run', () => (a.serverState() === 'running' ? true : undefined));
      const killed: number[] = [];
      const killServer = async (): Promise<void> => {
        const pid = await waitFor('a new server process', () => {
          const p = serverPid();
          return p !== undefined && !killed.includes(p) ? p : undefined;
        });
        killed.push(pid);
        process.kill(pid, 'SIGKILL');
      };
      // Crashes 1 to 5 are restarted.
      for (let i = 1; i <= 5; i++) {
        await killServer();
        await waitFor(`restart after crash ${i}`, () =>
          a.serverState() === 'running' && serverPid() !== undefined && !killed.includes(serverPid()!)
            ? true
            : undefined,
        );
      }
      // The sixth is not: the server stays down and the status item says so.
      await killServer();
      await waitFor('the client to give up', () => (a.serverState() === 'failed' ? true : undefined));
      assert.match(a.languageStatus().text, /stopped/);
      // The command brings it back.
      await vscode.commands.executeCommand('awsCicd.restartServer');
      await waitFor('the server to run after the restart command', () =>
        a.serverState() === 'running' ? true : undefined,
      );
      // The "was stopped" notification would stand in every later suite's screenshots.
      await vscode.commands.executeCommand('notifications.clearAll');
    });
  });
}
