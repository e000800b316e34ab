// `path:line[:col]` in compiler and test output, and where it points in the workspace. CodeBuild checks
// the source out under `/codebuild/output/src<N>/src/<host>/<owner>/<repo>/` (or straight under `src/`
// for S3 and CodePipeline sources), so tools print absolute paths there; we cut everything up to the
// repository root. Formats: tsc, gcc/clang/go/rustc/shellcheck, ESLint's stylish blocks, Node stack
// frames, Python tracebacks, javac/Maven. Stateful only for ESLint (the file is on a header line above
// its findings). No `vscode` here.

export interface PathRef {
  /** Offsets in the plain line of the text to underline. */
  start: number;
  end: number;
  /** Workspace-relative path with `/` separators. */
  path: string;
  /** 1-based, as tools print them. */
  line: number;
  column?: number;
}

/** The source directory of CodeBuild checkouts: `/codebuild/output/src123/src`. */
const CODEBUILD_SRC = /^\/codebuild\/output\/src\d+\/src(?:\/|$)/;
/** Hosts that put `<owner>/<repo>` (two segments) under the source dir. */
const TWO_SEGMENT_HOSTS = /^(?:github\.com|bitbucket\.org|gitlab\.com|[^/]*github[^/]*|[^/]*\.[a-z]{2,})$/;

/**
 * A tool's path as a workspace-relative one, or undefined when it lies outside the checkout (a system
 * file, `node:internal`, a dependency's absolute path we cannot place).
 */
export function toWorkspacePath(raw: string, sourceDir?: string): string | undefined {
  let p = raw.trim().replace(/^file:\/\//, '');
  if (p === '' || p.startsWith('node:') || p.startsWith('internal/')) return undefined;
  p = p.replace(/\\/g, '/');
  if (p.startsWith('$CODEBUILD_SRC_DIR/') || p.startsWith('${CODEBUILD_SRC_DIR}/')) {
    return clean(p.slice(p.indexOf('/') + 1));
  }
  if (sourceDir && (p === sourceDir || p.startsWith(`${sourceDir}/`)))
    return clean(p.slice(sourceDir.length + 1));
  const m = CODEBUILD_SRC.exec(p);
  if (m) {
    const rest = p.slice(m[0].length).split('/');
    // A CodeCommit checkout: <host>/v1/repos/<name>/…
    if (/^git-codecommit\./.test(rest[0] ?? '') && rest[1] === 'v1' && rest[2] === 'repos') {
      return clean(rest.slice(4).join('/'));
    }
    if (rest.length > 3 && TWO_SEGMENT_HOSTS.test(rest[0])) return clean(rest.slice(3).join('/'));
    return clean(rest.join('/'));
  }
  if (p.startsWith('/')) return undefined;
  return clean(p);
}

function clean(p: string): string | undefined {
  const parts: string[] = [];
  for (const s of p.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') return undefined;
    parts.push(s);
  }
  return parts.length ? parts.join('/') : undefined;
}

/** What an ESLint stylish block is about: its file header, carried to the finding lines below it. */
export interface LinkState {
  eslintFile?: { raw: string; path?: string };
}

const PATH = String.raw`(?:file:\/\/)?(?:\$\{?CODEBUILD_SRC_DIR\}?\/)?[\w.@~+\-\/\\]*[\w\-]\.[A-Za-z0-9]+`;
interface Pattern {
  re: RegExp;
  path: number;
  line: number;
  column?: number;
}
/** Most specific first; each finds at most one reference per match. */
const PATTERNS: Pattern[] = [
  // javac / Maven: [ERROR] /path/File.java:[12,5] message
  { re: new RegExp(String.raw`(${PATH}):\[(\d+),(\d+)\]`, 'g'), path: 1, line: 2, column: 3 },
  // tsc: src/a.ts(12,5): error TS2322
  { re: new RegExp(String.raw`(${PATH})\((\d+),(\d+)\)`, 'g'), path: 1, line: 2, column: 3 },
  // Python: File "/x/y.py", line 12
  { re: new RegExp(String.raw`File "(${PATH})", line (\d+)`, 'g'), path: 1, line: 2 },
  // gcc, clang, go, rustc (--> a.rs:1:2), stack frames (at f (a.js:1:2)), and plain path:line
  { re: new RegExp(String.raw`(${PATH}):(\d+)(?::(\d+))?`, 'g'), path: 1, line: 2, column: 3 },
];

const ESLINT_HEADER = /^((?:\/|\.{0,2}\/?[\w@.-]+\/)[\w.@~+\-/]*\.[A-Za-z0-9]+)\s*$/;
const ESLINT_FINDING = /^(\s+)(\d+):(\d+)(\s+)(error|warning)\s/;

/** The path references of one plain line. */
export function findPathRefs(text: string, state: LinkState = {}, sourceDir?: string): PathRef[] {
  const header = ESLINT_HEADER.exec(text);
  if (header && !/:\d/.test(text)) {
    state.eslintFile = { raw: header[1], path: toWorkspacePath(header[1], sourceDir) };
    return state.eslintFile.path === undefined
      ? []
      : [{ start: 0, end: header[1].length, path: state.eslintFile.path, line: 1 }];
  }
  const finding = ESLINT_FINDING.exec(text);
  if (finding && state.eslintFile) {
    const file = state.eslintFile.path;
    if (file === undefined) return [];
    const start = finding[1].length;
    const end = start + finding[2].length + 1 + finding[3].length;
    return [{ start, end, path: file, line: Number(finding[2]), column: Number(finding[3]) }];
  }
  if (text.trim() === '') state.eslintFile = undefined;

  const refs: PathRef[] = [];
  const taken: [number, number][] = [];
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
      const start = m.index + (p.path === 1 && m[0].startsWith('File "') ? 6 : 0);
      const end = m.index + m[0].length;
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      const raw = m[p.path];
      // A URL (http://host:8080/x) or a time (10:20:30) is not a file reference.
      if (/^[a-z]+:\/\//i.test(raw) && !raw.startsWith('file://')) continue;
      if (text.slice(Math.max(0, m.index - 3), m.index) === '://') continue;
      const path = toWorkspacePath(raw, sourceDir);
      if (path === undefined || !/[/.]/.test(path) || /^\d/.test(path)) continue;
      const line = Number(m[p.line]);
      if (!(line > 0)) continue;
      const column = p.column !== undefined && m[p.column] !== undefined ? Number(m[p.column]) : undefined;
      refs.push({ start, end, path, line, column });
      taken.push([start, end]);
    }
  }
  return refs.sort((a, b) => a.start - b.start);
}
