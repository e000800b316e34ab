/**
 * The real server over stdio, fed the nastiest inputs: it must answer every request, survive a burst
 * of incremental edits, log no failed feature, and still answer promptly at the end.
 * FUZZ_SEED picks the edits (default fixed).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  createProtocolConnection,
  LogMessageNotification,
  MessageType,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { REPO, show } from './harness';
import { Rng, uriFor, type FuzzInput } from './inputs';
import { nastyInputs } from './nasty';

const SEED = (Number(process.env.FUZZ_SEED) || 20261122) >>> 0;
const SERVER = path.join(REPO, 'server/out/server.js');
/** A request to a healthy server on these inputs takes milliseconds; this is a hang detector. */
const ANSWER_MS = 5000;

/** The hand-built inputs the server test opens, by name. */
const PICKS = [
  'lone surrogates',
  'NUL in key',
  'lone CR',
  'BOM',
  'billion laughs',
  'merge-key bomb',
  'self merge',
  '10k [',
  '10k [ json',
  '1400 - levels',
  '10k ?',
  '1 MB command line',
  'json trailing comma',
  'custom tags',
];

function within<T>(what: string, p: Promise<T>, ms = ANSWER_MS): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

describe(`language server over stdio (seed ${SEED})`, { timeout: 60_000 }, () => {
  let server: ChildProcess;
  let conn: ProtocolConnection;
  let exited: string | undefined;
  const errors: string[] = [];
  const diagnostics = new Map<string, Diagnostic[]>();
  const inputs: FuzzInput[] = [];
  const all = nastyInputs();
  for (const name of PICKS) {
    const input = all.find((i) => i.name === name);
    assert.ok(input, `no hand-built input named: ${name}`);
    inputs.push(input);
  }
  // A 10k-line file: enough to show a feature that is quadratic in the length of the file.
  inputs.push({
    name: '10k commands',
    uri: uriFor('buildspec'),
    text: 'version: 0.2\nphases:\n  build:\n    commands:\n' + '      - echo hello\n'.repeat(10000),
  });

  /** Each input under its own name, so the server holds them all at once. */
  const uriOf = (i: number) =>
    inputs[i].uri.replace(/(\.\w+)$/, `-${i}$1`).replace('/buildspec-', '/buildspecs/b-');

  before(async () => {
    if (!existsSync(SERVER))
      spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
    server = spawn(process.execPath, [SERVER, '--stdio'], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
    server.on('exit', (code, signal) => (exited = `exited with code ${code} (signal ${signal})`));
    let stderr = '';
    server.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    server.on('exit', () => stderr && errors.push(`stderr: ${stderr}`));
    conn = createProtocolConnection(
      new StreamMessageReader(server.stdout!),
      new StreamMessageWriter(server.stdin!),
    );
    conn.onRequest('workspace/configuration', () => [{}]);
    conn.onRequest('client/registerCapability', () => null);
    conn.onNotification(LogMessageNotification.type, (p) => {
      if (p.type === MessageType.Error) errors.push(p.message);
    });
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      diagnostics.set(p.uri, p.diagnostics);
    });
    conn.listen();
    await within(
      'initialize',
      conn.sendRequest('initialize', {
        processId: process.pid,
        rootUri: 'file:///w',
        workspaceFolders: [{ uri: 'file:///w', name: 'w' }],
        capabilities: {
          workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        },
      }),
    );
    await conn.sendNotification('initialized', {});
  });

  after(async () => {
    if (!exited) {
      await within('shutdown', conn.sendRequest('shutdown'), 2000).catch(() => undefined);
      await conn.sendNotification('exit').catch(() => undefined);
    }
    conn.dispose();
    server.kill();
  });

  const alive = () => assert.equal(exited, undefined, `the server died: ${exited}\n${errors.join('\n')}`);

  it('answers every request on the nastiest inputs', async () => {
    for (let i = 0; i < inputs.length; i++) {
      const { name, text } = inputs[i];
      const uri = uriOf(i);
      const doc = TextDocument.create(uri, 'yaml', 1, text);
      await conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'yaml', version: 1, text },
      });
      const end = doc.positionAt(text.length);
      const textDocument = { uri };
      const what = (m: string) => `${m} on "${name}"`;
      try {
        await within(
          what('documentSymbol'),
          conn.sendRequest('textDocument/documentSymbol', { textDocument }),
        );
        await within(what('foldingRange'), conn.sendRequest('textDocument/foldingRange', { textDocument }));
        await within(what('documentLink'), conn.sendRequest('textDocument/documentLink', { textDocument }));
        for (const position of [{ line: 0, character: 0 }, end, { line: doc.lineCount + 2, character: 3 }]) {
          await within(
            what('completion'),
            conn.sendRequest('textDocument/completion', { textDocument, position }),
          );
          await within(what('hover'), conn.sendRequest('textDocument/hover', { textDocument, position }));
          await within(
            what('definition'),
            conn.sendRequest('textDocument/definition', { textDocument, position }),
          );
        }
        const range = { start: { line: 0, character: 0 }, end };
        const context = { diagnostics: (diagnostics.get(uri) ?? []).slice(0, 50) };
        await within(
          what('codeAction'),
          conn.sendRequest('textDocument/codeAction', { textDocument, range, context }),
        );
      } catch (e) {
        assert.fail(
          `${(e as Error).message}${exited ? `; the server ${exited}` : ''}\ninput ${show(text, 200)}`,
        );
      }
      alive();
    }
  });

  it('survives a burst of incremental edits with requests in between', async () => {
    const rng = new Rng(SEED, 7);
    const uri = 'file:///w/buildspec.yml';
    let doc = TextDocument.create(
      uri,
      'yaml',
      1,
      'version: 0.2\r\nphases:\r\n  build:\r\n    commands:\r\n      - echo "hi 😀"\r\n',
    );
    await conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text: doc.getText() },
    });
    const pieces = [
      '\r',
      '\n',
      '\r\n',
      ':',
      '- ',
      '  ',
      '[',
      '{',
      '&a ',
      '*a',
      '<<: *a\n',
      '\ud83d',
      '\ude00',
      '\0',
      '\ufeff',
      '? ',
      '|\n',
      '#',
      'phases:\n',
      '"',
    ];
    const pending: Promise<unknown>[] = [];
    for (let v = 2; v < 400; v++) {
      const text = doc.getText();
      const from = rng.int(text.length + 1);
      const to = Math.min(text.length, from + (rng.chance(0.3) ? rng.int(20) : 0));
      // Offsets, not lines, so edits land inside CRLF pairs and surrogate pairs too.
      const range = { start: doc.positionAt(from), end: doc.positionAt(to) };
      const insert = rng.chance(0.8) ? rng.pick(pieces).repeat(1 + rng.int(3)) : '';
      doc = TextDocument.update(doc, [{ range, text: insert }], v);
      void conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: v },
        contentChanges: [{ range, text: insert }],
      });
      if (v % 10 === 0) {
        const position = doc.positionAt(rng.int(doc.getText().length + 1));
        pending.push(conn.sendRequest('textDocument/completion', { textDocument: { uri }, position }));
        pending.push(conn.sendRequest('textDocument/hover', { textDocument: { uri }, position }));
        pending.push(conn.sendRequest('textDocument/foldingRange', { textDocument: { uri } }));
      }
    }
    await within('the requests sent during the burst', Promise.all(pending), 3 * ANSWER_MS);
    alive();
  });

  it('still answers promptly at the end, and logged no failure', async () => {
    const uri = 'file:///w/appspec.yml';
    await conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text: 'version: 0.0\nos: linux\nhooks:\n  ' },
    });
    const hover = within(
      'the last hover',
      conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 1 } }),
      2000,
    );
    const items = await within(
      'the last completion',
      conn.sendRequest('textDocument/completion', {
        textDocument: { uri },
        position: { line: 3, character: 2 },
      }),
      2000,
    );
    assert.ok(await hover, 'hover on `os` answered nothing');
    assert.ok(Array.isArray(items) && items.length > 0, 'completion under hooks offered nothing');
    alive();
    assert.deepEqual(errors, [], 'the server logged errors');
  });
});
