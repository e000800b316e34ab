/**
 * Paths the services resolve inside what they were given: an AppSpec hook `location` inside the revision, a
 * batch task's `buildspec` inside the source. A `..` that climbs above that root names a file the service
 * cannot see; the editor gives it no link and looks for no file there, so it is reported instead.
 */
import { scalarText } from '../yamlUtil';
import type { Reporter } from '../findings';
import { visitRoles } from '../locate';
import { leavesRoot } from '../paths';
import { looksTemplated } from './schema';

const ROOTS = {
  hookScript: 'the revision',
  buildspecPath: 'the source',
} as const;

export function checkPaths(r: Reporter): void {
  visitRoles(r.doc, (node, spec) => {
    if (spec.role !== 'hookScript' && spec.role !== 'buildspecPath') return;
    const text = scalarText(node, r.doc.text);
    if (!text || looksTemplated(text) || !leavesRoot(text)) return;
    r.report(
      'path-leaves-root',
      `The path climbs above the root of ${ROOTS[spec.role]} with \`..\`, where the service cannot find it: ${text}`,
      node,
    );
  });
}
