/** YAML-level problems: syntax errors and tabs used for indentation. */
import { isScalar } from 'yaml';
import { walkTree } from '../model/walk';
import type { YNode } from '../yamlUtil';
import type { Reporter } from '../findings';

const LEADING_TABS = /^([ ]*\t[ \t]*)\S/gm;

/** [start, end) of every scalar spanning several lines: tabs there are content, not indentation. */
function multiLineScalars(root: YNode, text: string): [number, number][] {
  const out: [number, number][] = [];
  const add = (node: YNode) => {
    if (!isScalar(node) || !node.range) return;
    const [start, end] = node.range;
    if (text.slice(start, end).includes('\n')) out.push([start, end]);
  };
  walkTree(root, undefined, true, (v) => {
    add(v.key);
    add(v.node);
    return true;
  });
  return out;
}

export function checkSyntax(r: Reporter): void {
  const { yaml, text } = r.doc;
  // The scalars are looked for only when a line starts with a tab: almost no file has one.
  let content: [number, number][] | undefined;
  const tabLines = new Set<number>();
  for (const m of text.matchAll(LEADING_TABS)) {
    content ??= multiLineScalars(yaml.contents, text);
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
