/**
 * Credentials written in plain text into a buildspec: in `env.variables` (readable by anyone who can read
 * the repository, and shown by the console and the API) or in a command. The quick fix moves a variable to
 * Parameter Store.
 */
import { isMap, type Scalar } from 'yaml';
import { documentRoles } from '../facts/roles';
import { keyWithRole } from '../model/roles';
import { asMap, specAt } from '../model/types';
import type { Fix, Reporter } from '../findings';
import type { ShellCommands } from '../shell/commands';
import { docSpan } from '../shell/source';
import type { AnalysedCommand, CommandInput, RelFinding } from './shellFacts';
import { reportRelative } from './shellReport';

/** Tokens whose shape says what they are, whatever the variable is called. */
const TOKENS: { re: RegExp; what: string }[] = [
  { re: /\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, what: 'an AWS access key id' },
  { re: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/g, what: 'a private key' },
  { re: /\bgh[pousr]_[A-Za-z0-9]{36}\b|\bgithub_pat_\w{50,}/g, what: 'a GitHub token' },
  { re: /\bglpat-[\w-]{20,}/g, what: 'a GitLab token' },
  { re: /\bxox[abprs]-[\w-]{10,}/g, what: 'a Slack token' },
  { re: /\bnpm_[A-Za-z0-9]{36}\b/g, what: 'an npm token' },
];
/** Every token above contains one of these: most commands are passed over with one test. */
const TOKEN_HINT = /AKIA|ASIA|PRIVATE KEY|gh[pousr]_|github_pat_|glpat-|xox[abprs]-|npm_/;
/** AWS's documentation keys (AKIAIOSFODNN7EXAMPLE) are samples, not leaks. */
const SAMPLE = /EXAMPLE/;
const SECRET_NAME =
  /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)/i;
/** Names that hold where a secret is or what it is called, not the secret. */
const NOT_SECRET_NAME =
  /(_|^)(ID|IDS|NAME|NAMES|ARN|PATH|FILE|URL|URI|REGION|TYPE|LENGTH|ENDPOINT|HEADER|DIR|PARAM|PARAMETER|KEY_ID|ENABLED|EXPIRY|TTL|FORMAT|VERSION|PROVIDER)$/i;

/** Whether a text may hold a token: false for most commands, which the token checks then pass over. */
export function mayHoldToken(text: string): boolean {
  return TOKEN_HINT.test(text);
}

/** Whether a variable's name says it holds a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name);
}

/**
 * Whether a literal value looks like a secret rather than a reference, a placeholder or a setting: one
 * word of 12 or more characters with a digit or a symbol (words alone are placeholders such as
 * `fbAppSecret`), and not a path, an ARN, a variable, an identifier or a mock.
 */
function looksLikeSecretValue(value: string): boolean {
  const v = value.trim();
  if (v.length < 12 || /\s/.test(v)) return false;
  if (/^(\$|\/|arn:|https?:\/\/|\{\{|<|%)/.test(v) || v.includes('${')) return false;
  if (/^[a-z0-9-]+(\/[a-zA-Z0-9._-]+)+$/.test(v)) return false; // a secret's or parameter's name
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(v)) return false; // an identifier
  if (/mock|dummy|fake|example|sample|placeholder|changeme|redacted/i.test(v) || /^[x*.]+$/i.test(v))
    return false;
  return /[0-9]/.test(v) || /[^A-Za-z0-9]/.test(v);
}

/** Names of deliberate test values. */
const MOCK_NAME = /MOCK|DUMMY|FAKE|EXAMPLE|SAMPLE/i;

export function checkCredentials(
  r: Reporter,
  shell: ShellCommands,
  commands: readonly AnalysedCommand[],
): void {
  for (const { name, value, node } of shell.envValues) {
    const token = firstToken(value);
    if (token) reportValue(r, node, name, `holds ${token} in plain text`);
    else if (isSecretName(name) && !MOCK_NAME.test(name) && looksLikeSecretValue(value))
      reportValue(r, node, name, 'has a secret-looking name and a literal value');
  }
  for (const c of commands) for (const f of c.analysis.credentials) reportRelative(r, c.start, f);
}

/** Tokens in one command's text, and secret-named variables it sets to a literal value. */
export function credentialFindingsOf(cmd: CommandInput): RelFinding[] {
  const out: RelFinding[] = [];
  const script = cmd.source.script;
  for (const { re, what } of TOKEN_HINT.test(script) ? TOKENS : []) {
    for (const m of script.matchAll(re)) {
      if (SAMPLE.test(script.slice(m.index, m.index + m[0].length + 8))) continue;
      const [start, end] = docSpan(cmd.source, m.index, m.index + m[0].length);
      out.push({
        code: 'plaintext-credential',
        message: `A command holds ${what} in plain text: anyone who can read the repository can use it; read it from Parameter Store or Secrets Manager (env) and revoke this one`,
        start,
        end,
      });
    }
  }
  if (!cmd.parse.ok) return out;
  for (const c of cmd.parse.tree.commands) {
    for (const a of c.assigns) {
      const v = a.value?.literal;
      if (v === undefined || !isSecretName(a.name) || !looksLikeSecretValue(v) || firstToken(v)) continue;
      const [start, end] = docSpan(cmd.source, a.value?.start ?? a.start, a.value?.end ?? a.end);
      out.push({
        code: 'plaintext-credential',
        message: `\`${a.name}\` is set to a literal value in a command: a secret written here is readable by anyone who can read the repository; read it from Parameter Store or Secrets Manager (env)`,
        start,
        end,
      });
    }
  }
  return out;
}

function firstToken(value: string): string | undefined {
  if (!TOKEN_HINT.test(value)) return undefined;
  for (const { re, what } of TOKENS) {
    re.lastIndex = 0;
    const m = re.exec(value);
    re.lastIndex = 0;
    if (m && !SAMPLE.test(value)) return what;
  }
  return undefined;
}

function reportValue(r: Reporter, node: Scalar, name: string, why: string): void {
  const fixes: Fix[] = [];
  const fix = moveToParameterStore(r, node, name);
  if (fix) fixes.push(fix);
  r.report(
    'plaintext-credential',
    `\`${name}\` in env.variables ${why}: anyone who can read the repository, the console or the API can read it; keep it in Parameter Store or Secrets Manager and revoke this one`,
    node,
    { fixes },
  );
}

/**
 * Replaces `NAME: value` in the build's plain-text variables with a Parameter Store entry naming
 * `/CodeBuild/NAME`, when the pair sits alone on its line, it is not the only variable, and the file has
 * no Parameter Store section yet (the new section follows the variables' block; the parameter itself
 * must then be created).
 */
function moveToParameterStore(r: Reporter, node: Scalar, name: string): Fix | undefined {
  const text = r.doc.text;
  const roles = documentRoles(r.doc);
  const variables = roles.first('envVariables');
  // The key a Parameter Store section has beside the variables, as the model spells it.
  const env = variables && r.doc.root ? asMap(specAt(r.doc.root, variables.path.slice(0, -1))) : undefined;
  const sectionKey = env && keyWithRole(env, 'parameterStore');
  if (!node.range || !variables?.key?.range || !sectionKey || roles.first('parameterStore')) return undefined;
  if (!isMap(variables.node) || !variables.node.items.some((p) => p.value === node)) return undefined;
  if (!/^[\w.-]+$/.test(name)) return undefined;
  const td = r.doc.textDocument;
  const lines = text.split('\n');
  const row = td.positionAt(node.range[0]).line;
  if (td.positionAt(node.range[1]).line !== row) return undefined;
  const indentOf = (l: string) => /^ */.exec(l)?.[0].length ?? 0;
  const line = lines[row];
  if (!new RegExp(`^ *${name.replace(/\./g, '\\.')}\\s*:`).test(line)) return undefined;
  const indent = indentOf(line);
  // The variables' key starts its line and ends it: a block mapping the new section can follow.
  const keyAt = td.positionAt(variables.key.range[0]);
  const head = keyAt.line;
  const afterKey = text.slice(variables.key.range[1], td.offsetAt({ line: head + 1, character: 0 }));
  if (indentOf(lines[head]) !== keyAt.character || !/^\s*:\s*(#.*)?\s*$/.test(afterKey)) return undefined;
  const outer = keyAt.character;
  let end = row + 1;
  while (end < lines.length && (!lines[end].trim() || indentOf(lines[end]) > outer)) end++;
  const entries = lines
    .slice(head + 1, end)
    .filter((l) => l.trim() && !l.trim().startsWith('#') && indentOf(l) === indent);
  if (entries.length < 2) return undefined;
  // Blank lines at the end of the block stay after the new section.
  while (end - 1 > row && !lines[end - 1].trim()) end--;
  const at = (l: number) => td.offsetAt({ line: l, character: 0 });
  const section = `${' '.repeat(outer)}${sectionKey}:\n${' '.repeat(indent)}${name}: /CodeBuild/${name}\n`;
  const insertAt = end < lines.length ? at(end) : text.length;
  return {
    title: `Move ${name} to Parameter Store (/CodeBuild/${name})`,
    edits: [
      { range: r.range(at(row), row + 1 < lines.length ? at(row + 1) : text.length), newText: '' },
      {
        range: r.range(insertAt, insertAt),
        newText: end < lines.length || text.endsWith('\n') ? section : `\n${section}`,
      },
    ],
    preferred: false,
  };
}
