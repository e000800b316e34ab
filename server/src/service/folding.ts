/** Folding ranges: every key and list item over several lines, and runs of comment lines. */
import { isMap, isScalar } from 'yaml';
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import type { ParsedDocument } from './document';
import { walkTree } from './model/walk';
import type { YNode } from './yamlUtil';

export function foldingRanges(doc: ParsedDocument): FoldingRange[] {
  const out: FoldingRange[] = [];
  const td = doc.textDocument;
  const lineOf = (offset: number) => td.positionAt(offset).line;
  const endLine = (node: YNode) => {
    // range[1] can sit at the start of the next line; fold up to the last line with content.
    let end = node?.range?.[1] ?? 0;
    while (end > 0 && /\s/.test(doc.text[end - 1])) end--;
    return lineOf(end);
  };
  walkTree(doc.yaml.contents, undefined, true, (v) => {
    if (v.key) {
      const start = lineOf(v.key.range![0]);
      const end = endLine(v.node);
      if (end > start) out.push({ startLine: start, endLine: end });
    } else if (v.index !== undefined) {
      const item = v.node;
      const start = lineOf(item?.range?.[0] ?? 0);
      if ((isMap(item) || isScalar(item)) && endLine(item) > start)
        out.push({ startLine: start, endLine: endLine(item) });
    }
    return true;
  });
  // Runs of comment lines fold too.
  const lines = doc.text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*#/.test(lines[i])) continue;
    let j = i;
    while (j + 1 < lines.length && /^\s*#/.test(lines[j + 1])) j++;
    if (j > i) out.push({ startLine: i, endLine: j, kind: FoldingRangeKind.Comment });
    i = j;
  }
  return out;
}
