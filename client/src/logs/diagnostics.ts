// A failed build's errors in the Problems panel: each problem read from the log becomes a diagnostic on
// the workspace file it names, with the build in its source so the user sees where it came from. One
// build's problems replace the previous build's (a new run makes the old findings stale).
import * as vscode from 'vscode';
import { DIAGNOSTICS } from '../ids';
import type { LogProblem } from './problems';
import type { WorkspaceFiles } from './resolve';

const SEVERITY: Record<LogProblem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class BuildProblems implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTICS);

  constructor(private readonly files: WorkspaceFiles) {}

  /** Puts a build's problems into Problems; returns how many landed on a workspace file and how many did not. */
  async show(
    buildName: string,
    problems: readonly LogProblem[],
  ): Promise<{ shown: number; outside: number }> {
    const byFile = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
    let outside = 0;
    for (const p of problems) {
      const uri = await this.files.find(p.file);
      if (!uri) {
        outside++;
        continue;
      }
      const position = new vscode.Position(p.line - 1, p.column - 1);
      const d = new vscode.Diagnostic(new vscode.Range(position, position), p.message, SEVERITY[p.severity]);
      d.source = `${buildName} (${p.source})`;
      let entry = byFile.get(uri.toString());
      if (!entry) byFile.set(uri.toString(), (entry = { uri, diagnostics: [] }));
      entry.diagnostics.push(d);
    }
    this.collection.clear();
    for (const { uri, diagnostics } of byFile.values()) this.collection.set(uri, diagnostics);
    return { shown: problems.length - outside, outside };
  }

  /** The diagnostics we set on a file (tests). */
  get(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  clear(): void {
    this.collection.clear();
  }

  dispose(): void {
    this.collection.dispose();
  }
}
