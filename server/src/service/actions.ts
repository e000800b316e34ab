/** Code actions: the fixes rules attached to their diagnostics, and silencing a rule for one line. */
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver-types';
import type { ParsedDocument } from './document';
import type { DiagnosticData } from './validate/index';

export function codeActions(doc: ParsedDocument, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  const prefix = doc.kind.type === 'appspec' ? 'appspec' : 'buildspec';
  for (const d of diagnostics) {
    if (d.source !== 'buildspec' && d.source !== 'appspec') continue;
    const data = d.data as DiagnosticData | undefined;
    for (const fix of data?.fixes ?? []) {
      out.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: fix.preferred ?? false,
        edit: { changes: { [doc.uri]: fix.edits.map((e) => ({ range: e.range, newText: e.newText })) } },
      });
    }
    if (typeof d.code !== 'string' || (doc.kind.type === 'appspec' && doc.kind.json)) continue;
    const line = d.range.start.line;
    const lineText = doc.text.split('\n')[line] ?? '';
    const indent = /^\s*/.exec(lineText)![0];
    out.push({
      title: `Disable ${d.code} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      edit: {
        changes: {
          [doc.uri]: [
            {
              range: { start: { line, character: 0 }, end: { line, character: 0 } },
              newText: `${indent}# ${prefix}-disable-next-line ${d.code}\n`,
            },
          ],
        },
      },
    });
  }
  return out;
}
