/**
 * The language server's only file-system look-up: does a file an appspec names exist? The path comes
 * from the document, so the look-up stays inside the folder it belongs to: a symbolic link on the way
 * that leads out of that folder is not followed (the answer is "cannot tell", which reports nothing).
 */
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Links followed on the way to one file; more is a loop or a maze. */
const MAX_LINKS = 32;

/**
 * Whether the file at `uri` exists, looked up inside `rootUri` (the workspace folder holding it, or
 * without one its own folder); true when it cannot tell, so nothing is reported.
 */
export function fileExistsInside(uri: string, rootUri: string | undefined): boolean {
  if (!uri.startsWith('file:')) return true;
  try {
    const file = fileURLToPath(uri);
    const root = rootUri ? fileURLToPath(rootUri) : path.dirname(file);
    return existsInside(file, root) ?? true;
  } catch {
    return true;
  }
}

/** true or false when known; undefined when the path leaves `root` or the walk gives up. */
export function existsInside(file: string, root: string): boolean | undefined {
  const realRoot = realpathSync(root);
  const rel = path.relative(root, file);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const todo = rel.split(path.sep).reverse();
  let current = realRoot;
  let links = 0;
  while (todo.length) {
    const segment = todo.pop()!;
    if (segment === '.' || segment === '') continue;
    const next = segment === '..' ? path.dirname(current) : path.join(current, segment);
    if (!isWithin(next, realRoot)) return undefined;
    let stat;
    try {
      stat = lstatSync(next);
    } catch {
      return false;
    }
    if (stat.isSymbolicLink()) {
      if (++links > MAX_LINKS) return undefined;
      const target = path.resolve(current, readlinkSync(next));
      if (!isWithin(target, realRoot)) return undefined;
      // Walk the link's target from the root, segment by segment, before what was left of the path.
      todo.push(...path.relative(realRoot, target).split(path.sep).reverse());
      current = realRoot;
      continue;
    }
    current = next;
  }
  return true;
}

function isWithin(p: string, root: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
