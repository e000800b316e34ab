/** Finds what is under an offset in the parsed tree: the key or scalar value, and the keys above it. */
import { isMap, isScalar, isSeq, type Scalar } from 'yaml';
import type { ParsedDocument } from './document';
import { walkTree } from './model/walk';
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
  let found: Located | undefined;
  // Each level is entered through its first child that holds the offset; the siblings after it are not.
  walkTree<{ entered: boolean }>(doc.yaml.contents, undefined, { entered: false }, (v, level) => {
    if (found || level.entered) return undefined;
    if (v.depth > 0) {
      if (!inside(v.key, offset) && !inside(v.node, offset)) return undefined;
      level.entered = true;
      if (v.key && inside(v.key, offset)) {
        found = { path: [...v.path], on: 'key', node: v.key };
        return undefined;
      }
    }
    if (isScalar(v.node)) found = { path: [...v.path], on: 'value', node: v.node };
    return isMap(v.node) || isSeq(v.node) ? { entered: false } : undefined;
  });
  return found;
}
