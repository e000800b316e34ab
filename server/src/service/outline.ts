/** Document symbols (the outline), folding ranges, document links and go to definition. */
import { isMap, isScalar, isSeq, type Scalar } from 'yaml';
import {
  FoldingRangeKind,
  SymbolKind,
  type DocumentLink,
  type DocumentSymbol,
  type FoldingRange,
  type Location,
  type Position,
} from 'vscode-languageserver-types';
import type { ParsedDocument } from './document';
import { locate, visitRoles } from './locate';
import { dirOf, resolveUnder } from './paths';
import { batchTasks } from './validate/batch';
import { entries, get, scalarText, type YNode } from './yamlUtil';

const MAX_DEPTH = 32;

export function documentSymbols(doc: ParsedDocument): DocumentSymbol[] {
  if (!doc.root) return [];
  const td = doc.textDocument;
  const range = (from: number, to: number) => ({ start: td.positionAt(from), end: td.positionAt(to) });
  const build = (node: YNode, depth: number): DocumentSymbol[] => {
    if (depth > MAX_DEPTH) return [];
    if (isMap(node)) {
      return entries(node).map((e) => {
        const end = e.value?.range?.[1] ?? e.keyNode.range![1];
        const children = build(e.value, depth + 1);
        const value = isScalar(e.value) ? scalarText(e.value, doc.text) : undefined;
        const detail =
          value ?? (isSeq(e.value) && !children.length ? `${e.value.items.length} items` : undefined);
        return {
          // Editors reject empty symbol names; an empty key is shown as written.
          name: e.key || '""',
          kind:
            depth === 0
              ? SymbolKind.Module
              : isMap(e.value)
                ? SymbolKind.Object
                : isSeq(e.value)
                  ? SymbolKind.Array
                  : SymbolKind.Property,
          ...(detail ? { detail: detail.split('\n')[0].slice(0, 80) } : {}),
          range: range(e.keyNode.range![0], end),
          selectionRange: range(e.keyNode.range![0], e.keyNode.range![1]),
          children,
        };
      });
    }
    if (isSeq(node)) {
      // Items that are mappings (batch tasks, appspec resources, ECS hooks) are worth an entry each.
      return node.items.flatMap((item, i) => {
        if (!isMap(item) || !item.range) return [];
        const first = entries(item)[0];
        const id =
          scalarText(get(item, 'identifier'), doc.text) ??
          scalarText(get(item, 'location'), doc.text) ??
          scalarText(get(item, 'source'), doc.text) ??
          first?.key ??
          `[${i}]`;
        const children = build(item, depth + 1);
        return [
          {
            name: id || '""',
            kind: SymbolKind.Object,
            range: range(item.range[0], item.range[1]),
            selectionRange: range(item.range[0], item.range[0]),
            children,
          },
        ];
      });
    }
    return [];
  };
  return build(doc.yaml.contents, 0);
}

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
  const walk = (node: YNode, depth: number) => {
    if (depth > MAX_DEPTH) return;
    if (isMap(node)) {
      for (const e of entries(node)) {
        const start = lineOf(e.keyNode.range![0]);
        const end = endLine(e.value);
        if (end > start) out.push({ startLine: start, endLine: end });
        walk(e.value, depth + 1);
      }
    } else if (isSeq(node)) {
      for (const item of node.items as YNode[]) {
        const start = lineOf(item?.range?.[0] ?? 0);
        if ((isMap(item) || isScalar(item)) && endLine(item) > start)
          out.push({ startLine: start, endLine: endLine(item) });
        walk(item, depth + 1);
      }
    }
  };
  walk(doc.yaml.contents, 0);
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

export interface LinkOptions {
  /** The folder buildspec paths are relative to (CodeBuild's source root); defaults to the file's folder. */
  readonly sourceRoot?: (uri: string) => string | undefined;
}

export function documentLinks(doc: ParsedDocument, options: LinkOptions = {}): DocumentLink[] {
  const out: DocumentLink[] = [];
  const td = doc.textDocument;
  visitRoles(doc, (node, spec) => {
    if (spec.role !== 'buildspecPath' && spec.role !== 'hookScript') return;
    const text = scalarText(node, doc.text);
    if (!text || !node.range) return;
    const base =
      spec.role === 'buildspecPath' ? (options.sourceRoot?.(doc.uri) ?? dirOf(doc.uri)) : dirOf(doc.uri);
    const target = resolveUnder(base, text);
    if (!target) return;
    out.push({
      range: { start: td.positionAt(node.range[0]), end: td.positionAt(node.range[1]) },
      target,
      tooltip: 'Open file',
    });
  });
  return out;
}

/** Go to definition: from a `depend-on` entry to the task with that identifier. */
export function definition(doc: ParsedDocument, position: Position): Location | null {
  if (doc.kind.type !== 'buildspec') return null;
  const at = locate(doc, doc.textDocument.offsetAt(position));
  if (!at || at.on !== 'value' || !at.path.includes('depend-on')) return null;
  const id = scalarText(at.node, doc.text);
  const task = batchTasks(get(doc.yaml.contents, 'batch'), doc.text).find((t) => t.id === id);
  const target: Scalar | undefined = task?.idNode;
  if (!target?.range) return null;
  const td = doc.textDocument;
  return {
    uri: doc.uri,
    range: { start: td.positionAt(target.range[0]), end: td.positionAt(target.range[1]) },
  };
}
