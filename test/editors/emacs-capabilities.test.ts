/**
 * What the server makes of Eglot 1.9's `initialize` request, without Emacs: the capabilities as Eglot 1.9
 * declares them (eglot.el, `eglot-client-capabilities`), with and without YASnippet and markdown-mode.
 * test/editors/emacs.test.ts runs the real Eglot; this one says which answer each feature gets.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InsertTextFormat, type CompletionItem, type InitializeParams } from 'vscode-languageserver/node';
import { fitCompletion, readClientFeatures } from '../../server/src/clientCapabilities';

/** Eglot 1.9's capabilities; `yasnippet` and `markdown` say whether those packages are on. */
function eglotInitialize(yasnippet: boolean, markdown: boolean): InitializeParams {
  return {
    processId: 1,
    rootUri: 'file:///ws',
    initializationOptions: {},
    capabilities: {
      workspace: {
        applyEdit: true,
        executeCommand: { dynamicRegistration: false },
        workspaceEdit: { documentChanges: true },
        didChangeWatchedFiles: { dynamicRegistration: true },
        symbol: { dynamicRegistration: false },
        configuration: true,
        workspaceFolders: true,
      },
      textDocument: {
        completion: {
          dynamicRegistration: false,
          completionItem: {
            snippetSupport: yasnippet,
            deprecatedSupport: true,
            tagSupport: { valueSet: [1] },
          },
          contextSupport: true,
        },
        hover: {
          dynamicRegistration: false,
          contentFormat: markdown ? ['markdown', 'plaintext'] : ['plaintext'],
        },
        codeAction: {
          dynamicRegistration: false,
          codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } },
          isPreferredSupport: true,
        },
        publishDiagnostics: {
          relatedInformation: false,
          codeDescriptionSupport: false,
          tagSupport: { valueSet: [1, 2] },
        },
      },
    },
  };
}

describe('Eglot 1.9 capabilities', () => {
  it('plain Emacs: one-line plain-text completions, plain-text hover, settings pulled without a registration', () => {
    const features = readClientFeatures(eglotInitialize(false, false), {});
    assert.equal(features.snippets, false);
    assert.equal(features.multiLineInsertions, false);
    assert.deepEqual(features.insertTextModes, []);
    assert.equal(features.hoverMarkdown, false);
    assert.equal(features.completionMarkdown, false);
    assert.equal(features.pullConfiguration, true);
    // Eglot warns "Server tried to register unsupported capability" for anything it did not declare.
    assert.equal(features.registerConfigurationChange, false);
    assert.equal(features.watchFiles, true);
    assert.equal(features.retriggerCommand, undefined);
  });

  it('with YASnippet and markdown-mode on: snippets and Markdown hover', () => {
    const features = readClientFeatures(eglotInitialize(true, true), {});
    assert.equal(features.snippets, true);
    assert.equal(features.multiLineInsertions, true);
    assert.equal(features.hoverMarkdown, true);
    // Eglot 1.9 declares no documentationFormat: completion documentation stays plain.
    assert.equal(features.completionMarkdown, false);
  });

  it('VS Code declares the registration, so it keeps it', () => {
    const params = eglotInitialize(true, true);
    const withRegistration = {
      ...params,
      capabilities: {
        ...params.capabilities,
        workspace: {
          ...params.capabilities.workspace,
          didChangeConfiguration: { dynamicRegistration: true },
        },
      },
    };
    assert.equal(readClientFeatures(withRegistration, {}).registerConfigurationChange, true);
  });

  it('with YASnippet: a choice becomes its first value as a placeholder, which YASnippet fills in', () => {
    // YASnippet expands `"${1|EC2,ECS|}"` to `"1|EC2,ECS|"`.
    const item = (newText: string): CompletionItem => ({
      label: 'x',
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText },
    });
    const texts = (features: ReturnType<typeof readClientFeatures>, newText: string) =>
      fitCompletion([item(newText)], features).map((i) => i.textEdit?.newText);
    const eglot = readClientFeatures(eglotInitialize(true, false), {});
    assert.equal(eglot.snippetChoices, false);
    assert.deepEqual(texts(eglot, '"os": "${1|linux,windows|}"'), ['"os": "${1:linux}"']);
    // Escapes of the choice syntax are undone, and what a placeholder must escape is escaped.
    assert.deepEqual(texts(eglot, '${2|a\\,b,c|} ${3|$x}|}'), ['${2:a,b} ${3:\\$x\\}}']);
    assert.deepEqual(texts(eglot, 'phases:\n  $0'), ['phases:\n  $0']);
    const vscode = readClientFeatures(
      { ...eglotInitialize(true, true), clientInfo: { name: 'Visual Studio Code' } },
      {},
    );
    assert.deepEqual(texts(vscode, '"${1|linux,windows|}"'), ['"${1|linux,windows|}"']);
  });
});
