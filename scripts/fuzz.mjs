// `node scripts/fuzz.mjs [--seconds N] [--seed S] [--skip folding,complete]`: runs the language-service
// fuzzer (test/fuzz/fuzz.test.ts) for longer than `npm test` does — FUZZ_SECONDS, default 300 — with a
// random seed unless one is given, for people hunting bugs. Failures are shrunk and saved under
// test-results/fuzz-failure-<seed>*.txt; the exit code is the test's.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

const seconds = flag('seconds') ?? process.env.FUZZ_SECONDS ?? '300';
const seed = flag('seed') ?? process.env.FUZZ_SEED ?? String(randomInt(1, 2 ** 31));
const skip = flag('skip') ?? process.env.FUZZ_SKIP ?? '';

console.log(`fuzzing for ${seconds} s with seed ${seed}${skip ? `, skipping ${skip}` : ''}`);
console.log(
  `replay: FUZZ_SEED=${seed} FUZZ_SECONDS=${seconds} node --import tsx --test test/fuzz/fuzz.test.ts`,
);
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', 'test/fuzz/fuzz.test.ts'],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      FUZZ_SECONDS: seconds,
      FUZZ_SEED: seed,
      FUZZ_SKIP: skip,
      FUZZ_SHRINK_SECONDS: process.env.FUZZ_SHRINK_SECONDS ?? '120',
    },
  },
);
process.exit(r.status ?? 1);
