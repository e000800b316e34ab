/**
 * Checks inside the shell commands of a buildspec: the mistakes people actually make with the AWS CLI,
 * Docker, Helm and CodeBuild's variables.
 */
import { isScalar, type Scalar } from 'yaml';
import type { Reporter } from '../findings';
import { CODEBUILD_VARIABLES } from '../model/environment';
import { closest } from '../suggest';
import { shellCommandsOf } from '../shell/commands';
import { secretVariables } from '../facts/variables';
import type { DocumentRoles } from '../model/roles';
import { checkCredentials } from './credentials';
import { analyseCommands } from './shellAnalysis';
import { checkShellSecurity } from './shellSecurity';
import { checkShellSyntax } from './shellSyntax';
import { checkShellVariables } from './shellVariables';
import { own } from '../own';

/** Variables CodeBuild sets with a per-source suffix (`CODEBUILD_SRC_DIR_<sourceIdentifier>`). */
const SUFFIXED = ['CODEBUILD_SRC_DIR_', 'CODEBUILD_SOURCE_VERSION_', 'CODEBUILD_SOURCE_REPO_URL_'];
/** Set by CodeBuild though missing from the variables page. */
const UNDOCUMENTED = ['CODEBUILD_BUILD_URL', 'CODEBUILD_AUTH_TOKEN', 'CODEBUILD_CONFIG_AUTO_DISCOVER'];

const ECR_GET_LOGIN = /aws\s+ecr\s+get-login(?![-\w])/;
const DOCKER =
  /(^|[\s;&|(`])(docker\s+(build|buildx|run|push|pull|tag|login|compose|exec|images|ps|save|load|image|container|network|volume|system|info)\b|docker-compose\b)/;
const HELM = /\bhelm\s+(upgrade|install)\b/;
const ACCOUNT = /(?<![\w.-])(\d{12})(?=\.dkr\.ecr\.)|arn:aws[\w-]*:[\w-]*:[\w-]*:(\d{12}):/g;
const CB_VAR = /\$\{?(CODEBUILD_[A-Z0-9_]+)/g;

export interface Command {
  readonly node: Scalar;
  /** The command's source text, which offsets in `start` refer to. */
  readonly source: string;
  readonly start: number;
}

/** Every command of every phase, in document order. */
function commandsOf(roles: DocumentRoles, text: string): Command[] {
  const out: Command[] = [];
  for (const { node } of roles.all('command')) {
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) continue;
    out.push({ node, source: text.slice(node.range[0], node.range[1]), start: node.range[0] });
  }
  return out;
}

export function checkCommands(r: Reporter, roles: DocumentRoles): void {
  const commands = commandsOf(roles, r.doc.text);
  let dockerReported = privilegedInBatch(roles);
  for (const c of commands) {
    checkEcrLogin(r, c);
    checkAccountIds(r, c);
    checkHelm(r, c);
    checkVariables(r, c);
    if (!dockerReported) dockerReported = checkDocker(r, c);
  }
  const shell = shellCommandsOf(r.doc);
  const analysed = analyseCommands(r.doc, shell);
  checkShellSyntax(r, analysed);
  checkShellSecurity(r, shell, analysed, secretVariables(r.doc));
  checkCredentials(r, shell, analysed);
  checkShellVariables(r, shell, analysed);
}

/** A batch build that turns privileged mode on: Docker then works in its builds. */
function privilegedInBatch(roles: DocumentRoles): boolean {
  return roles.all('privilegedMode').some(({ node: v }) => {
    return isScalar(v) && (v.value === true || String(v.value).toLowerCase() === 'true');
  });
}

function checkEcrLogin(r: Reporter, c: Command): void {
  const m = ECR_GET_LOGIN.exec(c.source);
  if (!m) return;
  const value = String(c.node.value);
  const whole = /^\s*(eval\s+)?\$\(\s*aws\s+ecr\s+get-login\b([^)]*)\)\s*$/.exec(value);
  const fixes = [];
  if (whole && c.node.type === 'PLAIN') {
    const args = whole[2] ?? '';
    const region = /--region[\s=]+(\S+)/.exec(args)?.[1] ?? '$AWS_DEFAULT_REGION';
    const account =
      /--registry-ids[\s=]+(\S+)/.exec(args)?.[1] ??
      '$(aws sts get-caller-identity --query Account --output text)';
    const replacement = `aws ecr get-login-password --region ${region} | docker login --username AWS --password-stdin ${account}.dkr.ecr.${region}.amazonaws.com`;
    fixes.push(r.replace('Use aws ecr get-login-password', c.start, c.start + c.source.length, replacement));
  }
  r.reportAt(
    'ecr-get-login',
    '`aws ecr get-login` does not exist in AWS CLI v2 (current images fail with "Invalid choice"); use `aws ecr get-login-password | docker login --password-stdin`',
    r.range(c.start + m.index, c.start + m.index + m[0].length),
    { fixes },
  );
}

function checkAccountIds(r: Reporter, c: Command): void {
  // Most commands name no account: no iterator for those (this runs for every command on every edit).
  if (!c.source.includes('.dkr.ecr.') && !c.source.includes('arn:aws')) return;
  for (const m of c.source.matchAll(ACCOUNT)) {
    const id = m[1] ?? m[2];
    const at = c.start + m.index + m[0].indexOf(id);
    r.reportAt(
      'hardcoded-account-id',
      `Hard-coded AWS account id: ${id}; a variable (e.g. $AWS_ACCOUNT_ID in env) keeps the buildspec portable`,
      r.range(at, at + id.length),
    );
  }
}

function checkHelm(r: Reporter, c: Command): void {
  const m = HELM.exec(c.source);
  if (!m || /--wait\b|--atomic\b/.test(c.source)) return;
  const end = c.start + m.index + m[0].length;
  r.reportAt(
    'helm-without-wait',
    `\`helm ${m[1]}\` without --wait returns before the release is ready, so the build passes even if the rollout fails`,
    r.range(c.start + m.index, end),
    {
      fixes: [
        { title: 'Add --wait', edits: [{ range: r.range(end, end), newText: ' --wait' }], preferred: true },
      ],
    },
  );
}

function checkDocker(r: Reporter, c: Command): boolean {
  const m = DOCKER.exec(c.source);
  if (!m) return false;
  const at = c.start + m.index + m[1].length;
  r.reportAt(
    'docker-needs-privileged',
    'Docker commands need privileged mode on the project (or `privileged-mode: true` for batch builds); without it they fail with "Cannot connect to the Docker daemon"',
    r.range(at, at + m[2].length),
  );
  return true;
}

/** Findings of one kind in one command: beyond this, more of the same tells the user nothing new. */
const MAX_PER_COMMAND = 20;

function checkVariables(r: Reporter, c: Command): void {
  if (!c.source.includes('CODEBUILD_')) return;
  const guesses = new Map<string, string | undefined>();
  let reported = 0;
  for (const m of c.source.matchAll(CB_VAR)) {
    const name = m[1];
    if (
      own(CODEBUILD_VARIABLES, name) ||
      UNDOCUMENTED.includes(name) ||
      SUFFIXED.some((p) => name.startsWith(p))
    )
      continue;
    if (!guesses.has(name)) guesses.set(name, closest(name, Object.keys(CODEBUILD_VARIABLES)));
    const guess = guesses.get(name);
    const at = c.start + m.index + m[0].indexOf(name);
    r.reportAt(
      'unknown-codebuild-variable',
      `CodeBuild does not set \`${name}\`${guess ? `; did you mean \`${guess}\`?` : ''}`,
      r.range(at, at + name.length),
      { fixes: guess ? [r.replace(`Change to '${guess}'`, at, at + name.length, guess)] : [] },
    );
    if (++reported >= MAX_PER_COMMAND) return;
  }
}
