import { seeded as random } from '../test/support/random';
/**
 * Generates a large, realistic buildspec from a seed, and remembers where the interesting places are so
 * the benchmark can ask for completion and hover there and edit there.
 */

/** A zero-based line and the columns of a scalar value on it. */
export interface ValueSite {
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

export interface GeneratedBuildspec {
  readonly text: string;
  readonly lineCount: number;
  /** Lines holding a phase key (`  build:`), whose children are indented by 4. */
  readonly phaseKeys: readonly number[];
  /** Lines holding `- identifier: task_NNN`, whose siblings are indented by 6. */
  readonly taskIds: readonly number[];
  /** Values of `on-failure:`. */
  readonly onFailure: readonly ValueSite[];
  /** Values under `runtime-versions`. */
  readonly runtimes: readonly ValueSite[];
  /** Values of batch task `compute-type:`. */
  readonly computeTypes: readonly ValueSite[];
  /** Values of report `file-format:`. */
  readonly fileFormats: readonly ValueSite[];
  /** Single-line commands (`- echo ...`); the site is the whole command text. */
  readonly commands: readonly ValueSite[];
  /** Batch task `ignore-failure` keys: the site spans the key. */
  readonly taskKeys: readonly ValueSite[];
  /** Keys worth hovering: the site spans the key. */
  readonly hoverKeys: readonly ValueSite[];
  /** Where the benchmark types: inserting `text` at the site makes a finding on its line. */
  readonly edits: readonly EditPlace[];
}

/**
 * An edit that makes a finding on its line, for both servers (a type error or a YAML error the schema
 * sees too): `text` replaces `removed` at the place; putting `removed` back undoes it.
 */
export interface EditPlace {
  readonly line: number;
  readonly character: number;
  readonly removed: string;
  readonly text: string;
}

/**
 * What the file is mostly made of. `mixed` has a bit of everything (the figures in the README's table);
 * the others put most of the 2,000 lines in one place, and the edits land there: a long `env` map, one
 * long command list, a batch build graph of many tasks.
 */
export type Shape = 'mixed' | 'env' | 'commands' | 'batch';
export const SHAPES: readonly Shape[] = ['mixed', 'env', 'commands', 'batch'];

interface ShapeParams {
  readonly variables: number;
  readonly tasks: number;
  /** Share of the phases' budget per phase. */
  readonly weights: Readonly<Record<(typeof PHASES)[number], number>>;
}
const PHASES = ['install', 'pre_build', 'build', 'post_build'] as const;
/** How a monorepo's commands spread over the phases; the `commands` shape puts nearly all in `build`. */
const SPREAD = { install: 0.1, pre_build: 0.2, build: 0.45, post_build: 0.25 };
const SHAPE_PARAMS: Readonly<Record<Shape, ShapeParams>> = {
  mixed: { variables: 110, tasks: 60, weights: SPREAD },
  env: { variables: 1500, tasks: 8, weights: SPREAD },
  commands: {
    variables: 40,
    tasks: 4,
    weights: { install: 0.02, pre_build: 0.03, build: 0.9, post_build: 0.05 },
  },
  batch: { variables: 40, tasks: 110, weights: SPREAD },
};

const pad = (n: number) => String(n).padStart(3, '0');

const TOOLS = ['npm', 'pip', 'mvn', 'gradle', 'go', 'cargo', 'docker', 'aws', 'make', 'terraform'];
const VERBS = ['install', 'test', 'build', 'lint', 'package', 'verify', 'publish', 'deploy', 'scan', 'sync'];
const COMPUTE = ['BUILD_GENERAL1_SMALL', 'BUILD_GENERAL1_MEDIUM', 'BUILD_GENERAL1_LARGE'];
const FORMATS = ['JUNITXML', 'CUCUMBERJSON', 'NUNITXML', 'TESTNGXML', 'COBERTURAXML', 'JACOCOXML'];
const ON_FAILURE = ['ABORT', 'CONTINUE', 'ABORT', 'CONTINUE'];
const RUNTIMES: ReadonlyArray<readonly [string, string]> = [
  ['nodejs', '20'],
  ['python', '"3.12"'],
  ['java', 'corretto17'],
  ['golang', '"1.22"'],
  ['ruby', '"3.3"'],
  ['php', '"8.3"'],
  ['dotnet', '"8.0"'],
];

/** A buildspec of about `targetLines` lines; the same seed gives the same text. */
export function generateBuildspec(seed = 1, targetLines = 2000, shape: Shape = 'mixed'): GeneratedBuildspec {
  const params = SHAPE_PARAMS[shape];
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const lines: string[] = [];
  const phaseKeys: number[] = [];
  const taskIds: number[] = [];
  const onFailure: ValueSite[] = [];
  const runtimes: ValueSite[] = [];
  const computeTypes: ValueSite[] = [];
  const fileFormats: ValueSite[] = [];
  const commands: ValueSite[] = [];
  const taskKeys: ValueSite[] = [];
  const hoverKeys: ValueSite[] = [];

  const emit = (s: string) => lines.push(s);
  /** Emits `<indent><key>: <value>` and returns the value's site. */
  const keyValue = (indent: number, key: string, value: string, hover = false): ValueSite => {
    const line = lines.length;
    const start = indent + key.length + 2;
    emit(`${' '.repeat(indent)}${key}: ${value}`);
    if (hover) hoverKeys.push({ line, start: indent, end: indent + key.length });
    return { line, start, end: start + value.length };
  };
  const key = (indent: number, name: string, hover = false): number => {
    const line = lines.length;
    emit(`${' '.repeat(indent)}${name}:`);
    if (hover) hoverKeys.push({ line, start: indent, end: indent + name.length });
    return line;
  };
  /** Lines of the part the shape is made of, with where a value starts on them. */
  const bulk: ValueSite[] = [];
  const variables = Array.from({ length: params.variables }, (_, i) => `APP_VAR_${pad(i)}`);
  const command = (indent: number): void => {
    const v = pick(variables);
    const text = `${pick(TOOLS)} ${pick(VERBS)} --target "$${v}" --region "$AWS_DEFAULT_REGION" --out build/${pad(Math.floor(rnd() * 999))}`;
    const line = lines.length;
    emit(`${' '.repeat(indent)}- ${text}`);
    commands.push({ line, start: indent + 2, end: indent + 2 + text.length });
  };
  const blockScalar = (indent: number): void => {
    emit(`${' '.repeat(indent)}- |`);
    const inner = ' '.repeat(indent + 4);
    emit(`${inner}if [ "$CODEBUILD_BUILD_SUCCEEDING" = "1" ]; then`);
    const n = 3 + Math.floor(rnd() * 6);
    for (let i = 0; i < n; i++)
      emit(`${inner}  ${pick(TOOLS)} ${pick(VERBS)} --stage ${i} --ref "$CODEBUILD_RESOLVED_SOURCE_VERSION"`);
    emit(`${inner}else`);
    emit(`${inner}  echo "previous step failed in $CODEBUILD_BUILD_ID"`);
    emit(`${inner}fi`);
  };

  emit('# Generated by bench/generate.ts: a large monorepo buildspec with a batch build graph.');
  keyValue(0, 'version', '0.2', true);
  emit('');
  key(0, 'env', true);
  keyValue(2, 'shell', 'bash', true);
  key(2, 'variables', true);
  for (const v of variables) bulk.push(keyValue(4, v, `"${pick(VERBS)}-${pad(Math.floor(rnd() * 999))}"`));
  key(2, 'parameter-store', true);
  for (let i = 0; i < 25; i++) keyValue(4, `PARAM_${pad(i)}`, `/ci/monorepo/param-${pad(i)}`);
  key(2, 'secrets-manager', true);
  for (let i = 0; i < 15; i++) keyValue(4, `SECRET_${pad(i)}`, `ci/monorepo/secret-${pad(i)}:token`);
  key(2, 'exported-variables', true);
  for (let i = 0; i < 20; i++) emit(`    - ${variables[i]}`);
  keyValue(2, 'git-credential-helper', 'yes', true);
  emit('');

  key(0, 'batch', true);
  keyValue(2, 'fast-fail', 'false', true);
  key(2, 'build-graph', true);
  const taskCount = params.tasks;
  for (let t = 0; t < taskCount; t++) {
    taskIds.push(lines.length);
    const idLine = lines.length;
    emit(`    - identifier: task_${pad(t)}`);
    if (t % 10 === 0) hoverKeys.push({ line: idLine, start: 6, end: 16 });
    if (t > 0) {
      key(6, 'depend-on', t % 10 === 1);
      const deps = new Set<number>();
      const n = 1 + Math.floor(rnd() * Math.min(3, t));
      while (deps.size < n) deps.add(Math.floor(rnd() * t));
      for (const d of deps) emit(`        - task_${pad(d)}`);
    }
    key(6, 'env', false);
    computeTypes.push(keyValue(8, 'compute-type', pick(COMPUTE), t % 10 === 2));
    keyValue(8, 'privileged-mode', t % 3 === 0 ? 'true' : 'false', t % 10 === 3);
    key(8, 'variables');
    keyValue(10, 'TASK_NAME', `task_${pad(t)}`);
    keyValue(10, 'TEST_SHARD', `"${t % 8}"`);
    const ignore = keyValue(6, 'ignore-failure', t % 7 === 0 ? 'true' : 'false', t % 10 === 4);
    taskKeys.push({ line: ignore.line, start: 6, end: 6 + 'ignore-failure'.length });
  }
  emit('');

  key(0, 'phases', true);
  const phases = PHASES;
  const weights = params.weights;
  // Whatever the fixed sections leave of the target goes to the phases' commands.
  const tail = 5 * 11 + 30 + 10 * 7 + 24 + 12;
  const budget = Math.max(200, targetLines - lines.length - tail);
  for (const phase of phases) {
    phaseKeys.push(key(2, phase, true));
    if (phase === 'install') {
      key(4, 'runtime-versions', true);
      for (const [name, version] of RUNTIMES) {
        const site = keyValue(6, name, version, true);
        runtimes.push(site);
      }
    } else {
      onFailure.push(keyValue(4, 'on-failure', pick(ON_FAILURE), true));
    }
    key(4, 'commands', true);
    const end = lines.length + Math.floor(budget * weights[phase]) - 4;
    while (lines.length < end) {
      if (rnd() < 0.12) blockScalar(6);
      else command(6);
    }
    if (phase !== 'install') {
      key(4, 'finally', true);
      for (let i = 0; i < 3; i++) command(6);
    }
  }
  emit('');

  key(0, 'reports', true);
  // A project takes at most five report groups.
  for (let r = 0; r < 5; r++) {
    key(2, `report-group-${pad(r)}`);
    key(4, 'files', r === 0);
    for (let f = 0; f < 6; f++) emit(`      - "results/${pad(r)}/suite-${pad(f)}/*.xml"`);
    keyValue(4, 'base-directory', `reports/${pad(r)}`, r === 0);
    fileFormats.push(keyValue(4, 'file-format', pick(FORMATS), true));
    keyValue(4, 'discard-paths', r % 2 ? 'yes' : 'no', r === 1);
  }
  emit('');

  key(0, 'artifacts', true);
  key(2, 'files', true);
  for (let i = 0; i < 24; i++) emit(`    - dist/package-${pad(i)}/**/*`);
  keyValue(2, 'name', 'monorepo-$(date +%Y-%m-%d)', true);
  keyValue(2, 'discard-paths', 'no', true);
  keyValue(2, 'base-directory', 'build', true);
  key(2, 'secondary-artifacts', true);
  for (let a = 0; a < 10; a++) {
    key(4, `artifact${pad(a)}`);
    key(6, 'files');
    emit(`        - service-${pad(a)}/**/*`);
    emit(`        - service-${pad(a)}.json`);
    keyValue(6, 'name', `service-${pad(a)}`);
    keyValue(6, 'discard-paths', 'yes');
  }
  emit('');

  key(0, 'cache', true);
  keyValue(2, 'key', 'deps-$(codebuild-hash-files package-lock.json)', true);
  key(2, 'fallback-keys', true);
  emit('    - deps-');
  keyValue(2, 'action', 'restore', true);
  key(2, 'paths', true);
  for (let i = 0; i < 20; i++) emit(`    - /root/.cache/tool-${pad(i)}/**/*`);

  const text = `${lines.join('\n')}\n`;
  const lineText = (n: number) => lines[n];
  const typeAtEnd = (v: ValueSite): EditPlace => ({ line: v.line, character: v.end, removed: '', text: 'X' });
  const mixed = [...onFailure, ...fileFormats].flatMap((v, i) => [
    typeAtEnd(v),
    typeAtEnd(taskKeys[Math.floor((i * taskKeys.length) / (onFailure.length + fileFormats.length))]),
  ]);
  const edits: Record<Shape, EditPlace[]> = {
    mixed,
    // A variable's value written as a list: `["build-001"]`.
    env: bulk.map((v) => {
      const value = lineText(v.line).slice(v.start, v.end);
      return { line: v.line, character: v.start, removed: value, text: `[${value}]` };
    }),
    // A colon after the command's name (`- npm: install …`): YAML reads a mapping, not a command.
    commands: commands.map((c) => ({
      line: c.line,
      character: lineText(c.line).indexOf(' ', c.start),
      removed: '',
      text: ':',
    })),
    batch: taskKeys.map(typeAtEnd),
  };
  return {
    text,
    lineCount: lines.length,
    phaseKeys,
    taskIds,
    onFailure,
    runtimes,
    computeTypes,
    fileFormats,
    commands,
    taskKeys,
    hoverKeys,
    edits: edits[shape],
  };
}
