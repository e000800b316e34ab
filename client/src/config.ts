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

  /** Extra glob patterns, from `awsCicd.files.<language>`, whose files are switched to that language. */
  extraPatterns(language: SpecLanguage): string[] {
    const value = this.section.get<unknown>(`files.${language}`, []);
    return Array.isArray(value)
      ? value.filter((p): p is string => typeof p === 'string' && p.trim() !== '')
      : [];
  }

  /** Whether a configuration change touches a setting that changes file associations. */
  static affectsAssociations(e: vscode.ConfigurationChangeEvent): boolean {
    return e.affectsConfiguration(`${CONFIG_SECTION}.files`);
  }
}
