/** Resolves the paths a buildspec or appspec names to URIs of workspace files. */

/**
 * The URI of `relative` (a bundle- or source-root-relative path) against the folder `baseDirUri`, or
 * undefined when it names no file there. A path is relative to its root even with a leading `/` (AppSpec
 * hook locations are relative to the revision root; batch buildspecs to the source root), and a path
 * whose `..` climbs above that root names nothing: the file is not in the revision, and it gets no link
 * and no existence check outside the workspace.
 */
export function resolveUnder(baseDirUri: string, relative: string): string | undefined {
  const clean = relative
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(\.\/|\/)+/, '');
  if (!clean || /^[a-z][\w+.-]*:/i.test(clean)) return undefined;
  const segments = inside(clean);
  if (!segments?.length) return undefined;
  try {
    const base = baseDirUri.endsWith('/') ? baseDirUri : `${baseDirUri}/`;
    const url = new URL(segments.map(encodeURIComponent).join('/'), base).toString();
    return url.startsWith(base) ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `relative` climbs above the folder it is relative to. */
export function leavesRoot(relative: string): boolean {
  const clean = relative.trim().replace(/\\/g, '/');
  return inside(clean) === undefined;
}

/** The path's segments with `.` and `..` applied, or undefined when `..` would leave the root. */
function inside(path: string): string[] | undefined {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (!out.length) return undefined;
      out.pop();
    } else out.push(segment);
  }
  return out;
}

/** The folder that holds a document. */
export function dirOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}
