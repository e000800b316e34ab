/**
 * Benchmark: our buildspec language server against yaml-language-server configured with our exported
 * schema, both as real processes over stdio. Prints a table and writes bench/results.json.
 *
 *   npm run bench            (builds first)
 *   node --import tsx bench/run.ts [--quick] [--profile] [--shapes=mixed,env] [--ours-only] [--lsp-only]
 *
 * Every file shape of bench/generate.ts is measured (`mixed` with the most requests, the others with
 * fewer), each against the peer in the same run. --quick runs a few requests of each kind; --profile
 * runs both servers under `node --cpu-prof` and prints where the profiles went (read them with
 * bench/profile.ts); --ours-only skips the peer (to look at one change quickly; no ratios), --lsp-only
 * skips the AWS and logs parts.
 *
 * BENCH_OURS_NODE_ARGS="--flag ..." passes node flags to our server only; BENCH_OURS_SERVER=path runs
 * another build of it (an older commit's `server/out/server.js`, to compare before and after). bench/breakdown.ts times the
 * service's stages in-process (parse, validate, complete) on the same generated file.
 *
 * Exit code 0 whatever the figures; non-zero only when the benchmark itself broke.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConfigurationItem } from 'vscode-languageserver-protocol/node';
import { runAwsBench } from './aws/run';
import { runLogsBench } from './logs/run';
import { generateBuildspec, SHAPES, type Shape } from './generate';
import { LspServer, type ServerSpec } from './lsp';
import { checkSchemaApplied, measure, type Options, type ServerResult } from './measure';
import { formatTable, summarize, type Row } from './stats';

const root = path.resolve(__dirname, '..');
const quick = process.argv.includes('--quick');
const oursOnly = process.argv.includes('--ours-only');
const lspOnly = process.argv.includes('--lsp-only');
const shapeArg = process.argv.find((a) => a.startsWith('--shapes='))?.slice('--shapes='.length);
const shapes: readonly Shape[] = shapeArg
  ? shapeArg.split(',').map((name) => {
      if (!(SHAPES as readonly string[]).includes(name))
        throw new Error(`Unknown shape "${name}": ${SHAPES.join(', ')}`);
      return name as Shape;
    })
  : SHAPES;
const profileDir = process.argv.includes('--profile')
  ? mkdtempSync(path.join(os.tmpdir(), 'buildspec-bench-profiles-'))
  : undefined;
/** Extra node flags for our server only (e.g. `--max-semi-space-size=32`), to try runtime tuning. */
const oursNodeArgs = (process.env.BENCH_OURS_NODE_ARGS ?? '').split(' ').filter(Boolean);
const oursServer = path.resolve(process.env.BENCH_OURS_SERVER ?? path.join(root, 'server/out/server.js'));
const profileArgs = (name: string) =>
  profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`] : [];

const OPTIONS: Options = quick
  ? { completionSites: 12, completionsPerSite: 4, hovers: 40, edits: 20, warmupRounds: 1 }
  : { completionSites: 40, completionsPerSite: 5, hovers: 200, edits: 100, warmupRounds: 1 };
/** The shapes other than `mixed`: enough requests for a p95, in a few minutes for both servers. */
const SHAPE_OPTIONS: Options = quick
  ? OPTIONS
  : { completionSites: 24, completionsPerSite: 3, hovers: 60, edits: 60, warmupRounds: 1 };

/** yaml-language-server's validation debounce (SettingsState.validationDelayMs); no setting changes it. */
const PEER_DEBOUNCE_MS = 200;

const schemaUri = pathToFileURL(path.join(root, 'schemas/buildspec.schema.json')).href;

/** The settings an editor would hold for yaml-language-server with our schema mapped to buildspecs. */
const peerYamlSettings = {
  schemas: { [schemaUri]: ['buildspec*.yml', '*.yml'] },
  validate: true,
  completion: true,
  hover: true,
  format: { enable: false },
  // No network here, and the schema store maps buildspec.yml to its own schema: ours must be the one used.
  schemaStore: { enable: false },
  kubernetesCRDStore: { enable: false },
};

const servers = (shape: Shape): readonly ServerSpec[] => [
  {
    name: 'ours',
    args: [...oursNodeArgs, ...profileArgs(`ours-${shape}`), oursServer, '--stdio'],
    languageId: 'buildspec',
    configuration: (item: ConfigurationItem) => (item.section === 'awsCicd' ? {} : null),
  },
  {
    name: 'yaml-language-server',
    args: [
      ...profileArgs(`peer-${shape}`),
      path.join(root, 'node_modules/yaml-language-server/bin/yaml-language-server'),
      '--stdio',
    ],
    languageId: 'yaml',
    configuration: (item: ConfigurationItem) => (item.section === 'yaml' ? peerYamlSettings : {}),
    pushedSettings: { yaml: peerYamlSettings },
  },
];

/** A server's figures, with how long it took from spawning to answering `initialize`. */
type Result = ServerResult & { startupMs: number };

async function runServer(
  spec: ServerSpec,
  dir: string,
  text: ReturnType<typeof generateBuildspec>,
  options: Options,
): Promise<Result> {
  const rootUri = pathToFileURL(dir).href;
  // Startup is what the extension's activation waits for before the first diagnostics can come.
  const spawned = performance.now();
  const server = new LspServer(spec, dir);
  try {
    await server.initialize(rootUri);
    const startupMs = performance.now() - spawned;
    await checkSchemaApplied(server, rootUri);
    return { ...(await measure(server, rootUri, text, options)), startupMs };
  } catch (e) {
    const stderr = server.errorOutput.trim();
    throw new Error(
      `${(e as Error).message}${stderr ? `\n${spec.name} stderr:\n${stderr.slice(-2000)}` : ''}`,
    );
  } finally {
    await server.stop();
  }
}

function rows(ours: Result, peer: Result): Row[] {
  const c = [summarize(ours.completionMs), summarize(peer.completionMs)] as const;
  const ce = [summarize(ours.completionAfterEditMs), summarize(peer.completionAfterEditMs)] as const;
  const h = [summarize(ours.hoverMs), summarize(peer.hoverMs)] as const;
  const d = [summarize(ours.changeToDiagnosticsMs), summarize(peer.changeToDiagnosticsMs)] as const;
  const peerCompute = summarize(peer.changeToDiagnosticsMs.map((ms) => ms - PEER_DEBOUNCE_MS));
  const faster = (o: number, p: number) => p / o >= 3;
  return [
    { metric: 'server start → initialized', ours: ours.startupMs, peer: peer.startupMs, unit: 'ms' },
    {
      metric: 'open → first diagnostics',
      ours: ours.openToDiagnosticsMs,
      peer: peer.openToDiagnosticsMs,
      unit: 'ms',
    },
    { metric: 'completion p50', ours: c[0].p50, peer: c[1].p50, unit: 'ms' },
    {
      metric: 'completion p95',
      ours: c[0].p95,
      peer: c[1].p95,
      unit: 'ms',
      target: '< 10 ms, ≥ 3x faster',
      pass: c[0].p95 < 10 && faster(c[0].p95, c[1].p95),
    },
    { metric: 'completion max', ours: c[0].max, peer: c[1].max, unit: 'ms' },
    { metric: 'completion right after edit p95', ours: ce[0].p95, peer: ce[1].p95, unit: 'ms' },
    { metric: 'hover p50', ours: h[0].p50, peer: h[1].p50, unit: 'ms' },
    { metric: 'hover p95', ours: h[0].p95, peer: h[1].p95, unit: 'ms' },
    { metric: 'change → diagnostics p50', ours: d[0].p50, peer: d[1].p50, unit: 'ms' },
    {
      metric: 'change → diagnostics p95',
      ours: d[0].p95,
      peer: d[1].p95,
      unit: 'ms',
      target: '< 50 ms, ≥ 3x faster',
      pass: d[0].p95 < 50 && faster(d[0].p95, d[1].p95),
    },
    { metric: 'change → diagnostics max', ours: d[0].max, peer: d[1].max, unit: 'ms' },
    {
      metric: `  (peer minus its ${PEER_DEBOUNCE_MS} ms debounce) p95`,
      ours: d[0].p95,
      peer: peerCompute.p95,
      unit: 'ms',
    },
    {
      metric: 'server CPU time per edit (mean)',
      ours: ours.cpuPerEditMs,
      peer: peer.cpuPerEditMs,
      unit: 'ms',
    },
    {
      metric: 'RSS after run',
      ours: ours.memory.rssMb,
      peer: peer.memory.rssMb,
      unit: 'MB',
      target: 'below peer',
      pass: ours.memory.rssMb < peer.memory.rssMb,
    },
    {
      metric: 'peak RSS (VmHWM)',
      ours: ours.memory.hwmMb,
      peer: peer.memory.hwmMb,
      unit: 'MB',
      target: 'below peer',
      pass: ours.memory.hwmMb < peer.memory.hwmMb,
    },
  ];
}

function coverage(r: ServerResult): string {
  const kinds = Object.entries(r.completionByKind)
    .map(([k, v]) => `${k} ${v.answered}/${v.total} (p95 ${summarize(v.ms).p95.toFixed(1)} ms)`)
    .join('; ');
  return (
    `${r.server}: completion non-empty: ${kinds}\n` +
    `${' '.repeat(r.server.length)}  hover non-empty ${r.hover.answered}/${r.hover.total}; ` +
    `diagnostics missing the edit ${r.changeMisses}/${r.changeToDiagnosticsMs.length}; baseline diagnostics ${r.baselineDiagnostics}\n` +
    `${' '.repeat(r.server.length)}  first completion after an edit answered only after the edit's diagnostics: ` +
    `${r.completionAfterValidation}/${r.completionAfterEditMs.length}`
  );
}

/** Stands for the peer when it is not run (--ours-only): every figure n/a. */
function notRun(name: string): Result {
  return {
    server: name,
    startupMs: NaN,
    openToDiagnosticsMs: NaN,
    baselineDiagnostics: NaN,
    completionMs: [],
    completionAfterEditMs: [],
    completionAfterValidation: NaN,
    completionByKind: {},
    hoverMs: [],
    hover: { answered: 0, total: 0 },
    changeToDiagnosticsMs: [],
    changeMisses: NaN,
    cpuPerEditMs: NaN,
    memory: { rssMb: NaN, hwmMb: NaN },
  };
}

function serverJson(r: Result) {
  return {
    server: r.server,
    startupMs: r.startupMs,
    openToDiagnosticsMs: r.openToDiagnosticsMs,
    baselineDiagnostics: r.baselineDiagnostics,
    completion: summarize(r.completionMs),
    completionAfterEdit: {
      ...summarize(r.completionAfterEditMs),
      afterValidation: r.completionAfterValidation,
    },
    completionByKind: Object.fromEntries(
      Object.entries(r.completionByKind).map(([k, v]) => [
        k,
        { answered: v.answered, total: v.total, ...summarize(v.ms) },
      ]),
    ),
    hover: { ...summarize(r.hoverMs), ...r.hover },
    changeToDiagnostics: {
      ...summarize(r.changeToDiagnosticsMs),
      misses: r.changeMisses,
      cpuPerEditMs: r.cpuPerEditMs,
    },
    memory: r.memory,
  };
}

async function measureShape(shape: Shape) {
  const generated = generateBuildspec(20261122, 2000, shape);
  const options = shape === 'mixed' ? OPTIONS : SHAPE_OPTIONS;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'buildspec-bench-'));
  try {
    writeFileSync(path.join(dir, 'buildspec.yml'), generated.text);
    // Other processes on a small machine skew every figure: say how busy it was.
    const load = os.loadavg().map((l) => l.toFixed(2));
    console.log(
      `\n== shape "${shape}": ${generated.lineCount} lines, ${generated.text.length} chars; ${os.cpus().length} cores, load average ${load.join(' ')}, node ${process.version}`,
    );
    const results: Result[] = [];
    const specs = servers(shape);
    for (const spec of oursOnly ? specs.slice(0, 1) : specs) {
      const t = Date.now();
      results.push(await runServer(spec, dir, generated, options));
      console.log(`${spec.name}: measured in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    const [ours, peer = notRun(specs[1].name)] = results as [Result, Result?];
    const table = rows(ours, peer);
    console.log(`\n${formatTable(table)}\n`);
    console.log(coverage(ours));
    if (!oursOnly) console.log(coverage(peer));
    return {
      shape,
      options,
      document: { lines: generated.lineCount, chars: generated.text.length },
      loadAverageAtStart: os.loadavg(),
      table,
      servers: results.map(serverJson),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const measured = [];
  for (const shape of shapes) measured.push(await measureShape(shape));
  console.log(
    `\nyaml-language-server debounces validation by ${PEER_DEBOUNCE_MS} ms (validationDelayMs, hard-coded; no setting).`,
  );
  const bars = measured.flatMap((m) =>
    m.table.filter((r) => r.pass !== undefined).map((r) => ({ shape: m.shape, ...r })),
  );
  const failed = bars.filter((b) => !b.pass);
  console.log(
    failed.length
      ? `Bars not met: ${failed.map((b) => `${b.shape}: ${b.metric.trim()}`).join('; ')}`
      : `Every bar met on every shape measured (${shapes.join(', ')}).`,
  );
  console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const out = path.join(root, 'bench/results.json');
  writeFileSync(
    out,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        cores: os.cpus().length,
        quick,
        oursOnly,
        peerDebounceMs: PEER_DEBOUNCE_MS,
        shapes: measured,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`results written to ${path.relative(process.cwd(), out)}`);
  if (profileDir)
    console.log(
      `CPU profiles in ${profileDir} (node --import tsx bench/profile.ts ${profileDir}/ours-<shape>.cpuprofile)`,
    );
}

main()
  .catch((e: unknown) => {
    console.error(`Benchmark failed: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = 1;
  })
  // The AWS part (bench/aws/run.ts): the adapter against the local fake; prints its own table.
  .then(() => (lspOnly ? undefined : runAwsBench()))
  .catch((e: unknown) => {
    console.error(`AWS benchmark failed: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = 1;
  })
  // The logs part (bench/logs/run.ts): the log tail and the log model against the fake.
  .then(() => (lspOnly ? undefined : runLogsBench()))
  .catch((e: unknown) => {
    console.error(`Logs benchmark failed: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = 1;
  });
