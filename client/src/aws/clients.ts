// The signed SDK clients of one profile/region pair: its credentials, its resolved endpoints and one
// configured SDK client per service. Every call goes through `call`, which bounds concurrency, times the call,
// and turns any failure into an AwsError. This file and the service files beside it are the only
// code that touches the SDK.
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { toAwsError, type AwsErrorKind } from './errors';
import { Semaphore } from './limit';
import { fromCredentialProcess } from './process';
import {
  credentialProcessOf,
  describeProfile,
  resolveEndpoints,
  resolveRetrySettings,
  type Endpoints,
  type ProfileKind,
  type ServiceKey,
} from './profiles';
import { retryPolicy, sdkRetryConfig, type RetryPolicy } from './retry';

export interface ConnectionOptions {
  /** A profile from the shared files; undefined takes the default chain (env, AWS_PROFILE, default). */
  profile?: string;
  /** undefined: the profile's region, else AWS_REGION. */
  region?: string;
  /** Asked for a code when an assume-role profile has `mfa_serial`; reject to cancel. */
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
  /**
   * One endpoint for every service (LocalStack and the like). Fill it ONLY from a machine-scoped
   * setting: never from workspace or folder settings, which a cloned repository controls.
   */
  endpointOverride?: string;
  /** Calls in flight per service client. */
  maxConcurrency?: number;
  /** Attempts per call, first one included; undefined: the user's `max_attempts`, else 5 (retry.ts). */
  maxAttempts?: number;
  /**
   * undefined: the user's `retry_mode`, else 'standard' (backoff only; retry.ts says why). 'adaptive':
   * after a throttle the client also slows its sending rate, every call of the client included.
   */
  retryMode?: 'adaptive' | 'standard';
  requestTimeoutMs?: number;
  /** Told about every call: names, duration and outcome only, never a request or a credential. */
  onCall?: (event: CallEvent) => void;
  /** Environment to read endpoint variables from (tests). */
  env?: NodeJS.ProcessEnv;
}

export interface CallEvent {
  service: ServiceKey;
  operation: string;
  resource?: string;
  durationMs: number;
  /** HTTP attempts the SDK made, retries included. */
  attempts?: number;
  ok: boolean;
  errorKind?: AwsErrorKind;
}

/** What a service module says about the call it is about to make. */
export interface CallSpec {
  service: 'codebuild' | 'codepipeline' | 'logs';
  operation: string;
  /** Reads after "Could not": `start build for`, `list pipelines`. */
  verb: string;
  resource?: string;
}

const IAM_PREFIX = { codebuild: 'codebuild', codepipeline: 'codepipeline', logs: 'logs' } as const;
const PUBLIC_HOST = { codebuild: 'codebuild', codepipeline: 'codepipeline', logs: 'logs' } as const;

// The SDK logs through this; we drop everything so no SDK debug text (which can include request
// details) reaches the output channel. Our own record of calls goes through `onCall`.
const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

type CredentialProvider = ReturnType<typeof fromNodeProviderChain>;

export class AwsClients {
  readonly codebuild: CodeBuildClient;
  readonly codepipeline: CodePipelineClient;
  readonly logs: CloudWatchLogsClient;
  private readonly gates: Record<CallSpec['service'], Semaphore>;
  private secrets: string[] = [];

  private constructor(
    readonly options: ConnectionOptions,
    readonly endpoints: Endpoints,
    readonly profileKind: ProfileKind | undefined,
    credentialProcess: string | undefined,
    /** How the clients retry, and where that came from. */
    readonly retry: RetryPolicy,
  ) {
    const limit = options.maxConcurrency ?? 6;
    this.gates = {
      codebuild: new Semaphore(limit),
      codepipeline: new Semaphore(limit),
      logs: new Semaphore(limit),
    };
    const profileName = options.profile ?? (options.env ?? process.env).AWS_PROFILE ?? 'default';
    const credentials = this.remembering(
      credentialProcess !== undefined
        ? fromCredentialProcess(profileName, credentialProcess)
        : fromNodeProviderChain({
            profile: options.profile,
            mfaCodeProvider: options.mfaCodeProvider,
            logger: silent,
            // The STS, SSO and SSO-OIDC clients the chain uses follow an explicit override too.
            clientConfig: {
              region: options.region,
              logger: silent,
              ...(options.endpointOverride ? { endpoint: options.endpointOverride } : {}),
            },
          }),
      profileName,
    );
    const common = {
      region: options.region,
      profile: options.profile,
      credentials,
      logger: silent,
      requestHandler: { connectionTimeout: 5_000, requestTimeout: options.requestTimeoutMs ?? 30_000 },
      // We resolved the endpoints ourselves (see profiles.ts); stop the SDK looking them up again
      // for AWS_PROFILE, which may not be this connection's profile.
      ignoreConfiguredEndpointUrls: true,
    };
    this.codebuild = new CodeBuildClient({
      ...common,
      ...sdkRetryConfig(retry),
      endpoint: endpoints.codebuild,
    });
    this.codepipeline = new CodePipelineClient({
      ...common,
      ...sdkRetryConfig(retry),
      endpoint: endpoints.codepipeline,
    });
    this.logs = new CloudWatchLogsClient({ ...common, ...sdkRetryConfig(retry), endpoint: endpoints.logs });
  }

  /** Resolves endpoints and the profile's kind, then builds the clients. Makes no network call. */
  static async open(options: ConnectionOptions = {}): Promise<AwsClients> {
    const endpoints = await resolveEndpoints({
      profile: options.profile,
      endpointOverride: options.endpointOverride,
      env: options.env,
    });
    const env = options.env ?? process.env;
    const name = options.profile ?? env.AWS_PROFILE;
    const profile = name === undefined ? undefined : await describeProfile(name);
    // Keys in the environment win over AWS_PROFILE (not over an explicit profile), as in the SDK.
    const fromProfile = options.profile !== undefined || !env.AWS_ACCESS_KEY_ID;
    const command =
      name !== undefined && fromProfile && profile?.kind === 'process'
        ? await credentialProcessOf(name)
        : undefined;
    const retry = retryPolicy(options, await resolveRetrySettings({ profile: options.profile, env }));
    return new AwsClients(options, endpoints, profile?.kind, command, retry);
  }

  /** A label for the tree root, e.g. `dev (eu-west-1)`. */
  get label(): string {
    return `${this.options.profile ?? 'default'}${this.options.region ? ` (${this.options.region})` : ''}`;
  }

  /** The region calls go to, as the SDK resolved it. */
  async region(): Promise<string> {
    return this.codebuild.config.region();
  }

  /** Runs one SDK call under the service's concurrency limit; failures become AwsError. */
  async call<T>(spec: CallSpec, send: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const out = await this.gates[spec.service].run(send);
      this.report(spec, started, true, attemptsOf(out));
      return out;
    } catch (err) {
      const error = toAwsError(err, {
        service: IAM_PREFIX[spec.service],
        operation: spec.operation,
        verb: spec.verb,
        resource: spec.resource,
        profile: this.options.profile ?? (this.options.env ?? process.env).AWS_PROFILE,
        ssoProfile: this.profileKind === 'sso',
        // Keys in the environment win over AWS_PROFILE (not over an explicit profile), as in the SDK.
        envCredentials:
          this.options.profile === undefined && !!(this.options.env ?? process.env).AWS_ACCESS_KEY_ID,
        endpointHost: this.hostOf(spec.service),
        secrets: this.secrets,
      });
      this.report(spec, started, false, error.attempts, error.kind);
      throw error;
    }
  }

  /** Closes the clients' sockets. */
  dispose(): void {
    this.codebuild.destroy();
    this.codepipeline.destroy();
    this.logs.destroy();
    this.secrets = [];
  }

  private report(spec: CallSpec, started: number, ok: boolean, attempts?: number, errorKind?: AwsErrorKind) {
    const onCall = this.options.onCall;
    if (!onCall) return;
    try {
      onCall({
        service: spec.service,
        operation: spec.operation,
        resource: spec.resource,
        durationMs: Math.round(performance.now() - started),
        attempts,
        ok,
        errorKind,
      });
    } catch {
      // A broken listener must not turn a good call into a failure.
    }
  }

  private hostOf(service: CallSpec['service']): string | undefined {
    const endpoint = this.endpoints[service];
    if (endpoint) return new URL(endpoint).host;
    return this.options.region ? `${PUBLIC_HOST[service]}.${this.options.region}.amazonaws.com` : undefined;
  }

  // Keeps the current secret key and session token only so that error text can be scrubbed of them.
  // Anything that fails while getting credentials (an STS AssumeRole refusing the MFA code, a
  // cancelled MFA prompt, a credential_process exiting non-zero) is a credentials problem, whatever
  // the inner error is called: mark it so, or an STS AccessDenied would read as a denied API call.
  private remembering(inner: CredentialProvider, profileName: string): CredentialProvider {
    const wrapped = async (...args: Parameters<CredentialProvider>) => {
      try {
        const creds = await inner(...args);
        this.secrets = [creds.secretAccessKey, creds.sessionToken ?? ''].filter(Boolean);
        return creds;
      } catch (err) {
        const e = err as { name?: unknown; message?: unknown } | undefined;
        let message = typeof e?.message === 'string' ? e.message : String(err);
        // A credential_process the SDK ran (one a source_profile names): its error text is the
        // command line and its stderr, which may hold secrets. Keep neither.
        if (/^Command failed:/.test(message))
          message = `a credential_process of profile ${profileName} (or its source profile) failed`;
        else if (e?.name === 'CredentialsProviderError' || e?.name === 'TokenProviderError') throw err;
        throw Object.assign(new Error(message), { name: 'CredentialsProviderError' });
      }
    };
    return wrapped;
  }
}

function attemptsOf(out: unknown): number | undefined {
  const meta = (out as { $metadata?: { attempts?: number } } | undefined)?.$metadata;
  return meta?.attempts;
}
