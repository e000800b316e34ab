// The CodeBuild log grammar, tokenized with the engine VS Code uses: CodeBuild's own lines (phase
// headers, commands, results, failures) and error/warning words in tool output get their scopes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { assertNoScope, assertScopes } from './scope-assert';
import type { Token } from './textmate';

const require = createRequire(__filename);
const GRAMMAR = path.resolve(__dirname, '..', '..', 'syntaxes', 'codebuild-log.tmLanguage.json');
let grammar: vsctm.IGrammar;

before(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: (scope) =>
      Promise.resolve(
        scope === 'text.log.codebuild' ? vsctm.parseRawGrammar(readFileSync(GRAMMAR, 'utf8'), GRAMMAR) : null,
      ),
  });
  const g = await registry.loadGrammar('text.log.codebuild');
  assert.ok(g);
  grammar = g;
});

function tokenize(...lines: string[]): Token[][] {
  let state = vsctm.INITIAL;
  return lines.map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

void describe('CodeBuild log grammar', () => {
  void test('phase headers, commands and results of [Container] lines', () => {
    const t = tokenize(
      '[Container] 2024/01/12 10:20:30.123456 Entering phase BUILD',
      '[Container] 2024/01/12 10:20:30.223456 Running command npm test',
      '[Container] 2024/01/12 10:20:31.000000 Phase complete: INSTALL State: SUCCEEDED',
      '[Container] 2024/01/12 10:20:32.000000 Phase complete: BUILD State: FAILED',
      '[Container] 2024/01/12 10:20:32.100000 Phase context status code: COMMAND_EXECUTION_ERROR Message: Error while executing command: make. Reason: exit status 2',
      '[Container] 2024/01/12 10:20:31.900000 Command did not exit successfully make exit status 2',
      '[Container] 2024/01/12 10:20:25.001234 Phase is DOWNLOAD_SOURCE',
    );
    assertScopes(t, 0, '[Container]', 'keyword.other.container.codebuild');
    assertScopes(t, 0, '2024/01/12 10:20:30.123456', 'comment.line.timestamp.codebuild');
    assertScopes(t, 0, 'BUILD', 'entity.name.section.phase.codebuild', 'markup.heading.phase.codebuild');
    assertScopes(t, 1, 'Running command', 'keyword.control.command.codebuild');
    assertScopes(t, 1, 'npm test', 'string.unquoted.command.codebuild');
    assertScopes(t, 2, 'SUCCEEDED', 'markup.inserted.result.codebuild');
    assertScopes(t, 3, 'FAILED', 'invalid.illegal.result.codebuild');
    assertScopes(t, 4, 'COMMAND_EXECUTION_ERROR', 'invalid.illegal.status-code.codebuild');
    assertScopes(t, 5, 'Command did not exit successfully', 'invalid.illegal.failure.codebuild');
    assertScopes(t, 6, 'DOWNLOAD_SOURCE', 'entity.name.section.phase.codebuild');
  });

  void test('an empty phase context is not an error', () => {
    const t = tokenize('[Container] 2024/01/12 10:20:31.000100 Phase context status code:  Message: ');
    assert.ok(!t[0].some((tok) => tok.scopes.some((s) => s.startsWith('invalid'))), JSON.stringify(t[0]));
  });

  void test('errors, warnings and passes in tool output; paths with a line number', () => {
    const t = tokenize(
      "src/a.ts(12,5): error TS2322: Type 'x' is not assignable",
      'npm WARN deprecated inflight@1.0.6',
      '  ✔ answers 200',
      'the errorless line',
      '… 5 earlier lines are not loaded (this view keeps the last 5 lines).',
    );
    assertScopes(t, 0, 'src/a.ts(12,5)', 'markup.underline.link.path.codebuild');
    assertScopes(t, 0, 'error', 'invalid.illegal.error.codebuild');
    assertScopes(t, 1, 'WARN', 'markup.changed.warning.codebuild');
    assertScopes(t, 2, '✔', 'markup.inserted.success.codebuild');
    assertNoScope(t, 3, 'the errorless line', 'invalid.illegal.error.codebuild');
    assertScopes(t, 4, t[4][0].text.trim(), 'comment.line.header.codebuild');
  });
});
