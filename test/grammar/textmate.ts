// Loads our grammars plus the YAML/shell/PowerShell grammars VS Code ships, and tokenizes text
// with the same engine VS Code uses (vscode-textmate + the Oniguruma WASM build).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

const repoRoot = path.resolve(__dirname, '..', '..');
const require = createRequire(__filename);

/** Extensions folders of a VS Code build, most preferred first (VSCODE_EXTENSIONS_DIR, then the code-server that scripts/ensure-host.mjs installs). */
function candidateExtensionDirs(): string[] {
  const dirs: string[] = [];
  if (process.env.VSCODE_EXTENSIONS_DIR) dirs.push(process.env.VSCODE_EXTENSIONS_DIR);
  dirs.push(path.join(repoRoot, '.tools/code-server/node_modules/code-server/lib/vscode/extensions'));
  dirs.push(path.join(repoRoot, '.tools/code-server/lib/vscode/extensions'));
  return dirs;
}

/** The builtin extensions whose grammars ours embed. */
const BUILTIN_EXTENSIONS = ['yaml', 'shellscript', 'powershell', 'bat'];

export interface GrammarSource {
  /** `vscode` when the grammars VS Code ships were found, `stub` otherwise. */
  kind: 'vscode' | 'stub';
  /** Where they came from, for the test log. */
  location: string;
}

function scopeNameOf(file: string): string | undefined {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { scopeName?: string };
  return json.scopeName;
}

/** Maps scope names to grammar files from VS Code's builtin extensions, or the stubs if none are found. */
function findBuiltinGrammars(): { files: Map<string, string>; source: GrammarSource } {
  const dirs = process.env.GRAMMAR_TEST_STUBS === '1' ? [] : candidateExtensionDirs();
  for (const dir of dirs) {
    if (!existsSync(path.join(dir, 'yaml', 'syntaxes'))) continue;
    const files = new Map<string, string>();
    for (const ext of BUILTIN_EXTENSIONS) {
      const syntaxes = path.join(dir, ext, 'syntaxes');
      if (!existsSync(syntaxes)) continue;
      for (const name of readdirSync(syntaxes)) {
        if (!name.endsWith('.tmLanguage.json')) continue;
        const file = path.join(syntaxes, name);
        const scope = scopeNameOf(file);
        if (scope) files.set(scope, file);
      }
    }
    return { files, source: { kind: 'vscode', location: dir } };
  }
  const stubDir = path.join(__dirname, 'stub-grammars');
  const files = new Map<string, string>();
  for (const name of readdirSync(stubDir)) {
    const file = path.join(stubDir, name);
    const scope = scopeNameOf(file);
    if (scope) files.set(scope, file);
  }
  return { files, source: { kind: 'stub', location: stubDir } };
}

export interface Token {
  text: string;
  scopes: string[];
}

export interface Tokenizer {
  source: GrammarSource;
  /** Tokenizes a whole document with the grammar of `scopeName`; one token array per line. */
  tokenize(scopeName: string, text: string): Promise<Token[][]>;
}

/** Creates a registry that knows our grammars and VS Code's builtin ones. */
export async function createTokenizer(): Promise<Tokenizer> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const onigLib: Promise<vsctm.IOnigLib> = Promise.resolve({
    createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
    createOnigString: (s: string) => new oniguruma.OnigString(s),
  });

  const { files, source } = findBuiltinGrammars();
  for (const name of ['buildspec', 'appspec']) {
    const file = path.join(repoRoot, 'syntaxes', `${name}.tmLanguage.json`);
    files.set(`source.yaml.${name}`, file);
  }

  const registry = new vsctm.Registry({
    onigLib,
    loadGrammar: (scopeName) => {
      const file = files.get(scopeName);
      if (!file) return Promise.resolve(null);
      return Promise.resolve(vsctm.parseRawGrammar(readFileSync(file, 'utf8'), file));
    },
  });

  return {
    source,
    async tokenize(scopeName, text) {
      const grammar = await registry.loadGrammar(scopeName);
      if (!grammar) throw new Error(`Grammar not found: ${scopeName}`);
      let state = vsctm.INITIAL;
      const result: Token[][] = [];
      for (const line of text.split(/\r?\n/)) {
        const r = grammar.tokenizeLine(line, state);
        result.push(r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })));
        state = r.ruleStack;
      }
      return result;
    },
  };
}

/** Renders tokens one per line as `text  scope scope ...`, for debugging and failure messages. */
export function dumpTokens(lines: Token[][]): string {
  return lines
    .map((tokens, i) =>
      tokens.map((t) => `${i}: ${JSON.stringify(t.text)}  ${t.scopes.join(' ')}`).join('\n'),
    )
    .join('\n');
}
