/**
 * What the server makes of Eglot 1.9's `initialize` request, without Emacs: the capabilities as Eglot 1.9
 * declares them (eglot.el, `eglot-client-capabilities`), with and without YASnippet and markdown-mode.
 * test/editors/emacs.test.ts runs the real Eglot; this one says which answer each feature gets.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InitializeParams } from 'vscode-languageserver/node';
import { readClientFeatures } from '../../server/src/clientCapabilities';

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
});
