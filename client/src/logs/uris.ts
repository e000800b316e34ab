// The URI of a build's log document names the build (profile, region, id) and, for an "earlier lines"
// document, the range. A URI is text anyone can write (a link in a file, a restored tab), so what it
// names is checked before use: the build id's shape here, the connection by the caller.
import * as vscode from 'vscode';
import { LOG_SCHEME } from './providers';
import type { BuildRef } from './session';

/** A line range of an "earlier lines" document. */
export interface LineRange {
  from: number;
  to: number;
}

/** `project:id`, as CodeBuild names a build: a project name (its own pattern), a colon, an id. */
const BUILD_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{1,254}:[A-Za-z0-9-]{1,128}$/;

export function isBuildId(id: unknown): id is string {
  return typeof id === 'string' && BUILD_ID.test(id);
}

/** A name from a URI or an argument, fit to quote in a message: no Markdown, no line breaks, short. */
export function quotable(name: string): string {
  const kept = name.replace(/[^\w.@+=,:/ -]/g, '?');
  return kept.length > 64 ? `${kept.slice(0, 64)}…` : kept;
}

/**
 * `awscicd-log:/project-3/project-3 #12?profile=…&region=…&id=…`: the last segment is the tab's
 * title, so it is the build's name as people say it, with no file extension (documentLanguage.ts).
 */
export function logUri(ref: BuildRef, name: string, range?: LineRange): vscode.Uri {
  const q = new URLSearchParams({ profile: ref.profile, region: ref.region, id: ref.buildId });
  if (range) {
    q.set('from', String(range.from));
    q.set('to', String(range.to));
  }
  const project = ref.buildId.split(':')[0] || 'build';
  const suffix = range ? ` (lines ${range.from + 1}-${range.to})` : '';
  return vscode.Uri.from({
    scheme: LOG_SCHEME,
    path: `/${project}/${tabTitle(name)}${suffix}`,
    query: q.toString(),
  });
}

/** A name as a tab's title: one path segment, no controls, not too long. */
export function tabTitle(name: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const flat = name.replace(/[/\\?\u0000-\u001f\u007f-\u009f]/g, '-').trim();
  return (flat.length > 120 ? `${flat.slice(0, 119)}…` : flat) || 'build log';
}

/** The build (and range) a log document's URI names, if it names a well-formed one. */
export function buildOfUri(uri: vscode.Uri): { ref: BuildRef; range?: LineRange } | undefined {
  if (uri.scheme !== LOG_SCHEME) return undefined;
  const q = new URLSearchParams(uri.query);
  const profile = q.get('profile');
  const region = q.get('region');
  const buildId = q.get('id');
  if (!profile || !region || !isBuildId(buildId)) return undefined;
  const from = Number(q.get('from') ?? NaN);
  const to = Number(q.get('to') ?? NaN);
  const range =
    Number.isSafeInteger(from) && Number.isSafeInteger(to) && from >= 0 && to > from
      ? { from, to }
      : undefined;
  return { ref: { profile, region, buildId }, range };
}
