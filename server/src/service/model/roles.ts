/**
 * Where each role of the model sits in a document. Rules and features ask for "the phases" or "the
 * Secrets Manager variables" here instead of spelling the keys, so renaming or moving a key in the model
 * touches nothing else. Built with the one tree walk, once per parsed tree.
 */
import { isMap, isScalar, isSeq, type Scalar } from 'yaml';
import type { YNode } from '../yamlUtil';
import { asMap, asScalar, asSeq, type MapSpec, type Role, type Spec } from './types';
import { walkTree, type TreeVisit } from './walk';

export interface RoleNode {
  readonly role: Role;
  /** The node: a mapping, a list, a scalar, or null/undefined for a key written without a value. */
  readonly node: YNode;
  /** The key it is the value of; absent for list items. */
  readonly key?: Scalar;
  /** The key as written ('' for list items). */
  readonly name: string;
  readonly path: readonly string[];
  /** The spec that gave the role. */
  readonly spec: Spec;
  /** The nearest enclosing node that has a role. */
  readonly within: RoleNode | undefined;
}

/** A role's place; its path is built only when read (most rules never read it). */
class Found implements RoleNode {
  constructor(
    readonly role: Role,
    readonly spec: Spec,
    readonly within: RoleNode | undefined,
    private readonly visit: TreeVisit,
  ) {}
  get node(): YNode {
    return this.visit.node;
  }
  get key(): Scalar | undefined {
    return this.visit.key;
  }
  get name(): string {
    return this.visit.key ? this.visit.name : '';
  }
  get path(): readonly string[] {
    return this.visit.path;
  }
}

export interface DocumentRoles {
  /** Every node with this role, in document order. */
  all(role: Role): readonly RoleNode[];
  /** The first node with this role (the one readers of duplicate keys keep is not ours to guess). */
  first(role: Role): RoleNode | undefined;
  /** The nodes with this role inside `parent` (at any depth), in document order. */
  inside(parent: RoleNode, role: Role): readonly RoleNode[];
}

/** The option of a union that fits the node, as the validation picks it. */
function fitting(spec: Spec, node: YNode): Spec {
  if (spec.kind !== 'union') return spec;
  if (isMap(node)) return asMap(spec) ?? spec;
  if (isSeq(node)) return asSeq(spec) ?? spec;
  return asScalar(spec) ?? spec;
}

/** Records a role's place (made once per walk, not per place). */
type Recorder = (role: Role, spec: Spec, at: TreeVisit, within: RoleNode | undefined) => RoleNode;

/**
 * The roles of one place, each recorded: its mapping's or list's role, and a scalar's (a lone command
 * where a list is expected). Returns the last recorded, or undefined when the place has none. No list
 * and no closure: this runs for every node on every edit.
 */
function rolesAt(
  at: TreeVisit,
  spec: Spec,
  within: RoleNode | undefined,
  record: Recorder,
): RoleNode | undefined {
  let last: RoleNode | undefined;
  const own = fitting(spec, at.node);
  // A key without a value still has its role: a phase written as `build:` is a phase.
  const structure = own.kind === 'map' || own.kind === 'seq' ? own : (asMap(spec) ?? asSeq(spec));
  if (structure?.role) last = record(structure.role, structure, at, within);
  if (isScalar(at.node)) {
    const scalar = asScalar(spec) ?? asScalar(asSeq(spec)?.item);
    if (scalar?.role) last = record(scalar.role, scalar, at, within);
  }
  return last;
}

const EMPTY: readonly RoleNode[] = [];

function build(contents: YNode, root: MapSpec): DocumentRoles {
  const byRole = new Map<Role, RoleNode[]>();
  // For each node with a role, the nodes below it by role: `inside` answers without scanning (a buildspec
  // can have hundreds of batch tasks, each asked for its identifier and dependencies).
  const below = new Map<RoleNode, Map<Role, RoleNode[]>>();
  const record: Recorder = (role, spec, at, within) => {
    const found = new Found(role, spec, within, at);
    let list = byRole.get(role);
    if (!list) byRole.set(role, (list = []));
    list.push(found);
    for (let w = found.within; w; w = w.within) {
      let roles = below.get(w);
      if (!roles) below.set(w, (roles = new Map<Role, RoleNode[]>()));
      let under = roles.get(role);
      if (!under) roles.set(role, (under = []));
      under.push(found);
    }
    return found;
  };
  walkTree<RoleNode | null>(contents, root, null, (v, within) => {
    // Below a place the model does not know, nothing has a role.
    if (!v.spec) return undefined;
    return rolesAt(v, v.spec, within ?? undefined, record) ?? within;
  });
  return {
    all: (role) => byRole.get(role) ?? EMPTY,
    first: (role) => byRole.get(role)?.[0],
    inside: (parent, role) => below.get(parent)?.get(role) ?? EMPTY,
  };
}

const cache = new WeakMap<object, { root: MapSpec; roles: DocumentRoles }>();
const NONE = build(null, { kind: 'map', keys: {} });

/** The roles of a parsed tree under the given model root; computed once per tree. */
export function rolesOf(contents: YNode, root: MapSpec | undefined): DocumentRoles {
  if (!contents || !root) return NONE;
  const hit = cache.get(contents);
  if (hit && hit.root === root) return hit.roles;
  const roles = build(contents, root);
  cache.set(contents, { root, roles });
  return roles;
}

/** The name of the key whose value has `role` directly below `spec` (for text a fix inserts). */
export function keyWithRole(spec: MapSpec, role: Role): string | undefined {
  for (const [name, key] of Object.entries(spec.keys)) {
    const s = key.spec;
    if ((s.kind === 'map' || s.kind === 'seq' || s.kind === 'scalar') && s.role === role) return name;
  }
  return undefined;
}
