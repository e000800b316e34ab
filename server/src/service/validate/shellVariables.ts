/**
 * Variables across commands: a `$NAME` that nothing defines (a hint: the project or the image may set
 * it), and an `exported-variables` name that no command sets (a warning: CodeBuild exports it empty).
 */
import { isScalar, type Scalar } from 'yaml';
import type { Reporter } from '../findings';
import { documentRoles } from '../facts/roles';
import { CODEBUILD_VARIABLES } from '../model/environment';
import type { ShellCommands } from '../shell/commands';
import { isSecretName } from './credentials';
import type { AnalysedCommand, CommandInput, VariableFacts } from './shellFacts';
import { docSpan } from '../shell/source';
import { invocation, argsOf } from '../shell/words';
import { fileVariableNames } from '../facts/variables';
import { own } from '../own';

/** Set by the shell, the OS or every CodeBuild image: never worth a hint. */
const AMBIENT = new Set(
  (
    'HOME PATH PWD OLDPWD USER LOGNAME SHELL HOSTNAME TERM LANG LANGUAGE LC_ALL TMPDIR TZ IFS RANDOM SECONDS ' +
    'LINENO UID EUID GROUPS PPID BASHPID BASH BASH_SOURCE BASH_VERSION BASH_REMATCH BASH_LINENO PIPESTATUS ' +
    'FUNCNAME OSTYPE HOSTTYPE MACHTYPE OPTARG OPTIND REPLY SHLVL PS1 PS4 EDITOR CI DEBIAN_FRONTEND ' +
    'JAVA_HOME GOPATH GOROOT GOBIN ANDROID_HOME ANDROID_SDK_ROOT DOTNET_ROOT MAVEN_HOME GRADLE_HOME ' +
    'PYENV_ROOT NVM_DIR RBENV_ROOT SDKMAN_DIR PHP_INI_DIR DOCKER_HOST DOCKER_CONFIG ' +
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI AWS_EXECUTION_ENV AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY ' +
    'AWS_SESSION_TOKEN AWS_PROFILE'
  ).split(' '),
);
/** Commands that can define any variable the checks cannot see. */
const OPAQUE = new Set(['source', '.', 'eval']);
/** `${NAME:-default}` and kin: the author expects NAME may be unset. */
const WITH_DEFAULT = /^\$\{[A-Za-z_]\w*:?[-=+?]/;
const IDENTIFIER = /^[A-Za-z_]\w*$/;

const NAMES_AS_WORDS = new Set([
  'read',
  'getopts',
  'mapfile',
  'readarray',
  'printf',
  'export',
  'declare',
  'typeset',
  'local',
]);
const NO_FACTS: VariableFacts = { defined: [], opaque: false, uses: [], secretNamed: false };

export function variableFactsOf(c: CommandInput): VariableFacts {
  if (!c.parse.ok) return NO_FACTS;
  const tree = c.parse.tree;
  const defined = new Set<string>(tree.loopVars);
  let opaque = false;
  let secretNamed = false;
  const uses: { name: string; start: number; end: number }[] = [];
  for (const s of tree.commands) {
    s.assigns.forEach((a) => defined.add(a.name));
    if (
      s.assigns.some((a) => isSecretName(a.name)) ||
      s.args.some((w) => w.vars.some((v) => isSecretName(v.name)))
    )
      secretNamed = true;
    const inv = invocation(s);
    if (inv) {
      if (OPAQUE.has(inv.name) || inv.name === '') opaque = true;
      // `read A B`, `getopts opts NAME`, `mapfile NAME`, `printf -v NAME`, `export NAME`: names as words.
      if (NAMES_AS_WORDS.has(inv.name))
        for (const w of argsOf(s, inv)) if (w.literal && IDENTIFIER.test(w.literal)) defined.add(w.literal);
    }
    const words = [...s.args, ...s.assigns.flatMap((a) => (a.value ? [a.value] : []))];
    for (const w of words) {
      for (const v of w.vars) {
        const name = v.name;
        if (!IDENTIFIER.test(name) || AMBIENT.has(name) || name.startsWith('CODEBUILD_')) continue;
        if (WITH_DEFAULT.test(c.source.script.slice(v.start, v.end))) continue;
        const [start, end] = docSpan(c.source, v.start, v.end);
        uses.push({ name, start, end });
      }
    }
  }
  return { defined: [...defined], opaque, uses, secretNamed };
}

export function checkShellVariables(
  r: Reporter,
  shell: ShellCommands,
  commands: readonly AnalysedCommand[],
): void {
  if (shell.family !== 'posix' || commands.some((c) => !c.analysis.parsed)) return;
  const defined = new Set<string>();
  let opaque = false;
  for (const { analysis } of commands) {
    for (const name of analysis.variables.defined) defined.add(name);
    if (analysis.variables.opaque) opaque = true;
  }
  checkExported(r, shell, defined);
  if (opaque) return;
  const inEnv = fileVariableNames(r.doc);
  const reported = new Set<string>();
  for (const { start, analysis } of commands) {
    for (const v of analysis.variables.uses) {
      if (defined.has(v.name) || inEnv.has(v.name) || own(CODEBUILD_VARIABLES, v.name) !== undefined)
        continue;
      if (reported.has(v.name)) continue;
      reported.add(v.name);
      r.reportAt(
        'undefined-variable',
        `Nothing in this buildspec sets \`${v.name}\` (not env, not a command, not CodeBuild): it is empty unless the project or the image defines it`,
        r.range(start + v.start, start + v.end),
      );
    }
  }
}

function checkExported(r: Reporter, shell: ShellCommands, defined: ReadonlySet<string>): void {
  const inEnv = fileVariableNames(r.doc);
  const names = documentRoles(r.doc)
    .all('envName')
    .map((n) => n.node)
    .filter((n): n is Scalar => isScalar(n));
  let text: string | undefined;
  for (const node of names) {
    const name = typeof node.value === 'string' ? node.value : '';
    if (
      !IDENTIFIER.test(name) ||
      defined.has(name) ||
      inEnv.has(name) ||
      own(CODEBUILD_VARIABLES, name) !== undefined
    )
      continue;
    // Named anywhere in the commands (`echo "NAME=1" >> env`, a script's output): it may be set there.
    text ??= shell.nodes.map((n) => (typeof n.value === 'string' ? n.value : '')).join('\n');
    if (new RegExp(`\\b${name}\\b`).test(text)) continue;
    r.report(
      'exported-variable-not-set',
      `\`${name}\` is exported, but no command or env entry sets it: CodeBuild exports it empty unless the project sets it`,
      node,
    );
  }
}
