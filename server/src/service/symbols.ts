/** Document symbols (the outline): every key, and list items that are mappings, named by what names them. */
import { isMap, isScalar, isSeq } from 'yaml';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import type { ParsedDocument } from './document';
import { APPSPEC_ROOTS } from './model/appspec';
import { BUILDSPEC_ROOT } from './model/buildspec';
import { itemNamingKeys } from './model/types';
import { walkTree } from './model/walk';
import { entries, get, scalarText } from './yamlUtil';

/** Keys whose value names a list item (a batch task's identifier, a script's location), wherever it is. */
const NAMING_KEYS = itemNamingKeys([BUILDSPEC_ROOT, ...Object.values(APPSPEC_ROOTS)]);

export function documentSymbols(doc: ParsedDocument): DocumentSymbol[] {
  if (!doc.root) return [];
  const td = doc.textDocument;
  const range = (from: number, to: number) => ({ start: td.positionAt(from), end: td.positionAt(to) });
  const top: DocumentSymbol[] = [];
  walkTree<DocumentSymbol[]>(doc.yaml.contents, doc.root, top, (v, siblings) => {
    if (v.depth === 0) return siblings;
    const node = v.node;
    if (v.key) {
      const key = v.name;
      const end = node?.range?.[1] ?? v.key.range![1];
      // A list without mappings (which get entries of their own) says how many items it has.
      const value = isScalar(node)
        ? scalarText(node, doc.text)
        : isSeq(node) && !node.items.some((i) => isMap(i) && i.range)
          ? `${node.items.length} items`
          : undefined;
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
      siblings.push(symbol);
      return symbol.children!;
    }
    // Items that are mappings (batch tasks, appspec resources, ECS hooks) are worth an entry each.
    if (!isMap(node) || !node.range) return undefined;
    let named: string | undefined;
    for (const k of NAMING_KEYS) if ((named = scalarText(get(node, k), doc.text)) !== undefined) break;
    const id = named ?? entries(node)[0]?.key ?? `[${v.index ?? 0}]`;
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
  return top;
}
