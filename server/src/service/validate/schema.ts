/** The document against the model: unknown, misplaced and duplicate keys, types, required keys, values. */
import { isAlias, isMap, isScalar, isSeq, type Scalar } from 'yaml';
import type { Reporter } from '../findings';
import {
  lookupKey,
  misplacedKey,
  requiredKeysOf,
  type KeySpec,
  type MapSpec,
  type ScalarSpec,
  type SeqSpec,
  type Spec,
} from '../model/types';
import { walkTree, type TreeVisit } from '../model/walk';
import { isRuleCode, type RuleCode } from '../rules';
import { closest } from '../suggest';
import { describe, describeNode } from './describe';
import { Trail } from './trail';
import { entries, hasMergeKey, isNullish, nodeKind, scalarText, type YNode } from '../yamlUtil';

const EMPTY_MESSAGE: Record<string, string> = {
  'empty-hook':
    'This hook lists no scripts; some versions of the CodeDeploy agent fail the event on it. Remove it or add a script',
  'empty-commands': 'No commands here; remove the key or add a command',
};
const BOOLEAN_WORDS = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'y', 'n']);

/** Values carrying template placeholders are filled in later; checking them would only cry wolf. */
export function looksTemplated(text: string): boolean {
  return /\{\{|\$\{|\$[A-Za-z_]|<[A-Za-z_][\w-]*>|%[A-Z_]+%|__[A-Z_]+__|_PLACEHOLDER\b/.test(text);
}

interface WalkContext {
  readonly r: Reporter;
  /** Buildspec version, for keys that exist only in some versions. */
  readonly version?: string;
}

const code = (c: string | undefined, fallback: RuleCode): RuleCode => (c && isRuleCode(c) ? c : fallback);

/** A place as messages name it: `phases.build.commands[0]` in backquotes, or "The file" for the root. */
const quoted = (path: Trail): string => `\`${path.toString()}\``;
const named = (path: Trail): string => (path.isRoot ? 'The file' : quoted(path));
const where = (path: Trail): string => (path.isRoot ? '' : ` in ${quoted(path)}`);

/** What the walk knows of a node whose children it visits. */
interface Level {
  /** Keys and list indexes from the root, as messages show them (`phases.build.commands[0]`). */
  readonly path: Trail;
  /** For a mapping: its spec, its key, and the keys seen so far (for duplicates). */
  readonly map?: MapSpec;
  readonly key?: Scalar;
  readonly seen?: Map<string, Scalar>;
}

export function checkModel(r: Reporter, root: MapSpec, version?: string): void {
  const ctx: WalkContext = { r, ...(version ? { version } : {}) };
  walkTree<Level>(
    r.doc.yaml.contents,
    root,
    { path: Trail.ROOT },
    (v, parent) => visit(ctx, v, parent),
    (v, level) => {
      // Keys merged in from an anchor (`<<: *base`) are not written here; do not call them missing.
      if (level.map && isMap(v.node) && !hasMergeKey(v.node))
        reportMissing(ctx, level.map, level.seen ?? NO_KEYS, level.path, level.key, v.node);
    },
  );
}

function visit(ctx: WalkContext, v: TreeVisit, parent: Level): Level | undefined {
  if (v.depth === 0) return v.spec ? check(ctx, v.node, v.spec, Trail.ROOT, undefined, 0) : undefined;
  if (ctx.r.full) return undefined;
  if (!v.key) {
    const path = parent.path.child(v.index ?? 0);
    return v.spec ? check(ctx, v.node, v.spec, path, undefined, v.depth) : undefined;
  }
  const name = v.name;
  const spec = parent.map && checkEntry(ctx, parent, name, v.key);
  return spec ? check(ctx, v.node, spec, parent.path.child(name), v.key, v.depth) : undefined;
}

/** A mapping's entry: duplicates, versions, ignored, misplaced and unknown keys; the spec of its value. */
function checkEntry(ctx: WalkContext, parent: Level, name: string, keyNode: Scalar): Spec | undefined {
  const { r } = ctx;
  const spec = parent.map!;
  const seen = parent.seen!;
  const norm = spec.caseInsensitiveKeys ? name.toLowerCase() : name;
  const first = seen.get(norm);
  if (first && !r.full) {
    const line = r.doc.textDocument.positionAt(first.range?.[0] ?? 0).line + 1;
    r.report(
      'duplicate-key',
      `\`${name}\` is already defined on line ${line}; most YAML readers keep only the last one`,
      keyNode,
      {
        related: [{ range: r.rangeOf(first), message: `first \`${name}\`` }],
      },
    );
  } else seen.set(norm, keyNode);
  const found = lookupKey(spec, name);
  if (found) {
    if (!checkVersion(ctx, found.name, found.key, keyNode)) return undefined;
    if (found.key.ignored) r.report('ignored-key', `\`${name}\` is ignored: ${found.key.ignored}`, keyNode);
    return found.key.spec;
  }
  const misplaced = misplacedKey(spec, name);
  if (misplaced) {
    r.report(code(misplaced.code, 'unknown-key'), misplaced.message, keyNode);
    return undefined;
  }
  if (spec.additional) return spec.additional.spec;
  reportUnknown(ctx, spec, name, keyNode, parent.path);
  return undefined;
}

function pick(spec: Spec, node: YNode): Spec | undefined {
  if (spec.kind !== 'union') return spec;
  const kind = nodeKind(node);
  if (kind === 'null') return spec.options.find((o) => o.kind === 'scalar') ?? spec.options[0];
  return spec.options.find((o) => o.kind === kind);
}

/** Checks a node against its spec; for a mapping or a list, the level its children are checked in. */
function check(
  ctx: WalkContext,
  node: YNode,
  spec: Spec,
  path: Trail,
  key: Scalar | undefined,
  depth: number,
): Level | undefined {
  if (isAlias(node)) return undefined;
  const chosen = pick(spec, node);
  if (!chosen) {
    ctx.r.report('wrong-type', `${named(path)} should be ${describe(spec)}`, node);
    return undefined;
  }
  switch (chosen.kind) {
    case 'map':
      return checkMap(ctx, node, chosen, path, key);
    case 'seq':
      return checkSeq(ctx, node, chosen, path, key, depth);
    case 'scalar':
      walkScalar(ctx, node, chosen, path, key);
      return undefined;
    case 'union':
      return undefined;
  }
}

function checkMap(
  ctx: WalkContext,
  node: YNode,
  spec: MapSpec,
  path: Trail,
  key: Scalar | undefined,
): Level | undefined {
  if (isNullish(node)) {
    reportMissing(ctx, spec, NO_KEYS, path, key, node);
    return undefined;
  }
  if (!isMap(node)) {
    ctx.r.report('wrong-type', `${named(path)} should be ${describe(spec)}, not ${describeNode(node)}`, node);
    return undefined;
  }
  return { path, map: spec, seen: new Map(), ...(key ? { key } : {}) };
}

function checkVersion(ctx: WalkContext, name: string, key: KeySpec, keyNode: Scalar): boolean {
  if (!key.versions || !ctx.version || key.versions.includes(ctx.version)) return true;
  const other = key.versions.join(', ');
  ctx.r.report(
    'unknown-key',
    `\`${name}\` belongs to buildspec version ${other}; this file is version ${ctx.version}`,
    keyNode,
  );
  return false;
}

function reportUnknown(ctx: WalkContext, spec: MapSpec, name: string, keyNode: Scalar, path: Trail): void {
  const { r } = ctx;
  if (r.full) return;
  const candidates = Object.entries(spec.keys)
    .filter(([, k]) => !k.hidden && (!k.versions || !ctx.version || k.versions.includes(ctx.version)))
    .map(([n]) => n);
  const guess = closest(name, candidates);
  const c = code(spec.unknownKeyCode, 'unknown-key');
  const noun =
    c === 'unknown-phase'
      ? 'phase'
      : c === 'unknown-runtime'
        ? 'runtime'
        : c === 'invalid-hook'
          ? 'lifecycle hook'
          : 'key';
  let message = `Unknown ${noun}${where(path)}: \`${name}\``;
  if (guess) message += `; did you mean \`${guess}\`?`;
  else if (c !== 'unknown-key' && candidates.length <= 12)
    message += `. Expected one of: ${candidates.join(', ')}`;
  r.report(c, message, keyNode, { fixes: guess ? [r.changeTo(keyNode, guess)] : [] });
}

const NO_KEYS: ReadonlySet<string> = new Set();

function reportMissing(
  ctx: WalkContext,
  spec: MapSpec,
  present: { has(key: string): boolean },
  path: Trail,
  key: Scalar | undefined,
  node?: YNode,
): void {
  const { r } = ctx;
  const has = (k: string) => present.has(spec.caseInsensitiveKeys ? k.toLowerCase() : k);
  for (const [name, k] of requiredKeysOf(spec)) {
    if (has(name)) continue;
    if (k.requiredUnless && has(k.requiredUnless)) continue;
    if (k.versions && ctx.version && !k.versions.includes(ctx.version)) continue;
    const c: RuleCode =
      k.required === 'recommended' ? 'missing-recommended-key' : code(k.missingCode, 'missing-key');
    const message = `${named(path)} is missing \`${name}\``;
    // Point at the parent key; in a list item, at its first key; at the top level, at the first line.
    const anchor = key ?? entries(node)[0]?.keyNode ?? (node?.range ? node : undefined);
    if (anchor && (key || !path.isRoot)) r.report(c, message, anchor);
    else
      r.reportAt(c, message, r.range(0, firstLineEnd(r.doc.text)), {
        fixes: addAtTop(ctx, name, k),
        fileLevel: true,
      });
  }
}

/** `Add 'version: 0.2'` for a top-level key with a known value, in YAML or JSON. */
function addAtTop(ctx: WalkContext, name: string, key: KeySpec) {
  const value = key.spec.kind === 'scalar' ? key.spec.values?.[0]?.value : undefined;
  if (!value) return [];
  const { text } = ctx.r.doc;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const json = /^\ufeff?\s*\{/.exec(text);
  if (json) {
    const at = json[0].length;
    return [ctx.r.replace(`Add "${name}": "${value}"`, at, at, ` "${name}": "${value}",`)];
  }
  // After a byte-order mark, directives and the `---` that starts the document.
  const head = /^\ufeff?(?:%[^\n]*\n)*(?:---[^\n]*\n)?/.exec(text)![0].length;
  return [ctx.r.replace(`Add '${name}: ${value}'`, head, head, `${name}: ${value}${eol}`)];
}

function firstLineEnd(text: string): number {
  const nl = text.indexOf('\n');
  return nl < 0 ? text.length : nl > 0 && text[nl - 1] === '\r' ? nl - 1 : nl;
}

function checkSeq(
  ctx: WalkContext,
  node: YNode,
  spec: SeqSpec,
  path: Trail,
  key: Scalar | undefined,
  depth: number,
): Level | undefined {
  const { r } = ctx;
  if (isNullish(node)) {
    if (key)
      r.report(
        code(spec.emptyCode, 'empty-value'),
        EMPTY_MESSAGE[spec.emptyCode ?? ''] ?? `${quoted(path)} is empty`,
        key,
      );
    return undefined;
  }
  if (isSeq(node)) return { path };
  if (isScalar(node) && spec.scalarTolerated) {
    const fix = key && node.range ? toListFix(ctx, key, node) : undefined;
    const fixes = fix ? [fix] : [];
    r.report(
      'scalar-instead-of-list',
      `${quoted(path)} should be a list; write the value as \`- item\``,
      node,
      { fixes },
    );
    // The lone value is checked as the list's item; a scalar has no children to walk.
    check(ctx, node, spec.item, path, key, depth + 1);
    return undefined;
  }
  r.report('wrong-type', `${quoted(path)} should be ${describe(spec)}, not ${describeNode(node)}`, node);
  return undefined;
}

function toListFix(ctx: WalkContext, key: Scalar, value: Scalar) {
  const { r } = ctx;
  // A block scalar or a value over several lines would need re-indenting line by line: no fix for those.
  if (
    value.type === 'BLOCK_LITERAL' ||
    value.type === 'BLOCK_FOLDED' ||
    r.doc.text.slice(value.range![0], value.range![1]).includes('\n')
  )
    return undefined;
  const keyCol = r.doc.textDocument.positionAt(key.range![0]).character;
  const [start, end] = [value.range![0], value.range![1]];
  const indent = ' '.repeat(keyCol + 2);
  return r.replace('Make it a list', start, end, `\n${indent}- ${r.doc.text.slice(start, end)}`);
}

function walkScalar(
  ctx: WalkContext,
  node: YNode,
  spec: ScalarSpec,
  path: Trail,
  key: Scalar | undefined,
): void {
  const { r } = ctx;
  // This runs for every scalar in the file: the name is spelled out only when something is reported,
  // and the text read only when the spec has something to check in it.
  if (isNullish(node)) {
    if (key && spec.role !== 'command') r.report('empty-value', `${quoted(path)} has no value`, key);
    return;
  }
  if (isMap(node) && spec.role === 'command') return commandIsMapping(ctx, node, quoted(path));
  if (!isScalar(node)) {
    r.report('wrong-type', `${quoted(path)} should be ${describe(spec)}, not ${describeNode(node)}`, node);
    return;
  }
  if (spec.type !== 'boolean' && spec.type !== 'integer' && (!spec.values || !spec.closed)) return;
  const text = scalarText(node, r.doc.text) ?? '';
  if (looksTemplated(text)) return;
  if (spec.type === 'boolean') {
    if (typeof node.value !== 'boolean' && !BOOLEAN_WORDS.has(text.toLowerCase())) {
      r.report('invalid-value', `${quoted(path)} should be ${describe(spec)}: \`${text}\``, node);
    }
    return;
  }
  if (spec.type === 'integer') {
    const ok = typeof node.value === 'number' ? Number.isInteger(node.value) : /^\d+$/.test(text);
    if (!ok) r.report('wrong-type', `${quoted(path)} should be a whole number: \`${text}\``, node);
    else if (typeof node.value !== 'number')
      r.report('quoted-number', `${quoted(path)} should be a number, not the string \`"${text}"\``, node, {
        fixes: node.range ? [r.replace('Remove the quotes', node.range[0], node.range[1], text)] : [],
      });
    return;
  }
  if (!spec.values || !spec.closed) return;
  const norm = (s: string) => (spec.caseInsensitive ? s.toLowerCase() : s);
  if (spec.values.some((v) => norm(v.value) === norm(text)) || spec.accept?.test(text)) return;
  const listed = spec.values.filter((v) => !v.value.includes('<')).map((v) => v.value);
  const guess = closest(text, listed);
  const c = code(spec.invalidCode, spec.closed === 'error' ? 'invalid-value' : 'unknown-value');
  const message = `${quoted(path)} should be one of ${listed.map((v) => `\`${v}\``).join(', ')}: \`${text}\`${guess ? `; did you mean \`${guess}\`?` : ''}`;
  const fixes = guess ? [r.changeTo(node, guess)] : [];
  r.report(c, message, node, { fixes });
}

/** `- echo a: b` is a mapping to YAML; CodeBuild rejects it ("Expected Commands[0] to be of string type"). */
function commandIsMapping(ctx: WalkContext, node: YNode, name: string): void {
  const { r } = ctx;
  const [start, end] = node?.range ? [node.range[0], node.range[1]] : [0, 0];
  // trimEnd, not /\s+$/: that regex is quadratic on a long run of spaces before the end.
  const source = r.doc.text.slice(start, end).trimEnd();
  const fixes = source.includes('\n')
    ? []
    : [r.replace('Quote the command', start, start + source.length, `'${source.replace(/'/g, "''")}'`)];
  r.report(
    'command-is-mapping',
    `${name} is read as a mapping because it contains ": "; quote the whole command`,
    node,
    { fixes },
  );
}
