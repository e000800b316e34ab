// The sandbox `npm start` shows a newcomer: the fake AWS playing its story (AWS_FAKE_SEED=story,
// test/aws/fake/story.ts) in a host of its own, told it is a sandbox (AWS_CICD_SANDBOX=1). run.mjs starts
// that host for E2E_SUITES=sandbox (and in a full run); in any other host this suite skips. It reads
// what the user sees: the story's pipeline waiting for approval, its failed build, and that build's
// log with its type error and failing test in Problems on the example files.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StoryFacts } from '../../aws/fake/story';
import { FAILING_TEST, TYPE_ERROR } from '../../aws/fake/storylog';
import { byLabel, children, CODEBUILD, control, CONTROL, PIPELINES, root } from './awsHelpers';
import { api, closeAllEditors, exampleUri, waitFor } from './helpers';

const CONN = { profile: 'default', region: 'us-east-1' };

/** How a connection of the sandbox (AWS_CICD_SANDBOX=1 in the host's environment) is named. */
const SANDBOX_LABEL = 'Sandbox (local fake AWS) · us-east-1';

/** Diagnostics the failed build's log put on an example file. */
function fromBuild(relativePath: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(exampleUri(relativePath))
    .filter((d) => d.source?.startsWith('CodeBuild storefront-api '));
}

export function registerSandboxTests(): void {
  suite('sandbox', function () {
    let facts: StoryFacts;

    suiteSetup(async function () {
      if (!CONTROL || process.env.AWS_CICD_SANDBOX !== '1') this.skip();
      facts = (await control('/story')) as StoryFacts;
      assert.ok(facts, 'the fake plays the story');
    });
    suiteTeardown(async () => {
      await closeAllEditors();
    });

    test('every connection is labelled as the sandbox (root, status bar)', async () => {
      const a = await api();
      for (const view of [PIPELINES, CODEBUILD]) assert.equal((await root(view)).label, SANDBOX_LABEL);
      assert.match(a.explorer.statusText(), /Sandbox \(local fake AWS\)/);
    });

    test('Pipelines: storefront-api waits for a manual approval', async () => {
      const r = await root(PIPELINES);
      const pipelines = await children(PIPELINES, r.id);
      assert.deepEqual(
        pipelines.map((p) => p.label),
        ['storefront-api', 'web-frontend'],
      );
      const storefront = byLabel(pipelines, 'storefront-api');
      assert.equal(storefront.icon, 'sync~spin');
      assert.match(storefront.description ?? '', /in progress/);
      assert.match(storefront.tooltip ?? '', /order history endpoint/);
      assert.equal(byLabel(pipelines, 'web-frontend').icon, 'pass');

      const stages = await children(PIPELINES, storefront.id);
      assert.deepEqual(
        stages.map((s) => `${s.label}:${s.icon}`),
        [
          'Source:pass',
          'Build:pass',
          'Test:pass',
          'Approve:sync~spin',
          'Deploy:pass',
          'Execution history:history',
        ],
      );
      const [approval] = await children(PIPELINES, byLabel(stages, 'Approve').id);
      assert.equal(approval.label, 'ApproveRelease');
      assert.equal(approval.contextValue, 'action.approval', 'Approve… and Reject… are offered');
      assert.match(approval.description ?? '', /^waiting for approval · /);
      const history = await children(PIPELINES, byLabel(stages, 'Execution history').id);
      assert.equal(history.filter((h) => h.kind === 'execution').length, 3);
    });

    test('CodeBuild: the latest storefront-api build failed; web-frontend has a batch and a running build', async () => {
      const r = await root(CODEBUILD);
      const projects = await children(CODEBUILD, r.id);
      assert.deepEqual(
        projects.map((p) => p.label),
        ['storefront-api', 'web-frontend'],
      );
      const builds = await children(CODEBUILD, byLabel(projects, 'storefront-api').id);
      const [latest, ...older] = builds.filter((b) => b.kind === 'build');
      assert.equal(latest.icon, 'error');
      assert.match(latest.description ?? '', /failed/);
      assert.match(latest.description ?? '', /feature\/bulk-discount/);
      assert.match(latest.description ?? '', /maria\.garcia/);
      assert.ok(older.length >= 2 && older.every((b) => b.icon === 'pass'));

      const web = await children(CODEBUILD, byLabel(projects, 'web-frontend').id);
      assert.ok(
        web.some((b) => b.kind === 'batch'),
        `a batch build: ${web.map((b) => b.kind).join(', ')}`,
      );
      assert.ok(
        web.some((b) => b.kind === 'build' && /feature\/new-header/.test(b.description ?? '')),
        'the build started last',
      );
    });

    test("the failed build's log shows its type error and failing test, and puts both in Problems", async () => {
      const logs = (await api()).logs;
      const uri = await logs.open({ ...CONN, buildId: facts.failedBuildId });
      assert.ok(uri, 'the log opens');
      const text = await waitFor(
        'the log to show the type error',
        () => {
          const t = vscode.workspace.textDocuments
            .find((d) => d.uri.toString() === uri.toString())
            ?.getText();
          return t?.includes(TYPE_ERROR) ? t : undefined;
        },
        30_000,
      );
      assert.ok(!text.includes('\x1b'), 'colours are drawn, not shown as escape codes');
      assert.ok(text.includes(`✖ ${FAILING_TEST}`));
      assert.match(text, /Phase complete: BUILD State: FAILED/);
      const drawn = await waitFor('colours drawn in the log', () => {
        const d = logs.decorations(uri);
        return d && d.length > 0 ? d : undefined;
      });
      assert.ok(drawn.length > 0);

      // The paths in the log open the example files, at the line and column.
      const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>(
        'vscode.executeLinkProvider',
        uri,
      );
      const targets = links.map(
        (l) => `${l.target?.path.split('/').slice(-2).join('/')}#${l.target?.fragment}`,
      );
      assert.ok(targets.includes('app/cart.mjs#L40,26'), `links: ${targets.join(', ')}`);
      assert.ok(targets.includes('app/cart.test.mjs#L27,12'), `links: ${targets.join(', ')}`);

      const [typeError] = await waitFor('the type error in Problems', () => {
        const d = fromBuild('app/cart.mjs');
        return d.length ? d : undefined;
      });
      assert.match(typeError.message, /Argument of type 'string \| null' is not assignable/);
      assert.match(typeError.message, /TS2345/);
      assert.equal(typeError.severity, vscode.DiagnosticSeverity.Error);
      assert.deepEqual([typeError.range.start.line, typeError.range.start.character], [39, 25]);
      const [failedTest] = await waitFor('the failing test in Problems', () => {
        const d = fromBuild('app/cart.test.mjs');
        return d.length ? d : undefined;
      });
      assert.match(failedTest.message, /AssertionError/);
      assert.equal(failedTest.range.start.line, 26);
    });
  });
}
