/** Document links: batch `buildspec` paths and AppSpec hook scripts open the file they name. */
import type { DocumentLink } from 'vscode-languageserver-types';
import type { ParsedDocument } from './document';
import { documentRoles } from './facts/roles';
import { dirOf, resolveUnder } from './paths';
import { scalarText } from './yamlUtil';

export interface LinkOptions {
  /** The folder buildspec paths are relative to (CodeBuild's source root); defaults to the file's folder. */
  readonly sourceRoot?: (uri: string) => string | undefined;
}

export function documentLinks(doc: ParsedDocument, options: LinkOptions = {}): DocumentLink[] {
  const out: DocumentLink[] = [];
  const td = doc.textDocument;
  const roles = documentRoles(doc);
  const paths = [...roles.all('buildspecPath'), ...roles.all('hookScript')].sort(
    (a, b) => (a.node?.range?.[0] ?? 0) - (b.node?.range?.[0] ?? 0),
  );
  for (const { role, node } of paths) {
    const text = scalarText(node, doc.text);
    if (!text || !node?.range) continue;
    const base =
      role === 'buildspecPath' ? (options.sourceRoot?.(doc.uri) ?? dirOf(doc.uri)) : dirOf(doc.uri);
    const target = resolveUnder(base, text);
    if (!target) continue;
    out.push({
      range: { start: td.positionAt(node.range[0]), end: td.positionAt(node.range[1]) },
      target,
      tooltip: 'Open file',
    });
  }
  return out;
}
