/**
 * Variables across commands: a `$NAME` that nothing defines (a hint: the project or the image may set
 * it), and an `exported-variables` name that no command sets (a warning: CodeBuild exports it empty).
 */
import type { Scalar } from 'yaml';
import type { Reporter } from '../findings';
import { visitRoles } from '../locate';
import { CODEBUILD_VARIABLES } from '../model/environment';
import type { ShellCommands } from '../shell/commands';
import { docSpan } from '../shell/source';
import { invocation, argsOf } from '../shell/words';
import { fileVariables } from '../variables';

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

export function checkShellVariables(r: Reporter, shell: ShellCommands): void {
  if (shell.family !== 'posix' || shell.commands.some((c) => !c.parse.ok)) return;
  const defined = new Set<string>();
  let opaque = false;
  for (const c of shell.commands) {
    if (!c.parse.ok) continue;
    c.parse.tree.loopVars.forEach((v) => defined.add(v));
    for (const s of c.parse.tree.commands) {
      s.assigns.forEach((a) => defined.add(a.name));
      const inv = invocation(s);
      if (!inv) continue;
      if (OPAQUE.has(inv.name) || inv.name === '') opaque = true;
      // `read A B`, `getopts opts NAME`, `mapfile NAME`, `printf -v NAME`, `export NAME`: names as words.
      if (
        [
          'read',
          'getopts',
          'mapfile',
          'readarray',
          'printf',
          'export',
          'declare',
          'typeset',
          'local',
        ].includes(inv.name)
      )
        for (const w of argsOf(s, inv)) if (w.literal && IDENTIFIER.test(w.literal)) defined.add(w.literal);
    }
  }
  checkExported(r, shell, defined);
  if (opaque) return;
  const known = new Set([...fileVariables(r.doc).keys(), ...Object.keys(CODEBUILD_VARIABLES)]);
  const reported = new Set<string>();
  for (const c of shell.commands) {
    if (!c.parse.ok) continue;
    for (const s of c.parse.tree.commands) {
      const words = [...s.args, ...s.assigns.flatMap((a) => (a.value ? [a.value] : []))];
      for (const w of words) {
        for (const v of w.vars) {
          const name = v.name;
          if (!IDENTIFIER.test(name) || defined.has(name) || known.has(name) || AMBIENT.has(name)) continue;
          if (name.startsWith('CODEBUILD_') || reported.has(name)) continue;
          if (WITH_DEFAULT.test(c.source.script.slice(v.start, v.end))) continue;
          reported.add(name);
          const [a, b] = docSpan(c.source, v.start, v.end);
          r.reportAt(
            'undefined-variable',
            `Nothing in this buildspec sets \`${name}\` (not env, not a command, not CodeBuild): it is empty unless the project or the image defines it`,
            r.range(a, b),
          );
        }
      }
    }
  }
}

function checkExported(r: Reporter, shell: ShellCommands, defined: ReadonlySet<string>): void {
  const own = fileVariables(r.doc);
  const names: Scalar[] = [];
  visitRoles(r.doc, (node, spec) => {
    if (spec.role === 'envName') names.push(node);
  });
  const text = shell.commands.map((c) => c.source.script).join('\n');
  for (const node of names) {
    const name = typeof node.value === 'string' ? node.value : '';
    if (!IDENTIFIER.test(name) || defined.has(name) || own.has(name) || name in CODEBUILD_VARIABLES) continue;
    // Named anywhere in the commands (`echo "NAME=1" >> env`, a script's output): it may be set there.
    if (new RegExp(`\\b${name}\\b`).test(text)) continue;
    r.report(
      'exported-variable-not-set',
      `\`${name}\` is exported, but no command or env entry sets it: CodeBuild exports it empty unless the project sets it`,
      node,
    );
  }
}
