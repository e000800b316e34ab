/**
 * Turns findings into what the user sees: settings can change a rule's severity or turn it off, and
 * comments silence a rule for one line or the whole file (`# buildspec-disable-next-line CODE`).
 */
import type { Finding } from '../findings';
import { RULES, type RuleSetting, type Severity } from '../rules';

const DIRECTIVE =
  /#\s*(?:buildspec|appspec|cicd)-disable(-next-line|-line)?(?:[ \t]+([\w-]+(?:[ \t]*,[ \t]*[\w-]+)*))?/;

export interface Suppressions {
  /** Codes silenced for the whole file ('*' for all). */
  readonly file: ReadonlySet<string>;
  /** Line → codes silenced on that line. */
  readonly lines: ReadonlyMap<number, ReadonlySet<string>>;
}

export function parseSuppressions(text: string): Suppressions {
  const file = new Set<string>();
  const lines = new Map<number, Set<string>>();
  if (!text.includes('-disable')) return { file, lines };
  text.split(/\r?\n/).forEach((line, i) => {
    const m = DIRECTIVE.exec(line);
    if (!m) return;
    const codes = m[2] ? m[2].split(/[ \t]*,[ \t]*/) : ['*'];
    if (!m[1]) {
      // A whole-file directive only counts on a line of its own.
      if (/^\s*#/.test(line)) codes.forEach((c) => file.add(c));
      return;
    }
    const target = m[1] === '-next-line' ? i + 1 : i;
    const set = lines.get(target) ?? new Set<string>();
    codes.forEach((c) => set.add(c));
    lines.set(target, set);
  });
  return { file, lines };
}

export function isSuppressed(f: Finding, s: Suppressions): boolean {
  if (s.file.has('*') || s.file.has(f.code)) return true;
  const codes = s.lines.get(f.range.start.line);
  return !!codes && (codes.has('*') || codes.has(f.code));
}

/** The severity a finding is shown with, or undefined when the user turned its rule off. */
export function effectiveSeverity(
  f: Finding,
  settings: Readonly<Record<string, RuleSetting>>,
): Severity | undefined {
  const s = settings[f.code];
  if (s === 'off') return undefined;
  return s ?? RULES[f.code].severity;
}
