/**
 * The measurements, run against one server at a time: schema check, open, completion, hover,
 * change-to-diagnostics and memory. Every edit is undone before the next one, so all sites keep the
 * positions the generator recorded.
 */
import { performance } from 'node:perf_hooks';
import type { Position, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import type { GeneratedBuildspec, ValueSite } from './generate';
import { delay, hasDiagnosticOn, type LspServer, type Memory, type PublishedDiagnostics } from './lsp';

export interface Counts {
  /** Requests that returned something (completion items, a hover). */
  readonly answered: number;
  readonly total: number;
}

export interface KindStats {
  answered: number;
  total: number;
  readonly ms: number[];
}

export interface ServerResult {
  readonly server: string;
  readonly openToDiagnosticsMs: number;
  readonly baselineDiagnostics: number;
  readonly completionMs: number[];
  /** The first completion after each edit: the server has to parse the new version first. */
  readonly completionAfterEditMs: number[];
  /** How many of those were answered only after the server had published diagnostics for the edit. */
  readonly completionAfterValidation: number;
  readonly completionByKind: Record<string, KindStats>;
  readonly hoverMs: number[];
  readonly hover: Counts;
  readonly changeToDiagnosticsMs: number[];
  /** Edits whose diagnostics did not show the expected change (or never arrived). */
  readonly changeMisses: number;
  /** Server CPU time per edit in the change-to-diagnostics phase: robust to a busy machine. */
  readonly cpuPerEditMs: number;
  readonly memory: Memory;
}

export interface Options {
  readonly completionSites: number;
  readonly completionsPerSite: number;
  readonly hovers: number;
  readonly edits: number;
  readonly warmupRounds: number;
}

const SETTLE_TIMEOUT_MS = 5000;

/** One open document whose version the client tracks. */
class OpenDocument {
  version = 1;
  constructor(
    readonly server: LspServer,
    readonly uri: string,
  ) {}

  /** Applies one change; returns when it was sent and the new version. */
  async edit(change: TextDocumentContentChangeEvent): Promise<{ t0: number; version: number }> {
    this.version++;
    const t0 = await this.server.change(this.uri, this.version, [change]);
    return { t0, version: this.version };
  }

  /**
   * Applies one change and waits for diagnostics of the new version that `ok` accepts. The waiter is in
   * place before the change goes out, so a fast answer cannot be missed.
   */
  async editAndWait(
    change: TextDocumentContentChangeEvent,
    ok: (p: PublishedDiagnostics) => boolean,
  ): Promise<{ t0: number; got: PublishedDiagnostics | undefined }> {
    const t0 = performance.now();
    const got = this.diagnostics(this.version + 1, (p) => p.at >= t0 && ok(p));
    await this.edit(change);
    return { t0, got: await got };
  }

  /** Diagnostics for this document at `version` (when the server says) that `ok` accepts. */
  diagnostics(version: number, ok: (p: PublishedDiagnostics) => boolean, timeoutMs = SETTLE_TIMEOUT_MS) {
    return this.server.waitForDiagnostics(
      (p) =>
        p.params.uri === this.uri &&
        (p.params.version === undefined || p.params.version === version) &&
        ok(p),
      timeoutMs,
    );
  }
}

const at = (line: number, character: number): Position => ({ line, character });
const rangeOf = (s: ValueSite) => ({ start: at(s.line, s.start), end: at(s.line, s.end) });

/** Spreads `count` picks evenly over `items`, so sites come from the whole file. */
function spread<T>(items: readonly T[], count: number): T[] {
  return Array.from(
    { length: count },
    (_, i) => items[Math.floor((i * items.length) / count) % items.length],
  );
}

/**
 * Fails unless the server applies the buildspec schema: it must offer `pre_build` under `phases` and
 * flag an unknown phase. Guards against measuring a peer that silently runs without our schema.
 */
export async function checkSchemaApplied(server: LspServer, rootUri: string): Promise<void> {
  const uri = `${rootUri}/buildspec-check.yml`;
  const text = 'version: 0.2\nphases:\n  compile:\n    commands:\n      - make\n  \n';
  const doc = new OpenDocument(server, uri);
  const flagged = doc.diagnostics(1, (p) => hasDiagnosticOn(p.params.diagnostics, 2), 15_000);
  await server.open(uri, text);
  const published = await flagged;
  const { items } = await server.completion(uri, at(5, 2));
  await server.close(uri);
  const labels = items.map((i) => i.label);
  if (!published || !labels.includes('pre_build')) {
    throw new Error(
      `${server.spec.name} does not apply the buildspec schema: ` +
        `${published ? 'unknown phase flagged' : 'no diagnostic for the unknown phase "compile"'}, ` +
        `completion under phases gave [${labels.slice(0, 10).join(', ')}]`,
    );
  }
}

interface CompletionSite {
  readonly kind: string;
  /** The edit that makes the context (a new line, an emptied value, a typed `$`) and its undo. */
  readonly edit: TextDocumentContentChangeEvent;
  readonly undo: TextDocumentContentChangeEvent;
  readonly position: Position;
  readonly trigger?: string;
}

function completionSites(g: GeneratedBuildspec, count: number): CompletionSite[] {
  const newLine = (kind: string, line: number, indent: number): CompletionSite => {
    const end = g.text.split('\n')[line].length;
    return {
      kind,
      edit: { range: { start: at(line, end), end: at(line, end) }, text: `\n${' '.repeat(indent)}` },
      undo: { range: { start: at(line, end), end: at(line + 1, indent) }, text: '' },
      position: at(line + 1, indent),
    };
  };
  const emptyValue = (kind: string, s: ValueSite): CompletionSite => {
    const value = g.text.split('\n')[s.line].slice(s.start, s.end);
    return {
      kind,
      edit: { range: rangeOf(s), text: '' },
      undo: { range: { start: at(s.line, s.start), end: at(s.line, s.start) }, text: value },
      position: at(s.line, s.start),
      trigger: ' ',
    };
  };
  const dollar = (s: ValueSite): CompletionSite => ({
    kind: '$ in command',
    edit: { range: { start: at(s.line, s.end), end: at(s.line, s.end) }, text: ' $' },
    undo: { range: { start: at(s.line, s.end), end: at(s.line, s.end + 2) }, text: '' },
    position: at(s.line, s.end + 2),
    trigger: '$',
  });
  const perKind = Math.ceil(count / 6);
  const kinds: CompletionSite[][] = [
    spread(g.phaseKeys, perKind).map((l) => newLine('key under a phase', l, 4)),
    spread(g.taskIds, perKind).map((l) => newLine('key in a batch task', l, 6)),
    spread(g.onFailure, perKind).map((s) => emptyValue('on-failure value', s)),
    spread(g.runtimes, perKind).map((s) => emptyValue('runtime version', s)),
    spread(g.commands, perKind).map(dollar),
    spread([...g.computeTypes, ...g.fileFormats], perKind).map((s) =>
      emptyValue('compute-type/file-format value', s),
    ),
  ];
  // Interleave the kinds so every kind sees the same conditions (warm-up, GC) over the run.
  return Array.from({ length: count }, (_, i) => kinds[i % kinds.length][Math.floor(i / kinds.length)]);
}

function hoverPositions(g: GeneratedBuildspec, count: number): Position[] {
  const mid = (s: ValueSite) => at(s.line, Math.floor((s.start + s.end) / 2));
  const variable = (s: ValueSite) => {
    const i = g.text.split('\n')[s.line].indexOf('$APP_VAR_');
    return at(s.line, i + 3);
  };
  const pool = [
    ...g.hoverKeys.map(mid),
    ...[...g.onFailure, ...g.fileFormats, ...g.runtimes, ...spread(g.computeTypes, 10)].map(mid),
    ...spread(g.commands, 20).map(variable),
  ];
  return spread(pool, count);
}

interface EditSite {
  readonly typed: TextDocumentContentChangeEvent;
  readonly backspace: TextDocumentContentChangeEvent;
  readonly line: number;
}

/** The generator's edits, spread over the file; the backspace puts back what the edit replaced. */
function editSites(g: GeneratedBuildspec, count: number): EditSite[] {
  return spread(g.edits, count).map((e) => ({
    typed: {
      range: { start: at(e.line, e.character), end: at(e.line, e.character + e.removed.length) },
      text: e.text,
    },
    backspace: {
      range: { start: at(e.line, e.character), end: at(e.line, e.character + e.text.length) },
      text: e.removed,
    },
    line: e.line,
  }));
}

export async function measure(
  server: LspServer,
  rootUri: string,
  g: GeneratedBuildspec,
  options: Options,
): Promise<ServerResult> {
  const uri = `${rootUri}/buildspec.yml`;
  const doc = new OpenDocument(server, uri);

  const first = doc.diagnostics(1, () => true, 30_000);
  const tOpen = performance.now();
  await server.open(uri, g.text);
  const opened = await first;
  if (!opened)
    throw new Error(`${server.spec.name} published no diagnostics for the opened buildspec within 30 s`);
  const openToDiagnosticsMs = opened.at - tOpen;
  const baseline = opened.params.diagnostics.length;

  const sites = completionSites(g, options.completionSites);
  const hovers = hoverPositions(g, options.hovers);
  const edits = editSites(g, Math.ceil(options.edits / 2));

  let validatedFirst = 0;
  const completionAt = async (
    site: CompletionSite,
    record?: (ms: number, first: boolean, answered: boolean) => void,
  ) => {
    const { t0 } = await doc.edit(site.edit);
    for (let k = 0; k < options.completionsPerSite; k++) {
      const { ms, items } = await server.completion(uri, site.position, k === 0 ? site.trigger : undefined);
      // Did the server validate the edit before it answered? Then the user waited for the validation.
      if (k === 0 && server.published.some((p) => p.params.uri === uri && p.at >= t0)) validatedFirst++;
      record?.(ms, k === 0, items.length > 0);
    }
    // Undo, and wait until the server is back to the file's own diagnostics before the next site.
    await doc.editAndWait(site.undo, (p) => p.params.diagnostics.length === baseline);
  };
  const typeAndDelete = async (site: EditSite, record?: (ms: number, miss: boolean) => void) => {
    for (const [change, invalid] of [
      [site.typed, true],
      [site.backspace, false],
    ] as const) {
      const { t0, got } = await doc.editAndWait(
        change,
        (p) => hasDiagnosticOn(p.params.diagnostics, site.line) === invalid,
      );
      // A miss counts as the timeout: the user never saw the right diagnostics in that time.
      record?.(got ? got.at - t0 : SETTLE_TIMEOUT_MS, !got);
    }
  };

  // Warm-up: the same kinds of work, unrecorded, so both servers are measured JIT-compiled.
  for (let r = 0; r < options.warmupRounds; r++) {
    for (const s of sites.slice(0, 6)) await completionAt(s);
    for (const p of hovers.slice(0, 20)) await server.hover(uri, p);
    for (const e of edits.slice(0, 2)) await typeAndDelete(e);
  }
  await delay(300);
  validatedFirst = 0;

  const completionMs: number[] = [];
  const completionAfterEditMs: number[] = [];
  const completionByKind: Record<string, KindStats> = {};
  for (const site of sites) {
    const k = (completionByKind[site.kind] ??= { answered: 0, total: 0, ms: [] });
    await completionAt(site, (ms, firstAfterEdit, answered) => {
      completionMs.push(ms);
      if (firstAfterEdit) completionAfterEditMs.push(ms);
      k.total++;
      if (answered) k.answered++;
      k.ms.push(ms);
    });
  }

  const hoverMs: number[] = [];
  let hoverAnswered = 0;
  for (const p of hovers) {
    const { ms, hover } = await server.hover(uri, p);
    hoverMs.push(ms);
    if (hover) hoverAnswered++;
  }

  const changeToDiagnosticsMs: number[] = [];
  let changeMisses = 0;
  const cpuBefore = server.cpuMs();
  for (const e of edits) {
    await typeAndDelete(e, (ms, miss) => {
      changeToDiagnosticsMs.push(ms);
      if (miss) changeMisses++;
    });
  }
  const cpuPerEditMs = (server.cpuMs() - cpuBefore) / (edits.length * 2);

  return {
    server: server.spec.name,
    openToDiagnosticsMs,
    baselineDiagnostics: baseline,
    completionMs,
    completionAfterEditMs,
    completionAfterValidation: validatedFirst,
    completionByKind,
    hoverMs,
    hover: { answered: hoverAnswered, total: hovers.length },
    changeToDiagnosticsMs: changeToDiagnosticsMs.slice(0, options.edits),
    changeMisses,
    cpuPerEditMs,
    memory: server.memory(),
  };
}
