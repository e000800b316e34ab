// A failed build's errors and warnings as problems: tsc, gcc/clang/go/rustc/shellcheck, ESLint stylish,
// javac/Maven, Python tracebacks and Node test stack frames, each mapped to a workspace path. Fed one plain
// line at a time (the ESLint file header and a traceback span lines). No `vscode` here.
import { toWorkspacePath } from './links';

export type ProblemSeverity = 'error' | 'warning' | 'info';

export interface LogProblem {
  /** Workspace-relative path. */
  file: string;
  /** 1-based. */
  line: number;
  column: number;
  severity: ProblemSeverity;
  message: string;
  /** The tool that reported it: tsc, gcc, eslint, javac, python, test. */
  source: string;
  /** Absolute log line it was read from. */
  logLine: number;
}

const P = String.raw`(?:file:\/\/)?[\w.@~+\-\/\\$]*[\w\-]\.[A-Za-z0-9]+`;
const TSC = new RegExp(String.raw`^\s*(${P})\((\d+),(\d+)\): (error|warning) (TS\d+): (.*)$`);
const GCC = new RegExp(
  String.raw`^\s*(${P}):(\d+):(\d+): (fatal error|error|warning|note|info)(?:\[(\w+)\])?: (.*)$`,
);
const RUSTC_HEAD = /^(error|warning)(?:\[(\w+)\])?: (.*)$/;
const RUSTC_AT = new RegExp(String.raw`^\s*--> (${P}):(\d+):(\d+)`);
const JAVAC = new RegExp(String.raw`^\[(ERROR|WARNING)\] (${P}):\[(\d+),(\d+)\] (.*)$`);
const ESLINT_HEADER = /^((?:\/|\.{0,2}\/?[\w@.-]+\/)[\w.@~+\-/]*\.[A-Za-z0-9]+)\s*$/;
const ESLINT_FINDING = /^\s+(\d+):(\d+)\s+(error|warning)\s+(.*?)(?:\s{2,}([\w@/-]+))?\s*$/;
const PY_FRAME = new RegExp(String.raw`^\s*File "(${P})", line (\d+)`);
const PY_EXCEPTION =
  /^([A-Za-z_][\w.]*(?:Error|Exception|Failure|Exit|Interrupt)|AssertionError)(?::\s*(.*))?$/;
const JS_ERROR = /^\s*(?:[\w.]*Error|AssertionError \[[\w_]+\])(?::\s*(.*))?$/;
const JS_FRAME = new RegExp(String.raw`^\s+at (?:.*\()?(${P}):(\d+):(\d+)\)?\s*$`);

const MAX_PROBLEMS = 1000;

/** Collects problems from a log, line by line. */
export class ProblemCollector {
  readonly problems: LogProblem[] = [];
  private readonly seen = new Set<string>();
  private eslintFile: string | undefined;
  private rustc: { severity: ProblemSeverity; message: string; code?: string } | undefined;
  private python: { file: string; line: number } | undefined;
  private jsError: { message: string; framed: boolean } | undefined;

  constructor(private sourceDir?: string) {}

  /** Paths read after this are mapped through the build's own source directory. */
  setSourceDir(dir: string | undefined): void {
    this.sourceDir ??= dir;
  }

  /** Reads one plain line; `logLine` is its absolute number. */
  addLine(logLine: number, text: string): void {
    if (this.problems.length >= MAX_PROBLEMS || text.length > 4000) return;
    let m: RegExpExecArray | null;
    if ((m = TSC.exec(text))) {
      this.add(m[1], m[2], m[3], m[4] as ProblemSeverity, `${m[6]} (${m[5]})`, 'tsc', logLine);
    } else if ((m = JAVAC.exec(text))) {
      this.add(m[2], m[3], m[4], m[1] === 'ERROR' ? 'error' : 'warning', m[5], 'javac', logLine);
    } else if ((m = GCC.exec(text))) {
      const severity =
        m[4] === 'fatal error' ? 'error' : m[4] === 'note' ? 'info' : (m[4] as ProblemSeverity);
      this.add(m[1], m[2], m[3], severity, m[6] + (m[5] ? ` (${m[5]})` : ''), 'gcc', logLine);
    } else if ((m = RUSTC_HEAD.exec(text))) {
      this.rustc = { severity: m[1] as ProblemSeverity, message: m[3], code: m[2] };
    } else if ((m = RUSTC_AT.exec(text)) && this.rustc) {
      const r = this.rustc;
      this.add(m[1], m[2], m[3], r.severity, r.message + (r.code ? ` (${r.code})` : ''), 'rustc', logLine);
      this.rustc = undefined;
    } else if ((m = ESLINT_FINDING.exec(text)) && this.eslintFile) {
      const msg = m[4] + (m[5] ? ` (${m[5]})` : '');
      this.add(this.eslintFile, m[1], m[2], m[3] as ProblemSeverity, msg, 'eslint', logLine);
    } else if ((m = ESLINT_HEADER.exec(text))) {
      this.eslintFile = m[1];
    } else if ((m = PY_FRAME.exec(text))) {
      const file = toWorkspacePath(m[1], this.sourceDir);
      // The innermost frame in the checkout is where the user wants to go.
      if (file) this.python = { file, line: Number(m[2]) };
    } else if ((m = PY_EXCEPTION.exec(text)) && this.python) {
      const p = this.python;
      this.add(p.file, String(p.line), '1', 'error', m[2] ? `${m[1]}: ${m[2]}` : m[1], 'python', logLine);
      this.python = undefined;
    } else if ((m = JS_ERROR.exec(text))) {
      this.jsError = { message: text.trim(), framed: false };
    } else if ((m = JS_FRAME.exec(text)) && this.jsError && !this.jsError.framed) {
      const file = toWorkspacePath(m[1], this.sourceDir);
      if (file && !file.includes('node_modules/')) {
        this.add(file, m[2], m[3], 'error', this.jsError.message, 'test', logLine);
        this.jsError.framed = true;
      }
    } else if (text.trim() === '') {
      this.eslintFile = undefined;
    }
  }

  private add(
    rawFile: string,
    line: string,
    column: string,
    severity: ProblemSeverity,
    message: string,
    source: string,
    logLine: number,
  ): void {
    const file = toWorkspacePath(rawFile, this.sourceDir);
    if (file === undefined) return;
    const p: LogProblem = {
      file,
      line: Math.max(1, Number(line)),
      column: Math.max(1, Number(column)),
      severity,
      message: message.trim(),
      source,
      logLine,
    };
    const key = `${p.file}:${p.line}:${p.column}:${p.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.problems.push(p);
  }
}

/** The problems of a whole plain-text log (tests, and a finished log read in one go). */
export function extractProblems(lines: readonly string[], sourceDir?: string): LogProblem[] {
  const c = new ProblemCollector(sourceDir);
  lines.forEach((l, i) => c.addLine(i, l));
  return c.problems;
}
