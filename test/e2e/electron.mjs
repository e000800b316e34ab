#!/usr/bin/env node
// The same in-host suites in desktop VS Code, through @vscode/test-electron, for people who have a
// desktop and network access (it downloads VS Code; on the CI machines use test/e2e/run.mjs instead).
//
//   node scripts/build.mjs && node test/e2e/electron.mjs
//   VSCODE_EXECUTABLE=/path/to/code node test/e2e/electron.mjs     use an installed VS Code
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { root } from './host.mjs';

const work = mkdtempSync(path.join(os.tmpdir(), 'aws-cicd-e2e-'));
const workspace = path.join(work, 'workspace');
cpSync(path.join(root, 'examples'), workspace, { recursive: true });
const resultsFile = path.join(root, 'test-results', 'e2e-electron-raw.json');
mkdirSync(path.dirname(resultsFile), { recursive: true });

let code = 1;
try {
  code = await runTests({
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE,
    version: process.env.VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'test', 'e2e', 'out'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
    extensionTestsEnv: { E2E_RESULTS_FILE: resultsFile },
  });
} catch (err) {
  console.error(`VS Code tests failed to run: ${err instanceof Error ? err.message : String(err)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
try {
  const { tests } = JSON.parse(readFileSync(resultsFile, 'utf8'));
  const passed = tests.filter((t) => t.state === 'passed').length;
  const failed = tests.filter((t) => t.state === 'failed').length;
  console.log(`${passed} passed, ${failed} failed`);
} catch {
  // no results: runTests already said why
}
process.exit(code === 0 ? 0 : 1);
