// Test entry loaded by the extension host (extensionTestsPath = test/e2e/out). Runs every suite with
// mocha and writes a JSON summary to $E2E_RESULTS_FILE for the runner.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { registerActivationTests } from './activation.test';
import { registerAppspecTests } from './appspec.test';
import { registerBuildspecTests } from './buildspec.test';
import { registerEditorTests } from './editor.test';
import { registerHighlightingTests } from './highlighting.test';
import { registerExplorerTests } from './explorer.test';
import { registerLogTests } from './logs.test';
import { registerPipelineTests } from './pipelines.test';
import { registerSandboxTests } from './sandbox.test';
import { registerUntrustedTests } from './untrusted.test';

/** One test's outcome as the runner records it. */
export interface TestOutcome {
  title: string;
  state: 'passed' | 'failed' | 'skipped';
  durationMs?: number;
  error?: string;
}

const SUITES: Record<string, () => void> = {
  activation: registerActivationTests,
  buildspec: () => {
    registerBuildspecTests();
    registerHighlightingTests();
  },
  appspec: registerAppspecTests,
  editor: registerEditorTests,
  explorer: registerExplorerTests,
  pipelines: registerPipelineTests,
  untrusted: registerUntrustedTests,
  logs: registerLogTests,
  sandbox: registerSandboxTests,
};

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    timeout: Number(process.env.E2E_TEST_TIMEOUT_MS ?? 60_000),
    reporter: 'spec',
  });
  const grep = process.env.E2E_GREP;
  if (grep) mocha.grep(grep);
  // The suites are bundled into this file, so they register themselves through mocha's interface
  // directly instead of being loaded from disk with addFile().
  mocha.suite.emit('pre-require', globalThis, 'bundle', mocha);
  const only = process.env.E2E_SUITES?.split(',').filter(Boolean);
  for (const [name, register] of Object.entries(SUITES)) {
    if (!only || only.includes(name)) register();
  }

  const outcomes: TestOutcome[] = [];
  return new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      writeResults(outcomes);
      if (failures > 0) reject(new Error(`${failures} of ${outcomes.length} tests failed`));
      else resolve();
    });
    runner.on('pass', (t) =>
      outcomes.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }),
    );
    runner.on('fail', (t, err: unknown) =>
      outcomes.push({
        title: t.fullTitle(),
        state: 'failed',
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      }),
    );
    runner.on('pending', (t) => outcomes.push({ title: t.fullTitle(), state: 'skipped' }));
  });
}

function writeResults(outcomes: TestOutcome[]): void {
  const file = process.env.E2E_RESULTS_FILE;
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ tests: outcomes }, null, 2));
}
