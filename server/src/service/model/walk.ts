/**
 * The one walk over a parsed YAML tree, with the spec that governs each node where the tree follows the
 * model. Every feature that visits the tree (roles, outline, folding, suppression, locating the cursor)
 * goes through it, so one depth limit bounds them all.
 */
import { isMap, isScalar, isSeq, type Scalar } from 'yaml';
import type { YNode } from '../yamlUtil';
import { asMap, asSeq, keySpecOf, type KeySpec, type Spec } from './types';

/**
 * Nodes deeper than this are not visited. The parser accepts up to MAX_NESTING (500) levels; no real
 * buildspec or AppSpec nests more than a dozen, and a deep tree walked by every feature on every edit
 * would cost the editor for nothing.
 */
export const MAX_TREE_DEPTH = 64;

export interface TreeVisit {
  /** The node: a mapping's value (null or undefined when the key has none), a list item, or the root. */
  readonly node: YNode;
  /** The spec the model gives this place; undefined outside the model (an unknown key, say). */
  readonly spec: Spec | undefined;
  /** Keys from the root to the node; list items appear as '[]'. */
  readonly path: readonly string[];
  /** The last of them: the key's name, '[]' for a list item, '' for the root. */
  readonly name: string;
  /** For a mapping's value: its key. */
  readonly key?: Scalar;
  /** For a mapping's value: the model's entry for the key, when it has one. */
  readonly keySpec?: KeySpec;
  /** For a list item: its index. */
  readonly index?: number;
  /** 0 for the root. */
  readonly depth: number;
}

/** The text of a key scalar, or undefined for keys that are not plain names (merge keys, collections). */
function keyName(key: unknown): string | undefined {
  if (!isScalar(key) || key.value === null || typeof key.value === 'symbol') return undefined;
  const v = key.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return v instanceof Date ? v.toISOString() : undefined;
}

/**
 * One visited place. The path is built only when a visitor reads it: most visits never do, and copying
 * it at every node made the walk cost grow with depth (a 2,000-line build graph spent a third of an
 * edit's validation copying paths).
 */
class Visit implements TreeVisit {
  private cachedPath: readonly string[] | undefined;
  constructor(
    readonly node: YNode,
    readonly spec: Spec | undefined,
    readonly depth: number,
    private readonly parent: Visit | undefined,
    readonly name: string,
    readonly key?: Scalar,
    readonly keySpec?: KeySpec,
    readonly index?: number,
  ) {}

  get path(): readonly string[] {
    // Built from the parent's (built once too), so reading every path of a walk stays linear.
    this.cachedPath ??= this.parent ? [...this.parent.path, this.name] : [];
    return this.cachedPath;
  }
}

/**
 * Visits `root` and its descendants in document order, parents first. `visit` returns the context its
 * children are visited with, or undefined to leave them out (a feature that looks for one place prunes
 * the rest this way); `leave`, when given, is called with that context once the children are done.
 */
export function walkTree<C>(
  root: YNode,
  spec: Spec | undefined,
  context: C,
  visit: (v: TreeVisit, context: C) => C | undefined,
  leave?: (v: TreeVisit, inner: C) => void,
): void {
  const step = (v: Visit, ctx: C): void => {
    const inner = visit(v, ctx);
    if (inner === undefined) return;
    if (v.depth < MAX_TREE_DEPTH) descend(v, inner);
    leave?.(v, inner);
  };
  const descend = (v: Visit, inner: C): void => {
    const { node, depth } = v;
    if (isMap(node)) {
      // A value's spec is its key's, else the mapping's user-chosen keys'. Nothing is allocated per entry
      // beyond the visit: this runs for every key of the file on every edit.
      const map = asMap(v.spec);
      const pairs = node.items;
      for (let i = 0; i < pairs.length; i++) {
        const pair = pairs[i];
        const name = keyName(pair.key);
        if (name === undefined) continue;
        const keySpec = map && keySpecOf(map, name);
        const spec = keySpec ? keySpec.spec : map?.additional?.spec;
        step(new Visit(pair.value as YNode, spec, depth + 1, v, name, pair.key as Scalar, keySpec), inner);
      }
    } else if (isSeq(node)) {
      const item = asSeq(v.spec)?.item;
      const items = node.items;
      for (let index = 0; index < items.length; index++) {
        step(new Visit(items[index] as YNode, item, depth + 1, v, '[]', undefined, undefined, index), inner);
      }
    }
  };
  step(new Visit(root, spec, 0, undefined, ''), context);
}
