/**
 * Bytes that are not UTF-8 inside an LSP message. LSP messages are UTF-8 JSON, but an editor holding a
 * Latin-1 buffer may send its bytes as they are (Vim keeps undecodable bytes in a buffer). The server
 * must read the rest of the message, keep its positions right after the bad bytes and keep answering.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { SERVER } from '../support/lspClient';

interface Message {
  id?: number;
  method?: string;
  params?: { diagnostics?: { code: string; range: { start: { line: number; character: number } } }[] };
  result?: unknown;
}

describe('a message holding bytes that are not UTF-8', () => {
  it('is read around them: the diagnostics after them keep their place, and the server answers on', async () => {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const received: Message[] = [];
    let pending = Buffer.alloc(0);
    let wake = () => {};
    child.stdout.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const head = pending.indexOf('\r\n\r\n');
        if (head < 0) break;
        const length = Number(/Content-Length: (\d+)/i.exec(pending.subarray(0, head).toString())![1]);
        if (pending.length < head + 4 + length) break;
        received.push(JSON.parse(pending.subarray(head + 4, head + 4 + length).toString('utf8')) as Message);
        pending = pending.subarray(head + 4 + length);
      }
      wake();
    });
    const next = (match: (m: Message) => boolean) =>
      new Promise<Message>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for the server')), 10_000);
        const check = () => {
          const hit = received.find(match);
          if (hit) {
            clearTimeout(timer);
            resolve(hit);
          } else wake = check;
        };
        check();
      });
    /** Sends a message; `@@` in its JSON becomes the raw bytes 0xE9 0xFF (Latin-1 `é`, then a byte UTF-8 never has). */
    const send = (message: object) => {
      const json = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
      const at = json.indexOf('@@');
      const body =
        at < 0
          ? json
          : Buffer.concat([json.subarray(0, at), Buffer.from([0xe9, 0xff]), json.subarray(at + 2)]);
      child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
      child.stdin.write(body);
    };
    try {
      send({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
      await next((m) => m.id === 1);
      send({ method: 'initialized', params: {} });
      const uri = 'file:///work/space/buildspec.yml';
      const text = 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo caf@@ && make\n  bogus: 1\n';
      send({
        method: 'textDocument/didOpen',
        params: { textDocument: { uri, languageId: 'yaml', version: 1, text } },
      });
      const published = await next((m) => m.method === 'textDocument/publishDiagnostics');
      assert.deepEqual(
        published.params!.diagnostics!.map((d) => [d.code, d.range.start.line, d.range.start.character]),
        [['unknown-phase', 5, 2]],
      );
      send({
        id: 2,
        method: 'textDocument/hover',
        params: { textDocument: { uri }, position: { line: 5, character: 3 } },
      });
      const hover = await next((m) => m.id === 2);
      assert.ok(hover.result !== undefined);
      assert.equal(child.exitCode, null);
    } finally {
      child.kill();
    }
  });
});
