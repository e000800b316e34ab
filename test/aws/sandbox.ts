// A throwaway AWS setup for one test: temp config and credentials files, HOME pointed at the temp
// directory (so no real ~/.aws or SSO cache is read), instance metadata off, and every AWS_*
// variable of the real environment cleared. `restore()` puts the environment back.
import assert from 'node:assert/strict';
import { AwsError } from '../../client/src/aws/index';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Fake static credentials the tests sign with; they must never show up in an error. */
export const FAKE_KEY_ID = 'AKIAFAKEKEY000000001';
export const FAKE_SECRET = 'fakeSecretKey/DoNotLeak+0123456789abcdefgh';
export const FAKE_TOKEN = 'fakeSessionToken/DoNotLeak+IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ';

export interface SandboxOptions {
  config?: string;
  credentials?: string;
  env?: Record<string, string | undefined>;
}

export interface Sandbox {
  dir: string;
  configFile: string;
  credentialsFile: string;
  /** Writes an executable script into the sandbox; returns its path. */
  script(name: string, body: string): string;
  restore(): void;
}

export function sandbox(options: SandboxOptions = {}): Sandbox {
  const saved = { ...process.env };
  const dir = mkdtempSync(path.join(tmpdir(), 'aws-sandbox-'));
  mkdirSync(path.join(dir, '.aws'));
  const configFile = path.join(dir, '.aws', 'config');
  const credentialsFile = path.join(dir, '.aws', 'credentials');
  writeFileSync(configFile, options.config ?? '');
  writeFileSync(credentialsFile, options.credentials ?? '');
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
  Object.assign(process.env, {
    HOME: dir,
    USERPROFILE: dir,
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_EC2_METADATA_DISABLED: 'true',
    // Node 20 is supported by the pinned SDK; its notice about 2027 releases is noise in test output.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return {
    dir,
    configFile,
    credentialsFile,
    script(name, body) {
      const file = path.join(dir, name);
      writeFileSync(file, body);
      chmodSync(file, 0o755);
      return file;
    },
    restore() {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Env for signing with the fake static credentials against `url`. */
export function staticEnv(url: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: FAKE_KEY_ID,
    AWS_SECRET_ACCESS_KEY: FAKE_SECRET,
    AWS_SESSION_TOKEN: FAKE_TOKEN,
  };
}

/** The AwsError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function failure(p: Promise<unknown>): Promise<AwsError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof AwsError, `not an AwsError: ${String(err)}`);
    return err;
  }
  assert.fail('expected a failure');
}
