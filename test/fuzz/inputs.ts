/**
 * Fuzz inputs: a seeded PRNG, the seed files (the shared real-world corpus when present, else a few
 * built-in ones), mutators, and hand-built pathological documents. Case N of seed S is always the same
 * text, however fast the machine is, so a failure can be replayed with FUZZ_SEED and FUZZ_CASE.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ShellSyntaxExpectation } from './protocol';
import { shellCase } from './shell';

export interface FuzzInput {
  /** What produced the text, for the failure message. */
  readonly name: string;
  readonly uri: string;
  readonly text: string;
  /** The text before mutation, whose diagnostics are sent back with code action requests. */
  readonly staleText?: string;
  /** What validate must say about the commands' shell syntax, where the input makes it certain. */
  readonly shellSyntax?: ShellSyntaxExpectation;
}

export interface Seed {
  readonly name: string;
  readonly family: 'buildspec' | 'appspec';
  readonly json: boolean;
  readonly text: string;
}

// ---- PRNG ----

/** sfc32, a small fast generator with a 128-bit state; good enough to pick mutations. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    this.a = 0x9e3779b9;
    this.b = seed >>> 0;
    this.c = (stream * 0x85ebca6b) >>> 0;
    this.d = 1;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

// ---- seeds ----

export const DEFAULT_CORPUS = '/work/shared/corpus';

const BUILT_IN_SEEDS: readonly Seed[] = [
  {
    name: 'builtin/buildspec.yml',
    family: 'buildspec',
    json: false,
    text: [
      'version: 0.2',
      'env:',
      '  variables:',
      '    NODE_ENV: production',
      '  secrets-manager:',
      '    TOKEN: arn:aws:secretsmanager:us-east-1:123456789012:secret:tok:token',
      'phases:',
      '  install:',
      '    runtime-versions:',
      '      nodejs: 20',
      '      python: 3.10',
      '    commands:',
      '      - npm ci',
      '  build:',
      '    commands:',
      '      - |',
      '        echo "building $CODEBUILD_BUILD_ID"',
      '        npm run build',
      '      - echo done: ${CODEBUILD_RESOLVED_SOURCE_VERSION}',
      'artifacts:',
      '  files:',
      "    - '**/*'",
      '  base-directory: dist',
      'cache:',
      '  paths:',
      '    - node_modules/**/*',
      '',
    ].join('\n'),
  },
  {
    name: 'builtin/buildspec-batch.yml',
    family: 'buildspec',
    json: false,
    text: [
      'version: 0.2',
      'batch:',
      '  fast-fail: false',
      '  build-graph:',
      '    - identifier: build1',
      '      buildspec: ci/build1.yml',
      '    - identifier: build2',
      '      depend-on:',
      '        - build1',
      'phases:',
      '  build:',
      '    commands: [make]',
      '',
    ].join('\n'),
  },
  {
    name: 'builtin/appspec.yml',
    family: 'appspec',
    json: false,
    text: [
      'version: 0.0',
      'os: linux',
      'files:',
      '  - source: /',
      '    destination: /var/www/app',
      'permissions:',
      '  - object: /var/www/app',
      '    owner: www-data',
      'hooks:',
      '  BeforeInstall:',
      '    - location: scripts/stop.sh',
      '      timeout: 300',
      '      runas: root',
      '  ApplicationStart:',
      '    - location: scripts/start.sh',
      '',
    ].join('\n'),
  },
  {
    name: 'builtin/appspec-ecs.json',
    family: 'appspec',
    json: true,
    text: JSON.stringify(
      {
        version: 0.0,
        Resources: [
          {
            TargetService: {
              Type: 'AWS::ECS::Service',
              Properties: {
                TaskDefinition: '<TASK_DEFINITION>',
                LoadBalancerInfo: { ContainerName: 'web', ContainerPort: 80 },
              },
            },
          },
        ],
        Hooks: [{ BeforeInstall: 'LambdaFunctionToValidateBeforeInstall' }],
      },
      null,
      2,
    ),
  },
];

/** The corpus files (read now, never copied into the repository), or the built-in seeds without it. */
export function loadSeeds(corpus = process.env.FUZZ_CORPUS ?? DEFAULT_CORPUS): {
  seeds: Seed[];
  source: string;
} {
  const seeds: Seed[] = [];
  for (const family of ['buildspec', 'appspec'] as const) {
    const dir = path.join(corpus, family);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      seeds.push({ name: `${family}/${file}`, family, json: file.endsWith('.json'), text });
    }
  }
  if (seeds.length === 0) return { seeds: [...BUILT_IN_SEEDS], source: 'built-in seeds' };
  return { seeds: [...seeds, ...BUILT_IN_SEEDS], source: `${corpus} (${seeds.length} files)` };
}

export function uriFor(family: 'buildspec' | 'appspec', json = false): string {
  return family === 'buildspec'
    ? 'file:///w/buildspec.yml'
    : json
      ? 'file:///w/appspec.json'
      : 'file:///w/appspec.yml';
}

// ---- mutators ----

const SIGNIFICANT = [...':-|>[]{}&*!#\'"\t\n', ' ', ' ', ',', '?', '%', '@', '`', '\r', '~', '$', '<<'];
const SNIPPETS = [
  '&a ',
  '*a',
  '<<: *a',
  '<<: [*a, *b]',
  '!!binary ',
  '!!set ',
  '!!omap ',
  '!!str ',
  '!!int ',
  '!!float ',
  '!!null ',
  '!!timestamp ',
  '!!python/object:os.system ',
  '!Ref ',
  '!GetAtt x.y ',
  '!<tag:yaml.org,2002:map> ',
  '!e!x ',
  '? ',
  '? [a, b]\n: c\n',
  '---\n',
  '...\n',
  '%YAML 1.2\n---\n',
  '%TAG !e! tag:example.com,2000:\n---\n',
  '\ufeff',
  '\r\n',
  '\r',
  '\0',
  '\u0085',
  '\u2028',
  '\ud800',
  '\udc00',
  '\udbff\udfff',
  '😀',
  '${',
  '${CODEBUILD_BUILD_ID}',
  '$(',
  '{{',
  'version: 0.2\n',
  'version: 0.0\n',
  'phases:\n',
  'hooks:\n',
  'depend-on:\n  - ',
  // Names a plain object answers from its prototype: as keys, runtimes, variables and commands.
  'constructor: ',
  'toString:\n  ',
  '__proto__: ',
  '$hasOwnProperty',
  'valueOf -c ',
  'identifier: ',
  'runtime-versions:\n  ',
  'commands:\n  - ',
  '- |\n  ',
  '- >-\n  ',
  '|+9\n',
  ': |\n',
  '"\\x',
  '"\\u',
  "'",
  '# buildspec-disable-next-line ',
  '# appspec-disable ',
  'arn:aws:secretsmanager:',
  'x'.repeat(5000),
  ' '.repeat(2000),
  '- '.repeat(500),
  '['.repeat(300),
  '{'.repeat(300),
];

type Mutator = (text: string, rng: Rng, seeds: readonly Seed[]) => string;

const lines = (t: string) => t.split('\n');
const at = (t: string, rng: Rng) => rng.int(t.length + 1);
const insert = (t: string, i: number, s: string) => t.slice(0, i) + s + t.slice(i);

const MUTATORS: readonly Mutator[] = [
  // byte flip: a random UTF-16 unit, surrogates and controls included
  (t, rng) => {
    if (!t) return String.fromCharCode(rng.int(0x10000));
    const i = rng.int(t.length);
    const c = rng.chance(0.5)
      ? t.charCodeAt(i) ^ (1 << rng.int(16))
      : rng.chance(0.5)
        ? rng.int(0x80)
        : rng.int(0x10000);
    return t.slice(0, i) + String.fromCharCode(c) + t.slice(i + 1);
  },
  (t, rng) => insert(t, at(t, rng), rng.pick(SIGNIFICANT)),
  (t, rng) => insert(t, at(t, rng), rng.pick(SIGNIFICANT).repeat(1 + rng.int(8))),
  (t, rng) => insert(t, at(t, rng), rng.pick(SNIPPETS)),
  // line deletion, duplication, swap
  (t, rng) => {
    const l = lines(t);
    l.splice(rng.int(l.length), 1 + rng.int(3));
    return l.join('\n');
  },
  (t, rng) => {
    const l = lines(t);
    const i = rng.int(l.length);
    l.splice(i, 0, ...l.slice(i, i + 1 + rng.int(4)));
    return l.join('\n');
  },
  (t, rng) => {
    const l = lines(t);
    const i = rng.int(l.length);
    const j = rng.int(l.length);
    [l[i], l[j]] = [l[j], l[i]];
    return l.join('\n');
  },
  // indentation shift of a run of lines
  (t, rng) => {
    const l = lines(t);
    const i = rng.int(l.length);
    const n = 1 + rng.int(6);
    const by = rng.pick([-4, -2, -1, 1, 2, 3, 4, 8]);
    const pad = rng.chance(0.2) ? '\t' : ' ';
    for (let k = i; k < Math.min(l.length, i + n); k++) {
      l[k] = by > 0 ? pad.repeat(by) + l[k] : l[k].replace(new RegExp(`^ {0,${-by}}`), '');
    }
    return l.join('\n');
  },
  // truncation
  (t, rng) => t.slice(0, at(t, rng)),
  // splice in part of another seed
  (t, rng, seeds) => {
    const other = rng.pick(seeds).text;
    const from = rng.int(other.length + 1);
    return insert(t, at(t, rng), other.slice(from, from + rng.int(400)));
  },
  // line endings
  (t, rng) => (rng.chance(0.5) ? t.replace(/\r?\n/g, '\r\n') : t.replace(/\r?\n/g, '\r')),
  (t) => '\ufeff' + t,
  // repeat a chunk
  (t, rng) => {
    const i = at(t, rng);
    return insert(t, i, t.slice(i, i + rng.int(80)).repeat(2 + rng.int(50)));
  },
];

/** Applies one to eight random mutations. */
export function mutate(text: string, rng: Rng, seeds: readonly Seed[]): string {
  let out = text;
  const n = 1 + Math.min(7, Math.floor(-Math.log(1 - rng.next()) * 1.5));
  for (let k = 0; k < n; k++) out = rng.pick(MUTATORS)(out, rng, seeds);
  return out;
}

/** Case `index` of a seeded run: a shell-aimed mutation, or a mutated seed file, under a buildspec, appspec or appspec.json name. */
export function mutatedCase(seedValue: number, index: number, seeds: readonly Seed[]): FuzzInput {
  const rng = new Rng(seedValue, index + 1);
  // A quarter aim at the shell inside `commands:` (issue 11), which byte-level mutations rarely reach.
  if (rng.chance(0.25)) return shellCase(rng, seeds);
  const seed = rng.pick(seeds);
  const text = mutate(seed.text, rng, seeds);
  // Mostly the seed's own kind; sometimes the other name, to cross the streams.
  const uri = rng.chance(0.85)
    ? uriFor(seed.family, seed.json)
    : rng.pick([uriFor('buildspec'), uriFor('appspec'), uriFor('appspec', true)]);
  return { name: `mutated ${seed.name}`, uri, text, staleText: seed.text };
}
