// The buildspec/appspec rules the snippet tests hold expanded snippets to, taken from
// docs BUILDSPEC_REFERENCE.md and APPSPEC_REFERENCE.md. Deliberately small: structure, required
// keys and enum values, so that every tab stop default and every choice yields a valid file.

/** Fails the check; `never` so that callers can narrow after it. */
export type Fail = (message: string) => never;
export type Check = (doc: Record<string, unknown>, fail: Fail) => void;

type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);
const text = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

function keysIn(v: Obj, allowed: string[], where: string, fail: Fail): void {
  for (const k of Object.keys(v)) if (!allowed.includes(k)) fail(`unknown key ${where}.${k}`);
}

const PHASES = ['install', 'pre_build', 'build', 'post_build'];
const RUNTIMES = ['android', 'docker', 'dotnet', 'golang', 'java', 'nodejs', 'php', 'python', 'ruby', 'rust'];
const TEST_FORMATS = ['CUCUMBERJSON', 'JUNITXML', 'NUNITXML', 'NUNIT3XML', 'TESTNGXML', 'VISUALSTUDIOTRX'];
const FORMATS = [...TEST_FORMATS, 'CLOVERXML', 'COBERTURAXML', 'JACOCOXML', 'SIMPLECOV'];
const COMPUTE = /^BUILD_GENERAL1_(SMALL|MEDIUM|LARGE|XLARGE|2XLARGE)$/;
const YES_NO = ['yes', 'no', 'true', 'false'];

/** Buildspec version 0.2 rules. */
export function checkBuildspec(doc: Obj, fail: Fail): void {
  keysIn(
    doc,
    ['version', 'run-as', 'env', 'proxy', 'batch', 'phases', 'reports', 'artifacts', 'cache'],
    '',
    fail,
  );
  if (doc.version !== 0.2) fail(`version is ${text(doc.version)}, want 0.2`);
  if (!isObj(doc.phases)) fail('phases missing');
  for (const [name, phase] of Object.entries(doc.phases)) {
    if (!PHASES.includes(name)) fail(`unknown phase ${name}`);
    if (!isObj(phase)) fail(`phase ${name} is not a mapping`);
    keysIn(phase, ['run-as', 'on-failure', 'runtime-versions', 'commands', 'finally'], name, fail);
    if (phase['on-failure'] !== undefined && !/^(ABORT|CONTINUE|RETRY.*)$/.test(text(phase['on-failure']))) {
      fail(`${name}.on-failure: ${text(phase['on-failure'])}`);
    }
    if (phase['runtime-versions'] !== undefined) {
      if (name !== 'install') fail(`runtime-versions in ${name}`);
      if (!isObj(phase['runtime-versions'])) fail('runtime-versions is not a mapping');
      keysIn(phase['runtime-versions'], RUNTIMES, 'runtime-versions', fail);
    }
    for (const key of ['commands', 'finally']) {
      const commands = phase[key];
      if (commands === undefined) continue;
      if (!Array.isArray(commands) || commands.some((c) => typeof c !== 'string' || !c.trim())) {
        fail(`${name}.${key} must be a list of commands`);
      }
    }
  }
  checkEnv(doc.env, fail);
  for (const [group, report] of Object.entries(obj(doc.reports))) {
    if (!isObj(report) || !Array.isArray(report.files)) fail(`reports.${group}.files missing`);
    keysIn(report, ['files', 'base-directory', 'discard-paths', 'file-format'], `reports.${group}`, fail);
    const format = report['file-format'];
    if (format !== undefined && !FORMATS.includes(text(format).toUpperCase()))
      fail(`file-format ${text(format)}`);
    const discard = report['discard-paths'];
    if (discard !== undefined && !YES_NO.includes(text(discard))) fail('reports discard-paths');
  }
  if (doc.artifacts !== undefined && !Array.isArray(obj(doc.artifacts).files))
    fail('artifacts.files missing');
  if (doc.cache !== undefined) {
    if (!Array.isArray(obj(doc.cache).paths)) fail('cache.paths missing');
    keysIn(obj(doc.cache), ['paths', 'key', 'fallback-keys', 'action'], 'cache', fail);
  }
  if (doc.batch !== undefined) checkBatch(obj(doc.batch), fail);
}

function checkEnv(value: unknown, fail: Fail): void {
  if (value === undefined) return;
  const env = obj(value);
  const keys = [
    'shell',
    'variables',
    'parameter-store',
    'secrets-manager',
    'exported-variables',
    'git-credential-helper',
  ];
  keysIn(env, keys, 'env', fail);
  if (
    env.shell !== undefined &&
    !['bash', '/bin/sh', 'powershell.exe', 'cmd.exe'].includes(text(env.shell))
  ) {
    fail(`env.shell ${text(env.shell)}`);
  }
  for (const k of ['variables', 'parameter-store', 'secrets-manager']) {
    if (env[k] === undefined) continue;
    if (!isObj(env[k])) fail(`env.${k} is not a mapping`);
    for (const [name, v] of Object.entries(env[k])) {
      if (name.startsWith('CODEBUILD_') || typeof v !== 'string') fail(`env.${k}.${name}`);
    }
  }
}

function checkBatch(batch: Obj, fail: Fail): void {
  keysIn(batch, ['fast-fail', 'build-list', 'build-graph', 'build-matrix', 'build-fanout'], 'batch', fail);
  const checkTaskEnv = (value: unknown, where: string) => {
    if (value === undefined) return;
    if (!isObj(value)) fail(`${where}.env is not a mapping`);
    keysIn(value, ['compute-type', 'image', 'privileged-mode', 'type', 'variables'], `${where}.env`, fail);
    for (const c of [value['compute-type']].flat())
      if (c !== undefined && !COMPUTE.test(text(c))) fail(`compute-type ${text(c)}`);
  };
  const tasks = list(batch['build-graph'] ?? batch['build-list']);
  const ids = tasks.map((t) => obj(t).identifier);
  tasks.forEach((task, i) => {
    if (!isObj(task) || typeof task.identifier !== 'string') fail(`task ${i} has no identifier`);
    keysIn(
      task,
      ['identifier', 'buildspec', 'debug-session', 'depend-on', 'env', 'ignore-failure'],
      task.identifier,
      fail,
    );
    for (const dep of list(task['depend-on'])) if (!ids.includes(dep)) fail(`depend-on unknown ${text(dep)}`);
    checkTaskEnv(task.env, task.identifier);
  });
  if (batch['build-matrix'] !== undefined) {
    const matrix = obj(batch['build-matrix']);
    keysIn(matrix, ['static', 'dynamic'], 'build-matrix', fail);
    checkTaskEnv(obj(matrix.static).env, 'static');
    checkTaskEnv(obj(matrix.dynamic).env, 'dynamic');
  }
}

const EC2_HOOKS = [
  'ApplicationStop',
  'BeforeInstall',
  'AfterInstall',
  'ApplicationStart',
  'ValidateService',
].concat(['BeforeBlockTraffic', 'AfterBlockTraffic', 'BeforeAllowTraffic', 'AfterAllowTraffic']);
const ECS_HOOKS = [
  'BeforeInstall',
  'AfterInstall',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AfterAllowTraffic',
];
const LAMBDA_HOOKS = ['BeforeAllowTraffic', 'AfterAllowTraffic'];

/** AppSpec rules for EC2/on-premises, ECS and Lambda files. */
export function checkAppspec(doc: Obj, fail: Fail): void {
  if (doc.version !== 0) fail(`version is ${text(doc.version)}, want 0.0`);
  if (doc.os !== undefined) return checkEc2(doc, fail);
  keysIn(doc, ['version', 'Resources', 'Hooks'], '', fail);
  const resources = list(doc.Resources);
  if (resources.length !== 1) fail('Resources must hold one resource');
  const resource = obj(Object.values(obj(resources[0]))[0]);
  const props = obj(resource.Properties);
  let hooks: string[] = [];
  if (resource.Type === 'AWS::ECS::Service') {
    const lb = obj(props.LoadBalancerInfo);
    if (!props.TaskDefinition || typeof lb.ContainerName !== 'string') fail('ECS properties');
    if (typeof lb.ContainerPort !== 'number') fail('ContainerPort must be a number');
    const net = obj(obj(props.NetworkConfiguration).AwsvpcConfiguration);
    const complete =
      net.Subnets && net.SecurityGroups && ['ENABLED', 'DISABLED'].includes(text(net.AssignPublicIp));
    if (Object.keys(net).length > 0 && !complete) fail('network configuration is partial');
    hooks = ECS_HOOKS;
  } else if (resource.Type === 'AWS::Lambda::Function') {
    for (const k of ['Name', 'Alias', 'CurrentVersion', 'TargetVersion'])
      if (typeof props[k] !== 'string') fail(`Lambda ${k}`);
    hooks = LAMBDA_HOOKS;
  } else {
    fail(`resource type ${text(resource.Type)}`);
  }
  for (const hook of list(doc.Hooks)) {
    const [event, fn] = Object.entries(obj(hook))[0] ?? [];
    if (!event || !hooks.includes(event) || typeof fn !== 'string') fail(`hook ${event ?? '(empty)'}`);
  }
}

function checkEc2(doc: Obj, fail: Fail): void {
  keysIn(doc, ['version', 'os', 'files', 'permissions', 'hooks', 'file_exists_behavior'], '', fail);
  if (!['linux', 'windows'].includes(text(doc.os))) fail(`os ${text(doc.os)}`);
  for (const f of list(doc.files)) if (!obj(f).source || !obj(f).destination) fail('files entry incomplete');
  const behavior = doc.file_exists_behavior;
  if (behavior !== undefined && !['DISALLOW', 'OVERWRITE', 'RETAIN'].includes(text(behavior))) {
    fail(`file_exists_behavior ${text(behavior)}`);
  }
  if (doc.permissions !== undefined && doc.os === 'windows') fail('permissions on windows');
  for (const p of list(doc.permissions).map(obj)) {
    if (!p.object) fail('permissions entry without object');
    if (p.mode !== undefined && !/^[0-7]{1,4}$/.test(text(p.mode))) fail(`mode ${text(p.mode)}`);
    for (const t of list(p.type)) if (!['file', 'directory'].includes(text(t))) fail(`type ${text(t)}`);
  }
  for (const [event, scripts] of Object.entries(obj(doc.hooks))) {
    if (!EC2_HOOKS.includes(event)) fail(`hook ${event}`);
    const entries = list(scripts).map(obj);
    const total = entries.reduce((sum, s) => sum + Number(s.timeout ?? 3600), 0);
    if (total > 3600) fail(`hook ${event}: timeouts add up to more than 3600 s`);
    if (entries.some((s) => !s.location || (s.runas && doc.os === 'windows'))) fail(`hook ${event} scripts`);
  }
}
