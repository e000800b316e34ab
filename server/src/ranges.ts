/** Whether two LSP ranges are the same (the protocol's types have no equality of their own). */
import type { Range } from 'vscode-languageserver/node';

export function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}
