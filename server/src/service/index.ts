/**
 * The language service: plain functions over a text document, knowing nothing of VS Code, the LSP
 * connection or AWS. The server and the CLI are its two callers.
 */
import type {
  CodeAction,
  CompletionItem,
  Diagnostic,
  DocumentLink,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Location,
  Position,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions } from './actions';
import { CAPABLE_CLIENT, type ClientStyle } from './clientStyle';
import { complete } from './complete';
import { ParseCache, type ParsedDocument } from './document';
import { describeKind, type FilePatterns } from './fileKind';
import { hover } from './hover';
import { definition } from './definition';
import { foldingRanges } from './folding';
import { documentLinks } from './links';
import { documentSymbols } from './symbols';
import type { RuleSetting } from './rules';
import { semanticTokens, type LineRange, type SemanticToken } from './semanticTokens';
import { preloadShellParser } from './shell/parser';
import { validate } from './validate/index';

export interface ServiceSettings {
  /** Rule code → severity or 'off'. */
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** The CodeBuild image runtime-versions are checked against. */
  readonly image: string;
  /** Extra file patterns. */
  readonly patterns: FilePatterns;
}

export interface ServiceHost {
  /** Whether a file exists (for hook scripts); absent where the caller cannot look. */
  readonly fileExists?: (uri: string) => boolean;
  /** CodeBuild's source root for a document (the workspace folder holding it). */
  readonly sourceRoot?: (uri: string) => string | undefined;
}

export const DEFAULT_SETTINGS: ServiceSettings = {
  rules: {},
  image: '',
  patterns: { buildspec: [], appspec: [] },
};

export class LanguageService {
  private readonly cache = new ParseCache();
  private settings: ServiceSettings = DEFAULT_SETTINGS;
  private client: ClientStyle = CAPABLE_CLIENT;

  constructor(private readonly host: ServiceHost = {}) {}

  /** Loads what the first analysis would otherwise wait for (the shell parser), once the caller is idle. */
  preload(): void {
    preloadShellParser();
  }

  /** What the editor can do with completion items (from its LSP capabilities). */
  configureClient(client: ClientStyle): void {
    this.client = client;
  }

  configure(settings: ServiceSettings): void {
    this.settings = settings;
    this.cache.clear();
  }

  parse(doc: TextDocument): ParsedDocument {
    return this.cache.get(doc, this.settings.patterns);
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  /** What the file is, in words ("CodeBuild buildspec 0.2", "AppSpec: ECS"). */
  describe(doc: TextDocument): string {
    return describeKind(this.parse(doc).kind);
  }

  validate(doc: TextDocument): Diagnostic[] {
    const { fileExists } = this.host;
    return validate(this.parse(doc), {
      rules: this.settings.rules,
      image: this.settings.image,
      ...(fileExists ? { fileExists } : {}),
    });
  }

  complete(doc: TextDocument, position: Position): CompletionItem[] {
    return complete(this.cache.getLenient(doc, this.settings.patterns), position, {
      image: this.settings.image,
      client: this.client,
    });
  }

  hover(doc: TextDocument, position: Position): Hover | null {
    return hover(this.parse(doc), position, { image: this.settings.image });
  }

  symbols(doc: TextDocument): DocumentSymbol[] {
    return documentSymbols(this.parse(doc));
  }

  folding(doc: TextDocument): FoldingRange[] {
    return foldingRanges(this.parse(doc));
  }

  links(doc: TextDocument): DocumentLink[] {
    const { sourceRoot } = this.host;
    return documentLinks(this.parse(doc), sourceRoot ? { sourceRoot } : {});
  }

  definition(doc: TextDocument, position: Position): Location | null {
    return definition(this.parse(doc), position);
  }

  codeActions(doc: TextDocument, diagnostics: readonly Diagnostic[]): CodeAction[] {
    return codeActions(this.parse(doc), diagnostics);
  }

  /** Shell tokens of the commands the grammar cannot follow (all lines, or `lines` only). */
  semanticTokens(doc: TextDocument, lines?: LineRange): readonly SemanticToken[] {
    return semanticTokens(this.parse(doc), lines);
  }
}

export { RULES, type RuleCode, type RuleSetting } from './rules';
export {
  SEMANTIC_TOKEN_MODIFIERS,
  SEMANTIC_TOKEN_TYPES,
  type LineRange,
  type SemanticToken,
} from './semanticTokens';
