/**
 * The linter as a user gets it: `npm pack`, then `npm install <tarball>` into an empty project. The
 * package declares no dependency (every output is a bundle), so the install adds this package alone, and
 * its two bins run from there: `aws-cicd-lint` lints, shell included (the shell parser is a bundle of its
 * own beside the CLI's), and `aws-cicd-language-server` answers an editor. The postinstall builds only in
 * a clone that has its development dependencies.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createProtocolConnection,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
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
  scripts: Record<string, string>;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  bundleDependencies?: unknown;
}

interface NpmTree {
  dependencies?: Record<string, NpmTree>;
}

const BAD_BUILDSPEC =
  'version: 0.2\nphases:\n  pre-build:\n    commands:\n      - x\n  build:\n    commands:\n      - echo "open\n';

// `env node` in a bin's shebang finds the node running the tests first, as it would find the user's.
const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}` };

const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Manifest;

function npm(args: string[], cwd: string) {
  return spawnSync('npm', [...args, '--no-audit', '--no-fund'], { cwd, encoding: 'utf8', env });
}

describe('npm package', () => {
  let dir = '';
  let tarball = '';
  let files: string[] = [];
  let project = '';

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cicd-pack-'));
    // The bundles are built by the test run already.
    const pack = npm(['pack', '--json', '--ignore-scripts', '--pack-destination', dir], REPO);
    assert.equal(pack.status, 0, pack.stderr);
    const [packed] = JSON.parse(pack.stdout) as [{ filename: string; files: { path: string }[] }];
    tarball = path.join(dir, packed.filename);
    files = packed.files.map((f) => f.path).sort();
    project = path.join(dir, 'project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'package.json'), '{ "name": "user-project", "private": true }\n');
    // Offline: a package with nothing to fetch installs from its tarball alone.
    const install = npm(['install', '--offline', tarball], project);
    assert.equal(install.status, 0, install.stderr);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('packs the bins, the schemas and docs, and nothing of the sources', () => {
    assert.deepEqual(manifest.bin, {
      'aws-cicd-lint': 'server/out/cli.js',
      'aws-cicd-language-server': 'server/out/server.js',
    });
    for (const bin of Object.values(manifest.bin)) assert.ok(files.includes(bin), `${bin} is not packed`);
    assert.ok(files.includes('server/out/mvdan-sh.js'));
    assert.ok(files.includes('schemas/buildspec.schema.json'));
    assert.deepEqual(
      files.filter(
        (f) => /^(client|test|node_modules|scripts|bench|\.tools)\//.test(f) || f.endsWith('.map'),
      ),
      [],
    );
  });

  it('declares no dependency, so an install into an empty project adds this package alone', () => {
    const untar = spawnSync('tar', ['-xOzf', tarball, 'package/package.json'], { encoding: 'utf8' });
    assert.equal(untar.status, 0, untar.stderr);
    const packed = JSON.parse(untar.stdout) as Manifest;
    for (const field of [
      'dependencies',
      'optionalDependencies',
      'peerDependencies',
      'bundleDependencies',
    ] as const)
      assert.equal(packed[field], undefined, `the packed package.json has ${field}`);

    const ls = npm(['ls', '--omit=dev', '--all', '--json'], project);
    assert.equal(ls.status, 0, ls.stderr);
    const tree = JSON.parse(ls.stdout) as NpmTree;
    assert.deepEqual(Object.keys(tree.dependencies ?? {}), ['aws-cicd-files']);
    assert.equal(tree.dependencies?.['aws-cicd-files'].dependencies, undefined);
    const installed = readdirSync(path.join(project, 'node_modules')).filter((f) => !f.startsWith('.'));
    assert.deepEqual(installed, ['aws-cicd-files']);
  });

  it('the installed aws-cicd-lint lints a folder, and the pre-commit hook lints the files it selects', () => {
    const bin = path.join(project, 'node_modules/.bin/aws-cicd-lint');
    const work = path.join(dir, 'work');
    mkdirSync(work);
    writeFileSync(path.join(work, 'buildspec.yml'), BAD_BUILDSPEC);
    const run = spawnSync(bin, ['.'], { cwd: work, encoding: 'utf8', env });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /^buildspec\.yml:3:3: error unknown-phase: /m);
    assert.match(run.stdout, /^buildspec\.yml:8:\d+: error shell-syntax: /m);

    // The pre-commit hook: the bin with the hook's arguments, given the changed files it selects.
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
    const hookRun = (names: string[]) =>
      spawnSync(bin, [...args, ...names], { cwd: work, encoding: 'utf8', env });
    assert.equal(hookRun(changed).status, 1);
    const unrelated = hookRun(['workflow.yaml']);
    assert.equal(unrelated.status, 0, unrelated.stderr);
  });

  it('the installed aws-cicd-language-server answers an editor over stdio', async () => {
    const bin = path.join(project, 'node_modules/.bin/aws-cicd-language-server');
    const child = spawn(bin, ['--stdio'], { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<never>((_, reject) =>
      child.on('exit', (code) => reject(new Error(`the server exited with ${code}: ${stderr}`))),
    );
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const uri = 'file:///work/space/buildspec.yml';
    const published = new Promise<PublishDiagnosticsParams>((resolve) =>
      connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
        if (p.uri === uri && p.diagnostics.length > 0) resolve(p);
      }),
    );
    connection.listen();
    try {
      const init = await Promise.race([
        connection.sendRequest(InitializeRequest.type, {
          processId: process.pid,
          rootUri: 'file:///work/space',
          capabilities: {},
          workspaceFolders: null,
        }),
        exited,
      ]);
      assert.ok(init.capabilities.completionProvider, 'no completion provider');
      await connection.sendNotification('initialized', {});
      await connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'buildspec', version: 1, text: BAD_BUILDSPEC },
      });
      const diagnostics = await Promise.race([published, exited]);
      const codes = diagnostics.diagnostics.map((d) => d.code);
      assert.ok(codes.includes('unknown-phase'), `codes: ${codes.join(', ')}`);
      assert.ok(codes.includes('shell-syntax'), `codes: ${codes.join(', ')}`);
    } finally {
      connection.dispose();
      child.kill();
    }
  });

  it('postinstall builds in a clone with its development dependencies, and nowhere else', () => {
    const postinstall = manifest.scripts.postinstall;
    // A clone after `npm ci`: the build script and esbuild are there. A stand-in build leaves a mark.
    const clone = path.join(dir, 'clone');
    mkdirSync(path.join(clone, 'scripts'), { recursive: true });
    mkdirSync(path.join(clone, 'node_modules/esbuild'), { recursive: true });
    writeFileSync(
      path.join(clone, 'scripts/build.mjs'),
      "import { writeFileSync } from 'node:fs';\nwriteFileSync('built', 'yes');\n",
    );
    const inClone = spawnSync(postinstall, { cwd: clone, shell: true, encoding: 'utf8', env });
    assert.equal(inClone.status, 0, inClone.stderr);
    assert.ok(existsSync(path.join(clone, 'built')), 'postinstall did not build in a clone');

    // The installed package (what `npm install <tarball>` runs it in): no build script, no esbuild.
    const installed = path.join(project, 'node_modules/aws-cicd-files');
    const before = readdirSync(installed, { recursive: true }).sort();
    const inPackage = spawnSync(postinstall, { cwd: installed, shell: true, encoding: 'utf8', env });
    assert.equal(inPackage.status, 0, inPackage.stderr);
    assert.deepEqual(readdirSync(installed, { recursive: true }).sort(), before);
  });
});
