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

/** Each variable a command defines, with the first command that does, in Markdown. */
export function commandVariables(doc: ParsedDocument): Map<string, string> {
  const out = new Map<string, string>();
  if (doc.kind.type !== 'buildspec') return out;
  const shell = shellCommandsOf(doc);
  if (shell.family !== 'posix') return out;
  for (const { node, analysis } of analyseCommands(doc, shell)) {
    for (const name of analysis.variables.defined) {
      if (out.has(name)) continue;
      const first = String(node.value).trim().split('\n')[0];
      const shown = first.length > SHOWN_CHARS ? `${first.slice(0, SHOWN_CHARS)}…` : first;
      // The command is the document's own text: a code span that no backtick in it can end.
      out.set(name, `Set by a command: ${markdownCode(shown)}`);
    }
  }
  return out;
}
