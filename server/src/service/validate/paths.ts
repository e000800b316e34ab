/**
 * Paths the services resolve inside what they were given: an AppSpec hook `location` inside the revision, a
 * batch task's `buildspec` inside the source. A `..` that climbs above that root names a file the service
 * cannot see; the editor gives it no link and looks for no file there, so it is reported instead.
 */
import { scalarText } from '../yamlUtil';
import type { Reporter } from '../findings';
import { documentRoles } from '../facts/roles';
import { leavesRoot } from '../paths';
import { looksTemplated } from './schema';

const ROOTS = {
  hookScript: 'the revision',
  buildspecPath: 'the source',
} as const;

export function checkPaths(r: Reporter): void {
  const roles = documentRoles(r.doc);
  for (const role of ['hookScript', 'buildspecPath'] as const) {
    for (const { node } of roles.all(role)) {
      const text = scalarText(node, r.doc.text);
      if (!text || looksTemplated(text) || !leavesRoot(text)) continue;
      r.report(
        'path-leaves-root',
        `The path climbs above the root of ${ROOTS[role]} with \`..\`, where the service cannot find it: ${text}`,
        node,
      );
    }
  }
}
