/**
 * The commands of a buildspec as shell: every scalar the model calls a command, and the shell that runs
 * them. Their analysis (parse, findings) is in validate/shellAnalysis.ts, cached per command.
 */
import { isScalar, type Scalar } from 'yaml';
import type { ParsedDocument } from '../document';
import { documentRoles } from '../facts/roles';

/** `posix`: bash or sh on Linux, parsed; `windows`: PowerShell or cmd, only text checks are safe. */
export type ShellFamily = 'posix' | 'windows';

export interface ShellCommands {
  readonly family: ShellFamily;
  /** The command scalars, in document order. */
  readonly nodes: readonly Scalar[];
  /** Plain-text environment variables: name and value node. */
  readonly envValues: readonly { readonly name: string; readonly value: string; readonly node: Scalar }[];
}

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
  if (doc.kind.type !== 'buildspec') return { family: 'posix', nodes, envValues };
  const roles = documentRoles(doc);
  for (const { node } of roles.all('command')) if (isScalar(node)) nodes.push(node);
  for (const { node } of roles.all('shell'))
    if (isScalar(node) && typeof node.value === 'string') shell = node.value.trim();
  for (const { node, path } of roles.all('envValue')) {
    if (!isScalar(node)) continue;
    const v = node.value;
    const value =
      typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
    envValues.push({ name: path[path.length - 1] ?? '', value, node });
  }
  return { family: familyOf(shell, nodes), nodes, envValues };
}

function familyOf(shell: string | undefined, nodes: readonly Scalar[]): ShellFamily {
  if (shell && WINDOWS_SHELL.test(shell)) return 'windows';
  if (shell && POSIX_SHELL.test(shell)) return 'posix';
  const windows = (v: unknown) => typeof v === 'string' && WINDOWS_MARKS.some((m) => m.test(v));
  return nodes.some((n) => windows(n.value)) ? 'windows' : 'posix';
}
