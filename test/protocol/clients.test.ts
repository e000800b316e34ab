/**
 * Editors that are not VS Code, spoken for over stdio: a client that declares almost nothing (no
 * snippets, no insert text modes, plain text only, no `workspace/configuration`, no diagnostic `data`),
 * settings handed over in initialization options or pushed, and a workspace the user has not trusted.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type {
  ClientCapabilities,
  CodeAction,
  CompletionItem,
  CompletionList,
  Diagnostic,
  Hover,
  MarkupContent,
} from 'vscode-languageserver-protocol';
import { startServer, type TestServer } from '../support/lspClient';

/** What Neovim 0.7 declares of what matters here (runtime/lua/vim/lsp/protocol.lua), minus Markdown. */
const MINIMAL: ClientCapabilities = {
  textDocument: {
    completion: { completionItem: { snippetSupport: false, documentationFormat: ['plaintext'] } },
    hover: { contentFormat: ['plaintext'] },
  },
  workspace: { workspaceFolders: true },
};

const URI = 'file:///work/space/buildspec.yml';
/** `unknown-phase` on line 2 and `float-version` on line 7. */
const TEXT =
  'version: 0.2\nphases:\n  pre-build:\n    commands:\n      - echo hi\n  install:\n    runtime-versions:\n      python: 3.10\n';
/** The same, with a top-level key being typed on line 8. */
const TYPING = `${TEXT}ar\n`;

async function open(server: TestServer, text = TEXT, uri = URI): Promise<Diagnostic[]> {
  const published = server.diagnostics(uri, 1);
  await server.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'yaml', version: 1, text },
  });
  return (await published).diagnostics;
}

async function completion(server: TestServer, line: number, character: number): Promise<CompletionItem[]> {
  const r = await server.connection.sendRequest<CompletionItem[] | CompletionList>(
    'textDocument/completion',
    {
      textDocument: { uri: URI },
      position: { line, character },
    },
  );
  return Array.isArray(r) ? r : r.items;
}

describe('a client that declares no snippets, no Markdown and no configuration', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer('file:///work/space', { capabilities: MINIMAL, clientName: 'Neovim' });
  });
  after(() => void server.stop());

  it('gets one-line plain insertions: no $ placeholders, no snippet format, no insertTextMode', async () => {
    await open(server, TYPING);
    const items = await completion(server, 8, 2);
    const artifacts = items.find((i) => i.label === 'artifacts');
    assert.ok(artifacts, `no artifacts among ${items.map((i) => i.label).join(', ')}`);
    assert.deepEqual(artifacts.textEdit, {
      range: { start: { line: 8, character: 0 }, end: { line: 8, character: 2 } },
      newText: 'artifacts:',
    });
    for (const item of items) {
      const text = item.textEdit?.newText ?? item.insertText ?? item.label;
      assert.doesNotMatch(text, /[\n\r\0]|\$\d|\$\{\d/, `${item.label}: ${JSON.stringify(text)}`);
      assert.notEqual(item.insertTextFormat, 2, item.label);
      assert.equal(item.insertTextMode, undefined, item.label);
      assert.equal(item.command, undefined, `${item.label} asks for a command the editor lacks`);
      assert.ok(item.documentation === undefined || typeof item.documentation === 'string', item.label);
    }
    assert.equal(typeof artifacts.documentation, 'string');
    assert.match(artifacts.documentation as string, /\S/);
    assert.doesNotMatch(artifacts.documentation as string, /\*\*|\\[-.`]/);
  });

  it('gets hover as plain text, a runtime table included', async () => {
    const key = await server.connection.sendRequest<Hover>('textDocument/hover', {
      textDocument: { uri: URI },
      position: { line: 1, character: 2 },
    });
    const contents = key.contents as MarkupContent;
    assert.equal(contents.kind, 'plaintext');
    assert.match(contents.value, /^phases\n\n\S/);
    const runtime = await server.connection.sendRequest<Hover>('textDocument/hover', {
      textDocument: { uri: URI },
      position: { line: 7, character: 7 },
    });
    const text = (runtime.contents as MarkupContent).value;
    assert.doesNotMatch(text, /\*\*|\|---|`/);
    assert.match(text, /^python: /);
    assert.match(text, /^3\.\d+ {2}\S/m, text);
  });

  it('gets quick fixes for diagnostics sent back without their data', async () => {
    const diagnostics = server.diagnostics(URI, 2);
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ text: TEXT }],
    });
    const phase = (await diagnostics).diagnostics.find((d) => d.code === 'unknown-phase')!;
    assert.ok(phase.data !== undefined, 'the server attaches the fixes as data');
    const bare: Diagnostic = { ...phase };
    delete bare.data;
    const actions = await server.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: bare.range,
      context: { diagnostics: [bare] },
    });
    assert.deepEqual(
      actions.map((a) => a.title),
      ["Change to 'pre_build'", 'Disable unknown-phase for this line'],
    );
    assert.deepEqual(actions[0].edit!.changes![URI], [
      { range: { start: { line: 2, character: 2 }, end: { line: 2, character: 11 } }, newText: 'pre_build' },
    ]);
  });

  it('never asks for workspace/configuration, and takes pushed settings in either shape', async () => {
    assert.equal(server.configurationRequests, 0);
    assert.deepEqual(server.registrations, []);
    const wrapped = server.diagnostics(URI, 2);
    await server.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { awsCicd: { diagnostics: { rules: { 'float-version': 'off' } } } },
    });
    assert.deepEqual(
      (await wrapped).diagnostics.map((d) => d.code),
      ['unknown-phase'],
    );
    const bare = server.diagnostics(URI, 2);
    await server.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { diagnostics: { rules: { 'unknown-phase': 'off' } } },
    });
    assert.deepEqual(
      (await bare).diagnostics.map((d) => d.code),
      ['float-version'],
    );
    assert.equal(server.configurationRequests, 0);
  });
});

describe('settings in initialization options', () => {
  const shapes: [string, unknown][] = [
    ['wrapped in the section', { awsCicd: { diagnostics: { rules: { 'float-version': 'off' } } } }],
    ['as the bare section', { diagnostics: { rules: { 'float-version': 'off' } } }],
    ['with dotted keys', { 'awsCicd.diagnostics.rules': { 'float-version': 'off' } }],
  ];
  for (const [shape, initializationOptions] of shapes) {
    it(`are applied ${shape}`, async () => {
      const server = await startServer('file:///work/space', {
        capabilities: MINIMAL,
        initializationOptions,
      });
      try {
        assert.deepEqual(
          (await open(server)).map((d) => d.code),
          ['unknown-phase'],
        );
      } finally {
        await server.stop();
      }
    });
  }

  it('are kept when the client answers workspace/configuration with nothing for the section (Helix)', async () => {
    const server = await startServer('file:///work/space', {
      initializationOptions: { diagnostics: { rules: { 'float-version': 'off' } } },
      settings: null,
    });
    try {
      const first = (await open(server)).map((d) => d.code);
      // The pull answered null: a later validation still has the rule off.
      const again = server.diagnostics(URI, 2);
      await server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: URI, version: 2 },
        contentChanges: [{ text: TEXT }],
      });
      assert.deepEqual(
        [first, (await again).diagnostics.map((d) => d.code)],
        [['unknown-phase'], ['unknown-phase']],
      );
      assert.ok(server.configurationRequests >= 1);
    } finally {
      await server.stop();
    }
  });

  it("are told apart from the options: the editor's suggest command is used, nothing is a setting", async () => {
    const server = await startServer('file:///work/space', {
      capabilities: MINIMAL,
      initializationOptions: {
        workspaceTrusted: true,
        uiKind: 'desktop',
        retriggerSuggestCommand: 'my.suggest',
      },
    });
    try {
      assert.deepEqual(
        (await open(server)).map((d) => d.code),
        ['unknown-phase', 'float-version'],
      );
      const shell = await (async () => {
        await server.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri: URI, version: 2 },
          contentChanges: [{ text: 'version: 0.2\nenv:\n  sh\n' }],
        });
        return (await completion(server, 2, 4)).find((i) => i.label === 'shell');
      })();
      assert.deepEqual(shell?.command?.command, 'my.suggest');
    } finally {
      await server.stop();
    }
  });
});

describe('a workspace the user has not trusted', () => {
  const APPSPEC = 'version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: scripts/missing.sh\n';

  async function codesIn(
    workspaceTrusted: boolean | undefined,
  ): Promise<{ codes: unknown[]; watches: boolean }> {
    const dir = mkdtempSync(path.join(tmpdir(), 'cicd-trust-'));
    const server = await startServer(pathToFileURL(dir).href, {
      initializationOptions: workspaceTrusted === undefined ? undefined : { workspaceTrusted },
    });
    try {
      const uri = pathToFileURL(path.join(dir, 'appspec.yml')).href;
      const codes = (await open(server, APPSPEC, uri)).map((d) => d.code);
      return { codes, watches: server.registrations.includes('workspace/didChangeWatchedFiles') };
    } finally {
      await server.stop();
    }
  }

  it('is not probed for the hook scripts its appspec names, nor watched', async () => {
    assert.deepEqual(await codesIn(false), { codes: [], watches: false });
  });

  it('is probed once trusted, and by clients that say nothing of trust', async () => {
    assert.deepEqual(await codesIn(true), { codes: ['script-not-found'], watches: true });
    assert.deepEqual(await codesIn(undefined), { codes: ['script-not-found'], watches: true });
  });
});
