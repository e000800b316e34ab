// One typed error for everything that can go wrong talking to AWS. The SDK's exceptions, credential
// provider errors and socket errors are sorted into a few kinds the UI can act on, with a message in
// the house form `Could not start build for "api-build": access denied (codebuild:StartBuild)`.
// Nothing raw is kept: no SDK exception as `cause` (it may carry the response), no request, and every
// text that came from outside is passed through `redact` first.

export type AwsErrorKind = 'credentials' | 'accessDenied' | 'notFound' | 'throttled' | 'network' | 'other';

/** The one action that helps, for the UI to offer as a button. */
export type AwsRemedy = 'ssoLogin' | 'selectProfile' | 'retry' | 'none';

export interface AwsErrorInit {
  kind: AwsErrorKind;
  /** The IAM-style action, e.g. `codebuild:StartBuild`. */
  operation: string;
  resource?: string;
  /** The human part after the colon, e.g. `access denied (codebuild:StartBuild)`. */
  reason: string;
  /** A sentence that tells the user how to fix it, e.g. `Run "aws sso login --profile dev", then retry.` */
  hint?: string;
  remedy: AwsRemedy;
  /** Credentials existed but have expired (session token, SSO token). */
  expired?: boolean;
  /**
   * The credentials are the AWS_ACCESS_KEY_ID/... environment variables: no profile or sign-in
   * replaces them, so a UI says how to refresh them rather than offering to pick a profile.
   */
  fromEnvironment?: boolean;
  /** The SSO profile whose sign-in would fix this. */
  ssoProfile?: string;
  /** Worth retrying by itself later: throttling, network, 5xx. */
  transient?: boolean;
  /** The service's error code, e.g. `ThrottlingException`, or the socket error code. */
  code?: string;
  httpStatus?: number;
  requestId?: string;
  attempts?: number;
  verb: string;
}

export class AwsError extends Error {
  override readonly name = 'AwsError';
  readonly kind: AwsErrorKind;
  readonly operation: string;
  readonly resource: string | undefined;
  readonly reason: string;
  readonly hint: string | undefined;
  readonly remedy: AwsRemedy;
  readonly expired: boolean;
  readonly fromEnvironment: boolean;
  readonly ssoProfile: string | undefined;
  readonly transient: boolean;
  readonly code: string | undefined;
  readonly httpStatus: number | undefined;
  readonly requestId: string | undefined;
  readonly attempts: number | undefined;

  constructor(init: AwsErrorInit) {
    const target = init.resource === undefined ? '' : ` "${init.resource}"`;
    super(`Could not ${init.verb}${target}: ${init.reason}`);
    this.kind = init.kind;
    this.operation = init.operation;
    this.resource = init.resource;
    this.reason = init.reason;
    this.hint = init.hint;
    this.remedy = init.remedy;
    this.expired = init.expired ?? false;
    this.fromEnvironment = init.fromEnvironment ?? false;
    this.ssoProfile = init.ssoProfile;
    this.transient = init.transient ?? false;
    this.code = init.code;
    this.httpStatus = init.httpStatus;
    this.requestId = init.requestId;
    this.attempts = init.attempts;
  }
}

/** What the adapter knows about the call that failed. */
export interface ErrorContext {
  /** IAM prefix: `codebuild`, `codepipeline`, `logs`. */
  service: string;
  /** API name, e.g. `StartBuild`. */
  operation: string;
  /** Lower-case phrase that reads after "Could not", e.g. `start build for`. */
  verb: string;
  resource?: string;
  /** The profile in use (undefined: the default chain). */
  profile?: string;
  /** Whether that profile signs in through IAM Identity Center. */
  ssoProfile?: boolean;
  /** Whether the credentials are the AWS_ACCESS_KEY_ID/... environment variables (no profile's). */
  envCredentials?: boolean;
  /** host:port of the endpoint, for network errors; never a full URL. */
  endpointHost?: string;
  /** Secret strings to scrub from any text we keep (current secret key, session token). */
  secrets?: readonly string[];
}

const ENV_HINT =
  'These credentials come from the AWS_ACCESS_KEY_ID environment variables VS Code was started with: ' +
  'refresh them and restart VS Code, or set up a profile with "aws configure" and add it as a connection.';

const PROVIDER_ERRORS = new Set(['CredentialsProviderError', 'TokenProviderError', 'ProviderError']);
const EXPIRED_CODES = new Set([
  'ExpiredTokenException',
  'ExpiredToken',
  'TokenRefreshRequired',
  'RequestExpired',
]);
const REJECTED_CODES = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'IncompleteSignatureException',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'InvalidAccessKeyId',
  'AuthFailure',
]);
const DENIED_CODES = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'NotAuthorized',
]);
const THROTTLE_CODES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);
const NETWORK_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);

/** Sort any thrown value into an AwsError; an AwsError passes through unchanged. */
export function toAwsError(err: unknown, ctx: ErrorContext): AwsError {
  if (err instanceof AwsError) return err;
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
  };
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const rawMessage = typeof e.message === 'string' ? e.message : '';
  const sysCode = typeof e.code === 'string' ? e.code : undefined;
  const status = e.$metadata?.httpStatusCode;
  const action = `${ctx.service}:${ctx.operation}`;
  const profileName = ctx.profile ?? 'default';
  const base = {
    operation: action,
    resource: ctx.resource,
    verb: ctx.verb,
    httpStatus: status,
    requestId: e.$metadata?.requestId,
    attempts: e.$metadata?.attempts,
  };
  const message = redact(rawMessage, ctx.secrets).slice(0, 300);

  if (PROVIDER_ERRORS.has(name)) {
    const sso = ctx.ssoProfile === true || /\bSSO\b/i.test(rawMessage);
    if (sso) {
      return new AwsError({
        ...base,
        kind: 'credentials',
        code: name,
        expired: true,
        ssoProfile: profileName,
        reason: /expired/i.test(rawMessage) ? 'the SSO session has expired' : 'not signed in to AWS SSO',
        hint: `Run "aws sso login --profile ${profileName}", then retry.`,
        remedy: 'ssoLogin',
      });
    }
    const none = /could not load credentials from any providers/i.test(rawMessage);
    // What the process printed is not shown (it may hold secrets): the user can see it themselves.
    const processHint = /\bcredential_process\b/.test(rawMessage)
      ? `Run the credential_process of profile ${profileName} in a terminal to see why it failed.`
      : undefined;
    return new AwsError({
      ...base,
      kind: 'credentials',
      code: name,
      reason: none ? `no AWS credentials found for profile ${profileName}` : `credentials: ${message}`,
      hint: none ? 'Configure the profile with "aws configure", or select another profile.' : processHint,
      remedy: 'selectProfile',
    });
  }
  if (EXPIRED_CODES.has(name)) {
    return new AwsError({
      ...base,
      kind: 'credentials',
      code: name,
      expired: true,
      ssoProfile: ctx.ssoProfile ? profileName : undefined,
      reason: 'the credentials have expired',
      hint: ctx.ssoProfile
        ? `Run "aws sso login --profile ${profileName}", then retry.`
        : ctx.envCredentials
          ? ENV_HINT
          : `Refresh the credentials of profile ${profileName}, then retry.`,
      fromEnvironment: !ctx.ssoProfile && ctx.envCredentials === true,
      remedy: ctx.ssoProfile ? 'ssoLogin' : 'selectProfile',
    });
  }
  if (REJECTED_CODES.has(name)) {
    return new AwsError({
      ...base,
      kind: 'credentials',
      code: name,
      reason: `the credentials were rejected (${name})`,
      hint: `Check the credentials of profile ${profileName}.`,
      remedy: 'selectProfile',
    });
  }
  if (DENIED_CODES.has(name) || (status === 403 && !THROTTLE_CODES.has(name))) {
    const stated = /perform: ([a-z0-9-]+:[A-Za-z0-9]+)/.exec(rawMessage)?.[1];
    return new AwsError({
      ...base,
      kind: 'accessDenied',
      code: name,
      reason: `access denied (${stated ?? action})`,
      remedy: 'none',
    });
  }
  if (name === 'ResourceNotFoundException' || /NotFound(Exception)?$/.test(name) || name === 'NoSuchEntity') {
    return new AwsError({ ...base, kind: 'notFound', code: name, reason: 'not found', remedy: 'none' });
  }
  if (THROTTLE_CODES.has(name) || status === 429) {
    return new AwsError({
      ...base,
      kind: 'throttled',
      code: name,
      transient: true,
      reason: 'AWS is throttling requests, try again shortly',
      remedy: 'retry',
    });
  }
  if ((sysCode && NETWORK_CODES.has(sysCode)) || NETWORK_NAMES.has(name) || isSocketMessage(rawMessage)) {
    const where = ctx.endpointHost ? `cannot reach ${ctx.endpointHost}` : 'network error';
    return new AwsError({
      ...base,
      kind: 'network',
      code: sysCode ?? name,
      transient: true,
      reason: `${where} (${sysCode ?? name})`,
      remedy: 'retry',
    });
  }
  if (status !== undefined && status >= 500) {
    return new AwsError({
      ...base,
      kind: 'other',
      code: name,
      transient: true,
      reason: `service error ${status} (${name})`,
      remedy: 'retry',
    });
  }
  if (/region is missing/i.test(rawMessage)) {
    return new AwsError({
      ...base,
      kind: 'other',
      code: name,
      reason: `no region set for profile ${profileName}`,
      hint: 'Set a region for the profile, or pick one.',
      remedy: 'selectProfile',
    });
  }
  return new AwsError({
    ...base,
    kind: 'other',
    code: name,
    reason: message ? `${name}: ${message}` : name,
    remedy: 'none',
  });
}

function isSocketMessage(message: string): boolean {
  return /socket hang up|ECONNRESET|ECONNREFUSED|other side closed/i.test(message);
}

const SECRET_PATTERNS: [RegExp, string][] = [
  [/\b(AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z0-9]{16}\b/g, '$1****************'],
  [/(X-Amz-(?:Signature|Security-Token|Credential))=[^&\s"']+/gi, '$1=***'],
  [/(Signature=)[0-9a-f]{64}/gi, '$1***'],
  [/(Authorization:?\s*)(AWS4-HMAC-SHA256|Bearer)[^\n"]*/gi, '$1***'],
  [/(aws_secret_access_key|aws_session_token)\s*=\s*\S+/gi, '$1=***'],
  [
    /("?(?:SecretAccessKey|SessionToken|secretAccessKey|sessionToken|accessToken)"?\s*:\s*)"[^"]*"/g,
    '$1"***"',
  ],
];

/** Scrub known secrets and anything shaped like a key, token or signature out of a text. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 8) out = out.split(secret).join('***');
  }
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
