/** Shell syntax errors in commands: bash cannot run the command, so the build fails. */
import type { Reporter } from '../findings';
import { MAX_SHELL_DEPTH } from '../shell/depth';
import { docSpan } from '../shell/source';
import type { AnalysedCommand, CommandInput, RelFinding } from './shellFacts';
import { reportRelative } from './shellReport';

/**
 * Messages mvdan/sh raises at parse time that bash only meets when it expands the word (`${{x}}` is
 * "bad substitution" at run time, and only if that line runs): not a syntax error of the command.
 */
const RUNTIME_IN_BASH = [/invalid parameter name/, /is a bash\/mksh feature/, /^not a valid/];

/** The command's syntax error, if bash would stop on it; or that it nests too deeply to tell. */
export function syntaxFindingsOf(c: CommandInput): RelFinding[] {
  if (c.parse.ok) return [];
  if (c.parse.tooDeep) return [tooDeep(c, c.parse.tooDeep.at, c.parse.tooDeep.length)];
  if (!c.parse.error) return [];
  const { offset, message } = c.parse.error;
  if (RUNTIME_IN_BASH.some((m) => m.test(message))) return [];
  const script = c.source.script;
  // The construct the parser points at: a quote, or the keyword or word that starts there.
  const token = /^<<-?\s*['"]?\w+['"]?|^["'`]|^[^\s;&|()<>]+|^[^\s]/.exec(script.slice(offset))?.[0] ?? '';
  const [start, end] = docSpan(c.source, offset, offset + token.length);
  return [{ code: 'shell-syntax', message: `Shell syntax error in the command: ${message}`, start, end }];
}

/**
 * Said rather than left silent: an unparsed command gets no syntax error even when broken, and none of the
 * shell rules, and the user would otherwise take that silence for a clean bill.
 */
function tooDeep(c: CommandInput, at: number, length: number): RelFinding {
  // The opener past the bound; when the parser itself overflowed, the command's first word.
  const span = length > 0 ? length : (/^\s*\S+/.exec(c.source.script)?.[0].length ?? 0);
  const [start, end] = docSpan(c.source, at, at + span);
  return {
    code: 'shell-too-deep',
    message: `Shell checks skipped for this command: it nests more than ${MAX_SHELL_DEPTH} levels deep (brackets, substitutions, if/for/while/case), too deep to parse safely`,
    start,
    end,
  };
}

export function checkShellSyntax(r: Reporter, commands: readonly AnalysedCommand[]): void {
  for (const c of commands) for (const f of c.analysis.syntax) reportRelative(r, c.start, f);
}
