// Tokenizes buildspec/appspec text with the real TextMate engine and checks what a reader would see:
// shell (or PowerShell) inside commands, plain YAML everywhere else.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, test, type TestContext } from 'node:test';
import { assertNoScope, assertScopes, assertYamlKey, dedent, hasScope } from './scope-assert';
import { createTokenizer, type Token, type Tokenizer } from './textmate';

let tm: Tokenizer;

before(async () => {
  tm = await createTokenizer();
  const banner =
    tm.source.kind === 'vscode'
      ? `grammar tests: using VS Code's grammars from ${tm.source.location}`
      : `grammar tests: VS CODE GRAMMARS NOT FOUND, USING TEST STUBS from ${tm.source.location} ` +
        '(run scripts/ensure-host.mjs or set VSCODE_EXTENSIONS_DIR); shell/YAML detail tests are skipped';
  console.log(banner);
});

/** Skips a test that checks detail only VS Code's own grammars have; true when skipped. */
function skipWithStubs(t: TestContext): boolean {
  if (tm.source.kind === 'vscode') return false;
  t.skip('needs the grammars VS Code ships');
  return true;
}

/** Tokenizes `text` (a template whose common indentation is removed) with our buildspec grammar. */
async function buildspec(text: string): Promise<Token[][]> {
  return tm.tokenize('source.yaml.buildspec', dedent(text));
}

void describe('buildspec grammar: shell in commands', () => {
  void test('a plain command item is shell, and the next phase is YAML again', async () => {
    const t = await buildspec(`
      phases:
        build:
          commands:
            - echo "$HOME" | tee x
        post_build:
          run-as: root
    `);
    assertScopes(t, 3, 'echo', 'meta.embedded.line.shellscript', 'support.function.builtin.shell');
    assertScopes(t, 3, 'HOME', 'variable.other.normal.shell');
    assertScopes(t, 3, '|', 'keyword.operator.pipe.shell');
    assertScopes(t, 3, '-', 'punctuation.definition.block.sequence.item.yaml');
    assertNoScope(t, 3, '-', 'meta.embedded');
    assertScopes(t, 2, 'commands', 'entity.name.tag.yaml');
    assertYamlKey(t, 4, 'post_build');
    assertYamlKey(t, 5, 'run-as');
    assertScopes(t, 5, 'root', 'string.unquoted.plain.out.yaml');
  });

  void test('block scalars are shell scripts; finally: after commands: is a key, its items shell', async () => {
    const t = await buildspec(`
      phases:
        build:
          commands:
            - |
              if [ -f x ]; then
                echo yes
              fi
            - >-
              echo folded

          finally:
            - echo cleanup
        post_build:
          commands:
            - echo done
    `);
    assertScopes(t, 3, '|', 'keyword.control.flow.block-scalar.literal.yaml');
    assertNoScope(t, 3, '|', 'meta.embedded');
    assertScopes(t, 4, 'if', 'meta.embedded.block.shellscript', 'keyword.control');
    assertScopes(t, 5, 'echo', 'meta.embedded.block.shellscript', 'support.function.builtin.shell');
    assertScopes(t, 6, 'fi', 'meta.embedded.block.shellscript', 'keyword.control');
    assertScopes(t, 7, '>', 'keyword.control.flow.block-scalar.folded.yaml');
    assertScopes(t, 8, 'echo', 'meta.embedded.block.shellscript');
    assertScopes(t, 10, 'finally', 'entity.name.tag.yaml');
    assertNoScope(t, 10, 'finally', 'meta.embedded');
    assertScopes(t, 11, 'echo', 'meta.embedded.line.shellscript', 'support.function.builtin.shell');
    assertYamlKey(t, 12, 'post_build');
    assertScopes(t, 14, 'echo', 'meta.embedded.line.shellscript', 'support.function.builtin.shell');
  });

  void test("compact form: '- ' at the same indentation as commands:", async () => {
    const t = await buildspec(`
      phases:
        install:
          commands:
          - echo one
          - |
            echo two
          finally:
          - echo three
          run-as: builder
    `);
    assertScopes(t, 3, 'echo', 'meta.embedded.line.shellscript', 'support.function.builtin.shell');
    assertScopes(t, 5, 'echo', 'meta.embedded.block.shellscript');
    assertScopes(t, 6, 'finally', 'entity.name.tag.yaml');
    assertNoScope(t, 6, 'finally', 'meta.embedded');
    assertScopes(t, 7, 'echo', 'meta.embedded.line.shellscript');
    assertYamlKey(t, 8, 'run-as');
  });

  void test('quoted items: YAML quotes around a shell script; an unbalanced quote stays in its item', async () => {
    const t = await buildspec(`
      phases:
        build:
          commands:
            - "echo \\"$A\\" # not a comment"  # a comment
            - 'echo ''it'''
            - "echo 'unbalanced"
            - echo after
    `);
    const open = t[3].find((tok) => tok.text === '"')!;
    assert.ok(hasScope(open, 'punctuation.definition.string.begin.yaml'), open.scopes.join(' '));
    assert.ok(!hasScope(open, 'meta.embedded'), open.scopes.join(' '));
    assertScopes(t, 3, 'echo', 'meta.embedded.line.shellscript', 'support.function.builtin.shell');
    assertScopes(t, 3, 'a comment', 'comment.line.number-sign.yaml');
    assertNoScope(t, 3, 'a comment', 'meta.embedded');
    assertScopes(t, 4, 'echo', 'meta.embedded.line.shellscript', 'support.function.builtin.shell');
    const close = t[5].at(-1)!;
    assert.equal(close.text, '"');
    assert.ok(hasScope(close, 'punctuation.definition.string.end.yaml'), close.scopes.join(' '));
    assert.ok(!hasScope(close, 'string.quoted.single.shell'), close.scopes.join(' '));
    assertScopes(t, 6, 'echo', 'meta.embedded.line.shellscript', 'support.function.builtin.shell');
    assertNoScope(t, 6, 'echo', 'string');
  });

  void test('an unclosed shell construct cannot swallow the next key', async () => {
    const t = await buildspec(`
      phases:
        build:
          commands:
            - echo "never closed
            - |
              cat <<EOF
              no terminator
        post_build:
          commands:
            - echo ok
    `);
    assertYamlKey(t, 7, 'post_build');
    assertScopes(t, 9, 'echo', 'meta.embedded.line.shellscript', 'support.function.builtin.shell');
  });

  void test('comments, null items and multi-line plain items', async () => {
    const t = await buildspec(`
      phases:
        build:
          commands:
            # a comment line
            - # a null item
            - echo one
              two
            - echo three
    `);
    assertScopes(t, 3, 'a comment line', 'comment.line.number-sign.yaml');
    assertNoScope(t, 3, 'a comment line', 'meta.embedded');
    assertScopes(t, 4, 'a null item', 'comment.line.number-sign.yaml');
    assertScopes(t, 6, 'two', 'meta.embedded.line.shellscript');
    assertScopes(t, 7, 'echo', 'meta.embedded.line.shellscript', 'support.function.builtin.shell');
  });

  void test("'commands:' written as one scalar is still a script", async () => {
    const t = await buildspec(`
      phases:
        build:
          commands: echo inline
        post_build:
          commands: |
            echo block
          finally:
            - echo x
    `);
    assertScopes(t, 2, 'echo', 'meta.embedded.line.shellscript', 'support.function.builtin.shell');
    assertYamlKey(t, 3, 'post_build');
    assertScopes(t, 5, 'echo', 'meta.embedded.block.shellscript', 'support.function.builtin.shell');
    assertScopes(t, 6, 'finally', 'entity.name.tag.yaml');
    assertScopes(t, 7, 'echo', 'meta.embedded.line.shellscript');
  });

  void test('commands-like text outside commands: stays YAML', async () => {
    const t = await buildspec(`
      env:
        variables:
          GREETING: echo hello
      artifacts:
        files:
          - echo.txt
    `);
    assertScopes(t, 2, 'echo hello', 'string.unquoted.plain.out.yaml');
    assertScopes(t, 5, 'echo.txt', 'string.unquoted.plain.out.yaml');
    for (const line of t)
      for (const tok of line) assert.ok(!hasScope(tok, 'meta.embedded'), tok.scopes.join(' '));
  });
});

void describe('buildspec grammar: PowerShell', () => {
  for (const shell of ['powershell.exe', 'pwsh', '"powershell"']) {
    void test(`env: shell: ${shell} switches commands to PowerShell`, async () => {
      const t = await buildspec(`
        version: 0.2
        env:
          shell: ${shell}
          variables:
            A: b
        phases:
          build:
            commands:
              - Write-Host "hi $env:A"
              - |
                Get-ChildItem Env:
            finally:
              - 'Remove-Item x'
        artifacts:
          files: x
      `);
      assertScopes(t, 2, 'shell', 'entity.name.tag.yaml');
      assertScopes(t, 4, 'A', 'entity.name.tag.yaml');
      assertScopes(t, 8, 'Write-Host', 'meta.embedded.line.powershell', 'support.function.powershell');
      assertScopes(t, 10, 'Get-ChildItem', 'meta.embedded.block.powershell', 'support.function.powershell');
      assertScopes(t, 12, 'Remove-Item', 'meta.embedded.line.powershell', 'support.function.powershell');
      assertYamlKey(t, 13, 'artifacts');
      for (const line of t)
        for (const tok of line) assert.ok(!hasScope(tok, 'meta.embedded.line.shellscript'));
    });
  }

  void test('other shells keep shell highlighting', async () => {
    const t = await buildspec(`
      env:
        shell: bash
      phases:
        build:
          commands:
            - echo hi
    `);
    assertScopes(t, 5, 'echo', 'meta.embedded.line.shellscript', 'support.function.builtin.shell');
  });

  void test('the PowerShell rules mirror the shell rules', () => {
    const grammar = JSON.parse(
      readFileSync(path.join(__dirname, '../../syntaxes/buildspec.tmLanguage.json'), 'utf8'),
    ) as { repository: Record<string, unknown> };
    const shellKeys = Object.keys(grammar.repository).filter((k) => k.endsWith('-shellscript'));
    assert.ok(shellKeys.length >= 4, shellKeys.join());
    const normalize = (rule: unknown, id: string, scope: string) =>
      JSON.stringify(rule)
        .replaceAll('{"include":"#shell-first-statement"},', '')
        .replaceAll(scope, 'SCOPE')
        .replaceAll(id, 'LANG');
    for (const key of shellKeys) {
      const twin = key.replace(/-shellscript$/, '-powershell');
      assert.equal(
        normalize(grammar.repository[twin], 'powershell', 'source.powershell'),
        normalize(grammar.repository[key], 'shellscript', 'source.shell'),
        `${twin} differs from ${key}`,
      );
    }
  });
});

void describe('buildspec grammar: keywords and YAML fidelity', () => {
  void test('phase and runtime names get an extra scope and stay YAML keys', async () => {
    const t = await buildspec(`
      phases:
        install:
          runtime-versions:
            nodejs: 20
            python: "3.12"
        pre_build:
          commands:
            - echo
    `);
    assertScopes(t, 1, 'install', 'entity.name.tag.yaml', 'keyword.control.phase.buildspec');
    assertScopes(t, 3, 'nodejs', 'entity.name.tag.yaml', 'support.type.runtime.buildspec');
    assertScopes(t, 4, 'python', 'entity.name.tag.yaml', 'support.type.runtime.buildspec');
    assertScopes(t, 5, 'pre_build', 'entity.name.tag.yaml', 'keyword.control.phase.buildspec');
    assertScopes(t, 0, 'phases', 'entity.name.tag.yaml');
    assertNoScope(t, 0, 'phases', 'keyword');
  });

  void test('outside commands every token matches what plain YAML gives', async (t) => {
    if (skipWithStubs(t)) return;
    const text = dedent(`
      version: 0.2 # comment
      env:
        variables:
          KEY: "value"
        secrets-manager:
          TOKEN: 'prod/token:api'
      phases:
        build:
          commands:
            - make
        post_build:
          on-failure: CONTINUE
      reports:
        unit:
          files: ['**/*.xml']
          file-format: JUNITXML
      artifacts:
        files:
          - target/*.jar
        discard-paths: yes
    `);
    const ours = await tm.tokenize('source.yaml.buildspec', text);
    const yaml = await tm.tokenize('source.yaml', text);
    const leaf = (line: Token[]) =>
      line
        .filter((tok) => tok.text.trim())
        .map(
          (tok) =>
            `${tok.text}@${tok.scopes.filter((s) => !s.startsWith('meta.') && !s.endsWith('.buildspec')).at(-1)}`,
        );
    ours.forEach((line, i) => {
      if (i >= 8 && i <= 9) return;
      assert.deepEqual(leaf(line), leaf(yaml[i]), `line ${i}: ${text.split('\n')[i]}`);
    });
  });

  void test('shell keywords in arguments are not statements', async (t) => {
    if (skipWithStubs(t)) return;
    const lines = await buildspec(`
      phases:
        build:
          commands:
            - echo done
    `);
    assertNoScope(lines, 3, 'done', 'keyword');
  });

  void test('a here-document in a | block ends at its indented delimiter; the script goes on after it', async (t) => {
    if (skipWithStubs(t)) return;
    const lines = await buildspec(`
      phases:
        build:
          commands:
            - |
              cat <<EOF > notes.txt
              built $ID "quote
              EOF
              echo after
              cat <<-'END' | tr a b
              	raw $X
              	END
              wc -l <<< "$Y"
              echo last
            - echo next
    `);
    assertScopes(lines, 4, '<<', 'keyword.operator.heredoc.shell');
    assertScopes(lines, 4, '>', 'keyword.operator.redirect.shell');
    assertScopes(lines, 5, 'ID', 'string.unquoted.heredoc', 'variable.other.normal.shell');
    assertScopes(lines, 5, '"quote', 'string.unquoted.heredoc');
    assertScopes(lines, 6, 'EOF', 'punctuation.definition.string.heredoc.delimiter.shell');
    assertNoScope(lines, 6, 'EOF', 'string.unquoted.heredoc');
    // Before the fix the rest of the block was the here-document's text.
    assertScopes(lines, 7, 'echo', 'support.function.builtin.shell');
    assertNoScope(lines, 7, 'after', 'string.unquoted.heredoc');
    assertScopes(lines, 8, '|', 'keyword.operator.pipe.shell');
    // A quoted delimiter: the body expands nothing.
    assertScopes(lines, 9, 'raw $X', 'string.quoted.heredoc');
    assertScopes(lines, 10, 'END', 'punctuation.definition.string.heredoc.delimiter.shell');
    // `<<<` is a here-string, not a here-document: the next line is code.
    assertScopes(lines, 12, 'echo', 'support.function.builtin.shell');
    assertNoScope(lines, 12, 'echo', 'string');
    assertScopes(lines, 13, 'echo', 'meta.embedded.line.shellscript', 'support.function.builtin.shell');
  });

  void test('an unterminated here-document in a | block stops at the block', async (t) => {
    if (skipWithStubs(t)) return;
    const lines = await buildspec(`
      phases:
        build:
          commands:
            - |
              cat <<EOF
              never ended
            - echo next
        post_build:
          commands: [ls]
    `);
    assertScopes(lines, 5, 'never ended', 'string.unquoted.heredoc');
    assertScopes(lines, 6, 'echo', 'meta.embedded.line.shellscript', 'support.function.builtin.shell');
    assertYamlKey(lines, 7, 'post_build');
  });
});

void describe('appspec grammar', () => {
  void test('lifecycle hook names are keywords in EC2 and ECS/Lambda files', async () => {
    const t = await tm.tokenize(
      'source.yaml.appspec',
      dedent(`
        version: 0.0
        os: linux
        hooks:
          BeforeInstall:
            - location: scripts/install.sh
              timeout: 300
          Install:
            - location: x
        Hooks:
          - AfterAllowTestTraffic: "ValidateFn"
        Resources:
          - TargetService:
              Type: AWS::ECS::Service
      `),
    );
    assertScopes(t, 3, 'BeforeInstall', 'entity.name.tag.yaml', 'keyword.control.hook.appspec');
    assertScopes(t, 4, 'location', 'entity.name.tag.yaml');
    assertNoScope(t, 4, 'location', 'keyword');
    assertNoScope(t, 6, 'Install', 'keyword');
    assertScopes(t, 9, 'AfterAllowTestTraffic', 'entity.name.tag.yaml', 'keyword.control.hook.appspec');
    assertScopes(t, 9, 'ValidateFn', 'string.quoted.double.yaml');
    assertScopes(
      t,
      12,
      'AWS::ECS::Service',
      'string.unquoted.plain.out.yaml',
      'support.type.resource.appspec',
    );
    for (const line of t)
      for (const tok of line) assert.ok(!hasScope(tok, 'meta.embedded'), tok.scopes.join(' '));
  });
});
