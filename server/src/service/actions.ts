/** Code actions: the fixes rules attached to their diagnostics, and silencing a rule for one line. */
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver-types';
import type { ParsedDocument } from './document';
import { isFamily, type Family } from './fileKind';
import type { DiagnosticData } from './validate/index';

export function codeActions(doc: ParsedDocument, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  const prefix: Family = doc.kind.type === 'appspec' ? 'appspec' : 'buildspec';
  for (const d of diagnostics) {
    if (!isFamily(d.source)) continue;
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
    out.push(silence(doc, d, d.code, prefix, data?.silenceAt ?? d.range.start.line));
  }
  return out;
}

/** A comment that silences `code`: above the line the finding's node starts on, or for the whole file. */
function silence(
  doc: ParsedDocument,
  d: Diagnostic,
  code: string,
  prefix: string,
  at: number | 'file',
): CodeAction {
  const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
  let line: number;
  let text: string;
  if (at === 'file') {
    // After a byte-order mark and before everything else.
    line = 0;
    text = `# ${prefix}-disable ${code}${eol}`;
  } else {
    line = at;
    const start = doc.textDocument.offsetAt({ line, character: 0 });
    const indent = /^\ufeff?([ \t]*)/.exec(doc.text.slice(start, start + 200))![1];
    text = `${indent}# ${prefix}-disable-next-line ${code}${eol}`;
  }
  const character = line === 0 && doc.text.startsWith('\ufeff') ? 1 : 0;
  const position = { line, character };
  return {
    title: at === 'file' ? `Disable ${code} for this file` : `Disable ${code} for this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    edit: { changes: { [doc.uri]: [{ range: { start: position, end: position }, newText: text }] } },
  };
}
