/**
 * AWS part of the benchmark: the real adapter (client/src/aws, real SDK clients) against the
 * wire-protocol fake (test/aws/fake) with latency and throttling injected. Prints figures, call counts
 * and PASS/FAIL; asserts nothing.
 *
 *   node --import tsx bench/aws/main.ts      (standalone; `npm run bench` runs it after the LSP part)
 *
 * The views read the store (client/src/store), which does not import `vscode`: the figures are the
 * store's own calls, driven as the views drive it (a first screen, a poll of what is expanded), and
 * the polling policy on a hand-moved clock for what a hidden view costs.
 * The SDK never leaves the machine: temp AWS config/credentials files, fake static credentials,
 * AWS_EC2_METADATA_DISABLED=true, AWS_ENDPOINT_URL pointed at the fake on 127.0.0.1.
 */
import { openAdapter, type AwsAdapter, type CallEvent } from '../../client/src/aws/index';
import { AwsStore, PIPELINE_PAGE, type ConnectionStore } from '../../client/src/store/index';
import { LATEST_CONCURRENCY } from '../../client/src/store/pipelines';
import { PollingPolicy, VIEW_PACE } from '../../client/src/store/polling';
import { FakeClock } from '../../test/store/clock';
import type { FaultRule } from '../../test/aws/fake/faults';
import { startFake, type FakeAws } from '../../test/aws/fake/server';
import { sandbox, staticEnv } from '../../test/aws/sandbox';

const LATENCY_MS = 50;
const PIPELINES = 500;
const PROJECTS = 300;
const VISIBLE = 20;
const BUILD_LOOKUP = 250;
const THROTTLE_RATE = 0.2;
const TARGET = { profile: 'default', region: 'us-east-1' };
const THROTTLING: readonly (readonly [string, FaultRule])[] = [
  [`${THROTTLE_RATE * 100}% throttled`, { kind: 'throttle', rate: THROTTLE_RATE }],
  [
    'ListPipelineExecutions limited to 10/s',
    { kind: 'rateLimit', operation: 'ListPipelineExecutions', tps: 10, burst: 10 },
  ],
];

export interface AwsRow {
  readonly metric: string;
  /** Milliseconds, or a count when `unit` says so. */
  readonly value: number;
  readonly unit: string;
  /** Requests the fake received, per operation. */
  readonly calls: string;
  readonly target?: string;
  readonly pass?: boolean;
}

const fmt = (v: number, unit: string) =>
  unit === 'calls'
    ? String(v)
    : Number.isNaN(v)
      ? 'n/a'
      : v >= 100
        ? v.toFixed(0)
        : v >= 10
          ? v.toFixed(1)
          : v.toFixed(2);

export function formatAwsTable(rows: readonly AwsRow[]): string {
  const header = ['metric', 'value', 'target', 'result', 'requests to the fake'];
  const body = rows.map((r) => [
    r.metric,
    `${fmt(r.value, r.unit)} ${r.unit}`,
    r.target ?? '',
    r.pass === undefined ? '' : r.pass ? 'PASS' : 'FAIL',
    r.calls,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 1 ? c.padStart(widths[i]) : i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** `ListPipelines 1, ListPipelineExecutions 50` from the fake's counters. */
function callsOf(fake: FakeAws): string {
  const entries = [...fake.calls.entries()].filter(([, n]) => n > 0);
  if (entries.length === 0) return 'none';
  return entries.map(([k, n]) => `${k.split('.')[1] ?? k} ${n}`).join(', ');
}

/** A store over one open account, as the explorer makes one per connection. */
function storeOf(aws: AwsAdapter): ConnectionStore {
  return new AwsStore({
    account: () => Promise.resolve(aws),
    now: () => Date.now(),
    warn: () => undefined,
  }).of(TARGET);
}

/** The Pipelines view's first screen: the store's first page, with the latest execution of each. */
async function firstScreen(aws: AwsAdapter) {
  const store = storeOf(aws);
  const list = await store.pipelines.listPipelines([]);
  const names = list.ok ? list.value.names : [];
  return { store, names, failed: store.pipelines.listed().filter((e) => e.error).length + (list.ok ? 0 : 1) };
}

async function timed<T>(
  fake: FakeAws,
  run: () => Promise<T>,
): Promise<{ ms: number; value: T; calls: string }> {
  fake.resetCounts();
  const t = performance.now();
  const value = await run();
  const ms = performance.now() - t;
  return { ms, value, calls: callsOf(fake) };
}

/** One throttled run of `run` (the first screen by default): its time, requests, retries and failures. */
async function throttledRow(
  fake: FakeAws,
  events: CallEvent[],
  metric: string,
  aws: AwsAdapter,
  run: () => Promise<number> = () => firstScreen(aws).then((r) => r.failed),
): Promise<AwsRow> {
  events.length = 0;
  let failed = 0;
  let error = '';
  const r = await timed(fake, () =>
    run().then(
      (n) => (failed = n),
      (e: unknown) => (error = (e as Error).name),
    ),
  );
  const retries = events.reduce((n, e) => n + Math.max(0, (e.attempts ?? 1) - 1), 0);
  const failedCalls = events.filter((e) => !e.ok).length;
  return {
    metric,
    value: r.ms,
    unit: 'ms',
    calls: `${r.calls}; ${events.length} adapter calls, ${retries} retries, ${failedCalls} failed`,
    target: 'completes',
    pass: !error && failed === 0 && failedCalls === 0,
  };
}

export async function runAwsBench(): Promise<AwsRow[]> {
  const started = Date.now();
  const fake = await startFake({
    pipelines: PIPELINES,
    projects: PROJECTS,
    buildsPerProject: 1,
    executionsPerPipeline: 1,
  });
  const box = sandbox({ env: staticEnv(fake.url) });
  const events: CallEvent[] = [];
  let aws: AwsAdapter | undefined;
  const rows: AwsRow[] = [];
  try {
    aws = await openAdapter({ onCall: (e) => events.push(e) });
    const account = aws;
    // Credentials and sockets: one untimed call so the first figure is not the SDK's warm-up.
    await account.codepipeline.listPipelines({ pageSize: 1 });
    fake.faults.latencyMs = LATENCY_MS;

    // 1. Pipelines view, first screen: what the store loads when the view shows a connection.
    const first = await timed(fake, () => firstScreen(account));
    rows.push({
      metric: `Pipelines first screen (${PIPELINE_PAGE} of ${PIPELINES} + latest exec each)`,
      value: first.ms,
      unit: 'ms',
      calls: first.calls,
      target: '< 1500 ms',
      pass: first.ms < 1500 && first.value.failed === 0,
    });
    const all = await timed(fake, () => account.codepipeline.listAllPipelines());
    rows.push({
      metric: `list all ${PIPELINES} pipelines (names only)`,
      value: all.ms,
      unit: 'ms',
      calls: all.calls,
      target: '< 1500 ms',
      pass: all.ms < 1500 && all.value.length === PIPELINES,
    });
    // Every page with its statuses, as if "Load more…" were clicked until the end.
    const everything = await timed(fake, async () => {
      const { store } = await firstScreen(account);
      let pages = 1;
      for (;;) {
        const list = store.pipelines.getList();
        if (!list?.ok || !list.value.nextToken) break;
        await store.pipelines.loadMorePipelines();
        pages++;
      }
      return pages;
    });
    rows.push({
      metric: `  all ${PIPELINES} with status (${everything.value} × Load more page)`,
      value: everything.ms,
      unit: 'ms',
      calls: everything.calls,
    });

    // 2. CodeBuild view: CodeBuildTree.loadProjects makes ListProjects only (pages of 100, one per
    //    "Load more…"); every page listed here, plus the BatchGetProjects a details view would need.
    const projects = await timed(fake, () => account.codebuild.listAllProjects());
    rows.push({
      metric: `CodeBuild projects list (${PROJECTS} names, all pages)`,
      value: projects.ms,
      unit: 'ms',
      calls: projects.calls,
      pass: projects.value.length === PROJECTS ? undefined : false,
    });
    const details = await timed(fake, () => account.codebuild.batchGetProjects(projects.value));
    rows.push({
      metric: `  + BatchGetProjects for all ${PROJECTS} (view does not call it)`,
      value: details.ms,
      unit: 'ms',
      calls: details.calls,
      target: '3 batches',
      pass: fake.count('BatchGetProjects') === 3 && details.value.found.length === PROJECTS,
    });

    // 3. Calls per poll, per view: what one cycle of the polling policy costs each view, then what a
    //    hidden view costs over ten minutes (the policy on a hand-moved clock).
    const store = first.value.store;
    const names = first.value.names.slice(0, VISIBLE);
    fake.faults.latencyMs = 0;
    for (const name of names) await store.pipelines.pipelineState(name);
    fake.faults.latencyMs = LATENCY_MS;
    const interest = { expanded: names.map((name) => ({ name, builds: [] })), histories: new Set<string>() };
    const poll = await timed(fake, () => store.pipelines.poll(interest));
    const states = fake.count('GetPipelineState');
    rows.push({
      metric: `Pipelines view poll, ${VISIBLE} of ${PIPELINES} pipelines expanded`,
      value: poll.ms,
      unit: 'ms',
      calls: poll.calls,
      target: `GetPipelineState ≤ ${VISIBLE}`,
      pass: states <= VISIBLE && fake.count() <= 2 * VISIBLE,
    });
    // CodeBuild's poll: VISIBLE projects expanded, first page of builds loaded, then one cycle.
    const expanded = projects.value.slice(0, VISIBLE);
    fake.faults.latencyMs = 0;
    for (const p of expanded) await store.builds.listBuilds(p);
    for (const p of expanded.slice(0, 5)) fake.codebuild.seedBuilds(p, 1);
    fake.faults.latencyMs = LATENCY_MS;
    const cbPoll = await timed(fake, () => store.builds.poll(expanded));
    rows.push({
      metric: `CodeBuild view poll, ${VISIBLE} projects expanded (5 with a new build)`,
      value: cbPoll.ms,
      unit: 'ms',
      calls: cbPoll.calls,
      target: '1 BatchGetBuilds',
      pass: fake.count('BatchGetBuilds') === 1,
    });
    // The repository watch's check reads, through the store, the latest execution of each watched
    // pipeline (and the state of those running, to see approvals; none run here).
    const watchCheck = await timed(fake, () =>
      Promise.all(names.map((name) => store.pipelines.readLatestNow(name))),
    );
    rows.push({
      metric: `Repository watch check, ${VISIBLE} pipelines watched`,
      value: watchCheck.ms,
      unit: 'ms',
      calls: watchCheck.calls,
      target: `ListPipelineExecutions ${VISIBLE}`,
      pass: fake.count('ListPipelineExecutions') === VISIBLE && fake.count() === VISIBLE,
    });
    const hidden = await timed(fake, async () => {
      const clock = new FakeClock();
      const policy = new PollingPolicy(clock);
      clock.policy = policy;
      for (const [view, run] of [
        ['pipelines', () => store.pipelines.poll(interest)],
        ['codebuild', () => store.builds.poll(expanded)],
      ] as const)
        policy.add({ name: view, visible: () => false, busy: () => true, poll: run }, VIEW_PACE);
      await clock.advance(10 * 60_000);
      policy.dispose();
    });
    rows.push({
      metric: '  both views hidden, 10 min of the polling policy',
      value: fake.count(),
      unit: 'calls',
      calls: hidden.calls,
      target: '0 calls',
      pass: fake.count() === 0,
    });

    // 4. Build lookups are batched (100 ids per BatchGetBuilds, the service's limit).
    const ids = [...fake.codebuild.builds.keys()].slice(0, BUILD_LOOKUP);
    const lookup = await timed(fake, () => account.codebuild.batchGetBuilds(ids));
    rows.push({
      metric: `look up ${ids.length} builds`,
      value: lookup.ms,
      unit: 'ms',
      calls: lookup.calls,
      target: 'BatchGetBuilds = 3',
      pass: fake.count('BatchGetBuilds') === 3 && lookup.value.found.length === ids.length,
    });

    // 5. Throttling, on top of the 50 ms: 20% of calls refused at random (a busy account: others use
    //    up each API's rate), then AWS's own kind, a rate per API. The adapter as users get it
    //    (standard retries, client/src/aws/retry.ts), then the same with retryMode 'adaptive'.
    const adaptive = await openAdapter({ retryMode: 'adaptive', onCall: (e) => events.push(e) });
    try {
      await adaptive.codepipeline.listPipelines({ pageSize: 1 });
      for (const [mode, adapter] of [
        ['', account],
        [", retryMode 'adaptive'", adaptive],
      ] as const) {
        for (const [label, rule] of THROTTLING) {
          fake.faults.clear(7);
          fake.faults.latencyMs = LATENCY_MS;
          fake.inject(rule);
          rows.push(await throttledRow(fake, events, `Pipelines first screen, ${label}${mode}`, adapter));
        }
        // The user expands 20 pipelines while the first screen is being throttled.
        fake.faults.clear(7);
        fake.faults.latencyMs = LATENCY_MS;
        fake.inject(THROTTLING[1][1]);
        fake.resetCounts();
        const screen = firstScreen(adapter);
        // Past the 10 of the burst, so the service is refusing some.
        for (let i = 0; i < 1000 && fake.count('ListPipelineExecutions') < 15; i++)
          await new Promise((r) => setTimeout(r, 10));
        const states = await timed(fake, () => adapter.codepipeline.getPipelineStates(names));
        rows.push({
          metric: `  20 pipelines expanded meanwhile${mode}`,
          value: states.ms,
          unit: 'ms',
          calls: states.calls,
          // The bar is the default's; the adaptive row is there to compare.
          target: mode ? undefined : '< 1000 ms',
          pass: mode ? undefined : states.ms < 1000 && states.value.every((r) => r.ok),
        });
        await screen;
      }
      fake.faults.clear(7);
      fake.faults.latencyMs = LATENCY_MS;
      fake.inject(THROTTLING[0][1]);
      rows.push(
        await throttledRow(
          fake,
          events,
          `list all ${PIPELINES} pipelines (names only), 20% throttled`,
          account,
          () => account.codepipeline.listAllPipelines().then(() => 0),
        ),
      );
    } finally {
      adaptive.dispose();
    }
    fake.faults.clear();

    console.log(
      `\nAWS adapter against the local fake: ${PIPELINES} pipelines, ${PROJECTS} projects, ${LATENCY_MS} ms added to every call`,
    );
    console.log(`\n${formatAwsTable(rows)}\n`);
    console.log(
      `adapter: retryMode 'standard', maxAttempts 5 (the defaults; 'adaptive': rate limiter floor 5/s), ` +
        `maxConcurrency 6 per service client; explorer fetches latest executions ${LATEST_CONCURRENCY} at a time.`,
    );
    console.log(
      "the views' calls are the store's (client/src/store): first screen, one poll per view, the watch's " +
        'check, and the polling policy on a hand-moved clock for hidden views.',
    );
    console.log(`AWS total ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return rows;
  } finally {
    aws?.dispose();
    box.restore();
    await fake.stop();
  }
}
