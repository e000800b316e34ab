/** How the schema check's messages name what a spec expects and what a node is. */
import type { Spec } from '../model/types';
import { nodeKind, type YNode } from '../yamlUtil';

export function describe(spec: Spec): string {
  switch (spec.kind) {
    case 'map':
      return 'a mapping (`key: value` lines)';
    case 'seq':
      return 'a list (`- item` lines)';
    case 'union':
      return [...new Set(spec.options.map(describe))].join(' or ');
    default:
      return spec.type === 'boolean'
        ? spec.yesNo
          ? '`yes` or `no`'
          : '`true` or `false`'
        : spec.type === 'integer'
          ? 'a whole number'
          : spec.type === 'number'
            ? 'a number'
            : 'a single value';
  }
}

export function describeNode(node: YNode): string {
  switch (nodeKind(node)) {
    case 'map':
      return 'a mapping';
    case 'seq':
      return 'a list';
    case 'scalar':
      return 'a single value';
    default:
      return 'empty';
  }
}
