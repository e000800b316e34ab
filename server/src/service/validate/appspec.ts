/** AppSpec rules beyond the model: versions, hooks, scripts and platform-specific properties. */
import { isMap, isScalar } from 'yaml';
import type { Reporter } from '../findings';
import { LIFECYCLE, type AppSpecPlatform } from '../model/appspec';
import { dirOf, resolveUnder } from '../paths';
import { entries, get, isPlain, items, scalarText, type YNode } from '../yamlUtil';
import { looksTemplated } from './schema';

export interface AppSpecOptions {
  /** Whether a file exists; absent when the caller cannot look (a browser, a test). */
  readonly fileExists?: (uri: string) => boolean;
}

const MAX_EVENT_SECONDS = 3600;

export function checkAppSpec(r: Reporter, platform: AppSpecPlatform, options: AppSpecOptions): void {
  const root = r.doc.yaml.contents as YNode;
  if (!isMap(root)) return;
  checkVersion(r, root, platform);
  if (platform === 'ec2') checkEc2(r, root, options);
  else checkHookList(r, get(root, 'Hooks', platform === 'lambda'), platform);
  if (platform === 'ecs') checkEcs(r, root);
  if (platform === 'lambda') checkLambda(r, root);
}

function checkVersion(r: Reporter, root: YNode, platform: AppSpecPlatform): void {
  const node = get(root, 'version');
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

function checkEc2(r: Reporter, root: YNode, options: AppSpecOptions): void {
  const os = scalarText(get(root, 'os'), r.doc.text);
  const permissions = entries(root).find((e) => e.key === 'permissions');
  if (os === 'windows' && permissions) {
    r.report(
      'windows-permissions',
      '`permissions` are only supported on Linux instances; this file is for windows',
      permissions.keyNode,
    );
  }
  for (const p of items(permissions?.value)) {
    const mode = get(p, 'mode');
    const text = scalarText(mode, r.doc.text);
    if (text !== undefined && !looksTemplated(text) && !/^[0-7]{1,4}$/.test(text)) {
      r.report(
        'invalid-value',
        `\`mode\` should be an octal mode of 1 to 4 digits such as 644: \`${text}\``,
        mode,
      );
    }
  }
  const hooks = get(root, 'hooks');
  const order = LIFECYCLE.ec2.filter((e) => !e.reserved).map((e) => e.name);
  checkOrder(
    r,
    entries(hooks).map((e) => ({ name: e.key, node: e.keyNode })),
    order,
  );
  for (const hook of entries(hooks)) {
    if (!order.includes(hook.key)) continue;
    let total = 0;
    for (const script of items(hook.value)) {
      const timeout = get(script, 'timeout');
      const seconds = isScalar(timeout) ? Number(timeout.value) : NaN;
      if (isScalar(timeout) && Number.isFinite(seconds)) {
        if (seconds <= 0)
          r.report(
            'invalid-value',
            `\`timeout\` must be more than 0 seconds: \`${String(timeout.value)}\``,
            timeout,
          );
        total += seconds;
      } else if (!isScalar(timeout)) total += MAX_EVENT_SECONDS;
      checkScript(r, get(script, 'location'), options);
    }
    if (total > MAX_EVENT_SECONDS && items(hook.value).some((s) => get(s, 'timeout') !== undefined)) {
      r.report(
        'hook-timeout-sum',
        `The scripts of \`${hook.key}\` may run ${total} seconds together; one event allows at most ${MAX_EVENT_SECONDS}`,
        hook.keyNode,
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

function checkHookList(r: Reporter, hooks: YNode, platform: 'ecs' | 'lambda'): void {
  const found = items(hooks).flatMap((item) =>
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

function checkEcs(r: Reporter, root: YNode): void {
  for (const resource of items(get(root, 'Resources'))) {
    for (const e of entries(resource)) {
      const awsvpc = get(get(get(e.value, 'Properties'), 'NetworkConfiguration'), 'AwsvpcConfiguration');
      if (!isMap(awsvpc)) continue;
      const names = ['Subnets', 'SecurityGroups', 'AssignPublicIp'];
      const missing = names.filter((n) => get(awsvpc, n) === undefined);
      if (missing.length && missing.length < names.length) {
        const key = entries(get(get(e.value, 'Properties'), 'NetworkConfiguration')).find(
          (x) => x.key === 'AwsvpcConfiguration',
        )?.keyNode;
        r.report(
          'partial-network-configuration',
          `AwsvpcConfiguration needs Subnets, SecurityGroups and AssignPublicIp together; missing: ${missing.join(', ')}`,
          key ?? awsvpc,
        );
      }
    }
  }
}

function checkLambda(r: Reporter, root: YNode): void {
  for (const resource of items(get(root, 'Resources', true))) {
    for (const e of entries(resource)) {
      const props = get(e.value, 'Properties', true);
      const current = get(props, 'CurrentVersion', true);
      const target = get(props, 'TargetVersion', true);
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
}
