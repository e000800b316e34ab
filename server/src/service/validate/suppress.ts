/**
 * Turns findings into what the user sees: settings can change a rule's severity or turn it off, and
 * comments silence a rule for one line or the whole file (`# buildspec-disable-next-line CODE`).
 */
import { isMap, isNode, isPair, isScalar, isSeq } from 'yaml';
import type { Position } from 'vscode-languageserver-types';
import type { ParsedDocument } from '../document';
import { MAX_TREE_DEPTH } from '../model/walk';
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

/**
 * The line a comment must precede to silence a finding that starts at `at`: inside a multi-line scalar
 * (a command over several lines), the line the scalar starts on. Found by descending to the offset, not
 * by walking the tree: only findings pay for it.
 */
export function silenceLine(doc: ParsedDocument, at: Position): number {
  const offset = doc.textDocument.offsetAt(at);
  const inside = (n: unknown): n is YNode & { range: [number, number, number] } =>
    isNode(n) && !!n.range && n.range[0] <= offset && offset < n.range[1];
  let node: unknown = doc.yaml.contents;
  for (let depth = 0; depth <= MAX_TREE_DEPTH && inside(node); depth++) {
    if (isScalar(node)) {
      const first = doc.textDocument.positionAt(node.range[0]).line;
      return first < at.line ? first : at.line;
    }
    if (!isMap(node) && !isSeq(node)) break;
    let next: unknown;
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        if (inside(item.key)) next = item.key;
        else if (inside(item.value)) next = item.value;
      } else if (inside(item)) next = item;
      if (next) break;
    }
    node = next;
  }
  return at.line;
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
