// A failed build's errors and warnings as problems: tsc, gcc/clang/go/rustc/shellcheck, ESLint stylish,
// javac/Maven, Python tracebacks and Node test stack frames, each mapped to a workspace path. Fed one plain
// line at a time (the ESLint file header and a traceback span lines). Each line costs time linear in its
// length: paths and ESLint blocks are read by hand (scan.ts), the other patterns are anchored and cannot
// backtrack over a line; lines are read up to MAX_PROBLEM_SCAN_CHARS. No `vscode` here.
import { toWorkspacePath } from './links';
import { eslintFinding, eslintHeader, pathAt, skipBlanks } from './scan';

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

// Paths are read by pathAt (scan.ts); each pattern here reads what follows a path, from where it ends
// (sticky), or the start of a line. None has two repetitions that can take turns over the same characters.
const TSC_TAIL = /\((\d{1,9}),(\d{1,9})\): (error|warning) (TS\d+): (.*)$/y;
const GCC_TAIL = /:(\d{1,9}):(\d{1,9}): (fatal error|error|warning|note|info)(?:\[(\w+)\])?: (.*)$/y;
const JAVAC_TAIL = /:\[(\d{1,9}),(\d{1,9})\] (.*)$/y;
const LINE_COL = /:(\d{1,9}):(\d{1,9})/y;
const PY_TAIL = /", line (\d{1,9})/y;
const JS_FRAME_TAIL = /:(\d{1,9}):(\d{1,9})\)?\s*$/y;
const RUSTC_HEAD = /^(error|warning)(?:\[(\w+)\])?: (.*)$/;
const PY_EXCEPTION =
  /^([A-Za-z_][\w.]*(?:Error|Exception|Failure|Exit|Interrupt)|AssertionError)(?::\s*(.*))?$/;
const JS_ERROR = /^\s*(?:[\w.]*Error|AssertionError \[[\w_]+\])(?::\s*(.*))?$/;

/** The path at `i` and the match of `tail` right after it. */
function pathThen(text: string, i: number, tail: RegExp): { path: string; m: RegExpExecArray } | undefined {
  const end = pathAt(text, i);
  if (end === undefined) return undefined;
  tail.lastIndex = end;
  const m = tail.exec(text);
  return m ? { path: text.slice(i, end), m } : undefined;
}

const MAX_PROBLEMS = 1000;
/** Characters of a line read at most: every format here starts at the beginning of the line. */
export const MAX_PROBLEM_SCAN_CHARS = 4000;

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

  /** Reads one plain line (its first MAX_PROBLEM_SCAN_CHARS characters); `logLine` is its absolute number. */
  addLine(logLine: number, text: string): void {
    if (this.problems.length >= MAX_PROBLEMS) return;
    if (text.length > MAX_PROBLEM_SCAN_CHARS) text = text.slice(0, MAX_PROBLEM_SCAN_CHARS);
    // An ESLint finding counts only inside a stylish block: right after its file's header line or
    // after another finding. Any other line ends the block.
    if (this.eslintFile !== undefined) {
      const f = eslintFinding(text);
      if (f) {
        const msg = f.message + (f.rule ? ` (${f.rule})` : '');
        this.add(this.eslintFile, String(f.line), String(f.column), f.severity, msg, 'eslint', logLine);
        return;
      }
      this.eslintFile = undefined;
    }
    if (this.compilerLine(logLine, text)) return;
    let m: RegExpExecArray | null;
    if ((m = RUSTC_HEAD.exec(text))) {
      this.rustc = { severity: m[1] as ProblemSeverity, message: m[3], code: m[2] };
      return;
    }
    const lead = skipBlanks(text, 0);
    if (this.rustc && text.startsWith('--> ', lead)) {
      const at = pathThen(text, lead + 4, LINE_COL);
      if (at) {
        const r = this.rustc;
        const message = r.message + (r.code ? ` (${r.code})` : '');
        this.add(at.path, at.m[1], at.m[2], r.severity, message, 'rustc', logLine);
        this.rustc = undefined;
        return;
      }
    }
    const header = eslintHeader(text);
    if (header !== undefined) {
      this.eslintFile = header;
      return;
    }
    const frame = text.startsWith('File "', lead) ? pathThen(text, lead + 6, PY_TAIL) : undefined;
    if (frame) {
      const file = toWorkspacePath(frame.path, this.sourceDir);
      // The innermost frame in the checkout is where the user wants to go.
      if (file) this.python = { file, line: Number(frame.m[1]) };
      return;
    }
    if (this.python && (m = PY_EXCEPTION.exec(text))) {
      const p = this.python;
      this.add(p.file, String(p.line), '1', 'error', m[2] ? `${m[1]}: ${m[2]}` : m[1], 'python', logLine);
      this.python = undefined;
      return;
    }
    if (JS_ERROR.test(text)) {
      this.jsError = { message: text.trim(), framed: false };
      return;
    }
    if (this.jsError && !this.jsError.framed && lead > 0 && text.startsWith('at ', lead)) {
      const at = jsFrame(text, lead + 3);
      const file = at && toWorkspacePath(at.path, this.sourceDir);
      if (at && file && !file.includes('node_modules/')) {
        this.add(file, at.m[1], at.m[2], 'error', this.jsError.message, 'test', logLine);
        this.jsError.framed = true;
      }
    }
  }

  /** tsc, javac/Maven and gcc-style lines; true when the line was one. */
  private compilerLine(logLine: number, text: string): boolean {
    const lead = skipBlanks(text, 0);
    let at = pathThen(text, lead, TSC_TAIL);
    if (at) {
      const m = at.m;
      this.add(at.path, m[1], m[2], m[3] as ProblemSeverity, `${m[5]} (${m[4]})`, 'tsc', logLine);
      return true;
    }
    const javac = /^\[(ERROR|WARNING)\] /.exec(text);
    if (javac && (at = pathThen(text, javac[0].length, JAVAC_TAIL))) {
      const severity = javac[1] === 'ERROR' ? 'error' : 'warning';
      this.add(at.path, at.m[1], at.m[2], severity, at.m[3], 'javac', logLine);
      return true;
    }
    if ((at = pathThen(text, lead, GCC_TAIL))) {
      const m = at.m;
      const severity =
        m[3] === 'fatal error' ? 'error' : m[3] === 'note' ? 'info' : (m[3] as ProblemSeverity);
      this.add(at.path, m[1], m[2], severity, m[5] + (m[4] ? ` (${m[4]})` : ''), 'gcc', logLine);
      return true;
    }
    return false;
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

/**
 * The location of a Node stack frame whose `at ` ends at `i`: `at fn (path:1:2)` or `at path:1:2`. Only
 * the text after the last `(` and the text right after `at ` are tried, so a line costs one pass.
 */
function jsFrame(text: string, i: number): { path: string; m: RegExpExecArray } | undefined {
  const paren = text.lastIndexOf('(');
  return (
    (paren >= i ? pathThen(text, paren + 1, JS_FRAME_TAIL) : undefined) ?? pathThen(text, i, JS_FRAME_TAIL)
  );
}

/** The problems of a whole plain-text log (tests, and a finished log read in one go). */
export function extractProblems(lines: readonly string[], sourceDir?: string): LogProblem[] {
  const c = new ProblemCollector(sourceDir);
  lines.forEach((l, i) => c.addLine(i, l));
  return c.problems;
}
