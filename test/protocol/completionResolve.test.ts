/**
 * A long completion list goes out small to an editor that can take it so: without its documentation,
 * which comes for the focused item with `completionItem/resolve`, and with the range every item replaces
 * given once. An editor that cannot gets every item whole.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CompletionResolveRequest,
  type CompletionItem,
  type CompletionList,
  type MarkupContent,
} from 'vscode-languageserver-protocol';
import { startServer, VSCODE_CAPABILITIES, type TestServer } from '../support/lspClient';

const URI = 'file:///work/space/buildspec.yml';
const VARIABLES = Array.from(
  { length: 150 },
  (_, i) => `    VAR_${String(i).padStart(3, '0')}: "value-${i}"`,
);
const TEXT = `version: 0.2\nenv:\n  variables:\n${VARIABLES.join('\n')}\nphases:\n  build:\n    commands:\n      - echo $\n`;
/** The `$` of `echo $`. */
const DOLLAR = { line: VARIABLES.length + 6, character: 14 };

async function openAndList(server: TestServer): Promise<CompletionItem[] | CompletionList> {
  const published = server.diagnostics(URI, 1);
  await server.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: URI, languageId: 'buildspec', version: 1, text: TEXT },
  });
  await published;
  return complete(server);
}

const complete = (server: TestServer) =>
  server.connection.sendRequest<CompletionItem[] | CompletionList>('textDocument/completion', {
    textDocument: { uri: URI },
    position: DOLLAR,
  });

const itemsOf = (r: CompletionItem[] | CompletionList) => (Array.isArray(r) ? r : r.items);

async function openAndComplete(server: TestServer): Promise<CompletionItem[]> {
  return itemsOf(await openAndList(server));
}

const docText = (item: CompletionItem) =>
  typeof item.documentation === 'string' ? item.documentation : (item.documentation as MarkupContent)?.value;

describe('documentation of a long completion list', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.stop();
  });

  it('comes with completionItem/resolve, for the item asked about', async () => {
    const list = await openAndList(server);
    assert.ok(!Array.isArray(list), 'a list with defaults');
    // The `$` typed is what every item replaces, given once.
    assert.deepEqual(list.itemDefaults?.editRange, {
      start: { line: DOLLAR.line, character: DOLLAR.character - 1 },
      end: DOLLAR,
    });
    const items = list.items;
    assert.deepEqual(
      items.filter((i) => i.textEdit !== undefined).map((i) => i.label),
      [],
    );
    assert.ok(items.length > 150, `${items.length} items`);
    assert.deepEqual(
      items.filter((i) => i.documentation !== undefined).map((i) => i.label),
      [],
    );
    const item = items.find((i) => i.label === '$VAR_042');
    assert.ok(item, '$VAR_042 is offered');
    const resolved = await server.connection.sendRequest(CompletionResolveRequest.type, item);
    assert.match(docText(resolved) ?? '', /value-42/);
    assert.equal(resolved.label, '$VAR_042');
  });

  it('is not mixed up with an older list', async () => {
    const stale = itemsOf(await complete(server)).find((i) => i.label === '$VAR_007')!;
    await complete(server);
    const resolved = await server.connection.sendRequest(CompletionResolveRequest.type, stale);
    assert.equal(docText(resolved), undefined, "an item of an older list gets no other item's text");
  });
});

describe('an editor that takes neither resolve nor list defaults', () => {
  it('gets every item with its documentation', async () => {
    const completion = { ...VSCODE_CAPABILITIES.textDocument!.completion! };
    const capabilities = {
      ...VSCODE_CAPABILITIES,
      textDocument: {
        ...VSCODE_CAPABILITIES.textDocument,
        completion: {
          ...completion,
          completionItem: { ...completion.completionItem, resolveSupport: undefined },
          completionList: undefined,
        },
      },
    };
    const server = await startServer('file:///work/space', { capabilities });
    try {
      const items = await openAndComplete(server);
      const item = items.find((i) => i.label === '$VAR_042');
      assert.match((item && docText(item)) ?? '', /value-42/);
      assert.ok(item?.textEdit, 'each item says what it replaces');
    } finally {
      await server.stop();
    }
  });
});

describe('a list longer than the editor needs at once', () => {
  const MANY = Array.from({ length: 400 }, (_, i) => `    MANY_${String(i).padStart(3, '0')}: "v"`);
  const text = (typed: string) =>
    `version: 0.2\nenv:\n  variables:\n${MANY.join('\n')}\nphases:\n  build:\n    commands:\n      - echo ${typed}\n`;
  const line = MANY.length + 6;

  it('sends the first items, marked incomplete, and the ones that start with what is typed next', async () => {
    const server = await startServer();
    try {
      const uri = 'file:///work/space/many/buildspec.yml';
      const published = server.diagnostics(uri, 1);
      await server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'buildspec', version: 1, text: text('$') },
      });
      await published;
      const first = await server.connection.sendRequest<CompletionList>('textDocument/completion', {
        textDocument: { uri },
        position: { line, character: 14 },
      });
      assert.equal(first.isIncomplete, true);
      assert.ok(first.items.length <= 300, `${first.items.length} items`);
      assert.equal(first.items[0].label, '$MANY_000', 'in their order: the file’s own variables first');
      await server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ text: text('$MANY_39') }],
      });
      const next = await server.connection.sendRequest<CompletionList>('textDocument/completion', {
        textDocument: { uri },
        position: { line, character: 21 },
      });
      assert.deepEqual(
        next.items.map((i) => i.label),
        Array.from({ length: 10 }, (_, i) => `$MANY_39${i}`),
      );
    } finally {
      await server.stop();
    }
  });
});
