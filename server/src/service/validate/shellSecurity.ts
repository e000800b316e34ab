/**
 * Security checks on the parsed commands: outsider-controlled values run as code, remote scripts piped
 * into a shell, TLS verification turned off, passwords on a command line, secrets printed to the log.
 */
import type { Reporter } from '../findings';
import type { RuleCode } from '../rules';
import type { Script, SimpleCommand, Word } from '../shell/ast';
import type { ShellCommands } from '../shell/commands';
import { docSpan } from '../shell/source';
import { argsOf, invocation, optionValue, SHELLS } from '../shell/words';
import { isSecretName } from './credentials';
import type { AnalysedCommand, CommandInput, RelFinding, RelFix, SecurityEvent } from './shellFacts';
import { reportRelative } from './shellReport';
import { own } from '../own';

/**
 * Variables whose value whoever opens a pull request or pushes a branch chooses: a branch name may hold
 * `$(…)`, `;`, `|` and backquotes (git refuses only spaces and a few others).
 */
const UNTRUSTED = /^CODEBUILD_(WEBHOOK_(HEAD_REF|BASE_REF|TRIGGER)|SOURCE_VERSION(_\w+)?)$/;
/** Interpreters and the option after which their argument is a program. */
const INTERPRETERS: Record<string, RegExp> = {
  python: /^-c$/,
  python2: /^-c$/,
  python3: /^-c$/,
  node: /^(-e|--eval|-p|--print)$/,
  nodejs: /^(-e|--eval|-p|--print)$/,
  perl: /^-[a-zA-Z]*[eE]$/,
  ruby: /^-[a-zA-Z]*e$/,
};
const SHELL_C = /^-[a-zA-Z]*c[a-zA-Z]*$/;
const DOWNLOADERS = new Set(['curl', 'wget']);
const RUNNERS = new Set([...SHELLS, 'python', 'python2', 'python3', 'perl', 'ruby', 'node']);

interface Context {
  readonly cmd: CommandInput;
  readonly script: Script;
  readonly events: SecurityEvent[];
}

export function checkShellSecurity(
  r: Reporter,
  shell: ShellCommands,
  commands: readonly AnalysedCommand[],
  secretVars: ReadonlySet<string>,
): void {
  for (const { name, value, node } of shell.envValues) {
    if (tlsVariableOff(name, value))
      r.report('tls-verification-disabled', `TLS verification is off: \`${name}\``, node);
  }
  if (shell.family !== 'posix') return;
  const tainted = new Set<string>();
  let xtraceReported = false;
  const secretsInFile =
    secretVars.size > 0 ||
    shell.envValues.some((v) => isSecretName(v.name)) ||
    commands.some((c) => c.analysis.variables.secretNamed);
  for (const { start, analysis } of commands) {
    for (const e of analysis.security) {
      if (e.kind === 'finding') reportRelative(r, start, e.finding);
      else if (e.kind === 'assign') {
        if (e.from.some((v) => isTainted(v, tainted))) tainted.add(e.name);
      } else if (e.kind === 'sink') {
        if (!isTainted(e.name, tainted)) continue;
        const origin = UNTRUSTED.test(e.name) ? `\`${e.name}\`` : `\`${e.name}\` (set from a webhook value)`;
        reportRelative(r, start, {
          code: 'untrusted-input-as-code',
          message: `${origin} is run as code ${e.where}: whoever names the branch or pull request chooses the command; pass it as a quoted argument, or check it against a pattern first`,
          start: e.start,
          end: e.end,
        });
      } else if (e.kind === 'xtrace') {
        if (xtraceReported || !secretsInFile) continue;
        xtraceReported = true;
        reportRelative(r, start, e.finding);
      } else if (secretVars.has(e.name) || isSecretName(e.name)) reportRelative(r, start, e.finding);
    }
  }
}

/** The security events of one parsed command (none for a command not parsed). */
export function securityEventsOf(cmd: CommandInput): SecurityEvent[] {
  if (!cmd.parse.ok) return [];
  const ctx: Context = { cmd, script: cmd.parse.tree, events: [] };
  for (const c of ctx.script.commands) {
    for (const a of c.assigns) {
      const from = a.value?.vars.map((v) => v.name) ?? [];
      if (from.length) ctx.events.push({ kind: 'assign', name: a.name, from });
      checkTlsAssignment(ctx, a.name, a.value, a.start, a.end);
    }
    untrustedAsCode(ctx, c);
    tlsOptions(ctx, c);
    dockerLoginPassword(ctx, c);
    xtrace(ctx, c);
    echoSecret(ctx, c);
  }
  remoteScript(ctx);
  return ctx.events;
}

function isTainted(name: string, tainted: ReadonlySet<string>): boolean {
  return UNTRUSTED.test(name) || tainted.has(name);
}

function finding(ctx: Context, code: RuleCode, message: string, start: number, end: number): RelFinding {
  const [a, b] = docSpan(ctx.cmd.source, start, end);
  return { code, message, start: a, end: b };
}

function report(ctx: Context, code: RuleCode, message: string, start: number, end: number): void {
  ctx.events.push({ kind: 'finding', finding: finding(ctx, code, message, start, end) });
}

function untrustedAsCode(ctx: Context, c: SimpleCommand): void {
  const inv = invocation(c);
  if (!inv) return;
  const args = argsOf(c, inv);
  const sinks: { words: readonly Word[]; where: string }[] = [];
  sinks.push({ words: [c.args[inv.at]], where: 'as the command to run' });
  if (inv.name === 'eval') sinks.push({ words: args, where: 'through `eval`' });
  const program = SHELLS.has(inv.name)
    ? optionValue(args, SHELL_C)
    : own(INTERPRETERS, inv.name)
      ? optionValue(args, own(INTERPRETERS, inv.name)!)
      : undefined;
  if (program) sinks.push({ words: [program], where: `in the program \`${inv.name}\` runs` });
  for (const { words, where } of sinks) {
    for (const w of words) {
      for (const v of w.vars) {
        const [start, end] = docSpan(ctx.cmd.source, v.start, v.end);
        ctx.events.push({ kind: 'sink', name: v.name, where, start, end });
      }
    }
  }
}

function remoteScript(ctx: Context): void {
  for (const { from, to } of ctx.script.pipes) {
    const src = invocation(from);
    const dst = invocation(to);
    if (!src || !dst || !DOWNLOADERS.has(src.name) || !RUNNERS.has(dst.name)) continue;
    // wget writes to a file unless told `-O -`; piped without it, the shell reads nothing.
    if (
      src.name === 'wget' &&
      !argsOf(from, src).some((w) => /^(-\w*O-?|-O|--output-document(=-)?)$/.test(w.literal ?? ''))
    )
      continue;
    report(
      ctx,
      'remote-script-pipe',
      `A script downloaded by \`${src.name}\` is piped into \`${dst.name}\` and run unverified: download it to a file and check its checksum or signature before running it`,
      from.start,
      to.args[dst.at]?.end ?? to.end,
    );
  }
}

const TLS_OFF: { program: ReadonlySet<string>; flag: RegExp; what: string }[] = [
  {
    program: new Set(['curl']),
    flag: /^(--insecure|-[a-zA-Z]*k[a-zA-Z]*)$/,
    what: '`curl` does not check the server certificate',
  },
  {
    program: new Set(['wget']),
    flag: /^--no-check-certificate$/,
    what: '`wget` does not check the server certificate',
  },
  {
    program: new Set(['aws']),
    flag: /^--no-verify-ssl$/,
    what: 'the AWS CLI does not check the certificate',
  },
  {
    program: new Set(['pip', 'pip3']),
    flag: /^--trusted-host(=.*)?$/,
    what: 'pip accepts the host without a valid certificate',
  },
  {
    program: new Set(['git']),
    flag: /^http\.sslverify=(false|0|no|off)$/i,
    what: 'git does not check the server certificate',
  },
];

function tlsOptions(ctx: Context, c: SimpleCommand): void {
  const inv = invocation(c);
  if (!inv) return;
  const args = argsOf(c, inv);
  for (const t of TLS_OFF) {
    if (!t.program.has(inv.name)) continue;
    for (const w of args) {
      if (w.literal !== undefined && t.flag.test(w.literal))
        report(ctx, 'tls-verification-disabled', `TLS verification is off: ${t.what}`, w.start, w.end);
    }
  }
  const lits = args.map((w) => w.literal?.toLowerCase() ?? '');
  // `git config http.sslVerify false`, `npm config set strict-ssl false`, `yarn config set strict-ssl false`.
  const key = lits.findIndex((l) => l === 'http.sslverify' || l === 'strict-ssl' || l === 'strict-ssl=false');
  const off = (v: string | undefined) => v === 'false' || v === '0' || v === 'no' || v === 'off';
  if (key >= 0 && (lits[key].endsWith('=false') || off(lits[key + 1])) && lits.includes('config')) {
    const end = lits[key].endsWith('=false') ? args[key].end : (args[key + 1]?.end ?? args[key].end);
    report(
      ctx,
      'tls-verification-disabled',
      `TLS verification is off: \`${inv.name}\` stops checking certificates`,
      args[key].start,
      end,
    );
  }
}

/** `GIT_SSL_NO_VERIFY`, `NODE_TLS_REJECT_UNAUTHORIZED=0` and kin, set in a command. */
function checkTlsAssignment(
  ctx: Context,
  name: string,
  value: Word | undefined,
  start: number,
  end: number,
): void {
  const v = value?.literal;
  if (tlsVariableOff(name, v))
    report(ctx, 'tls-verification-disabled', `TLS verification is off: \`${name}\``, start, end);
}

/** Whether setting `name` to `value` turns certificate checks off (undefined: a computed value). */
export function tlsVariableOff(name: string, value: string | undefined): boolean {
  if (name === 'GIT_SSL_NO_VERIFY')
    return value === undefined || (value !== '' && value !== '0' && value.toLowerCase() !== 'false');
  if (name === 'NODE_TLS_REJECT_UNAUTHORIZED' || name === 'PYTHONHTTPSVERIFY') return value === '0';
  return false;
}

function dockerLoginPassword(ctx: Context, c: SimpleCommand): void {
  const inv = invocation(c);
  if (!inv || inv.name !== 'docker') return;
  const args = argsOf(c, inv);
  if (args[0]?.literal !== 'login') return;
  const i = args.findIndex(
    (w) =>
      /^(-p|--password)(=.*)?$/.test(w.literal ?? '') ||
      /^--password=/.test(ctx.cmd.source.script.slice(w.start, w.end)),
  );
  if (i < 0) return;
  const flag = args[i];
  const inline = /=/.test(ctx.cmd.source.script.slice(flag.start, flag.end));
  const value = inline ? undefined : args[i + 1];
  const end = value?.end ?? flag.end;
  const fixes: RelFix[] = [];
  const script = ctx.cmd.source.script;
  // Rewritten only where the command is the whole plain one-line YAML scalar: quoting stays the user's.
  const node = ctx.cmd.node;
  if (
    value &&
    node.type === 'PLAIN' &&
    ctx.cmd.source.exact &&
    !script.includes('\n') &&
    script.slice(0, c.start).trim() === '' &&
    script.slice(c.end).trim() === ''
  ) {
    const raw = script.slice(value.start, value.end);
    const quoted = /^\$\{?\w+\}?$/.test(raw) ? `"${raw}"` : raw;
    const login = `${script.slice(c.start, flag.start)}--password-stdin${script.slice(end, c.end)}`;
    const [a, b] = docSpan(ctx.cmd.source, c.start, c.end);
    fixes.push({
      title: 'Use --password-stdin',
      start: a,
      end: b,
      newText: `printf '%s' ${quoted} | ${login}`,
    });
  }
  const [a, b] = docSpan(ctx.cmd.source, flag.start, end);
  ctx.events.push({
    kind: 'finding',
    finding: {
      code: 'docker-login-password',
      message:
        '`docker login` with the password on its command line: other processes can read it, and `set -x` prints it; pipe it into `--password-stdin`',
      start: a,
      end: b,
      fixes,
    },
  });
}

/** `set -x` (or `-o xtrace`) in a file that has secrets: every command is printed with its values. */
function xtrace(ctx: Context, c: SimpleCommand): void {
  const inv = invocation(c);
  if (!inv || inv.name !== 'set') return;
  const args = argsOf(c, inv);
  const i = args.findIndex(
    (w, k) =>
      /^-[a-zA-Z]*x[a-zA-Z]*$/.test(w.literal ?? '') ||
      (w.literal === '-o' && args[k + 1]?.literal === 'xtrace'),
  );
  if (i < 0) return;
  ctx.events.push({
    kind: 'xtrace',
    finding: finding(
      ctx,
      'secret-in-log',
      '`set -x` prints every command with its variables expanded, secrets included: CodeBuild masks a Parameter Store or Secrets Manager value only where it appears verbatim',
      args[i].start,
      args[i].end,
    ),
  });
}

function echoSecret(ctx: Context, c: SimpleCommand): void {
  const inv = invocation(c);
  if (!inv || (inv.name !== 'echo' && inv.name !== 'printf')) return;
  // Piped into a program (`echo "$PW" | docker login --password-stdin`) or written to a file, the value
  // never reaches the log.
  if (c.toFile || ctx.script.pipes.some((p) => p.from === c)) return;
  for (const w of argsOf(c, inv)) {
    for (const v of w.vars) {
      ctx.events.push({
        kind: 'echo',
        name: v.name,
        finding: finding(
          ctx,
          'secret-in-log',
          `\`${inv.name}\` prints \`${v.name}\` into the build log: a secret there is readable by anyone who can read the log (CodeBuild masks Parameter Store and Secrets Manager values only verbatim)`,
          v.start,
          v.end,
        ),
      });
    }
  }
}
