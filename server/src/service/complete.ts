/** Completion: keys valid at the cursor, values for every enum, runtimes, variables and task ids. */
import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  type CompletionItem,
  type Position,
} from 'vscode-languageserver-types';
import { adaptToClient, CAPABLE_CLIENT, type ClientStyle } from './clientStyle';
import { completeJson } from './completeJson';
import { cursorContext, type CursorContext } from './cursor';
import type { ParsedDocument } from './document';
import { candidateImages, findImage, RUNTIMES, versionsOf } from './model/runtimes';
import {
  asMap,
  asScalar,
  asSeq,
  docOf,
  specAt,
  type KeySpec,
  type MapSpec,
  type ScalarSpec,
  type Spec,
} from './model/types';
import { batchTasks } from './facts/batchTasks';
import { commandVariables } from './facts/commandVariables';
import { pinnedImage, type BuildspecOptions } from './facts/image';
import { fileVariables, serviceVariables } from './facts/variables';
import { own } from './own';

/** Placeholder command id on items after which the values should be suggested; see clientStyle.ts. */
const RETRIGGER = 'retrigger-suggest';
const VARIABLE_PREFIX = /\$\{?([A-Za-z_][A-Za-z0-9_]*)?$/;

export interface CompletionOptions extends BuildspecOptions {
  readonly client?: ClientStyle;
}

export function complete(
  doc: ParsedDocument,
  position: Position,
  options: CompletionOptions = {},
): CompletionItem[] {
  const items = completeItems(doc, position, options);
  const line = doc.textDocument.getText({ start: { line: position.line, character: 0 }, end: position });
  return adaptToClient(items, /^[ \t]*/.exec(line)![0], options.client ?? CAPABLE_CLIENT);
}

function completeItems(
  doc: ParsedDocument,
  position: Position,
  options: CompletionOptions,
): CompletionItem[] {
  if (!doc.root) return [];
  if (doc.kind.type === 'appspec' && doc.kind.json) return completeJson(doc, position, docOf);
  const offset = doc.textDocument.offsetAt(position);
  const ctx = cursorContext(doc.text, offset);
  const range = { start: doc.textDocument.positionAt(ctx.prefixStart), end: position };
  const before = ctx.lineText.slice(0, position.character);
  const variable = VARIABLE_PREFIX.exec(before);
  if (variable && ctx.position !== 'key') return variables(doc, position, variable[0].length);
  if (ctx.inBlockScalar) return [];

  if (ctx.position === 'value') {
    const spec = specAt(doc.root, [...ctx.path, ctx.key!]);
    if (asScalar(spec)?.role === 'runtimeVersion' && own(RUNTIMES, ctx.key!))
      return runtimeVersions(doc, ctx, options, range);
    return values(spec, range);
  }
  const container = specAt(doc.root, ctx.path);
  if (ctx.position === 'item') {
    const item = asSeq(container)?.item ?? container;
    const scalar = asScalar(item);
    if (scalar?.role === 'taskRef') return taskIds(doc, range);
    if (scalar) return values(scalar, range);
    const map = asMap(item);
    return map ? keys(doc, map, ctx, range) : [];
  }
  const map = asMap(container);
  return map ? keys(doc, map, ctx, range) : [];
}

type Range = { start: Position; end: Position };

function keys(doc: ParsedDocument, spec: MapSpec, ctx: CursorContext, range: Range): CompletionItem[] {
  const version = doc.kind.type === 'buildspec' && doc.kind.version === '0.1' ? '0.1' : '0.2';
  const lineIndent = ctx.lineText.length - ctx.lineText.trimStart().length;
  const pad = ' '.repeat(Math.max(0, ctx.column - lineIndent) + 2);
  const out: CompletionItem[] = [];
  for (const [name, key] of Object.entries(spec.keys)) {
    if (key.hidden || ctx.siblings.has(name)) continue;
    if (doc.kind.type === 'buildspec' && key.versions && !key.versions.includes(version)) continue;
    out.push({
      label: name,
      kind: CompletionItemKind.Property,
      detail: detailOf(key),
      documentation: { kind: MarkupKind.Markdown, value: docOf(key) },
      sortText: `${key.required === true ? '0' : '1'}${name}`,
      textEdit: { range, newText: insertKey(name, key.spec, pad) },
      insertTextFormat: InsertTextFormat.Snippet,
      insertTextMode: InsertTextMode.adjustIndentation,
      ...(asMap(key.spec) === undefined && asSeq(key.spec) === undefined && hasValues(key.spec)
        ? { command: { title: 'Suggest values', command: RETRIGGER } }
        : {}),
    });
  }
  return out;
}

function hasValues(spec: Spec): boolean {
  const s = asScalar(spec);
  return !!s && (!!s.values?.length || s.type === 'boolean' || s.role === 'runtimeVersion');
}

function insertKey(name: string, spec: Spec, pad: string): string {
  if (spec.kind === 'map') return `${name}:\n${pad}$0`;
  if (spec.kind === 'seq') return asMap(spec.item) ? `${name}:\n${pad}- $0` : `${name}:\n${pad}- $0`;
  return `${name}: $0`;
}

function detailOf(key: KeySpec): string {
  const s = key.spec;
  const kind =
    s.kind === 'map' ? 'mapping' : s.kind === 'seq' ? 'list' : s.kind === 'union' ? 'value or list' : s.type;
  return [
    kind,
    key.required === true ? 'required' : undefined,
    key.default ? `default ${key.default}` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

function values(spec: Spec | undefined, range: Range): CompletionItem[] {
  const s: ScalarSpec | undefined = asScalar(spec);
  if (!s) return [];
  if (s.type === 'boolean') {
    const words = s.yesNo ? ['yes', 'no'] : ['true', 'false'];
    return words.map((w, i) => ({
      label: w,
      kind: CompletionItemKind.Value,
      sortText: String(i),
      textEdit: { range, newText: w },
    }));
  }
  return (s.values ?? []).map((v, i) => ({
    label: v.value,
    kind: CompletionItemKind.EnumMember,
    sortText: String(i).padStart(3, '0'),
    ...(v.doc ? { documentation: { kind: MarkupKind.Markdown, value: v.doc } } : {}),
    textEdit: { range, newText: v.snippet ?? v.value },
    insertTextFormat: v.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
  }));
}

function runtimeVersions(
  doc: ParsedDocument,
  ctx: CursorContext,
  options: BuildspecOptions,
  range: Range,
): CompletionItem[] {
  const image = pinnedImage(doc.text, options);
  const images = candidateImages(image ? findImage(image) : undefined);
  const versions = [...versionsOf(ctx.key!, images).entries()];
  const items: CompletionItem[] = versions.map(([v, on], i) => ({
    label: v,
    kind: CompletionItemKind.Value,
    detail:
      on.length === images.length
        ? 'on every current image'
        : `on ${on.map((x) => x.replace('aws/codebuild/', '')).join(', ')}`,
    sortText: String(i).padStart(3, '0'),
    // A version like 3.10 must be quoted or YAML reads the number 3.1.
    textEdit: { range, newText: /^\d+\.\d+$/.test(v) ? `"${v}"` : v },
    filterText: v,
  }));
  items.push({
    label: 'latest',
    kind: CompletionItemKind.Value,
    detail: 'the newest version on the image',
    sortText: '999',
    textEdit: { range, newText: 'latest' },
  });
  return items;
}

function taskIds(doc: ParsedDocument, range: Range): CompletionItem[] {
  return batchTasks(doc).map((t) => ({
    label: t.id,
    kind: CompletionItemKind.Reference,
    detail: 'batch task',
    textEdit: { range, newText: t.id },
  }));
}

/** `$NAME` completion: the service's variables and the ones the file defines. */
function variables(doc: ParsedDocument, position: Position, typed: number): CompletionItem[] {
  const range = { start: { line: position.line, character: position.character - typed }, end: position };
  const braced = doc.text
    .slice(doc.textDocument.offsetAt(range.start), doc.textDocument.offsetAt(position))
    .startsWith('${');
  const known = serviceVariables(doc);
  const defined = fileVariables(doc);
  // Variables the commands set come after env's, and only when env does not define them too.
  for (const [name, where] of commandVariables(doc))
    if (!defined.has(name) && !Object.hasOwn(known, name)) defined.set(name, where);
  const all = [
    ...[...defined.entries()].map(([k, d]) => [k, d, '0'] as const),
    ...Object.entries(known).map(([k, d]) => [k, d, '1'] as const),
  ];
  return all.map(([name, doc, sort]) => ({
    label: `$${name}`,
    kind: CompletionItemKind.Variable,
    documentation: { kind: MarkupKind.Markdown, value: doc },
    sortText: `${sort}${name}`,
    filterText: braced ? `\${${name}` : `$${name}`,
    textEdit: { range, newText: braced ? `\${${name}}` : `$${name}` },
  }));
}
