// Build logs in the editor: one read-only `awscicd-log:` document per build, fed by a LogSession, with
// ANSI colours as decorations, follow mode, the status bar item, the language features and Problems.
// Owns every session; a session ends when its document is closed. AWS access goes through the
// explorer's connections, so Workspace Trust and the endpoint rules are the explorer's.
import * as vscode from 'vscode';
import type { AwsAccount } from '../aws';
import type { Connection } from '../explorer/connections';
import { registerLogCommands } from './commands';
import { AnsiDecorations } from './decorations';
import { BuildProblems } from './diagnostics';
import { followAfterScroll } from './follow';
import { MAX_LOG_CHARS, MAX_LOG_LINES } from './model';
import { LOG_SCHEME, LogProviders } from './providers';
import { WorkspaceFiles } from './resolve';
import { LogSession, type BuildRef } from './session';
import { LogStatusItem } from './status';

export { LOG_SCHEME } from './providers';
export type { BuildRef } from './session';

const FOLLOWING_KEY = 'awsCicd.logs.following';
const ACTIVE_KEY = 'awsCicd.logs.active';

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
}

export interface BuildLogsApi {
  /** Runs `awsCicd.logs.openBuildLog` and returns the document's URI. */
  open(arg?: unknown): Promise<vscode.Uri | undefined>;
  /** Opens a saved log file as a log document. */
  openFile(file: vscode.Uri): Promise<vscode.Uri | undefined>;
  snapshot(uri: vscode.Uri): LogSnapshot | undefined;
  /** Styles and range counts decorated in the visible editor of `uri`. */
  decorations(uri: vscode.Uri): { style: string; ranges: number }[];
  statusText(): string;
  /** What the status item's action does after a stall, without its prompt: read on from the last token. */
  resume(uri: vscode.Uri): void;
  /** Our diagnostics on a workspace file. */
  diagnostics(file: vscode.Uri): readonly vscode.Diagnostic[];
  readonly maxLines: number;
  readonly maxChars: number;
}

export interface AccountSource {
  account(c: Connection): Promise<AwsAccount>;
  list(): readonly Connection[];
}

export class BuildLogs implements vscode.Disposable, vscode.TextDocumentContentProvider {
  private readonly sessions = new Map<string, LogSession>();
  private readonly refreshes = new Map<string, number>();
  private readonly contentChanged = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.contentChanged.event;
  readonly files = new WorkspaceFiles();
  readonly problems: BuildProblems;
  private readonly decorations = new AnsiDecorations();
  private readonly status = new LogStatusItem();
  private readonly disposables: vscode.Disposable[] = [];
  private decorateTimer: NodeJS.Timeout | undefined;
  /** The first visible line of each log editor, to tell a scroll up from one down. */
  private readonly topLines = new WeakMap<vscode.TextEditor, number>();

  constructor(
    readonly connections: AccountSource,
    readonly log: vscode.LogOutputChannel,
  ) {
    this.problems = new BuildProblems(this.files);
    const providers = new LogProviders({ get: (uri) => this.session(uri) }, this.files);
    this.disposables.push(
      this.contentChanged,
      this.problems,
      this.decorations,
      this.status,
      vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, this),
      providers.register(),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.scheme === LOG_SCHEME) this.documentChanged(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme === LOG_SCHEME) this.close(doc.uri);
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.renderActive()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.decorateSoon()),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => {
        if (e.textEditor.document.uri.scheme !== LOG_SCHEME) return;
        this.scrolled(e);
        this.decorateSoon();
      }),
      ...registerLogCommands(this),
    );
  }

  /** The session of a log document. */
  session(uri: vscode.Uri): LogSession | undefined {
    return this.sessions.get(uri.toString());
  }

  /** The session of the active log editor, or of `uri` when given. */
  target(uri?: unknown): LogSession | undefined {
    if (uri instanceof vscode.Uri) return this.session(uri);
    const active = vscode.window.activeTextEditor?.document.uri;
    return active?.scheme === LOG_SCHEME ? this.session(active) : undefined;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    // A tab restored after a reload has no session yet: start one from what the URI names.
    return (this.session(uri) ?? this.restore(uri))?.text() ?? 'This build log is no longer available.';
  }

  /** Opens (or shows again) the log document of a build. */
  async openBuild(ref: BuildRef, name: string, range?: { from: number; to: number }): Promise<vscode.Uri> {
    const uri = logUri(ref, name, range);
    const key = uri.toString();
    if (!this.sessions.has(key)) this.add(this.createSession(uri, ref, range));
    await this.show(uri);
    return uri;
  }

  /** Opens a saved log file as a log document: colours, folding, outline, links and problems. */
  async openText(name: string, text: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.from({ scheme: LOG_SCHEME, path: `/saved/${name}.codebuild-log` });
    this.sessions.get(uri.toString())?.dispose();
    const session = LogSession.fromText(uri, text);
    this.add(session);
    this.contentChanged.fire(uri);
    const started = Date.now();
    await this.show(uri);
    this.log.info(
      `Opened ${name}: ${session.model.totalLines} lines read in ${session.parseMs ?? 0} ms, shown in ${Date.now() - started} ms`,
    );
    return uri;
  }

  private async show(uri: vscode.Uri): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'codebuild-log')
      await vscode.languages.setTextDocumentLanguage(doc, 'codebuild-log');
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    this.reveal(editor);
    this.decorateSoon();
    this.renderActive();
  }

  private createSession(uri: vscode.Uri, ref: BuildRef, range?: { from: number; to: number }): LogSession {
    const config = vscode.workspace.getConfiguration('awsCicd.logs');
    return new LogSession(uri, ref, {
      account: () => this.connections.account({ profile: ref.profile, region: ref.region }),
      pollMs: Math.max(500, config.get<number>('pollIntervalMs', 2000)),
      liveTail: config.get<boolean>('liveTail', false),
      range,
    });
  }

  private add(session: LogSession): void {
    const key = session.uri.toString();
    this.sessions.set(key, session);
    this.refreshes.set(key, 0);
    session.onDidChange(() => {
      this.refreshes.set(key, (this.refreshes.get(key) ?? 0) + 1);
      this.contentChanged.fire(session.uri);
    });
    session.onDidChangeState((state) => {
      if (state.kind === 'stalled')
        this.log.warn(`Build log ${session.ref?.buildId ?? ''} stopped: ${state.message}`);
      if (state.kind === 'finished') this.finished(session);
      this.renderActive();
    });
    session.start();
  }

  private restore(uri: vscode.Uri): LogSession | undefined {
    const q = new URLSearchParams(uri.query);
    const profile = q.get('profile');
    const region = q.get('region');
    const buildId = q.get('id');
    if (!profile || !region || !buildId) return undefined;
    const from = q.get('from');
    const to = q.get('to');
    const range = from !== null && to !== null ? { from: Number(from), to: Number(to) } : undefined;
    const session = this.createSession(uri, { profile, region, buildId }, range);
    this.add(session);
    return session;
  }

  private finished(session: LogSession): void {
    const b = session.build;
    const auto = vscode.workspace.getConfiguration('awsCicd.logs').get<boolean>('problemsOnFailure', true);
    if (auto && b && (b.status === 'FAILED' || session.model.structure.failedPhase())) {
      void this.showProblems(session, false);
    }
  }

  /** Puts the session's problems into Problems; with `reveal`, opens the panel and says what happened. */
  async showProblems(session: LogSession, reveal: boolean): Promise<number> {
    const b = session.build;
    const name = b ? `CodeBuild ${b.projectName} #${b.buildNumber ?? '?'}` : 'Build log';
    const { shown, outside } = await this.problems.show(name, session.model.problems.problems);
    if (reveal) {
      if (shown) await vscode.commands.executeCommand('workbench.actions.view.problems');
      const rest = outside ? ` (${outside} more name files that are not in this workspace)` : '';
      void vscode.window.showInformationMessage(
        shown
          ? `${name}: ${shown} problem(s) in Problems${rest}`
          : `${name}: no compiler or test errors found in the log${rest}`,
      );
    }
    return shown;
  }

  private documentChanged(doc: vscode.TextDocument): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document === doc) this.reveal(editor);
    }
    this.decorateSoon();
    this.renderActive();
  }

  /** Follow mode: keep the last line in view while the build writes. */
  private reveal(editor: vscode.TextEditor): void {
    const s = this.session(editor.document.uri);
    if (!s?.following) return;
    const last = editor.document.lineCount - 1;
    editor.revealRange(new vscode.Range(last, 0, last, 0), vscode.TextEditorRevealType.Default);
  }

  /** Follow mode and the user's scrolling (see followAfterScroll). */
  private scrolled(e: vscode.TextEditorVisibleRangesChangeEvent): void {
    const top = e.visibleRanges[0]?.start.line ?? 0;
    const before = this.topLines.get(e.textEditor);
    this.topLines.set(e.textEditor, top);
    const s = this.session(e.textEditor.document.uri);
    if (!s?.live) return;
    const bottom = e.visibleRanges.at(-1)?.end.line ?? 0;
    const atEnd = bottom >= e.textEditor.document.lineCount - 2;
    const next = followAfterScroll({ following: s.following, autoPaused: s.autoPaused, before, top, atEnd });
    if (next === 'pause') this.setFollowing(s, false, true);
    if (next === 'resume') this.setFollowing(s, true);
  }

  /** `auto`: paused by scrolling up (and resumed by scrolling back down), not by the command. */
  setFollowing(session: LogSession, on: boolean, auto = false): void {
    session.following = on;
    session.autoPaused = !on && auto;
    if (on)
      for (const e of vscode.window.visibleTextEditors)
        if (e.document.uri.toString() === session.uri.toString()) this.reveal(e);
    this.renderActive();
  }

  private decorateSoon(): void {
    if (this.decorateTimer) return;
    this.decorateTimer = setTimeout(() => {
      this.decorateTimer = undefined;
      for (const editor of vscode.window.visibleTextEditors) {
        const s = this.session(editor.document.uri);
        if (s) this.decorations.apply(editor, s.model);
      }
    }, 30);
  }

  private renderActive(): void {
    const s = this.target();
    this.status.render(s);
    void vscode.commands.executeCommand('setContext', FOLLOWING_KEY, !!s?.following && s.live);
    void vscode.commands.executeCommand('setContext', ACTIVE_KEY, !!s);
  }

  private close(uri: vscode.Uri): void {
    const key = uri.toString();
    this.sessions.get(key)?.dispose();
    this.sessions.delete(key);
    this.refreshes.delete(key);
    this.renderActive();
  }

  api(): BuildLogsApi {
    return {
      open: async (arg) =>
        vscode.commands.executeCommand<vscode.Uri | undefined>('awsCicd.logs.openBuildLog', arg),
      openFile: async (file) =>
        vscode.commands.executeCommand<vscode.Uri | undefined>('awsCicd.logs.openFile', file),
      snapshot: (uri) => {
        const s = this.session(uri);
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
          refreshes: this.refreshes.get(uri.toString()) ?? 0,
          parseMs: s.parseMs,
        };
      },
      decorations: (uri) => {
        const editor = vscode.window.visibleTextEditors.find(
          (e) => e.document.uri.toString() === uri.toString(),
        );
        return editor
          ? this.decorations.snapshot(editor).map((d) => ({ style: d.style, ranges: d.ranges.length }))
          : [];
      },
      statusText: () => this.status.text,
      resume: (uri) => this.session(uri)?.resume(),
      diagnostics: (file) => this.problems.get(file),
      maxLines: MAX_LOG_LINES,
      maxChars: MAX_LOG_CHARS,
    };
  }

  dispose(): void {
    if (this.decorateTimer) clearTimeout(this.decorateTimer);
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** `awscicd-log:/project-3/project-3 #12.codebuild-log?profile=…&region=…&id=…` */
export function logUri(ref: BuildRef, name: string, range?: { from: number; to: number }): vscode.Uri {
  const q = new URLSearchParams({ profile: ref.profile, region: ref.region, id: ref.buildId });
  if (range) {
    q.set('from', String(range.from));
    q.set('to', String(range.to));
  }
  const project = ref.buildId.split(':')[0] || 'build';
  const suffix = range ? ` (lines ${range.from + 1}-${range.to})` : '';
  return vscode.Uri.from({
    scheme: LOG_SCHEME,
    path: `/${project}/${name.replace(/[/\\?]/g, '-')}${suffix}.codebuild-log`,
    query: q.toString(),
  });
}
