/** What the security checks ask of a simple command: which program it runs, and its options. */
import type { SimpleCommand, Word } from './ast';

/** Prefixes that run the next word as the command. */
const WRAPPERS = new Set(['sudo', 'env', 'time', 'nohup', 'exec', 'command', 'xargs', 'nice', 'timeout']);
/** Options of the wrappers that take a value (`sudo -u user`, `timeout 10`). */
const WRAPPER_VALUE = /^-[ugCDTrt]$/;

export interface Invocation {
  /** The program's name without its directory (`/usr/bin/curl` → `curl`), or '' when it is computed. */
  readonly name: string;
  /** The index in `args` of the program's own word. */
  readonly at: number;
}

/** The program a simple command runs, looking through `sudo`, `env X=1`, `time` and kin. */
export function invocation(c: SimpleCommand): Invocation | undefined {
  let i = 0;
  while (i < c.args.length) {
    const lit = c.args[i].literal;
    if (lit === undefined) return { name: '', at: i };
    const name = lit.replace(/^.*\//, '');
    if (!WRAPPERS.has(name)) return { name, at: i };
    i++;
    // The wrapper's options and assignments, and `timeout`'s duration.
    while (i < c.args.length) {
      const a = c.args[i].literal ?? '';
      if (WRAPPER_VALUE.test(a)) i += 2;
      else if (a.startsWith('-') || /^\w+=/.test(a) || (name === 'timeout' && /^\d/.test(a))) i++;
      else break;
    }
  }
  return undefined;
}

/** The words after the program's own. */
export function argsOf(c: SimpleCommand, inv: Invocation): readonly Word[] {
  return c.args.slice(inv.at + 1);
}

/** The word after the first option matching `flag` (`-c` and clusters such as `-ec`), if any. */
export function optionValue(args: readonly Word[], flag: RegExp): Word | undefined {
  const i = args.findIndex((w) => w.literal !== undefined && flag.test(w.literal));
  return i >= 0 ? args[i + 1] : undefined;
}

export const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash']);
