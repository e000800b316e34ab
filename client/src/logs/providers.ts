// The language features of a log document: folding per phase, an outline of phases (with duration and
// result) and their commands, links from path:line to the workspace file, and a CodeLens on the
// "earlier lines are not loaded" header. Everything reads the session's model; nothing re-parses text.
import * as vscode from 'vscode';
import { COMMAND } from '../ids';
import { findPathRefs, type LinkState, type PathRef } from './links';
import { READ_AGAIN_TITLE, readingStopped, type LogSession } from './session';
import { formatDuration, phaseSummary } from './structure';
import type { WorkspaceFiles } from './resolve';

export const LOG_SCHEME = 'awscicd-log';
/** Links handed to the editor per document at most: past that the link layer costs more than it gives. */
const MAX_LINKS = 5000;

export interface SessionLookup {
  get(uri: vscode.Uri): LogSession | undefined;
}

/** Links found so far in one session, scanned incrementally as lines arrive. */
interface LinkScan {
  next: number;
  state: LinkState;
  refs: { abs: number; ref: PathRef }[];
}

export class LogProviders
  implements
    vscode.FoldingRangeProvider,
    vscode.DocumentSymbolProvider,
    vscode.DocumentLinkProvider,
    vscode.CodeLensProvider
{
  private readonly scans = new WeakMap<LogSession, LinkScan>();

  constructor(
    private readonly sessions: SessionLookup,
    private readonly files: WorkspaceFiles,
  ) {}

  /** Registers every provider for the log scheme. */
  register(): vscode.Disposable {
    const selector: vscode.DocumentSelector = { scheme: LOG_SCHEME };
    return vscode.Disposable.from(
      vscode.languages.registerFoldingRangeProvider(selector, this),
      vscode.languages.registerDocumentSymbolProvider(selector, this, { label: 'Build phases' }),
      vscode.languages.registerDocumentLinkProvider(selector, this),
      vscode.languages.registerCodeLensProvider(selector, this),
    );
  }

  provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
    const s = this.sessions.get(document.uri);
    if (!s) return [];
    const m = s.model;
    const ranges: vscode.FoldingRange[] = [];
    for (const p of m.structure.phases) {
      const start = Math.max(m.firstLine, p.startLine);
      const end = Math.min(m.totalLines - 1, p.endLine);
      if (end <= start || p.endLine < m.firstLine) continue;
      ranges.push(
        new vscode.FoldingRange(m.toDocLine(start), m.toDocLine(end), vscode.FoldingRangeKind.Region),
      );
    }
    return ranges;
  }

  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    const s = this.sessions.get(document.uri);
    if (!s) return [];
    const m = s.model;
    const last = Math.max(0, document.lineCount - 1);
    const docLine = (abs: number) => Math.min(last, m.toDocLine(Math.max(m.firstLine, abs)));
    const symbols: vscode.DocumentSymbol[] = [];
    for (const p of m.structure.phases) {
      if (p.endLine < m.firstLine) continue;
      const start = docLine(p.startLine);
      const end = docLine(p.endLine);
      const range = new vscode.Range(start, 0, end, document.lineAt(end).text.length);
      const [name, ...detail] = phaseSummary(p).split(' · ');
      const failed = p.result !== undefined && p.result !== 'SUCCEEDED';
      const symbol = new vscode.DocumentSymbol(
        name,
        detail.join(' · '),
        failed ? vscode.SymbolKind.Event : vscode.SymbolKind.Module,
        range,
        new vscode.Range(start, 0, start, document.lineAt(start).text.length),
      );
      for (const c of p.commands) {
        if (c.line < m.firstLine) continue;
        const line = docLine(c.line);
        const lineRange = new vscode.Range(line, 0, line, document.lineAt(line).text.length);
        symbol.children.push(
          new vscode.DocumentSymbol(
            c.command,
            c.exitStatus === undefined ? '' : `exit status ${c.exitStatus}`,
            vscode.SymbolKind.Function,
            lineRange,
            lineRange,
          ),
        );
      }
      if (p.context && p.context.line >= m.firstLine) {
        const line = docLine(p.context.line);
        const lineRange = new vscode.Range(line, 0, line, document.lineAt(line).text.length);
        symbol.children.push(
          new vscode.DocumentSymbol(
            p.context.code,
            p.context.message,
            vscode.SymbolKind.Constant,
            lineRange,
            lineRange,
          ),
        );
      }
      symbols.push(symbol);
    }
    return symbols;
  }

  async provideDocumentLinks(document: vscode.TextDocument): Promise<vscode.DocumentLink[]> {
    const s = this.sessions.get(document.uri);
    if (!s) return [];
    const m = s.model;
    const scan = this.scan(s);
    const links: vscode.DocumentLink[] = [];
    for (const { abs, ref } of scan.refs) {
      if (abs < m.firstLine) continue;
      const target = await this.files.find(ref.path);
      if (!target) continue;
      const line = m.toDocLine(abs);
      if (line >= document.lineCount) continue;
      const link = new vscode.DocumentLink(
        new vscode.Range(line, ref.start, line, ref.end),
        target.with({ fragment: `L${ref.line}${ref.column === undefined ? '' : `,${ref.column}`}` }),
      );
      link.tooltip = `Open ${ref.path}, line ${ref.line}`;
      links.push(link);
      if (links.length >= MAX_LINKS) break;
    }
    return links;
  }

  /** Finds the references in lines not scanned yet (dropped lines are skipped). */
  private scan(s: LogSession): LinkScan {
    let scan = this.scans.get(s);
    if (!scan) this.scans.set(s, (scan = { next: 0, state: {}, refs: [] }));
    const m = s.model;
    const from = Math.max(scan.next, m.firstLine);
    for (let abs = from; abs < m.totalLines; abs++) {
      const text = m.line(abs)?.text;
      if (text === undefined || text.length > 4000) continue;
      for (const ref of findPathRefs(text, scan.state, m.structure.sourceDir)) scan.refs.push({ abs, ref });
    }
    scan.next = m.totalLines;
    if (scan.refs.length > 4 * MAX_LINKS) scan.refs = scan.refs.filter((r) => r.abs >= m.firstLine);
    return scan;
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const s = this.sessions.get(document.uri);
    if (!s) return [];
    const lenses: vscode.CodeLens[] = [];
    const top = new vscode.Range(0, 0, 0, 0);
    if (s.ref && readingStopped(s.state)) {
      // At the top, and on the notice (the last line) that says why reading stopped.
      const last = new vscode.Range(document.lineCount - 1, 0, document.lineCount - 1, 0);
      for (const range of document.lineCount > 1 ? [top, last] : [top])
        lenses.push(
          new vscode.CodeLens(range, {
            title: `$(refresh) ${READ_AGAIN_TITLE}`,
            command: COMMAND.logs.resume,
            arguments: [document.uri],
          }),
        );
    }
    if (s.model.hasHeader) {
      lenses.push(
        new vscode.CodeLens(top, {
          title: `$(fold-up) Load ${Math.min(s.model.firstLine, s.model.limits.maxLines).toLocaleString('en-US')} earlier lines`,
          command: COMMAND.logs.loadEarlier,
          arguments: [document.uri],
        }),
      );
    }
    const failed = s.model.structure.failedPhase();
    if (failed && s.model.problems.problems.length) {
      lenses.push(
        new vscode.CodeLens(top, {
          title: `$(warning) ${failed.name} failed: show ${s.model.problems.problems.length} problem(s)`,
          command: COMMAND.logs.showProblems,
          arguments: [document.uri],
        }),
      );
    }
    return lenses;
  }
}

/** The build's duration so far, for the status bar. */
export function elapsed(start: Date | undefined, end: Date | undefined): string {
  if (!start) return '';
  return formatDuration((end ?? new Date()).getTime() - start.getTime());
}
