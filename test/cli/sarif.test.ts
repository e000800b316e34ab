/**
 * The linter's SARIF validates against the OASIS SARIF 2.1.0 schema (test/fixtures/sarif), for any file
 * name, and carries what GitHub code scanning uses: relative URIs against SRCROOT, rule help links and
 * descriptions, fingerprints that survive lines moving.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { REPO } from '../support/docs';

const SCHEMA = JSON.parse(
  readFileSync(path.join(REPO, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'),
) as object;

// RFC 3986: the characters a URI may hold, and `%` only as the start of an escape.
const PCHAR = "(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})";
const REST = `(?:${PCHAR}|/)*(?:\\?(?:${PCHAR}|[/?])*)?(?:#(?:${PCHAR}|[/?])*)?`;
const URI_REFERENCE = new RegExp(`^(?:[A-Za-z][A-Za-z0-9+.-]*:)?${REST}$`);
const URI = new RegExp(`^[A-Za-z][A-Za-z0-9+.-]*:${REST}$`);

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uri', URI);
  ajv.addFormat('uri-reference', URI_REFERENCE);
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
  return ajv.compile(SCHEMA);
}

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [path.join(REPO, 'server/out/cli.js'), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cicd-sarif-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

interface Sarif {
  runs: {
    tool: {
      driver: {
        informationUri: string;
        rules: { id: string; helpUri: string; fullDescription: { text: string } }[];
      };
    };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: {
      ruleId: string;
      ruleIndex: number;
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[];
      partialFingerprints: Record<string, string>;
    }[];
  }[];
}

const BROKEN = 'version: 0.2\nphases:\n  bild:\n    commands:\n      - make\n';
const NAMES = ['ci builds/build #2.yml', 'deploy/100% done.yaml', 'a:b/buildspec.yml', 'plain/buildspec.yml'];

describe('cli SARIF', () => {
  const validate = validator();

  it('the format checks are strict: a raw path with a space or a stray % is not a URI reference', () => {
    assert.ok(!URI_REFERENCE.test('ci builds/x.yml'));
    assert.ok(!URI_REFERENCE.test('deploy/100% done.yaml'));
    assert.ok(!URI_REFERENCE.test('a#b#c'));
    assert.ok(URI_REFERENCE.test('ci%20builds/build%20%232.yml'));
    assert.ok(!URI.test('relative/path'));
  });

  it('validates against the OASIS schema for names with spaces, # and %, and points at each file', () => {
    const dir = workspace(Object.fromEntries(NAMES.map((n) => [n, BROKEN])));
    const r = cli(['lint', '--format', 'sarif', '.'], dir);
    assert.equal(r.code, 1);
    const log = JSON.parse(r.out) as Sarif;
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    const run = log.runs[0];
    const base = run.originalUriBaseIds.SRCROOT.uri;
    assert.ok(base.startsWith('file:///') && base.endsWith('/'));
    const files = run.results.map((res) => {
      const loc = res.locations[0].physicalLocation.artifactLocation;
      assert.equal(loc.uriBaseId, 'SRCROOT');
      return path.relative(dir, fileURLToPath(new URL(loc.uri, base)));
    });
    assert.deepEqual([...new Set(files)].sort(), [...NAMES].sort());
    assert.deepEqual(
      run.results.map((res) => res.locations[0].physicalLocation.artifactLocation.uri).sort(),
      [
        'a%3Ab/buildspec.yml',
        'ci%20builds/build%20%232.yml',
        'deploy/100%25%20done.yaml',
        'plain/buildspec.yml',
      ],
    );
  });

  it('gives a file outside the folder it runs in an absolute URI, still valid', () => {
    const outside = workspace({ 'my project/buildspec.yml': BROKEN });
    const r = cli(
      ['lint', '--format', 'sarif', path.join(outside, 'my project/buildspec.yml')],
      workspace({}),
    );
    const log = JSON.parse(r.out) as Sarif;
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    const loc = log.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    assert.equal(loc.uriBaseId, undefined);
    assert.equal(fileURLToPath(loc.uri), path.join(outside, 'my project/buildspec.yml'));
  });

  it('describes each rule with a link to its entry in the catalogue', () => {
    const r = cli(['lint', '--format', 'sarif', 'buildspec.yml'], workspace({ 'buildspec.yml': BROKEN }));
    const run = (JSON.parse(r.out) as Sarif).runs[0];
    const rule = run.tool.driver.rules[run.results[0].ruleIndex];
    assert.equal(rule.id, 'unknown-phase');
    // The project's address is package.json `homepage`, and the docs that name it say the same.
    const { homepage } = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
      homepage: string;
    };
    assert.equal(rule.helpUri, `${homepage}/blob/main/docs/diagnostics.md#unknown-phase`);
    assert.equal(run.tool.driver.informationUri, homepage);
    const repo = homepage.replace(/^https:\/\/github\.com\//, '');
    for (const doc of ['docs/cli.md', 'docs/editors.md']) {
      const text = readFileSync(path.join(REPO, doc), 'utf8');
      assert.ok(text.includes(`github:${repo}`), `${doc} does not install from ${repo}`);
      assert.doesNotMatch(text, /<where this project lives>/);
    }
    assert.match(rule.fullDescription.text, /Default severity: error; checked in buildspec files\.$/);
    const catalogue = readFileSync(path.join(REPO, 'docs/diagnostics.md'), 'utf8');
    for (const { id } of run.tool.driver.rules) assert.ok(catalogue.includes(`<a id="${id}"></a>`), id);
  });

  it('keeps a finding`s fingerprint when lines above it move, and tells identical findings apart', () => {
    const twice = 'version: 0.2\nphases:\n  bild:\n    commands: [make]\n  tset:\n    commands: [make]\n';
    const dir = workspace({ 'buildspec.yml': twice });
    const prints = () =>
      (JSON.parse(cli(['lint', '--format', 'sarif', 'buildspec.yml'], dir).out) as Sarif).runs[0].results.map(
        (res) => res.partialFingerprints['awsCicdLint/v1'],
      );
    const before = prints();
    assert.equal(new Set(before).size, before.length);
    writeFileSync(path.join(dir, 'buildspec.yml'), `# moved down\n\n${twice}`);
    assert.deepEqual(prints(), before);
  });
});
