/** Finds what is under an offset in the parsed tree, and visits scalars with the spec that governs them. */
import { isMap, isScalar, isSeq, type Scalar } from 'yaml';
import type { ParsedDocument } from './document';
import { asMap, asSeq, lookupKey, type ScalarSpec, type Spec, asScalar } from './model/types';
import type { YNode } from './yamlUtil';

export interface Located {
  /** Keys from the root to the node ('[]' for list items). */
  readonly path: string[];
  readonly on: 'key' | 'value';
  readonly node: Scalar | undefined;
}

const inside = (node: YNode, offset: number) =>
  !!node?.range && offset >= node.range[0] && offset <= node.range[1];

/** The key or scalar value under the offset. */
export function locate(doc: ParsedDocument, offset: number): Located | undefined {
  let node = doc.yaml.contents as YNode;
  const path: string[] = [];
  for (let depth = 0; depth < 100 && node; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => inside(p.key as YNode, offset) || inside(p.value as YNode, offset));
      if (!pair || !isScalar(pair.key)) return undefined;
      path.push(String(pair.key.value));
      if (inside(pair.key, offset)) return { path, on: 'key', node: pair.key };
      node = pair.value as YNode;
    } else if (isSeq(node)) {
      const item = node.items.find((i) => inside(i as YNode, offset));
      if (!item) return undefined;
      path.push('[]');
      node = item as YNode;
    } else if (isScalar(node)) {
      return { path, on: 'value', node };
    } else return undefined;
  }
  return undefined;
}

/** Calls `visit` for every scalar value whose spec has a role, with that spec. */
export function visitRoles(
  doc: ParsedDocument,
  visit: (node: Scalar, spec: ScalarSpec, path: readonly string[]) => void,
): void {
  if (!doc.root) return;
  const walk = (node: YNode, spec: Spec | undefined, path: string[], depth: number) => {
    if (!spec || !node || depth > 64) return;
    if (isMap(node)) {
      const m = asMap(spec);
      if (!m) return;
      for (const p of node.items) {
        if (!isScalar(p.key)) continue;
        const k = String(p.key.value);
        walk(p.value as YNode, lookupKey(m, k)?.key.spec ?? m.additional?.spec, [...path, k], depth + 1);
      }
    } else if (isSeq(node)) {
      const item = asSeq(spec)?.item;
      for (const i of node.items) walk(i as YNode, item, [...path, '[]'], depth + 1);
    } else if (isScalar(node)) {
      const s = asScalar(spec) ?? asScalar(asSeq(spec)?.item);
      if (s?.role) visit(node, s, path);
    }
  };
  walk(doc.yaml.contents, doc.root, [], 0);
}
