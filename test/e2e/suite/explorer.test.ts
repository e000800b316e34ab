// The AWS CI/CD explorer against the wire-protocol fake the runner started (AWS_ENDPOINT_URL, fake
// static credentials, throw-away config files): what the Pipelines and CodeBuild views show, their
// commands, and an error node (not a popup) for access denied on one pipeline and for expired
// credentials. Faults are set through the fake's control server ($E2E_AWS_FAKE_CONTROL).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ShownPrompt } from '../../../client/src/explorer/prompts';
import { byLabel, children, CODEBUILD, control, CONTROL, PIPELINES, root, run } from './awsHelpers';
import { api, extension, openExample, waitFor } from './helpers';

async function stagesOf(pipelineId: string) {
  return (await children(PIPELINES, pipelineId)).filter((r) => r.kind === 'stage');
}

export function registerExplorerTests(): void {
  suite('explorer', function () {
    suiteSetup(function () {
      if (!CONTROL) this.skip();
    });

    teardown(async () => {
      await control('/clear');
      const a = await api();
      await run('awsCicd.explorer.filterPipelines', '');
      await run('awsCicd.explorer.filterProjects', '');
      a.explorer.refresh();
    });

    test('activates fast and names the default connection', async () => {
      const a = await api();
      console.log(
        `      activation: ${a.activationMs} ms, ${a.activationBeforeServerMs} ms before the language server start`,
      );
      assert.ok(a.activationBeforeServerMs < 1000, 'the explorer must not slow activation down');
      const r = await root(PIPELINES);
      assert.equal(r.label, 'default · us-east-1');
      assert.equal(r.icon, 'cloud');
      assert.match(a.explorer.statusText(), /default · us-east-1/);
    });

    test('Pipelines lists each pipeline with its latest execution', async () => {
      const r = await root(PIPELINES);
      const rows = await children(PIPELINES, r.id);
      assert.deepEqual(
        rows.map((p) => p.label),
        ['pipeline-0', 'pipeline-1', 'pipeline-2', 'pipeline-3'],
      );
      const p0 = byLabel(rows, 'pipeline-0');
      assert.equal(p0.icon, 'pass');
      assert.equal(p0.iconColor, 'testing.iconPassed');
      assert.match(p0.description ?? '', /succeeded/);
      assert.match(p0.tooltip ?? '', /Trigger: Webhook/);
      assert.match(p0.tooltip ?? '', /a1b2c3d/);
      const p2 = byLabel(rows, 'pipeline-2');
      assert.equal(p2.icon, 'sync~spin', 'pipeline-2 was started by the fake and waits at its approval');
      assert.match(p2.description ?? '', /in progress/);
    });

    test('a pipeline shows its stages and actions with their status', async () => {
      const r = await root(PIPELINES);
      const p0 = byLabel(await children(PIPELINES, r.id), 'pipeline-0');
      const stages = await children(PIPELINES, p0.id);
      assert.deepEqual(
        stages.map((s) => `${s.label}:${s.icon}`),
        ['Source:pass', 'Build:pass', 'Approve:pass', 'Deploy:pass', 'Execution history:history'],
      );
      const actions = await children(PIPELINES, byLabel(stages, 'Build').id);
      assert.equal(actions.length, 1);
      assert.equal(actions[0].label, 'Build');
      assert.equal(actions[0].icon, 'pass');
    });

    test('polling reads the state of an expanded pipeline once per cycle', async () => {
      const a = await api();
      const r = await root(PIPELINES);
      const p2 = byLabel(await children(PIPELINES, r.id), 'pipeline-2');
      await children(PIPELINES, p2.id);
      a.explorer.markExpanded(PIPELINES, p2.id);
      await control('/reset-counts');
      await a.explorer.poll(PIPELINES);
      const { calls } = (await control('/counts')) as { calls: Record<string, number> };
      assert.equal(calls['CodePipeline.GetPipelineState'], 1, JSON.stringify(calls));
      // The fake's clock runs in real time: the execution reaches its manual approval.
      const stages = await waitFor(
        'pipeline-2 to wait at its approval',
        async () => {
          await a.explorer.poll(PIPELINES);
          const s = await children(PIPELINES, p2.id);
          return byLabel(s, 'Approve').icon === 'sync~spin' ? s : undefined;
        },
        45_000,
        1000,
      );
      assert.equal(byLabel(stages, 'Source').icon, 'pass');
      assert.equal(byLabel(stages, 'Build').icon, 'pass');
    });

    test('access denied on one pipeline shows its error node while the others load', async () => {
      await control('/faults', { kind: 'accessDenied', resource: 'pipeline-1' });
      await run('awsCicd.explorer.refresh');
      const r = await root(PIPELINES);
      const rows = await children(PIPELINES, r.id);
      assert.equal(rows.length, 4);
      const denied = byLabel(rows, 'pipeline-1');
      assert.equal(denied.icon, 'warning');
      assert.match(denied.description ?? '', /access denied/);
      assert.equal(byLabel(rows, 'pipeline-0').icon, 'pass');
      const errors = await children(PIPELINES, denied.id);
      assert.equal(errors.length, 1);
      assert.equal(errors[0].kind, 'error');
      assert.equal(errors[0].icon, 'error');
      assert.match(errors[0].label, /Could not get the state of pipeline "pipeline-1": access denied/);
      // Retrying cannot help a denial: the row names the permission and offers the output.
      assert.equal(errors[0].description, 'Needs the IAM permission codepipeline:GetPipelineState');
      assert.equal(errors[0].command, 'awsCicd.showOutput');
      // The others still expand.
      assert.equal((await stagesOf(byLabel(rows, 'pipeline-0').id)).length, 4);
      // Retry after the fault is gone loads the stages.
      await control('/clear');
      await run('awsCicd.explorer.retry', errors[0].id);
      assert.equal((await stagesOf(denied.id)).length, 4);
    });

    test('expired environment credentials give one error node that says how to refresh them', async () => {
      await control('/faults', { kind: 'expiredToken' });
      await run('awsCicd.explorer.refresh');
      for (const view of [PIPELINES, CODEBUILD]) {
        const r = await root(view);
        const rows = await children(view, r.id);
        assert.equal(rows.length, 1, `${view}: ${rows.map((x) => x.label).join(', ')}`);
        assert.equal(rows[0].kind, 'error');
        assert.equal(rows[0].icon, 'error');
        assert.match(rows[0].label, /the credentials have expired/);
        // The keys come from the environment: picking another profile or signing in would not help.
        assert.match(rows[0].description ?? '', /come from the AWS_ACCESS_KEY_ID environment variables/);
        assert.equal(rows[0].command, 'awsCicd.explorer.signIn');
      }
    });

    test('an SSO profile that is not signed in gives one error node that tells how to sign in', async () => {
      try {
        await run('awsCicd.explorer.addConnection', 'sso-dev', 'us-east-1');
        const r = await waitFor('the sso-dev root', async () =>
          (await children(PIPELINES)).find((x) => x.label === 'sso-dev · us-east-1'),
        );
        const rows = await children(PIPELINES, r.id);
        assert.equal(rows.length, 1, rows.map((x) => x.label).join(', '));
        assert.equal(rows[0].kind, 'error');
        assert.match(rows[0].label, /SSO/);
        assert.match(rows[0].description ?? '', /aws sso login --profile sso-dev/);
        assert.equal(rows[0].command, 'awsCicd.explorer.signIn');
        // The default root next to it still loads.
        const other = (await children(PIPELINES)).find((x) => x.label === 'default · us-east-1');
        assert.ok(other);
        assert.equal((await children(PIPELINES, other.id)).length, 4);
      } finally {
        await vscode.workspace
          .getConfiguration()
          .update('awsCicd.connections', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    test('CodeBuild lists projects and their recent builds, ten at a time', async () => {
      const r = await root(CODEBUILD);
      const projects = await children(CODEBUILD, r.id);
      assert.deepEqual(
        projects.map((p) => p.label),
        ['project-0', 'project-1', 'project-2', 'project-3'],
      );
      const p0 = byLabel(projects, 'project-0');
      const builds = await children(CODEBUILD, p0.id);
      assert.equal(builds.filter((b) => b.kind === 'build').length, 10);
      const first = builds[0];
      assert.equal(first.label, '#12', 'newest first');
      assert.equal(first.icon, 'pass');
      assert.match(first.description ?? '', /succeeded/);
      assert.match(first.description ?? '', /fake-user/);
      assert.match(first.description ?? '', /refs\/heads\/main/);
      // A click on a build row opens its log.
      assert.equal(first.command, 'awsCicd.logs.openBuildLog');
      const more = builds[builds.length - 1];
      assert.equal(more.kind, 'loadMore');
      await run('awsCicd.explorer.loadMore', more.id);
      const all = await children(CODEBUILD, p0.id);
      assert.equal(all.filter((b) => b.kind === 'build').length, 12);
      assert.ok(!all.some((b) => b.kind === 'loadMore'));
    });

    test('Start Build creates a build that appears in the tree and polling follows it', async () => {
      const a = await api();
      const r = await root(CODEBUILD);
      const p1 = byLabel(await children(CODEBUILD, r.id), 'project-1');
      await children(CODEBUILD, p1.id);
      a.explorer.markExpanded(CODEBUILD, p1.id);
      const id = await run<string>('awsCicd.explorer.startBuild', p1.id, {
        sourceVersion: 'feature/explorer',
        confirm: false,
        openLog: false,
      });
      assert.ok(id);
      assert.match(id, /^project-1:/);
      const rows = await children(CODEBUILD, p1.id);
      assert.ok(rows[0].id.endsWith(id), `the new build comes first: ${rows[0].id}`);
      assert.equal(rows[0].label, '#13');
      assert.equal(rows[0].icon, 'sync~spin');
      assert.match(rows[0].description ?? '', /feature\/explorer/);
      // One poll: the project's newest ids, then one BatchGetBuilds for what runs.
      await control('/reset-counts');
      await a.explorer.poll(CODEBUILD);
      const { calls } = (await control('/counts')) as { calls: Record<string, number> };
      assert.equal(calls['CodeBuild.BatchGetBuilds'], 1, JSON.stringify(calls));
      const done = await waitFor(
        'the build to finish',
        async () => {
          await a.explorer.poll(CODEBUILD);
          const row = (await children(CODEBUILD, p1.id))[0];
          return row.icon === 'pass' ? row : undefined;
        },
        45_000,
        1000,
      );
      assert.match(done.description ?? '', /succeeded/);
    });

    test('Stop Build stops a running build', async () => {
      const r = await root(CODEBUILD);
      const p0 = byLabel(await children(CODEBUILD, r.id), 'project-0');
      await children(CODEBUILD, p0.id);
      const id = await run<string>('awsCicd.explorer.startBuild', p0.id, {
        sourceVersion: '',
        confirm: false,
        openLog: false,
      });
      assert.ok(id);
      const row = (await children(CODEBUILD, p0.id)).find((b) => b.id.endsWith(id));
      assert.ok(row);
      assert.equal(row.contextValue, 'build.running');
      const status = await run<string>('awsCicd.explorer.stopBuild', row.id, {
        confirm: false,
      });
      assert.equal(status, 'STOPPED');
      const after = (await children(CODEBUILD, p0.id)).find((b) => b.id.endsWith(id));
      assert.equal(after?.icon, 'circle-slash');
    });

    test('Retry Build starts a new build from a finished one', async () => {
      const r = await root(CODEBUILD);
      const p1 = byLabel(await children(CODEBUILD, r.id), 'project-1');
      const finished = (await children(CODEBUILD, p1.id)).find((b) => b.contextValue === 'build');
      assert.ok(finished, 'a finished build');
      const id = await run<string>('awsCicd.explorer.retryBuild', finished.id, {
        confirm: false,
        openLog: false,
      });
      assert.ok(id && !finished.id.endsWith(id), `a new build id, got ${String(id)}`);
      const rows = await children(CODEBUILD, p1.id);
      assert.ok(rows[0]?.id.endsWith(id), 'the retried build is listed first');
    });

    test('called through VS Code, {confirm:false} still asks, and a look-alike element is no element', async () => {
      const a = await api();
      const r = await root(CODEBUILD);
      const p1 = byLabel(await children(CODEBUILD, r.id), 'project-1');
      const finished = (await children(CODEBUILD, p1.id)).find((b) => b.contextValue === 'build');
      assert.ok(finished, 'a finished build');
      const conn = { profile: 'default', region: 'us-east-1' };
      const buildLike = {
        kind: 'build',
        id: finished.id,
        view: CODEBUILD,
        conn,
        build: {
          id: 'project-1:00000000-0000-0000-0000-000000000000',
          projectName: 'project-1',
          complete: false,
        },
      };
      const approvalLike = {
        kind: 'action',
        id: `${PIPELINES}/default@us-east-1/pipeline-2/Approve/Approve`,
        view: PIPELINES,
        conn,
        pipelineName: 'pipeline-2',
        stageName: 'Approve',
        action: {
          name: 'Approve',
          status: 'InProgress',
          approvalToken: '00000000-0000-0000-0000-000000000000',
        },
      };
      const asked: ShownPrompt[] = [];
      await control('/reset-counts');
      // As a `command:` link or a keybinding would call them, outside test mode.
      a.explorer.honourCommandArguments(false);
      a.explorer.answerPrompts((prompt) => {
        asked.push(prompt);
        return undefined;
      });
      try {
        const retried = await vscode.commands.executeCommand('awsCicd.explorer.retryBuild', finished.id, {
          confirm: false,
          openLog: false,
        });
        assert.equal(retried, undefined, 'cancelled at the question');
        assert.equal(asked.length, 1, JSON.stringify(asked));
        assert.match(asked[0].message, /^Retry build project-1:[0-9a-f-]{36}\? It starts a new build/);
        assert.equal(
          await vscode.commands.executeCommand('awsCicd.explorer.stopBuild', buildLike, { confirm: false }),
          undefined,
        );
        assert.equal(
          await vscode.commands.executeCommand('awsCicd.explorer.approve', approvalLike, {
            comment: 'ok',
            confirm: false,
          }),
          undefined,
        );
        assert.equal(asked.length, 1, 'no question about what is not an element');
      } finally {
        a.explorer.honourCommandArguments(true);
        a.explorer.answerPrompts(undefined);
      }
      const { calls } = (await control('/counts')) as { calls: Record<string, number> };
      for (const op of ['CodeBuild.RetryBuild', 'CodeBuild.StopBuild', 'CodePipeline.PutApprovalResult'])
        assert.equal(calls[op] ?? 0, 0, `${op}: ${JSON.stringify(calls)}`);
    });

    test('View Pipeline Definition opens the definition as read-only JSON', async () => {
      const r = await root(PIPELINES);
      const p0 = byLabel(await children(PIPELINES, r.id), 'pipeline-0');
      const uri = await run<string>('awsCicd.explorer.viewPipelineDefinition', p0.id);
      assert.match(uri ?? '', /^awscicd-pipeline:/);
      const doc = vscode.window.activeTextEditor?.document;
      assert.equal(doc?.uri.toString(), uri);
      assert.equal(doc?.languageId, 'json');
      const definition = JSON.parse(doc?.getText() ?? '{}') as { name?: string; stages?: unknown[] };
      assert.equal(definition.name, 'pipeline-0');
      assert.ok(Array.isArray(definition.stages) && definition.stages.length > 0);
    });

    test('Run this buildspec on CodeBuild: a CodeLens, and a build with the editor text as its buildspec', async () => {
      const editor = await openExample('buildspec.yml');
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        editor.document.uri,
      );
      const lens = lenses.find((l) => l.command?.command === 'awsCicd.explorer.runBuildspec');
      assert.ok(lens, `no run lens in: ${lenses.map((l) => l.command?.title).join(', ')}`);
      assert.match(lens.command?.title ?? '', /Run this buildspec on CodeBuild/);
      // The same questions as Start Build: a source version and environment variable overrides.
      const id = await run<string>('awsCicd.explorer.runBuildspec', editor.document.uri, {
        project: 'project-2',
        sourceVersion: 'feature/buildspec',
        environment: 'STAGE=try',
        confirm: false,
        openLog: false,
      });
      assert.ok(id, 'a build was started');
      const seen = (await control('/build', { id })) as {
        buildspecOverride: string | null;
        sourceVersion?: string;
        environmentVariables: { name: string; value: string }[];
      } | null;
      assert.equal(seen?.buildspecOverride, editor.document.getText());
      assert.equal(seen?.sourceVersion, 'feature/buildspec');
      assert.deepEqual(
        seen?.environmentVariables.map((v) => `${v.name}=${v.value}`),
        ['STAGE=try'],
      );
    });

    test('the filter narrows the pipelines and shows in the view description', async () => {
      const a = await api();
      await run('awsCicd.explorer.filterPipelines', 'line-3');
      assert.equal(a.explorer.description(PIPELINES), 'filter: line-3');
      const r = await root(PIPELINES);
      assert.deepEqual(
        (await children(PIPELINES, r.id)).map((p) => p.label),
        ['pipeline-3'],
      );
      await run('awsCicd.explorer.filterPipelines', '');
      assert.equal(a.explorer.description(PIPELINES), undefined);
      assert.equal((await children(PIPELINES, r.id)).length, 4);
    });

    test('Add Connection and Remove Connection change the roots and the status bar', async () => {
      const a = await api();
      try {
        await run('awsCicd.explorer.addConnection', 'dev', 'eu-west-1');
        await waitFor('two roots', async () => ((await children(PIPELINES)).length === 2 ? true : undefined));
        const roots = await children(PIPELINES);
        assert.deepEqual(
          roots.map((x) => x.label),
          ['default · us-east-1', 'dev · eu-west-1'],
        );
        assert.match(a.explorer.statusText(), /\+1/);
        const config = vscode.workspace.getConfiguration().inspect('awsCicd.connections');
        assert.equal(config?.workspaceValue, undefined, 'never written to the workspace');
        // The dev profile's root loads through its own credentials.
        const devRows = await children(CODEBUILD, (await children(CODEBUILD))[1].id);
        assert.equal(devRows.filter((x) => x.kind === 'project').length, 4);
        await run('awsCicd.explorer.removeConnection', roots[1].id);
        await waitFor('one root', async () => ((await children(PIPELINES)).length === 1 ? true : undefined));
        assert.doesNotMatch(a.explorer.statusText(), /\+1/);
      } finally {
        await vscode.workspace
          .getConfiguration()
          .update('awsCicd.connections', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    test('Open in AWS Console and Copy ARN/ID', async () => {
      const r = await root(PIPELINES);
      const p0 = byLabel(await children(PIPELINES, r.id), 'pipeline-0');
      const url = await run<string>('awsCicd.explorer.openInConsole', p0.id, {
        open: false,
      });
      assert.equal(
        url,
        'https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/pipeline-0/view?region=us-east-1',
      );
      const arn = await run<string>('awsCicd.explorer.copyId', p0.id);
      assert.equal(arn, 'arn:aws:codepipeline:us-east-1:123456789012:pipeline-0');
      assert.equal(await vscode.env.clipboard.readText(), arn);
    });

    test('awsCicd.endpointUrl from user settings redirects the calls; a workspace value is ignored', async () => {
      const config = () => vscode.workspace.getConfiguration();
      const rowsOfRoot = async () => children(PIPELINES, (await root(PIPELINES)).id);
      try {
        await config().update('awsCicd.endpointUrl', 'http://127.0.0.1:9', vscode.ConfigurationTarget.Global);
        const rows = await waitFor('a network error node', async () => {
          const r = await rowsOfRoot();
          return r.length === 1 && r[0].kind === 'error' ? r : undefined;
        });
        assert.match(rows[0].label, /cannot reach 127\.0\.0\.1:9/);
        assert.equal(rows[0].command, 'awsCicd.explorer.retry');
        await config().update('awsCicd.endpointUrl', undefined, vscode.ConfigurationTarget.Global);
        // A workspace cannot redirect signed requests: VS Code refuses the write, or we ignore it.
        await config()
          .update('awsCicd.endpointUrl', 'http://127.0.0.1:9', vscode.ConfigurationTarget.Workspace)
          .then(
            () => undefined,
            () => undefined,
          );
        await run('awsCicd.explorer.refresh');
        assert.equal((await rowsOfRoot()).length, 4);
      } finally {
        await config().update('awsCicd.endpointUrl', undefined, vscode.ConfigurationTarget.Global);
        await config()
          .update('awsCicd.endpointUrl', undefined, vscode.ConfigurationTarget.Workspace)
          .then(
            () => undefined,
            () => undefined,
          );
      }
    });

    test('settings: machine-scoped endpoint, application-scoped connections, trust welcome', () => {
      const m = extension().packageJSON as {
        contributes: {
          configuration: { properties: Record<string, { scope?: string }> };
          viewsWelcome: { view: string; when: string; contents: string }[];
        };
      };
      const props = m.contributes.configuration.properties;
      assert.equal(props['awsCicd.endpointUrl'].scope, 'machine');
      assert.equal(props['awsCicd.connections'].scope, 'application');
      for (const view of [PIPELINES, CODEBUILD]) {
        const w = m.contributes.viewsWelcome.find((x) => x.view === view);
        assert.equal(w?.when, '!isWorkspaceTrusted');
        assert.match(w?.contents ?? '', /Trust this workspace to connect to AWS/);
      }
    });
  });
}
