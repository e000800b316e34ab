/** The built server spoken to over stdio, as any LSP editor does. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type {
  CodeAction,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  Hover,
} from 'vscode-languageserver-protocol';
import { startServer, type TestServer } from '../support/lspClient';

const URI = 'file:///work/space/buildspec.yml';
const TEXT =
  'version: 0.2\nphases:\n  pre-build:\n    commands:\n      - echo hi\n  install:\n    runtime-versions:\n      python: 3.10\n';

describe('language server over stdio', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => {
    if (server.process.exitCode === null) server.process.kill();
  });

  it('publishes diagnostics with codes and says what the file is when a buildspec opens', async () => {
    const diagnostics = server.diagnostics(URI, 1);
    const status = server.status(URI);
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: URI, languageId: 'buildspec', version: 1, text: TEXT },
    });
    const published = await diagnostics;
    assert.deepEqual(
      published.diagnostics.map((d: Diagnostic) => [d.code, d.range.start.line, d.source]),
      [
        ['unknown-phase', 2, 'buildspec'],
        ['float-version', 7, 'buildspec'],
      ],
    );
    assert.equal((await status).label, 'CodeBuild buildspec 0.2');
  });

  it('answers completion, hover and document symbols', async () => {
    const completion = await server.connection.sendRequest<CompletionItem[] | CompletionList>(
      'textDocument/completion',
      {
        textDocument: { uri: URI },
        position: { line: 7, character: 14 },
      },
    );
    const items = Array.isArray(completion) ? completion : completion.items;
    assert.deepEqual(
      items.slice(0, 3).map((i) => i.label),
      ['3.14', '3.13', '3.12'],
    );
    const hover = await server.connection.sendRequest<Hover>('textDocument/hover', {
      textDocument: { uri: URI },
      position: { line: 1, character: 2 },
    });
    assert.match((hover.contents as { value: string }).value, /^\*\*phases\*\*/);
    const symbols = await server.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri: URI },
    });
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['version', 'phases'],
    );
  });

  it('returns quick fixes for the diagnostics the editor sends back', async () => {
    const diagnostics = server.diagnostics(URI, 2);
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# ci\n' },
      ],
    });
    const published = (await diagnostics).diagnostics;
    assert.deepEqual(
      published.map((d) => d.range.start.line),
      [3, 8],
    );
    const actions = await server.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: published[0].range,
      context: { diagnostics: [published[0]] },
    });
    assert.deepEqual(
      actions.map((a) => a.title),
      ["Change to 'pre_build'", 'Disable unknown-phase for this line'],
    );
    assert.deepEqual(actions[0].edit!.changes![URI], [
      { range: { start: { line: 3, character: 2 }, end: { line: 3, character: 11 } }, newText: 'pre_build' },
    ]);
  });

  it('applies changed settings: a rule turned off disappears', async () => {
    server.settings = { diagnostics: { rules: { 'float-version': 'off' } } };
    const diagnostics = server.diagnostics(URI, 2);
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(
      (await diagnostics).diagnostics.map((d) => d.code),
      ['unknown-phase'],
    );
  });

  it('treats appspec files by their platform, and clears diagnostics on close', async () => {
    const uri = 'file:///work/space/appspec.yaml';
    const status = server.status(uri);
    const opened = server.diagnostics(uri, 1);
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: {
        uri,
        languageId: 'appspec',
        version: 1,
        text: 'version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n',
      },
    });
    assert.equal((await status).label, 'AppSpec: ECS');
    assert.deepEqual(
      (await opened).diagnostics.map((d) => d.message),
      ['`Resources[0].TargetService` is missing `Properties`'],
    );
    const cleared = server.diagnostics(uri);
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.deepEqual((await cleared).diagnostics, []);
  });

  it('shuts down cleanly', async () => {
    assert.equal(await server.stop(), 0);
  });
});

describe('hook scripts created after the appspec was opened', () => {
  it('re-checks open appspecs when files are created', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cicd-watch-'));
    const server = await startServer(pathToFileURL(dir).href);
    try {
      const uri = pathToFileURL(path.join(dir, 'appspec.yml')).href;
      const opened = server.diagnostics(uri, 1);
      await server.connection.sendNotification('textDocument/didOpen', {
        textDocument: {
          uri,
          languageId: 'appspec',
          version: 1,
          text: 'version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: scripts/go.sh\n',
        },
      });
      assert.deepEqual(
        (await opened).diagnostics.map((d) => d.code),
        ['script-not-found'],
      );
      mkdirSync(path.join(dir, 'scripts'));
      writeFileSync(path.join(dir, 'scripts/go.sh'), '#!/bin/sh\n');
      const again = server.diagnostics(uri, 1);
      await server.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: pathToFileURL(path.join(dir, 'scripts/go.sh')).href, type: 1 }],
      });
      assert.deepEqual((await again).diagnostics, []);
    } finally {
      await server.stop();
    }
  });
});
