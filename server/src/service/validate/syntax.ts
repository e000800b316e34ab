/** YAML-level problems: syntax errors and tabs used for indentation. */
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Reporter } from '../findings';

const LEADING_TABS = /^([ ]*\t[ \t]*)\S/gm;

/** [start, end) of every scalar spanning several lines: tabs there are content, not indentation. */
function multiLineScalars(
  node: unknown,
  text: string,
  out: [number, number][] = [],
  depth = 0,
): [number, number][] {
  if (depth > 100 || !node) return out;
  if (isPair(node)) {
    multiLineScalars(node.key, text, out, depth + 1);
    multiLineScalars(node.value, text, out, depth + 1);
  } else if (isMap(node) || isSeq(node)) {
    for (const item of node.items) multiLineScalars(item, text, out, depth + 1);
  } else if (isScalar(node) && node.range) {
    const [start, end] = node.range;
    if (text.slice(start, end).includes('\n')) out.push([start, end]);
  }
  return out;
}

export function checkSyntax(r: Reporter): void {
  const { yaml, text } = r.doc;
  const content = multiLineScalars(yaml.contents, text);
  const tabLines = new Set<number>();
  for (const m of text.matchAll(LEADING_TABS)) {
    const start = m.index;
    if (content.some(([s, e]) => start > s && start < e)) continue;
    const end = start + m[1].length;
    tabLines.add(r.doc.textDocument.positionAt(start).line);
    r.reportAt('yaml-tab', 'YAML does not allow tabs in indentation; use spaces', r.range(start, end), {
      fixes: [r.replace('Replace tabs with spaces', start, end, m[1].replace(/\t/g, '  '))],
    });
  }
  for (const e of yaml.errors) {
    const [start, end] = e.pos;
    // A tab in the indentation confuses the parser about the rest of its line: report the cause only.
    if (tabLines.has(r.doc.textDocument.positionAt(start).line)) continue;
    const message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    r.reportAt(
      e.code === 'TAB_AS_INDENT' ? 'yaml-tab' : 'yaml-syntax',
      `YAML syntax error: ${message}`,
      r.range(start, Math.max(end, start + 1)),
    );
  }
}
