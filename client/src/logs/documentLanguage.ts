// Log documents get their language (the log grammar) from us, not from their name: a tab's title is
// the build's own name (`api-build #2`), and VS Code would guess plain text from it, or `Log` from a
// saved file's `.log`. Every log document is switched when it opens, restored tabs included; the
// switch is a close and reopen for VS Code, so one switch per document runs at a time.
import * as vscode from 'vscode';

/** The language of the log grammar (package.json `contributes.languages`). */
export const LOG_LANGUAGE = 'codebuild-log';

export class LogLanguage {
  private readonly pending = new Map<string, Thenable<vscode.TextDocument>>();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** The document in the log language: itself, or the document the switch reopens. */
  async ensure(doc: vscode.TextDocument): Promise<vscode.TextDocument> {
    if (doc.languageId === LOG_LANGUAGE) return doc;
    const key = doc.uri.toString();
    let switching = this.pending.get(key);
    if (!switching) {
      switching = vscode.languages.setTextDocumentLanguage(doc, LOG_LANGUAGE);
      this.pending.set(key, switching);
    }
    try {
      return await switching;
    } finally {
      this.pending.delete(key);
    }
  }

  /** Switches a document that just opened, reporting a failure to the log only. */
  opened(doc: vscode.TextDocument): void {
    if (doc.languageId === LOG_LANGUAGE) return;
    this.ensure(doc).then(undefined, (err: unknown) =>
      this.log.warn(
        `Could not show ${doc.uri.path} as a build log: ${err instanceof Error ? err.message : String(err)}`,
      ),
    );
  }
}
