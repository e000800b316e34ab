// Hostile build logs in the real host: whoever can push to a repository writes its build's log, so a
// log must not take the extension host down or freeze it. Each test writes a crafted log to a finished
// build on the fake, opens it through the command as a user does, and reads what the user would see:
// the log opens and shows its lines, in a sane time, while the extension host keeps answering (its
// event loop, and the CPU it spends, are measured from inside it, since these tests run in the same host).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { MAX_DECORATION_TYPES } from '../../../client/src/logs/palette';
import { api, closeAllEditors, waitFor } from './helpers';

const CONN = { profile: 'default', region: 'us-east-1' };
/** The longest the extension host's own work may block its event loop while a hostile log is read and shown. */
const MAX_STALL_MS = 2000;
/**
 * How long a hostile log may take to show, with links, folding and outline: generous, since the
 * renderer and the fake share the machine with everything else (a CI machine may be much slower), while
 * the stall above is the host's own.
 */
const SANE_MS = 90_000;
/** What reading a hostile log may add to the extension host's memory. */
const MAX_RSS_GROWTH = 768 * 1024 * 1024;

export interface HostileDeps {
  control(path: string, body?: unknown): Promise<unknown>;
  seedBuild(project: string): Promise<{ id: string; n: number }>;
  waitShown(uri: vscode.Uri, needle: string | RegExp, ms?: number): Promise<string>;
}

/**
 * The longest the extension host's event loop was blocked by work of its own: between two ticks of a
 * 25 ms timer, the gap, but no more than the CPU time the host process spent in it. A host that the
 * operating system left waiting (a loaded CI machine where the renderer draws a huge log) is not
 * blocked by us, and a gap without CPU spent says so; work that holds the loop spends CPU all along.
 */
function stallMeter(): { stop(): number } {
  const cpu = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  let last = Date.now();
  let lastCpu = cpu();
  let worst = 0;
  const tick = () => {
    const now = Date.now();
    const spent = cpu();
    worst = Math.max(worst, Math.min(now - last, spent - lastCpu));
    last = now;
    lastCpu = spent;
  };
  const timer = setInterval(tick, 25);
  return {
    stop: () => {
      clearInterval(timer);
      tick();
      return Math.round(worst);
    },
  };
}

/** Writes `lines` (repeated) to a new finished build's log and opens it; checks the host all along. */
async function openHostile(
  d: HostileDeps,
  what: string,
  lines: string[],
  repeat = 1,
  after: string[] = [],
): Promise<{ uri: vscode.Uri; text: string; ms: number }> {
  const logs = (await api()).logs;
  await closeAllEditors();
  const { id } = await d.seedBuild('project-0');
  const marker = `end of the ${what} log`;
  const writing = Date.now();
  await d.control('/append-log', { id, lines, repeat });
  await d.control('/append-log', { id, lines: [...after, marker] });
  // Stages on the console, so that a run that times out still says where the time went.
  console.log(`      ${what}: log written to the fake in ${Date.now() - writing} ms`);
  const rss = process.memoryUsage().rss;
  const meter = stallMeter();
  const started = Date.now();
  const uri = await logs.open({ ...CONN, buildId: id });
  assert.ok(uri, 'the log opens');
  await d.waitShown(uri, marker, 90_000);
  const shown = Date.now() - started;
  console.log(`      ${what}: shown in ${shown} ms`);
  await waitFor('the log read to its end', () =>
    logs.snapshot(uri)?.state === 'finished' ? true : undefined,
  );
  const text =
    vscode.workspace.textDocuments.find((x) => x.uri.toString() === uri.toString())?.getText() ?? '';
  // Ask for what the editor asks for on screen (links, folding, outline) and time it.
  await vscode.commands.executeCommand('vscode.executeLinkProvider', uri);
  await vscode.commands.executeCommand('vscode.executeFoldingRangeProvider', uri);
  await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', uri);
  const ms = Date.now() - started;
  const stall = meter.stop();
  const grew = process.memoryUsage().rss - rss;
  console.log(
    `      ${what}: read to its end, links/folding/outline by ${ms} ms, longest stall ${stall} ms, memory ${grew < 0 ? '' : '+'}${Math.round(grew / 1048576)} MB`,
  );
  assert.ok(stall < MAX_STALL_MS, `the extension host stalled for ${stall} ms`);
  assert.ok(grew < MAX_RSS_GROWTH, `the extension host grew by ${Math.round(grew / 1048576)} MB`);
  // A later command still answers, at once.
  const asked = Date.now();
  await vscode.commands.executeCommand('awsCicd.logs.follow', uri);
  // Wall time: a loaded machine may make it wait a little, a host still busy with the log far longer.
  assert.ok(Date.now() - asked < 5000, `a command took ${Date.now() - asked} ms`);
  return { uri, text, ms };
}

export function registerHostileLogTests(d: HostileDeps): void {
  test('hostile log: escape codes with huge parameters neither exhaust memory nor hide the lines', async function () {
    this.timeout(180_000);
    const { text, ms } = await openHostile(d, 'escape-code', [
      'line before the escapes',
      '\x1b[100000000Gmoved far right',
      '\x1b[100000000Dmoved far left',
      `\x1b[${'1;'.repeat(20_000)}31mmany parameters\x1b[0m`,
      '\x1b[38;2;999999999;999999999;999999999mhuge colour\x1b[0m',
      `\x1b]8;;${'x'.repeat(30_000)}\x07an endless OSC string`,
      'line after the escapes',
    ]);
    assert.match(text, /^line before the escapes$/m);
    assert.match(text, /^line after the escapes$/m);
    assert.ok(!text.includes('\x1b'), 'no escape code is shown');
    assert.ok(ms < SANE_MS, `took ${ms} ms`);
  });

  test('hostile log: a megabyte of lines crafted against the link and problem patterns', async function () {
    this.timeout(180_000);
    const link = 'a.'.repeat(1990);
    const eslintFinding = `  1:1  error  x${' '.repeat(3900)}!`;
    const { uri, text, ms } = await openHostile(
      d,
      'pattern',
      ['app/server.mjs', eslintFinding, link, `/codebuild/${'/a'.repeat(1990)}`, ''],
      80,
      ['    at main (app/server.mjs:12:7)'],
    );
    assert.ok(text.length > 900_000, `${text.length} characters shown`);
    assert.ok(text.includes(link), 'the crafted lines are shown');
    assert.ok(ms < SANE_MS, `took ${ms} ms`);
    // An ordinary reference after the crafted lines is still a link to the workspace file.
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>(
      'vscode.executeLinkProvider',
      uri,
    );
    assert.ok(
      links.some((l) => l.target?.path.endsWith('/app/server.mjs') && l.target.fragment === 'L12,7'),
      `links: ${links.map((l) => l.target?.toString()).join(', ')}`,
    );
  });

  test('hostile log: 100,000 distinct colours keep decorations bounded', async function () {
    this.timeout(180_000);
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const rgb = [(i >> 16) & 255, (i >> 8) & 255, i & 255];
      lines.push(`\x1b[38;2;${rgb.join(';')}m colour ${i}\x1b[0m`);
    }
    const { uri, ms } = await openHostile(d, 'colour', lines);
    assert.ok(ms < SANE_MS, `took ${ms} ms`);
    const logs = (await api()).logs;
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    assert.ok(editor, 'the log is visible');
    // Scroll through the log as a reader would; each stop draws the colours on screen.
    const styles = new Set<string>();
    const meter = stallMeter();
    const lineCount = editor.document.lineCount;
    for (let stop = 1; stop <= 20; stop++) {
      const line = Math.floor((stop / 20) * (lineCount - 1));
      editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
      const drawn = await waitFor(`colours around line ${line}`, () => {
        const d = logs.decorations(uri);
        return d.some((x) => x.lastLine >= line - 50 && x.firstLine <= line + 50) ? d : undefined;
      });
      for (const x of drawn) styles.add(x.style);
    }
    const stall = meter.stop();
    console.log(
      `      colour log: ${styles.size} styles drawn over 20 scroll stops in ${logs.decorationTypes()} decoration types, longest stall ${stall} ms`,
    );
    assert.ok(stall < MAX_STALL_MS, `the extension host stalled for ${stall} ms while scrolling`);
    // Each line a colour of its own, yet the decoration types stay within the palette's bound.
    assert.ok(styles.size > 1000, `${styles.size} distinct styles drawn`);
    const types = logs.decorationTypes();
    assert.ok(types <= MAX_DECORATION_TYPES, `${types} decoration types`);
  });
}
