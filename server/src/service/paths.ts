/** Resolves the paths a buildspec or appspec names to URIs of workspace files. */

/** The URI of `relative` (a bundle- or source-root-relative path) against the folder `baseDirUri`. */
export function resolveUnder(baseDirUri: string, relative: string): string | undefined {
  const clean = relative
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(\.\/|\/)+/, '');
  if (!clean || /^[a-z][\w+.-]*:/i.test(clean)) return undefined;
  try {
    const base = baseDirUri.endsWith('/') ? baseDirUri : `${baseDirUri}/`;
    return new URL(clean.split('/').map(encodeURIComponent).join('/'), base).toString();
  } catch {
    return undefined;
  }
}

/** The folder that holds a document. */
export function dirOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}
