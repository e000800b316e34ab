// Build logs in the editor: one read-only `awscicd-log:` document per build, fed by a LogSession, with
// ANSI colours as decorations, follow mode, the status bar item, the language features and Problems.
// Owns every session; a session ends when its document is closed. AWS access goes through the
// explorer's connections, so Workspace Trust and the endpoint rules are the explorer's, and a build is
// read only in a connection the user configured, whatever a URI or a command argument names.
// A document's refresh can be lost when it fires while VS Code is still opening the document; each
// open compares what the document was given with what the session has and refreshes again if needed.
import * as vscode from 'vscode';
import type { AwsAdapter as AwsAccount } from '../aws';
import type { ProfileRegion as Connection } from '../settings';
import { CONTEXT } from '../ids';
import { settings } from '../settings';
import { logsApi, type BuildLogsApi } from './api';
import { AnsiDecorations } from './decorations';
import { BuildProblems } from './diagnostics';
import { LogLanguage } from './documentLanguage';
import { followAfterScroll } from './follow';
import { LOG_SCHEME, LogProviders } from './providers';
import { WorkspaceFiles } from './resolve';
import { isGzip, MAX_SAVED_FILE_BYTES, readSavedLog } from './saved';
import { LogSession, readingStopped, type BuildRef } from './session';
import { LogStatusItem } from './status';
import { buildOfUri, logUri, quotable, tabTitle, type LineRange } from './uris';

export { LOG_SCHEME } from './providers';
export type { BuildRef } from './session';
export { logUri } from './uris';
export type { BuildLogsApi, LogSnapshot } from './api';

export interface AccountSource {
  account(c: Connection): Promise<AwsAccount>;
  list(): readonly Connection[];
}

/** How long a closed log's session is kept, in case the same document opens again at once. */
const CLOSE_GRACE_MS = 2000;

export class BuildLogs implements vscode.Disposable, vscode.TextDocumentContentProvider {
  private readonly sessions = new Map<string, LogSession>();
  private readonly refreshes = new Map<string, number>();
  /** The session's render count when the document last asked for its text. */
  private readonly provided = new Map<string, number>();
  private readonly closing = new Map<string, NodeJS.Timeout>();
  private readonly contentChanged = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.contentChanged.event;
  readonly files = new WorkspaceFiles();
  readonly problems: BuildProblems;
  private readonly decorations = new AnsiDecorations();
  private readonly status = new LogStatusItem();
  private readonly language: LogLanguage;
  private readonly disposables: vscode.Disposable[] = [];
  private decorateDelay = 30;
  private decorateTimer: NodeJS.Timeout | undefined;
  /** The first visible line of each log editor, to tell a scroll up from one down. */
  private readonly topLines = new WeakMap<vscode.TextEditor, number>();

  constructor(
    readonly connections: AccountSource,
    readonly log: vscode.LogOutputChannel,
  ) {
    this.problems = new BuildProblems(this.files);
    this.language = new LogLanguage(log);
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
      vscode.workspace.onDidOpenTextDocument((doc) => {
        if (doc.uri.scheme === LOG_SCHEME) this.opened(doc);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme === LOG_SCHEME) this.closeSoon(doc.uri);
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.renderActive()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.decorateSoon()),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => {
        if (e.textEditor.document.uri.scheme !== LOG_SCHEME) return;
        this.scrolled(e);
        this.decorateSoon();
      }),
    );
  }

  /** Gives log tabs restored before the extension started their language. */
  start(): void {
    for (const doc of vscode.workspace.textDocuments)
      if (doc.uri.scheme === LOG_SCHEME) this.language.opened(doc);
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
    const key = uri.toString();
    const session = this.sessions.get(key) ?? this.restore(uri);
    if (!session)
      return 'This build log is no longer available: its tab was restored, and it does not name a build.';
    this.provided.set(key, session.renders);
    return session.text();
  }

  /** Whether `ref` is in one of the connections the user configured (the only ones we read). */
  knows(ref: { profile: string; region: string }): boolean {
    return this.connections.list().some((c) => c.profile === ref.profile && c.region === ref.region);
  }

  /** Opens (or shows again) the log document of a build. */
  async openBuild(ref: BuildRef, name: string, range?: LineRange): Promise<vscode.Uri> {
    const uri = logUri(ref, name, range);
    const existing = this.session(uri);
    // A log whose reading stopped starts over when the user opens it again.
    if (!existing || readingStopped(existing.state)) this.replace(uri, ref, range);
    else if (existing.state.kind === 'finished') this.finished(existing);
    await this.show(uri);
    return uri;
  }

  /**
   * Reads a stopped log again from the start, in a new session: for a tab restored after a restart,
   * an error, or a build that was not found. Changes no setting; refuses a connection not configured.
   */
  readAgain(uri: vscode.Uri): boolean {
    const named = this.session(uri)?.ref ?? buildOfUri(uri)?.ref;
    if (!named) {
      void vscode.window.showErrorMessage(
        'Could not read the build log again: this document does not name a build',
      );
      return false;
    }
    if (!this.knows(named)) {
      void vscode.window.showErrorMessage(
        `Could not read the log of build ${named.buildId} again: profile "${quotable(named.profile)}" in ${quotable(named.region)} is not one of the AWS CI/CD connections`,
      );
      return false;
    }
    this.replace(uri, named, buildOfUri(uri)?.range);
    return true;
  }

  /** Opens a saved log file as a log document: colours, folding, outline, links and problems. */
  async openSaved(file: vscode.Uri): Promise<vscode.Uri | undefined> {
    const name =
      file.path
        .split('/')
        .pop()
        ?.replace(/\.(log|txt)(\.gz)?$|\.gz$/, '') ?? 'log';
    const fail = (cause: string) => {
      void vscode.window.showErrorMessage(`Could not open saved build log "${name}": ${cause}`);
      return undefined;
    };
    const started = Date.now();
    let bytes: Uint8Array;
    try {
      const size = (await vscode.workspace.fs.stat(file)).size;
      if (size > MAX_SAVED_FILE_BYTES) return fail(tooLarge(size));
      bytes = await vscode.workspace.fs.readFile(file);
      // It may have grown between the two calls.
      if (bytes.length > MAX_SAVED_FILE_BYTES) return fail(tooLarge(bytes.length));
    } catch (err) {
      return fail(err instanceof Error ? err.message : String(err));
    }
    const uri = vscode.Uri.from({ scheme: LOG_SCHEME, path: `/saved/${tabTitle(name)} (saved log)` });
    const session = LogSession.saved(uri);
    try {
      const read = await readSavedLog(bytes, (piece) => session.appendText(piece));
      session.endText(Date.now() - started, read.cut);
      if (read.cut) void vscode.window.showWarningMessage(`Saved build log "${name}" was cut: ${read.cut}`);
    } catch (err) {
      session.dispose();
      const cause = err instanceof Error ? err.message : String(err);
      return fail(isGzip(bytes) ? `the gzip data is damaged: ${cause}` : cause);
    }
    this.sessions.get(uri.toString())?.dispose();
    this.add(session);
    this.contentChanged.fire(uri);
    const shown = Date.now();
    await this.show(uri);
    this.log.info(
      `Opened ${name}: ${session.model.totalLines} lines read in ${session.parseMs ?? 0} ms, shown in ${Date.now() - shown} ms`,
    );
    return uri;
  }

  private async show(uri: vscode.Uri): Promise<void> {
    const doc = await this.language.ensure(await vscode.workspace.openTextDocument(uri));
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    this.reveal(editor);
    this.decorateSoon();
    this.renderActive();
  }

  /** Puts a new session (reading from the start) in place of the one of `uri`, if any. */
  private replace(uri: vscode.Uri, ref: BuildRef, range?: LineRange): void {
    this.sessions.get(uri.toString())?.dispose();
    this.add(this.createSession(uri, ref, range));
    this.contentChanged.fire(uri);
  }

  private createSession(uri: vscode.Uri, ref: BuildRef, range?: LineRange): LogSession {
    return new LogSession(uri, ref, {
      account: () => this.connections.account({ profile: ref.profile, region: ref.region }),
      pollMs: settings.logPollIntervalMs(),
      liveTail: settings.liveTail(),
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

  /**
   * A tab whose session is gone (VS Code restored it after the extension restarted, or reopened it)
   * reads nothing by itself: it says so and offers to read again. A URI is anyone's to write, and a
   * restored window must not start a tail for every old tab.
   */
  private restore(uri: vscode.Uri): LogSession | undefined {
    const named = buildOfUri(uri);
    if (!named) return undefined;
    const session = LogSession.stopped(uri, named.ref, 'this tab was restored after a restart');
    this.add(session);
    return session;
  }

  /** A log document opened: its language, and a refresh if one came while it was opening. */
  private opened(doc: vscode.TextDocument): void {
    this.language.opened(doc);
    const uri = doc.uri;
    const key = uri.toString();
    const pending = this.closing.get(key);
    if (pending) clearTimeout(pending);
    this.closing.delete(key);
    const s = this.sessions.get(key);
    if (s && this.provided.get(key) !== s.renders) this.contentChanged.fire(uri);
  }

  private finished(session: LogSession): void {
    const b = session.build;
    if (
      settings.problemsOnFailure() &&
      b &&
      (b.status === 'FAILED' || session.model.structure.failedPhase())
    ) {
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

  /**
   * One decoration pass soon. A pass that took long (a log of many colours streaming in) makes the next
   * wait four times as long, so decorating never holds the extension host for more than about a fifth
   * of its time, whatever the log.
   */
  private decorateSoon(): void {
    if (this.decorateTimer) return;
    this.decorateTimer = setTimeout(() => {
      this.decorateTimer = undefined;
      const started = Date.now();
      for (const editor of vscode.window.visibleTextEditors) {
        const s = this.session(editor.document.uri);
        if (s) this.decorations.apply(editor, s.model);
      }
      this.decorateDelay = Math.min(2_000, Math.max(30, 4 * (Date.now() - started)));
    }, this.decorateDelay);
  }

  private renderActive(): void {
    const s = this.target();
    this.status.render(s);
    void vscode.commands.executeCommand('setContext', CONTEXT.following, !!s?.following && s.live);
    void vscode.commands.executeCommand('setContext', CONTEXT.active, !!s);
  }

  /** Ends a closed document's session, unless the same document is opened again meanwhile. */
  private closeSoon(uri: vscode.Uri): void {
    const key = uri.toString();
    if (this.closing.has(key)) return;
    this.closing.set(
      key,
      setTimeout(() => {
        this.closing.delete(key);
        if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) return;
        this.sessions.get(key)?.dispose();
        this.sessions.delete(key);
        this.refreshes.delete(key);
        this.provided.delete(key);
        this.renderActive();
      }, CLOSE_GRACE_MS),
    );
  }

  /** What the real-host tests read and do (see api.ts). */
  api(): BuildLogsApi {
    return logsApi(this, { refreshes: this.refreshes, decorations: this.decorations, status: this.status });
  }

  dispose(): void {
    if (this.decorateTimer) clearTimeout(this.decorateTimer);
    for (const t of this.closing.values()) clearTimeout(t);
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function tooLarge(bytes: number): string {
  const mb = (n: number) => `${Math.ceil(n / (1024 * 1024))} MB`;
  return `the file is ${mb(bytes)}, over the ${mb(MAX_SAVED_FILE_BYTES)} limit for a saved log`;
}
