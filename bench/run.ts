/**
 * Benchmark: our buildspec language server against yaml-language-server configured with our exported
 * schema, both as real processes over stdio. Prints a table and writes bench/results.json.
 *
 *   npm run bench            (builds first)
 *   node --import tsx bench/run.ts [--quick] [--profile]
 *
 * --quick runs a few requests of each kind; --profile runs both servers under `node --cpu-prof` and
 * prints where the profiles went (read them with bench/profile.ts).
 *
 * BENCH_OURS_NODE_ARGS="--flag ..." passes node flags to our server only. bench/breakdown.ts times the
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
import { generateBuildspec } from './generate';
import { LspServer, type ServerSpec } from './lsp';
import { checkSchemaApplied, measure, type Options, type ServerResult } from './measure';
import { formatTable, summarize, type Row } from './stats';

const root = path.resolve(__dirname, '..');
const quick = process.argv.includes('--quick');
const profileDir = process.argv.includes('--profile')
  ? mkdtempSync(path.join(os.tmpdir(), 'buildspec-bench-profiles-'))
  : undefined;
/** Extra node flags for our server only (e.g. `--max-semi-space-size=32`), to try runtime tuning. */
const oursNodeArgs = (process.env.BENCH_OURS_NODE_ARGS ?? '').split(' ').filter(Boolean);
const profileArgs = (name: string) =>
  profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`] : [];

const OPTIONS: Options = quick
  ? { completionSites: 12, completionsPerSite: 4, hovers: 40, edits: 20, warmupRounds: 1 }
  : { completionSites: 40, completionsPerSite: 5, hovers: 200, edits: 100, warmupRounds: 1 };

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

const SERVERS: readonly ServerSpec[] = [
  {
    name: 'ours',
    args: [...oursNodeArgs, ...profileArgs('ours'), path.join(root, 'server/out/server.js'), '--stdio'],
    languageId: 'buildspec',
    configuration: (item: ConfigurationItem) => (item.section === 'awsCicd' ? {} : null),
  },
  {
    name: 'yaml-language-server',
    args: [
      ...profileArgs('peer'),
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
): Promise<Result> {
  const rootUri = pathToFileURL(dir).href;
  // Startup is what the extension's activation waits for before the first diagnostics can come.
  const spawned = performance.now();
  const server = new LspServer(spec, dir);
  try {
    await server.initialize(rootUri);
    const startupMs = performance.now() - spawned;
    await checkSchemaApplied(server, rootUri);
    return { ...(await measure(server, rootUri, text, OPTIONS)), startupMs };
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

async function main(): Promise<void> {
  const generated = generateBuildspec(20261122, 2000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'buildspec-bench-'));
  const started = Date.now();
  try {
    writeFileSync(path.join(dir, 'buildspec.yml'), generated.text);
    // Other processes on a small machine skew every figure: say how busy it was.
    const load = os.loadavg().map((l) => l.toFixed(2));
    console.log(
      `buildspec: ${generated.lineCount} lines, ${generated.text.length} chars; ${os.cpus().length} cores, load average ${load.join(' ')}, node ${process.version}`,
    );
    const results: Result[] = [];
    for (const spec of SERVERS) {
      const t = Date.now();
      results.push(await runServer(spec, dir, generated));
      console.log(`${spec.name}: measured in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    const [ours, peer] = results as [Result, Result];
    const table = rows(ours, peer);
    console.log(`\n${formatTable(table)}\n`);
    console.log(coverage(ours));
    console.log(coverage(peer));
    console.log(
      `\nyaml-language-server debounces validation by ${PEER_DEBOUNCE_MS} ms (validationDelayMs, hard-coded; no setting).`,
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
          loadAverageAtStart: os.loadavg(),
          quick,
          options: OPTIONS,
          document: { lines: generated.lineCount, chars: generated.text.length },
          peerDebounceMs: PEER_DEBOUNCE_MS,
          table,
          servers: results.map((r) => ({
            server: r.server,
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
          })),
        },
        null,
        2,
      )}\n`,
    );
    console.log(`results written to ${path.relative(process.cwd(), out)}`);
    if (profileDir)
      console.log(
        `CPU profiles in ${profileDir} (node --import tsx bench/profile.ts ${profileDir}/ours.cpuprofile)`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main()
  .catch((e: unknown) => {
    console.error(`Benchmark failed: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = 1;
  })
  // The AWS part (bench/aws/run.ts): the adapter against the local fake; prints its own table.
  .then(() => runAwsBench())
  .catch((e: unknown) => {
    console.error(`AWS benchmark failed: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = 1;
  })
  // The logs part (bench/logs/run.ts): the log tail and the log model against the fake.
  .then(() => runLogsBench())
  .catch((e: unknown) => {
    console.error(`Logs benchmark failed: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = 1;
  });
