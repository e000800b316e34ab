/**
 * The shell tree reduced to what the checks read: simple commands with their words, assignments and the
 * variables each word expands, and the pipes between commands. Offsets are in the script (characters).
 */
import type { File } from 'mvdan-sh';
import { goList, goNode, goNumber, goSpan, goString, goType, goWalk, type GoValue } from './goTree';

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

/** Operator codes of `|` and `|&` in mvdan/sh's token table. */
const PIPE_OPS = new Set([12, 13]);
/** `>`, `>>`, `>|`, `&>`, `&>>`: redirections that can send standard output to a file. */
const TO_FILE_OPS = new Set([54, 55, 60, 64, 65]);

/** Converts a parsed file, reading the parser's Go values in place (see goTree.ts). */
export function toScript(file: File, script: string): Script {
  const root = goNode((file as unknown as { __internal_object__?: unknown }).__internal_object__);
  if (!root) throw new Error('the shell parser returned a tree this service cannot read');
  const off = offsetsOf(script);
  const pos = (n: GoValue): [number, number] => {
    const [a, b] = goSpan(n);
    return [off(a), off(b)];
  };
  const commands: SimpleCommand[] = [];
  const byNode = new Map<GoValue, SimpleCommand>();
  const binaries: GoValue[] = [];
  const toFile = new Set<GoValue>();
  const loopVars: string[] = [];

  const word = (w: GoValue): Word => {
    const [start, end] = pos(w);
    const vars: VarUse[] = [];
    goWalk(w, (n, t) => {
      if (t !== 'ParamExp') return;
      const param = goNode(n.Param);
      if (!param || typeof param.Value !== 'string') return;
      const [s, e] = pos(n);
      vars.push({ name: goString(param.Value), start: s, end: e });
    });
    return { start, end, literal: literalOf(w), vars };
  };
  const literalOf = (w: GoValue): string | undefined => {
    let out = '';
    for (const p of goList(w.Parts)) {
      const t = goType(p);
      if (t === 'Lit' || t === 'SglQuoted') out += goString(p.Value);
      else if (t === 'DblQuoted') {
        for (const q of goList(p.Parts)) {
          if (goType(q) !== 'Lit') return undefined;
          out += goString(q.Value);
        }
      } else return undefined;
    }
    return out;
  };
  const assignment = (a: GoValue, declaredBy: string): Assignment | undefined => {
    const name = goNode(a.Name);
    if (!name || typeof name.Value !== 'string') return undefined;
    const [start, end] = pos(a);
    const v = goNode(a.Value);
    const value = v ? word(v) : undefined;
    return { name: goString(name.Value), start, end, value, declaredBy };
  };
  const litValue = (v: unknown): string => {
    const n = goNode(v);
    return n ? goString(n.Value) : '';
  };

  goWalk(root, (node, t) => {
    if (t === 'Stmt') {
      const cmd = goNode(node.Cmd);
      const out = goList(node.Redirs).some(
        (d) => TO_FILE_OPS.has(goNumber(d.Op)) && ['', '1'].includes(litValue(d.N)),
      );
      if (cmd && out) toFile.add(cmd);
    }
    if (t === 'CallExpr' || t === 'DeclClause') {
      const [start, end] = pos(node);
      const decl = t === 'DeclClause' ? litValue(node.Variant) : '';
      const assigns: Assignment[] = [];
      const args: Word[] = [];
      for (const a of goList(node.Assigns)) {
        const x = assignment(a, '');
        if (x) assigns.push(x);
      }
      for (const a of goList(node.Args)) {
        const at = goType(a);
        if (at === 'Assign') {
          const x = assignment(a, decl);
          if (x) assigns.push(x);
        } else if (at === 'Word') args.push(word(a));
      }
      const c = {
        start,
        end,
        args: decl ? [literalWord(start, decl), ...args] : args,
        assigns,
        toFile: toFile.has(node),
      };
      commands.push(c);
      byNode.set(node, c);
    } else if (t === 'BinaryCmd' && PIPE_OPS.has(goNumber(node.Op))) binaries.push(node);
    else if (t === 'WordIter') loopVars.push(litValue(node.Name));
  });

  const pipes: Pipe[] = [];
  for (const b of binaries) {
    const from = lastCommand(goNode(b.X));
    const to = firstCommand(goNode(b.Y));
    const f = from && byNode.get(from);
    const t = to && byNode.get(to);
    if (f && t) pipes.push({ from: f, to: t });
  }
  return { commands, pipes, loopVars };
}

function literalWord(start: number, text: string): Word {
  return { start, end: start + text.length, literal: text, vars: [] };
}

function lastCommand(stmt: GoValue | undefined): GoValue | undefined {
  let cmd = goNode(stmt?.Cmd);
  while (cmd && goType(cmd) === 'BinaryCmd') cmd = goNode(goNode(cmd.Y)?.Cmd);
  return cmd;
}

function firstCommand(stmt: GoValue | undefined): GoValue | undefined {
  let cmd = goNode(stmt?.Cmd);
  while (cmd && goType(cmd) === 'BinaryCmd') cmd = goNode(goNode(cmd.X)?.Cmd);
  return cmd;
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
