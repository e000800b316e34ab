// What a command takes from its caller. A command can be called from a menu or the palette, but also
// from a `command:` link in any rendered Markdown, with arguments the link's author chose. So an
// argument counts as a tree element only when it is one this extension made (or the id of one), and
// the options that skip prompts count only for callers the extension trusts: the test API, or any
// caller while the extension runs in test mode. Pure: no VS Code, so the rules are unit-tested.

import type { Call } from '../commands/define';

export { INTERACTIVE, type Call } from '../commands/define';

const created = new WeakSet<object>();

/** Records an element the extension made, so commands accept it as an argument. */
export function markCreated<T extends object>(element: T): T {
  created.add(element);
  return element;
}

/** Whether a value is an element the extension made (not a look-alike object). */
export function isCreated(value: unknown): boolean {
  return typeof value === 'object' && value !== null && created.has(value);
}

/** The element an argument names: one the extension made, or the id of one; anything else is none. */
export function resolveElement<T extends object>(
  arg: unknown,
  byId: (id: string) => T | undefined,
): T | undefined {
  if (typeof arg === 'string') return arg.length <= 2048 ? byId(arg) : undefined;
  return isCreated(arg) ? (arg as T) : undefined;
}

/** The options of a call: what the caller passed when it may skip prompts, else none. */
export function callOptions<T extends object>(call: Call, opts: unknown): Partial<T> {
  if (!call.unattended || typeof opts !== 'object' || opts === null || Array.isArray(opts)) return {};
  return opts;
}

/** A bare name (`project-0`) given instead of an element; taken only from an unattended caller. */
export function nameArgument(call: Call, arg: unknown): string | undefined {
  return call.unattended && typeof arg === 'string' && arg !== '' ? arg : undefined;
}

interface ConnectionLike {
  profile: string;
  region: string;
}

/** The configured connection an argument names (same profile and region), or none. */
export function resolveConnection<C extends ConnectionLike>(
  arg: unknown,
  configured: readonly C[],
): C | undefined {
  const given = arg as Partial<ConnectionLike> | null | undefined;
  if (typeof given?.profile !== 'string' || typeof given.region !== 'string') return undefined;
  return configured.find((c) => c.profile === given.profile && c.region === given.region);
}
