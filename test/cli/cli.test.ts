/** The command-line linter and schema export, run as a user runs them. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from '../support/docs';

const CLI = path.join(REPO, 'server/out/cli.js');

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cicd-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const BROKEN = 'version: 0.2\nphases:\n  pre-build:\n    commands:\n      - echo hi\n';
const CLEAN = 'version: 0.2\nphases:\n  build:\n    commands:\n      - make\n';
const WARNING = 'version: 0.2\nphases:\n  build:\n    commands:\n      - $(aws ecr get-login)\n';

describe('cli lint', () => {
  it('prints compiler-style lines and exits 1 on errors', () => {
    const dir = workspace({ 'buildspec.yml': BROKEN });
    const r = cli(['lint', 'buildspec.yml'], dir);
    assert.equal(r.code, 1);
    assert.equal(
      r.out,
      'buildspec.yml:3:3: error unknown-phase: Unknown phase in `phases`: `pre-build`; did you mean `pre_build`?\n1 file checked: 1 error, 0 warnings\n',
    );
  });

  it('exits 0 on clean files and on warnings only', () => {
    const dir = workspace({ 'buildspec.yml': CLEAN, 'ci/buildspec-deploy.yml': WARNING });
    assert.equal(cli(['lint', 'buildspec.yml'], dir).code, 0);
    const r = cli(['lint', 'ci/buildspec-deploy.yml'], dir);
    assert.equal(r.code, 0);
    assert.match(r.out, /warning ecr-get-login/);
  });

  it('searches folders for buildspec and appspec files, buildspecs/ folders included', () => {
    const dir = workspace({
      'buildspec.yml': CLEAN,
      'deploy/appspec.yml': 'version: 0.0\nos: linux\n',
      'buildspecs/deploy.yml': CLEAN,
      'other.yml': 'a: 1\n',
      'node_modules/x/buildspec.yml': BROKEN,
    });
    const r = cli(['lint', '.'], dir);
    assert.equal(r.code, 0);
    assert.equal(r.out, '3 files checked: 0 errors, 0 warnings\n');
  });

  it('fails when a folder holds no buildspec or appspec, rather than passing silently', () => {
    const empty = cli(['lint', 'deploy'], workspace({ 'deploy/readme.md': 'x' }));
    assert.equal(empty.code, 2);
    assert.match(empty.err, /^No buildspec or AppSpec files found in: deploy/);
  });

  it('writes JSON and SARIF', () => {
    const dir = workspace({ 'buildspec.yml': BROKEN });
    const json = JSON.parse(cli(['lint', '--format', 'json', 'buildspec.yml'], dir).out) as {
      files: { kind: string; diagnostics: { code: string; line: number; column: number }[] }[];
    };
    assert.equal(json.files[0].kind, 'CodeBuild buildspec 0.2');
    assert.deepEqual(
      json.files[0].diagnostics.map((d) => [d.code, d.line, d.column]),
      [['unknown-phase', 3, 3]],
    );
    const sarif = JSON.parse(cli(['lint', '--format=sarif', 'buildspec.yml'], dir).out) as {
      version: string;
      runs: {
        results: {
          ruleId: string;
          level: string;
          locations: { physicalLocation: { region: { startLine: number } } }[];
        }[];
      }[];
    };
    assert.equal(sarif.version, '2.1.0');
    const result = sarif.runs[0].results[0];
    assert.deepEqual(
      [result.ruleId, result.level, result.locations[0].physicalLocation.region.startLine],
      ['unknown-phase', 'error', 3],
    );
  });

  it('changes severities with --rule and pins the image with --image', () => {
    const dir = workspace({
      'buildspec.yml': WARNING,
      'b/buildspec.yml': 'version: 0.2\nphases:\n  install:\n    runtime-versions:\n      nodejs: 16\n',
    });
    assert.equal(cli(['lint', '--rule', 'ecr-get-login=error', 'buildspec.yml'], dir).code, 1);
    assert.equal(
      cli(['lint', '--rule', 'ecr-get-login=off', 'buildspec.yml'], dir).out,
      '1 file checked: 0 errors, 0 warnings\n',
    );
    const pinned = cli(['lint', '--image', 'aws/codebuild/standard:7.0', 'b/buildspec.yml'], dir);
    assert.equal(pinned.code, 1);
    assert.match(
      pinned.out,
      /unsupported-runtime-version: aws\/codebuild\/standard:7\.0 has no nodejs 16; it has 24, 22, 20, 18/,
    );
  });

  it('explains usage mistakes and unknown files with exit 2', () => {
    const dir = workspace({ 'notes.yml': 'a: 1\n' });
    const usage = cli(['lint', '--format', 'xml', 'x'], dir);
    assert.equal(usage.code, 2);
    assert.match(usage.err, /^Unknown format: xml\n\nUsage:/);
    const unknown = cli(['lint', 'notes.yml'], dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /^Skipped notes\.yml: not a buildspec or AppSpec$/m);
  });
});

describe('cli schema', () => {
  it('writes both JSON Schemas, equal to the ones committed in schemas/', () => {
    const dir = workspace({});
    assert.equal(cli(['schema', '--out', 'out'], dir).code, 0);
    for (const name of ['buildspec.schema.json', 'appspec.schema.json']) {
      const fresh = readFileSync(path.join(dir, 'out', name), 'utf8');
      assert.equal(
        readFileSync(path.join(REPO, 'schemas', name), 'utf8'),
        fresh,
        `schemas/${name} is stale: run npm run build`,
      );
    }
    const schema = JSON.parse(readFileSync(path.join(dir, 'out/buildspec.schema.json'), 'utf8')) as {
      properties: Record<string, { properties?: Record<string, unknown> }>;
    };
    assert.deepEqual(Object.keys(schema.properties.phases.properties!), [
      'install',
      'pre_build',
      'build',
      'post_build',
    ]);
  });
});

describe('diagnostics catalogue', () => {
  it('docs/diagnostics.md lists exactly the rules the service has', () => {
    const page = readFileSync(path.join(REPO, 'docs/diagnostics.md'), 'utf8');
    const table = cli(['rules', '--markdown'], REPO).out;
    assert.ok(
      page.endsWith(table),
      'docs/diagnostics.md is stale: regenerate its table with `node server/out/cli.js rules --markdown`',
    );
  });
});
