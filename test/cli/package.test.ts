/**
 * The linter as a package installs it: `npm pack` holds the bundles package.json `bin` names, and the
 * packed `aws-cicd-lint` runs on its own (through its shebang, without node_modules) and lints, shell
 * included (the shell parser is a bundle of its own beside the CLI's).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { REPO } from '../support/docs';

interface HookDefinition {
  id: string;
  entry: string;
  language: string;
  files: string;
}

interface Manifest {
  bin: Record<string, string>;
}

describe('npm package', () => {
  it('packs the bins, and the packed aws-cicd-lint lints a folder when executed', () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Manifest;
    assert.deepEqual(manifest.bin, {
      'aws-cicd-lint': 'server/out/cli.js',
      'aws-cicd-language-server': 'server/out/server.js',
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'cicd-pack-'));
    // The bundles are built by the test run already; prepack would build them again.
    const pack = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
      cwd: REPO,
      encoding: 'utf8',
    });
    assert.equal(pack.status, 0, pack.stderr);
    const [packed] = JSON.parse(pack.stdout) as [{ filename: string; files: { path: string }[] }];
    const files = packed.files.map((f) => f.path).sort();
    for (const bin of Object.values(manifest.bin)) assert.ok(files.includes(bin), `${bin} is not packed`);
    assert.deepEqual(
      files.filter(
        (f) => /^(client|test|node_modules|scripts|bench|\.tools)\//.test(f) || f.endsWith('.map'),
      ),
      [],
    );
    assert.ok(files.includes('schemas/buildspec.schema.json'));

    const tar = spawnSync('tar', ['-xzf', path.join(dir, packed.filename), '-C', dir], { encoding: 'utf8' });
    assert.equal(tar.status, 0, tar.stderr);
    const bin = path.join(dir, 'package', manifest.bin['aws-cicd-lint']);
    assert.equal(readFileSync(bin, 'utf8').split('\n')[0], '#!/usr/bin/env node');
    chmodSync(bin, 0o755); // what npm does to a bin when it installs the package
    const work = path.join(dir, 'work');
    mkdirSync(work);
    writeFileSync(
      path.join(work, 'buildspec.yml'),
      'version: 0.2\nphases:\n  pre-build:\n    commands:\n      - x\n  build:\n    commands:\n      - echo "open\n',
    );
    // `env node` finds the node running the tests first, as it would find the user's.
    const env = {
      ...process.env,
      PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
    };
    const run = spawnSync(bin, ['.'], { cwd: work, encoding: 'utf8', env });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /^buildspec\.yml:3:3: error unknown-phase: /m);
    assert.match(run.stdout, /^buildspec\.yml:8:\d+: error shell-syntax: /m);

    // The pre-commit hook: the packed bin with the hook's arguments, given the changed files it selects.
    const hooks = parse(readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as HookDefinition[];
    const hook = hooks.find((h) => h.id === 'aws-cicd-lint')!;
    assert.equal(hook.language, 'node');
    const [command, ...args] = hook.entry.split(' ');
    assert.ok(command in manifest.bin, `${command} is not a bin of the package`);
    const selects = new RegExp(hook.files);
    writeFileSync(path.join(work, 'workflow.yaml'), 'on: push\njobs: {}\n');
    writeFileSync(path.join(work, 'notes.txt'), 'text\n');
    const changed = ['buildspec.yml', 'workflow.yaml', 'notes.txt'].filter((f) => selects.test(f));
    assert.deepEqual(changed, ['buildspec.yml', 'workflow.yaml']);
    const hookRun = (files: string[]) =>
      spawnSync(bin, [...args, ...files], { cwd: work, encoding: 'utf8', env });
    assert.equal(hookRun(changed).status, 1);
    const unrelated = hookRun(['workflow.yaml']);
    assert.equal(unrelated.status, 0, unrelated.stderr);
  });
});
