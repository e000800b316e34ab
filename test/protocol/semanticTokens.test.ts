/**
 * Semantic tokens over the protocol: offered with their legend to a client that asks for them (as VS Code
 * does), not to one that does not, and answered for whole files and for ranges in LSP's relative encoding.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  ClientCapabilities,
  SemanticTokens,
  SemanticTokensLegend,
} from 'vscode-languageserver-protocol';
import { startServer, VSCODE_CAPABILITIES, type TestServer } from '../support/lspClient';
import { decodeTokens } from '../support/semanticTokens';

/** What VS Code declares for semantic tokens (its `semanticTokens` client capability, abridged). */
const WITH_TOKENS: ClientCapabilities = {
  ...VSCODE_CAPABILITIES,
  workspace: { ...VSCODE_CAPABILITIES.workspace, semanticTokens: { refreshSupport: true } },
  textDocument: {
    ...VSCODE_CAPABILITIES.textDocument,
    semanticTokens: {
      dynamicRegistration: true,
      requests: { range: true, full: { delta: true } },
      tokenTypes: [
        'keyword',
        'function',
        'variable',
        'parameter',
        'string',
        'comment',
        'operator',
        'modifier',
      ],
      tokenModifiers: ['declaration', 'readonly', 'defaultLibrary'],
      formats: ['relative'],
    },
  },
};

const URI = 'file:///work/space/buildspec.yml';
const TEXT = [
  'version: 0.2',
  'phases:',
  '  build:',
  '    commands:',
  '      - echo one',
  '      - |',
  '        cat <<EOF',
  '        $HOME',
  '        EOF',
  '        echo done',
  '',
].join('\n');

/** The answer decoded into `line:column text type[.modifier]`, as an editor would paint it. */
function decode(tokens: SemanticTokens, legend: SemanticTokensLegend): string[] {
  const rows = TEXT.split('\n');
  return decodeTokens(tokens.data, legend, (line) => rows[line]);
}

async function open(server: TestServer): Promise<void> {
  const published = server.diagnostics(URI, 1);
  await server.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: URI, languageId: 'buildspec', version: 1, text: TEXT },
  });
  await published;
}

describe('semantic tokens for a client that asks for them', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer('file:///work/space', {
      capabilities: WITH_TOKENS,
      clientName: 'Visual Studio Code',
    });
    await open(server);
  });
  after(() => void server.stop());

  it('advertises full and range requests with the legend', () => {
    const provider = server.initialized.capabilities.semanticTokensProvider;
    assert.ok(provider, 'no semanticTokensProvider in the initialize answer');
    assert.deepEqual(provider.legend, {
      tokenTypes: ['keyword', 'function', 'variable', 'string', 'comment', 'operator', 'modifier'],
      tokenModifiers: ['defaultLibrary'],
    });
    assert.equal(provider.full, true);
    assert.equal(provider.range, true);
  });

  it('answers textDocument/semanticTokens/full for the multi-line command only', async () => {
    const tokens = await server.connection.sendRequest<SemanticTokens>('textDocument/semanticTokens/full', {
      textDocument: { uri: URI },
    });
    const legend = server.initialized.capabilities.semanticTokensProvider!.legend;
    assert.deepEqual(decode(tokens, legend), [
      '6:8 cat function',
      '6:12 << operator',
      '6:14 EOF string',
      '7:8 $HOME variable',
      '8:8 EOF string',
      '9:8 echo function.defaultLibrary',
    ]);
  });

  it('answers a range with the tokens of its lines', async () => {
    const tokens = await server.connection.sendRequest<SemanticTokens>('textDocument/semanticTokens/range', {
      textDocument: { uri: URI },
      range: { start: { line: 7, character: 0 }, end: { line: 7, character: 13 } },
    });
    const legend = server.initialized.capabilities.semanticTokensProvider!.legend;
    // Relative encoding: the first token's line and column are counted from the file's start.
    assert.deepEqual(decode(tokens, legend), ['7:8 $HOME variable']);
  });

  it('asks the editor to refresh the tokens when the settings change which files are buildspecs', async () => {
    const refreshed = new Promise<void>((resolve) =>
      server.connection.onRequest('workspace/semanticTokens/refresh', () => {
        resolve();
        return null;
      }),
    );
    server.settings = { files: { buildspec: ['ci/*.yaml'] } };
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no workspace/semanticTokens/refresh within 10 s')), 10_000);
    });
    await Promise.race([refreshed, timeout]).finally(() => clearTimeout(timer));
  });

  it('answers an empty list for a file it does not know', async () => {
    const tokens = await server.connection.sendRequest<SemanticTokens>('textDocument/semanticTokens/full', {
      textDocument: { uri: 'file:///work/space/never-opened.yml' },
    });
    assert.deepEqual(tokens.data, []);
  });
});

describe('semantic tokens for a client that declares none', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer('file:///work/space', { clientName: 'Neovim' });
  });
  after(() => void server.stop());

  it('does not advertise them', () => {
    assert.equal(server.initialized.capabilities.semanticTokensProvider, undefined);
    assert.ok(server.initialized.capabilities.hoverProvider, 'the other features are still offered');
  });
});
