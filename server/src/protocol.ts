// The messages between the extension and the language server that LSP does not define, spelled once
// and read by both sides: the client imports this file, the server sends and reads what it declares.
// Any other LSP client may ignore the notification and send none of the options.

/** The server's notification of what a document is ("CodeBuild buildspec 0.2", "AppSpec: ECS"). */
export const DOCUMENT_STATUS = 'awsCicd/documentStatus';

export interface DocumentStatusParams {
  uri: string;
  label: string;
  detail?: string;
}

/**
 * What a client may pass in `initialize`'s `initializationOptions`. None of it is a setting: settings
 * come from `workspace/configuration` (or, for clients that cannot answer it, `didChangeConfiguration`).
 */
export interface InitializationOptions {
  /**
   * Whether the workspace is trusted (VS Code's Workspace Trust); other clients leave it out, which
   * counts as trusted. When false the server does not look at the workspace's files: no hook script is
   * checked for existence and no file watcher is registered.
   */
  workspaceTrusted?: boolean;
  /** `web` when the editor runs in a browser, where the server cannot read the workspace's files (as untrusted). */
  uiKind?: 'web' | 'desktop';
  /** The editor's command that opens the completion list again after a completion is inserted. */
  retriggerSuggestCommand?: string;
}
