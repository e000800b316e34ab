/**
 * What the editor on the other side declared it can do, and the server's answers made to fit it. The
 * service writes for a capable client (snippets, relative indentation, Markdown); everything a smaller
 * client cannot take is taken out here, so that Neovim, Helix, Emacs or Sublime get edits they apply
 * correctly and text they show as text.
 */
import {
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  type CompletionItem,
  type Hover,
  type InitializeParams,
  type MarkedString,
  type MarkupContent,
} from 'vscode-languageserver/node';
import { markdownToPlainText } from './plainText';
import type { InitializationOptions } from './protocol';
import type { ClientStyle } from './service/clientStyle';

export interface ClientFeatures {
  /** The client expands snippets (`$0`, `${1:x}`) in completion items. */
  readonly snippets: boolean;
  /** The client asks for a completion item's documentation with `completionItem/resolve`. */
  readonly resolvesDocumentation: boolean;
  /** The client reads a completion list's `itemDefaults.editRange` (LSP 3.17). */
  readonly listDefaults: boolean;
  /**
   * The client's snippets offer a choice (`${1|a,b|}`). LSP has no capability for it, and YASnippet (the
   * engine of Eglot and lsp-mode) inserts a choice as the text `1|a,b|`: only VS Code, by its name, keeps them.
   */
  readonly snippetChoices: boolean;
  /**
   * The client applies a completion's text edit as an edit, newlines included. A client without
   * snippets may instead put the text through a line-based completion list: Neovim 0.7's
   * `vim.lsp.omnifunc` hands `textEdit.newText` to Vim's `complete()`, which inserts a newline as NUL.
   */
  readonly multiLineInsertions: boolean;
  /** The client understands `insertTextMode` (declared in `insertTextModeSupport`). */
  readonly insertTextModes: readonly InsertTextMode[];
  readonly completionMarkdown: boolean;
  readonly hoverMarkdown: boolean;
  /** The client answers `workspace/configuration`. */
  readonly pullConfiguration: boolean;
  /**
   * The client accepts a registration for `workspace/didChangeConfiguration`. Eglot 1.9 answers
   * `workspace/configuration` but declares no such registration, and warns the user when a server asks.
   */
  readonly registerConfigurationChange: boolean;
  /** The client accepts a dynamic registration for watched files. */
  readonly watchFiles: boolean;
  /** The editor's command that opens suggestions again; absent when unknown. */
  readonly retriggerCommand?: string;
  /**
   * Which semantic token requests the client makes (none: it declared no semantic tokens), and whether
   * it asks again when the server says the tokens changed (`workspace/semanticTokens/refresh`).
   */
  readonly semanticTokens: { readonly full: boolean; readonly range: boolean; readonly refresh: boolean };
}

/** The features of a client from its `initialize` request. */
export function readClientFeatures(params: InitializeParams, options: InitializationOptions): ClientFeatures {
  const text = params.capabilities.textDocument;
  const item = text?.completion?.completionItem;
  const snippets = item?.snippetSupport === true;
  // VS Code (and code-server) have a command to open suggestions; other editors may name theirs.
  const vscode = /code/i.test(params.clientInfo?.name ?? '');
  const retrigger = options.retriggerSuggestCommand ?? (vscode ? 'editor.action.triggerSuggest' : undefined);
  const requests = text?.semanticTokens?.requests;
  return {
    snippets,
    resolvesDocumentation: item?.resolveSupport?.properties.includes('documentation') === true,
    listDefaults: text?.completion?.completionList?.itemDefaults?.includes('editRange') === true,
    snippetChoices: snippets && vscode,
    multiLineInsertions: snippets,
    insertTextModes: item?.insertTextModeSupport?.valueSet ?? [],
    // Without the capability, a client is owed plain text (the LSP default for MarkupContent).
    completionMarkdown: item?.documentationFormat?.includes(MarkupKind.Markdown) === true,
    hoverMarkdown: text?.hover?.contentFormat?.includes(MarkupKind.Markdown) === true,
    pullConfiguration: params.capabilities.workspace?.configuration === true,
    registerConfigurationChange:
      params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    watchFiles: params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    // `full` may be `true` or an object (`{ delta: true }`); either means the client asks for whole files.
    semanticTokens: {
      full: Boolean(requests?.full),
      range: Boolean(requests?.range),
      refresh: params.capabilities.workspace?.semanticTokens?.refreshSupport === true,
    },
    ...(retrigger ? { retriggerCommand: retrigger } : {}),
  };
}

/** How the service should write completion items for this client. */
export function serviceStyle(features: ClientFeatures): ClientStyle {
  return {
    snippets: features.snippets,
    adjustIndentation: features.insertTextModes.includes(InsertTextMode.adjustIndentation),
    ...(features.retriggerCommand ? { retriggerCommand: features.retriggerCommand } : {}),
  };
}

/** Completion items with only what the client declared it understands. */
export function fitCompletion(items: CompletionItem[], features: ClientFeatures): CompletionItem[] {
  // VS Code takes every item as it is: a list of 1,500 variables is not copied item by item for nothing.
  const everything =
    features.snippets &&
    features.snippetChoices &&
    features.multiLineInsertions &&
    features.completionMarkdown &&
    [InsertTextMode.asIs, InsertTextMode.adjustIndentation].every((m) =>
      features.insertTextModes.includes(m),
    );
  if (everything) return items;
  return items.map((item) => {
    const out: CompletionItem = { ...item };
    if (out.insertTextMode !== undefined && !features.insertTextModes.includes(out.insertTextMode))
      delete out.insertTextMode;
    if (!features.snippets && out.insertTextFormat === InsertTextFormat.Snippet)
      out.insertTextFormat = InsertTextFormat.PlainText;
    else if (!features.snippetChoices && out.insertTextFormat === InsertTextFormat.Snippet && out.textEdit)
      out.textEdit = { ...out.textEdit, newText: choicesToPlaceholders(out.textEdit.newText) };
    if (!features.multiLineInsertions) {
      // Keep the first line (`phases:`): the rest is indentation and placeholders the user types next.
      if (out.textEdit && /[\r\n]/.test(out.textEdit.newText))
        out.textEdit = { ...out.textEdit, newText: firstLine(out.textEdit.newText) };
      if (out.insertText && /[\r\n]/.test(out.insertText)) out.insertText = firstLine(out.insertText);
    }
    if (!features.completionMarkdown && typeof out.documentation === 'object')
      out.documentation = markdownToPlainText(out.documentation.value);
    return out;
  });
}

/** `${1|a,b|}` → `${1:a}`: the first choice as the placeholder, which every snippet engine fills in. */
function choicesToPlaceholders(snippet: string): string {
  return snippet.replace(
    /\$\{(\d+)\|((?:\\.|[^,|\\])*)(?:,(?:\\.|[^|\\])*)?\|\}/g,
    (_m, n: string, first: string) => {
      const text = first.replace(/\\([,|\\])/g, '$1').replace(/[$}\\]/g, '\\$&');
      return `\${${n}:${text}}`;
    },
  );
}

function firstLine(text: string): string {
  return text.split(/\r?\n|\r/, 1)[0].trimEnd();
}

/** A hover in the format the client reads. */
export function fitHover(hover: Hover | null, features: ClientFeatures): Hover | null {
  if (!hover || features.hoverMarkdown || !isMarkdown(hover.contents)) return hover;
  const plain: MarkupContent = {
    kind: MarkupKind.PlainText,
    value: markdownToPlainText(hover.contents.value),
  };
  return { ...hover, contents: plain };
}

function isMarkdown(contents: MarkupContent | MarkedString | MarkedString[]): contents is MarkupContent {
  return typeof contents === 'object' && 'kind' in contents && contents.kind === MarkupKind.Markdown;
}
