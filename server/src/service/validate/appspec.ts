/** AppSpec rules beyond the model: versions, hooks, scripts and platform-specific properties. */
import { isMap, isScalar } from 'yaml';
import { documentRoles } from '../facts/roles';
import type { Reporter } from '../findings';
import { LIFECYCLE, type AppSpecPlatform } from '../model/appspec';
import type { DocumentRoles } from '../model/roles';
import { asMap } from '../model/types';
import { dirOf, resolveUnder } from '../paths';
import { entries, isPlain, items, scalarText, type YNode } from '../yamlUtil';
import { looksTemplated } from './schema';

export interface AppSpecOptions {
  /** Whether a file exists; absent when the caller cannot look (a browser, a test). */
  readonly fileExists?: (uri: string) => boolean;
}

const MAX_EVENT_SECONDS = 3600;

export function checkAppSpec(r: Reporter, platform: AppSpecPlatform, options: AppSpecOptions): void {
  if (!isMap(r.doc.yaml.contents)) return;
  const roles = documentRoles(r.doc);
  checkVersion(r, roles, platform);
  if (platform === 'ec2') checkEc2(r, roles, options);
  else checkHookList(r, roles, platform);
  if (platform === 'ecs') checkEcs(r, roles);
  if (platform === 'lambda') checkLambda(r, roles);
}

function checkVersion(r: Reporter, roles: DocumentRoles, platform: AppSpecPlatform): void {
  const node = roles.first('version')?.node;
  if (!isScalar(node) || !node.range) return;
  const text = scalarText(node, r.doc.text) ?? '';
  const numeric = typeof node.value === 'number' && node.value === 0;
  // Unquoted even in JSON, where 0.0 is a number: the agent compares with the number.
  const fix = r.replace("Change to '0.0'", node.range[0], node.range[1], '0.0');
  if (platform === 'ec2') {
    // The agent compares the parsed value with the number 0.0, so "0.0" in quotes fails too.
    if (!numeric)
      r.report(
        'invalid-version',
        `The CodeDeploy agent only accepts version 0.0, unquoted: \`${r.doc.text.slice(node.range[0], node.range[1])}\``,
        node,
        { fixes: [fix] },
      );
  } else if (text !== '0.0' && !(numeric && isPlain(node))) {
    r.report('nonstandard-version', `The AppSpec version should be 0.0: \`${text}\``, node, { fixes: [fix] });
  }
}

function checkEc2(r: Reporter, roles: DocumentRoles, options: AppSpecOptions): void {
  const os = scalarText(roles.first('os')?.node, r.doc.text);
  const permissions = roles.first('permissions');
  if (os === 'windows' && permissions?.key) {
    r.report(
      'windows-permissions',
      '`permissions` are only supported on Linux instances; this file is for windows',
      permissions.key,
    );
  }
  for (const { node: mode } of roles.all('fileMode')) {
    const text = scalarText(mode, r.doc.text);
    if (text !== undefined && !looksTemplated(text) && !/^[0-7]{1,4}$/.test(text)) {
      r.report(
        'invalid-value',
        `\`mode\` should be an octal mode of 1 to 4 digits such as 644: \`${text}\``,
        mode,
      );
    }
  }
  const hooks = roles.first('ec2Hooks');
  const order = LIFECYCLE.ec2.filter((e) => !e.reserved).map((e) => e.name);
  checkOrder(
    r,
    entries(hooks?.node).map((e) => ({ name: e.key, node: e.keyNode })),
    order,
  );
  for (const hook of hooks ? roles.inside(hooks, 'hookScripts') : []) {
    if (!hook.key) continue;
    let total = 0;
    let anyTimeout = false;
    for (const script of roles.inside(hook, 'hookEntry')) {
      const timeout = roles.inside(script, 'hookTimeout')[0]?.node;
      const seconds = isScalar(timeout) ? Number(timeout.value) : NaN;
      if (timeout !== undefined) anyTimeout = true;
      if (isScalar(timeout) && Number.isFinite(seconds)) {
        if (seconds <= 0)
          r.report(
            'invalid-value',
            `\`timeout\` must be more than 0 seconds: \`${String(timeout.value)}\``,
            timeout,
          );
        total += seconds;
      } else if (!isScalar(timeout)) total += MAX_EVENT_SECONDS;
      checkScript(r, roles.inside(script, 'hookScript')[0]?.node, options);
    }
    if (total > MAX_EVENT_SECONDS && anyTimeout) {
      r.report(
        'hook-timeout-sum',
        `The scripts of \`${hook.name}\` may run ${total} seconds together; one event allows at most ${MAX_EVENT_SECONDS}`,
        hook.key,
      );
    }
  }
}

function checkScript(r: Reporter, location: YNode, options: AppSpecOptions): void {
  const path = scalarText(location, r.doc.text);
  if (!path || !options.fileExists || looksTemplated(path)) return;
  const uri = resolveUnder(dirOf(r.doc.uri), path);
  if (uri && !options.fileExists(uri)) {
    r.report(
      'script-not-found',
      `No such script in the workspace, relative to the AppSpec file: ${path}`,
      location,
    );
  }
}

function checkOrder(r: Reporter, hooks: { name: string; node: YNode }[], order: readonly string[]): void {
  let last = -1;
  let lastName = '';
  for (const h of hooks) {
    const i = order.indexOf(h.name);
    if (i < 0) continue;
    if (i < last) {
      r.report(
        'hook-order',
        `\`${h.name}\` runs before \`${lastName}\`; listing hooks in the order they run makes the file easier to follow`,
        h.node,
      );
    } else {
      last = i;
      lastName = h.name;
    }
  }
}

function checkHookList(r: Reporter, roles: DocumentRoles, platform: 'ecs' | 'lambda'): void {
  const found = items(roles.first('serviceHooks')?.node).flatMap((item) =>
    entries(item).map((e) => ({ name: e.key, node: e.keyNode, value: e.value })),
  );
  const order = LIFECYCLE[platform].filter((e) => !e.reserved).map((e) => e.name);
  const lower = order.map((n) => n.toLowerCase());
  checkOrder(
    r,
    found.map((h) => ({ ...h, name: order[lower.indexOf(h.name.toLowerCase())] ?? h.name })),
    order,
  );
}

function checkEcs(r: Reporter, roles: DocumentRoles): void {
  for (const awsvpc of roles.all('awsvpc')) {
    if (!isMap(awsvpc.node)) continue;
    // The settings that only work together: every key the model gives this mapping.
    const names = Object.keys(asMap(awsvpc.spec)?.keys ?? {});
    const written = new Set(entries(awsvpc.node).map((e) => e.key));
    const missing = names.filter((n) => !written.has(n));
    if (missing.length && missing.length < names.length) {
      r.report(
        'partial-network-configuration',
        `${awsvpc.name} needs ${names.slice(0, -1).join(', ')} and ${names.at(-1)} together; missing: ${missing.join(', ')}`,
        awsvpc.key ?? awsvpc.node,
      );
    }
  }
}

function checkLambda(r: Reporter, roles: DocumentRoles): void {
  for (const props of roles.all('lambdaProperties')) {
    const current = roles.inside(props, 'lambdaCurrentVersion')[0]?.node;
    const target = roles.inside(props, 'lambdaTargetVersion')[0]?.node;
    for (const v of [current, target]) {
      const text = scalarText(v, r.doc.text);
      // Words are placeholders a pipeline fills in; only number-like values can be checked.
      if (text !== undefined && /^[-+.\d]+$/.test(text) && !/^[1-9]\d*$/.test(text)) {
        r.report('invalid-value', `A Lambda version is a positive whole number: \`${text}\``, v);
      }
    }
    const [a, b] = [scalarText(current, r.doc.text), scalarText(target, r.doc.text)];
    if (a !== undefined && a === b && /^\d+$/.test(a)) {
      r.report(
        'lambda-same-version',
        `CurrentVersion and TargetVersion are both ${a}; CodeDeploy rejects this unless the deployment is all-at-once`,
        target,
      );
    }
  }
}
