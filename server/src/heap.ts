/**
 * How the language server asks V8 to size its heap. Call `tuneHeap()` once at start, before the first
 * document is parsed.
 *
 * After a full collection V8 sets the next one's threshold at up to four times what survived. Our live
 * heap is about 20 MB, but every edit re-parses the document and drops the previous tree, so the old
 * generation filled to 55-60 MB of mostly garbage before each full collection, and the server's RSS stayed
 * there (docs/shell-parser.md#memory). Capping the growth at twice what survived took 20 to 25 MB off the
 * RSS after the bench run (old space 33 MB instead of 55-60) for 5 full collections instead of 2, with the
 * same CPU per edit; at one and a half times, 35 MB off but about 20% more CPU per edit.
 *
 * `--heap-growing-percent` is read at each full collection, so it takes effect when set at run time; the
 * young generation's size is fixed when the heap is set up and can only be given on node's command line.
 */
import { setFlagsFromString } from 'node:v8';

/** The old generation may grow to twice what the last full collection kept before the next one. */
export const HEAP_GROWING_PERCENT = 100;

export function tuneHeap(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
