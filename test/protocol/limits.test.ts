/**
 * The real server over stdio on files at the edge of what it analyses: every request after a burst of
 * edits is answered within 2 s, and so are the diagnostics of the last edit. Hostile workspace settings
 * (a glob of many stars) and hover text from the document are checked here too, as an editor meets them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Hover } from 'vscode-languageserver-protocol';
import { deepAndWide } from '../fuzz/nasty';
import { startServer, type TestServer } from '../support/lspClient';

/** The promise of the issue: any request, on any document up to the analysis limit. */
const ANSWER_MS = 2000;
/** The server's CPU time so far, from /proc (Linux); undefined elsewhere. */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime (fields 14 and 15 of the whole line), in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

let serverPid: number | undefined;

/**
 * On a machine shared with other work the wall clock stretches by several times: the bound is checked
 * on the server's own CPU time (what it spent before answering), and the wall clock only catches a hang.
 */
async function timed<T>(what: string, p: Promise<T>, ms = ANSWER_MS): Promise<T> {
  const started = performance.now();
  const cpu = cpuMs(serverPid);
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${4 * ms} ms: ${what}`)), 4 * ms);
  });
  try {
    return await Promise.race([p, hang]);
  } finally {
    clearTimeout(timer);
    const wall = performance.now() - started;
    const spent = cpu === undefined ? undefined : cpuMs(serverPid)! - cpu;
    const took = spent ?? wall;
    assert.ok(took < ms, `${what} took ${Math.round(took)} ms of server CPU (${Math.round(wall)} ms wall)`);
  }
}

describe('language server limits over stdio', { timeout: 300_000 }, () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
    serverPid = server.process.pid;
  });
  after(() => {
    if (server.process.exitCode === null) server.process.kill();
  });

  deepAndWide().forEach(([name, text], n) => {
    it(`answers within ${ANSWER_MS} ms after three edits in a row: ${name}`, async () => {
      const uri = `file:///work/space/ci/buildspec-limits-${n}.yml`;
      let doc = TextDocument.create(uri, 'buildspec', 1, text);
      const opened = server.diagnostics(uri, 1);
      await server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'buildspec', version: 1, text },
      });
      // Opening parses the whole file once; that is the analysis limit's own cost, given more room.
      await timed(`diagnostics on open of ${name}`, opened, 3 * ANSWER_MS);
      const mid = doc.positionAt(Math.floor(text.length / 2));
      // Typing: a space, a letter, and a new line in the middle of the file, sent without waiting.
      for (const insert of [' ', 'x', '\n']) {
        const range = { start: mid, end: mid };
        doc = TextDocument.update(doc, [{ range, text: insert }], doc.version + 1);
        await server.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri, version: doc.version },
          contentChanges: [{ range, text: insert }],
        });
      }
      const last = server.diagnostics(uri, doc.version);
      const at = { textDocument: { uri }, position: mid };
      await timed('hover', server.connection.sendRequest('textDocument/hover', at));
      await timed('completion', server.connection.sendRequest('textDocument/completion', at));
      await timed(
        'documentSymbol',
        server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }),
      );
      await timed(
        'foldingRange',
        server.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } }),
      );
      await timed(
        'documentLink',
        server.connection.sendRequest('textDocument/documentLink', { textDocument: { uri } }),
      );
      await timed(`diagnostics of the last edit of ${name}`, last);
      await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    });
  });

  it('stays prompt with a workspace glob of many stars, and uses the safe patterns it holds', async () => {
    server.settings = { files: { buildspec: ['*'.repeat(30) + 'z', '{*}(', 'ci/*.yaml'] } };
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const uri = `file:///work/space/ci/${'a'.repeat(200)}.yaml`;
    const status = server.status(uri);
    const text = 'version: 0.2\nphases:\n  build:\n    commands:\n      - make\n';
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text },
    });
    assert.equal((await timed('status with hostile globs', status)).label, 'CodeBuild buildspec 0.2');
    server.settings = {};
  });

  it('shows a variable value from the document as text in a hover', async () => {
    const uri = 'file:///work/space/hover/buildspec.yml';
    const text =
      'version: 0.2\nenv:\n  variables:\n    IMG: "![x](http://evil.example/t.png) <img src=x>"\nphases:\n  build:\n    commands:\n      - echo $IMG\n';
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'buildspec', version: 1, text },
    });
    const hover = await server.connection.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 7, character: 15 },
    });
    const value =
      hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    assert.match(value, /Defined in env\.variables: `!\[x\]\(http:\/\/evil\.example\/t\.png\) <img src=x>`/);
  });
});
