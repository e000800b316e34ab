/**
 * The language server: the only module that talks to the LSP connection. It owns the open documents,
 * reads settings, schedules validation and hands every request to the pure language service.
 */
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  WatchKind,
  InsertTextMode,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileExistsInside } from './probe';
import { DOCUMENT_STATUS, type DocumentStatusParams, type InitializationOptions } from './protocol';
import { DEFAULT_SETTINGS, LanguageService, type ServiceSettings } from './service/index';
import type { RuleSetting } from './service/rules';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let workspaceFolders: string[] = [];
let canPullConfiguration = false;
let canWatchFiles = false;

/** The workspace folder holding `uri` (the innermost, when folders nest). */
const folderOf = (uri: string) =>
  workspaceFolders.filter((f) => uri.startsWith(f)).sort((a, b) => b.length - a.length)[0];

const service = new LanguageService({
  // Looks only inside the folder the file belongs to, never through a link that leads out of it.
  fileExists: (uri) => fileExistsInside(uri, folderOf(uri)),
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
  canPullConfiguration = !!params.capabilities.workspace?.configuration;
  canWatchFiles = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  const item = params.capabilities.textDocument?.completion?.completionItem;
  const options = params.initializationOptions as
    Partial<Record<keyof InitializationOptions, unknown>> | undefined;
  // VS Code (and code-server) have a command to open suggestions; other editors may name theirs.
  const retrigger =
    typeof options?.retriggerSuggestCommand === 'string'
      ? options.retriggerSuggestCommand
      : /code/i.test(params.clientInfo?.name ?? '')
        ? 'editor.action.triggerSuggest'
        : undefined;
  service.configureClient({
    snippets: item?.snippetSupport === true,
    adjustIndentation:
      item?.insertTextModeSupport?.valueSet.includes(InsertTextMode.adjustIndentation) === true,
    ...(retrigger ? { retriggerCommand: retrigger } : {}),
  });
  workspaceFolders = (params.workspaceFolders ?? []).map((f) => (f.uri.endsWith('/') ? f.uri : `${f.uri}/`));
  if (params.initializationOptions) service.configure(toSettings(params.initializationOptions));
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [' ', '$', '{', '-'] },
      hoverProvider: true,
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      documentLinkProvider: { resolveProvider: false },
      definitionProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    },
    serverInfo: { name: 'aws-cicd-language-server' },
  };
});

connection.onInitialized(() => {
  // Hook scripts appear and disappear: re-check the appspecs that name them (script-not-found).
  if (canWatchFiles) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete }],
    });
  }
  if (canPullConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'awsCicd' });
    void loadSettings();
  }
});

connection.onDidChangeConfiguration((change) => {
  if (canPullConfiguration) void loadSettings();
  else if (change.settings && typeof change.settings === 'object') {
    const s = (change.settings as { awsCicd?: unknown }).awsCicd;
    if (s) applySettings(toSettings(s));
  }
});

async function loadSettings(): Promise<void> {
  try {
    applySettings(toSettings(await connection.workspace.getConfiguration('awsCicd')));
  } catch (e) {
    connection.console.error(`Could not read settings: ${(e as Error).message}`);
  }
}

function applySettings(settings: ServiceSettings): void {
  service.configure(settings);
  for (const doc of documents.all()) schedule(doc.uri);
}

/** Settings as VS Code sends them (`awsCicd.*`), with defaults for whatever is missing or malformed. */
function toSettings(raw: unknown): ServiceSettings {
  const r = (raw ?? {}) as {
    files?: { buildspec?: unknown; appspec?: unknown };
    buildspec?: { image?: unknown };
    diagnostics?: { rules?: unknown };
  };
  // Workspace settings are written by whoever wrote the repository: a bounded number of patterns.
  const strings = (v: unknown) =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 100) : [];
  const rules: Record<string, RuleSetting> = {};
  if (r.diagnostics?.rules && typeof r.diagnostics.rules === 'object') {
    for (const [k, v] of Object.entries(r.diagnostics.rules as Record<string, unknown>)) {
      if (v === 'off' || v === 'error' || v === 'warning' || v === 'information' || v === 'hint')
        rules[k] = v;
    }
  }
  return {
    rules,
    image: typeof r.buildspec?.image === 'string' ? r.buildspec.image : DEFAULT_SETTINGS.image,
    patterns: { buildspec: strings(r.files?.buildspec), appspec: strings(r.files?.appspec) },
  };
}

// ---- validation: coalesced, so a burst of edits validates once, as soon as the burst ends ----

const pending = new Map<string, NodeJS.Timeout>();

/**
 * Validation waits until typing pauses for a moment. Completion and hover requests that come with a
 * keystroke are answered first, from the current text, instead of queuing behind a validation; and a
 * burst of keystrokes validates once.
 */
const VALIDATION_DELAY_MS = 15;

function schedule(uri: string): void {
  clearTimeout(pending.get(uri));
  pending.set(
    uri,
    setTimeout(() => {
      pending.delete(uri);
      const doc = documents.get(uri);
      if (doc) publish(doc);
    }, VALIDATION_DELAY_MS),
  );
}

function publish(doc: TextDocument): void {
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
  clearTimeout(pending.get(e.document.uri));
  pending.delete(e.document.uri);
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
    return doc ? fn(doc, p) : fallback;
  });

connection.onCompletion(withDoc('completion', [], (doc, p) => service.complete(doc, p.position)));
connection.onHover(withDoc('hover', null, (doc, p) => service.hover(doc, p.position)));
connection.onDocumentSymbol(withDoc('documentSymbol', [], (doc) => service.symbols(doc)));
connection.onFoldingRanges(withDoc('foldingRange', [], (doc) => service.folding(doc)));
connection.onDocumentLinks(withDoc('documentLink', [], (doc) => service.links(doc)));
connection.onDefinition(withDoc('definition', null, (doc, p) => service.definition(doc, p.position)));
connection.onCodeAction(
  withDoc('codeAction', [], (doc, p) => service.codeActions(doc, p.context.diagnostics)),
);

process.on('uncaughtException', (e) => connection.console.error(`Unexpected error: ${e.stack ?? String(e)}`));

documents.listen(connection);
connection.listen();
