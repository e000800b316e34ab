// How a connection is named wherever it shows (tree roots, the status bar, questions, notifications).
// `npm start` runs the extension against the local fake AWS with AWS_CICD_SANDBOX=1 in the extension
// host's environment: its connection is named as a sandbox, so nobody takes it for a real account.
// The environment only, never a setting: a cloned repository must not relabel a real account.

import type { ProfileRegion } from '../settings/values';

/** Whether the extension host runs against the local fake AWS of `npm start`. */
export function isSandbox(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.AWS_CICD_SANDBOX === '1';
}

/** `default · us-east-1`, or `Sandbox (local fake AWS) · us-east-1` in the sandbox. */
export function connectionLabel(c: ProfileRegion, env: NodeJS.ProcessEnv = process.env): string {
  return `${isSandbox(env) ? 'Sandbox (local fake AWS)' : c.profile} · ${c.region}`;
}
