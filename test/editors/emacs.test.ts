/**
 * Emacs 28 with Eglot 1.9 (Debian's `emacs-nox`, `elpa-eglot`, `elpa-yaml-mode`) against the built server,
 * in batch mode, set up as docs/editors.md says: a buildspec with an error gets its Flymake diagnostic, a
 * rule turned off in `.dir-locals.el` stays off (and comes back when changed there), the quick fix applies,
 * hover reads as plain text, and `completion-at-point` inserts a phase on its line (Eglot expands snippets
 * only with YASnippet, so it is owed plain text). A second run has YASnippet on and gets the phase as a snippet.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { REPO } from '../support/docs';
import { SERVER } from '../support/lspClient';

/** Whether Emacs loads these packages (`emacs` itself missing counts as no). */
const loads = (...features: string[]) =>
  spawnSync('emacs', ['--batch', '--eval', `(progn ${features.map((f) => `(require '${f})`).join(' ')})`])
    .status === 0;
const emacs = loads('eglot', 'yaml-mode')
  ? spawnSync('emacs', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]
  : undefined;
// CI installs Debian's emacs-nox, elpa-eglot, elpa-yaml-mode and elpa-yasnippet (.ci/run,
// scripts/ensure-host.mjs): there a missing one is a failure.
const skip =
  emacs || process.env.CI
    ? false
    : 'emacs with eglot and yaml-mode is not installed (apt-get install emacs-nox elpa-eglot elpa-yaml-mode); CI installs them and runs this test';
const skipYasnippet =
  (emacs && loads('yasnippet')) || process.env.CI
    ? false
    : 'emacs with eglot, yaml-mode and yasnippet is not installed (apt-get install elpa-yasnippet too); CI runs this test';

const BUILDSPEC =
  'version: 0.2\nphases:\n  pre-build:\n    commands:\n      - echo hi\n  install:\n    runtime-versions:\n      python: 3.10\n';

// docs/editors.md's per-project settings, verbatim but for the rule: float-version is turned off, then
// made a warning while the file is open.
const dirLocals = (severity: string) => `((nil . ((eglot-workspace-configuration
          . (:awsCicd (:diagnostics (:rules (:float-version "${severity}"))))))))
`;

interface Diagnostic {
  line: number;
  type: string;
  text: string;
}

interface Seen {
  diagnostics?: Diagnostic[];
  actions?: string[];
  prompt?: string;
  changed?: Diagnostic[];
  /** The codes of each publication of diagnostics until the first settled. */
  published?: string[][];
  hover?: string[];
  lines?: string[];
  point?: [number, number];
  warnings?: string[];
  timeout?: string;
  error?: string;
}

/** Runs Emacs on a fresh workspace, YASnippet on or not, and returns what it saw, its exit code and stderr. */
async function runEmacs(yasnippet: boolean): Promise<{ seen: Seen; code: number | null; stderr: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cicd-emacs-'));
  const home = path.join(dir, 'home');
  const bin = path.join(dir, 'bin');
  const workspace = path.join(dir, 'ws');
  for (const d of [home, bin, workspace]) mkdirSync(d);
  // The server under the name the docs give it, as `npm install --global` would put it on PATH.
  const shim = path.join(bin, 'aws-cicd-language-server');
  writeFileSync(shim, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(SERVER)} "$@"\n`);
  chmodSync(shim, 0o755);
  writeFileSync(path.join(workspace, 'buildspec.yml'), BUILDSPEC);
  writeFileSync(path.join(workspace, '.dir-locals.el'), dirLocals('off'));
  const out = path.join(dir, 'seen.jsonl');
  writeFileSync(out, '');
  const child = spawn('emacs', ['--batch', '-l', path.join(REPO, 'test/editors/emacs-eglot.el')], {
    cwd: workspace,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      // Nothing of the user's Emacs (~/.emacs.d, its package directory) is read or written.
      HOME: home,
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
      AWS_CICD_OUT: out,
      AWS_CICD_FILE: 'buildspec.yml',
      AWS_CICD_YASNIPPET: yasnippet ? '1' : '0',
      AWS_CICD_DIR_LOCALS: dirLocals('warning'),
    },
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill(), 60_000);
    child.once('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  const records = readFileSync(out, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Seen & { hover?: string });
  const seen: Seen = Object.assign({}, ...records.map(({ hover: _h, ...r }) => r)) as Seen;
  seen.hover = records.flatMap((r) => (r.hover === undefined ? [] : [r.hover]));
  rmSync(dir, { recursive: true, force: true });
  return { seen, code, stderr };
}

/** Runs Emacs and checks it got through every step. */
async function ranWell(yasnippet: boolean): Promise<Awaited<ReturnType<typeof runEmacs>>> {
  assert.ok(
    emacs,
    'emacs with eglot and yaml-mode is missing: CI must install emacs-nox elpa-eglot elpa-yaml-mode elpa-yasnippet',
  );
  const result = await runEmacs(yasnippet);
  const { seen, code, stderr } = result;
  assert.equal(seen.timeout, undefined, `${emacs} timed out waiting for ${seen.timeout}: ${stderr}`);
  assert.equal(seen.error, undefined, `${emacs} failed: ${seen.error}: ${stderr}`);
  assert.equal(code, 0, stderr);
  return result;
}

describe('Emacs Eglot, batch mode', { skip }, () => {
  let run: Awaited<ReturnType<typeof runEmacs>>;
  before(async () => {
    run = await ranWell(false);
  });

  it('shows the Flymake diagnostic with its code on its line, and not the rule .dir-locals.el turns off', () => {
    // float-version (line 8, `python: 3.10`) is off in .dir-locals.el; the misspelt phase remains.
    assert.deepEqual(run.seen.diagnostics, [
      {
        line: 3,
        type: 'eglot-error',
        text: 'buildspec [unknown-phase]: Unknown phase in `phases`: `pre-build`; did you mean `pre_build`?',
      },
    ]);
  });

  // The server holds an opened document's first validation until the settings it asked for arrive, so
  // Flymake never shows a finding the user turned off.
  it('never shows a finding the settings turn off', () => {
    assert.deepEqual(
      run.seen.published?.filter((codes) => codes.includes('float-version')),
      [],
    );
  });

  it('shows hover as plain text: no Markdown emphasis, escapes or link syntax', () => {
    const [phases, python] = run.seen.hover ?? [];
    assert.ok(phases?.startsWith('phases\n\nThe commands of each build phase.'), phases);
    assert.match(phases, /AWS documentation \(https:\/\/docs\.aws\.amazon\.com\/codebuild\/[^)\s]+\)$/);
    // The runtime table as lines of `version  images`.
    assert.ok(python?.includes('\nversion  images\n'), python);
    assert.match(python, /\n3\.10 {2}standard:6\.0, standard:7\.0/);
    for (const text of [phases, python]) {
      assert.doesNotMatch(text, /[`*\\]|\]\(|<\/?\w+>/, `Markdown left in hover: ${text}`);
    }
  });

  it('applies the quick fix eglot-code-actions offers, the fix as its default', () => {
    assert.deepEqual(run.seen.actions, ["Change to 'pre_build'", 'Disable unknown-phase for this line']);
    assert.equal(run.seen.prompt, "[eglot] Pick an action (default Change to 'pre_build'): ");
    assert.equal(run.seen.lines?.[2], '  pre_build:');
  });

  it('takes a setting changed in .dir-locals.el after eglot-signal-didChangeConfiguration', () => {
    assert.deepEqual(run.seen.changed, [
      {
        line: 8,
        type: 'eglot-warning',
        text: 'buildspec [float-version]: `3.10` is the number 3.1 to YAML; quote it so every tool reads "3.10"',
      },
    ]);
  });

  it('completes a phase with completion-at-point on its own line, point after it', () => {
    // After the quick fix, `  bu` at the end completed with C-M-i.
    const fixed = BUILDSPEC.replace('pre-build', 'pre_build').trimEnd().split('\n');
    assert.deepEqual(run.seen.lines, [...fixed, '  build:']);
    assert.deepEqual(run.seen.point, [fixed.length + 1, '  build:'.length]);
  });

  // Eglot 1.9 warns when a server registers a capability the client did not declare: the server
  // registers workspace/didChangeConfiguration only when the client says it takes dynamic registration.
  it('shows the user no warning', () => {
    assert.deepEqual(run.seen.warnings, []);
  });
});

describe('Emacs Eglot with YASnippet, batch mode', { skip: skipYasnippet }, () => {
  it('completes a phase as a snippet: the key, then point on the indented line below', async () => {
    const { seen } = await ranWell(true);
    const fixed = BUILDSPEC.replace('pre-build', 'pre_build').trimEnd().split('\n');
    assert.deepEqual(seen.lines, [...fixed, '  build:', '    ']);
    assert.deepEqual(seen.point, [fixed.length + 2, 4]);
  });
});
