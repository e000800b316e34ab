/**
 * The shell tree reduced to what the checks read: simple commands with their words, assignments and the
 * variables each word expands, and the pipes between commands. Offsets are in the script (characters).
 */
import type { File, Node } from 'mvdan-sh';

export interface VarUse {
  readonly name: string;
  /** The `$NAME`/`${NAME…}` expansion's span. */
  readonly start: number;
  readonly end: number;
}

export interface Word {
  readonly start: number;
  readonly end: number;
  /** The word after quote removal when it expands nothing, else undefined. */
  readonly literal: string | undefined;
  /** Every variable the outer shell expands in this word, command substitutions included. */
  readonly vars: readonly VarUse[];
}

export interface Assignment {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly value: Word | undefined;
  /** `export`, `readonly`, `declare`, `local`, or '' for a plain `NAME=value`. */
  readonly declaredBy: string;
}

export interface SimpleCommand {
  readonly start: number;
  readonly end: number;
  readonly args: readonly Word[];
  readonly assigns: readonly Assignment[];
  /** Its standard output goes to a file (`> f`, `>> f`, `&> f`), not to the build log. */
  readonly toFile: boolean;
}

export interface Pipe {
  /** The command writing into the pipe (the last of its side) and the one reading it. */
  readonly from: SimpleCommand;
  readonly to: SimpleCommand;
}

export interface Script {
  /** Simple commands in source order, including those inside compound commands and substitutions. */
  readonly commands: readonly SimpleCommand[];
  readonly pipes: readonly Pipe[];
  /** Names given values other than by assignment: `for NAME in`, `select NAME in`. */
  readonly loopVars: readonly string[];
}

/** The fields of the parser's nodes this module reads; they follow mvdan/sh's Go structs. */
interface ShNode extends Node {
  readonly Args?: ShNode[];
  readonly Assigns?: ShNode[];
  readonly Parts?: ShNode[];
  readonly Name?: ShNode | null;
  readonly Value?: ShNode | string | null;
  readonly Param?: ShNode;
  readonly Variant?: ShNode;
  readonly Op?: number;
  readonly X?: ShNode;
  readonly Y?: ShNode;
  readonly Cmd?: ShNode | null;
  readonly Redirs?: ShNode[];
  readonly N?: ShNode | null;
}

/** Operator codes of `|` and `|&` in mvdan/sh's token table. */
const PIPE_OPS = new Set([12, 13]);
/** `>`, `>>`, `>|`, `&>`, `&>>`: redirections that can send standard output to a file. */
const TO_FILE_OPS = new Set([54, 55, 60, 64, 65]);

type Syntax = (typeof import('mvdan-sh'))['syntax'];

/** Converts a parsed file; `syntax` is the loaded module's namespace (passed in to keep loading lazy). */
export function toScript(file: File, script: string, syntax: Syntax): Script {
  const off = offsetsOf(script);
  const pos = (n: Node): [number, number] => [off(n.Pos().Offset()), off(n.End().Offset())];
  const type = (n: Node) => syntax.NodeType(n);
  const commands: SimpleCommand[] = [];
  // The parser's wrappers are made afresh on each field read: nodes are told apart by their span.
  const key = (n: Node) => `${n.Pos().Offset()}:${n.End().Offset()}`;
  const byNode = new Map<string, SimpleCommand>();
  const binaries: ShNode[] = [];
  const toFile = new Set<string>();
  const loopVars: string[] = [];

  const word = (w: ShNode): Word => {
    const [start, end] = pos(w);
    const vars: VarUse[] = [];
    syntax.Walk(w, (n) => {
      if (n && type(n) === 'ParamExp') {
        const name = (n as ShNode).Param?.Value;
        const [s, e] = pos(n);
        if (typeof name === 'string') vars.push({ name, start: s, end: e });
      }
      return true;
    });
    return { start, end, literal: literalOf(w), vars };
  };
  const literalOf = (w: ShNode): string | undefined => {
    let out = '';
    for (const p of w.Parts ?? []) {
      const t = type(p);
      if (t === 'Lit' || t === 'SglQuoted') out += text(p.Value);
      else if (t === 'DblQuoted') {
        for (const q of p.Parts ?? []) {
          if (type(q) !== 'Lit') return undefined;
          out += text(q.Value);
        }
      } else return undefined;
    }
    return out;
  };
  const assignment = (a: ShNode, declaredBy: string): Assignment | undefined => {
    const name = a.Name?.Value;
    if (typeof name !== 'string') return undefined;
    const [start, end] = pos(a);
    const value = a.Value && typeof a.Value !== 'string' ? word(a.Value) : undefined;
    return { name, start, end, value, declaredBy };
  };

  syntax.Walk(file, (n) => {
    if (!n) return true;
    const t = type(n);
    const node = n as ShNode;
    if (t === 'Stmt' && node.Cmd) {
      const out = (node.Redirs ?? []).some(
        (d) => TO_FILE_OPS.has(d.Op ?? -1) && [undefined, '', '1'].includes(text(d.N?.Value)),
      );
      if (out) toFile.add(key(node.Cmd));
    }
    if (t === 'CallExpr' || t === 'DeclClause') {
      const [start, end] = pos(n);
      const decl = t === 'DeclClause' ? text(node.Variant?.Value) : '';
      const assigns: Assignment[] = [];
      const args: Word[] = [];
      for (const a of node.Assigns ?? []) {
        const x = assignment(a, '');
        if (x) assigns.push(x);
      }
      for (const a of node.Args ?? []) {
        if (type(a) === 'Assign') {
          const x = assignment(a, decl);
          if (x) assigns.push(x);
        } else if (type(a) === 'Word') args.push(word(a));
      }
      const c = {
        start,
        end,
        args: decl ? [literalWord(start, decl), ...args] : args,
        assigns,
        toFile: toFile.has(key(n)),
      };
      commands.push(c);
      byNode.set(key(n), c);
    } else if (t === 'BinaryCmd' && PIPE_OPS.has(node.Op ?? -1)) binaries.push(node);
    else if (t === 'WordIter') loopVars.push(text(node.Name?.Value));
    return true;
  });

  const pipes: Pipe[] = [];
  for (const b of binaries) {
    const from = lastCommand(b.X, type);
    const to = firstCommand(b.Y, type);
    const f = from && byNode.get(key(from));
    const t = to && byNode.get(key(to));
    if (f && t) pipes.push({ from: f, to: t });
  }
  return { commands, pipes, loopVars };
}

/** A Lit's or SglQuoted's value: always a string in those nodes. */
function text(value: ShNode | string | null | undefined): string {
  return typeof value === 'string' ? value : '';
}

function literalWord(start: number, text: string): Word {
  return { start, end: start + text.length, literal: text, vars: [] };
}

type TypeOf = (n: Node) => string;

function lastCommand(stmt: ShNode | undefined, type: TypeOf): ShNode | undefined {
  let cmd = stmt?.Cmd;
  while (cmd && type(cmd) === 'BinaryCmd') cmd = cmd.Y?.Cmd;
  return cmd ?? undefined;
}

function firstCommand(stmt: ShNode | undefined, type: TypeOf): ShNode | undefined {
  let cmd = stmt?.Cmd;
  while (cmd && type(cmd) === 'BinaryCmd') cmd = cmd.X?.Cmd;
  return cmd ?? undefined;
}

/** mvdan/sh counts UTF-8 bytes; JavaScript strings count UTF-16 code units. */
export function charOffset(script: string, byteOffset: number): number {
  // Only outside ASCII do the two differ: the common case costs one test.
  if (!/[^ -~\t\n\r]/.test(script)) return Math.min(byteOffset, script.length);
  let bytes = 0;
  for (let i = 0; i < script.length; i++) {
    if (bytes >= byteOffset) return i;
    const c = script.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return script.length;
}

/** A byte-to-character converter for every offset of one script's tree. */
export function offsetsOf(script: string): (byteOffset: number) => number {
  if (!/[^ -~\t\n\r]/.test(script)) return (b) => Math.min(b, script.length);
  return (b) => charOffset(script, b);
}
