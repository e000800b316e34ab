/** What a check reports, before settings and suppressions turn it into a diagnostic. */
import type { Scalar } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import type { ParsedDocument } from './document';
import type { RuleCode } from './rules';
import type { YNode } from './yamlUtil';

export interface Edit {
  readonly range: Range;
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly Edit[];
  readonly preferred?: boolean;
}

export interface Finding {
  readonly code: RuleCode;
  readonly message: string;
  readonly range: Range;
  readonly fixes?: readonly Fix[];
  readonly related?: readonly { readonly range: Range; readonly message: string }[];
  /** About the file as a whole (a missing top-level key): silenced for the file, not a line. */
  readonly fileLevel?: boolean;
}

type Extra = Pick<Finding, 'fixes' | 'related' | 'fileLevel'>;

/** More findings than this help nobody, and computing them (suggestions, ranges) costs seconds. */
export const MAX_FINDINGS = 1000;

/** Collects findings for one document, converting offsets and nodes to ranges. */
export class Reporter {
  readonly findings: Finding[] = [];

  constructor(readonly doc: ParsedDocument) {}

  range(start: number, end: number): Range {
    const td = this.doc.textDocument;
    return { start: td.positionAt(start), end: td.positionAt(end) };
  }

  rangeOf(node: YNode): Range {
    const r = node?.range;
    return r ? this.range(r[0], r[1]) : this.range(0, 0);
  }

  report(code: RuleCode, message: string, node: YNode, extra: Extra = {}): void {
    this.reportAt(code, message, this.rangeOf(node), extra);
  }

  reportAt(code: RuleCode, message: string, range: Range, extra: Extra = {}): void {
    if (this.full) return;
    this.findings.push({ code, message, range, ...extra });
  }

  /** Whether the cap is reached: checks can stop looking. */
  get full(): boolean {
    return this.findings.length >= MAX_FINDINGS;
  }

  /** A fix replacing [start, end) with text. */
  replace(title: string, start: number, end: number, newText: string, preferred = true): Fix {
    return { title, edits: [{ range: this.range(start, end), newText }], preferred };
  }

  /** An edit writing `value` over a scalar in the scalar's own quoting (so JSON stays JSON). */
  scalarEdit(node: Scalar, value: string): Edit {
    const [start, end] = node.range ?? [0, 0];
    const text =
      node.type === 'QUOTE_DOUBLE'
        ? JSON.stringify(value)
        : node.type === 'QUOTE_SINGLE'
          ? `'${value.replace(/'/g, "''")}'`
          : value;
    return { range: this.range(start, end), newText: text };
  }

  /** `Change to 'value'` for a scalar, keeping its quoting; `also` are more scalars to change the same way. */
  changeTo(node: Scalar, value: string, also: readonly Scalar[] = []): Fix {
    return {
      title: `Change to '${value}'`,
      edits: [node, ...also].map((n) => this.scalarEdit(n, value)),
      preferred: true,
    };
  }
}
