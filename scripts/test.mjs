// `npm test`: sets up what a fresh machine lacks, builds, then runs every test — service, LSP protocol,
// CLI, grammar, corpus, and the real VS Code host suite — and ends with `N passed, M failed`.
// Flags: --no-e2e skips the real-host suite; any other argument is a test file filter.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './ensure-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const e2e = !args.includes('--no-e2e') && process.env.SKIP_E2E !== '1';
const filters = args.filter((a) => !a.startsWith('--'));

function run(cmd, cmdArgs, opts = {}) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

function step(title) {
  console.log(`\n=== ${title}`);
}

ensureDeps();
// The grammar tests read VS Code's own YAML and shell grammars from code-server, so set up the host first.
let hostReady = false;
if (e2e && !filters.length) {
  step('real VS Code host: setting up code-server and Chromium');
  hostReady = run(process.execPath, ['scripts/ensure-host.mjs']) === 0;
}
step('building');
if (run(process.execPath, ['scripts/build.mjs']) !== 0) process.exit(1);

const totals = { passed: 0, failed: 0 };
const lines = [];

// ---- unit, protocol, CLI, grammar and corpus tests: node:test through tsx ----
const files = [];
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'e2e' && e.name !== 'fixtures') walk(p);
    else if (e.name.endsWith('.test.ts')) files.push(path.relative(root, p));
  }
};
walk(path.join(root, 'test'));
const selected = files.filter((f) => !filters.length || filters.some((x) => f.includes(x))).sort();
const results = path.join(root, 'test-results');
mkdirSync(results, { recursive: true });
const summaryFile = path.join(results, 'node-tests.json');
rmSync(summaryFile, { force: true });
step(`node tests (${selected.length} files)`);
run(process.execPath, [
  '--import',
  'tsx',
  '--test',
  '--test-concurrency=2',
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=./scripts/test-summary.mjs',
  `--test-reporter-destination=${summaryFile}`,
  ...selected,
]);
if (existsSync(summaryFile)) {
  const s = JSON.parse(readFileSync(summaryFile, 'utf8').trim().split('\n').pop());
  totals.passed += s.passed;
  totals.failed += s.failed;
  lines.push(
    `node tests: ${s.passed} passed, ${s.failed} failed${s.skipped ? `, ${s.skipped} skipped` : ''}`,
  );
  for (const f of s.failures) lines.push(`  failed: ${f}`);
} else {
  totals.failed++;
  lines.push('node tests: the runner produced no summary (crashed?)');
}

// ---- the real VS Code host ----
if (e2e && !filters.length) {
  const e2eFile = path.join(results, 'e2e.json');
  if (!hostReady) {
    totals.failed++;
    lines.push('real-host tests: set-up failed (see above)');
  } else {
    // From the repo (what developers iterate on), then the packaged VSIX installed into a clean code-server
    // (what users get).
    for (const mode of ['dev', 'vsix']) {
      step(`real VS Code host tests (${mode})`);
      rmSync(e2eFile, { force: true });
      run(process.execPath, ['test/e2e/run.mjs'], { env: { ...process.env, MODE: mode } });
      if (existsSync(e2eFile)) {
        const s = JSON.parse(readFileSync(e2eFile, 'utf8'));
        totals.passed += s.passed;
        totals.failed += s.failed;
        lines.push(
          `real-host tests (${mode}): ${s.passed} passed, ${s.failed} failed${s.skipped ? `, ${s.skipped} skipped` : ''}`,
        );
        for (const t of s.tests ?? []) if (t.state === 'failed') lines.push(`  failed: ${t.title}`);
      } else {
        totals.failed++;
        lines.push(`real-host tests (${mode}): no results were written (the host did not start?)`);
      }
    }
  }
}

console.log(`\n${lines.join('\n')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed ? 1 : 0);
