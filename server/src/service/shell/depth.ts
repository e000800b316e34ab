/**
 * How deeply a script nests, counted before it is parsed. mvdan/sh parses by recursive descent, so a script
 * nested deeply enough overflows JavaScript's stack: at about 130 levels of `(` or `$((`, 430 of `$(`,
 * 600 to 750 of `{`, `${`, `case`, `if` or `while` on a fresh process, fewer where the caller's stack is
 * already deep. Where it overflows depends on that stack and on what the JIT has compiled, so the same
 * command could be checked on one keystroke and not on the next. Counting first makes the bound a property
 * of the text.
 */

/** Levels a script may nest and still be parsed: below every overflow measured, with room for the caller. */
export const MAX_SHELL_DEPTH = 100;

/** Words that open and close a compound command. */
const OPENERS = new Set(['if', 'for', 'while', 'until', 'case', 'select']);
const CLOSERS = new Set(['fi', 'done', 'esac']);

/** Characters after which a word is in command position (where a keyword is a keyword). */
const BEFORE_WORD = new Set([' ', '\t', '\n', ';', '&', '|', '(', '{', '!']);

export interface Depth {
  /** The deepest nesting, counted up to MAX_SHELL_DEPTH + 1. */
  readonly depth: number;
  /** Where the nesting first went past MAX_SHELL_DEPTH, or -1. */
  readonly at: number;
  /** The length of the opener found there. */
  readonly length: number;
}

/**
 * The script's deepest nesting of brackets (`(`, `$(`, `$((`, `{`, `${`) and compound commands (`if`,
 * `for`, `while`, `until`, `case`, `select`), without parsing. Single-quoted text and comments do not
 * count; anything else that opens counts, so the figure is at least what the parser would recurse into
 * for the constructs that overflow first. Stops at the first level past MAX_SHELL_DEPTH.
 */
export function shellDepth(script: string): Depth {
  let depth = 0;
  let max = 0;
  const open = (at: number, length: number): Depth | undefined => {
    depth++;
    if (depth > max) max = depth;
    return depth > MAX_SHELL_DEPTH ? { depth, at, length } : undefined;
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i];
    if (c === '\\') {
      i++;
    } else if (c === "'") {
      const end = script.indexOf("'", i + 1);
      if (end < 0) break;
      i = end;
    } else if (c === '#' && (i === 0 || BEFORE_WORD.has(script[i - 1]))) {
      const end = script.indexOf('\n', i);
      if (end < 0) break;
      i = end;
    } else if (c === '(' || c === '{') {
      const over = open(i, 1);
      if (over) return over;
    } else if (c === ')' || c === '}') {
      if (depth > 0) depth--;
    } else if (isLower(c) && (i === 0 || BEFORE_WORD.has(script[i - 1]))) {
      let end = i + 1;
      while (end < script.length && isLower(script[end])) end++;
      const word = script.slice(i, end);
      if (OPENERS.has(word)) {
        const over = open(i, word.length);
        if (over) return over;
      } else if (CLOSERS.has(word) && depth > 0) depth--;
      i = end - 1;
    }
  }
  return { depth: max, at: -1, length: 0 };
}

function isLower(c: string): boolean {
  return c >= 'a' && c <= 'z';
}
