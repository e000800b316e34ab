// What the services accept, checked before a request leaves: a name too long, a page size out of
// range or a character a pattern forbids fails here with a message that says which value and why,
// instead of a round trip that comes back as "1 validation error detected". The limits are the
// services' own (their API models); the patterns are matched against the whole value, as AWS does.
import { AwsError } from './errors';

/** One rule: lengths count UTF-16 code units, as the services' models do for these ASCII-bound names. */
export interface Constraint {
  min?: number;
  max?: number;
  /** A whole-value pattern. */
  pattern?: RegExp;
  /** Said in the message when the pattern fails, e.g. `letters, digits and . @ - _`. */
  allowed?: string;
  values?: readonly string[];
}

// CodePipeline's names of pipelines, stages and actions.
const PIPELINE_NAME: Constraint = {
  min: 1,
  max: 100,
  pattern: /^[A-Za-z0-9.@\-_]+$/,
  allowed: 'letters, digits and . @ - _',
};
const EXECUTION_ID: Constraint = {
  pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  allowed: 'a lower-case UUID',
};

/** The limits the adapter checks, by what the value is. */
export const LIMITS = {
  nonEmpty: { min: 1 },
  pipelineName: PIPELINE_NAME,
  stageName: PIPELINE_NAME,
  actionName: PIPELINE_NAME,
  executionId: EXECUTION_ID,
  approvalToken: EXECUTION_ID,
  pipelinePageSize: { min: 1, max: 1000 },
  executionPageSize: { min: 1, max: 100 },
  pipelineVariables: { max: 50 },
  variableName: { min: 1, max: 128, pattern: /^[A-Za-z0-9@\-_]+$/, allowed: 'letters, digits and @ - _' },
  variableValue: { min: 1, max: 1000 },
  clientRequestToken: { min: 1, max: 128, pattern: /^[a-zA-Z0-9-]+$/, allowed: 'letters, digits and -' },
  stopReason: { max: 200 },
  approvalSummary: { max: 512 },
  nextToken: { min: 1, max: 2048 },
  logGroupName: {
    min: 1,
    max: 512,
    pattern: /^[.\-_/#A-Za-z0-9]+$/,
    allowed: 'letters, digits and . - _ / #',
  },
  logGroupArn: {
    min: 1,
    max: 2048,
    pattern: /^[\w#+=/:,.@-]*$/,
    allowed: 'letters, digits and # + = / : , . @ -',
  },
  logStreamName: { min: 1, max: 512, pattern: /^[^:*]*$/, allowed: 'no : or *' },
  logEventsLimit: { min: 1, max: 10_000 },
  environmentVariableType: { values: ['PLAINTEXT', 'PARAMETER_STORE', 'SECRETS_MANAGER'] },
  retryMode: { values: ['FAILED_ACTIONS', 'ALL_ACTIONS'] },
  batchRetryType: { values: ['RETRY_ALL_BUILDS', 'RETRY_FAILED_BUILDS'] },
} as const satisfies Record<string, Constraint>;

/** What the failing call was, for the error's message. */
export interface CheckContext {
  service: 'codebuild' | 'codepipeline' | 'logs';
  operation: string;
  verb: string;
  resource?: string;
}

/**
 * Checks each `[label, value, rule]`; an undefined value is skipped (optional members). Throws an
 * AwsError of kind `other` (code `InvalidRequest`) naming the first value that breaks its rule.
 */
export function checkRequest(
  ctx: CheckContext,
  checks: readonly (readonly [label: string, value: string | number | undefined, rule: Constraint])[],
): void {
  for (const [label, value, rule] of checks) {
    if (value === undefined) continue;
    const problem = typeof value === 'number' ? numberProblem(value, rule) : stringProblem(value, rule);
    if (problem) {
      throw new AwsError({
        kind: 'other',
        code: 'InvalidRequest',
        operation: `${ctx.service}:${ctx.operation}`,
        resource: ctx.resource,
        verb: ctx.verb,
        reason: `the ${label} ${problem}`,
        remedy: 'none',
      });
    }
  }
}

/** Checks a list's length against `rule` (min/max count). */
export function checkCount(ctx: CheckContext, label: string, count: number, rule: Constraint): void {
  checkRequest(ctx, [[`number of ${label}`, count, rule]]);
}

function numberProblem(value: number, rule: Constraint): string | undefined {
  if (!Number.isInteger(value)) return `must be a whole number, not ${value}`;
  if (rule.min !== undefined && value < rule.min) return `must be at least ${rule.min}, not ${value}`;
  if (rule.max !== undefined && value > rule.max) return `must be at most ${rule.max}, not ${value}`;
  return undefined;
}

function stringProblem(value: string, rule: Constraint): string | undefined {
  if (rule.min !== undefined && value.length < rule.min)
    return rule.min === 1 ? 'is empty' : `is shorter than ${rule.min} characters`;
  if (rule.max !== undefined && value.length > rule.max)
    return `is longer than ${rule.max} characters (${value.length})`;
  if (rule.values && !rule.values.includes(value)) return `must be one of ${rule.values.join(', ')}`;
  if (rule.pattern && !rule.pattern.test(value))
    return `may hold only ${rule.allowed ?? rule.pattern.source}`;
  return undefined;
}
