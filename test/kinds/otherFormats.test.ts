/**
 * Files that sit beside buildspecs and AppSpecs but are something else (test/fixtures/other-formats:
 * CloudFormation and SAM templates, a Serverless service, GitHub Actions, GitLab CI, Kubernetes,
 * Compose) get no finding at all, whatever their name, in the service, over the protocol, and from the
 * linter; buildspecs and AppSpecs beside them are still found by content.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from '../../server/src/service/index';
import { REPO } from '../support/docs';
import { startServer, type TestServer } from '../support/lspClient';

const FIXTURES = path.join(REPO, 'test/fixtures/other-formats');

/** What each fixture is, as the status bar and the linter say it. */
const EXPECTED: Record<string, string> = {
  '.gitlab-ci.yml': 'a GitLab CI configuration',
  'action.yml': 'a GitHub Action',
  'buckets.yml': 'a CloudFormation template',
  'ci.yml': 'a GitHub Actions workflow',
  'deployment.yaml': 'a Kubernetes manifest',
  'docker-compose.yml': 'a Docker Compose file',
  'ecs-bluegreen.yaml': 'a CloudFormation template',
  'network-stack.yaml': 'a CloudFormation template',
  'pipeline.yaml': 'a CloudFormation template',
  'queue-stack.json': 'a CloudFormation template',
  'serverless.yml': 'a Serverless Framework service',
  'template.yaml': 'an AWS SAM template',
};

/** Names and language ids that claim the file is ours: the content must still win. */
const CLAIMS: [string, string][] = [
  ['buildspec.yml', 'yaml'],
  ['buildspec-deploy.yml', 'buildspec'],
  ['buildspecs/release.yaml', 'yaml'],
  ['appspec.yml', 'appspec'],
  ['appspec-deploy.yaml', 'yaml'],
  ['appspec.json', 'json'],
  ['.github/workflows/appspec-deploy.yml', 'yaml'],
];

const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

describe('files that are not buildspecs or AppSpecs', () => {
  it('has every fixture named here', () => {
    assert.deepEqual(readdirSync(FIXTURES).sort(), Object.keys(EXPECTED).sort());
  });

  for (const [name, what] of Object.entries(EXPECTED)) {
    it(`${name}: ${what}, with no finding under its own name or ours`, () => {
      const service = new LanguageService();
      const text = fixture(name);
      for (const [claim, languageId] of [[name, 'yaml'], ...CLAIMS]) {
        const doc = TextDocument.create(`file:///repo/${claim}`, languageId, 1, text);
        assert.deepEqual(service.parse(doc).kind, { type: 'unknown', other: what }, `${name} as ${claim}`);
        assert.deepEqual(service.validate(doc), [], `${name} as ${claim}`);
        assert.equal(service.describe(doc), `Not a buildspec or appspec: ${what}`);
      }
    });
  }

  it('keeps an AppSpec whose Resources is wrongly a mapping an AppSpec, so its mistake is shown', () => {
    const text =
      'version: 0.0\nResources:\n  TargetService:\n    Type: AWS::ECS::Service\n    Properties:\n      TaskDefinition: arn\n';
    const doc = TextDocument.create('file:///repo/appspec.yaml', 'yaml', 1, text);
    const service = new LanguageService();
    assert.equal(service.parse(doc).kind.type, 'appspec');
    assert.ok(service.validate(doc).some((d) => d.code === 'wrong-type'));
  });

  it('does not take a file for an AppSpec by its name when none of its keys is an AppSpec key', () => {
    const grammar = '{"$schema": "x", "name": "AppSpec", "scopeName": "source.yaml.appspec", "patterns": []}';
    const doc = TextDocument.create('file:///repo/syntaxes/appspec.tmLanguage.json', 'json', 1, grammar);
    const service = new LanguageService();
    assert.deepEqual(service.parse(doc).kind, { type: 'unknown' });
    assert.deepEqual(service.validate(doc), []);
  });

  it('keeps a half-written buildspec a buildspec by its name', () => {
    const doc = TextDocument.create('file:///repo/buildspec.yml', 'yaml', 1, 'version: 0.2\nphases:\n  bu\n');
    assert.equal(new LanguageService().parse(doc).kind.type, 'buildspec');
  });
});

describe('the server with files that are not ours', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => {
    if (server.process.exitCode === null) server.process.kill();
  });

  it('publishes no diagnostics for a template or a workflow, even named appspec or buildspec', async () => {
    for (const [name, uri] of [
      ['template.yaml', 'file:///work/space/template.yaml'],
      ['network-stack.yaml', 'file:///work/space/appspec.yml'],
      ['ci.yml', 'file:///work/space/.github/workflows/buildspec-check.yml'],
    ]) {
      const published = server.diagnostics(uri, 1);
      await server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'yaml', version: 1, text: fixture(name) },
      });
      assert.deepEqual((await published).diagnostics, [], `${name} as ${uri}`);
    }
  });
});

describe('the linter with files that are not ours', () => {
  const cli = (args: string[], cwd: string) => {
    const r = spawnSync(process.execPath, [path.join(REPO, 'server/out/cli.js'), ...args], {
      cwd,
      encoding: 'utf8',
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it('says what it skipped and finds the buildspec among them', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cicd-kinds-'));
    cpSync(FIXTURES, path.join(dir, 'infra'), { recursive: true });
    const counted = cli(['lint', 'infra'], dir);
    assert.equal(counted.code, 2);
    assert.equal(
      counted.err,
      'Skipped 12 YAML and JSON files that are not buildspecs or AppSpecs: 5 CloudFormation templates, 1 Docker Compose file, 1 GitHub Action, 1 GitHub Actions workflow, 1 GitLab CI configuration, 1 Kubernetes manifest, 1 Serverless Framework service, 1 AWS SAM template (--verbose lists them)\nNo buildspec or AppSpec files found in: infra\n',
    );
    const alone = cli(['lint', '--verbose', 'infra'], dir);
    assert.equal(alone.code, 2);
    for (const [name, what] of Object.entries(EXPECTED))
      assert.ok(
        alone.err.includes(`Skipped infra/${name}: not a buildspec or AppSpec: ${what}\n`),
        alone.err,
      );
    assert.match(alone.err, /^No buildspec or AppSpec files found in: infra$/m);

    writeFileSync(
      path.join(dir, 'infra/ci-build.yml'),
      'version: 0.2\nphases:\n  bild:\n    commands: [make]\n',
    );
    const mixed = cli(['lint', '.'], dir);
    assert.equal(mixed.code, 1);
    assert.equal(
      mixed.out,
      'infra/ci-build.yml:3:3: error unknown-phase: Unknown phase in `phases`: `bild`; did you mean `build`?\n1 file checked: 1 error, 0 warnings\n',
    );
  });
});
