#!/usr/bin/env node
// Real-host end-to-end run: code-server (VS Code 1.100, Node extension host) + headless Chromium.
//
//   node test/e2e/run.mjs                 builds, loads the extension from the repo, runs the suites
//   MODE=vsix node test/e2e/run.mjs       packages the VSIX, installs it into a clean code-server, same suites
//
// Then, in a fresh page, UI checks (suggest widget, hover, Problems panel, language status) with
// screenshots in test-results/screenshots/. Writes test-results/e2e.json; exit code 0 only if all pass.
//
// Env: E2E_SKIP_BUILD=1, E2E_UI=0 (skip UI checks), E2E_API=0 (skip in-host suites), E2E_GREP=<mocha grep>,
// E2E_SUITES=activation,buildspec,appspec,editor, E2E_TIMEOUT_MS (whole run, default 15 min),
// E2E_KEEP=1 (keep .e2e-work/<run>), E2E_VERBOSE=1 (echo code-server's log).
import { startAwsFake } from './awsSandbox.mjs';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { ensureHost } from '../../scripts/ensure-host.mjs';
import { isolatedPage, launchChromium } from './browser.mjs';
import {
  freePort,
  hostDirs,
  installVsix,
  packageVsix,
  root,
  startCodeServer,
  workbenchUrl,
} from './host.mjs';
import { runUiChecks } from './ui.mjs';

const MODE = process.env.MODE === 'vsix' ? 'vsix' : 'dev';
const RUN_API = process.env.E2E_API !== '0';
const RUN_UI = process.env.E2E_UI !== '0';
const TOTAL_TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS ?? 15 * 60_000);
const API_TIMEOUT_MS = Number(process.env.E2E_API_TIMEOUT_MS ?? 8 * 60_000);
const START_TIMEOUT_MS = Number(process.env.E2E_START_TIMEOUT_MS ?? 120_000);

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const say = (msg) => console.log(`[e2e ${MODE} ${elapsed()}] ${msg}`);

const resultsDir = path.join(root, 'test-results');
const screenshotsDir = path.join(resultsDir, 'screenshots');
const workDir = path.join(root, '.e2e-work', `${MODE}-${process.pid}`);
const dirs = hostDirs(workDir);
const workspace = path.join(workDir, 'workspace');

/** Whether E2E_SUITES (when set) names this suite. */
const wants = (suite) => !process.env.E2E_SUITES || process.env.E2E_SUITES.split(',').includes(suite);

const cleanups = [];
const outcomes = [];
let finished = false;

async function cleanup() {
  for (const fn of cleanups.splice(0).reverse()) {
    try {
      await fn();
    } catch {
      // best effort: the process group kill below is what matters
    }
  }
}

function prepareWorkspace() {
  rmSync(workspace, { recursive: true, force: true });
  cpSync(path.join(root, 'examples'), workspace, { recursive: true });
  // An empty Git repository on branch main whose origin is the source of the fake's pipeline-1, so the
  // status bar finds "the pipeline of this repository".
  for (const dir of ['objects', 'refs/heads', 'refs/tags'])
    mkdirSync(path.join(workspace, '.git', dir), { recursive: true });
  writeFileSync(path.join(workspace, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(
    path.join(workspace, '.git', 'config'),
    '[core]\n\trepositoryformatversion = 0\n\tbare = false\n[remote "origin"]\n\turl = https://github.com/acme/pipeline-1.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n',
  );
  // A file for the UI completion check: the caret goes to its end, after "bu".
  mkdirSync(path.join(workspace, 'ui-demo'), { recursive: true });
  writeFileSync(path.join(workspace, 'ui-demo', 'buildspec.yml'), 'version: 0.2\nphases:\n  bu');
}

function build() {
  if (process.env.E2E_SKIP_BUILD === '1') return say('build skipped (E2E_SKIP_BUILD=1)');
  say('building: node scripts/build.mjs');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
}

/** Runs the in-host mocha suites through the payload URL; resolves with their outcomes. */
async function runApiSuites(browser, host, port) {
  const resultsFile = path.join(workDir, 'api-results.json');
  rmSync(resultsFile, { force: true });
  const { page } = await isolatedPage(browser, port, (url) => say(`blocked request: ${url}`));
  let resolveExit;
  const exited = new Promise((resolve) => (resolveExit = resolve));
  let sawMocha = false;
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = Array.isArray(args) ? util.format(...args) : String(args);
    if (type === 'error' && /vsda|Failed to load resource/.test(line)) return;
    if (/passing|failing|✔|\d+\) /.test(line)) sawMocha = true;
    // A suite asks for a screenshot of what the user sees (helpers.ts `screenshot`); it waits for the file.
    const shot = /^\[e2e screenshot\] ([\w.-]+)$/.exec(line.trim());
    if (shot) {
      const file = path.join(screenshotsDir, `${shot[1]}.png`);
      void page
        .screenshot()
        .then((png) => {
          writeFileSync(`${file}.tmp`, png);
          renameSync(`${file}.tmp`, file);
        })
        .catch((err) => say(`screenshot ${shot[1]} failed: ${err.message}`));
    }
    for (const l of line.split('\n')) console.log(`  ${l}`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
  page.on('pageerror', (err) => say(`page error: ${err.message}`));
  const url = workbenchUrl({
    port,
    folder: workspace,
    // The web workbench runs extensionTestsPath only for a development window, so MODE=vsix loads an
    // empty harness extension there; the extension under test is the installed VSIX.
    extensionDevelopmentPath: MODE === 'dev' ? root : path.join(root, 'test', 'e2e', 'harness'),
    extensionTestsPath: path.join(root, 'test', 'e2e', 'out'),
  });
  say(`opening the workbench with the test payload`);
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ state: 'attached', timeout: 60_000 });
  say('workbench up; waiting for the suites');
  const workbenchUp = Date.now();
  let timer;
  let startTimer;
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), API_TIMEOUT_MS)));
  // A workbench that never starts the tests says nothing: give up early instead of at the deadline.
  const neverStarted = new Promise((resolve) => {
    startTimer = setInterval(() => {
      if (!sawMocha && Date.now() - workbenchUp > START_TIMEOUT_MS) resolve('not-started');
    }, 1000);
  });
  const code = await Promise.race([exited, timeout, neverStarted]);
  clearTimeout(timer);
  clearInterval(startTimer);
  await page.screenshot({ path: path.join(screenshotsDir, 'api-suites-end.png') }).catch(() => {});
  await page.context().close();
  const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')).tests : [];
  if (code === 'timeout') {
    results.push({
      title: 'in-host suites',
      state: 'failed',
      error: `no exit code within ${API_TIMEOUT_MS} ms`,
    });
  } else if (code !== 0 && !results.some((o) => o.state === 'failed')) {
    results.push({
      title: 'in-host suites',
      state: 'failed',
      error: `extension host test run exited with ${code}; see ${path.relative(root, dirs.log)}`,
    });
  }
  say(`suites finished with exit code ${String(code)}`);
  return results;
}

async function main() {
  rmSync(screenshotsDir, { recursive: true, force: true });
  rmSync(path.join(resultsDir, 'e2e.json'), { force: true });
  mkdirSync(screenshotsDir, { recursive: true });
  const entry = ensureHost();
  if (MODE === 'vsix') {
    say('packaging: npm run package');
    const vsix = packageVsix();
    // The suites still need the test bundle (a dev build of test/e2e/out).
    build();
    say(`installing ${path.basename(vsix)} into a clean extensions dir`);
    rmSync(dirs.extensions, { recursive: true, force: true });
    installVsix(entry, dirs, vsix);
  } else {
    build();
  }
  prepareWorkspace();

  const awsEnv = await startAwsFake(path.join(workDir, 'aws'), (stop) => cleanups.push(stop), say);
  const port = await freePort();
  const host = await startCodeServer({
    entry,
    dirs,
    port,
    env: {
      E2E_RESULTS_FILE: path.join(workDir, 'api-results.json'),
      E2E_MODE: MODE,
      E2E_EXTENSIONS_DIR: dirs.extensions,
      E2E_SCREENSHOTS_DIR: screenshotsDir,
      ...awsEnv,
    },
    logToConsole: process.env.E2E_VERBOSE === '1',
  });
  cleanups.push(() => host.stop());
  say(`code-server ${host.base} (pid ${host.child.pid}, log ${path.relative(root, dirs.log)})`);

  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  say('chromium launched');

  if (RUN_API) outcomes.push(...(await runApiSuites(browser, host, port)));
  if (RUN_UI) {
    say('UI checks');
    // A fresh copy: the suites left scratch folders and edits behind.
    prepareWorkspace();
    const { page } = await isolatedPage(browser, port, (url) => say(`blocked request: ${url}`));
    page.on('pageerror', (err) => say(`page error: ${err.message}`));
    await page.goto(
      workbenchUrl({ port, folder: workspace, extensionDevelopmentPath: MODE === 'dev' ? root : undefined }),
    );
    outcomes.push(
      ...(await runUiChecks(page, {
        screenshotsDir,
        workspace,
        log: (l) => console.log(l),
        control: awsEnv.E2E_AWS_FAKE_CONTROL,
      })),
    );
    await page.context().close();
  }
  if (RUN_API && MODE === 'dev' && wants('untrusted')) {
    // A second host with Workspace Trust on: the same folder opens in Restricted Mode. The first one
    // stops first, so that no call it still makes (polls, the pipeline watch) reaches the fake.
    say('untrusted workspace: a second code-server with Workspace Trust on');
    host.stop();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const trustDirs = hostDirs(path.join(workDir, 'untrusted'));
    const trustPort = await freePort();
    const untrusted = await startCodeServer({
      entry,
      dirs: trustDirs,
      port: trustPort,
      workspaceTrust: true,
      env: {
        E2E_RESULTS_FILE: path.join(workDir, 'api-results.json'),
        E2E_MODE: MODE,
        E2E_SUITES: 'untrusted',
        ...awsEnv,
      },
      logToConsole: process.env.E2E_VERBOSE === '1',
    });
    try {
      outcomes.push(...(await runApiSuites(browser, untrusted, trustPort)));
    } finally {
      untrusted.stop();
    }
  }
}

function report(fatal) {
  if (fatal) outcomes.push({ title: 'e2e runner', state: 'failed', error: String(fatal?.stack ?? fatal) });
  const passed = outcomes.filter((o) => o.state === 'passed').length;
  const failed = outcomes.filter((o) => o.state === 'failed').length;
  const skipped = outcomes.filter((o) => o.state === 'skipped').length;
  mkdirSync(resultsDir, { recursive: true });
  const tests = outcomes.map(({ title, state, error }) =>
    error ? { title, state, error } : { title, state },
  );
  writeFileSync(
    path.join(resultsDir, 'e2e.json'),
    JSON.stringify({ mode: MODE, passed, failed, skipped, durationMs: Date.now() - t0, tests }, null, 2) +
      '\n',
  );
  console.log('');
  for (const o of outcomes) {
    const mark = o.state === 'passed' ? 'PASS' : o.state === 'failed' ? 'FAIL' : 'SKIP';
    console.log(`${mark}  ${o.title}`);
    if (o.error) console.log(`      ${o.error.split('\n').slice(0, 4).join('\n      ')}`);
  }
  console.log('');
  console.log(
    `e2e (${MODE}, ${elapsed()}): results in test-results/e2e.json, screenshots in test-results/screenshots/`,
  );
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

async function finish(fatal) {
  if (finished) return;
  finished = true;
  await cleanup();
  const code = report(fatal);
  if (code === 0 && process.env.E2E_KEEP !== '1') rmSync(workDir, { recursive: true, force: true });
  else say(`kept ${path.relative(root, workDir)} (code-server log, workspace copy)`);
  process.exit(code);
}

const overall = setTimeout(() => {
  void finish(new Error(`the whole e2e run took longer than ${TOTAL_TIMEOUT_MS} ms`));
}, TOTAL_TIMEOUT_MS);
overall.unref();
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => void finish(new Error(`interrupted by ${sig}`)));
}

main().then(
  () => finish(),
  (err) => finish(err),
);
