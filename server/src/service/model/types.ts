/**
 * The vocabulary of the declarative model. Completion, hover, validation and the JSON Schema export all
 * read specs built from these types; nothing else spells a buildspec or appspec key.
 */
import { own } from '../own';

/** What a scalar means beyond its type: drives completion, links and command checks. */
export type ScalarRole =
  | 'command' // a shell command run by CodeBuild
  | 'runtimeVersion' // a runtime version under runtime-versions
  | 'taskRef' // a batch task identifier referenced by depend-on
  | 'taskId' // a batch task identifier
  | 'buildspecPath' // a path to another buildspec, relative to the source root
  | 'hookScript' // an appspec hook script, relative to the bundle root
  | 'secretRef' // a secrets-manager reference
  | 'envName' // an environment variable name
  | 'envValue' // the plain-text value of an environment variable
  | 'shell' // the shell that runs the commands
  | 'version' // the file's format version
  | 'os' // the operating system of an AppSpec's instances
  | 'fileMode' // an octal file mode
  | 'hookTimeout' // the seconds an AppSpec hook script may run
  | 'privilegedMode' // whether a batch build runs privileged (Docker)
  | 'lambdaCurrentVersion' // the Lambda version an alias points to now
  | 'lambdaTargetVersion'; // the Lambda version an alias shifts to

/** What a mapping or list means, so that rules find it by meaning rather than by its key's spelling. */
export type StructureRole =
  | 'phase' // one build phase that must have commands
  | 'installPhase' // the install phase, whose commands are optional
  | 'runnerPhase' // the build phase, which a runner project's runner takes over (docs/knowledge.md)
  | 'phaseCommands' // a phase's commands
  | 'phaseFinally' // a phase's finally block
  | 'runtimeVersions' // the runtimes an install phase selects
  | 'envVariables' // plain-text environment variables of the build
  | 'parameterStore' // variables read from Parameter Store
  | 'secretsManager' // variables read from Secrets Manager
  | 'reports' // report groups
  | 'batch' // the batch build section
  | 'batchKind' // one way of generating a batch (list, graph, matrix, fanout)
  | 'batchTask' // one task of a build list or graph
  | 'permissions' // an AppSpec's permissions
  | 'ec2Hooks' // the EC2/on-premises lifecycle hooks
  | 'hookScripts' // the scripts of one EC2/on-premises lifecycle event
  | 'hookEntry' // one of those scripts: location, timeout, user
  | 'serviceHooks' // the ECS or Lambda hooks list
  | 'awsvpc' // an ECS service's awsvpc settings
  | 'lambdaProperties'; // a Lambda function's deployment properties

/** Either kind of role. */
export type Role = ScalarRole | StructureRole;

export interface ValueSpec {
  readonly value: string;
  readonly doc?: string;
  /** Snippet inserted instead of the bare value (e.g. RETRY-${1:3}). */
  readonly snippet?: string;
}

export interface ScalarSpec {
  readonly kind: 'scalar';
  /** `boolean` accepts true/false and YAML 1.1's yes/no, quoted or not. */
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'any';
  readonly values?: readonly ValueSpec[];
  /** How sure we are that a value outside `values` fails: 'error' rejects, 'warning' is only unusual. */
  readonly closed?: 'error' | 'warning';
  readonly caseInsensitive?: boolean;
  /** Values matching this are accepted even when not listed (RETRY-3-.*, …). */
  readonly accept?: RegExp;
  readonly role?: ScalarRole;
  /** Completion offers yes/no rather than true/false. */
  readonly yesNo?: boolean;
  /** Rule code for a value outside `values` (defaults to invalid-value / unknown-value by `closed`). */
  readonly invalidCode?: string;
}

export interface SeqSpec {
  readonly kind: 'seq';
  readonly item: Spec;
  readonly role?: StructureRole;
  /** A lone scalar is tolerated where a list is expected (with a warning). */
  readonly scalarTolerated?: boolean;
  /** Rule code for an empty list (defaults to empty-value). */
  readonly emptyCode?: string;
}

export interface UnionSpec {
  readonly kind: 'union';
  readonly options: readonly Spec[];
}

export interface MapSpec {
  readonly kind: 'map';
  readonly keys: Readonly<Record<string, KeySpec>>;
  readonly role?: StructureRole;
  /** Keys the user chooses (variable names, report groups); absent means the key set is closed. */
  readonly additional?: {
    readonly label: string;
    readonly spec: Spec;
    readonly doc: string;
  };
  /** Lambda appspec keys are matched case-insensitively by the service. */
  readonly caseInsensitiveKeys?: boolean;
  /** Rule code for a key that is not in `keys` (defaults to unknown-key). */
  readonly unknownKeyCode?: string;
  /** Keys that exist elsewhere in the model, with a precise message when written here. */
  readonly misplaced?: Readonly<Record<string, { readonly code: string; readonly message: string }>>;
}

export type Spec = MapSpec | SeqSpec | ScalarSpec | UnionSpec;

export interface KeySpec {
  readonly spec: Spec;
  /** Markdown shown on hover and in completion details. */
  readonly doc: string;
  /** The AWS documentation page for this key. */
  readonly url?: string;
  /** true: missing-key (error); 'recommended': missing-recommended-key (warning). */
  readonly required?: boolean | 'recommended';
  /** Not required when this sibling key is present (a batch-only buildspec has no phases). */
  readonly requiredUnless?: string;
  readonly default?: string;
  /** For buildspec keys: the versions that know this key (all when absent). */
  readonly versions?: readonly string[];
  /** Rule code when the key is missing (defaults to missing-key). */
  readonly missingCode?: string;
  /** Set when the key is accepted but ignored or discouraged; the text says what to do instead. */
  readonly ignored?: string;
  /** Excluded from completion (kept for validation and hover). */
  readonly hidden?: boolean;
  /** Its value names the list item it is in (a batch task's identifier), in the outline. */
  readonly namesItem?: boolean;
}

// ---- builders: keep the model files declarative and short ----

export const str = (extra: Partial<Omit<ScalarSpec, 'kind' | 'type'>> = {}): ScalarSpec => ({
  kind: 'scalar',
  type: 'string',
  ...extra,
});
export const int = (): ScalarSpec => ({ kind: 'scalar', type: 'integer' });
export const bool = (yesNo = false): ScalarSpec => ({ kind: 'scalar', type: 'boolean', yesNo });
export const any = (): ScalarSpec => ({ kind: 'scalar', type: 'any' });
export const oneOf = (
  values: readonly (string | ValueSpec)[],
  closed: 'error' | 'warning',
  extra: Partial<ScalarSpec> = {},
): ScalarSpec => ({
  kind: 'scalar',
  type: 'string',
  values: values.map((v) => (typeof v === 'string' ? { value: v } : v)),
  closed,
  ...extra,
});
export const seq = (item: Spec, scalarTolerated = false, emptyCode?: string): SeqSpec => ({
  kind: 'seq',
  item,
  scalarTolerated,
  ...(emptyCode ? { emptyCode } : {}),
});
export const map = (
  keys: Record<string, KeySpec>,
  extra: Partial<Omit<MapSpec, 'kind' | 'keys'>> = {},
): MapSpec => ({
  kind: 'map',
  keys,
  ...extra,
});
export const union = (...options: Spec[]): UnionSpec => ({ kind: 'union', options });
/** The same mapping or list, with a role that rules find it by. */
export const withRole = <S extends MapSpec | SeqSpec>(spec: S, role: StructureRole): S => ({ ...spec, role });

const keyMaps = new WeakMap<MapSpec, ReadonlyMap<string, KeySpec>>();

/**
 * A mapping's keys as a Map: asked for every key of a document on every edit, and only own names count
 * (a plain object would answer `constructor` from its prototype).
 */
function keysOf(spec: MapSpec): ReadonlyMap<string, KeySpec> {
  let keys = keyMaps.get(spec);
  if (!keys) keyMaps.set(spec, (keys = new Map(Object.entries(spec.keys))));
  return keys;
}

const requiredKeys = new WeakMap<MapSpec, readonly (readonly [string, KeySpec])[]>();

/** A mapping spec's required and recommended keys, listed once per spec (every mapping is checked). */
export function requiredKeysOf(spec: MapSpec): readonly (readonly [string, KeySpec])[] {
  let keys = requiredKeys.get(spec);
  if (!keys) requiredKeys.set(spec, (keys = Object.entries(spec.keys).filter(([, k]) => k.required)));
  return keys;
}

/**
 * A key's spec, honouring case-insensitive maps, without the name: nothing allocated for a key the model
 * names exactly (the tree walk looks up every key of the file on every edit).
 */
export function keySpecOf(spec: MapSpec, key: string): KeySpec | undefined {
  return keysOf(spec).get(key) ?? (spec.caseInsensitiveKeys ? lookupKey(spec, key)?.key : undefined);
}

/** Finds a key's spec, honouring case-insensitive maps. */
export function lookupKey(spec: MapSpec, key: string): { name: string; key: KeySpec } | undefined {
  const exact = keysOf(spec).get(key);
  if (exact) return { name: key, key: exact };
  if (spec.caseInsensitiveKeys) {
    const lower = key.toLowerCase();
    for (const [name, k] of Object.entries(spec.keys))
      if (name.toLowerCase() === lower) return { name, key: k };
  }
  return undefined;
}

/** What to say of a key that belongs elsewhere (`misplaced`), when `key` is one. */
export function misplacedKey(spec: MapSpec, key: string): { code: string; message: string } | undefined {
  return spec.misplaced && own(spec.misplaced, key);
}

/** The map spec inside a spec, looking through unions (first map option wins). */
export function asMap(spec: Spec | undefined): MapSpec | undefined {
  if (!spec) return undefined;
  if (spec.kind === 'map') return spec;
  if (spec.kind === 'union') for (const o of spec.options) if (o.kind === 'map') return o;
  return undefined;
}

export function asSeq(spec: Spec | undefined): SeqSpec | undefined {
  if (!spec) return undefined;
  if (spec.kind === 'seq') return spec;
  if (spec.kind === 'union') for (const o of spec.options) if (o.kind === 'seq') return o;
  return undefined;
}

export function asScalar(spec: Spec | undefined): ScalarSpec | undefined {
  if (!spec) return undefined;
  if (spec.kind === 'scalar') return spec;
  if (spec.kind === 'union') for (const o of spec.options) if (o.kind === 'scalar') return o;
  return undefined;
}

/** The spec at a path of keys ('[]' for list items) below `root`, following named and user keys. */
export function specAt(root: Spec, path: readonly string[]): Spec | undefined {
  let cur: Spec | undefined = root;
  for (const seg of path) {
    if (!cur) return undefined;
    if (seg === '[]') {
      cur = asSeq(cur)?.item;
      continue;
    }
    const m = asMap(cur);
    if (!m) {
      // A `- key:` under a list: step into the item first.
      const item = asSeq(cur)?.item;
      const im = asMap(item);
      cur = im ? (lookupKey(im, seg)?.key.spec ?? im.additional?.spec) : undefined;
      continue;
    }
    cur = lookupKey(m, seg)?.key.spec ?? m.additional?.spec;
  }
  return cur;
}

/** The keys that name their list item (`namesItem`) anywhere below the given specs, in model order. */
export function itemNamingKeys(roots: readonly Spec[]): string[] {
  const out = new Set<string>();
  const seen = new Set<Spec>();
  const visit = (spec: Spec): void => {
    if (seen.has(spec)) return;
    seen.add(spec);
    if (spec.kind === 'map') {
      for (const [name, key] of Object.entries(spec.keys)) {
        if (key.namesItem) out.add(name);
        visit(key.spec);
      }
      if (spec.additional) visit(spec.additional.spec);
    } else if (spec.kind === 'seq') visit(spec.item);
    else if (spec.kind === 'union') spec.options.forEach(visit);
  };
  roots.forEach(visit);
  return [...out];
}

/** The role of the scalar at a path (a lone scalar where a list is expected counts as its item). */
export function scalarRoleAt(root: Spec, path: readonly string[]): ScalarRole | undefined {
  const spec = specAt(root, path);
  return (asScalar(spec) ?? asScalar(asSeq(spec)?.item))?.role;
}

/** The key spec for the last segment of a path, for docs. */
export function keySpecAt(
  root: Spec,
  path: readonly string[],
):
  | { name: string; key: KeySpec }
  | { name: string; additional: NonNullable<MapSpec['additional']> }
  | undefined {
  if (!path.length) return undefined;
  const parent = specAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  const m = asMap(parent) ?? asMap(asSeq(parent)?.item);
  if (!m) return undefined;
  const found = lookupKey(m, last);
  if (found) return found;
  return m.additional ? { name: last, additional: m.additional } : undefined;
}

/** A key's documentation as Markdown: its text, values, default and the AWS page. */
export function docOf(key: KeySpec): string {
  const parts = [key.doc];
  const s = asScalar(key.spec);
  if (s?.values?.length) parts.push(`Values: ${s.values.map((v) => `\`${v.value}\``).join(', ')}`);
  if (key.default) parts.push(`Default: \`${key.default}\``);
  if (key.url) parts.push(`[AWS documentation](${key.url})`);
  return parts.join('\n\n');
}
