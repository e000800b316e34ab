/** The variables a command can use: the service's own, and the ones the file defines in `env`. */
import type { ParsedDocument } from '../document';
import { markdownCode } from '../markdown';
import { CODEBUILD_VARIABLES, CODEDEPLOY_HOOK_VARIABLES } from '../model/environment';
import type { StructureRole } from '../model/types';
import { entries, scalarText } from '../yamlUtil';
import { documentRoles } from './roles';

/** The sections of `env` that define variables, and how the user knows each. */
const SECTIONS: readonly (readonly [StructureRole, string])[] = [
  ['envVariables', 'env.variables'],
  ['parameterStore', 'Parameter Store'],
  ['secretsManager', 'Secrets Manager'],
];

const names = new WeakMap<ParsedDocument, ReadonlySet<string>>();

/** The names of the variables the file defines in `env` (once per parse: rules ask on every edit). */
export function fileVariableNames(doc: ParsedDocument): ReadonlySet<string> {
  let out = names.get(doc);
  if (!out) {
    const found = new Set<string>();
    if (doc.kind.type === 'buildspec') {
      const roles = documentRoles(doc);
      for (const [role] of SECTIONS) for (const e of entries(roles.first(role)?.node)) found.add(e.key);
    }
    names.set(doc, (out = found));
  }
  return out;
}

/** Variables the file defines, with a line saying where (and the plain value, for env.variables). */
export function fileVariables(doc: ParsedDocument): Map<string, string> {
  const own = new Map<string, string>();
  if (doc.kind.type !== 'buildspec') return own;
  const roles = documentRoles(doc);
  for (const [role, what] of SECTIONS) {
    for (const e of entries(roles.first(role)?.node)) {
      const value = scalarText(e.value, doc.treeText);
      // The value is the document's text: a code span that no backtick in it can end.
      own.set(
        e.key,
        value !== undefined ? `Defined in ${what}: ${markdownCode(value)}` : `Defined in ${what}`,
      );
    }
  }
  return own;
}

/** The variables the service sets for this kind of file. */
export function serviceVariables(doc: ParsedDocument): Readonly<Record<string, string>> {
  return doc.kind.type === 'buildspec' ? CODEBUILD_VARIABLES : CODEDEPLOY_HOOK_VARIABLES;
}

/**
 * Variables whose values come from Secrets Manager: secrets by definition (Parameter Store also holds
 * plain settings such as bucket names, so its variables count as secrets only by their names).
 */
export function secretVariables(doc: ParsedDocument): Set<string> {
  const out = new Set<string>();
  if (doc.kind.type !== 'buildspec') return out;
  for (const e of entries(documentRoles(doc).first('secretsManager')?.node)) out.add(e.key);
  return out;
}
