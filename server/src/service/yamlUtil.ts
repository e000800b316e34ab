/** Small helpers over the `yaml` tree, shared by every feature. */
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';

export type YNode = Node | null | undefined;

/** A scalar's value as text (keys and values are strings, numbers, booleans or dates). */
export function plain(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return value instanceof Date ? value.toISOString() : (JSON.stringify(value) ?? '');
}

/** Whether a mapping merges another one in (`<<: *base`): its keys are then not all written in it. */
export function hasMergeKey(node: YNode): boolean {
  return isMap(node) && node.items.some((p) => isScalar(p.key) && typeof p.key.value === 'symbol');
}

/** The pairs of a mapping whose key is a plain scalar, with the key as a string (merge keys left out). */
export function entries(node: YNode): { key: string; keyNode: Scalar; value: YNode; pair: Pair }[] {
  if (!isMap(node)) return [];
  const out: { key: string; keyNode: Scalar; value: YNode; pair: Pair }[] = [];
  for (const pair of node.items) {
    if (isScalar(pair.key) && pair.key.value !== null && typeof pair.key.value !== 'symbol') {
      out.push({
        key: plain(pair.key.value),
        keyNode: pair.key,
        value: pair.value as YNode,
        pair,
      });
    }
  }
  return out;
}

/** The value under `key` (case-insensitively when asked). */
export function get(node: YNode, key: string, caseInsensitive = false): YNode {
  const lower = key.toLowerCase();
  return entries(node).find((e) => e.key === key || (caseInsensitive && e.key.toLowerCase() === lower))
    ?.value;
}

export function items(node: YNode): YNode[] {
  return isSeq(node) ? (node.items as YNode[]) : [];
}

/** A scalar's text as the user wrote it: the string value, or the source of a number or boolean. */
export function scalarText(node: YNode, text: string): string | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'string') return node.value;
  if (node.value === null) return undefined;
  return node.range ? text.slice(node.range[0], node.range[1]).trim() : plain(node.value);
}

export function isNullish(node: YNode): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

/** [start, end) offsets of a node's value, without trailing comments. */
export function span(node: YNode): [number, number] | undefined {
  if (!node?.range) return undefined;
  return [node.range[0], node.range[1]];
}

/** Whether a scalar was written without quotes. */
export function isPlain(node: Scalar): boolean {
  return node.type === 'PLAIN' || node.type === undefined;
}

export function nodeKind(node: YNode): 'map' | 'seq' | 'scalar' | 'alias' | 'null' {
  if (isNullish(node)) return 'null';
  if (isMap(node)) return 'map';
  if (isSeq(node)) return 'seq';
  if (isScalar(node)) return 'scalar';
  return 'alias';
}

export type { YAMLMap };
