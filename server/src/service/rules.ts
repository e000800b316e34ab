/**
 * Every diagnostic the service can report: its stable code, default severity and what it means. The
 * README's diagnostics catalogue is generated from this table.
 */

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type RuleSetting = Severity | 'off';
export type FileFamily = 'buildspec' | 'appspec' | 'both';

export interface Rule {
  readonly severity: Severity;
  readonly family: FileFamily;
  /** One line: what the rule finds and why it matters. */
  readonly summary: string;
}

export const RULES = {
  // ---- YAML ----
  'yaml-syntax': {
    severity: 'error',
    family: 'both',
    summary: 'The file is not valid YAML, so the service cannot read it.',
  },
  'yaml-tab': {
    severity: 'error',
    family: 'both',
    summary: 'A tab in indentation; YAML only allows spaces there.',
  },
  'duplicate-key': {
    severity: 'warning',
    family: 'both',
    summary: 'A key appears twice in one mapping; most parsers silently keep only the last one.',
  },
  'file-too-large': {
    severity: 'information',
    family: 'both',
    summary: 'The file is too large or too deeply nested to analyse.',
  },
  // ---- the model ----
  'unknown-key': {
    severity: 'warning',
    family: 'both',
    summary: 'A key the file format does not define (with a did-you-mean when one is close).',
  },
  'ignored-key': {
    severity: 'warning',
    family: 'both',
    summary: 'A key that is read by nobody, or ignored by the service.',
  },
  'wrong-type': {
    severity: 'error',
    family: 'both',
    summary: 'A value of the wrong kind: a list where a mapping belongs, a mapping where a string belongs, …',
  },
  'missing-key': { severity: 'error', family: 'both', summary: 'A required key is missing.' },
  'missing-recommended-key': {
    severity: 'warning',
    family: 'both',
    summary: 'A key the documentation requires but real files show the service does not insist on.',
  },
  'quoted-number': {
    severity: 'warning',
    family: 'both',
    summary: 'A number written as a quoted string where the documentation asks for a number.',
  },
  'invalid-value': {
    severity: 'error',
    family: 'both',
    summary: 'A value outside the documented set, which the service rejects.',
  },
  'unknown-value': {
    severity: 'warning',
    family: 'both',
    summary: 'A value outside the documented set that may still work.',
  },
  'empty-value': {
    severity: 'warning',
    family: 'both',
    summary: 'A key with no value where one is expected.',
  },
  'scalar-instead-of-list': {
    severity: 'warning',
    family: 'both',
    summary: 'A single value where a list is expected.',
  },
  'missing-version': { severity: 'error', family: 'both', summary: 'The file has no `version`.' },
  'invalid-version': { severity: 'error', family: 'both', summary: 'A version the service does not accept.' },
  // ---- buildspec ----
  'deprecated-version': {
    severity: 'information',
    family: 'buildspec',
    summary: 'Buildspec version 0.1 runs each command in its own shell; 0.2 is recommended.',
  },
  'unknown-phase': {
    severity: 'error',
    family: 'buildspec',
    summary: 'A phase other than install, pre_build, build and post_build.',
  },
  'empty-commands': { severity: 'warning', family: 'buildspec', summary: 'A phase with no commands.' },
  'runner-build-phase': {
    severity: 'warning',
    family: 'buildspec',
    summary:
      'Commands in the build phase of a buildspec marked as a GitHub Actions or Buildkite runner project; CodeBuild does not run them, the runner runs in that phase.',
  },
  'command-is-mapping': {
    severity: 'error',
    family: 'buildspec',
    summary: 'A command containing `: ` is read by YAML as a mapping, which CodeBuild rejects; quote it.',
  },
  'runtime-versions-outside-install': {
    severity: 'error',
    family: 'buildspec',
    summary: '`runtime-versions` is only allowed in the install phase.',
  },
  'unknown-runtime': {
    severity: 'error',
    family: 'buildspec',
    summary: 'A runtime name CodeBuild does not know.',
  },
  'unknown-runtime-version': {
    severity: 'warning',
    family: 'buildspec',
    summary: 'A runtime version that no current CodeBuild image has pre-installed (no image is pinned).',
  },
  'unsupported-runtime-version': {
    severity: 'error',
    family: 'buildspec',
    summary:
      'A runtime version the pinned image does not have; CodeBuild fails the build with "Unknown runtime version".',
  },
  'unlisted-runtime-version': {
    severity: 'warning',
    family: 'buildspec',
    summary:
      'A runtime version the runtime table of the pinned Windows or macOS image does not list; what CodeBuild does with it there is not documented.',
  },
  'empty-runtime-versions': {
    severity: 'warning',
    family: 'buildspec',
    summary: '`runtime-versions` must list at least one runtime.',
  },
  'float-version': {
    severity: 'information',
    family: 'buildspec',
    summary:
      'An unquoted version like `3.10` is the number 3.1 to most YAML readers (CodeBuild reads the text); quote it.',
  },
  'batch-quoted-version': {
    severity: 'error',
    family: 'buildspec',
    summary: 'A quoted `version` makes batch builds fail ("cannot unmarshal !!str into float64").',
  },
  'reserved-variable-name': {
    severity: 'warning',
    family: 'buildspec',
    summary: 'Variable names starting with `CODEBUILD_` are reserved by CodeBuild.',
  },
  'exported-aws-variable': {
    severity: 'warning',
    family: 'buildspec',
    summary: 'Variables starting with `AWS_` cannot be exported.',
  },
  'secret-reference': {
    severity: 'error',
    family: 'buildspec',
    summary: 'A malformed Secrets Manager reference.',
  },
  'batch-duplicate-identifier': {
    severity: 'error',
    family: 'buildspec',
    summary: 'Two batch tasks share an identifier.',
  },
  'batch-unknown-dependency': {
    severity: 'error',
    family: 'buildspec',
    summary: '`depend-on` names a task that does not exist.',
  },
  'batch-cycle': {
    severity: 'error',
    family: 'buildspec',
    summary: 'Batch tasks depend on each other in a cycle, so none can start.',
  },
  'batch-identifier': {
    severity: 'warning',
    family: 'buildspec',
    summary:
      'A batch identifier with characters other than letters, digits and `_` (users report dashes fail).',
  },
  'batch-multiple-kinds': {
    severity: 'warning',
    family: 'buildspec',
    summary: 'More than one of build-list, build-graph, build-matrix and build-fanout.',
  },
  'too-many-report-groups': {
    severity: 'warning',
    family: 'buildspec',
    summary: 'A project can have at most five report groups.',
  },
  'unknown-codebuild-variable': {
    severity: 'warning',
    family: 'buildspec',
    summary: 'A `$CODEBUILD_…` variable CodeBuild does not set (a typo?).',
  },
  'ecr-get-login': {
    severity: 'warning',
    family: 'buildspec',
    summary:
      '`aws ecr get-login` was removed in AWS CLI v2, which current images have; use `get-login-password`.',
  },
  'hardcoded-account-id': {
    severity: 'information',
    family: 'buildspec',
    summary: 'A 12-digit account id written into a command; a variable keeps the buildspec portable.',
  },
  'docker-needs-privileged': {
    // The project setting that fixes it is not in the file, so it would never go away: a hint, not a squiggle.
    severity: 'hint',
    family: 'buildspec',
    summary: 'Docker commands need privileged mode on the project (or the batch task).',
  },
  'helm-without-wait': {
    severity: 'information',
    family: 'buildspec',
    summary: '`helm upgrade`/`install` without `--wait` lets the build pass before the release is ready.',
  },
  // ---- shell in commands ----
  'shell-syntax': {
    severity: 'error',
    family: 'buildspec',
    summary:
      'A command bash cannot parse (unterminated quote, `if` without `fi`, unclosed here-document): the build fails.',
  },
  'shell-too-deep': {
    severity: 'information',
    family: 'buildspec',
    summary:
      'A command nested more than 100 levels deep (brackets, substitutions, `if`/`for`/`case`): too deep to parse safely, so its syntax and the shell rules are not checked.',
  },
  'untrusted-input-as-code': {
    severity: 'warning',
    family: 'buildspec',
    summary:
      'A branch or pull-request name (`CODEBUILD_WEBHOOK_HEAD_REF` and kin) run as code: in `eval`, `sh -c`, `python -c` or as the command.',
  },
  'plaintext-credential': {
    severity: 'warning',
    family: 'buildspec',
    summary:
      'An access key, token, private key or password written in plain text in `env.variables` or a command.',
  },
  'docker-login-password': {
    severity: 'information',
    family: 'buildspec',
    summary: '`docker login -p`: the password is on the command line; use `--password-stdin`.',
  },
  'secret-in-log': {
    severity: 'information',
    family: 'buildspec',
    summary:
      '`set -x` or `echo` of a secret prints it into the build log, where masking covers only exact values.',
  },
  'remote-script-pipe': {
    severity: 'information',
    family: 'buildspec',
    summary: 'A script downloaded with `curl`/`wget` piped straight into a shell, run without any check.',
  },
  'tls-verification-disabled': {
    severity: 'warning',
    family: 'buildspec',
    summary:
      'Certificate checks turned off (`curl -k`, `--no-check-certificate`, `GIT_SSL_NO_VERIFY`, `strict-ssl false`): anyone on the path can change what is downloaded.',
  },
  'undefined-variable': {
    // The project's environment and the image can set variables the file cannot show: a hint only.
    severity: 'hint',
    family: 'buildspec',
    summary: 'A `$NAME` that nothing in the buildspec defines (env, a command, CodeBuild).',
  },
  'exported-variable-not-set': {
    severity: 'warning',
    family: 'buildspec',
    summary: 'An `exported-variables` name that no command or env entry sets, so it is exported empty.',
  },
  // ---- appspec ----
  'nonstandard-version': {
    severity: 'warning',
    family: 'appspec',
    summary: 'An AppSpec version other than `0.0`, which only some deployments tolerate.',
  },
  'invalid-hook': {
    severity: 'warning',
    family: 'appspec',
    summary:
      'A lifecycle hook that does not exist for this platform, or one CodeDeploy runs itself: it never runs.',
  },
  'empty-hook': {
    severity: 'warning',
    family: 'appspec',
    summary: 'A hook with no scripts; some versions of the CodeDeploy agent fail the event on it.',
  },
  'lambda-same-version': {
    severity: 'warning',
    family: 'appspec',
    summary:
      '`CurrentVersion` equals `TargetVersion`; CodeDeploy rejects this unless the deployment is all-at-once.',
  },
  'hook-order': {
    severity: 'information',
    family: 'appspec',
    summary: 'Hooks written in a different order from the one they run in.',
  },
  'hook-timeout-sum': {
    severity: 'warning',
    family: 'appspec',
    summary: 'The scripts of one event may take at most 3600 seconds together.',
  },
  'script-not-found': {
    severity: 'warning',
    family: 'appspec',
    summary: 'A hook script `location` that does not exist in the workspace.',
  },
  'path-leaves-root': {
    severity: 'warning',
    family: 'both',
    summary: 'A hook `location` or batch `buildspec` whose `..` climbs above the revision or source root.',
  },
  'windows-permissions': {
    severity: 'error',
    family: 'appspec',
    summary: '`permissions` are only supported on Linux instances.',
  },
  'partial-network-configuration': {
    severity: 'error',
    family: 'appspec',
    summary: 'ECS `AwsvpcConfiguration` needs Subnets, SecurityGroups and AssignPublicIp together.',
  },
  'empty-file': { severity: 'error', family: 'both', summary: 'The file is empty.' },
} as const satisfies Record<string, Rule>;

export type RuleCode = keyof typeof RULES;

export function isRuleCode(code: string): code is RuleCode {
  return Object.prototype.hasOwnProperty.call(RULES, code);
}
