/**
 * How the language server asks V8 to size its heap. Call `tuneHeap()` once at start, before the first
 * document is parsed. Every editor starts us as `node server.js --stdio`, without node flags of ours, so
 * the tuning is done with the flags V8 reads while it runs (docs/shell-parser.md#memory has the figures).
 *
 * Old generation: after a full collection V8 sets the next one's threshold at up to four times what
 * survived. Our live heap is about 20 MB, but every edit re-parses the document and drops the previous
 * tree, so the old generation filled to 55-60 MB of mostly garbage before each full collection, and the
 * server's RSS stayed there. Capping the growth at twice what survived took 20 to 25 MB off the RSS after
 * the bench run for 5 full collections instead of 2, with the same CPU per edit.
 *
 * Young generation: V8 doubles it whenever more survives a scavenge than it holds, up to node's default
 * of two 16 MB semi-spaces, which a few edits of a large file reach; that is 32 MB of RSS for the rest of
 * the session. Its maximum can only be given on node's command line, but the growth factor is read at
 * each growth: the server lets it double until it holds `YOUNG_GENERATION_CAP` and then holds it there
 * (factor 1), and lets it grow again if V8 ever shrinks it (an idle memory-reducing collection does).
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/** The old generation may grow to twice what the last full collection kept before the next one. */
export const HEAP_GROWING_PERCENT = 100;

/** Both semi-spaces together, in bytes: a quarter of node's default maximum (2 × 16 MB). */
export const YOUNG_GENERATION_CAP = 8 * 1024 * 1024;

/** The young generation's size now (both semi-spaces), in bytes. */
export function youngGenerationSize(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
}

/** What the server calls as it works, so that the tuning can follow the heap. */
export interface HeapTuning {
  /** Before a piece of work that allocates (a validation, a request): cheap, a few microseconds. */
  checkpoint(): void;
}

export function tuneHeap(): HeapTuning {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return holdYoungGeneration();
}

/**
 * Holds the young generation at `YOUNG_GENERATION_CAP` once it gets there, and lets it grow again
 * below it. Checked at each checkpoint and after collections (node reports those a turn or two of the
 * event loop later). V8 grows it at most once a collection, but a single task can hold several: the
 * first validation of a file far larger than a buildspec, or the first edits after V8 shrank the space
 * while the process sat idle, can take it one doubling past the cap (seen in tests run in parallel).
 */
function holdYoungGeneration(): HeapTuning {
  let held = false;
  const checkpoint = (): void => {
    const full = youngGenerationSize() >= YOUNG_GENERATION_CAP;
    if (full === held) return;
    setFlagsFromString(`--semi-space-growth-factor=${full ? 1 : 2}`);
    held = full;
  };
  new PerformanceObserver(() => checkpoint()).observe({ entryTypes: ['gc'] });
  checkpoint();
  return { checkpoint };
}
