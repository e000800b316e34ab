// Credentials from a profile's `credential_process`, run by us rather than by the SDK so that a
// failure can be told plainly and safely: which profile, and the exit code. The command line and
// what the command printed stay out of every message, since either may hold a secret (a token on the
// command line, a vault's error echoing a key). The run is bounded: a timeout and an output cap.
import { exec } from 'node:child_process';

/** What the SDK signs with. */
export interface ProcessCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface ProcessOptions {
  timeoutMs?: number;
  /** Bytes of standard output kept; a credentials document is a few kilobytes at most. */
  maxOutputBytes?: number;
}

/** A credentials error the SDK and our error sorting treat as such. */
function providerError(message: string): Error {
  return Object.assign(new Error(message), { name: 'CredentialsProviderError' });
}

/** Runs the command (through the shell, as the AWS CLI and SDK do) and returns its credentials. */
export function fromCredentialProcess(
  profile: string,
  command: string,
  options: ProcessOptions = {},
): () => Promise<ProcessCredentials> {
  const what = `the credential_process of profile ${profile}`;
  // One run serves every client of the connection until the credentials near their expiry.
  let cached: Promise<ProcessCredentials> | undefined;
  const fresh = (c: ProcessCredentials) =>
    c.expiration === undefined || c.expiration.getTime() - Date.now() > 5 * 60_000;
  return async () => {
    const held = cached && (await cached.catch(() => undefined));
    if (held && fresh(held)) return held;
    const run = runOnce();
    cached = run;
    run.catch(() => {
      if (cached === run) cached = undefined;
    });
    return run;
  };

  async function runOnce(): Promise<ProcessCredentials> {
    const stdout = await new Promise<string>((resolve, reject) => {
      exec(
        command,
        {
          timeout: options.timeoutMs ?? 60_000,
          maxBuffer: options.maxOutputBytes ?? 64 * 1024,
          windowsHide: true,
          encoding: 'utf8',
        },
        (err, out) => {
          if (!err) return resolve(out);
          reject(providerError(`${what} ${failureOf(err)}`));
        },
      );
    });
    let doc: Record<string, unknown>;
    try {
      doc = JSON.parse(stdout.trim()) as Record<string, unknown>;
    } catch {
      throw providerError(`${what} printed no JSON credentials document`);
    }
    if (doc.Version !== 1) throw providerError(`${what} printed a document whose Version is not 1`);
    if (typeof doc.AccessKeyId !== 'string' || typeof doc.SecretAccessKey !== 'string')
      throw providerError(`${what} printed no AccessKeyId and SecretAccessKey`);
    const expiration = typeof doc.Expiration === 'string' ? new Date(doc.Expiration) : undefined;
    if (expiration && !(expiration.getTime() > Date.now()))
      throw providerError(`${what} printed credentials that have expired`);
    return {
      accessKeyId: doc.AccessKeyId,
      secretAccessKey: doc.SecretAccessKey,
      ...(typeof doc.SessionToken === 'string' ? { sessionToken: doc.SessionToken } : {}),
      ...(expiration ? { expiration } : {}),
    };
  }
}

// exec's error: `code` is the exit code (a number), or a string for a spawn or buffer failure;
// `killed` with `signal` after the timeout. Its `message` repeats the command and stderr: unused.
function failureOf(err: unknown): string {
  const e = err as { code?: unknown; killed?: boolean; signal?: unknown };
  if (e.killed) return 'did not finish in time';
  if (typeof e.code === 'number') return `exited with code ${e.code}`;
  if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return 'printed more than a credentials document';
  if (typeof e.signal === 'string') return `was ended by signal ${e.signal}`;
  if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) return `could not be started (${e.code})`;
  return 'failed';
}
