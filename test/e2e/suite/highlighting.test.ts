// Highlighting of multi-line commands as the editor shows it: the semantic tokens VS Code received from the
// language server for commands the TextMate grammar cannot follow, and a screenshot to look at.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { decodeTokens } from '../../support/semanticTokens';
import { api, closeAllEditors, openScratch, screenshot, waitFor } from './helpers';

const MULTI_LINE = `version: 0.2
phases:
  build:
    commands:
      - echo "one line" && if true; then echo "$HOME"; fi
      - echo "several
        lines" && if true;
        then echo "$HOME"; fi
      - "docker build -t 'app:
        latest' . &&
        echo \\"$IMAGE\\" # built"
      - |
        cat <<EOF > notes.txt
        built $CODEBUILD_BUILD_ID "quote
        EOF
        echo done
      - |
        docker run \\
          --rm "$IMAGE" \\
          sh -c 'make test'
        if [ $? -eq 0 ]; then echo ok; fi
`;

/** The tokens VS Code holds for the document, as `line:column text type[.modifier]`. */
async function shownTokens(doc: vscode.TextDocument): Promise<string[] | undefined> {
  const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend | undefined>(
    'vscode.provideDocumentSemanticTokensLegend',
    doc.uri,
  );
  const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens | undefined>(
    'vscode.provideDocumentSemanticTokens',
    doc.uri,
  );
  if (!legend || !tokens || tokens.data.length === 0) return undefined;
  return decodeTokens(tokens.data, legend, (line) => doc.lineAt(line).text);
}

export function registerHighlightingTests(): void {
  suite('highlighting of multi-line commands', () => {
    suiteSetup(async () => {
      await (await api()).whenServerRunning();
    });
    teardown(closeAllEditors);

    test('the shell parser colours commands over several lines; one-line commands keep the grammar', async () => {
      const editor = await openScratch('buildspec.yml', MULTI_LINE);
      const doc = editor.document;
      const tokens = await waitFor('semantic tokens from the language server', () => shownTokens(doc));
      const on = (line: number) => tokens.filter((t) => t.startsWith(`${line}:`));
      // One line: the grammar is right there, so the server adds nothing.
      assert.deepEqual(on(4), []);
      // A plain scalar over three lines: `then` on its own line is a keyword, the folded string a string.
      assert.deepEqual(on(5), ['5:8 echo function.defaultLibrary', '5:13 "several string']);
      assert.deepEqual(on(6), [
        '6:8 lines" string',
        '6:15 && operator',
        '6:18 if keyword',
        '6:21 true function.defaultLibrary',
        '6:25 ; operator',
      ]);
      assert.deepEqual(on(7), [
        '7:8 then keyword',
        '7:13 echo function.defaultLibrary',
        '7:18 " string',
        '7:19 $HOME variable',
        '7:24 " string',
        '7:25 ; operator',
        '7:27 fi keyword',
      ]);
      // A double-quoted command: YAML's escaped quotes are the shell's quotes, `#` starts a shell comment.
      assert.deepEqual(on(8), ['8:9 docker function', "8:25 'app: string"]);
      assert.deepEqual(on(9), ["9:8 latest' string", '9:18 && operator']);
      assert.deepEqual(on(10), [
        '10:8 echo function.defaultLibrary',
        '10:13 \\" string',
        '10:15 $IMAGE variable',
        '10:21 \\" string',
        '10:24 # built comment',
      ]);
      // A here-document in a literal block: its body is text, and the command after its end is code.
      assert.deepEqual(on(12), [
        '12:8 cat function',
        '12:12 << operator',
        '12:14 EOF string',
        '12:18 > operator',
      ]);
      assert.deepEqual(on(13), [
        '13:8 built string',
        '13:14 $CODEBUILD_BUILD_ID variable',
        '13:34 "quote string',
      ]);
      assert.deepEqual(on(14), ['14:8 EOF string']);
      assert.deepEqual(on(15), ['15:8 echo function.defaultLibrary']);
      // Backslash continuations in a block: the grammar takes `--rm …` for a command name and loses the
      // quotes from there on; the parser reads one command.
      assert.deepEqual(on(17), ['17:8 docker function']);
      assert.deepEqual(on(18), ['18:15 " string', '18:16 $IMAGE variable', '18:22 " string']);
      assert.deepEqual(on(19), ["19:16 'make test' string"]);
      assert.deepEqual(on(20), [
        '20:8 if keyword',
        '20:11 [ operator',
        '20:13 $? variable',
        '20:22 ]; operator',
        '20:25 then keyword',
        '20:30 echo function.defaultLibrary',
        '20:37 ; operator',
        '20:39 fi keyword',
      ]);
      await screenshot('highlighting-multi-line-commands');
    });
  });
}
