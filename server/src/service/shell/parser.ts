/**
 * Parses shell commands with mvdan/sh (its JavaScript build, `mvdan-sh`): synchronous, the reference
 * parser behind shfmt, with bash's grammar and exact error positions. See docs/shell-parser.md for the
 * choice. Trees are not kept: validate/shellAnalysis.ts keeps what the checks learn from each command.
 */
import type { Parser } from 'mvdan-sh';
import { charOffset, toScript, type Script } from './ast';
import { shellDepth } from './depth';

export interface ShellSyntaxError {
  /** Offset in the script (UTF-16 code units, as JavaScript strings count). */
  readonly offset: number;
  readonly message: string;
}

export type ShellParse =
  | { readonly ok: true; readonly tree: Script }
  | { readonly ok: false; readonly error: ShellSyntaxError; readonly tooDeep?: undefined }
  /** Not parsed: nested deeper than the parser's stack allows; `at` and `length` mark the opener. */
  | { readonly ok: false; readonly error?: undefined; readonly tooDeep: TooDeep }
  /** Not parsed: too long to parse within the keystroke budget, or the parser failed. */
  | { readonly ok: false; readonly error?: undefined; readonly tooDeep?: undefined };

export interface TooDeep {
  /** Offset in the script of the opener that went past the bound (0 when the parser overflowed). */
  readonly at: number;
  readonly length: number;
}

/**
 * About 10 ms per KB on a quiet machine, several times that on a busy one: a longer script would hold up
 * diagnostics after every keystroke inside it.
 */
export const MAX_SCRIPT_LENGTH = 4_000;

type Syntax = (typeof import('mvdan-sh'))['syntax'];
let loaded: { syntax: Syntax; parser: Parser; pristine: Parser } | undefined;

/**
 * Fields of mvdan/sh's Go `Parser` that outlive a parse: the last tree (`f`), its source, the here-documents
 * and the node batches. The parser hands out nodes from 64-node batches, so one batch holds nodes of
 * several trees, and every tree holds its batch: the batch the parser keeps chained every tree ever parsed
 * to the next (about 10 KB a command, 60 MB after 5,000 parses of a 100-character command). Setting them
 * back to a fresh parser's values after each parse cuts the chain; the next parse starts new batches.
 */
const HELD = [
  'f',
  'src',
  'heredocs',
  'litBatch',
  'wordBatch',
  'wpsBatch',
  'stmtBatch',
  'stListBatch',
  'callBatch',
];

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

function load(): NonNullable<typeof loaded> {
  if (!loaded) {
    // The module takes 0.2 to 0.5 s to initialise on a quiet machine, seconds on a busy one.
    // Its runtime sets Error.stackTraceLimit to Infinity for the whole process, which makes every Error
    // (the YAML parser makes one per problem) capture its full stack: seconds on a file with many
    // problems. The process keeps its own limit.
    const limit = Error.stackTraceLimit;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { syntax } = require('mvdan-sh') as typeof import('mvdan-sh');
      loaded = { syntax, parser: syntax.NewParser(), pristine: syntax.NewParser() };
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
  return loaded;
}

/** The script parsed as bash (a superset of what sh accepts, so no construct sh runs is an error). */
export function parseShell(script: string): ShellParse {
  if (script.length > MAX_SCRIPT_LENGTH) return { ok: false };
  const depth = shellDepth(script);
  if (depth.at >= 0) return { ok: false, tooDeep: { at: depth.at, length: depth.length } };
  let parser: Parser | undefined;
  try {
    parser = load().parser;
    return { ok: true, tree: toScript(parser.Parse(script, ''), script) };
  } catch (e) {
    // A nesting the count did not foresee (its bound is set for the constructs that overflow first).
    if (e instanceof RangeError) return { ok: false, tooDeep: { at: 0, length: 0 } };
    const err = e as { Pos?: { Offset(): number }; Text?: unknown };
    if (!err?.Pos || typeof err.Text !== 'string') return { ok: false };
    return { ok: false, error: { offset: charOffset(script, err.Pos.Offset()), message: err.Text } };
  } finally {
    if (parser) release(parser);
  }
}

/** The Go struct behind the JavaScript wrapper of a parser (see goTree.ts for GopherJS's layout). */
function goParser(parser: Parser): Record<string, unknown> | undefined {
  const inner = (parser as unknown as { __internal_object__?: { Parser?: unknown } }).__internal_object__;
  const go = inner?.Parser;
  return go && typeof go === 'object' ? (go as Record<string, unknown>) : undefined;
}

/** Lets go of what the last parse left in the parser (HELD); a parser of another layout is replaced. */
function release(parser: Parser): void {
  if (!loaded) return;
  const go = goParser(parser);
  const clean = goParser(loaded.pristine);
  if (go && clean && HELD.every((k) => k in go && k in clean)) {
    for (const k of HELD) go[k] = clean[k];
  } else {
    loaded.parser = loaded.syntax.NewParser();
  }
}
