/** YAML-level problems: syntax errors and tabs used for indentation. */
import type { Reporter } from '../findings';

const LEADING_TABS = /^([ ]*\t[ \t]*)\S/gm;

export function checkSyntax(r: Reporter): void {
  const { yaml, text } = r.doc;
  const tabLines = new Set<number>();
  for (const m of text.matchAll(LEADING_TABS)) {
    const start = m.index;
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
