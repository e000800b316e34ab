// What the real-host tests read of the build logs and the few things they do through it: a document's
// state, lines and notice, the colours drawn, the status item, Problems; and opening a saved file
// without the file dialog (the test API is where prompts may be skipped).
import * as vscode from 'vscode';
import { COMMAND } from '../ids';
import type { AnsiDecorations } from './decorations';
import type { BuildProblems } from './diagnostics';
import { MAX_LOG_CHARS, MAX_LOG_LINES } from './model';
import type { LogSession } from './session';
import type { LogStatusItem } from './status';

/** What the real-host tests read of a log document. */
export interface LogSnapshot {
  state: string;
  message?: string;
  following: boolean;
  /** Lines held (the document has one more when the header is shown). */
  lines: number;
  firstLine: number;
  totalLines: number;
  buildStatus?: string;
  problems: number;
  /** How many times the document was refreshed: batching keeps this far below the number of events. */
  refreshes: number;
  /** For a saved log: milliseconds to read it into the model. */
  parseMs?: number;
  /** The document's last line when the log is not all there (reading stopped, or a saved log cut). */
  notice?: string;
}

export interface BuildLogsApi {
  /** Runs `awsCicd.logs.openBuildLog` and returns the document's URI. */
  open(arg?: unknown): Promise<vscode.Uri | undefined>;
  /** Opens a saved log file as a log document (as the command does after its file dialog). */
  openFile(file: vscode.Uri): Promise<vscode.Uri | undefined>;
  snapshot(uri: vscode.Uri): LogSnapshot | undefined;
  /** Styles and range counts decorated in the visible editor of `uri`. */
  decorations(uri: vscode.Uri): { style: string; ranges: number; firstLine: number; lastLine: number }[];
  /** Decoration types created for colours so far (bounded, whatever the logs). */
  decorationTypes(): number;
  statusText(): string;
  /** What the status item's action does after a stall, without its prompt: read on from the last token. */
  resume(uri: vscode.Uri): void;
  /** Our diagnostics on a workspace file. */
  diagnostics(file: vscode.Uri): readonly vscode.Diagnostic[];
  readonly maxLines: number;
  readonly maxChars: number;
}

/** What the API reads of the build logs (BuildLogs offers it; named here so api.ts need not import it). */
interface Logs {
  openSaved(file: vscode.Uri): Promise<vscode.Uri | undefined>;
  session(uri: vscode.Uri): LogSession | undefined;
  readonly problems: BuildProblems;
}

/** The parts of BuildLogs the API reads that it does not offer to others. */
interface Inner {
  refreshes: ReadonlyMap<string, number>;
  decorations: AnsiDecorations;
  status: LogStatusItem;
}

export function logsApi(logs: Logs, inner: Inner): BuildLogsApi {
  return {
    open: async (arg) =>
      vscode.commands.executeCommand<vscode.Uri | undefined>(COMMAND.logs.openBuildLog, arg),
    openFile: (file) => logs.openSaved(file),
    snapshot: (uri) => {
      const s = logs.session(uri);
      if (!s) return undefined;
      const st = s.state;
      return {
        state: st.kind,
        message: 'message' in st ? st.message : undefined,
        following: s.following,
        lines: s.model.size,
        firstLine: s.model.firstLine,
        totalLines: s.model.totalLines,
        buildStatus: s.build?.status,
        problems: s.model.problems.problems.length,
        refreshes: inner.refreshes.get(uri.toString()) ?? 0,
        parseMs: s.parseMs,
        notice: s.notice(),
      };
    },
    decorations: (uri) => {
      const editor = vscode.window.visibleTextEditors.find(
        (e) => e.document.uri.toString() === uri.toString(),
      );
      return editor
        ? inner.decorations.snapshot(editor).map((d) => ({
            style: d.style,
            ranges: d.ranges.length,
            firstLine: Math.min(...d.ranges.map((r) => r.start.line)),
            lastLine: Math.max(...d.ranges.map((r) => r.end.line)),
          }))
        : [];
    },
    decorationTypes: () => inner.decorations.typeCount,
    statusText: () => inner.status.text,
    resume: (uri) => logs.session(uri)?.resume(),
    diagnostics: (file) => logs.problems.get(file),
    maxLines: MAX_LOG_LINES,
    maxChars: MAX_LOG_CHARS,
  };
}
