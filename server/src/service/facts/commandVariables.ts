/**
 * The variables a buildspec's commands define (`export NAME=…`, `NAME=$(…)`, `read NAME`, `for NAME in`),
 * for completion and hover. They come from the per-command shell analysis the checks keep, so asking
 * costs a walk over cached records, not a parse.
 */
import type { ParsedDocument } from '../document';
import { markdownCode } from '../markdown';
import { shellCommandsOf } from '../shell/commands';
import { analyseCommands } from '../validate/shellAnalysis';

/** How much of the defining command a hover shows: its first line, cut short. */
const SHOWN_CHARS = 80;

/** Whether `line` has `name` as a whole word (the analysis only keeps names, not where they are set). */
function namesWord(line: string, name: string): boolean {
  for (let i = line.indexOf(name); i >= 0; i = line.indexOf(name, i + 1)) {
    const before = line[i - 1];
    const after = line[i + name.length];
    if (!/\w/.test(before ?? '') && !/\w/.test(after ?? '')) return true;
  }
  return false;
}

/** Each variable a command defines, with the first command that does, in Markdown. */
export function commandVariables(doc: ParsedDocument): Map<string, string> {
  const out = new Map<string, string>();
  if (doc.kind.type !== 'buildspec') return out;
  const shell = shellCommandsOf(doc);
  if (shell.family !== 'posix') return out;
  for (const { node, analysis } of analyseCommands(doc, shell)) {
    for (const name of analysis.variables.defined) {
      if (out.has(name)) continue;
      // In a script of several lines, the line that names the variable (set -e may open the script).
      const lines = String(node.value).trim().split('\n');
      const line = (lines.find((l) => namesWord(l, name)) ?? lines[0]).trim();
      const shown = line.length > SHOWN_CHARS ? `${line.slice(0, SHOWN_CHARS)}…` : line;
      // The command is the document's own text: a code span that no backtick in it can end.
      out.set(name, `Set by a command: ${markdownCode(shown)}`);
    }
  }
  return out;
}
