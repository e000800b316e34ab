/** The part of mvdan-sh (mvdan/sh's Go parser compiled to JavaScript) this service uses. */
declare module 'mvdan-sh' {
  export interface Pos {
    Offset(): number;
  }
  /** Every node of the tree: fields vary by NodeType and are read through `ShNode`. */
  export interface Node {
    Pos(): Pos;
    End(): Pos;
  }
  export interface File extends Node {
    readonly Stmts: Node[];
  }
  export interface Parser {
    Parse(src: string, name: string): File;
  }
  export type ParserOption = { readonly __option: true };
  export const syntax: {
    NewParser(...options: ParserOption[]): Parser;
    Variant(lang: number): ParserOption;
    KeepComments(keep: boolean): ParserOption;
    readonly LangBash: number;
    readonly LangPOSIX: number;
    NodeType(node: Node): string;
    Walk(node: Node, visit: (node: Node | null) => boolean): void;
  };
}
