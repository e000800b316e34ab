// Read-only documents holding a pipeline's definition as GetPipeline returned it. A content provider,
// not an untitled file: the definition is a view of AWS state, and an edit there would change nothing.
import * as vscode from 'vscode';

export const DEFINITION_SCHEME = 'awscicd-pipeline';

export class PipelineDefinitions implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(
    DEFINITION_SCHEME,
    this,
  );

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** Opens (or refreshes) the definition of `pipeline` read from `where` (profile · region). */
  async show(where: string, pipeline: string, definition: unknown): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({
      scheme: DEFINITION_SCHEME,
      path: `/${encodeURIComponent(where)}/${encodeURIComponent(pipeline)}.json`,
    });
    this.texts.set(uri.toString(), `${JSON.stringify(definition, null, 2)}\n`);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    const json =
      doc.languageId === 'json' ? doc : await vscode.languages.setTextDocumentLanguage(doc, 'json');
    return vscode.window.showTextDocument(json, { preview: true });
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
