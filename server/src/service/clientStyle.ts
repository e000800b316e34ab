/**
 * What the editor on the other side can do with completion items: snippets, relative indentation, a
 * command to show suggestions again. Items are built for the capable case and adapted down here, so the
 * language service itself stays free of any one editor.
 */
import { InsertTextFormat, InsertTextMode, type CompletionItem } from 'vscode-languageserver-types';

export interface ClientStyle {
  readonly snippets: boolean;
  /** The editor indents inserted lines like the current one (LSP `InsertTextMode.adjustIndentation`). */
  readonly adjustIndentation: boolean;
  /** A command that opens the suggestions again (after a key, for its values); absent when unknown. */
  readonly retriggerCommand?: string;
}

export const CAPABLE_CLIENT: ClientStyle = { snippets: true, adjustIndentation: true };

/** `${1:default}` → default, `${1|a,b|}` → a, `$0`/`$1` → nothing, `\$` → `$`. */
export function snippetToText(snippet: string): string {
  return snippet
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\\\$/g, '$');
}

export function adaptToClient(
  items: CompletionItem[],
  lineIndent: string,
  style: ClientStyle,
): CompletionItem[] {
  if (style.snippets && style.adjustIndentation && style.retriggerCommand) return items;
  return items.map((item) => {
    let out: CompletionItem = { ...item };
    if (out.command) {
      if (style.retriggerCommand) out.command = { ...out.command, command: style.retriggerCommand };
      else delete out.command;
    }
    const edit = out.textEdit && 'range' in out.textEdit ? out.textEdit : undefined;
    if (!edit) return out;
    let text = edit.newText;
    if (!style.snippets && out.insertTextFormat === InsertTextFormat.Snippet) {
      text = snippetToText(text);
      out = { ...out, insertTextFormat: InsertTextFormat.PlainText };
    }
    if (!style.adjustIndentation && out.insertTextMode === InsertTextMode.adjustIndentation) {
      // The editor inserts the lines as they are: give them the current line's indentation ourselves.
      text = text.replace(/\n/g, `\n${lineIndent}`);
      out = { ...out, insertTextMode: InsertTextMode.asIs };
    }
    return { ...out, textEdit: { ...edit, newText: text } };
  });
}
