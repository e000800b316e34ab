// The user's AWS setup as the AWS CLI reads it: profiles from ~/.aws/config and ~/.aws/credentials
// (or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE), their regions, and endpoint overrides.
//
// Endpoints are resolved here rather than left to the SDK because the SDK's own lookup of a profile's
// `endpoint_url` reads AWS_PROFILE (or `default`), not the profile a client was created with; with
// several profile/region roots side by side, that would send one root's traffic to another's endpoint.
import { loadSharedConfigFiles } from '@smithy/core/config';

/** The services the adapter talks to, with the names AWS uses for their endpoint settings. */
export const SERVICES = {
  codebuild: { env: 'CODEBUILD', config: 'codebuild' },
  codepipeline: { env: 'CODEPIPELINE', config: 'codepipeline' },
  logs: { env: 'CLOUDWATCH_LOGS', config: 'cloudwatch_logs' },
  sts: { env: 'STS', config: 'sts' },
} as const;
export type ServiceKey = keyof typeof SERVICES;

export type ProfileKind = 'sso' | 'assumeRole' | 'process' | 'static' | 'webIdentity' | 'other';

export interface ProfileInfo {
  name: string;
  region?: string;
  kind: ProfileKind;
  /** Assuming the role asks for an MFA code. */
  mfa: boolean;
  endpointUrl?: string;
  /** Which files mention it. */
  sources: ('config' | 'credentials')[];
}

type Section = Record<string, string | undefined>;
interface SharedFiles {
  config: Record<string, Section>;
  credentials: Record<string, Section>;
}

async function loadFiles(): Promise<SharedFiles> {
  // ignoreCache: the user may have edited the files (or run `aws sso login`) since the last read.
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
  return { config: configFile, credentials: credentialsFile };
}

function isProfileKey(key: string): boolean {
  return !key.startsWith('sso-session.') && !key.startsWith('services.');
}

function merged(files: SharedFiles, name: string): Section | undefined {
  const fromCredentials = files.credentials[name];
  const fromConfig = files.config[name];
  if (!fromCredentials && !fromConfig) return undefined;
  // As the SDK does for settings: the config file wins over the credentials file.
  return { ...fromCredentials, ...fromConfig };
}

function kindOf(p: Section): ProfileKind {
  if (p.sso_session || p.sso_start_url) return 'sso';
  if (p.role_arn && p.web_identity_token_file) return 'webIdentity';
  if (p.role_arn) return 'assumeRole';
  if (p.credential_process) return 'process';
  if (p.aws_access_key_id) return 'static';
  return 'other';
}

/** Every profile in the shared config and credentials files, sorted by name, `default` first. */
export async function listProfiles(): Promise<ProfileInfo[]> {
  const files = await loadFiles();
  const names = new Set([
    ...Object.keys(files.config).filter(isProfileKey),
    ...Object.keys(files.credentials).filter(isProfileKey),
  ]);
  const out: ProfileInfo[] = [];
  for (const name of names) {
    const p = merged(files, name) ?? {};
    const sources: ProfileInfo['sources'] = [];
    if (files.config[name]) sources.push('config');
    if (files.credentials[name]) sources.push('credentials');
    out.push({
      name,
      region: p.region,
      kind: kindOf(p),
      mfa: Boolean(p.mfa_serial),
      endpointUrl: p.endpoint_url,
      sources,
    });
  }
  return out.sort((a, b) =>
    a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name),
  );
}

/** One profile, or undefined when neither file has it. */
export async function describeProfile(name: string): Promise<ProfileInfo | undefined> {
  return (await listProfiles()).find((p) => p.name === name);
}

export interface EndpointOptions {
  /** The profile of the connection; undefined means what the CLI would use (AWS_PROFILE, else default). */
  profile?: string;
  /**
   * An explicit endpoint for every service, from a MACHINE-scoped setting only. A workspace setting
   * must never reach this: a cloned repository could otherwise send the user's signed requests
   * (and the credentials they prove) to a server of its choosing.
   */
  endpointOverride?: string;
  env?: NodeJS.ProcessEnv;
}

export type Endpoints = Record<ServiceKey, string | undefined>;

/**
 * The endpoint of each service, in the AWS CLI's order: explicit override, AWS_ENDPOINT_URL_<SERVICE>,
 * AWS_ENDPOINT_URL, the profile's `services` section, the profile's `endpoint_url`. Undefined means
 * the service's public endpoint for the region. `ignore_configured_endpoint_urls` (setting or
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) turns off all but the override.
 */
export async function resolveEndpoints(options: EndpointOptions = {}): Promise<Endpoints> {
  const env = options.env ?? process.env;
  const out = {} as Endpoints;
  const keys = Object.keys(SERVICES) as ServiceKey[];
  if (options.endpointOverride) {
    const url = checkUrl(options.endpointOverride, 'the endpoint override');
    for (const k of keys) out[k] = url;
    return out;
  }
  const files = await loadFiles();
  const name = options.profile ?? env.AWS_PROFILE ?? 'default';
  const profile = merged(files, name) ?? {};
  const ignore =
    isTrue(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) || isTrue(profile.ignore_configured_endpoint_urls);
  const services = profile.services ? files.config[`services.${profile.services}`] : undefined;
  for (const k of keys) {
    if (ignore) {
      out[k] = undefined;
      continue;
    }
    const { env: envName, config } = SERVICES[k];
    const found =
      env[`AWS_ENDPOINT_URL_${envName}`] ||
      env.AWS_ENDPOINT_URL ||
      services?.[`${config}.endpoint_url`] ||
      profile.endpoint_url;
    out[k] = found ? checkUrl(found, `the endpoint for ${k}`) : undefined;
  }
  return out;
}

/** What the user's AWS setup says about retries; each field undefined when it says nothing usable. */
export interface RetrySettings {
  mode?: 'standard' | 'adaptive' | 'legacy';
  maxAttempts?: number;
}

/**
 * `retry_mode` and `max_attempts` as the AWS CLI reads them: AWS_RETRY_MODE and AWS_MAX_ATTEMPTS first,
 * then the profile's settings (the connection's profile, else AWS_PROFILE, else `default`). A value
 * that is not a mode or not a whole number of at least 1 counts as unset, rather than failing every call.
 */
export async function resolveRetrySettings(
  options: { profile?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RetrySettings> {
  const env = options.env ?? process.env;
  const files = await loadFiles();
  const profile = merged(files, options.profile ?? env.AWS_PROFILE ?? 'default') ?? {};
  const mode = [env.AWS_RETRY_MODE, profile.retry_mode].map((v) => v?.trim().toLowerCase()).find(Boolean);
  const attempts = [env.AWS_MAX_ATTEMPTS, profile.max_attempts].map((v) => v?.trim()).find(Boolean);
  const count = attempts !== undefined && /^\d{1,3}$/.test(attempts) ? Number(attempts) : undefined;
  return {
    mode: mode === 'standard' || mode === 'adaptive' || mode === 'legacy' ? mode : undefined,
    maxAttempts: count !== undefined && count >= 1 ? count : undefined,
  };
}

function isTrue(value: string | undefined): boolean {
  return value?.toLowerCase() === 'true';
}

function checkUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`Invalid URL for ${what}: ${value}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`Invalid URL for ${what}: only http and https are allowed: ${value}`);
  }
  return value;
}

/**
 * The `credential_process` command of a profile, when that is how the SDK would get its credentials
 * (no static keys, no role, no SSO beside it); undefined otherwise.
 */
export async function credentialProcessOf(name: string): Promise<string | undefined> {
  const p = merged(await loadFiles(), name);
  if (!p?.credential_process || p.aws_access_key_id || p.role_arn || p.sso_session || p.sso_start_url)
    return undefined;
  return p.credential_process;
}
