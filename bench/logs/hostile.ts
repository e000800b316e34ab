/**
 * Adversarial build log beside a normal one of the same size, in the same run, through what the log tab
 * runs on a log: LogModel.append in pages as the tail delivers them (ANSI parser, structure, problems),
 * the document text, the path:line links of every held line (as providers.ts scans them), and colour
 * decoration passes over windows spread through the document with one palette. The adversarial log is
 * every hostile class of the fuzzer (test/logs/fuzz.inputs.ts) in turn: huge escape parameters, SGR bombs,
 * unterminated OSC, long lines, crafted link/problem lines, many colours, fake [Container] lines, bidi
 * characters, random bytes, CR and erase sequences.
 *
 * Bar: the adversarial log takes at most twice the normal one's time (CPU time, so other work on the
 * machine does not decide it; wall time is printed too), and the heap the open log holds stays under
 * the same cap for both. Each is opened twice, interleaved; the better run counts.
 *
 *   node --import tsx bench/logs/hostile-main.ts      (standalone; `npm run bench` runs it in the logs part)
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import type { LogEvent } from '../../client/src/aws/types';
import { findPathRefs, type LinkState } from '../../client/src/logs/links';
import { LogModel } from '../../client/src/logs/model';
import { MAX_DECORATION_TYPES, Palette, planPass } from '../../client/src/logs/palette';
import { CLASS_NAMES, CLASSES, Rng } from '../../test/logs/fuzz.inputs';
import { seeded } from '../../test/support/random';
import type { AwsRow } from '../aws/run';

/** Characters of each log (UTF-16 code units of the events' messages). */
const LOG_CHARS = 16 * 1024 * 1024;
/** Events per append, as a GetLogEvents page of 10,000 events arrives. */
const PAGE = 10_000;
/** Heap an open log may hold: the model's 16 Mi-character cap is 32 MB of text, plus lines and spans. */
const MEMORY_CAP_MB = 96;
const MAX_RATIO = 2;
/** Decoration passes, spread through the document, 60 lines each (a window). */
const PASSES = 40;

const E = '\x1b';
const WORDS = ['compile', 'bundle', 'lint', 'test', 'package', 'upload', 'resolve', 'fetch'];

/** A CodeBuild-like log: phases, commands, coloured test output, warnings, long-ish tool lines. */
function normalLog(): LogEvent[] {
  const random = seeded(20261202);
  const events: LogEvent[] = [];
  const phases = ['INSTALL', 'PRE_BUILD', 'BUILD', 'POST_BUILD'];
  let chars = 0;
  for (let i = 0; chars < LOG_CHARS; i++) {
    const w = WORDS[Math.floor(random() * WORDS.length)];
    const r = random();
    let line: string;
    if (i % 50_000 === 0)
      line = `[Container] 2026/12/02 01:02:03.000000 Entering phase ${phases[(i / 50_000) % 4]}`;
    else if (r < 0.05)
      line = `[Container] 2026/12/02 01:02:03.${String(i % 1e6).padStart(6, '0')} Running command npm run ${w}`;
    else if (r < 0.35)
      line = `${E}[32m  ✓${E}[39m ${w} src/module-${i % 977}.ts renders the ${w} page and keeps its state (${Math.floor(random() * 900)} ms)`;
    else if (r < 0.45)
      line = `${E}[33mwarning${E}[39m src/file-${i % 311}.ts:${1 + (i % 120)}:${1 + (i % 40)} unused variable 'x${i}' ${E}[90m@typescript-eslint/no-unused-vars${E}[39m`;
    else if (r < 0.5)
      line = `src/components/view-${i % 97}.tsx(${1 + (i % 300)},${1 + (i % 80)}): error TS2322: Type 'string' is not assignable to type 'number'.`;
    else
      line = `  ${w}ing chunk ${i}: ${'·'.repeat(Math.floor(random() * 60))} assets/chunk-${i % 4099}.js ${Math.floor(random() * 1e5)} bytes, gzip ${Math.floor(random() * 3e4)} bytes`;
    events.push({ timestamp: 1_764_637_323_000 + i, message: `${line}\n` });
    chars += line.length + 1;
  }
  return events;
}

/** Every hostile class of the fuzzer in turn (with a few ordinary lines between), to the same size. */
function hostileLog(only?: string, size = LOG_CHARS): LogEvent[] {
  const rng = new Rng(20261202, 7);
  const events: LogEvent[] = [];
  let chars = 0;
  for (let i = 0; chars < size; i++) {
    const cls = only ?? (i % 4 === 3 ? 'ordinary' : CLASS_NAMES[i % CLASS_NAMES.length]);
    const line = CLASSES[cls](rng).replace(/\n/g, '');
    events.push({ timestamp: 1_764_637_323_000 + i, message: `${line}\n` });
    chars += line.length + 1;
  }
  return events;
}

interface Opened {
  wallMs: number;
  cpuMs: number;
  heapMb: number;
  lines: number;
  chars: number;
  links: number;
  ranges: number;
  types: number;
}

/** Opens a log as the tab does; returns its figures, with the heap it holds once open. */
function open(events: readonly LogEvent[], gc: () => void): Opened {
  gc();
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const model = new LogModel();
  for (let i = 0; i < events.length; i += PAGE) model.append(events.slice(i, i + PAGE));
  const text = model.text();
  const state: LinkState = {};
  let links = 0;
  for (let abs = model.firstLine; abs < model.totalLines; abs++) {
    const line = model.line(abs)!.text;
    // providers.ts leaves lines over 4,000 characters out of its scan.
    if (line.length <= 4000) links += findPathRefs(line, state, model.structure.sourceDir).length;
  }
  const palette = new Palette();
  let ranges = 0;
  const docLines = model.size + (model.hasHeader ? 1 : 0);
  for (let p = 0; p < PASSES; p++) {
    const start = Math.floor((p / PASSES) * docLines);
    ranges += planPass(model, [{ start, end: start + 60 }], docLines, palette).ranges;
  }
  const used = process.cpuUsage(cpu);
  const wallMs = performance.now() - wall;
  gc();
  gc();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  const opened: Opened = {
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    heapMb,
    lines: model.size,
    chars: text.length,
    links,
    ranges,
    types: palette.typeCount,
  };
  // Keep the model alive until the heap was read.
  if (model.totalLines < 0) console.log(text.length);
  return opened;
}

const mb = (n: number) => (n / 1024 / 1024).toFixed(1);

export function runHostileLogBench(): AwsRow[] {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const normal = normalLog();
  const hostile = hostileLog();
  const size = (events: readonly LogEvent[]) => events.reduce((n, e) => n + e.message.length, 0);
  const runs: { normal: Opened[]; hostile: Opened[] } = { normal: [], hostile: [] };
  for (let round = 0; round < 2; round++) {
    runs.normal.push(open(normal, gc));
    runs.hostile.push(open(hostile, gc));
  }
  const best = (rs: Opened[]) => rs.reduce((a, b) => (b.cpuMs < a.cpuMs ? b : a));
  const n = best(runs.normal);
  const h = best(runs.hostile);
  const cpuRatio = h.cpuMs / n.cpuMs;
  const wallRatio =
    Math.min(...runs.hostile.map((r) => r.wallMs)) / Math.min(...runs.normal.map((r) => r.wallMs));
  const heapMax = Math.max(...runs.hostile.map((r) => r.heapMb), ...runs.normal.map((r) => r.heapMb));
  const describe = (o: Opened, events: readonly LogEvent[]) =>
    `${mb(size(events))} M chars in ${events.length.toLocaleString('en-US')} events; holds ${o.lines.toLocaleString('en-US')} lines, ${mb(o.chars)} M chars; ${o.links} links, ${o.ranges} ranges, ${o.types} decoration types`;
  // Each class alone, 2 MB of it, against 2 MB of the normal log: the cost per character an attacker
  // gets by choosing the most expensive class.
  const sample = 2 * 1024 * 1024;
  const normalSample = normal.slice(0, Math.round((normal.length * sample) / LOG_CHARS));
  const perChar = (events: readonly LogEvent[]) =>
    Math.min(open(events, gc).cpuMs, open(events, gc).cpuMs) / size(events);
  const base = perChar(normalSample);
  const classes = CLASS_NAMES.filter((c) => c !== 'ordinary').map((c) => ({
    name: c,
    ratio: perChar(hostileLog(c, sample)) / base,
  }));
  classes.sort((a, b) => b.ratio - a.ratio);
  const rows: AwsRow[] = [
    {
      metric: 'open a normal 16 MB log: model + text + links + decoration passes (CPU)',
      value: n.cpuMs,
      unit: 'ms',
      calls: `wall ${n.wallMs.toFixed(0)} ms; ${describe(n, normal)}`,
    },
    {
      metric: `open an adversarial 16 MB log, same pipeline (CPU; ${cpuRatio.toFixed(2)}x the normal one)`,
      value: h.cpuMs,
      unit: 'ms',
      calls: `wall ${h.wallMs.toFixed(0)} ms (${wallRatio.toFixed(2)}x); ${describe(h, hostile)}`,
      target: `≤ ${MAX_RATIO}x normal`,
      pass: cpuRatio <= MAX_RATIO,
    },
    {
      metric: 'heap held by the open normal log',
      value: n.heapMb,
      unit: 'MB',
      calls: `runs ${runs.normal.map((r) => r.heapMb.toFixed(1)).join(', ')} MB`,
      target: `< ${MEMORY_CAP_MB} MB`,
      pass: Math.max(...runs.normal.map((r) => r.heapMb)) < MEMORY_CAP_MB,
    },
    {
      metric: 'heap held by the open adversarial log',
      value: h.heapMb,
      unit: 'MB',
      calls: `runs ${runs.hostile.map((r) => r.heapMb.toFixed(1)).join(', ')} MB; decoration types ≤ ${MAX_DECORATION_TYPES}`,
      target: `< ${MEMORY_CAP_MB} MB`,
      pass: heapMax < MEMORY_CAP_MB,
    },
    {
      metric: `  the most expensive class alone, per character: ${classes[0].name} (x the normal log)`,
      value: classes[0].ratio,
      unit: 'x',
      calls: classes
        .slice(1)
        .map((c) => `${c.name} ${c.ratio.toFixed(1)}x`)
        .join(', '),
    },
  ];
  return rows;
}
