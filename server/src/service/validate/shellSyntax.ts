/** Shell syntax errors in commands: bash cannot run the command, so the build fails. */
import type { Reporter } from '../findings';
import type { ShellCommands } from '../shell/commands';
import { docSpan } from '../shell/source';

/**
 * Messages mvdan/sh raises at parse time that bash only meets when it expands the word (`${{x}}` is
 * "bad substitution" at run time, and only if that line runs): not a syntax error of the command.
 */
const RUNTIME_IN_BASH = [/invalid parameter name/, /is a bash\/mksh feature/, /^not a valid/];

export function checkShellSyntax(r: Reporter, shell: ShellCommands): void {
  for (const c of shell.commands) {
    if (c.parse.ok || !c.parse.error) continue;
    const { offset, message } = c.parse.error;
    if (RUNTIME_IN_BASH.some((m) => m.test(message))) continue;
    const script = c.source.script;
    // The construct the parser points at: a quote, or the keyword or word that starts there.
    const token = /^<<-?\s*['"]?\w+['"]?|^["'`]|^[^\s;&|()<>]+|^[^\s]/.exec(script.slice(offset))?.[0] ?? '';
    const [start, end] = docSpan(c.source, offset, offset + Math.max(token.length, 0));
    r.reportAt('shell-syntax', `Shell syntax error in the command: ${message}`, r.range(start, end));
  }
}
