// Reads the extension's settings in one place, so the rest of the client never spells a setting key.
import * as vscode from 'vscode';

/** The settings section the language server is synchronised with. */
export const CONFIG_SECTION = 'awsCicd';

/** The id the language client uses; `awsCicd.trace.server` follows from it. */
export const CLIENT_ID = 'awsCicd';

/** Language ids this extension owns. */
export type SpecLanguage = 'buildspec' | 'appspec';

/** Documents the language server handles; appspec.json keeps the `json` language for highlighting. */
export const DOCUMENT_SELECTOR: { language: string; pattern?: string }[] = [
  { language: 'buildspec' },
  { language: 'appspec' },
  { language: 'json', pattern: '**/appspec*.json' },
];

/** A snapshot of the settings the client itself acts on. */
export class Config {
  private constructor(private readonly section: vscode.WorkspaceConfiguration) {}

  /** Reads the current settings, optionally for one resource (multi-root workspaces). */
  static read(scope?: vscode.ConfigurationScope): Config {
    return new Config(vscode.workspace.getConfiguration(CONFIG_SECTION, scope));
  }

  /**
   * Extra glob patterns, from `awsCicd.files.<language>`, whose files are switched to that language.
   * In Restricted Mode only the user's own value counts (package.json lists the setting in
   * `restrictedConfigurations`; this holds even where an editor would not apply that list).
   */
  extraPatterns(language: SpecLanguage): string[] {
    return patternList(trustedValue(this.section, `files.${language}`));
  }

  /** Whether a configuration change touches a setting that changes file associations. */
  static affectsAssociations(e: vscode.ConfigurationChangeEvent): boolean {
    return e.affectsConfiguration(`${CONFIG_SECTION}.files`);
  }
}

/** Settings a workspace may not set in Restricted Mode, relative to `awsCicd` (as in package.json). */
export const RESTRICTED_SETTINGS: readonly string[] = ['files.buildspec', 'files.appspec', 'trace.server'];

/** At most this many patterns per language are used; a real workspace names a handful. */
const MAX_PATTERNS = 100;

function patternList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((p): p is string => typeof p === 'string' && p.trim() !== '').slice(0, MAX_PATTERNS)
    : [];
}

/** A setting's value, from user settings and defaults alone while the workspace is not trusted. */
function trustedValue(section: vscode.WorkspaceConfiguration, key: string): unknown {
  if (vscode.workspace.isTrusted) return section.get<unknown>(key);
  const seen = section.inspect<unknown>(key);
  return seen?.globalValue ?? seen?.defaultValue;
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
    if (items[i]?.section !== CONFIG_SECTION || !value || typeof value !== 'object') return value;
    const uri = items[i].scopeUri;
    const scope = uri ? vscode.Uri.parse(uri) : undefined;
    const section = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
    const files = {
      buildspec: patternList(trustedValue(section, 'files.buildspec')),
      appspec: patternList(trustedValue(section, 'files.appspec')),
    };
    return { ...(value as Record<string, unknown>), files };
  });
}
