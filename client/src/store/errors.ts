// What the store keeps of a failure: no SDK object, only the words and the one action that helps.
// Shared by every view (tree rows, status bar, log documents) so they offer the same remedy.
import type { AwsError, AwsRemedy } from '../aws/errors';

/**
 * The action that fixes a failure: the adapter's; `refreshCredentials` when the credentials are the
 * environment's (no profile to pick instead: the hint says how to refresh them); `showOutput` for a
 * denial that only another permission fixes (retrying cannot help; the output names the refused call).
 */
export type Remedy = AwsRemedy | 'refreshCredentials' | 'showOutput';

export interface ErrorInfo {
  message: string;
  kind: string;
  remedy: Remedy;
  hint?: string;
}

/** Sorts any failure into what a view shows. */
export function errorInfo(err: unknown): ErrorInfo {
  const e = err as Partial<AwsError> | undefined;
  if (e && (e as { name?: unknown }).name === 'AwsError' && typeof e.kind === 'string') {
    if (e.kind === 'accessDenied') {
      const permission = /\(([a-z0-9-]+:[A-Za-z0-9]+)\)/.exec(e.reason ?? '')?.[1];
      const hint = permission ? `Needs the IAM permission ${permission}` : e.hint;
      return { message: e.message ?? 'AWS error', kind: e.kind, remedy: 'showOutput', hint };
    }
    const remedy: Remedy =
      e.fromEnvironment === true && e.remedy === 'selectProfile'
        ? 'refreshCredentials'
        : (e.remedy ?? 'none');
    return { message: e.message ?? 'AWS error', kind: e.kind, remedy, hint: e.hint };
  }
  return { message: err instanceof Error ? err.message : String(err), kind: 'other', remedy: 'retry' };
}

/** Whether a failure may pass by itself (a dropped network, throttling): polling tries it again. */
export function isTransient(error: ErrorInfo | undefined): boolean {
  return error?.remedy === 'retry';
}

/** A load's outcome: its value, or why it failed. */
export type Loaded<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export async function settle<T>(run: () => Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    return { ok: false, error: errorInfo(err) };
  }
}
