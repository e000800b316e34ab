/**
 * Hostile build-log lines for the log-pipeline fuzzer, by class, from a seeded generator. Each class is
 * something a build can print on purpose or by accident; ordinary lines are mixed in so the stateful
 * readers (SGR carried across lines, ESLint blocks, phases) see hostile input in realistic context.
 */
import { seeded } from '../support/random';

export class Rng {
  private readonly next: () => number;
  constructor(seed: number, stream: number) {
    this.next = seeded((seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0);
  }
  float(): number {
    return this.next();
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  /** A length: mostly small, sometimes up to `max`. */
  size(max: number): number {
    const r = this.float();
    return r < 0.6 ? this.int(80) : r < 0.9 ? this.int(4000) : this.int(max);
  }
}

const E = '\x1b';
const HUGE = ['100000000', '99999999999999999999', '4294967296', '0', '', '-1', '65536'];
const INVISIBLE = [
  '\u202e',
  '\u202a',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200b',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u061c',
  '\ufeff',
  '\u00ad',
  '\u2028',
  '\u2029',
  '\u{e0041}',
  '\u{e0100}',
  '\u3164',
];
const ORDINARY = [
  '> app@1.0.0 build',
  `${E}[32m  ✔${E}[0m ${E}[90mrenders the page${E}[0m ${E}[33m(12ms)${E}[0m`,
  'src/a.ts(12,5): error TS2322: Type string is not assignable to type number.',
  '/codebuild/output/src1/src/github.com/acme/web/app/server.mjs',
  "  12:9  error  'port' is assigned a value but never used  no-unused-vars",
  '',
  'main.c:3:10: error: expected ;',
  'Traceback (most recent call last):',
  '  File "/codebuild/output/src1/src/app/main.py", line 10, in <module>',
  'ValueError: bad',
  '    at Object.<anonymous> (/codebuild/output/src1/src/app/x.test.js:10:3)',
  '[ERROR] /codebuild/output/src1/src/App.java:[12,5] cannot find symbol',
];
const PHASES = [
  'DOWNLOAD_SOURCE',
  'INSTALL',
  'PRE_BUILD',
  'BUILD',
  'POST_BUILD',
  'UPLOAD_ARTIFACTS',
  'FINALIZING',
];

function repeat(rng: Rng, unit: string, max: number): string {
  return unit.repeat(Math.max(1, Math.floor(rng.size(max) / Math.max(1, unit.length))));
}

function container(rng: Rng, msg: string): string {
  const d = (n: number) => String(rng.int(n)).padStart(2, '0');
  return `[Container] 20${d(99)}/${d(13)}/${d(32)} ${d(24)}:${d(60)}:${d(60)}.${String(rng.int(1e6)).padStart(6, '0')} ${msg}`;
}

/** Line makers by class; each returns one raw line (it may hold `\r` but never `\n`). */
export const CLASSES: Record<string, (rng: Rng) => string> = {
  'huge escape parameters': (rng) =>
    `a${E}[${rng.pick(HUGE)}${rng.pick(['G', 'C', 'D', 'K', 'H', 'J', 'X', '@', 'P', 'A', 'B', 'd', 'f'])}b`,
  'SGR bombs': (rng) =>
    `${E}[${repeat(rng, rng.pick(['1;', '38;5;', '38;2;1;2;', '48;2;', ';', ':', '999999;']), 60_000)}m${rng.pick(['x', '', 'red'])}`,
  'OSC without terminator': (rng) =>
    `${rng.pick(['', 'ok '])}${E}${rng.pick([']0;', ']8;;http://x/', 'P', '_', '^'])}${repeat(rng, rng.pick(['x', 'ab', E, `${E}]`]), 20_000)}`,
  'long lines': (rng) => repeat(rng, rng.pick(['x', '·', 'a.', '/a', '  ', '\t', '漢']), 60_000),
  'crafted link and problem lines': (rng) =>
    rng.pick([
      () =>
        repeat(
          rng,
          rng.pick(['a', 'a.', 'a/b.', 'a.ts:', 'a.b(', 'a.ts:1:', '(a.b', 'File "a.py", line ']),
          40_000,
        ),
      () => `  1:1  error  m${' '.repeat(rng.size(40_000))}x!`,
      () => `    at ${repeat(rng, '(a.b:1:2 ', 40_000)}`,
      () => `${repeat(rng, 'a.a', 40_000)}(1,2): error TS1: x`,
      () => `[ERROR] ${repeat(rng, 'a.', 40_000)}:[1,`,
      () => `error[E1]: ${repeat(rng, 'x', 40_000)}`,
      () => `${repeat(rng, 'Error', 40_000)}: x`,
      () => `  --> ${repeat(rng, 'a.rs:', 40_000)}`,
    ])(),
  'many colours': (rng) =>
    Array.from(
      { length: 1 + rng.int(rng.float() < 0.8 ? 20 : 3000) },
      () =>
        `${E}[${rng.pick(['38;2', '48;2'])};${rng.int(256)};${rng.int(256)};${rng.int(256)}${rng.pick(['', ';1', ';3;4', ';7', ';9;2'])}m${rng.pick(['x', 'ab', ''])}`,
    ).join(''),
  'fake container lines': (rng) =>
    container(
      rng,
      rng.pick([
        `Entering phase ${rng.pick(PHASES)}`,
        `Phase is ${rng.pick(PHASES)}`,
        `Phase complete: ${rng.pick(PHASES)} State: ${rng.pick(['SUCCEEDED', 'FAILED', 'FAULT'])}`,
        `Phase context status code: ${rng.pick(['', 'X'])} Message: ${rng.pick(['', 'y'])}`,
        `Running command ${repeat(rng, 'x', 20_000)}`,
        `Command did not exit successfully ${repeat(rng, ' exit status 1', 20_000)} exit status 2`,
        `CODEBUILD_SRC_DIR=/evil/${rng.int(9)}`,
        `Entering phase ${repeat(rng, 'A_', 5000)}`,
      ]),
    ),
  'bidi and invisible characters': (rng) =>
    Array.from(
      { length: 1 + rng.int(200) },
      () => `${rng.pick(INVISIBLE)}${rng.pick(['a', 'src/a.ts:1', `${E}[31m`, ' '])}`,
    ).join(''),
  'random bytes': (rng) =>
    String.fromCharCode(
      ...Array.from({ length: rng.size(8000) }, () =>
        rng.float() < 0.5 ? rng.int(0x100) : rng.int(0x10000),
      ),
    ).replace(/\n/g, ''),
  'CR and erase sequences': (rng) =>
    Array.from({ length: 1 + rng.int(300) }, () =>
      rng.pick([
        '\r',
        `${E}[K`,
        `${E}[1K`,
        `${E}[2K`,
        '\b',
        `${E}[5D`,
        `${E}[3C`,
        `${E}[31mx`,
        'progress 50%',
        `${E}[${rng.int(30_000)}G#`,
      ]),
    ).join(''),
  ordinary: (rng) => rng.pick(ORDINARY),
};

export const CLASS_NAMES = Object.keys(CLASSES);

/** One case: a log's worth of CloudWatch events, mostly one class of hostile line among ordinary ones. */
export function makeCase(
  seed: number,
  index: number,
): { focus: string; events: { timestamp: number; message: string }[] } {
  const rng = new Rng(seed, index);
  const focus = CLASS_NAMES[index % CLASS_NAMES.length];
  const lines: string[] = [];
  const count = 1 + rng.int(rng.float() < 0.9 ? 60 : 600);
  for (let i = 0; i < count; i++) {
    const r = rng.float();
    const cls = r < 0.5 ? focus : r < 0.8 ? 'ordinary' : rng.pick(CLASS_NAMES);
    lines.push(CLASSES[cls](rng));
  }
  // CloudWatch events: one line each mostly, sometimes several in one message, sometimes without the final newline.
  const events: { timestamp: number; message: string }[] = [];
  for (let i = 0; i < lines.length;) {
    const take = rng.float() < 0.8 ? 1 : 1 + rng.int(5);
    const msg = lines.slice(i, i + take).join('\n');
    events.push({ timestamp: 1_700_000_000_000 + i, message: rng.float() < 0.9 ? `${msg}\n` : msg });
    i += take;
  }
  return { focus, events };
}
