/** Document symbols (the outline): every key, and list items that are mappings, named by what names them. */
import { isMap, isScalar, isSeq } from 'yaml';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import type { ParsedDocument } from './document';
import { asMap } from './model/types';
import { walkTree } from './model/walk';
import { entries, get, scalarText, type YNode } from './yamlUtil';

export function documentSymbols(doc: ParsedDocument): DocumentSymbol[] {
  if (!doc.root) return [];
  const td = doc.textDocument;
  const range = (from: number, to: number) => ({ start: td.positionAt(from), end: td.positionAt(to) });
  const top: DocumentSymbol[] = [];
  // Lists that held no mapping say how many items they have; known only once their children are walked.
  const lists: { symbol: DocumentSymbol; node: YNode }[] = [];
  walkTree<DocumentSymbol[]>(doc.yaml.contents, doc.root, top, (v, siblings) => {
    if (v.depth === 0) return siblings;
    const node = v.node;
    if (v.key) {
      const key = v.path[v.path.length - 1];
      const end = node?.range?.[1] ?? v.key.range![1];
      const value = isScalar(node) ? scalarText(node, doc.text) : undefined;
      const symbol: DocumentSymbol = {
        // Editors reject empty symbol names; an empty key is shown as written.
        name: key || '""',
        kind:
          v.depth === 1
            ? SymbolKind.Module
            : isMap(node)
              ? SymbolKind.Object
              : isSeq(node)
                ? SymbolKind.Array
                : SymbolKind.Property,
        ...(value ? { detail: value.split('\n')[0].slice(0, 80) } : {}),
        range: range(v.key.range![0], end),
        selectionRange: range(v.key.range![0], v.key.range![1]),
        children: [],
      };
      if (isSeq(node)) lists.push({ symbol, node });
      siblings.push(symbol);
      return symbol.children!;
    }
    // Items that are mappings (batch tasks, appspec resources, ECS hooks) are worth an entry each.
    if (!isMap(node) || !node.range) return undefined;
    const namer = Object.entries(asMap(v.spec)?.keys ?? {}).find(([, k]) => k.namesItem)?.[0];
    const id =
      (namer ? scalarText(get(node, namer), doc.text) : undefined) ??
      entries(node)[0]?.key ??
      `[${v.index ?? 0}]`;
    const symbol: DocumentSymbol = {
      name: id || '""',
      kind: SymbolKind.Object,
      range: range(node.range[0], node.range[1]),
      selectionRange: range(node.range[0], node.range[0]),
      children: [],
    };
    siblings.push(symbol);
    return symbol.children!;
  });
  for (const { symbol, node } of lists)
    if (isSeq(node) && !symbol.children!.length && !symbol.detail)
      symbol.detail = `${node.items.length} items`;
  return top;
}
