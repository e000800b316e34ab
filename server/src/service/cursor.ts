/**
 * Where the cursor is in a YAML document that is being typed and so often does not parse: the chain of
 * keys above it, read from indentation alone, and whether it stands on a key, a value or a list item.
 */

export interface CursorContext {
  /** Keys from the root down to the mapping or list the cursor is in; list items appear as '[]'. */
  readonly path: readonly string[];
  /** 'key': typing a key; 'value': after `key: `; 'item': after `- ` in a list of scalars. */
  readonly position: 'key' | 'value' | 'item';
  /** For 'value': the key whose value is being typed. */
  readonly key?: string;
  /** The partial word before the cursor, and where it starts. */
  readonly prefix: string;
  readonly prefixStart: number;
  /** Column of the key being typed (for indentation of inserted structure). */
  readonly column: number;
  /** Keys already present in the same mapping. */
  readonly siblings: ReadonlySet<string>;
  /** The line's text (for command completion). */
  readonly lineText: string;
  /** Inside a block scalar (`|` / `>`) under `key`. */
  readonly inBlockScalar: boolean;
}

interface Line {
  readonly text: string;
  readonly start: number;
}

interface Token {
  readonly kind: 'dash' | 'key';
  readonly col: number;
  readonly name?: string;
}

const KEY = /^([^\s#'"{[\]}:,-][^:#]*?|"[^"]*"|'[^']*'|-[^\s:#][^:#]*?)\s*:(\s|$)/;

/** Dashes and the key at the start of a line, e.g. `  - - foo: 1` → dash@2, dash@4, key foo@6. */
/** Keys sit at the start of a line: a longer line is read no further (its rest can be a megabyte). */
const MAX_STRUCTURE_CHARS = 1024;

function tokens(full: string): Token[] {
  const text = full.length > MAX_STRUCTURE_CHARS ? full.slice(0, MAX_STRUCTURE_CHARS) : full;
  const out: Token[] = [];
  let i = 0;
  for (;;) {
    while (text[i] === ' ') i++;
    if (text[i] === '-' && (text[i + 1] === ' ' || i + 1 === text.length)) {
      out.push({ kind: 'dash', col: i });
      i += 1;
      continue;
    }
    break;
  }
  const m = KEY.exec(text.slice(i));
  if (m) out.push({ kind: 'key', col: i, name: m[1].replace(/^["']|["']$/g, '') });
  return out;
}

/** The partial word before the cursor, scanned backwards (a `$`-anchored regex is quadratic on long lines). */
function wordBefore(before: string): string {
  let i = before.length;
  while (i > 0 && /[\w.$/{-]/.test(before[i - 1])) i--;
  return before.slice(i);
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    lines.push({ text: text.slice(start, end).replace(/\r$/, ''), start });
    if (nl < 0) return lines;
    start = nl + 1;
  }
}

const isBlank = (t: string) => /^\s*(#.*)?$/.test(t);
const indentOf = (t: string) => t.length - t.trimStart().length;
const BLOCK_SCALAR = /(:|^\s*-)\s*[|>][-+0-9]*\s*(#.*)?$/;

/** Marks lines inside block scalars, which must never be read as structure. */
function blockScalarLines(lines: readonly Line[], upTo: number): boolean[] {
  const inside = new Array<boolean>(upTo + 1).fill(false);
  let owner = -1; // indentation of the line that opened the block
  for (let i = 0; i <= upTo && i < lines.length; i++) {
    const t = lines[i].text;
    if (owner >= 0) {
      if (isBlank(t) || indentOf(t) > owner) {
        inside[i] = true;
        continue;
      }
      owner = -1;
    }
    if (BLOCK_SCALAR.test(t)) owner = indentOf(t);
  }
  return inside;
}

export function cursorContext(text: string, offset: number): CursorContext {
  const lines = splitLines(text);
  let lineNo = lines.findIndex(
    (l, i) => offset >= l.start && (i + 1 === lines.length || offset < lines[i + 1].start),
  );
  if (lineNo < 0) lineNo = lines.length - 1;
  const line = lines[lineNo];
  const before = line.text.slice(0, offset - line.start);
  const inBlock = blockScalarLines(lines, lineNo);
  const prefix = wordBefore(before);
  const prefixStart = offset - prefix.length;

  // What the cursor line holds before the cursor.
  const own = tokens(before);
  const valueMatch = /^(\s*(?:-\s+)*)([^\s#:][^:#]*?)\s*:\s+(.*)$/.exec(before.slice(0, MAX_STRUCTURE_CHARS));
  let position: CursorContext['position'];
  let key: string | undefined;
  let column: number;
  let chain: Token[];
  // A blank line after a block scalar belongs to the block only when the cursor is indented past its owner.
  const blankOutside =
    inBlock[lineNo] &&
    !line.text.trim() &&
    before.length <= indentOf(lines[findBlockOwner(lines, lineNo)]?.text ?? '');
  if (blankOutside) inBlock[lineNo] = false;
  if (inBlock[lineNo]) {
    // Inside `commands: |` or `- |`: the value of the key that opened the block.
    const ownerLine = findBlockOwner(lines, lineNo);
    chain = ownerLine >= 0 ? tokens(lines[ownerLine].text) : [];
    const k = chain.at(-1);
    const path = ownerLine >= 0 ? parentPath(lines, inBlock, ownerLine, chain) : [];
    return {
      path,
      position: k?.kind === 'key' ? 'value' : 'item',
      ...(k?.kind === 'key' ? { key: k.name! } : {}),
      prefix,
      prefixStart,
      column: indentOf(line.text),
      siblings: new Set(),
      lineText: line.text,
      inBlockScalar: true,
    };
  }
  if (valueMatch) {
    position = 'value';
    key = valueMatch[2].replace(/^["']|["']$/g, '');
    column = valueMatch[1].length;
    chain = [...own.filter((t) => t.kind === 'dash'), { kind: 'key', col: column, name: key }];
  } else {
    const dashes = own.filter((t) => t.kind === 'dash');
    column = before.length - prefix.length;
    position = dashes.length > 0 ? 'item' : 'key';
    chain = [...dashes, { kind: 'key', col: column }];
  }
  const path = parentPath(lines, inBlock, lineNo, chain);
  const siblings =
    position === 'key' || position === 'item'
      ? siblingKeys(
          lines,
          inBlock,
          lineNo,
          column,
          own.some((t) => t.kind === 'dash'),
        )
      : new Set<string>();
  return {
    path,
    position,
    ...(key !== undefined ? { key } : {}),
    prefix,
    prefixStart,
    column,
    siblings,
    lineText: line.text,
    inBlockScalar: false,
  };
}

function findBlockOwner(lines: readonly Line[], lineNo: number): number {
  const inside = blockScalarLines(lines, lineNo);
  for (let i = lineNo; i >= 0; i--) if (!inside[i] && BLOCK_SCALAR.test(lines[i].text)) return i;
  return -1;
}

/**
 * The keys above a line whose own tokens are `chain` (the dashes and key on the line). Each token's
 * parent is the previous token on the same line, or for the first one the nearest line above that is
 * less indented (or, for a dash, a key at the same column: YAML's compact `key:\n- item`).
 */
function parentPath(
  lines: readonly Line[],
  inBlock: readonly boolean[],
  lineNo: number,
  chain: readonly Token[],
): string[] {
  const path: string[] = [];
  // Dashes on the cursor's own line make it a list item of whatever is above.
  const ownDashes = chain.filter((t) => t.kind === 'dash').length;
  let first = chain[0];
  if (!first) return path;
  for (let i = 0; i < ownDashes; i++) path.unshift('[]');
  let i = lineNo - 1;
  let col = first.col;
  let isDash = first.kind === 'dash';
  let guard = 0;
  while (i >= 0 && guard++ < 10000) {
    const t = lines[i].text;
    if (inBlock[i] || isBlank(t)) {
      i--;
      continue;
    }
    const toks = tokens(t);
    if (!toks.length) {
      i--;
      continue;
    }
    // The token on this line that owns us: the last one left of our column (or a key at our column for a dash).
    let owner: Token | undefined;
    for (const tok of toks) {
      if (tok.col < col || (isDash && tok.kind === 'key' && tok.col === col && tok === toks[0])) owner = tok;
    }
    if (!owner) {
      i--;
      continue;
    }
    const idx = toks.indexOf(owner);
    // Walk the owner and the tokens before it on that line.
    for (let j = idx; j >= 0; j--) {
      const tok = toks[j];
      path.unshift(tok.kind === 'key' ? tok.name! : '[]');
    }
    first = toks[0]!;
    col = first.col;
    isDash = first.kind === 'dash';
    if (col === 0 && !isDash) break;
    i--;
  }
  return path;
}

/** Keys at `column` in the mapping the cursor line belongs to (above and below it). */
function siblingKeys(
  lines: readonly Line[],
  inBlock: readonly boolean[],
  lineNo: number,
  column: number,
  /** The cursor line starts a new list item: the keys above belong to the previous item. */
  newItem: boolean,
): Set<string> {
  const out = new Set<string>();
  const scan = (from: number, step: number) => {
    for (let i = from; i >= 0 && i < lines.length; i += step) {
      if (inBlock[i] === true) continue;
      const t = lines[i].text;
      if (isBlank(t)) continue;
      const toks = tokens(t);
      if (!toks.length) {
        if (indentOf(t) < column) return;
        continue;
      }
      const key = toks.find((k) => k.kind === 'key' && k.col === column);
      if (key) {
        out.add(key.name!);
        // A dash before the key starts a new list item: the mapping ends here going up.
        if (step < 0 && toks[0].kind === 'dash') return;
        continue;
      }
      if (toks[0].col < column || (toks[0].kind === 'dash' && toks[0].col <= column)) return;
    }
  };
  if (!newItem) scan(lineNo - 1, -1);
  scan(lineNo + 1, 1);
  return out;
}
