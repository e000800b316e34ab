/**
 * What the per-command shell analysis (shellAnalysis.ts) hands the checks that span commands: findings
 * with offsets relative to their command, and the facts each check learns from one command. Kept apart
 * from the checks so that they and the analysis that calls them do not import each other.
 */
import type { Scalar } from 'yaml';
import type { RuleCode } from '../rules';
import type { ShellParse } from '../shell/parser';
import type { ScriptSource } from '../shell/source';

/** A fix's edit, as offsets relative to the command's start. */
export interface RelFix {
  readonly title: string;
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** A finding in one command, as offsets relative to the command's start (its scalar's first character). */
export interface RelFinding {
  readonly code: RuleCode;
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly fixes?: readonly RelFix[];
}

export interface CommandAnalysis {
  /** Whether the command was parsed without error (the cross-command variable checks need every one). */
  readonly parsed: boolean;
  readonly syntax: readonly RelFinding[];
  readonly security: readonly SecurityEvent[];
  readonly credentials: readonly RelFinding[];
  readonly variables: VariableFacts;
}

export interface AnalysedCommand {
  readonly node: Scalar;
  /** The document offset the analysis's relative offsets start from. */
  readonly start: number;
  readonly analysis: CommandAnalysis;
}

/** What one analysis sees of its command: the parse and the map from script to (relative) text. */
export interface CommandInput {
  readonly node: Scalar;
  readonly source: ScriptSource;
  readonly parse: ShellParse;
}

/**
 * What one command contributes to the security checks, in source order: findings that hold whatever the
 * other commands do, and the facts a check across commands decides on (a variable given a value from
 * another, a variable run as code, `set -x`, a variable printed).
 */
export type SecurityEvent =
  | { readonly kind: 'finding'; readonly finding: RelFinding }
  /** `name=…$from…`: name is tainted when one of `from` is. */
  | { readonly kind: 'assign'; readonly name: string; readonly from: readonly string[] }
  /** `$name` where the shell runs it as code; `where` completes the message. */
  | {
      readonly kind: 'sink';
      readonly name: string;
      readonly where: string;
      readonly start: number;
      readonly end: number;
    }
  /** `set -x`: reported (once a file) when the file has secrets. */
  | { readonly kind: 'xtrace'; readonly finding: RelFinding }
  /** `echo $name`: reported when `name` holds a secret. */
  | { readonly kind: 'echo'; readonly name: string; readonly finding: RelFinding };

/** What one command tells the checks across commands about variables. */
export interface VariableFacts {
  /** Names it gives a value: assignments, `for NAME`, `read NAME`, `export NAME` and kin. */
  readonly defined: readonly string[];
  /** It runs `source`, `.`, `eval` or a computed command: it may define anything. */
  readonly opaque: boolean;
  /** `$NAME` uses worth a hint if nothing defines NAME (offsets relative to the command's start). */
  readonly uses: readonly { readonly name: string; readonly start: number; readonly end: number }[];
  /** It sets or expands a variable whose name says it holds a secret. */
  readonly secretNamed: boolean;
}
