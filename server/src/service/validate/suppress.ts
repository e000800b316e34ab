/**
 * Turns findings into what the user sees: settings can change a rule's severity or turn it off, and
 * comments silence a rule for one line or the whole file (`# buildspec-disable-next-line CODE`).
 */
import { isScalar } from 'yaml';
import type { ParsedDocument } from '../document';
import { walkTree } from '../model/walk';
import type { YNode } from '../yamlUtil';
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

/** Whether `code` is silenced for the file, or at `line` (the line a directive must precede). */
export function isSuppressed(code: string, line: number | 'file', s: Suppressions): boolean {
  if (s.file.has('*') || s.file.has(code)) return true;
  const codes = line === 'file' ? undefined : s.lines.get(line);
  return !!codes && (codes.has('*') || codes.has(code));
}

/** For each line inside a multi-line scalar after its first, the line the scalar starts on. */
export function multiLineScalarLines(doc: ParsedDocument): Map<number, number> {
  const out = new Map<number, number>();
  const td = doc.textDocument;
  const mark = (node: YNode) => {
    if (!isScalar(node) || !node.range) return;
    const first = td.positionAt(node.range[0]).line;
    const last = td.positionAt(node.range[1]).line;
    for (let l = first + 1; l <= last; l++) out.set(l, first);
  };
  walkTree(doc.yaml.contents, undefined, true, (v) => {
    mark(v.key);
    mark(v.node);
    return true;
  });
  return out;
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
