/**
 * The linter over a repository a stranger wrote: its text cannot drive the terminal or the CI log, and
 * its links, FIFOs, devices and huge files cannot make the linter read what it should not, hang or
 * exhaust memory.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  symlinkSync,
  writeFileSync,
  ftruncateSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from '../support/docs';

const CLI = path.join(REPO, 'server/out/cli.js');

function cli(args: string[], cwd: string) {
  // A hang (a FIFO opened for reading) must fail the test, not stall the run.
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.error, undefined, `the linter did not finish: ${String(r.error)}`);
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cicd-hostile-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const CLEAN = 'version: 0.2\nphases:\n  build:\n    commands:\n      - make\n';
/** Raw control characters anywhere in printed output: C0 but newline, DEL, C1, bidi controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('cli output of hostile text', () => {
  it('escapes control characters in messages, so that no line starts a workflow command', () => {
    // A phase name with a newline, a GitHub Actions command, an ANSI sequence, a C1 CSI and a bidi override.
    const key = '"pre-build\\n::error file=app.js::pwned\\e[2J\\x9b31m\\u202e"';
    const dir = workspace({
      'buildspec.yml': `version: 0.2\nphases:\n  ${key}:\n    commands:\n      - echo hi\n`,
    });
    const r = cli(['lint', 'buildspec.yml'], dir);
    assert.equal(r.code, 1);
    const lines = r.out.trimEnd().split('\n');
    assert.equal(lines.length, 2, r.out);
    assert.ok(lines.every((l) => !l.startsWith('::')));
    assert.doesNotMatch(r.out, RAW_CONTROL);
    assert.ok(
      lines[0].startsWith(
        'buildspec.yml:3:3: error unknown-phase: Unknown phase in `phases`: `pre-build\\n::error file=app.js::pwned\\x1b[2J\\x9b31m\\u202e`',
      ),
      lines[0],
    );
  });

  it('escapes file names, and never starts a line with a CI command a file is named after', () => {
    const dir = workspace({
      '::warning::x/buildspec.yml': 'version: 0.2\nphases:\n  bild:\n    commands: [make]\n',
      'a\nb/buildspec.yml': 'version: 0.2\nphases:\n  bild:\n    commands: [make]\n',
    });
    const r = cli(['lint', '.'], dir);
    assert.equal(r.code, 1);
    const lines = r.out.trimEnd().split('\n');
    assert.equal(lines.length, 3, r.out);
    assert.ok(lines[0].startsWith('./::warning::x/buildspec.yml:3:3: error unknown-phase'), lines[0]);
    assert.ok(lines[1].startsWith('a\\nb/buildspec.yml:3:3: error unknown-phase'), lines[1]);
  });

  it('keeps JSON and SARIF free of raw C1 and bidi controls, which JSON.stringify leaves', () => {
    const dir = workspace({ 'buildspec.yml': 'version: 0.2\nphases:\n  "x\\x9b\\u202e": {}\n' });
    for (const format of ['json', 'sarif']) {
      const r = cli(['lint', '--format', format, 'buildspec.yml'], dir);
      assert.equal(r.code, 1);
      assert.doesNotMatch(r.out, RAW_CONTROL);
      JSON.parse(r.out);
      assert.ok(r.out.includes('x\\u009b\\u202e'), r.out);
    }
  });
});

describe('cli reading a hostile repository', () => {
  it('skips a link leading out of the folder, and refuses one given by name', () => {
    const outside = workspace({
      'credentials.yml': 'version: 0.2\nphases:\n  aws_secret_access_key_LEAKED: {}\n',
    });
    const dir = workspace({ 'buildspec.yml': CLEAN, 'inner/real.yml': CLEAN });
    symlinkSync(path.join(outside, 'credentials.yml'), path.join(dir, 'buildspec-prod.yml'));
    symlinkSync(path.join(dir, 'inner/real.yml'), path.join(dir, 'buildspec-inner.yml'));
    symlinkSync(outside, path.join(dir, 'linked-folder'));

    const walked = cli(['lint', '.'], dir);
    assert.equal(walked.code, 0, walked.err);
    assert.doesNotMatch(walked.out + walked.err, /LEAKED/);
    assert.match(walked.err, /^Skipped buildspec-prod\.yml: a link leading outside the folder$/m);
    // The link inside the folder is the same file as inner/real.yml: checked once.
    assert.equal(walked.out, '2 files checked: 0 errors, 0 warnings\n');

    const named = cli(['lint', 'buildspec-prod.yml'], dir);
    assert.equal(named.code, 2);
    assert.doesNotMatch(named.out + named.err, /LEAKED/);
    assert.match(
      named.err,
      /^Could not lint buildspec-prod\.yml: a link leading outside the current folder/m,
    );
  });

  it('never opens a FIFO or a device, in a folder or by name', () => {
    const dir = workspace({ 'buildspec.yml': CLEAN });
    assert.equal(spawnSync('mkfifo', [path.join(dir, 'buildspec-fifo.yml')]).status, 0);
    const walked = cli(['lint', '.'], dir);
    assert.equal(walked.code, 0);
    assert.match(walked.err, /^Skipped buildspec-fifo\.yml: not a regular file$/m);
    assert.equal(walked.out, '1 file checked: 0 errors, 0 warnings\n');

    const fifo = cli(['lint', 'buildspec-fifo.yml'], dir);
    assert.equal(fifo.code, 2);
    assert.match(fifo.err, /^Could not lint buildspec-fifo\.yml: not a regular file$/m);
    const device = cli(['lint', '/dev/zero'], dir);
    assert.equal(device.code, 2);
    assert.match(device.err, /^Could not lint \/dev\/zero: not a regular file$/m);
  });

  it('refuses a file over the size cap without reading it, with an error exit', () => {
    const dir = workspace({});
    // 8 GB, sparse: reading it whole would take minutes and all the memory there is.
    const fd = openSync(path.join(dir, 'buildspec.yml'), 'w');
    ftruncateSync(fd, 8 * 1024 ** 3);
    closeSync(fd);
    const started = Date.now();
    const r = cli(['lint', '.'], dir);
    assert.ok(Date.now() - started < 10_000);
    assert.equal(r.code, 2);
    assert.match(r.err, /^Could not lint buildspec\.yml: 8192\.0 MB, over the 1\.0 MB limit$/m);
  });

  it('passes over a big data file in a folder, but not a big file named as a buildspec', () => {
    const dir = workspace({ 'buildspec.yml': CLEAN, 'data/big.json': `[${'1,'.repeat(600_000)}1]` });
    const r = cli(['lint', '.'], dir);
    assert.equal(r.code, 0);
    assert.match(r.err, /^Skipped data\/big\.json: not read: 1\.1 MB, over the 1\.0 MB limit$/m);
  });

  it('treats a file that is not UTF-8 text and is named as a buildspec as unreadable', () => {
    const dir = workspace({});
    writeFileSync(path.join(dir, 'buildspec.yml'), Buffer.from([0x76, 0x3a, 0xff, 0xfe, 0x0a]));
    const r = cli(['lint', 'buildspec.yml'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /^Could not lint buildspec\.yml: not UTF-8 text: byte 0xFF at offset 2 \(line 1\)$/m);
  });

  it('finds a buildspec saved as Latin-1 in a folder and names its first bad byte, but skips binary data', () => {
    const dir = workspace({ 'data/blob.json': '' });
    // An `é` in Latin-1 (0xE9) in a comment on line 6: an editor shows the file, CodeBuild reads UTF-8.
    const latin1 = Buffer.from(`${CLEAN}      # caf\u00e9\n`, 'latin1');
    mkdirSync(path.join(dir, 'ci'));
    writeFileSync(path.join(dir, 'ci/build.yml'), latin1);
    writeFileSync(path.join(dir, 'data/blob.json'), Buffer.from([0x00, 0xff, 0x10, 0x80, 0x0a]));
    const r = cli(['lint', '.'], dir);
    assert.equal(r.code, 2, r.err);
    const offset = latin1.indexOf(0xe9);
    assert.match(
      r.err,
      new RegExp(
        `^Could not lint ci/build\\.yml: not UTF-8 text: byte 0xE9 at offset ${offset} \\(line 6\\)$`,
        'm',
      ),
    );
    assert.doesNotMatch(r.err, /blob\.json/);
    assert.match(r.err, /^Skipped 1 YAML or JSON file that is not a buildspec or AppSpec: 1 other/m);
  });

  it('counts columns on line 1 as an editor shows them, after a byte order mark', () => {
    const dir = workspace({});
    writeFileSync(
      path.join(dir, 'buildspec.yml'),
      Buffer.from('\ufeffversion: 0.3\nphases:\n  build:\n    commands: [make]\n', 'utf8'),
    );
    const r = cli(['lint', 'buildspec.yml'], dir);
    assert.match(r.out, /^buildspec\.yml:1:10: error invalid-version/);
  });

  it('reports a missing file as an error exit', () => {
    const r = cli(['lint', 'buildspec.yml', 'nope.yml'], workspace({ 'buildspec.yml': CLEAN }));
    assert.equal(r.code, 2);
    assert.match(r.err, /^Could not lint nope\.yml: no such file or folder$/m);
    assert.equal(r.out, '1 file checked: 0 errors, 0 warnings\n');
  });
});
