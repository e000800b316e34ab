// What the explorer's real-host suites share: the fake's control server ($E2E_AWS_FAKE_CONTROL) and
// the rows of the two views as the user sees them.
import * as assert from 'node:assert/strict';
import type { NodeSnapshot } from '../../../client/src/explorer/tree';
import { api } from './helpers';

export const PIPELINES = 'awsCicd.pipelines';
export const CODEBUILD = 'awsCicd.codebuild';
export const CONTROL = process.env.E2E_AWS_FAKE_CONTROL;

export async function control(path: string, body: unknown = {}): Promise<unknown> {
  const res = await fetch(`${CONTROL}${path}`, { method: 'POST', body: JSON.stringify(body) });
  assert.equal(res.status, 200, `fake control ${path}`);
  return res.json();
}

export async function children(viewId: string, parentId?: string): Promise<NodeSnapshot[]> {
  return (await api()).explorer.children(viewId, parentId);
}

export async function root(viewId: string): Promise<NodeSnapshot> {
  const roots = await children(viewId);
  assert.equal(roots.length, 1, `one connection root: ${roots.map((r) => r.label).join(', ')}`);
  return roots[0];
}

export function byLabel(rows: NodeSnapshot[], label: string): NodeSnapshot {
  const row = rows.find((r) => r.label === label);
  assert.ok(row, `no row "${label}" among ${rows.map((r) => r.label).join(', ')}`);
  return row;
}

/**
 * Runs an explorer command through the test API, as an unattended caller whose options
 * (`confirm: false`, prompt values) count; VS Code's command registry honours them only in test mode.
 */
export async function run<T = unknown>(command: string, ...args: unknown[]): Promise<T | undefined> {
  return (await (await api()).explorer.run(command, ...args)) as T | undefined;
}
