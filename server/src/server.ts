#!/usr/bin/env node
/**
 * The language server (installed as `aws-cicd-language-server`, run with `--stdio`): the only module
 * that talks to the LSP connection. It owns the open documents, reads settings (settings.ts), schedules
 * validation and hands every request to the pure language service, fitting the answers to what the
 * client can take (clientCapabilities.ts).
 */
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  WatchKind,
  ProposedFeatures,
  SemanticTokensBuilder,
  TextDocuments,
  TextDocumentSyncKind,
  type CompletionItem,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type SemanticTokens,
  type SemanticTokensOptions,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  fitCompletion,
  fitHover,
  readClientFeatures,
  serviceStyle,
  type ClientFeatures,
} from './clientCapabilities';
import { fileExistsInside } from './probe';
import { DOCUMENT_STATUS, type DocumentStatusParams } from './protocol';
import {
  LanguageService,
  SEMANTIC_TOKEN_MODIFIERS,
  SEMANTIC_TOKEN_TYPES,
  type LineRange,
  type SemanticToken,
  type ServiceSettings,
} from './service/index';
import { readInitializationOptions, settingsIn, SETTINGS_SECTION, toSettings } from './settings';
import { ValidationSchedule } from './validationSchedule';
import { capped, DeferredDocumentation, withSharedRange } from './completionList';
import { sameRange } from './ranges';
import { tuneHeap } from './heap';

// Before the first document is parsed: the heap is kept near what the server really holds.
const heap = tuneHeap();

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let workspaceFolders: string[] = [];
let client: ClientFeatures = readClientFeatures({ capabilities: {} } as InitializeParams, {});
/**
 * Whether the server may look at the workspace's files (does a hook script an appspec names exist?).
 * Not in a workspace the user has not trusted: its appspec must not make the server probe paths of
 * its choosing. Not in a browser either, where the server's file system is not the workspace.
 */
let mayReadWorkspace = true;

/** The workspace folder holding `uri` (the innermost, when folders nest). */
const folderOf = (uri: string) =>
  workspaceFolders.filter((f) => uri.startsWith(f)).sort((a, b) => b.length - a.length)[0];

const service = new LanguageService({
  // Looks only inside the folder the file belongs to, never through a link that leads out of it; and
  // answers "exists" (nothing reported) wherever the server must not look.
  fileExists: (uri) => !mayReadWorkspace || fileExistsInside(uri, folderOf(uri)),
  sourceRoot: folderOf,
});

/** Runs a request handler; a failure is logged and answered with `fallback`, never a crash. */
function guarded<A extends unknown[], R>(
  name: string,
  fallback: R,
  fn: (...args: A) => R,
): (...args: A) => R {
  return (...args) => {
    try {
      return fn(...args);
    } catch (e) {
      connection.console.error(`${name} failed: ${(e as Error).stack ?? String(e)}`);
      return fallback;
    }
  };
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const options = readInitializationOptions(params.initializationOptions);
  client = readClientFeatures(params, options);
  mayReadWorkspace = options.workspaceTrusted !== false && options.uiKind !== 'web';
  service.configureClient(serviceStyle(client));
  workspaceFolders = (params.workspaceFolders ?? []).map((f) => (f.uri.endsWith('/') ? f.uri : `${f.uri}/`));
  // Editors other than VS Code commonly hand settings over here, in either shape.
  const initial = settingsIn(params.initializationOptions);
  if (initial) service.configure(initial);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [' ', '$', '{', '-'], resolveProvider: true },
      hoverProvider: true,
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      documentLinkProvider: { resolveProvider: false },
      definitionProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      ...semanticTokensProvider(),
    },
    serverInfo: { name: 'aws-cicd-language-server' },
  };
});

/** Semantic tokens, offered only to a client that declared it asks for them. */
function semanticTokensProvider(): { semanticTokensProvider?: SemanticTokensOptions } {
  const { full, range } = client.semanticTokens;
  if (!full && !range) return {};
  const legend = { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS] };
  return { semanticTokensProvider: { legend, full, range } };
}

/** While the settings first asked of the client are on their way, documents wait for them. */
let awaitingSettings = false;
/** A client that never answers is not waited on longer than this. */
const SETTINGS_WAIT_MS = 2_000;

connection.onInitialized(() => {
  // After `initialize` has been answered: the editor is not kept waiting for the shell parser to load.
  service.preload();
  // Hook scripts appear and disappear: re-check the appspecs that name them (script-not-found).
  if (client.watchFiles && mayReadWorkspace) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete }],
    });
  }
  if (client.pullConfiguration) {
    // Only a client that takes dynamic registration is asked (Eglot warns of any other at every start).
    if (client.registerConfigurationChange)
      void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    // Documents opened meanwhile wait for the settings: a rule the user turned off never flashes up.
    awaitingSettings = true;
    const ready = () => {
      if (!awaitingSettings) return;
      awaitingSettings = false;
      for (const doc of documents.all()) schedule(doc.uri);
    };
    setTimeout(ready, SETTINGS_WAIT_MS);
    void loadSettings().finally(ready);
  }
});

connection.onDidChangeConfiguration((change) => {
  if (client.pullConfiguration) void loadSettings();
  else {
    // A client that cannot be asked pushes its settings, wrapped in the section or bare.
    const pushed = settingsIn(change.settings);
    if (pushed) applySettings(pushed);
  }
});

async function loadSettings(): Promise<void> {
  try {
    const section: unknown = await connection.workspace.getConfiguration(SETTINGS_SECTION);
    // A client that holds no such section (Helix answers from the server's `config`, null when it has
    // no `awsCicd` key) leaves the settings the initialization options gave.
    if (section === null || section === undefined) return;
    applySettings(toSettings(section));
  } catch (e) {
    connection.console.error(`Could not read settings: ${(e as Error).message}`);
  }
}

function applySettings(settings: ServiceSettings): void {
  service.configure(settings);
  for (const doc of documents.all()) schedule(doc.uri);
  // File patterns decide which files are buildspecs, and so which get shell tokens.
  if (client.semanticTokens.refresh)
    connection.languages.semanticTokens
      .refresh()
      .catch((e) => connection.console.error(`Could not refresh semantic tokens: ${(e as Error).message}`));
}

// ---- validation: once typing pauses, after the requests the user waits on (validationSchedule.ts) ----

const validation = new ValidationSchedule((uri) => {
  const doc = documents.get(uri);
  if (doc && !awaitingSettings) publish(doc);
});
const schedule = (uri: string) => validation.changed(uri);

function publish(doc: TextDocument): void {
  heap.checkpoint();
  try {
    const diagnostics = service.validate(doc);
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
    const status: DocumentStatusParams = { uri: doc.uri, label: service.describe(doc) };
    void connection.sendNotification(DOCUMENT_STATUS, status);
  } catch (e) {
    connection.console.error(`Validating ${doc.uri} failed: ${(e as Error).stack ?? String(e)}`);
  }
}

documents.onDidChangeContent((e) => schedule(e.document.uri));
connection.onDidChangeWatchedFiles(() => {
  for (const doc of documents.all()) if (service.parse(doc).kind.type === 'appspec') schedule(doc.uri);
});
documents.onDidClose((e) => {
  validation.forget(e.document.uri);
  service.forget(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

// ---- requests ----

const withDoc = <P extends { textDocument: { uri: string } }, R>(
  name: string,
  fallback: R,
  fn: (doc: TextDocument, p: P) => R,
) =>
  guarded(name, fallback, (p: P) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return fallback;
    heap.checkpoint();
    return fn(doc, p);
  });

const deferredDocs = new DeferredDocumentation();
connection.onCompletion(
  withDoc('completion', [], (doc, p) => {
    validation.requested();
    // What the items replace, up to the cursor: what the user typed of them.
    const typed = (item: CompletionItem) =>
      item.textEdit && 'range' in item.textEdit
        ? doc.getText({ start: item.textEdit.range.start, end: p.position })
        : '';
    const { items, isIncomplete } = capped(fitCompletion(service.complete(doc, p.position), client), typed);
    const small = deferredDocs.defer(items, client.resolvesDocumentation);
    return withSharedRange(small, client.listDefaults, isIncomplete);
  }),
);
// Cannot fail: a lookup in the last long list.
connection.onCompletionResolve((item) => deferredDocs.resolve(item));
connection.onHover(
  withDoc('hover', null, (doc, p) => {
    validation.requested();
    return fitHover(service.hover(doc, p.position), client);
  }),
);
connection.onDocumentSymbol(withDoc('documentSymbol', [], (doc) => service.symbols(doc)));
connection.onFoldingRanges(withDoc('foldingRange', [], (doc) => service.folding(doc)));
connection.onDocumentLinks(withDoc('documentLink', [], (doc) => service.links(doc)));
connection.onDefinition(withDoc('definition', null, (doc, p) => service.definition(doc, p.position)));
connection.onCodeAction(
  withDoc('codeAction', [], (doc, p) => service.codeActions(doc, withFixes(doc, p.context.diagnostics))),
);
connection.languages.semanticTokens.on(
  withDoc('semanticTokens', { data: [] }, (doc) => encodeTokens(service.semanticTokens(doc))),
);
connection.languages.semanticTokens.onRange(
  withDoc('semanticTokensRange', { data: [] }, (doc, p) => {
    const lines: LineRange = { first: p.range.start.line, last: p.range.end.line };
    return encodeTokens(service.semanticTokens(doc, lines));
  }),
);

function encodeTokens(tokens: readonly SemanticToken[]): SemanticTokens {
  const builder = new SemanticTokensBuilder();
  for (const t of tokens) builder.push(t.line, t.character, t.length, t.type, t.modifiers);
  return builder.build();
}

/**
 * The diagnostics an editor sends back, each with the fixes the server attached when it published it.
 * Clients that keep no `data` (it is optional in LSP) get it back from a fresh validation: the finding
 * with the same code and range.
 */
function withFixes(doc: TextDocument, diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.every((d) => d.data !== undefined || typeof d.code !== 'string')) return diagnostics;
  const fresh = service.validate(doc);
  return diagnostics.map((d) => {
    if (d.data !== undefined) return d;
    const same = fresh.find((f) => f.code === d.code && sameRange(f.range, d.range));
    if (same?.data === undefined) return d;
    const data: unknown = same.data;
    return { ...d, source: d.source ?? same.source, data };
  });
}

process.on('uncaughtException', (e) => connection.console.error(`Unexpected error: ${e.stack ?? String(e)}`));

documents.listen(connection);
connection.listen();
