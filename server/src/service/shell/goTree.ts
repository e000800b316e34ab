/**
 * Reads mvdan/sh's tree as the Go values GopherJS keeps behind its JavaScript wrappers. Through the
 * wrappers every field read copies a slice or builds a wrapper, and `syntax.Walk` reflects over each
 * struct: converting a file's trees that way cost ten times the parse itself, most of it garbage
 * collection. The Go values are read in place here: a struct pointer is an object with the Go field names,
 * a slice is `{ $array, $offset, $length }`, a string holds UTF-8 bytes one per character, and a nil
 * pointer or interface is a shared sentinel. Only what toScript needs is read.
 */

/** A Go struct pointer from the tree (a node, or a Pos value). */
export type GoValue = Record<string, unknown> & {
  readonly constructor: { readonly string?: string; readonly nil?: unknown };
};

const PREFIX = '*syntax.';

/** The value itself when it is a non-nil node of the tree, else undefined. */
export function goNode(v: unknown): GoValue | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const g = v as GoValue;
  const name = g.constructor?.string;
  if (typeof name !== 'string' || !name.startsWith(PREFIX) || g === g.constructor.nil) return undefined;
  return g;
}

/** The node's type name as `syntax.NodeType` gives it (`CallExpr`, `Word`, …). */
export function goType(n: GoValue): string {
  return (n.constructor.string ?? '').slice(PREFIX.length);
}

/** The nodes of a Go slice of nodes (a nil or empty slice gives none). */
export function goList(v: unknown): GoValue[] {
  const s = v as { $array?: unknown[]; $offset?: number; $length?: number } | null | undefined;
  if (!s?.$array || !s.$length) return [];
  const out: GoValue[] = [];
  for (let i = 0; i < s.$length; i++) {
    const n = goNode(s.$array[(s.$offset ?? 0) + i]);
    if (n) out.push(n);
  }
  return out;
}

/** A Go string field as JavaScript text (GopherJS holds one UTF-8 byte per character). */
export function goString(v: unknown): string {
  if (typeof v !== 'string') return '';
  return /[\x80-\xff]/.test(v) ? Buffer.from(v, 'latin1').toString('utf8') : v;
}

/** A Go number field (an operator code), or -1. */
export function goNumber(v: unknown): number {
  return typeof v === 'number' ? v : -1;
}

/** The byte offsets where a node starts and ends (its Go `Pos()` and `End()` methods). */
export function goSpan(n: GoValue): [number, number] {
  const pos = (n.Pos as () => { offs: number })();
  const end = (n.End as () => { offs: number })();
  return [pos.offs, end.offs];
}

/**
 * The fields holding child nodes, by node type, in the order mvdan/sh's `Walk` visits them (a
 * ParamExp's slice, replacement and default are read by `goWalk` itself: they are structs, not nodes).
 */
const CHILDREN: Readonly<Record<string, readonly string[]>> = {
  File: ['Stmts'],
  Stmt: ['Cmd', 'Redirs'],
  Redirect: ['N', 'Word', 'Hdoc'],
  CallExpr: ['Assigns', 'Args'],
  Assign: ['Name', 'Index', 'Value', 'Array'],
  Subshell: ['Stmts'],
  Block: ['Stmts'],
  IfClause: ['Cond', 'Then', 'Else'],
  WhileClause: ['Cond', 'Do'],
  ForClause: ['Loop', 'Do'],
  WordIter: ['Name', 'Items'],
  CStyleLoop: ['Init', 'Cond', 'Post'],
  BinaryCmd: ['X', 'Y'],
  FuncDecl: ['Name', 'Body'],
  Word: ['Parts'],
  DblQuoted: ['Parts'],
  CmdSubst: ['Stmts'],
  ProcSubst: ['Stmts'],
  ArithmExp: ['X'],
  ArithmCmd: ['X'],
  BinaryArithm: ['X', 'Y'],
  UnaryArithm: ['X'],
  ParenArithm: ['X'],
  BinaryTest: ['X', 'Y'],
  UnaryTest: ['X'],
  ParenTest: ['X'],
  TestClause: ['X'],
  CaseClause: ['Word', 'Items'],
  CaseItem: ['Patterns', 'Stmts'],
  DeclClause: ['Variant', 'Args'],
  ArrayExpr: ['Elems'],
  ArrayElem: ['Index', 'Value'],
  ExtGlob: ['Pattern'],
  TimeClause: ['Stmt'],
  CoprocClause: ['Name', 'Stmt'],
  LetClause: ['Exprs'],
  BraceExp: ['Elems'],
  TestDecl: ['Description', 'Body'],
};

/** Visits `n` and its descendants depth-first, parents first, in source order (as `syntax.Walk` does). */
export function goWalk(n: GoValue, visit: (n: GoValue, type: string) => void): void {
  const t = goType(n);
  visit(n, t);
  if (t === 'ParamExp') {
    const slice = goNode(n.Slice);
    const repl = goNode(n.Repl);
    const exp = goNode(n.Exp);
    for (const c of [n.Param, n.Index, slice?.Offset, slice?.Length, repl?.Orig, repl?.With, exp?.Word]) {
      const child = goNode(c);
      if (child) goWalk(child, visit);
    }
    return;
  }
  for (const field of CHILDREN[t] ?? []) {
    const v = n[field];
    const one = goNode(v);
    if (one) goWalk(one, visit);
    else for (const c of goList(v)) goWalk(c, visit);
  }
}
