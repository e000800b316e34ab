/**
 * What the server reads from its client: the initialization options (what the editor is, never a
 * setting) and the settings, whichever way the client sends them. VS Code answers
 * `workspace/configuration` with the `awsCicd` section; other editors put settings in
 * `initializationOptions` or push them with `workspace/didChangeConfiguration`, some wrapped in
 * `{ "awsCicd": … }`, some as the bare section, some with dotted keys (`"awsCicd.buildspec.image"`).
 */
import { DEFAULT_SETTINGS, RULES, type RuleSetting, type ServiceSettings } from './service/index';
import type { InitializationOptions } from './protocol';

/** The settings section, as VS Code's `contributes.configuration` names it. */
export const SETTINGS_SECTION = 'awsCicd';

/** The keys of the section; an object holding one of them is taken for the bare section. */
const SECTION_KEYS = ['files', 'buildspec', 'diagnostics'] as const;

/** Workspace settings are written by whoever wrote the repository: bounded lists and maps. */
const MAX_PATTERNS = 100;
const MAX_RULES = 500;
const SEVERITIES: readonly string[] = ['off', 'error', 'warning', 'information', 'hint'];

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The initialization options a client sent, each read as its type; anything else is ignored. */
export function readInitializationOptions(raw: unknown): InitializationOptions {
  if (!isObject(raw)) return {};
  const out: { -readonly [K in keyof InitializationOptions]: InitializationOptions[K] } = {};
  if (typeof raw.workspaceTrusted === 'boolean') out.workspaceTrusted = raw.workspaceTrusted;
  if (raw.uiKind === 'web' || raw.uiKind === 'desktop') out.uiKind = raw.uiKind;
  if (typeof raw.retriggerSuggestCommand === 'string' && raw.retriggerSuggestCommand.length < 200)
    out.retriggerSuggestCommand = raw.retriggerSuggestCommand;
  return out;
}

/**
 * The settings carried by initialization options or a pushed configuration, in any of the shapes
 * clients use; undefined when they carry none (a client that only sends its options, or `null`).
 */
export function settingsIn(raw: unknown): ServiceSettings | undefined {
  if (!isObject(raw)) return undefined;
  const expanded = expandDottedKeys(raw);
  const wrapped = expanded[SETTINGS_SECTION];
  if (isObject(wrapped)) return toSettings(wrapped);
  if (SECTION_KEYS.some((k) => k in expanded)) return toSettings(expanded);
  return undefined;
}

/** `{ "awsCicd.buildspec.image": x }` → `{ awsCicd: { buildspec: { image: x } } }`; nested keys win. */
function expandDottedKeys(raw: Json): Json {
  const out: Json = {};
  const dotted = Object.keys(raw).filter((k) => k.includes('.'));
  for (const [k, v] of Object.entries(raw)) if (!k.includes('.')) out[k] = v;
  for (const key of dotted.slice(0, MAX_RULES)) {
    const parts = key.split('.');
    let at = out;
    for (const part of parts.slice(0, -1)) {
      const next: Json = isObject(at[part]) ? { ...at[part] } : {};
      at[part] = next;
      at = next;
    }
    const last = parts[parts.length - 1];
    if (!(last in at)) at[last] = raw[key];
  }
  return out;
}

/** The `awsCicd` section as VS Code sends it, with defaults for whatever is missing or malformed. */
export function toSettings(raw: unknown): ServiceSettings {
  const r = isObject(raw) ? raw : {};
  const files = isObject(r.files) ? r.files : {};
  const buildspec = isObject(r.buildspec) ? r.buildspec : {};
  const diagnostics = isObject(r.diagnostics) ? r.diagnostics : {};
  const strings = (v: unknown) =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, MAX_PATTERNS) : [];
  const rules: Record<string, RuleSetting> = {};
  if (isObject(diagnostics.rules)) {
    for (const [code, value] of Object.entries(diagnostics.rules).slice(0, MAX_RULES)) {
      if (Object.hasOwn(RULES, code) && typeof value === 'string' && SEVERITIES.includes(value))
        rules[code] = value as RuleSetting;
    }
  }
  return {
    rules,
    image: typeof buildspec.image === 'string' ? buildspec.image : DEFAULT_SETTINGS.image,
    patterns: { buildspec: strings(files.buildspec), appspec: strings(files.appspec) },
  };
}
