// Acting on pipelines and builds from the explorer, against the wire-protocol fake: Start Pipeline
// Execution with variables, Stop (abandon), Approve, Retry Failed Stage, the execution history, a
// CodeBuild action's build, batch builds, pins, the repository's status bar item and notifications,
// Start Build with environment variable overrides, and a tree that recovers by itself after the
// network drops. The workspace is a Git repository on `main` whose origin is acme/pipeline-1.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NodeSnapshot } from '../../../client/src/explorer/tree';
import { byLabel, children, CODEBUILD, control, CONTROL, PIPELINES, root } from './awsHelpers';
import { api, waitFor } from './helpers';

async function pipelineRow(name: string): Promise<NodeSnapshot> {
  return byLabel(await children(PIPELINES, (await root(PIPELINES)).id), name);
}

/** Polls the Pipelines view until `check` passes on the pipeline's rows. */
async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 45_000): Promise<T> {
  const a = await api();
  return waitFor(
    what,
    async () => {
      await a.explorer.poll(PIPELINES);
      return check();
    },
    ms,
    500,
  );
}

async function stage(pipelineId: string, name: string): Promise<NodeSnapshot> {
  return byLabel(await children(PIPELINES, pipelineId), name);
}

export function registerPipelineTests(): void {
  suite('pipelines and builds: actions', function () {
    suiteSetup(function () {
      if (!CONTROL) this.skip();
    });

    teardown(async () => {
      await control('/clear');
      await vscode.commands.executeCommand('awsCicd.explorer.filterPipelines', '');
      (await api()).explorer.refresh();
    });

    test('Start Pipeline Execution sets the declared variables; the history shows the run', async () => {
      const a = await api();
      const p0 = await pipelineRow('pipeline-0');
      assert.equal(p0.contextValue, 'pipeline.unpinned');
      const id = await vscode.commands.executeCommand<string>('awsCicd.explorer.startPipeline', p0.id, {
        variables: { DEPLOY_ENV: 'production' },
        confirm: false,
      });
      assert.match(id ?? '', /^[0-9a-f-]{36}$/);
      const seen = (await control('/execution', { pipeline: 'pipeline-0', id })) as {
        variables: { name: string; resolvedValue: string }[];
      };
      assert.deepEqual(seen.variables, [{ name: 'DEPLOY_ENV', resolvedValue: 'production' }]);
      const running = await waitFor('pipeline-0 to show its new run', async () => {
        const row = await pipelineRow('pipeline-0');
        return row.icon === 'sync~spin' ? row : undefined;
      });
      assert.equal(running.contextValue, 'pipeline.running.unpinned');
      const history = byLabel(await children(PIPELINES, running.id), 'Execution history');
      a.explorer.markExpanded(PIPELINES, running.id);
      a.explorer.markExpanded(PIPELINES, history.id);
      const runs = await children(PIPELINES, history.id);
      assert.equal(runs.length, 3, runs.map((r) => r.label).join(', '));
      assert.equal(runs[0].icon, 'sync~spin');
      assert.equal(runs[0].contextValue, 'execution.running');
      assert.match(runs[0].description ?? '', /in progress · .*StartPipelineExecution · a1b2c3d/);
      assert.match(runs[0].tooltip ?? '', new RegExp(`Execution ${id}`));
      assert.equal(runs[1].icon, 'pass');
      assert.equal(
        await vscode.commands.executeCommand('awsCicd.explorer.openInConsole', runs[0].id, { open: false }),
        `https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/pipeline-0/executions/${id}/timeline?region=us-east-1`,
      );
      assert.equal(await vscode.commands.executeCommand('awsCicd.explorer.copyId', runs[0].id), id);

      // Stop and abandon, from the history row.
      const stopped = await vscode.commands.executeCommand<string>(
        'awsCicd.explorer.stopExecution',
        runs[0].id,
        {
          abandon: true,
          reason: 'wrong branch',
          confirm: false,
        },
      );
      assert.equal(stopped, id);
      const after = (await control('/execution', { pipeline: 'pipeline-0', id })) as {
        status: string;
        statusSummary: string;
      };
      assert.equal(after.status, 'Stopped');
      assert.equal(after.statusSummary, 'wrong branch');
      await until('the history to show the stopped run', async () => {
        const first = (await children(PIPELINES, history.id))[0];
        return first.icon === 'circle-slash' && /stopped/.test(first.description ?? '') ? first : undefined;
      });
    });

    test('a waiting manual approval can be approved with a comment', async () => {
      const a = await api();
      const p2 = await pipelineRow('pipeline-2');
      a.explorer.markExpanded(PIPELINES, p2.id);
      const approve = await until('pipeline-2 to wait at its approval', async () => {
        const s = await stage(p2.id, 'Approve');
        return s.icon === 'sync~spin' ? s : undefined;
      });
      const [action] = await children(PIPELINES, approve.id);
      assert.equal(action.contextValue, 'action.approval');
      assert.match(action.tooltip ?? '', /Waiting for approval/);
      const result = await vscode.commands.executeCommand<string>('awsCicd.explorer.approve', action.id, {
        comment: 'Looks good',
      });
      assert.equal(result, 'Approved');
      const done = await until('the approval to pass', async () => {
        const [x] = await children(PIPELINES, (await stage(p2.id, 'Approve')).id);
        return x.icon === 'pass' ? x : undefined;
      });
      assert.match(done.tooltip ?? '', /Looks good/);
    });

    test('a failed stage can be retried; its CodeBuild action leads to the build', async () => {
      const a = await api();
      const p3 = await pipelineRow('pipeline-3');
      a.explorer.markExpanded(PIPELINES, p3.id);
      const failed = await until('pipeline-3 to fail in its build stage', async () => {
        const s = await stage(p3.id, 'Build');
        return s.icon === 'error' ? s : undefined;
      });
      assert.equal(failed.contextValue, 'stage.failed');
      const [action] = await children(PIPELINES, failed.id);
      assert.equal(action.contextValue, 'action.build');
      assert.ok(action.collapsible, 'a CodeBuild action expands to its build');
      const [build] = await children(PIPELINES, action.id);
      assert.equal(build.kind, 'build');
      assert.equal(build.icon, 'error');
      assert.equal(build.contextValue, 'build');
      assert.match(build.tooltip ?? '', /Build project-3:/);

      await control('/reset-counts');
      const retried = await vscode.commands.executeCommand<string>('awsCicd.explorer.retryStage', failed.id, {
        mode: 'FAILED_ACTIONS',
      });
      assert.ok(retried);
      const { calls } = (await control('/counts')) as { calls: Record<string, number> };
      assert.equal(calls['CodePipeline.RetryStageExecution'], 1, JSON.stringify(calls));
      await until('the Build stage to run again', async () => {
        const s = await stage(p3.id, 'Build');
        return s.icon === 'sync~spin' ? s : undefined;
      });
    });

    test('a batch build groups its builds under one row', async () => {
      const r = await root(CODEBUILD);
      const p2 = byLabel(await children(CODEBUILD, r.id), 'project-2');
      const rows = await children(CODEBUILD, p2.id);
      const batch = rows.find((x) => x.kind === 'batch');
      assert.ok(batch, rows.map((x) => x.label).join(', '));
      assert.equal(batch.label, 'Batch #1');
      assert.equal(batch.icon, 'pass');
      assert.match(batch.description ?? '', /succeeded · .*2 builds/);
      assert.match(batch.tooltip ?? '', /linux: succeeded\nwindows: succeeded/);
      assert.match(
        (await vscode.commands.executeCommand<string>('awsCicd.explorer.copyId', batch.id)) ?? '',
        /^arn:aws:codebuild:us-east-1:\d{12}:build-batch\/project-2:/,
      );
      const builds = await children(CODEBUILD, batch.id);
      assert.equal(builds.length, 2);
      assert.ok(builds.every((b) => b.kind === 'build' && b.icon === 'pass'));
      assert.ok(
        !rows.some((x) => builds.some((b) => b.label === x.label && x.kind === 'build')),
        'the batch members are not listed twice',
      );
    });

    test('pinned pipelines and projects come first, and unpin puts them back', async () => {
      try {
        await vscode.commands.executeCommand('awsCicd.explorer.pin', (await pipelineRow('pipeline-3')).id);
        const rows = await children(PIPELINES, (await root(PIPELINES)).id);
        assert.equal(rows[0].label, 'pipeline-3');
        assert.match(rows[0].description ?? '', /^pinned · /);
        assert.match(rows[0].contextValue ?? '', /\.pinned$/);
        const cb = await root(CODEBUILD);
        await vscode.commands.executeCommand(
          'awsCicd.explorer.pin',
          byLabel(await children(CODEBUILD, cb.id), 'project-2').id,
        );
        const projects = await children(CODEBUILD, cb.id);
        assert.deepEqual(
          projects.map((p) => p.label),
          ['project-2', 'project-0', 'project-1', 'project-3'],
        );
        assert.equal(projects[0].description, 'pinned');
        const watched = await (await api()).explorer.watch();
        assert.ok(watched.watched.includes('pipeline-3'), 'a pinned pipeline is watched');
      } finally {
        await vscode.commands.executeCommand('awsCicd.explorer.unpin', (await pipelineRow('pipeline-3')).id);
        const cb = await root(CODEBUILD);
        await vscode.commands.executeCommand(
          'awsCicd.explorer.unpin',
          byLabel(await children(CODEBUILD, cb.id), 'project-2').id,
        );
      }
      const rows = await children(PIPELINES, (await root(PIPELINES)).id);
      assert.deepEqual(
        rows.map((p) => p.label),
        ['pipeline-0', 'pipeline-1', 'pipeline-2', 'pipeline-3'],
      );
    });

    test('the status bar shows the pipeline of this repository and branch; notifications follow it', async () => {
      const a = await api();
      const first = await a.explorer.watch();
      assert.deepEqual(first.repoPipelines, ['pipeline-1'], 'origin is acme/pipeline-1, branch main');
      assert.ok(first.visible);
      assert.match(first.text, /^\$\(pass\) pipeline-1$/);
      assert.match(first.tooltip, /pipeline-1 \(default · us-east-1\): succeeded/);
      // A run that reaches its approval: one notification, not one per check.
      await vscode.commands.executeCommand('awsCicd.explorer.startPipeline', 'pipeline-1', {
        variables: {},
        confirm: false,
      });
      const waiting = await waitFor(
        'a notification that pipeline-1 waits for approval',
        async () => {
          const s = await a.explorer.watch();
          return s.notifications.some((n) => /pipeline-1" is waiting for approval at Approve/.test(n))
            ? s
            : undefined;
        },
        45_000,
        1000,
      );
      assert.match(waiting.text, /^\$\(sync~spin\) pipeline-1$/);
      const again = await a.explorer.watch();
      assert.equal(
        again.notifications.filter((n) => /pipeline-1" is waiting/.test(n)).length,
        1,
        'notified once',
      );
      // Rejected, the run fails: that is notified too.
      const p1 = await pipelineRow('pipeline-1');
      a.explorer.markExpanded(PIPELINES, p1.id);
      const approval = await until('the approval row of pipeline-1', async () => {
        const st = await stage(p1.id, 'Approve');
        return st.icon === 'sync~spin' ? st : undefined;
      });
      const [action] = await children(PIPELINES, approval.id);
      assert.equal(
        await vscode.commands.executeCommand('awsCicd.explorer.reject', action.id, { comment: 'not today' }),
        'Rejected',
      );
      await waitFor(
        'a notification that pipeline-1 failed',
        async () => {
          const s = await a.explorer.watch();
          return s.notifications.some((n) => /pipeline-1" failed/.test(n)) ? s : undefined;
        },
        30_000,
        1000,
      );
    });

    test('Start Build sends environment variable overrides', async () => {
      const r = await root(CODEBUILD);
      const p0 = byLabel(await children(CODEBUILD, r.id), 'project-0');
      const id = await vscode.commands.executeCommand<string>('awsCicd.explorer.startBuild', p0.id, {
        sourceVersion: 'main',
        environment: 'STAGE=test GREETING="hello world" TOKEN=parameter-store:/ci/token',
        confirm: false,
        openLog: false,
      });
      const seen = (await control('/build', { id })) as {
        environmentVariables: { name: string; value: string; type?: string }[];
      };
      assert.deepEqual(seen.environmentVariables, [
        { name: 'STAGE', value: 'test', type: 'PLAINTEXT' },
        { name: 'GREETING', value: 'hello world', type: 'PLAINTEXT' },
        { name: 'TOKEN', value: '/ci/token', type: 'PARAMETER_STORE' },
      ]);
    });

    test('more pipelines than a page: "Load more…" loads the rest', async () => {
      try {
        await control('/add-pipelines', { count: 60, prefix: 'extra' });
        (await api()).explorer.refresh();
        const r = await root(PIPELINES);
        const page = await children(PIPELINES, r.id);
        assert.equal(page.filter((x) => x.kind === 'pipeline').length, 50);
        const more = page[page.length - 1];
        assert.equal(more.kind, 'loadMore');
        await vscode.commands.executeCommand('awsCicd.explorer.loadMore', more.id);
        const all = await children(PIPELINES, r.id);
        assert.equal(all.filter((x) => x.kind === 'pipeline').length, 64);
        assert.ok(!all.some((x) => x.kind === 'loadMore'));
        assert.equal(new Set(all.map((x) => x.id)).size, all.length, 'no pipeline twice');
      } finally {
        await control('/remove-pipelines', { prefix: 'extra' });
      }
    });

    test('when the network drops the tree shows the error, then recovers by itself', async () => {
      const a = await api();
      await control('/faults', { kind: 'drop', operation: 'ListPipelines' });
      a.explorer.refresh();
      const r = await root(PIPELINES);
      const rows = await children(PIPELINES, r.id);
      assert.equal(rows.length, 1);
      assert.equal(rows[0].kind, 'error');
      assert.equal(rows[0].command, 'awsCicd.explorer.retry');
      await control('/clear');
      // No click: the next polling cycle loads what failed again.
      await a.explorer.poll(PIPELINES);
      const back = await children(PIPELINES, r.id);
      assert.deepEqual(
        back.map((x) => x.label),
        ['pipeline-0', 'pipeline-1', 'pipeline-2', 'pipeline-3'],
      );
    });

    test('the polling timer runs only while the view is visible and the window focused', async () => {
      const a = await api();
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      // Hidden: another view container in the sidebar. Something is running, so a visible view would
      // poll every 5 s; a hidden one must not poll at all. (The watch of this repository's pipeline
      // runs on its own and reads CodePipeline only, so CodeBuild calls tell the explorer's polls.)
      await vscode.commands.executeCommand('workbench.view.explorer');
      await sleep(500);
      assert.equal(a.explorer.pollerState().active, false);
      const hidden = a.explorer.pollerState().cycles;
      await control('/reset-counts');
      await sleep(7000);
      assert.equal(a.explorer.pollerState().cycles, hidden, 'no cycle while hidden');
      const { calls } = (await control('/counts')) as { calls: Record<string, number> };
      assert.equal(calls['CodeBuild.BatchGetBuilds'] ?? 0, 0, JSON.stringify(calls));
      // Shown again.
      await vscode.commands.executeCommand('awsCicd.pipelines.focus');
      await children(PIPELINES, (await root(PIPELINES)).id);
      if (!vscode.window.state.focused) {
        console.log('      (this headless window reports no focus: the visible half is not checked)');
        return;
      }
      await waitFor(
        'a polling cycle by the timer',
        () => Promise.resolve(a.explorer.pollerState().cycles > hidden ? true : undefined),
        40_000,
        500,
      );
    });

    test('secrets never reach the output channel, even when a service echoes them', async () => {
      const a = await api();
      await control('/faults', { kind: 'leakySecrets', operation: 'ListProjects' });
      a.explorer.refresh();
      const rows = await children(CODEBUILD, (await root(CODEBUILD)).id);
      assert.equal(rows[0].kind, 'error');
      for (const row of rows) {
        assert.doesNotMatch(
          `${row.label} ${row.description ?? ''} ${row.tooltip ?? ''}`,
          /DoNotLeak|AKIAFAKE/,
        );
      }
      const file = await waitFor('the output channel log file', () =>
        Promise.resolve(outputLog(a.logDirectory)),
      );
      const text = fs.readFileSync(file, 'utf8');
      assert.match(text, /ListProjects/, 'the failed call is logged');
      assert.doesNotMatch(text, /DoNotLeak/, 'no secret key or session token');
      assert.doesNotMatch(text, /AKIAFAKEKEY/, 'no access key id');
      assert.doesNotMatch(text, /Signature=[0-9a-f]{16}/, 'no signature');
    });
  });
}

/** The log file VS Code writes the "AWS CI/CD Files" output channel to, in this window's logs. */
function outputLog(logDirectory: string): string | undefined {
  // <logs>/<window>/exthost/<extension id> → search <logs>/<window>/exthost for the channel's file.
  const exthost = path.dirname(logDirectory);
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 3) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (/^AWS CI.?CD Files\.log$/.test(e.name)) found.push(p);
    }
  };
  walk(exthost, 0);
  return found[0];
}
