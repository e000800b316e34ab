/**
 * Decides what a file is — a buildspec (and its version) or an appspec (and its platform) — from its
 * name, the editor's language id, the user's patterns and, above all, its content.
 */
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { matchesAny } from './glob';
import { PLATFORM_LABEL, type AppSpecPlatform } from './model/appspec';

export type FileKind =
  | { readonly type: 'buildspec'; readonly version: string | undefined }
  | { readonly type: 'appspec'; readonly platform: AppSpecPlatform; readonly json: boolean }
  | { readonly type: 'unknown' };

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
): 'buildspec' | 'appspec' | undefined {
  if (languageId === 'buildspec' || languageId === 'appspec') return languageId;
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
  const resources = [...keys.entries()].find(([k]) => k.toLowerCase() === 'resources')?.[1];
  if (isSeq(resources)) {
    for (const item of resources.items) {
      if (!isMap(item)) continue;
      for (const pair of item.items) {
        if (!isMap(pair.value)) continue;
        for (const p of pair.value.items) {
          if (!isScalar(p.key) || String(p.key.value).toLowerCase() !== 'type' || !isScalar(p.value))
            continue;
          const t = String(p.value.value).toLowerCase();
          if (t.includes('lambda')) return 'lambda';
          if (t.includes('ecs')) return 'ecs';
        }
        const props = pair.value.items.find(
          (p) => isScalar(p.key) && String(p.key.value).toLowerCase() === 'properties',
        );
        if (props && isMap(props.value)) {
          const names = props.value.items.map((p) =>
            isScalar(p.key) ? String(p.key.value).toLowerCase() : '',
          );
          if (names.some((n) => n === 'alias' || n === 'targetversion' || n === 'currentversion'))
            return 'lambda';
        }
      }
    }
    return 'ecs';
  }
  if (keys.has('Hooks') && !keys.has('hooks') && !keys.has('os')) return 'ecs';
  return 'ec2';
}

/** What the file is: the name decides the family when it can, the content decides the rest. */
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
  if (!type) {
    const hasVersion = keys.has('version');
    if (hasVersion && (keys.has('phases') || keys.has('batch'))) type = 'buildspec';
    else if (keys.has('Resources') || keys.has('resources') || (keys.has('os') && keys.has('hooks')))
      type = 'appspec';
  }
  if (type === 'buildspec') return { type, version: scalarString(keys.get('version'), text) };
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
      return 'Not a buildspec or appspec';
  }
}
