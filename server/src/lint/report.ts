/** The linter's text and JSON output. SARIF is in sarif.ts. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { displayPath, escapeControls, safeJson } from './escape';

export const SEVERITY_NAME = ['', 'error', 'warning', 'information', 'hint'] as const;

/** One linted file and what the service found in it. */
export interface Report {
  /** The path as the user gave it, or under the folder they gave. */
  readonly file: string;
  /** The file's absolute path. */
  readonly absolutePath: string;
  /** What the file is, in words ("CodeBuild buildspec 0.2"). */
  readonly kind: string;
  readonly text: string;
  readonly diagnostics: readonly Diagnostic[];
}

export const messageOf = (d: Diagnostic): string =>
  typeof d.message === 'string' ? d.message : d.message.value;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `file:line:column: severity code: message` lines and a summary, every piece of document text escaped. */
export function toText(reports: readonly Report[]): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const r of reports) {
    for (const d of r.diagnostics) {
      if (d.severity === DiagnosticSeverity.Error) errors++;
      if (d.severity === DiagnosticSeverity.Warning) warnings++;
      const at = `${d.range.start.line + 1}:${d.range.start.character + 1}`;
      const code = escapeControls(String(d.code));
      lines.push(
        `${displayPath(r.file)}:${at}: ${SEVERITY_NAME[d.severity ?? 1]} ${code}: ${escapeControls(messageOf(d))}`,
      );
    }
  }
  lines.push(
    `${plural(reports.length, 'file')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`,
  );
  return `${lines.join('\n')}\n`;
}

/** A file left out, and why, as the JSON output lists it. */
export interface LeftOut {
  readonly path: string;
  readonly reason: string;
}

/** The findings per file, and the files left out (`skipped`) or that could not be read (`unreadable`). */
export function toJson(
  reports: readonly Report[],
  skipped: readonly LeftOut[] = [],
  unreadable: readonly LeftOut[] = [],
): string {
  const files = reports.map((r) => ({
    file: r.file,
    kind: r.kind,
    diagnostics: r.diagnostics.map((d) => ({
      code: d.code,
      severity: SEVERITY_NAME[d.severity ?? 1],
      message: messageOf(d),
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
    })),
  }));
  const list = (l: readonly LeftOut[]) => l.map((s) => ({ file: s.path, reason: s.reason }));
  return safeJson({ files, skipped: list(skipped), unreadable: list(unreadable) });
}
