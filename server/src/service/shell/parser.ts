/**
 * Parses shell commands with mvdan/sh (its JavaScript build, `mvdan-sh`): synchronous, the reference
 * parser behind shfmt, with bash's grammar and exact error positions. See docs/shell-parser.md for the
 * choice. Trees are not kept: validate/shellAnalysis.ts keeps what the checks learn from each command.
 */
import type { Parser } from 'mvdan-sh';
import { charOffset, toScript, type Script } from './ast';

export interface ShellSyntaxError {
  /** Offset in the script (UTF-16 code units, as JavaScript strings count). */
  readonly offset: number;
  readonly message: string;
}

export type ShellParse =
  | { readonly ok: true; readonly tree: Script }
  | { readonly ok: false; readonly error: ShellSyntaxError }
  /** Not parsed: too long to parse within the keystroke budget, or the parser failed. */
  | { readonly ok: false; readonly error?: undefined };

/**
 * About 10 ms per KB on a quiet machine, several times that on a busy one: a longer script would hold up
 * diagnostics after every keystroke inside it.
 */
export const MAX_SCRIPT_LENGTH = 4_000;

type Syntax = (typeof import('mvdan-sh'))['syntax'];
let loaded: { syntax: Syntax; parser: Parser } | undefined;

/**
 * Loads the parser when the event loop is next free, so the first buildspec's diagnostics need not wait
 * for it. The language server asks for this once it has answered `initialize` (loading at import
 * delayed that answer by the module's start-up); `unref` keeps a short-lived process from waiting.
 */
export function preloadShellParser(): void {
  setTimeout(() => {
    try {
      load();
    } catch {
      // Reported where it matters: parseShell treats a parser that cannot load as no parse.
    }
  }, 0).unref?.();
}

function load(): { syntax: Syntax; parser: Parser } {
  if (!loaded) {
    // The module takes 0.2 to 0.5 s to initialise on a quiet machine, seconds on a busy one.
    // Its runtime sets Error.stackTraceLimit to Infinity for the whole process, which makes every Error
    // (the YAML parser makes one per problem) capture its full stack: seconds on a file with many
    // problems. The process keeps its own limit.
    const limit = Error.stackTraceLimit;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { syntax } = require('mvdan-sh') as typeof import('mvdan-sh');
      loaded = { syntax, parser: syntax.NewParser() };
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
  return loaded;
}

/** The script parsed as bash (a superset of what sh accepts, so no construct sh runs is an error). */
export function parseShell(script: string): ShellParse {
  if (script.length > MAX_SCRIPT_LENGTH) return { ok: false };
  try {
    const { parser } = load();
    return { ok: true, tree: toScript(parser.Parse(script, ''), script) };
  } catch (e) {
    const err = e as { Pos?: { Offset(): number }; Text?: unknown };
    if (!err?.Pos || typeof err.Text !== 'string') return { ok: false };
    return { ok: false, error: { offset: charOffset(script, err.Pos.Offset()), message: err.Text } };
  }
}
