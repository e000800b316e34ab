// Acting on pipelines and builds from the explorer, against the wire-protocol fake: Start Pipeline
// Execution with variables, Stop (abandon), Approve, Retry Failed Stage, the execution history, a
// CodeBuild action's build, batch builds, pins, the repository's status bar item and notifications,
// Start Build with environment variable overrides, and a tree that recovers by itself after the
// network drops. The workspace is a Git repository on `main` whose origin is acme/pipeline-1.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ShownPrompt } from '../../../client/src/explorer/prompts';
import type { NodeSnapshot } from '../../../client/src/explorer/tree';
import { byLabel, children, CODEBUILD, control, CONTROL, PIPELINES, root, run } from './awsHelpers';
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
      await run('awsCicd.explorer.filterPipelines', '');
      (await api()).explorer.refresh();
    });

    test('Start Pipeline Execution sets the declared variables; the history shows the run', async () => {
      const a = await api();
      const p0 = await pipelineRow('pipeline-0');
      assert.equal(p0.contextValue, 'pipeline.unpinned');
      const id = await run<string>('awsCicd.explorer.startPipeline', p0.id, {
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
        await run('awsCicd.explorer.openInConsole', runs[0].id, { open: false }),
        `https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/pipeline-0/executions/${id}/timeline?region=us-east-1`,
      );
      assert.equal(await run('awsCicd.explorer.copyId', runs[0].id), id);

      // Stop and abandon, from the history row.
      const stopped = await run<string>('awsCicd.explorer.stopExecution', runs[0].id, {
        abandon: true,
        reason: 'wrong branch',
        confirm: false,
      });
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

    test('Approve first shows what is approved: the notes, the review link and the revision', async () => {
      const a = await api();
      await control('/approval-config', {
        pipeline: 'pipeline-2',
        configuration: {
          CustomData: 'Check the [release notes](command:workbench.action.quit) first\nSecond line',
          ExternalEntityLink: 'https://reviews.example.com/change/42',
        },
      });
      const p2 = await pipelineRow('pipeline-2');
      a.explorer.markExpanded(PIPELINES, p2.id);
      const approve = await until('pipeline-2 to wait at its approval', async () => {
        const s = await stage(p2.id, 'Approve');
        return s.icon === 'sync~spin' ? s : undefined;
      });
      const [action] = await children(PIPELINES, approve.id);
      assert.equal(action.contextValue, 'action.approval');
      assert.match(action.tooltip ?? '', /Waiting for approval/);
      const asked: ShownPrompt[] = [];
      let answer: string | undefined;
      a.explorer.answerPrompts((prompt) => {
        asked.push(prompt);
        return answer;
      });
      await control('/reset-counts');
      try {
        // Cancelled: nothing is sent, even with the comment given.
        assert.equal(await run('awsCicd.explorer.approve', action.id, { comment: 'Looks good' }), undefined);
        const { calls } = (await control('/counts')) as { calls: Record<string, number> };
        assert.equal(calls['CodePipeline.PutApprovalResult'] ?? 0, 0, JSON.stringify(calls));
        answer = 'Approve';
        assert.equal(await run('awsCicd.explorer.approve', action.id, { comment: 'Looks good' }), 'Approved');
      } finally {
        a.explorer.answerPrompts(undefined);
        await control('/approval-config', { pipeline: 'pipeline-2', configuration: {} });
      }
      assert.equal(asked.length, 2);
      const [modal] = asked;
      assert.equal(modal.message, 'Approve "Approve" of pipeline "pipeline-2"?');
      assert.deepEqual(modal.items, ['Approve']);
      const detail = modal.detail ?? '';
      // The notes as plain text: the link syntax broken, each line on its own.
      assert.match(
        detail,
        /^Notes:\nCheck the \[release notes\] \(command:workbench\.action\.quit\) first\nSecond line$/m,
      );
      assert.doesNotMatch(detail, /\]\(/);
      // The review link says whose site it is.
      assert.match(
        detail,
        /^Review link: on reviews\.example\.com: https:\/\/reviews\.example\.com\/change\/42$/m,
      );
      assert.match(detail, /^Revision:\nSource: a1b2c3d\b/m);
      assert.match(detail, /^Execution: [0-9a-f-]{36}$/m);
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
      const retried = await run<string>('awsCicd.explorer.retryStage', failed.id, {
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

    test('Open in AWS Console names any other site and asks; other schemes are never opened', async () => {
      const a = await api();
      const stageRow = async () => stage((await pipelineRow('pipeline-0')).id, 'Build');
      const actionRow = async () => (await children(PIPELINES, (await stageRow()).id))[0];
      const asked: ShownPrompt[] = [];
      a.explorer.answerPrompts((prompt) => {
        asked.push(prompt);
        return undefined;
      });
      try {
        // A console page opens without a question (open: false returns it instead of opening it).
        await control('/action-url', {
          pipeline: 'pipeline-0',
          stage: 'Build',
          action: 'Build',
          url: 'https://console.aws.amazon.com/codebuild/home?region=us-east-1#/builds/x/view/new',
        });
        a.explorer.refresh();
        const consolePage = await run<string>('awsCicd.explorer.openInConsole', (await actionRow()).id, {
          open: false,
        });
        assert.match(consolePage ?? '', /^https:\/\/console\.aws\.amazon\.com\/codebuild\//);
        assert.equal(asked.length, 0);
        // Another site: the question names its host; cancelled, nothing opens.
        await control('/action-url', {
          pipeline: 'pipeline-0',
          stage: 'Build',
          action: 'Build',
          url: 'https://console.aws.amazon.com.evil.example/review',
        });
        a.explorer.refresh();
        assert.equal(await run('awsCicd.explorer.openInConsole', (await actionRow()).id), undefined);
        assert.equal(asked.length, 1);
        assert.equal(
          asked[0].message,
          'Open a page on console.aws.amazon.com.evil.example? It is not an AWS console page.',
        );
        assert.match(asked[0].detail ?? '', /https:\/\/console\.aws\.amazon\.com\.evil\.example\/review/);
        // A command: URL is not opened and not even offered.
        await control('/action-url', {
          pipeline: 'pipeline-0',
          stage: 'Build',
          action: 'Build',
          url: 'command:workbench.action.quit',
        });
        a.explorer.refresh();
        assert.equal(await run('awsCicd.explorer.openInConsole', (await actionRow()).id), undefined);
        assert.equal(asked.length, 1);
      } finally {
        a.explorer.answerPrompts(undefined);
      }
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
        (await run<string>('awsCicd.explorer.copyId', batch.id)) ?? '',
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
        await run('awsCicd.explorer.pin', (await pipelineRow('pipeline-3')).id);
        const rows = await children(PIPELINES, (await root(PIPELINES)).id);
        assert.equal(rows[0].label, 'pipeline-3');
        assert.match(rows[0].description ?? '', /^pinned · /);
        assert.match(rows[0].contextValue ?? '', /\.pinned$/);
        const cb = await root(CODEBUILD);
        await run('awsCicd.explorer.pin', byLabel(await children(CODEBUILD, cb.id), 'project-2').id);
        const projects = await children(CODEBUILD, cb.id);
        assert.deepEqual(
          projects.map((p) => p.label),
          ['project-2', 'project-0', 'project-1', 'project-3'],
        );
        assert.equal(projects[0].description, 'pinned');
        const watched = await (await api()).explorer.watch();
        assert.ok(watched.watched.includes('pipeline-3'), 'a pinned pipeline is watched');
      } finally {
        await run('awsCicd.explorer.unpin', (await pipelineRow('pipeline-3')).id);
        const cb = await root(CODEBUILD);
        await run('awsCicd.explorer.unpin', byLabel(await children(CODEBUILD, cb.id), 'project-2').id);
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
      await run('awsCicd.explorer.startPipeline', 'pipeline-1', {
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
        await run('awsCicd.explorer.reject', action.id, { comment: 'not today', confirm: false }),
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

    test('a failure notification names the pipeline only: no AWS free text, no link', async () => {
      const a = await api();
      const id = await run<string>('awsCicd.explorer.startPipeline', 'pipeline-1', {
        variables: {},
        confirm: false,
      });
      assert.ok(id);
      await waitFor(
        'the watch to see the new run of pipeline-1',
        async () => {
          const s = await a.explorer.watch();
          return /^\$\(sync~spin\) pipeline-1$/.test(s.text) ? s : undefined;
        },
        30_000,
        500,
      );
      const before = (await a.explorer.watch()).notifications.length;
      const summary = '[click](command:workbench.action.quit) sensitive summary text';
      await control('/fail-execution', { pipeline: 'pipeline-1', id, summary });
      const failed = await waitFor(
        'a notification that pipeline-1 failed',
        async () => {
          const s = await a.explorer.watch();
          return s.notifications.slice(before).find((n) => /failed/.test(n));
        },
        30_000,
        500,
      );
      assert.equal(
        failed,
        'Pipeline "pipeline-1" failed (default · us-east-1): the execution history shows why',
      );
      for (const n of (await a.explorer.watch()).notifications) {
        assert.doesNotMatch(n, /\]\(|command:|click|sensitive/, n);
      }
      // The summary is in the execution's row tooltip, as plain text.
      const p1 = await pipelineRow('pipeline-1');
      const history = byLabel(await children(PIPELINES, p1.id), 'Execution history');
      const row = await until('the failed run in the history', async () => {
        const rows = await children(PIPELINES, history.id);
        return rows.find((r) => r.icon === 'error' && (r.tooltip ?? '').includes(`Execution ${id}`));
      });
      assert.ok((row.tooltip ?? '').includes(summary), row.tooltip);
    });

    test('Start Build sends environment variable overrides', async () => {
      const r = await root(CODEBUILD);
      const p0 = byLabel(await children(CODEBUILD, r.id), 'project-0');
      const id = await run<string>('awsCicd.explorer.startBuild', p0.id, {
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
        await run('awsCicd.explorer.loadMore', more.id);
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
      // The pace itself (5 s / 30 s, none hidden, catch-up, a fast poll after an action) is unit-tested
      // with a hand-moved clock (test/store); here: the real view's visibility and focus reach it.
      const a = await api();
      await vscode.commands.executeCommand('workbench.view.explorer');
      await waitFor('the hidden view to stop the timer', () =>
        Promise.resolve(a.explorer.pollerState().active ? undefined : true),
      );
      const hidden = a.explorer.pollerState().cycles;
      await vscode.commands.executeCommand('awsCicd.pipelines.focus');
      await children(PIPELINES, (await root(PIPELINES)).id);
      if (!vscode.window.state.focused) {
        console.log('      (this headless window reports no focus: the visible half is not checked)');
        return;
      }
      assert.equal(a.explorer.pollerState().active, true);
      // Shown again, it polls again (at once when its last poll is older than its pace).
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
