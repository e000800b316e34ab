/** The model's roles in a parsed document: how rules and features find the nodes they read. */
import type { ParsedDocument } from '../document';
import { rolesOf, type DocumentRoles } from '../model/roles';

/** Where each role of the model sits in this document (computed once per parse). */
export function documentRoles(doc: ParsedDocument): DocumentRoles {
  return rolesOf(doc.yaml.contents, doc.root);
}
