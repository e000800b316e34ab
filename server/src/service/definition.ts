/** Go to definition: from a `depend-on` entry to the batch task with that identifier. */
import type { Location, Position } from 'vscode-languageserver-types';
import type { ParsedDocument } from './document';
import { batchTasks } from './facts/batchTasks';
import { locate } from './locate';
import { scalarRoleAt } from './model/types';
import { scalarText } from './yamlUtil';

export function definition(doc: ParsedDocument, position: Position): Location | null {
  if (doc.kind.type !== 'buildspec' || !doc.root) return null;
  const at = locate(doc, doc.textDocument.offsetAt(position));
  if (!at || at.on !== 'value' || scalarRoleAt(doc.root, at.path) !== 'taskRef') return null;
  const id = scalarText(at.node, doc.text);
  const target = batchTasks(doc).find((t) => t.id === id)?.idNode;
  if (!target?.range) return null;
  const td = doc.textDocument;
  return {
    uri: doc.uri,
    range: { start: td.positionAt(target.range[0]), end: td.positionAt(target.range[1]) },
  };
}
