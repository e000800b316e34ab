/**
 * `lint DIR` finds buildspecs and AppSpecs by their content wherever they are and whatever their names,
 * as real repositories keep them, filters with --include/--exclude, and says what it left out.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from '../support/docs';

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [path.join(REPO, 'server/out/cli.js'), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cicd-find-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Each with one mistake, so that the output shows that the file was found and read. */
const BUILDSPEC = 'version: 0.2\nphases:\n  bild:\n    commands:\n      - make\n';
const APPSPEC = 'version: 0.0\nos: linux\nhooks:\n  AfterInstal:\n    - location: scripts/start.sh\n';
const ECS_APPSPEC_JSON =
  '{"version": 0.0, "Resources": [{"TargetService": {"Type": "AWS::ECS::Service", "Properties": {"TaskDefinition": "arn", "LoadBalancerInfo": {"ContainerName": "web", "ContainerPort": 80}}}}], "Hooks": [{"BeforeInstal": "fn"}]}';

describe('lint DIR', () => {
  it('finds buildspecs and AppSpecs by content under any folder and name', () => {
    const dir = workspace({
      'buildspec/unit.yml': BUILDSPEC,
      'ci/integration-buildspec.yml': BUILDSPEC,
      'ci/golangBuildspec.yaml': BUILDSPEC,
      'codebuild/release.yml': BUILDSPEC,
      'codebuild_specs/docs.yaml': BUILDSPEC,
      'deploy/ec2-appspec.yaml': APPSPEC,
      'deploy/ecs/deploy.json': ECS_APPSPEC_JSON,
      'package.json': '{"name": "x", "version": "0.2.0"}',
      'config/settings.yml': 'version: 0.2\nname: not a buildspec\n',
    });
    const r = cli(['lint', '.'], dir);
    assert.equal(r.code, 1);
    const found = r.out
      .trimEnd()
      .split('\n')
      .map((l) => l.split(':').slice(0, 2).join(':'));
    assert.deepEqual(found, [
      'buildspec/unit.yml:3',
      'ci/golangBuildspec.yaml:3',
      'ci/integration-buildspec.yml:3',
      'codebuild/release.yml:3',
      'codebuild_specs/docs.yaml:3',
      'deploy/ec2-appspec.yaml:4',
      'deploy/ecs/deploy.json:1',
      '7 files checked: 5 errors, 2 warnings',
    ]);
    assert.equal(
      r.err,
      'Skipped 2 YAML and JSON files that are not buildspecs or AppSpecs: 2 others (--verbose lists them)\n',
    );
  });

  it('filters the files found in folders with --include and --exclude', () => {
    const dir = workspace({
      'ci/buildspec.yml': BUILDSPEC,
      'ci/legacy/buildspec.yml': BUILDSPEC,
      'test/fixtures/buildspec.yml': BUILDSPEC,
      'deploy/appspec.yml': APPSPEC,
    });
    const files = (args: string[]) => {
      const r = cli(['lint', ...args, '.'], dir);
      return [
        ...new Set(
          r.out
            .split('\n')
            .filter((l) => /^\S+:\d+:\d+: /.test(l))
            .map((l) => l.split(':')[0]),
        ),
      ];
    };
    assert.deepEqual(files(['--exclude', 'test/**', '--exclude=ci/legacy']), [
      'ci/buildspec.yml',
      'deploy/appspec.yml',
    ]);
    assert.deepEqual(files(['--include', 'ci/**']), ['ci/buildspec.yml', 'ci/legacy/buildspec.yml']);
    assert.deepEqual(files(['--include', '**/appspec.yml']), ['deploy/appspec.yml']);
    const excluded = cli(['lint', '--exclude', 'test/**', '.'], dir);
    assert.equal(excluded.err, 'Skipped 1 entry matching --exclude (--verbose lists them)\n');
    const listed = cli(['lint', '--verbose', '--exclude', 'test/**', '.'], dir);
    assert.match(listed.err, /^Skipped test: excluded$/m);
  });

  it('lists what a folder held that is not ours with --verbose', () => {
    const dir = workspace({ 'buildspec.yml': BUILDSPEC, 'config/app.yml': 'a: 1\n' });
    const r = cli(['lint', '--verbose', '.'], dir);
    assert.match(r.err, /^Skipped config\/app\.yml: not a buildspec or AppSpec$/m);
    const json = JSON.parse(cli(['lint', '--format', 'json', '--verbose', '.'], dir).out) as {
      files: { file: string }[];
      skipped: { file: string; reason: string }[];
      unreadable: unknown[];
    };
    assert.deepEqual(
      json.files.map((f) => f.file),
      ['buildspec.yml'],
    );
    assert.deepEqual(json.skipped, [{ file: 'config/app.yml', reason: 'not a buildspec or AppSpec' }]);
    assert.deepEqual(json.unreadable, []);
  });
});

describe('lint FILE... from a hook that passes every changed file', () => {
  it('passes with --allow-none when none of the files is a buildspec or AppSpec', () => {
    const dir = workspace({
      '.github/workflows/ci.yml': 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n',
    });
    const strict = cli(['lint', '.github/workflows/ci.yml'], dir);
    assert.equal(strict.code, 2);
    const hook = cli(['lint', '--allow-none', '.github/workflows/ci.yml'], dir);
    assert.equal(hook.code, 0);
    assert.equal(hook.out, '0 files checked: 0 errors, 0 warnings\n');
    assert.match(
      hook.err,
      /^Skipped \.github\/workflows\/ci\.yml: not a buildspec or AppSpec: a GitHub Actions workflow$/m,
    );
  });
});
