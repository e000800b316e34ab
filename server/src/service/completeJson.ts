/** Completion in JSON appspec files: the same model, with JSON's quoting and brackets. */
import { findNodeAtLocation, getLocation, parseTree, type Segment } from 'jsonc-parser';
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Position,
} from 'vscode-languageserver-types';
import type { ParsedDocument } from './document';
import { asMap, asScalar, asSeq, specAt, type KeySpec, type Spec } from './model/types';

const toPath = (segments: readonly Segment[]) => segments.map((s) => (typeof s === 'number' ? '[]' : s));

export function completeJson(
  doc: ParsedDocument,
  position: Position,
  docOf: (k: KeySpec) => string,
): CompletionItem[] {
  if (!doc.root) return [];
  const td = doc.textDocument;
  const offset = td.offsetAt(position);
  const loc = getLocation(doc.text, offset);
  const prev = loc.previousNode;
  // Replace the string being typed, quotes included; otherwise insert at the cursor.
  const range =
    prev && (prev.type === 'string' || prev.type === 'property') && offset <= prev.offset + prev.length
      ? { start: td.positionAt(prev.offset), end: td.positionAt(prev.offset + prev.length) }
      : { start: position, end: position };
  const path = toPath(loc.path);
  if (loc.isAtPropertyKey) {
    const parentSegments = loc.path.slice(0, -1);
    const spec =
      asMap(specAt(doc.root, toPath(parentSegments))) ??
      asMap(asSeq(specAt(doc.root, toPath(parentSegments)))?.item);
    if (!spec) return [];
    const tree = parseTree(doc.text);
    const parent = tree ? findNodeAtLocation(tree, parentSegments) : undefined;
    const present = new Set(
      (parent?.children ?? [])
        .map((p) => p.children?.[0]?.value as unknown)
        .filter((v): v is string => typeof v === 'string'),
    );
    return Object.entries(spec.keys)
      .filter(([name, key]) => !key.hidden && !present.has(name))
      .map(([name, key]) => ({
        label: name,
        kind: CompletionItemKind.Property,
        documentation: { kind: MarkupKind.Markdown, value: docOf(key) },
        filterText: `"${name}"`,
        textEdit: { range, newText: `"${name}": ${valueTemplate(key.spec)}` },
        insertTextFormat: InsertTextFormat.Snippet,
      }));
  }
  const s = asScalar(specAt(doc.root, path));
  return (s?.values ?? []).map((v) => ({
    label: v.value,
    kind: CompletionItemKind.EnumMember,
    filterText: `"${v.value}"`,
    textEdit: { range, newText: `"${v.value}"` },
  }));
}

function valueTemplate(spec: Spec): string {
  if (spec.kind === 'union') return valueTemplate(spec.options[0]);
  if (spec.kind === 'map') return '{$0}';
  if (spec.kind === 'seq') return '[$0]';
  const s = spec;
  if (s?.type === 'integer' || s?.type === 'number') return '$0';
  if (s?.values?.length) return `"\${1|${s.values.map((v) => v.value.replace(/[,|]/g, '\\$&')).join(',')}|}"`;
  return '"$0"';
}
