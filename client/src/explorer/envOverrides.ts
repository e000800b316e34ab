// Environment variable overrides as the user types them in one line for Start Build:
//   NODE_ENV=test GREETING="hello world" TOKEN=parameter-store:/ci/token DB=secrets-manager:prod/db:password
// A value may be quoted ("…" or '…', with \" inside double quotes); the prefixes `parameter-store:` and
// `secrets-manager:` choose the variable type CodeBuild resolves. Pure: no VS Code, no AWS.
import type { EnvironmentVariableOverride } from '../aws/types';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TYPES: readonly [string, EnvironmentVariableOverride['type']][] = [
  ['parameter-store:', 'PARAMETER_STORE'],
  ['secrets-manager:', 'SECRETS_MANAGER'],
];

export type ParsedOverrides =
  { ok: true; value: EnvironmentVariableOverride[] } | { ok: false; error: string };

export function parseOverrides(text: string): ParsedOverrides {
  const out: EnvironmentVariableOverride[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && /\s/.test(text[i])) i++;
    if (i >= n) break;
    const eq = text.indexOf('=', i);
    const space = text.slice(i).search(/\s/);
    if (eq < 0 || (space >= 0 && i + space < eq)) {
      // Not the word itself: it may be part of a secret value typed with a stray space.
      return {
        ok: false,
        error: `Item ${out.length + 1} has no "=": write NAME=value, quote values with spaces`,
      };
    }
    const name = text.slice(i, eq);
    if (!NAME.test(name))
      return {
        ok: false,
        error: `Item ${out.length + 1} is not NAME=value (a name has letters, digits and _)`,
      };
    if (name.startsWith('CODEBUILD_'))
      return { ok: false, error: `${name}: names starting with CODEBUILD_ are reserved by CodeBuild` };
    i = eq + 1;
    let raw = '';
    const quote = text[i];
    if (quote === '"' || quote === "'") {
      i++;
      let closed = false;
      while (i < n) {
        const c = text[i];
        if (quote === '"' && c === '\\' && i + 1 < n) {
          raw += text[i + 1];
          i += 2;
          continue;
        }
        if (c === quote) {
          closed = true;
          i++;
          break;
        }
        raw += c;
        i++;
      }
      if (!closed) return { ok: false, error: `The value of ${name} has no closing ${quote}` };
      if (i < n && !/\s/.test(text[i]))
        return { ok: false, error: `Put a space after the quoted value of ${name}` };
    } else {
      while (i < n && !/\s/.test(text[i])) raw += text[i++];
    }
    if (out.some((v) => v.name === name)) return { ok: false, error: `${name} is given twice` };
    const typed = TYPES.find(([prefix]) => raw.startsWith(prefix));
    out.push(
      typed
        ? { name, value: raw.slice(typed[0].length), type: typed[1] }
        : { name, value: raw, type: 'PLAINTEXT' },
    );
  }
  return { ok: true, value: out };
}

/**
 * What is remembered of overrides to offer them again: references to Parameter Store and Secrets
 * Manager in full, plain values not at all (one may be a secret, and global state is not encrypted).
 */
export function rememberable(vars: readonly EnvironmentVariableOverride[]): EnvironmentVariableOverride[] {
  return vars.filter((v) => v.type === 'PARAMETER_STORE' || v.type === 'SECRETS_MANAGER');
}

/** The one-line form of overrides, to offer the last ones used again. */
export function formatOverrides(vars: readonly EnvironmentVariableOverride[]): string {
  return vars
    .map((v) => {
      const prefix = TYPES.find(([, t]) => t === v.type)?.[0] ?? '';
      const value = prefix + v.value;
      return `${v.name}=${/[\s"']/.test(value) || value === '' ? `"${value.replace(/["\\]/g, '\\$&')}"` : value}`;
    })
    .join(' ');
}
