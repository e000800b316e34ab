/**
 * A glob matcher for user-configured file patterns (`**`, `*`, `?`, `{a,b}`). The patterns come from
 * workspace settings, which a cloned repository writes, so nothing here compiles to a regular
 * expression: a pattern becomes a list of steps run as a set of states over the path, one pass, at
 * most (path length × pattern length) work whatever the stars. Odd input never throws.
 */

/** One step of a compiled pattern. */
type Step =
  | { readonly t: 'char'; readonly c: string }
  /** `?`: one character other than `/`. */
  | { readonly t: 'one' }
  /** `*`: any run of characters other than `/`. */
  | { readonly t: 'star' }
  /** `**` not followed by `/`: any run of characters. */
  | { readonly t: 'any' }
  /** `**` and a slash: nothing, or any run of characters that ends with `/` (zero or more folders). */
  | { readonly t: 'dirs' };

/** A compiled glob: one step list per brace alternative. */
export type Glob = readonly (readonly Step[])[];

/** Longer patterns are ignored: no real file pattern needs them. */
export const MAX_GLOB_LENGTH = 1000;
/** Brace alternatives multiply; past this many expansions the rest are dropped. */
const MAX_ALTERNATIVES = 64;
/** Paths longer than this never match (a path longer than any file system allows). */
const MAX_PATH_LENGTH = 8192;

const cache = new Map<string, Glob>();

/** Compiles `glob`; `anchored` makes it match the whole path instead of a tail that starts a segment. */
export function compileGlob(glob: string, anchored = false): Glob {
  const key = `${anchored ? 'a' : 'u'}${glob}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let clean = glob.trim();
  if (clean.length > MAX_GLOB_LENGTH) clean = '';
  else if (!anchored) clean = clean.replace(/^(?:\.\/|\/)+/, '');
  const out = clean ? expandBraces(clean).map((alt) => toSteps(alt, anchored)) : [];
  if (cache.size > 500) cache.clear();
  cache.set(key, out);
  return out;
}

/** `a{b,c}d` → `abd`, `acd`; a `{` without its `}` is a plain character. One level, no nesting. */
function expandBraces(glob: string): string[] {
  let out = [''];
  let i = 0;
  while (i < glob.length) {
    const open = glob.indexOf('{', i);
    const close = open < 0 ? -1 : glob.indexOf('}', open);
    if (open < 0 || close < 0) {
      out = out.map((o) => o + glob.slice(i));
      break;
    }
    const head = glob.slice(i, open);
    const options = glob.slice(open + 1, close).split(',');
    const next: string[] = [];
    for (const o of out) {
      for (const option of options) if (next.length < MAX_ALTERNATIVES) next.push(o + head + option);
    }
    out = next;
    i = close + 1;
  }
  return out;
}

function toSteps(glob: string, anchored: boolean): Step[] {
  // Unanchored: a pattern matches the path from the start of any segment, as VS Code's associations do.
  const steps: Step[] = anchored ? [] : [{ t: 'dirs' }];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      let j = i;
      while (glob[j + 1] === '*') j++;
      const run = j - i + 1;
      i = j;
      if (run === 1) push(steps, { t: 'star' });
      else if (glob[i + 1] === '/') {
        push(steps, { t: 'dirs' });
        i++;
      } else push(steps, { t: 'any' });
    } else if (c === '?') steps.push({ t: 'one' });
    else steps.push({ t: 'char', c: c === '\\' ? '/' : c.toLowerCase() });
  }
  return steps;
}

/** Adds a repeating step, dropping one that the previous step already covers (a star after a globstar). */
function push(steps: Step[], step: Step): void {
  const last = steps.at(-1);
  if (last && last.t === step.t) return;
  if (last?.t === 'any' && (step.t === 'star' || step.t === 'dirs')) return;
  steps.push(step);
}

/** Whether `path` (with `/` separators) matches one of the alternatives of `glob`. */
export function matchGlob(glob: Glob, path: string): boolean {
  if (path.length > MAX_PATH_LENGTH) return false;
  const p = path.toLowerCase();
  return glob.some((steps) => run(steps, p));
}

/** Runs the steps as a set of states: each character moves every live state at once, no backtracking. */
function run(steps: readonly Step[], p: string): boolean {
  const n = steps.length;
  let live = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  live[0] = AT;
  close(steps, live);
  for (let k = 0; k < p.length; k++) {
    const c = p[k];
    next.fill(0);
    let any = false;
    for (let s = 0; s < n; s++) {
      if (!live[s]) continue;
      const step = steps[s];
      switch (step.t) {
        case 'char':
          if (step.c === c) next[s + 1] |= AT;
          break;
        case 'one':
          if (c !== '/') next[s + 1] |= AT;
          break;
        case 'star':
          if (c !== '/') next[s] |= AT;
          break;
        case 'any':
          next[s] |= AT;
          break;
        case 'dirs':
          // Inside the folders: only a `/` ends them, so the state may not skip ahead.
          next[s] |= INSIDE;
          if (c === '/') next[s + 1] |= AT;
          break;
      }
      any = true;
    }
    if (!any) return false;
    close(steps, next);
    [live, next] = [next, live];
  }
  return live[n] !== 0;
}

/** A state just reached (it may still match nothing and move on). */
const AT = 1;
/** A state part-way through `**` and a slash (it has read a folder name that no `/` has ended yet). */
const INSIDE = 2;

/** Adds the states reachable without reading a character: every repeating step may match nothing. */
function close(steps: readonly Step[], states: Uint8Array): void {
  for (let s = 0; s < steps.length; s++) {
    const t = steps[s].t;
    if (t === 'char' || t === 'one') continue;
    if (t === 'dirs' ? states[s] & AT : states[s]) states[s + 1] |= AT;
  }
}

/** Whether `path` matches any of the user's patterns (each matched against the tail of the path). */
export function matchesAny(path: string, globs: readonly string[]): boolean {
  const p = path.replace(/\\/g, '/');
  return globs.some((g) => matchGlob(compileGlob(g), p));
}
