/**
 * Decides what a file is — a buildspec (and its version) or an appspec (and its platform) — from its
 * name, the editor's language id, the user's patterns and, above all, its content.
 */
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { matchesAny } from './glob';
import { APPSPEC_ROOTS, PLATFORM_LABEL, type AppSpecPlatform } from './model/appspec';
import { BUILDSPEC_ROOT } from './model/buildspec';
import { APPSPEC_SIGNS as A, BUILDSPEC_SIGNS as B } from './model/signs';
import { declaresTemplate, otherFormat, type TopKeys } from './otherFormats';

export type FileKind =
  | { readonly type: 'buildspec'; readonly version: string | undefined }
  | { readonly type: 'appspec'; readonly platform: AppSpecPlatform; readonly json: boolean }
  | {
      readonly type: 'unknown';
      /** What the file is instead, when its content says so ("a CloudFormation template"). */
      readonly other?: string;
    };

/** The two kinds of file the service reads: also the language ids and the diagnostics' source. */
export type Family = 'buildspec' | 'appspec';
export const FAMILIES: readonly Family[] = ['buildspec', 'appspec'];

/** Whether an editor's language id (or a diagnostic's source) names one of our families. */
export function isFamily(id: string | undefined): id is Family {
  return (FAMILIES as readonly (string | undefined)[]).includes(id);
}

export interface FilePatterns {
  readonly buildspec: readonly string[];
  readonly appspec: readonly string[];
}

const BUILDSPEC_NAME =
  /(^|\/)(buildspec([-_.][^/]*)?|[^/]+\.buildspec)\.ya?ml$|(^|\/)buildspecs\/.*\.ya?ml$/i;
const APPSPEC_NAME = /(^|\/)appspec[^/]*\.(ya?ml|json)$/i;

/** The type suggested by the name or language id alone. */
export function typeFromName(
  path: string,
  languageId: string | undefined,
  patterns: FilePatterns | undefined,
): Family | undefined {
  if (isFamily(languageId)) return languageId;
  const p = path.replace(/\\/g, '/');
  if (BUILDSPEC_NAME.test(p) || (patterns && matchesAny(p, patterns.buildspec))) return 'buildspec';
  if (APPSPEC_NAME.test(p) || (patterns && matchesAny(p, patterns.appspec))) return 'appspec';
  return undefined;
}

function topKeys(doc: Document.Parsed): Map<string, Node | null> {
  const out = new Map<string, Node | null>();
  if (!isMap(doc.contents)) return out;
  for (const pair of doc.contents.items) {
    if (isScalar(pair.key)) out.set(String(pair.key.value), pair.value ?? null);
  }
  return out;
}

function scalarString(node: Node | null | undefined, text: string): string | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  return typeof node.value === 'string' ? node.value : text.slice(node.range[0], node.range[1]).trim();
}

/** The appspec platform, from the Resources' type, then from which keys the file uses. */
export function detectPlatform(doc: Document.Parsed): AppSpecPlatform {
  const keys = topKeys(doc);
  const resources = [...keys.entries()].find(([k]) => k.toLowerCase() === A.resources.toLowerCase())?.[1];
  // A mapping is a mistake the model reports; its resources still tell the platform.
  if (isSeq(resources) || isMap(resources)) {
    for (const item of isSeq(resources) ? resources.items : [resources]) {
      if (!isMap(item)) continue;
      for (const pair of item.items) {
        if (!isMap(pair.value)) continue;
        for (const p of pair.value.items) {
          if (!isScalar(p.key) || String(p.key.value).toLowerCase() !== A.resourceType || !isScalar(p.value))
            continue;
          const t = String(p.value.value).toLowerCase();
          if (t.includes('lambda')) return 'lambda';
          if (t.includes('ecs')) return 'ecs';
        }
        const props = pair.value.items.find(
          (p) => isScalar(p.key) && String(p.key.value).toLowerCase() === A.resourceProperties,
        );
        if (props && isMap(props.value)) {
          const names = props.value.items.map((p) =>
            isScalar(p.key) ? String(p.key.value).toLowerCase() : '',
          );
          if (names.some((n) => (A.lambdaProperties as readonly string[]).includes(n))) return 'lambda';
        }
      }
    }
    return 'ecs';
  }
  if (keys.has(A.serviceHooks) && !keys.has(A.ec2Hooks) && !keys.has(A.os)) return 'ecs';
  return 'ec2';
}

/** The content's own evidence for a family: what only a buildspec or only an AppSpec holds. */
function evidenceFor(type: Family, keys: TopKeys, text: string): boolean {
  if (type === 'buildspec') return B.own.some((k) => keys.has(k));
  return (
    isSeq(resourcesOf(keys)) ||
    keys.has(A.os) ||
    keys.has(A.ec2Hooks) ||
    keys.has(A.serviceHooks) ||
    (keys.has(A.files) && keys.has(A.version)) ||
    scalarString(keys.get(A.version), text) === '0.0'
  );
}

/** Top-level keys of each family, lower-cased (AppSpec keys are matched case-insensitively by the services). */
const ROOT_KEYS = {
  buildspec: new Set(Object.keys(BUILDSPEC_ROOT.keys).map((k) => k.toLowerCase())),
  appspec: new Set(
    Object.values(APPSPEC_ROOTS).flatMap((root) => Object.keys(root.keys).map((k) => k.toLowerCase())),
  ),
};

function knowsAnyKey(type: Family, keys: TopKeys): boolean {
  for (const k of keys.keys()) if (ROOT_KEYS[type].has(k.toLowerCase())) return true;
  return false;
}

/** An AppSpec's `Resources`, as written or lower-cased. */
function resourcesOf(keys: TopKeys): Node | null | undefined {
  return keys.get(A.resources) ?? keys.get(A.resources.toLowerCase());
}

/** The family the content alone shows, for a file whose name says nothing. */
function typeFromContent(keys: TopKeys, text: string): Family | undefined {
  const version = scalarString(keys.get(B.version), text);
  if (version === '0.1' || version === '0.2') {
    if (B.sections.some((k) => keys.has(k))) return 'buildspec';
  } else if (keys.has(B.version) && evidenceFor('buildspec', keys, text)) return 'buildspec';
  if (isSeq(resourcesOf(keys)) || (keys.has(A.os) && (keys.has(A.ec2Hooks) || keys.has(A.files))))
    return 'appspec';
  if (scalarString(keys.get(A.version), text) === '0.0' && evidenceFor('appspec', keys, text))
    return 'appspec';
  return undefined;
}

/**
 * What the file is. The content decides, as the services would read it: a file that is recognisably
 * something else (a CloudFormation template, a workflow) is never ours, whatever its name; a name or
 * language id that says buildspec or AppSpec decides the family of anything else, so that a half-written
 * file keeps its completion; otherwise the content must show a buildspec's or an AppSpec's own keys.
 */
export function detectKind(
  path: string,
  languageId: string | undefined,
  doc: Document.Parsed,
  text: string,
  patterns?: FilePatterns,
): FileKind {
  const keys = topKeys(doc);
  let type = typeFromName(path, languageId, patterns);
  if (!type && languageId === 'json' && /appspec/i.test(path)) type = 'appspec';
  const other = otherFormat(keys);
  if (other && (declaresTemplate(keys) || !(type && evidenceFor(type, keys, text))))
    return { type: 'unknown', other };
  // A mapping none of whose keys the family knows (a TextMate grammar named appspec.tmLanguage.json) is
  // not a file of that family, only a file with its name.
  if (type && isMap(doc.contents) && keys.size && !knowsAnyKey(type, keys)) return { type: 'unknown' };
  type ??= typeFromContent(keys, text);
  if (type === 'buildspec') return { type, version: scalarString(keys.get(B.version), text) };
  if (type === 'appspec') return { type, platform: detectPlatform(doc), json: /^\s*[{[]/.test(text) };
  return { type: 'unknown' };
}

/** What the status bar says about the file. */
export function describeKind(kind: FileKind): string {
  switch (kind.type) {
    case 'buildspec':
      return kind.version ? `CodeBuild buildspec ${kind.version}` : 'CodeBuild buildspec';
    case 'appspec':
      return `AppSpec: ${PLATFORM_LABEL[kind.platform]}`;
    default:
      return kind.other ? `Not a buildspec or appspec: ${kind.other}` : 'Not a buildspec or appspec';
  }
}
