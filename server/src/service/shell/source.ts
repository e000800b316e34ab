/**
 * Where each character of a command's value sits in the YAML text. A command reaches the shell after
 * YAML has removed its quotes, decoded its escapes, folded its lines and stripped its indentation; a
 * finding in the script must land on the characters the user wrote.
 */
import type { Scalar } from 'yaml';

export interface ScriptSource {
  /** What the shell runs: the scalar's value. */
  readonly script: string;
  /** `at[i]` is the document offset of `script[i]`; `at[script.length]` is the scalar's end. */
  readonly at: Int32Array;
  /** How many characters of the text `script[i]` was written with (2 for `\t` or `''`). */
  readonly width: Uint8Array;
  /** Whether every character was found in the text (false: offsets past the first miss are approximate). */
  readonly exact: boolean;
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

/**
 * Aligns the value with the scalar's source: every character of the value is a character of the source
 * (or an escape of it, in double quotes), in order; what YAML dropped (quotes, indentation, folded line
 * breaks, header) is skipped over.
 */
export function scriptSource(node: Scalar, text: string): ScriptSource | undefined {
  if (typeof node.value !== 'string' || !node.range) return undefined;
  const script = node.value;
  const [start, end] = node.range;
  const at = new Int32Array(script.length + 1);
  const width = new Uint8Array(script.length).fill(1);
  let j = start;
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    // The header line (`|-`, `>+2 # comment`) holds none of the value.
    const nl = text.indexOf('\n', start);
    j = nl < 0 || nl >= end ? end : nl + 1;
  } else if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') j = start + 1;
  const double = node.type === 'QUOTE_DOUBLE';
  const single = node.type === 'QUOTE_SINGLE';
  let exact = true;
  for (let i = 0; i < script.length; i++) {
    const c = script[i];
    if (!exact) {
      at[i] = Math.min(j, end);
      continue;
    }
    if (double && text[j] === '\\') {
      const decoded = decodeEscape(text, j);
      if (decoded && decoded.value === c) {
        at[i] = j;
        width[i] = decoded.length;
        j += decoded.length;
        continue;
      }
      if (decoded && decoded.value === '') {
        // An escaped line break: the backslash, the break and the next line's indentation are dropped.
        j += decoded.length;
        while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
        i--;
        continue;
      }
    }
    const found = findChar(text, c, j, end);
    if (found < 0) {
      exact = false;
      at[i] = Math.min(j, end);
      continue;
    }
    at[i] = found;
    j = found + 1;
    // A doubled quote in single quotes is one quote in the value.
    if (single && c === "'" && text[j] === "'") {
      j++;
      width[i] = 2;
    }
  }
  at[script.length] = exact
    ? Math.min(Math.max(j, script.length ? at[script.length - 1] + 1 : start), end)
    : end;
  return { script, at, width, exact };
}

/** The next occurrence of `c` at or after `from`; a folded line break is a space or a newline in the value. */
function findChar(text: string, c: string, from: number, end: number): number {
  if (text[from] === c) return from;
  if (c === ' ' || c === '\n') {
    // Folding turns a line break into a space, and n+1 breaks into n newlines: the value's character
    // stands for the next break (or run of whitespace) in the source.
    for (let k = from; k < end; k++) {
      const t = text[k];
      if (t === c || t === '\n') return k;
      if (t !== ' ' && t !== '\t' && t !== '\r') return -1;
    }
    return -1;
  }
  // Skip only what YAML drops: whitespace, line breaks, and a continuation's indentation.
  for (let k = from; k < end; k++) {
    const t = text[k];
    if (t === c) return k;
    if (t !== ' ' && t !== '\t' && t !== '\n' && t !== '\r') return -1;
  }
  return -1;
}

function decodeEscape(text: string, j: number): { value: string; length: number } | undefined {
  const n = text[j + 1];
  if (n === undefined) return undefined;
  if (n === '\n') return { value: '', length: 2 };
  if (n === '\r' && text[j + 2] === '\n') return { value: '', length: 3 };
  if (n in ESCAPES) return { value: ESCAPES[n], length: 2 };
  const width = n === 'x' ? 2 : n === 'u' ? 4 : n === 'U' ? 8 : 0;
  if (!width) return undefined;
  const hex = text.slice(j + 2, j + 2 + width);
  if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) return undefined;
  return { value: String.fromCodePoint(parseInt(hex, 16)), length: 2 + width };
}

/** The document range [start, end) of script characters [from, to). */
export function docSpan(src: ScriptSource, from: number, to: number): [number, number] {
  const a = src.at[Math.max(0, Math.min(from, src.script.length))];
  if (to <= from) return [a, a];
  const last = Math.min(to, src.script.length) - 1;
  return [a, Math.max(a, src.at[last] + src.width[last])];
}
