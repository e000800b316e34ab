/** What the fuzz test and its worker say to each other, and where positional requests point. */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
import type { Rng } from './inputs';

/** Where a completion, hover or definition request points, in terms that survive shrinking the text. */
export type Anchor =
  | { readonly at: 'start' | 'eof' | 'pastEof' | 'pastLineEnd' }
  | { readonly at: 'offset'; readonly offset: number }
  | { readonly at: 'lineEnd'; readonly line: number };

/** `too-deep`: the command is not parsed, and says so (shell-too-deep), with no syntax error either way. */
export type ShellSyntaxExpectation = 'error' | 'none' | 'too-deep';

export interface ToWorker {
  readonly uri: string;
  readonly text: string;
  readonly anchors: readonly Anchor[];
  readonly boundMs: number;
  /** The bound for the YAML parse, which every feature shares. */
  readonly parseBoundMs: number;
  /** Methods not to call: ones that already hung in this run, or FUZZ_SKIP. */
  readonly skip?: readonly string[];
  /** An earlier text of the document, whose diagnostics are sent back with the code action request. */
  readonly staleText?: string;
  /** What validate must say about shell syntax: at least one shell-syntax error, none, or too deep to check. */
  readonly shellSyntax?: ShellSyntaxExpectation;
  /** Run only this call (when shrinking a failure). */
  readonly only?: { readonly method: string; readonly anchor: Anchor | undefined };
}

export interface CallFailure {
  readonly method: string;
  readonly anchor: Anchor | undefined;
  readonly position: Position | undefined;
  readonly kind: 'throw' | 'slow' | 'invalid' | 'hang' | 'crash';
  readonly message: string;
  readonly stack?: string | undefined;
  readonly ms?: number;
}

export type FromWorker =
  | { readonly type: 'start'; readonly method: string; readonly anchor?: Anchor }
  | { readonly type: 'done'; readonly failures: CallFailure[] };

export function resolveAnchor(anchor: Anchor, doc: TextDocument): Position {
  const last = doc.lineCount - 1;
  switch (anchor.at) {
    case 'start':
      return { line: 0, character: 0 };
    case 'eof':
      return doc.positionAt(doc.getText().length);
    case 'pastEof':
      return { line: doc.lineCount + 3, character: 7 };
    case 'pastLineEnd':
      return { line: last, character: 1_000_000 };
    case 'offset':
      return doc.positionAt(Math.min(anchor.offset, doc.getText().length));
    case 'lineEnd': {
      const line = Math.min(anchor.line, last);
      const next = line < last ? doc.offsetAt({ line: line + 1, character: 0 }) : doc.getText().length;
      const text = doc.getText().slice(doc.offsetAt({ line, character: 0 }), next);
      return { line, character: text.replace(/\r?\n$|\r$/, '').length };
    }
  }
}

/** The fixed anchors every input gets, and a few random ones. */
export function anchorsFor(text: string, rng: Rng, random = 3): Anchor[] {
  const lineCount = text.split(/\r\n|\r|\n/).length;
  const out: Anchor[] = [{ at: 'start' }, { at: 'eof' }, { at: 'pastEof' }, { at: 'pastLineEnd' }];
  for (let i = 0; i < random; i++) out.push({ at: 'offset', offset: rng.int(text.length + 1) });
  for (let i = 0; i < random; i++) out.push({ at: 'lineEnd', line: rng.int(lineCount) });
  return out;
}

export function describeAnchor(anchor: Anchor | undefined, position: Position | undefined): string {
  if (!anchor) return '';
  const where =
    anchor.at === 'offset'
      ? `offset ${anchor.offset}`
      : anchor.at === 'lineEnd'
        ? `end of line ${anchor.line}`
        : anchor.at;
  return position ? ` at ${where} (line ${position.line}, character ${position.character})` : ` at ${where}`;
}
