/** The tasks of a batch build (build lists and graphs): identifiers and the tasks each depends on. */
import { isScalar, type Scalar } from 'yaml';
import type { ParsedDocument } from '../document';
import { scalarText } from '../yamlUtil';
import { documentRoles } from './roles';

export interface BatchTask {
  readonly id: string;
  readonly idNode: Scalar;
  readonly deps: { readonly id: string; readonly node: Scalar }[];
}

/** The tasks that have an identifier, in document order. */
export function batchTasks(doc: ParsedDocument): BatchTask[] {
  const roles = documentRoles(doc);
  const out: BatchTask[] = [];
  for (const task of roles.all('batchTask')) {
    const idNode = roles.inside(task, 'taskId')[0]?.node;
    const id = scalarText(idNode, doc.treeText);
    if (!isScalar(idNode) || id === undefined) continue;
    const deps = roles
      .inside(task, 'taskRef')
      .map((d) => d.node)
      .filter((d): d is Scalar => isScalar(d))
      .map((node) => ({ id: scalarText(node, doc.treeText) ?? '', node }));
    out.push({ id, idNode, deps });
  }
  return out;
}
