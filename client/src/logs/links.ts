// `path:line[:col]` in compiler and test output, and where it points in the workspace. CodeBuild checks
// the source out under `/codebuild/output/src<N>/src/<host>/<owner>/<repo>/` (or straight under `src/`
// for S3 and CodePipeline sources), so tools print absolute paths there; we cut everything up to the
// repository root. Formats: tsc, gcc/clang/go/rustc/shellcheck, ESLint's stylish blocks, Node stack
// frames, Python tracebacks, javac/Maven. Stateful only for ESLint (the file is on a header line above
// its findings). Bounded per line: see findPathRefs and scan.ts. No `vscode` here.
import { eslintFinding, eslintHeader, scanPathRefs } from './scan';

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

/** Characters of a line scanned for references: tool output puts them near the start of a line. */
export const MAX_LINK_SCAN_CHARS = 4000;
/** References taken from one line at most. */
export const MAX_REFS_PER_LINE = 50;

/**
 * The path references of one plain line. Linear in the line's length, and only its first
 * MAX_LINK_SCAN_CHARS characters are read. An ESLint finding (`  12:9  error …`) links only right after
 * its file's header line or another finding of the same block.
 */
export function findPathRefs(text: string, state: LinkState = {}, sourceDir?: string): PathRef[] {
  if (text.length > MAX_LINK_SCAN_CHARS) text = text.slice(0, MAX_LINK_SCAN_CHARS);
  if (state.eslintFile) {
    const finding = eslintFinding(text);
    if (finding) {
      const file = state.eslintFile.path;
      return file === undefined
        ? []
        : [
            {
              start: finding.start,
              end: finding.end,
              path: file,
              line: finding.line,
              column: finding.column,
            },
          ];
    }
    state.eslintFile = undefined;
  }
  const header = eslintHeader(text);
  if (header !== undefined) {
    state.eslintFile = { raw: header, path: toWorkspacePath(header, sourceDir) };
    return state.eslintFile.path === undefined
      ? []
      : [{ start: 0, end: header.length, path: state.eslintFile.path, line: 1 }];
  }
  const refs: PathRef[] = [];
  for (const r of scanPathRefs(text, MAX_REFS_PER_LINE)) {
    const path = toWorkspacePath(r.raw, sourceDir);
    if (path === undefined || !/[/.]/.test(path) || /^\d/.test(path)) continue;
    if (!(r.line > 0)) continue;
    refs.push({ start: r.start, end: r.end, path, line: r.line, column: r.column });
  }
  return refs;
}
