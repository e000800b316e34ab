/** The variables a command can use: the service's own, and the ones the file defines in `env`. */
import type { ParsedDocument } from './document';
import { CODEBUILD_VARIABLES, CODEDEPLOY_HOOK_VARIABLES } from './model/environment';
import { markdownCode } from './markdown';
import { entries, get, scalarText } from './yamlUtil';

const SECTIONS = [
  ['variables', 'env.variables'],
  ['parameter-store', 'Parameter Store'],
  ['secrets-manager', 'Secrets Manager'],
] as const;

/** Variables the file defines, with a line saying where (and the plain value, for env.variables). */
export function fileVariables(doc: ParsedDocument): Map<string, string> {
  const own = new Map<string, string>();
  if (doc.kind.type !== 'buildspec') return own;
  const env = get(doc.yaml.contents, 'env');
  for (const [section, what] of SECTIONS) {
    for (const e of entries(get(env, section))) {
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
  const env = get(doc.yaml.contents, 'env');
  for (const e of entries(get(env, SECTIONS[2][0]))) out.add(e.key);
  return out;
}
