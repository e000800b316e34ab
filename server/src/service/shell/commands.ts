/**
 * The commands of a buildspec as shell: every scalar the model calls a command, with the map from its
 * script back to the YAML text and its parse, and the shell that runs them.
 */
import type { Scalar } from 'yaml';
import type { ParsedDocument } from '../document';
import { visitRoles } from '../locate';
import { cachedParse, parseShell, type ShellParse } from './parser';
import { scriptSource, type ScriptSource } from './source';

/** `posix`: bash or sh on Linux, parsed; `windows`: PowerShell or cmd, only text checks are safe. */
export type ShellFamily = 'posix' | 'windows';

export interface ShellCommand {
  readonly node: Scalar;
  readonly source: ScriptSource;
  readonly parse: ShellParse;
}

export interface ShellCommands {
  readonly family: ShellFamily;
  readonly commands: readonly ShellCommand[];
  /** Plain-text environment variables: name and value node. */
  readonly envValues: readonly { readonly name: string; readonly value: string; readonly node: Scalar }[];
  /** Commands not parsed yet (a large file, past this validation's budget): checked on a later one. */
  readonly pending: number;
}

/** Command text beyond which parsing is spread over validations (the corpus's largest file has 10,157). */
const LARGE_COMMAND_TEXT = 20_000;
/** Parsing time one validation may spend on commands not parsed before. */
const PARSE_BUDGET_MS = 60;

const WINDOWS_SHELL = /^(powershell|pwsh|cmd)(\.exe)?$/i;
const POSIX_SHELL = /^(\/bin\/|\/usr\/bin\/)?(bash|sh|dash|zsh)$/;
/**
 * Marks of PowerShell or cmd in a command, for files that do not name their shell (Windows images run
 * PowerShell by default): `$env:X`, `[Type]::Member`, Verb-Noun cmdlets, `%VAR%`, `.exe` calls, drive
 * letters and a word ending in a backslash (`dir out\`), none of which a Linux script writes.
 */
const WINDOWS_MARKS = [
  /\$env:\w/i,
  /\]::\w/,
  /\b(Get|Set|New|Remove|Copy|Move|Join|Test|Invoke|Write|Start|Stop|Add|Select|Where|ForEach|Import|Export|Expand|Out)-[A-Z][A-Za-z]+\b/,
  /%[A-Z_][A-Z0-9_]{2,}%/,
  /\b\w+\.(exe|ps1|bat)\b/i,
  /(^|\s)[A-Za-z]:\\/,
  /\w\\[ \t]*$/,
];

/** The commands and the shell family of a parsed buildspec (nothing for other files). */
export function shellCommandsOf(doc: ParsedDocument): ShellCommands {
  const nodes: Scalar[] = [];
  const envValues: { name: string; value: string; node: Scalar }[] = [];
  let shell: string | undefined;
  if (doc.kind.type !== 'buildspec') return { family: 'posix', commands: [], envValues, pending: 0 };
  visitRoles(doc, (node, spec, path) => {
    if (spec.role === 'command') nodes.push(node);
    else if (spec.role === 'shell' && typeof node.value === 'string') shell = node.value.trim();
    else if (spec.role === 'envValue') {
      const v = node.value;
      const value =
        typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
      envValues.push({ name: path[path.length - 1] ?? '', value, node });
    }
  });
  const family = familyOf(shell, nodes);
  const sources = nodes.flatMap((node) => {
    const source = scriptSource(node, doc.treeText);
    return source ? [{ node, source }] : [];
  });
  const total = sources.reduce((n, s) => n + s.source.script.length, 0);
  // A large file's first parse would hold its first diagnostics for seconds: its commands are parsed a
  // budget at a time, one budget per validation, and the rest wait (unchecked) for the next one.
  const deadline = total > LARGE_COMMAND_TEXT ? performance.now() + PARSE_BUDGET_MS : Infinity;
  let pending = 0;
  const commands = sources.map(({ node, source }): ShellCommand => {
    if (family !== 'posix') return { node, source, parse: { ok: false } };
    const parse =
      cachedParse(source.script) ?? (performance.now() < deadline ? parseShell(source.script) : undefined);
    if (!parse) pending++;
    return { node, source, parse: parse ?? { ok: false } };
  });
  return { family, commands, envValues, pending };
}

function familyOf(shell: string | undefined, nodes: readonly Scalar[]): ShellFamily {
  if (shell && WINDOWS_SHELL.test(shell)) return 'windows';
  if (shell && POSIX_SHELL.test(shell)) return 'posix';
  const windows = (v: unknown) => typeof v === 'string' && WINDOWS_MARKS.some((m) => m.test(v));
  return nodes.some((n) => windows(n.value)) ? 'windows' : 'posix';
}
