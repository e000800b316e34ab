/**
 * The per-command half of the shell checks, cached. Everything a check can learn from one command alone
 * (its syntax error, its findings, the variables it defines and uses) is computed once per command text
 * and kept with offsets relative to the command's start; an edit analyses again only the commands it
 * changed, and the checks that span commands (undefined variables, tainted variables, `set -x` with
 * secrets in the file) run over these small records, not over parse trees.
 */
import type { Scalar } from 'yaml';
import type { ParsedDocument } from '../document';
import type { ShellFamily, ShellCommands } from '../shell/commands';
import { parseShell, type ShellParse } from '../shell/parser';
import { scriptSource, type ScriptSource } from '../shell/source';
import { credentialFindingsOf, mayHoldToken } from './credentials';
import type { AnalysedCommand, CommandAnalysis, CommandInput } from './shellFacts';
import { securityEventsOf } from './shellSecurity';
import { syntaxFindingsOf } from './shellSyntax';
import { variableFactsOf } from './shellVariables';

/**
 * Command text, and commands, a file may have parsed, in document order. Parsing costs about 10 ms per KB
 * on a quiet machine (several times that on a busy one), and each command has a fixed cost besides; the
 * corpus's largest file has 10,157 characters in 170 commands, the bench's 2,000-line file 57,603 in 435.
 * Past either bound the remaining commands get the checks that read text only, and the checks that need
 * every command parsed (undefined variables) are skipped: the same result every time, whatever was
 * edited before.
 */
export const MAX_PARSED_TEXT = 60_000;
export const MAX_PARSED_COMMANDS = 500;
/** Analyses kept: by count, and by the characters of their keys (the commands' text). */
const CACHE_ENTRIES = 5_000;
const CACHE_CHARS = 2_000_000;

const NOTHING: CommandAnalysis = {
  parsed: false,
  syntax: [],
  security: [],
  credentials: [],
  variables: { defined: [], opaque: false, uses: [], secretNamed: false },
};

const cache = new Map<string, CommandAnalysis>();
let cachedChars = 0;
/**
 * The analysis each scalar node got, by the node itself: the incremental parser hands back the same node
 * objects for the sections an edit did not touch (same text), so most commands are found here without
 * slicing and hashing their text on every keystroke.
 */
let byNode = new WeakMap<Scalar, { readonly how: string; readonly analysis: CommandAnalysis }>();

/** The analyses of a buildspec's commands, in document order; unchanged commands come from the cache. */
export function analyseCommands(doc: ParsedDocument, shell: ShellCommands): AnalysedCommand[] {
  const text = doc.treeText;
  let parseLeft = MAX_PARSED_TEXT;
  let commandsLeft = MAX_PARSED_COMMANDS;
  const out: AnalysedCommand[] = [];
  for (const node of shell.nodes) {
    if (typeof node.value !== 'string' || !node.range) continue;
    const start = node.range[0];
    const script = node.value;
    // Once a bound is passed, no later command is parsed: which ones are is decided by the text alone.
    const parse = shell.family === 'posix' && script.length <= parseLeft && commandsLeft > 0;
    parseLeft = parse ? parseLeft - script.length : 0;
    commandsLeft--;
    if (!parse && !mayHoldToken(script)) {
      // Not parsed, and nothing for the text checks: nothing to compute or keep (a 50,000-command file).
      out.push({ node, start, analysis: NOTHING });
      continue;
    }
    const how = `${shell.family}${parse ? 'p' : 'u'}`;
    const known = byNode.get(node);
    if (known?.how === how) {
      out.push({ node, start, analysis: known.analysis });
      continue;
    }
    const raw = text.slice(start, node.range[1]);
    // The value is part of the key: a block scalar's value also depends on indentation outside its text.
    const key = `${how}${node.type ?? ''}\0${raw}${raw === script ? '' : `\0${script}`}`;
    let analysis = cache.get(key);
    if (analysis) {
      // Refresh its place: the map's order is the eviction order.
      cache.delete(key);
      cache.set(key, analysis);
    } else {
      const source = scriptSource(node, text);
      if (!source) continue;
      analysis = analyse(node, relative(source, start), shell.family, parse);
      store(key, analysis);
    }
    byNode.set(node, { how, analysis });
    out.push({ node, start, analysis });
  }
  return out;
}

function analyse(node: Scalar, source: ScriptSource, family: ShellFamily, parse: boolean): CommandAnalysis {
  const result: ShellParse = parse && family === 'posix' ? parseShell(source.script) : { ok: false };
  const input: CommandInput = { node, source, parse: result };
  return {
    parsed: result.ok,
    syntax: syntaxFindingsOf(input),
    security: family === 'posix' ? securityEventsOf(input) : [],
    credentials: credentialFindingsOf(input),
    variables: variableFactsOf(input),
  };
}

/** The source map with offsets counted from the scalar's start, so the analysis holds wherever it moves. */
function relative(source: ScriptSource, start: number): ScriptSource {
  for (let i = 0; i < source.at.length; i++) source.at[i] -= start;
  return source;
}

function store(key: string, analysis: CommandAnalysis): void {
  cache.set(key, analysis);
  cachedChars += key.length;
  while (cache.size > CACHE_ENTRIES || cachedChars > CACHE_CHARS) {
    const oldest = cache.keys().next().value as string;
    cache.delete(oldest);
    cachedChars -= oldest.length;
  }
}

/** Clears the cache (tests: to measure a cold start). */
export function clearShellAnalyses(): void {
  cache.clear();
  cachedChars = 0;
  byNode = new WeakMap();
}
