/**
 * Fuzzes the build-log pipeline as the log tab runs it: LogModel (ANSI parser, structure, problems), the
 * path:line links of every held line, and decoration passes over random windows with one palette for the
 * whole run. Cases are hostile lines by class (fuzz.inputs.ts) among ordinary ones. Nothing may throw;
 * every output stays within its cap; no line takes longer than LOG_FUZZ_LINE_MS; the palette never
 * makes more than MAX_DECORATION_TYPES types.
 *
 *   LOG_FUZZ_SEED      the seed (default fixed, so `npm test` is repeatable)
 *   LOG_FUZZ_SECONDS   the budget (default 12); e.g. LOG_FUZZ_SECONDS=600 for a long run
 *   LOG_FUZZ_CASE      replay one case of the seed
 *   LOG_FUZZ_LINE_MS   the bound for one line through the whole pipeline (default 250: a hang
 *                      detector on a loaded machine, not a benchmark; a quadratic line takes seconds)
 *
 *   LOG_FUZZ_SECONDS=600 LOG_FUZZ_SEED=$RANDOM node --import tsx --test test/logs/fuzz.test.ts
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_SPANS_PER_LINE } from '../../client/src/logs/ansi';
import { findPathRefs, MAX_REFS_PER_LINE, type LinkState } from '../../client/src/logs/links';
import { LogModel, MAX_LINE_CHARS, MAX_LOG_CHARS, MAX_LOG_LINES } from '../../client/src/logs/model';
import { MAX_DECORATION_TYPES, MAX_RANGES_PER_PASS, Palette, planPass } from '../../client/src/logs/palette';
import { PHASE_ORDER } from '../../client/src/logs/structure';
import { CLASS_NAMES, makeCase, Rng } from './fuzz.inputs';

const env = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return process.env[name] && Number.isFinite(v) ? v : fallback;
};
const SEED = env('LOG_FUZZ_SEED', 20261202) >>> 0;
const SECONDS = env('LOG_FUZZ_SECONDS', 12);
const LINE_MS = env('LOG_FUZZ_LINE_MS', 250);
const ONLY = process.env.LOG_FUZZ_CASE ? Number(process.env.LOG_FUZZ_CASE) : undefined;

/** What the reader must never see in a line: raw controls, escapes, bidi and zero-width characters. */
function hiddenAt(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (
      (c < 0x20 && c !== 0x09) ||
      (c >= 0x7f && c <= 0x9f) ||
      (c >= 0x200b && c <= 0x200f && c !== 0x200d) ||
      (c >= 0x2028 && c <= 0x202e) ||
      (c >= 0x2060 && c <= 0x206f && c !== 0x2065) ||
      c === 0xfeff
    )
      return i;
  }
  return -1;
}
const CUT_NOTE = ` … (line cut at ${MAX_LINE_CHARS.toLocaleString('en-US')} characters)`;
const PHASE_RANK = new Map<string, number>(PHASE_ORDER.map((p, i) => [p, i]));

function checkModel(m: LogModel): void {
  assert.ok(m.size <= MAX_LOG_LINES);
  let chars = 0;
  for (let abs = m.firstLine; abs < m.totalLines; abs++) {
    const line = m.line(abs)!;
    chars += line.text.length + 1;
    assert.ok(line.text.length <= MAX_LINE_CHARS + CUT_NOTE.length, `line ${abs}: ${line.text.length} chars`);
    const hidden = hiddenAt(line.text);
    assert.equal(hidden, -1, `line ${abs} shows U+${line.text.charCodeAt(hidden).toString(16)} raw`);
    assert.ok(line.spans.length <= MAX_SPANS_PER_LINE);
    let end = 0;
    for (const s of line.spans) {
      assert.ok(
        s.start >= end && s.end > s.start && s.end <= line.text.length,
        `line ${abs} span ${s.start}-${s.end}`,
      );
      end = s.end;
    }
  }
  assert.ok(chars <= MAX_LOG_CHARS + MAX_LINE_CHARS * 2, `${chars} chars held`);
  const phases = m.structure.phases;
  for (let i = 0; i < phases.length; i++) {
    const p = phases[i];
    assert.ok(PHASE_RANK.has(p.name), p.name);
    if (i > 0) assert.ok(PHASE_RANK.get(p.name)! > PHASE_RANK.get(phases[i - 1].name)!, 'phases in order');
    assert.ok(p.startLine <= p.endLine && p.endLine < m.totalLines);
  }
  assert.ok(m.problems.problems.length <= 1000);
  for (const p of m.problems.problems) assert.ok(p.line >= 1 && p.column >= 1 && !p.file.startsWith('/'));
}

interface Failure {
  index: number;
  focus: string;
  message: string;
}

function runCase(index: number, palette: Palette): { lines: number; slowest: number } {
  const { events } = makeCase(SEED, index);
  const rng = new Rng(SEED, 1_000_000 + index);
  const model = new LogModel();
  let slowest = 0;
  // Events in a few appends, as pages arrive; time per line is the append's time over its lines.
  for (let i = 0; i < events.length;) {
    const page = events.slice(i, i + 1 + rng.int(20));
    i += page.length;
    const t = performance.now();
    const { added } = model.append(page);
    slowest = Math.max(slowest, (performance.now() - t) / Math.max(1, added));
  }
  checkModel(model);
  const state: LinkState = {};
  for (let abs = model.firstLine; abs < model.totalLines; abs++) {
    const text = model.line(abs)!.text;
    const t = performance.now();
    const refs = findPathRefs(text, state, model.structure.sourceDir);
    slowest = Math.max(slowest, performance.now() - t);
    assert.ok(refs.length <= MAX_REFS_PER_LINE);
    for (const r of refs) assert.ok(r.start >= 0 && r.start < r.end && r.end <= text.length && r.line > 0);
  }
  for (let pass = 0; pass < 3; pass++) {
    const start = rng.int(Math.max(1, model.size));
    const visible = [{ start, end: start + rng.int(80) }];
    const t = performance.now();
    const plan = planPass(model, visible, model.size + (model.hasHeader ? 1 : 0), palette);
    slowest = Math.max(slowest, (performance.now() - t) / 100);
    assert.ok(plan.ranges <= MAX_RANGES_PER_PASS);
  }
  assert.ok(palette.typeCount <= MAX_DECORATION_TYPES, `${palette.typeCount} decoration types`);
  return { lines: model.totalLines, slowest };
}

describe('log pipeline fuzzer', () => {
  it(`seed ${SEED}: every class, ${SECONDS} s`, (t) => {
    const palette = new Palette();
    const deadline = Date.now() + SECONDS * 1000;
    const failures: Failure[] = [];
    const perClass = new Map<string, { cases: number; lines: number; slowest: number }>();
    let index = ONLY ?? 0;
    do {
      const { focus } = makeCase(SEED, index);
      try {
        const r = runCase(index, palette);
        const c = perClass.get(focus) ?? { cases: 0, lines: 0, slowest: 0 };
        perClass.set(focus, {
          cases: c.cases + 1,
          lines: c.lines + r.lines,
          slowest: Math.max(c.slowest, r.slowest),
        });
        if (r.slowest > LINE_MS)
          failures.push({ index, focus, message: `a line took ${r.slowest.toFixed(0)} ms` });
      } catch (e) {
        failures.push({ index, focus, message: (e as Error).stack ?? String(e) });
      }
      index++;
    } while (
      ONLY === undefined &&
      (index < CLASS_NAMES.length || Date.now() < deadline) &&
      failures.length < 5
    );
    for (const [name, c] of perClass)
      t.diagnostic(`${name}: ${c.cases} cases, ${c.lines} lines, slowest line ${c.slowest.toFixed(1)} ms`);
    t.diagnostic(`${index - (ONLY ?? 0)} cases; decoration types ${palette.typeCount}`);
    assert.deepEqual(
      failures.map(
        (f) =>
          `case ${f.index} (${f.focus}; replay: LOG_FUZZ_SEED=${SEED} LOG_FUZZ_CASE=${f.index}): ${f.message}`,
      ),
      [],
    );
    if (ONLY === undefined) assert.equal(perClass.size, CLASS_NAMES.length, 'every class ran');
  });
});
