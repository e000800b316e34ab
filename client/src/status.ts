// The language status item ("{ }" in the status bar) for buildspec and appspec documents: it shows what
// the server says the active document is ("CodeBuild buildspec 0.2", "AppSpec: ECS") and the server's
// state when that matters (starting, stopped).
import * as vscode from 'vscode';
import { COMMAND, ITEM } from './ids';
import { DOCUMENT_SELECTOR } from './languages';
import type { DocumentStatusParams } from '../../server/src/protocol';

/** What the user sees for the active document. */
export interface DocumentStatus {
  uri: string;
  label: string;
  detail?: string;
}

export type ServerState = 'idle' | 'starting' | 'running' | 'stopped' | 'failed';

/** Holds the server's per-document status and renders the language status item from it. */
export class DocumentStatusView implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private readonly statuses = new Map<string, DocumentStatus>();
  private readonly changed = new vscode.EventEmitter<DocumentStatus>();
  private readonly disposables: vscode.Disposable[] = [];
  private serverState: ServerState = 'idle';

  /** Fires whenever the server reports a status for a document. */
  readonly onDidChange = this.changed.event;

  constructor() {
    this.item = vscode.languages.createLanguageStatusItem(ITEM.documentStatus, DOCUMENT_SELECTOR);
    this.item.name = 'AWS CI/CD document';
    this.disposables.push(
      this.item,
      this.changed,
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.workspace.onDidCloseTextDocument((doc) => this.statuses.delete(doc.uri.toString())),
    );
    this.render();
  }

  /** Records the server's `awsCicd/documentStatus` notification. */
  update(params: DocumentStatusParams): void {
    if (typeof params?.uri !== 'string' || typeof params.label !== 'string') return;
    // Normalise the URI the way VS Code prints it, so lookups by `document.uri.toString()` hit.
    const uri = vscode.Uri.parse(params.uri).toString();
    const status: DocumentStatus = { uri, label: params.label };
    if (typeof params.detail === 'string' && params.detail !== '') status.detail = params.detail;
    this.statuses.set(uri, status);
    this.render();
    this.changed.fire(status);
  }

  setServerState(state: ServerState): void {
    this.serverState = state;
    this.render();
  }

  get(uri: string): DocumentStatus | undefined {
    return this.statuses.get(vscode.Uri.parse(uri).toString());
  }

  /** What the item shows right now (for tests and the output log). */
  snapshot(): {
    text: string;
    detail: string | undefined;
    severity: vscode.LanguageStatusSeverity;
    busy: boolean;
  } {
    return {
      text: this.item.text,
      detail: this.item.detail,
      severity: this.item.severity,
      busy: this.item.busy,
    };
  }

  private render(): void {
    const item = this.item;
    item.busy = this.serverState === 'starting';
    if (this.serverState === 'stopped' || this.serverState === 'failed') {
      item.text = 'AWS CI/CD: server stopped';
      item.detail =
        this.serverState === 'failed' ? 'did not start, or crashed too often: see Output' : undefined;
      item.severity = vscode.LanguageStatusSeverity.Error;
      item.command = { title: 'Restart', command: COMMAND.restartServer };
      return;
    }
    item.severity = vscode.LanguageStatusSeverity.Information;
    item.command = { title: 'Show Output', command: COMMAND.showOutput };
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const status = uri === undefined ? undefined : this.statuses.get(uri);
    if (status) {
      item.text = status.label;
      item.detail = status.detail;
    } else {
      item.text = this.serverState === 'starting' ? 'AWS CI/CD: starting…' : 'AWS CI/CD';
      item.detail = undefined;
    }
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
