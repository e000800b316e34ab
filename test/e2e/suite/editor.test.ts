// Contributions that work without the server: snippets, the TextMate grammars (token scopes) and the
// language configuration (comment toggling, indentation on Enter, list continuation).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, extension, openExample, openScratch, waitFor } from './helpers';

interface SnippetFile {
  [name: string]: { prefix: string | string[]; body: string | string[]; description?: string };
}

interface CapturedToken {
  c: string;
  t: string;
}

function readSnippets(language: string): SnippetFile | undefined {
  const file = path.join(extension().extensionPath, 'snippets', `${language}.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as SnippetFile) : undefined;
}

/** Presses Enter at the end of the given line the way a user does, then returns the new line's text. */
async function enterAfter(editor: vscode.TextEditor, line: number): Promise<string> {
  // `type` goes to the focused editor: make sure it is this one, with its language's rules loaded.
  await vscode.window.showTextDocument(editor.document, { preview: false, preserveFocus: false });
  await waitFor('the scratch editor to be active', () =>
    vscode.window.activeTextEditor?.document === editor.document && editor.document.languageId !== 'plaintext'
      ? true
      : undefined,
  );
  const end = editor.document.lineAt(line).range.end;
  editor.selection = new vscode.Selection(end, end);
  await vscode.commands.executeCommand('type', { text: '\n' });
  return editor.document.lineAt(line + 1).text;
}

export function registerEditorTests(): void {
  suite('editor contributions', () => {
    teardown(closeAllEditors);

    for (const language of ['buildspec', 'appspec']) {
      test(`a ${language} snippet inserts through the snippet command`, async function () {
        const snippets = readSnippets(language);
        const first = Object.entries(snippets ?? {})[0];
        if (!first) return this.skip();
        const [name, snippet] = first;
        const editor = await openScratch(language === 'buildspec' ? 'buildspec.yml' : 'appspec.yml', '');
        assert.equal(editor.document.languageId, language);
        await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: language, name });
        const body = Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
        // The first word of the body that is not part of a placeholder must appear in the document.
        const literal = body.replace(/\$\{[^}]*\}|\$\d+/g, '').match(/[A-Za-z_][\w-]*/)?.[0];
        const text = await waitFor(`snippet "${name}" to be inserted`, () =>
          editor.document.getText().length > 0 ? editor.document.getText() : undefined,
        );
        if (literal) assert.ok(text.includes(literal), `"${literal}" not in:\n${text}`);
      });
    }

    test('snippets appear in completion for an empty buildspec', async function () {
      const snippets = readSnippets('buildspec');
      if (!snippets || Object.keys(snippets).length === 0) this.skip();
      const editor = await openScratch('buildspec.yml', '');
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        editor.document.uri,
        new vscode.Position(0, 0),
      );
      const snippetItems = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet);
      assert.ok(snippetItems.length > 0, 'no snippet completion items');
    });

    test('the buildspec grammar scopes keys and embeds shell in commands', async function () {
      const editor = await openExample('buildspec.yml');
      let tokens: CapturedToken[] | undefined;
      try {
        tokens = await vscode.commands.executeCommand<CapturedToken[]>(
          '_workbench.captureSyntaxTokens',
          editor.document.uri,
        );
      } catch (err) {
        console.log(`      _workbench.captureSyntaxTokens is not available here: ${String(err)}`);
      }
      if (!tokens || tokens.length === 0) return this.skip();
      const all = tokens;
      assert.ok(
        all.every((t) => t.t.startsWith('source.yaml.buildspec')),
        `root scope: ${all[0]?.t ?? '(none)'}`,
      );
      const phases = all.find((t) => t.c === 'phases');
      assert.ok(phases, 'no token "phases"');
      assert.notEqual(phases.t, 'source.yaml.buildspec', 'the key "phases" has no scope of its own');
      const npm = all.find((t) => t.c.includes('npm') && /shell|embedded/.test(t.t));
      assert.ok(
        npm,
        `no shell-scoped token in commands; tokens with npm: ${all
          .filter((t) => t.c.includes('npm'))
          .map((t) => t.t)
          .join(' | ')}`,
      );
    });

    test('the appspec grammar is used for appspec files', async function () {
      const editor = await openExample('appspec.yml');
      let tokens: CapturedToken[] | undefined;
      try {
        tokens = await vscode.commands.executeCommand<CapturedToken[]>(
          '_workbench.captureSyntaxTokens',
          editor.document.uri,
        );
      } catch {
        tokens = undefined;
      }
      if (!tokens || tokens.length === 0) return this.skip();
      const all = tokens;
      assert.ok(
        all.every((t) => t.t.startsWith('source.yaml.appspec')),
        `root scope: ${all[0]?.t}`,
      );
    });

    test('Enter after a key ending in ":" indents', async () => {
      const editor = await openScratch('buildspec.yml', 'version: 0.2\nphases:');
      const next = await enterAfter(editor, 1);
      assert.equal(next, '  ', `indentation after "phases:" was ${JSON.stringify(next)}`);
    });

    test('Enter after a list item continues the list', async () => {
      const editor = await openScratch(
        'buildspec.yml',
        'version: 0.2\nphases:\n  build:\n    commands:\n      - npm ci',
      );
      const next = await enterAfter(editor, 4);
      assert.equal(next, '      - ');
    });

    test('Toggle Line Comment uses #', async () => {
      const editor = await openScratch('buildspec.yml', 'version: 0.2\n');
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      await vscode.commands.executeCommand('editor.action.commentLine');
      assert.equal(editor.document.lineAt(0).text, '# version: 0.2');
    });
  });
}
