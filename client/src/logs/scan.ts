// Hand-written scanners for what links.ts and problems.ts look for in a line: `path:line[:col]` and its
// tsc, javac and Python forms, and ESLint's stylish blocks. Regular expressions with a repeated path
// class followed by more of the same (`[\w./]*[\w-]\.[a-z]+:`) backtrack over every start position, so
// a long line of path characters cost time quadratic in its length (a 4,000-character line took a
// second). These read each character a bounded number of times: the line is split into maximal runs of
// path characters, and only the few characters after a run decide whether it is a reference. No `vscode`.

/** `[\w.@~+\-/\\]`: what a path in tool output is made of. */
export function isPathChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x2d && c <= 0x39) || // - . / 0-9
    c === 0x5f ||
    c === 0x40 ||
    c === 0x7e ||
    c === 0x2b ||
    c === 0x5c
  );
}

function isAlnum(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c || c === 0xa0;
}

/** `[\w@/-]`: an ESLint rule id (`no-unused-vars`, `@typescript-eslint/no-explicit-any`). */
function isRuleChar(c: number): boolean {
  return isAlnum(c) || c === 0x5f || c === 0x40 || c === 0x2f || c === 0x2d;
}

/** Line numbers and columns longer than this are not line numbers. */
const MAX_DIGITS = 9;

/** The decimal number at `i` and where it ends; undefined unless 1 to MAX_DIGITS digits are there. */
export function readNumber(text: string, i: number): { value: number; end: number } | undefined {
  let j = i;
  while (j < text.length && j - i <= MAX_DIGITS) {
    const c = text.charCodeAt(j);
    if (c < 0x30 || c > 0x39) break;
    j++;
  }
  if (j === i || j - i > MAX_DIGITS) return undefined;
  return { value: Number(text.slice(i, j)), end: j };
}

/** Whether `text[a..b)` ends the way a file name does: `[\w-]\.[A-Za-z0-9]+`. */
function hasExtension(text: string, a: number, b: number): boolean {
  let k = b - 1;
  while (k > a && isAlnum(text.charCodeAt(k))) k--;
  if (k === b - 1 || k <= a || text.charCodeAt(k) !== 0x2e) return false;
  const c = text.charCodeAt(k - 1);
  return isAlnum(c) || c === 0x5f || c === 0x2d;
}

/**
 * The end of the path that starts at `i` (`file://` allowed in front; `$` allowed in it, as in
 * `$CODEBUILD_SRC_DIR/a.ts`): the longest run of path characters, if it ends in a file extension.
 */
export function pathAt(text: string, i: number): number | undefined {
  let j = text.startsWith('file://', i) ? i + 7 : i;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (!isPathChar(c) && c !== 0x24) break;
    j++;
  }
  return hasExtension(text, i, j) ? j : undefined;
}

/** Where the blanks at `i` end. */
export function skipBlanks(text: string, i: number): number {
  while (isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** A path reference as the tool printed it, before it is mapped to the workspace. */
export interface RawRef {
  /** Offsets of the text to underline. */
  start: number;
  end: number;
  /** The path as printed (with a `file://` or `$CODEBUILD_SRC_DIR/` prefix when it had one). */
  raw: string;
  line: number;
  column?: number;
}

/**
 * Every `path:line[:col]`, `path(line,col)` (tsc), `path:[line,col]` (javac) and `File "path", line N`
 * (Python) in `text`, at most `maxRefs`. Linear in the length of `text`.
 */
export function scanPathRefs(text: string, maxRefs: number): RawRef[] {
  const out: RawRef[] = [];
  const n = text.length;
  let i = 0;
  while (i < n && out.length < maxRefs) {
    if (!isPathChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let b = i + 1;
    while (b < n && isPathChar(text.charCodeAt(b))) b++;
    const ref = refAt(text, i, b);
    if (ref) out.push(ref);
    i = ref ? ref.end : b;
  }
  return out;
}

/** The reference made by the run of path characters `text[a..b)` and what follows it, if any. */
function refAt(text: string, a: number, b: number): RawRef | undefined {
  let start = a;
  // startsWith clamps a negative position to 0, so each look-back checks that there is room for it.
  if (a >= 5 && text.startsWith('//', a) && text.startsWith('file:', a - 5)) start = a - 5;
  else if (a >= 1 && text.startsWith('CODEBUILD_SRC_DIR/', a) && text.charCodeAt(a - 1) === 0x24)
    start = a - 1;
  else if (a >= 20 && text.charCodeAt(a) === 0x2f && text.startsWith('${CODEBUILD_SRC_DIR}', a - 20))
    start = a - 20;
  // The host and path of a URL (`https://host/x.js:10`) are no file of ours.
  else if (text.startsWith('//', a) && text.charCodeAt(a - 1) === 0x3a) return undefined;
  if (!hasExtension(text, a, b)) return undefined;
  const raw = text.slice(start, b);
  const next = text.charCodeAt(b);
  if (next === 0x3a /* : */ && text.charCodeAt(b + 1) === 0x5b /* [ */) {
    // javac / Maven: File.java:[12,5]
    const pair = readPair(text, b + 2, 0x5d);
    return pair && { start, end: pair.end, raw, line: pair.line, column: pair.column };
  }
  if (next === 0x28 /* ( */) {
    // tsc: a.ts(12,5)
    const pair = readPair(text, b + 1, 0x29);
    return pair && { start, end: pair.end, raw, line: pair.line, column: pair.column };
  }
  if (next === 0x22 /* " */) {
    // Python: File "x.py", line 12
    if (start < 6 || !text.startsWith('File "', start - 6) || !text.startsWith('", line ', b))
      return undefined;
    const line = readNumber(text, b + 8);
    return line && { start, end: line.end, raw, line: line.value };
  }
  if (next === 0x3a) {
    // gcc, clang, go, rustc, shellcheck, stack frames: a.c:3 or a.c:3:10
    const line = readNumber(text, b + 1);
    if (!line) return undefined;
    const column = text.charCodeAt(line.end) === 0x3a ? readNumber(text, line.end + 1) : undefined;
    return column
      ? { start, end: column.end, raw, line: line.value, column: column.value }
      : { start, end: line.end, raw, line: line.value };
  }
  return undefined;
}

/** `12,5` then `close`, starting at `i`. */
function readPair(
  text: string,
  i: number,
  close: number,
): { line: number; column: number; end: number } | undefined {
  const line = readNumber(text, i);
  if (!line || text.charCodeAt(line.end) !== 0x2c) return undefined;
  const column = readNumber(text, line.end + 1);
  if (!column || text.charCodeAt(column.end) !== close) return undefined;
  return { line: line.value, column: column.value, end: column.end + 1 };
}

/**
 * The file of an ESLint stylish block: a line that is a path alone, with a directory and an extension
 * (`/codebuild/output/src1/src/app/server.mjs`, `src/a.ts`), trailing blanks allowed; else undefined.
 */
export function eslintHeader(text: string): string | undefined {
  let end = text.length;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  let firstSlash = -1;
  for (let k = 0; k < end; k++) {
    const c = text.charCodeAt(k);
    if (!isPathChar(c) || c === 0x5c) return undefined;
    if (c === 0x2f && firstSlash < 0) firstSlash = k;
    // The first directory is a plain name, `.` or `..` (no `~` or `+`).
    if (firstSlash < 0 && (c === 0x7e || c === 0x2b)) return undefined;
  }
  if (firstSlash < 0) return undefined;
  let k = end - 1;
  while (k > firstSlash && isAlnum(text.charCodeAt(k))) k--;
  if (k === end - 1 || k <= firstSlash || text.charCodeAt(k) !== 0x2e) return undefined;
  return text.slice(0, end);
}

/** One finding of an ESLint stylish block: `  12:9  error  message  rule-id`. */
export interface EslintFinding {
  line: number;
  column: number;
  /** Offsets of `12:9` in the line. */
  start: number;
  end: number;
  severity: 'error' | 'warning';
  message: string;
  rule?: string;
}

/** The finding on a line of an ESLint stylish block, or undefined. */
export function eslintFinding(text: string): EslintFinding | undefined {
  let i = 0;
  while (isSpace(text.charCodeAt(i))) i++;
  if (i === 0) return undefined;
  const line = readNumber(text, i);
  if (!line || text.charCodeAt(line.end) !== 0x3a) return undefined;
  const column = readNumber(text, line.end + 1);
  if (!column) return undefined;
  let j = column.end;
  while (isSpace(text.charCodeAt(j))) j++;
  if (j === column.end) return undefined;
  const severity = text.startsWith('error', j)
    ? 'error'
    : text.startsWith('warning', j)
      ? 'warning'
      : undefined;
  if (!severity) return undefined;
  j += severity.length;
  if (!isSpace(text.charCodeAt(j))) return undefined;
  while (isSpace(text.charCodeAt(j))) j++;
  let end = text.length;
  while (end > j && isSpace(text.charCodeAt(end - 1))) end--;
  // The rule id is the last word when two or more blanks set it apart from the message.
  let r = end;
  while (r > j && isRuleChar(text.charCodeAt(r - 1))) r--;
  let gap = r;
  while (gap > j && isSpace(text.charCodeAt(gap - 1))) gap--;
  const hasRule = r < end && r - gap >= 2 && gap > j;
  const finding: EslintFinding = {
    line: line.value,
    column: column.value,
    start: i,
    end: column.end,
    severity,
    message: text.slice(j, hasRule ? gap : end),
  };
  if (hasRule) finding.rule = text.slice(r, end);
  return finding;
}
