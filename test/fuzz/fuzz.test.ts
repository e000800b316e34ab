/**
 * Fuzzes the language service: hand-built pathological documents, then mutated real-world files for
 * the rest of a fixed time budget. Every feature runs on every input; none may throw, return something
 * VS Code rejects, or take longer than FUZZ_BOUND_MS (a hang detector, not a benchmark).
 *
 *   FUZZ_SEED     the PRNG seed (default fixed, so `npm test` is repeatable)
 *   FUZZ_SECONDS  the budget for the whole file (default 15)
 *   FUZZ_CASE     replay one case of the seed: 0… are the hand-built inputs, then the mutations
 *   FUZZ_CORPUS   the corpus folder (default /work/shared/corpus; built-in seeds without it)
 *   FUZZ_BOUND_MS the bound for one feature call (default 2000); the YAML parse gets five times that
 *   FUZZ_SKIP     methods not to call, comma-separated, to hunt past a known bug (e.g. folding,complete)
 *
 * `node scripts/fuzz.mjs` runs it for longer with a random seed.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { describeFailure, FuzzWorker, REPO, saveFailure, show, shrink, signature } from './harness';
import { loadSeeds, mutatedCase, Rng, type FuzzInput } from './inputs';
import { nastyInputs } from './nasty';
import { anchorsFor, type CallFailure } from './protocol';

const env = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return process.env[name] && Number.isFinite(v) ? v : fallback;
};
const SEED = env('FUZZ_SEED', 20261122) >>> 0;
const SECONDS = env('FUZZ_SECONDS', 15);
const BOUND_MS = env('FUZZ_BOUND_MS', 2000);
const PARSE_BOUND_MS = env('FUZZ_PARSE_BOUND_MS', 5 * BOUND_MS);
const SHRINK_SECONDS = env('FUZZ_SHRINK_SECONDS', 30);
const ONLY_CASE = process.env.FUZZ_CASE ? Number(process.env.FUZZ_CASE) : undefined;

const started = Date.now();
const deadline = started + SECONDS * 1000;
const { seeds, source } = loadSeeds();
const nasty = nastyInputs();

/** Case `i` of this seed: the hand-built inputs first, then mutations. */
function caseAt(i: number): FuzzInput {
  return i < nasty.length
    ? { ...nasty[i], name: `built-in "${nasty[i].name}"` }
    : mutatedCase(SEED, i - nasty.length, seeds);
}

interface Found {
  readonly index: number;
  readonly input: FuzzInput;
  readonly failure: CallFailure;
}

const worker = new FuzzWorker(hangAfter(BOUND_MS), hangAfter(PARSE_BOUND_MS));
const found = new Map<string, Found>();
/** Methods not called any more: FUZZ_SKIP, and those that hung once (each hang costs seconds). */
const skip = new Set((process.env.FUZZ_SKIP ?? '').split(',').filter(Boolean));
let ran = 0;
let saved = 0;
/** How long each case took, to show where the budget goes. */
const took: [number, string][] = [];

function hangAfter(bound: number): number {
  return Math.max(2 * bound, bound + 1000);
}

async function runCase(index: number): Promise<void> {
  const input = caseAt(index);
  // Every positional call re-reads the whole text, so big inputs get fewer random positions.
  const anchors = anchorsFor(
    input.text,
    new Rng(SEED, 1_000_000 + index),
    input.text.length > 100_000 ? 1 : 3,
  );
  const t0 = Date.now();
  const failures = await worker.run({
    uri: input.uri,
    text: input.text,
    anchors,
    boundMs: BOUND_MS,
    parseBoundMs: PARSE_BOUND_MS,
    skip: [...skip],
    ...(input.staleText !== undefined ? { staleText: input.staleText } : {}),
    ...(input.shellSyntax ? { shellSyntax: input.shellSyntax } : {}),
  });
  ran++;
  took.push([Date.now() - t0, `case ${index} ${input.name}`]);
  for (const failure of failures) {
    if (failure.kind === 'hang') skip.add(failure.method.replace('(stale)', ''));
    const sig = signature(failure);
    if (!found.has(sig)) found.set(sig, { index, input, failure });
  }
}

/** Shrinks each distinct failure, saves it and returns the assertion message. */
async function report(): Promise<string> {
  // While shrinking, a call only has to be seen to exceed its bound.
  const shrinker = new FuzzWorker(BOUND_MS + 500, PARSE_BOUND_MS + 500);
  const shrinkDeadline = Date.now() + SHRINK_SECONDS * 1000;
  const parts: string[] = [];
  let n = 0;
  const fileNo = () => saved++;
  for (const [sig, { index, input, failure }] of found) {
    const only = { method: failure.method, anchor: failure.anchor };
    const stale =
      failure.method.endsWith('(stale)') && input.staleText !== undefined
        ? { staleText: input.staleText }
        : {};
    const fails = async (text: string) => {
      const got = await shrinker.run({
        uri: input.uri,
        text,
        anchors: failure.anchor ? [failure.anchor] : [],
        boundMs: BOUND_MS,
        parseBoundMs: PARSE_BOUND_MS,
        only,
        ...stale,
      });
      return got.some((g) => signature(g) === sig);
    };
    // Each failure gets an equal share of what is left of the shrinking budget.
    const share = Date.now() + (shrinkDeadline - Date.now()) / Math.max(1, found.size - n);
    // A slow call takes seconds per attempt to confirm, so only quick failures are shrunk.
    // A missed or false shell syntax error is not shrunk: a shorter text would not keep the expectation.
    const quick =
      (failure.kind === 'throw' || failure.kind === 'invalid') && failure.method !== 'validate(shell syntax)';
    const small = quick && (await fails(input.text)) ? await shrink(input.text, fails, share) : input.text;
    const header = `seed ${SEED}, case ${index} (${input.name}), ${input.uri}: ${describeFailure(failure)}`;
    const file = path.relative(REPO, saveFailure(SEED, fileNo(), small, header));
    parts.push(
      [
        `${++n}. ${describeFailure(failure)}`,
        `   input: case ${index}, ${input.name}, as ${input.uri} (${input.text.length} characters)`,
        `   replay: FUZZ_SEED=${SEED} FUZZ_CASE=${index} node --import tsx --test test/fuzz/fuzz.test.ts`,
        quick
          ? `   smallest input that fails the same way (${small.length} characters, saved to ${file}):`
          : `   the input (not shrunk; saved to ${file}):`,
        `   ${show(small)}`,
        ...(failure.stack ? [`   ${failure.stack.split('\n').slice(0, 6).join('\n   ')}`] : []),
      ].join('\n'),
    );
  }
  await shrinker.close();
  return parts.join('\n\n');
}

function check(what: string): Promise<void> {
  if (found.size === 0) return Promise.resolve();
  return report().then((text) => {
    found.clear();
    assert.fail(`fuzz seed ${SEED}: ${what} failed:\n\n${text}`);
  });
}

describe(`language service fuzz (seed ${SEED})`, { timeout: (SECONDS + SHRINK_SECONDS + 120) * 1000 }, () => {
  after(() => worker.close());
  console.log(
    `fuzz: seed ${SEED}, ${SECONDS} s, bound ${BOUND_MS} ms (parse ${PARSE_BOUND_MS} ms), seeds from ${source}`,
  );

  if (ONLY_CASE !== undefined) {
    it(`case ${ONLY_CASE}`, async () => {
      await runCase(ONLY_CASE);
      await check(`case ${ONLY_CASE}`);
    });
    return;
  }

  it(`survives hand-built pathological documents`, async () => {
    // In an order the seed rotates, for at most two thirds of the budget: a known hang costs seconds
    // each, and what one run does not reach, another seed (or scripts/fuzz.mjs) does.
    const order = nasty.map((_, i) => i);
    const start = SEED % nasty.length;
    const rotated = [...order.slice(start), ...order.slice(0, start)];
    const stop = started + (SECONDS * 1000 * 2) / 3;
    let done = 0;
    for (const i of rotated) {
      if (Date.now() > stop) break;
      await runCase(i);
      done++;
    }
    console.log(
      `fuzz: ${done} of ${nasty.length} hand-built inputs (from case ${start}) in ${Date.now() - started} ms; slowest:`,
    );
    for (const [ms, what] of took.sort((a, b) => b[0] - a[0]).slice(0, 8))
      console.log(`fuzz:   ${ms} ms ${what}`);
    await check('a hand-built input');
  });

  it('survives mutated corpus files until the time budget runs out', async () => {
    const from = Date.now();
    const before = ran;
    // At least a handful of mutations, even when the hand-built inputs ate the budget.
    for (let i = nasty.length; Date.now() < deadline || ran - before < 20; i++) {
      await runCase(i);
      if (found.size >= 10) break;
    }
    console.log(`fuzz: ${ran - before} mutated inputs in ${Date.now() - from} ms (seed ${SEED})`);
    await check('a mutated input');
  });
});
