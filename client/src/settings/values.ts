// The extension's settings, one typed getter each, over a reader of VS Code's configuration that is
// handed in (index.ts binds it; the unit tests hand in a fake). The trust rules live here too: in
// Restricted Mode the workspace's file patterns and server trace do not count, and the settings that
// choose where signed requests go or what is billed count only from the user's own settings, whatever
// the workspace says and whatever an editor does with `scope`.
import { SETTING, type SettingKey } from '../ids';

/** A setting's value at each level, as `WorkspaceConfiguration.inspect` gives it. */
export interface Inspected {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/** What the getters read: the `awsCicd` section for a scope, and whether the workspace is trusted. */
export interface SettingsReader<Scope> {
  /** The value VS Code settles on (default < user < workspace < folder). */
  get(key: SettingKey, scope?: Scope): unknown;
  inspect(key: SettingKey, scope?: Scope): Inspected | undefined;
  isTrusted(): boolean;
}

/** Settings a workspace may not set in Restricted Mode (package.json `restrictedConfigurations`). */
export const RESTRICTED: readonly SettingKey[] = [
  SETTING.filesBuildspec,
  SETTING.filesAppspec,
  SETTING.traceServer,
];

/** Languages whose extra file patterns are settings. */
export type SpecLanguage = 'buildspec' | 'appspec';

/** A profile and region the explorer shows. */
export interface ProfileRegion {
  profile: string;
  region: string;
}

export type TraceLevel = 'off' | 'messages' | 'verbose';
export type NotificationMode = 'failuresAndApprovals' | 'failures' | 'off';

/** At most this many patterns per language are used; a real workspace names a handful. */
export const MAX_PATTERNS = 100;
/** The log poll interval's floor, as package.json's `minimum` says. */
export const MIN_LOG_POLL_MS = 500;

export class Settings<Scope = unknown> {
  constructor(private readonly reader: SettingsReader<Scope>) {}

  /** Extra glob patterns whose files are switched to `language` (trusted: the workspace's count). */
  filePatterns(language: SpecLanguage, scope?: Scope): string[] {
    const key = language === 'buildspec' ? SETTING.filesBuildspec : SETTING.filesAppspec;
    return patternList(this.trustAware(key, scope));
  }

  /** The CodeBuild image whose runtimes `runtime-versions` is checked against; '' for any. */
  buildspecImage(scope?: Scope): string {
    return stringOr(this.reader.get(SETTING.buildspecImage, scope), '');
  }

  /** Rule code → severity (or `off`). */
  diagnosticsRules(scope?: Scope): Record<string, string> {
    const value = this.reader.get(SETTING.diagnosticsRules, scope);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).filter(
        (e): e is [string, string] => typeof e[1] === 'string',
      ),
    );
  }

  /** How much of the language server's traffic is traced into the output. */
  traceServer(): TraceLevel {
    const value = this.trustAware(SETTING.traceServer);
    return value === 'messages' || value === 'verbose' ? value : 'off';
  }

  /** The configured connections, from user settings only: valid entries, each pair once. */
  connections(): ProfileRegion[] {
    const value = this.userValue(SETTING.connections);
    const unique = new Map<string, ProfileRegion>();
    for (const c of Array.isArray(value) ? value : []) {
      const { profile, region } = (c ?? {}) as Partial<Record<keyof ProfileRegion, unknown>>;
      if (typeof profile === 'string' && profile && typeof region === 'string' && region)
        unique.set(`${profile}@${region}`, { profile, region });
    }
    return [...unique.values()];
  }

  /** Where AWS calls go instead of AWS: user (or remote machine) settings only, never a workspace's. */
  endpointUrl(): string | undefined {
    const value = this.userValue(SETTING.endpointUrl);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  }

  /** Which pipeline events of this repository notify. */
  notifications(): NotificationMode {
    const value = this.reader.get(SETTING.notifications);
    return value === 'failures' || value === 'off' ? value : 'failuresAndApprovals';
  }

  /** Whether the status bar shows this repository's pipeline. */
  repositoryPipelinesInStatusBar(): boolean {
    return booleanOr(this.reader.get(SETTING.statusBarRepositoryPipelines), true);
  }

  /** Whether Start Build opens the new build's log. */
  openLogOnStartBuild(): boolean {
    return booleanOr(this.reader.get(SETTING.logsOpenOnStartBuild), true);
  }

  /** Whether a failed build's log puts its errors in Problems by itself. */
  problemsOnFailure(): boolean {
    return booleanOr(this.reader.get(SETTING.logsProblemsOnFailure), true);
  }

  /** How often a followed log is read, in milliseconds (at least MIN_LOG_POLL_MS). */
  logPollIntervalMs(): number {
    const value = this.reader.get(SETTING.logsPollIntervalMs);
    return typeof value === 'number' && Number.isFinite(value) ? Math.max(MIN_LOG_POLL_MS, value) : 2000;
  }

  /** Whether logs use CloudWatch Live Tail, which is billed: from user settings only. */
  liveTail(): boolean {
    return this.userValue(SETTING.logsLiveTail) === true;
  }

  /** A value as VS Code settles it; a RESTRICTED one in Restricted Mode: the user's or the default. */
  private trustAware(key: SettingKey, scope?: Scope): unknown {
    if (this.reader.isTrusted() || !RESTRICTED.includes(key)) return this.reader.get(key, scope);
    const seen = this.reader.inspect(key, scope);
    return seen?.globalValue ?? seen?.defaultValue;
  }

  /** The user's own value (or the default), whatever the workspace and folder say. */
  private userValue(key: SettingKey): unknown {
    const seen = this.reader.inspect(key);
    return seen?.globalValue ?? seen?.defaultValue;
  }
}

function patternList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((p): p is string => typeof p === 'string' && p.trim() !== '').slice(0, MAX_PATTERNS)
    : [];
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function booleanOr(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}
