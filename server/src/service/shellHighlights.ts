/**
 * What each character of a shell script is, read from mvdan/sh's tree: keywords, command names, variables,
 * strings (here-document bodies included), comments and operators. The language service turns these
 * script spans into editor tokens (semanticTokens.ts); they exist because a TextMate grammar, which reads
 * one line at a time, cannot follow a command over several YAML lines.
 */
import type { Parser } from 'mvdan-sh';
import { offsetsOf } from './shell/ast';
import { goList, goNode, goNumber, goSpan, goString, goType, goWalk, type GoValue } from './shell/goTree';
import { MAX_SCRIPT_LENGTH } from './shell/parser';

/**
 * The token types, in the order of the legend the server declares: the LSP's standard names, which every
 * theme colours. VS Code colours each like the TextMate scope of the same thing in the shell grammar
 * (`keyword` as keyword.control, `modifier` as storage.modifier, a `function` with `defaultLibrary` as
 * support.function), so a command over several lines looks like the same command on one line.
 */
export const SHELL_TOKEN_TYPES = [
  'keyword',
  'function',
  'variable',
  'string',
  'comment',
  'operator',
  'modifier',
] as const;
export type ShellTokenType = (typeof SHELL_TOKEN_TYPES)[number];
/** The token modifiers, bit `1 << i` for entry `i`. */
export const SHELL_TOKEN_MODIFIERS = ['defaultLibrary'] as const;

/** A span of the script, `[start, end)` in characters, its type's index and its modifier bits. */
export interface ScriptHighlight {
  readonly start: number;
  readonly end: number;
  readonly type: number;
  readonly modifiers: number;
}

/** What a character is painted with: an index into PAINTS, 0 for nothing (the entry there is unused). */
const PAINTS: readonly { readonly type: ShellTokenType; readonly modifiers: number }[] = [
  { type: 'keyword', modifiers: 0 },
  { type: 'keyword', modifiers: 0 },
  { type: 'function', modifiers: 0 },
  { type: 'function', modifiers: 1 },
  { type: 'variable', modifiers: 0 },
  { type: 'string', modifiers: 0 },
  { type: 'comment', modifiers: 0 },
  { type: 'operator', modifiers: 0 },
  { type: 'modifier', modifiers: 0 },
];
const KEYWORD = 1;
const FUNCTION = 2;
const BUILTIN = 3;
const VARIABLE = 4;
const STRING = 5;
const COMMENT = 6;
const OPERATOR = 7;
const MODIFIER = 8;

/** Commands the shell runs itself: the grammar marks them apart from programs (support.function). */
const BUILTINS = new Set(
  (
    '. : alias bg bind builtin caller cd command compgen complete declare dirs disown echo enable eval exec ' +
    'exit export false fc fg getopts hash help history jobs kill let local logout mapfile popd printf ' +
    'pushd pwd read readarray readonly set shift shopt source suspend test times trap true type typeset ' +
    'ulimit umask unalias unset wait'
  ).split(' '),
);
/** Builtins that change the flow of control, which the grammar colours as keywords. */
const FLOW = new Set(['break', 'continue', 'return']);

/** A reserved word (`then`, `done`, `esac`) at the position the parser recorded for it. */
const KEYWORD_TEXT = /^[a-z]+/;
/** The operators a position field can point at, longest first. */
const OPERATOR_TEXT =
  /^(?:;;&|;;|;&|&&|&>>|&>|\|\||\|&|<<<|<<-|<<|<>|<&|>>|>&|>\||\$\(\(|\$\(|\$\[|\(\(|\)\)|<\(|>\(|\[\[|\]\]|[;&|<>()`!{}\]])/;

let parser: Parser | undefined;

/**
 * A parser that keeps comments (the validation's parser drops them). The module is the one parser.ts
 * loads, so requiring it again costs nothing once loaded; if this comes first, its start-up would set
 * Error.stackTraceLimit to Infinity for the whole process, so the process's limit is put back (see
 * parser.ts).
 */
function commentParser(): Parser {
  if (!parser) {
    const limit = Error.stackTraceLimit;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { syntax } = require('mvdan-sh') as typeof import('mvdan-sh');
      parser = syntax.NewParser(syntax.KeepComments(true));
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
  return parser;
}

/** The highlights of a script, in order and apart; undefined when it does not parse or is too long. */
export function shellHighlights(script: string): ScriptHighlight[] | undefined {
  if (script.length > MAX_SCRIPT_LENGTH) return undefined;
  let root: GoValue | undefined;
  try {
    const file = commentParser().Parse(script, '');
    root = goNode((file as unknown as { __internal_object__?: unknown }).__internal_object__);
  } catch {
    return undefined;
  }
  if (!root) return undefined;
  // Characters are painted outside in (goWalk visits parents first): a variable inside a string, or a
  // command substitution inside a variable's default, takes the colour of the innermost construct.
  const paint = new Uint8Array(script.length);
  const off = offsetsOf(script);
  const fill = (from: number, to: number, type: number) => paint.fill(type, Math.max(0, from), to);
  const span = (n: GoValue) => goSpan(n).map(off) as [number, number];
  /** A token read from the script text at a position field (`ThenPos`, `OpPos`), when the field is set. */
  const at = (pos: unknown, pattern: RegExp, type: number) => {
    const p = pos as { offs?: number; lineCol?: number } | undefined;
    if (!p || typeof p.offs !== 'number' || !p.lineCol) return;
    const start = off(p.offs);
    const m = pattern.exec(script.slice(start, start + 10));
    if (m) fill(start, start + m[0].length, type);
  };
  const keyword = (pos: unknown) => at(pos, KEYWORD_TEXT, KEYWORD);
  const operator = (pos: unknown) => at(pos, OPERATOR_TEXT, OPERATOR);
  /** `char` as an operator when it is the next thing after `from` on the same line. */
  const after = (from: number, char: string) => {
    let i = from;
    while (script[i] === ' ' || script[i] === '\t') i++;
    if (script[i] === char) fill(i, i + 1, OPERATOR);
  };
  const whole = (v: unknown, type: number) => {
    const n = goNode(v);
    if (n) fill(...span(n), type);
  };

  goWalk(root, (n, t) => {
    comments(n, script, off, fill);
    switch (t) {
      case 'Stmt':
        if (n.Negated === true) operator(n.Position);
        operator(n.Semicolon);
        break;
      case 'IfClause':
        keyword(n.Position);
        keyword(n.ThenPos);
        keyword(n.FiPos);
        break;
      case 'WhileClause':
        keyword(n.WhilePos);
        keyword(n.DoPos);
        keyword(n.DonePos);
        break;
      case 'ForClause':
        keyword(n.ForPos);
        keyword(n.DoPos);
        keyword(n.DonePos);
        break;
      case 'WordIter': {
        keyword(n.InPos);
        whole(n.Name, VARIABLE);
        // The tree keeps no position for the `;` that ends the list (`for f in a b; do`).
        const last = goList(n.Items).at(-1) ?? goNode(n.Name);
        if (last) after(span(last)[1], ';');
        break;
      }
      case 'CaseClause':
        keyword(n.Case);
        keyword(n.In);
        keyword(n.Esac);
        break;
      case 'CaseItem': {
        operator(n.OpPos);
        // Nor for the `)` that ends the patterns (`a|b) …`).
        const last = goList(n.Patterns).at(-1);
        if (last) after(span(last)[1], ')');
        break;
      }
      case 'Block':
        operator(n.Lbrace);
        operator(n.Rbrace);
        break;
      case 'Subshell':
      case 'CStyleLoop':
      case 'ArithmCmd':
        operator(n.Lparen ?? n.Left);
        operator(n.Rparen ?? n.Right);
        break;
      case 'TestClause':
        operator(n.Left);
        operator(n.Right);
        break;
      case 'FuncDecl':
        if (n.RsrvWord === true) keyword(n.Position);
        whole(n.Name, FUNCTION);
        break;
      case 'DeclClause':
        whole(n.Variant, MODIFIER);
        break;
      case 'Assign':
        whole(n.Name, VARIABLE);
        break;
      case 'BinaryCmd':
        operator(n.OpPos);
        break;
      case 'Redirect':
        redirect(n, script, span, operator, fill);
        break;
      case 'CallExpr':
        callName(goList(n.Args), script, span, fill);
        break;
      case 'ParamExp':
        fill(...span(n), VARIABLE);
        break;
      case 'SglQuoted':
      case 'DblQuoted':
        fill(...span(n), STRING);
        break;
      case 'CmdSubst':
      case 'ArithmExp':
      case 'ProcSubst': {
        // Code again, inside whatever encloses it; only its delimiters are marked.
        const [a, b] = span(n);
        fill(a, b, 0);
        operator(n.Left ?? n.OpPos);
        if (b > a) fill(b - (t === 'ArithmExp' && n.Bracket !== true ? 2 : 1), b, OPERATOR);
        break;
      }
    }
  });
  return runs(paint, script);
}

/** The command's own word: a program, a builtin, `break` and kin, or the brackets of `[ … ]`. */
function callName(
  args: readonly GoValue[],
  script: string,
  span: (n: GoValue) => [number, number],
  fill: (from: number, to: number, type: number) => void,
): void {
  if (!args.length) return;
  const [a, b] = span(args[0]);
  const name = script.slice(a, b);
  if (name === '[') {
    fill(a, b, OPERATOR);
    const [c, d] = span(args[args.length - 1]);
    if (args.length > 1 && script.slice(c, d) === ']') fill(c, d, OPERATOR);
  } else fill(a, b, FLOW.has(name) ? KEYWORD : BUILTINS.has(name) ? BUILTIN : FUNCTION);
}

/** `<<EOF`: the operator, the delimiter word, the body and the line that ends it. */
function redirect(
  n: GoValue,
  script: string,
  span: (n: GoValue) => [number, number],
  operator: (pos: unknown) => void,
  fill: (from: number, to: number, type: number) => void,
): void {
  operator(n.OpPos);
  const hdoc = goNode(n.Hdoc);
  const word = goNode(n.Word);
  // `<<` and `<<-` (mvdan/sh's Hdoc and DashHdoc): the delimiter and the body are the document's text.
  if (!word || ![61, 62].includes(goNumber(n.Op))) return;
  const [ws, we] = span(word);
  fill(ws, we, STRING);
  const delimiter = script.slice(ws, we).replace(/['"\\]/g, '');
  let end = we;
  if (hdoc) {
    const [hs, he] = span(hdoc);
    fill(hs, he, STRING);
    end = he;
  } else end = script.indexOf('\n', we) + 1;
  if (end <= 0) return;
  // The closing line: the delimiter alone, after tabs for `<<-`.
  const line = /^\t*/.exec(script.slice(end))![0].length + end;
  if (delimiter && script.startsWith(delimiter, line)) fill(line, line + delimiter.length, STRING);
}

/** Comments the parser kept on this node (`Comments`, `Last`, `ThenLast`, …): to the end of their line. */
function comments(
  n: GoValue,
  script: string,
  off: (byte: number) => number,
  fill: (from: number, to: number, type: number) => void,
): void {
  for (const key of COMMENT_FIELDS) {
    const list = n[key];
    if (!list) continue;
    for (const c of goList(list)) {
      if (goType(c) !== 'Comment') continue;
      const hash = c.Hash as { offs?: number } | undefined;
      if (typeof hash?.offs !== 'number') continue;
      const start = off(hash.offs);
      const eol = script.indexOf('\n', start);
      fill(start, Math.min(eol < 0 ? script.length : eol, start + 1 + goString(c.Text).length), COMMENT);
    }
  }
}

const COMMENT_FIELDS = ['Comments', 'Last', 'ThenLast', 'CondLast', 'DoLast'];

/** Runs of one type, line breaks and surrounding blanks left out. */
function runs(paint: Uint8Array, script: string): ScriptHighlight[] {
  const out: ScriptHighlight[] = [];
  let i = 0;
  while (i < paint.length) {
    const type = paint[i];
    if (!type || script[i] === '\n') {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < paint.length && paint[j] === type && script[j] !== '\n') j++;
    let a = i;
    let b = j;
    while (a < b && /\s/.test(script[a])) a++;
    while (b > a && /\s/.test(script[b - 1])) b--;
    if (b > a) {
      const style = PAINTS[type];
      out.push({ start: a, end: b, type: SHELL_TOKEN_TYPES.indexOf(style.type), modifiers: style.modifiers });
    }
    i = j;
  }
  return out;
}
