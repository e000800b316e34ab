// The one place that reads the extension's configuration: `settings` is the typed getters of
// values.ts over VS Code's configuration, and the few things done with settings besides reading them
// (what changed, writing the connections, what the language server is told in Restricted Mode).
import * as vscode from 'vscode';
import { PREFIX, SETTING, settingId, type SettingKey } from '../ids';
import { Settings, type ProfileRegion } from './values';

export { Settings, MAX_PATTERNS, RESTRICTED } from './values';
export type { NotificationMode, ProfileRegion, SpecLanguage, TraceLevel } from './values';

/** The extension's settings as they are now (each getter reads afresh). */
export const settings = new Settings<vscode.ConfigurationScope>({
  get: (key, scope) => vscode.workspace.getConfiguration(PREFIX, scope).get<unknown>(key),
  inspect: (key, scope) => vscode.workspace.getConfiguration(PREFIX, scope).inspect<unknown>(key),
  isTrusted: () => vscode.workspace.isTrusted,
});

/** Whether a configuration change touches any of `keys` (a key also covers the keys under it). */
export function affects(e: vscode.ConfigurationChangeEvent, ...keys: SettingKey[]): boolean {
  return keys.some((key) => e.affectsConfiguration(settingId(key)));
}

/** Writes the connections to the user's settings (none: the setting is removed, the default applies). */
export async function writeConnections(list: readonly ProfileRegion[]): Promise<void> {
  await vscode.workspace
    .getConfiguration(PREFIX)
    .update(SETTING.connections, list.length ? list : undefined, vscode.ConfigurationTarget.Global);
}

/**
 * The language server pulls `awsCicd` with `workspace/configuration`; in Restricted Mode the answer
 * carries the user's own file patterns, never the workspace's.
 */
export function withoutUntrustedSettings(
  result: unknown[],
  items: readonly { section?: string; scopeUri?: string }[],
): unknown[] {
  if (vscode.workspace.isTrusted) return result;
  return result.map((value, i) => {
    if (items[i]?.section !== PREFIX || !value || typeof value !== 'object') return value;
    const uri = items[i].scopeUri;
    const scope = uri ? vscode.Uri.parse(uri) : undefined;
    const files = {
      buildspec: settings.filePatterns('buildspec', scope),
      appspec: settings.filePatterns('appspec', scope),
    };
    return { ...(value as Record<string, unknown>), files };
  });
}
