// Results held by key, each loaded once: a second reader while a load runs shares it, and a load
// that a `forget` overtook (a refresh during the call) is handed to its reader but not kept.
import { settle, type Loaded } from './errors';

export class Held<V> {
  private readonly values = new Map<string, Loaded<V>>();
  private readonly loading = new Map<string, Promise<Loaded<V>>>();
  /** Bumped per key by every forget/set, so an older load does not overwrite a newer answer. */
  private readonly versions = new Map<string, number>();

  get(key: string): Loaded<V> | undefined {
    return this.values.get(key);
  }

  /** The held result, or the one being loaded, or a new load. */
  load(key: string, fetch: () => Promise<V>): Promise<Loaded<V>> {
    const held = this.values.get(key);
    if (held) return Promise.resolve(held);
    const running = this.loading.get(key);
    if (running) return running;
    const version = this.versions.get(key) ?? 0;
    const p = settle(fetch).then((result) => {
      if (this.loading.get(key) === p) this.loading.delete(key);
      if ((this.versions.get(key) ?? 0) === version) this.values.set(key, result);
      return result;
    });
    this.loading.set(key, p);
    return p;
  }

  /** Replaces what is held (a poll's fresher answer). */
  set(key: string, value: Loaded<V>): void {
    this.bump(key);
    this.values.set(key, value);
  }

  /** Updates a held success in place of a copy; nothing when the key holds a failure or nothing. */
  update(key: string, change: (value: V) => V): boolean {
    const held = this.values.get(key);
    if (!held?.ok) return false;
    this.set(key, { ok: true, value: change(held.value) });
    return true;
  }

  forget(key: string): void {
    this.bump(key);
    this.values.delete(key);
    this.loading.delete(key);
  }

  clear(): void {
    for (const key of new Set([...this.values.keys(), ...this.loading.keys()])) this.forget(key);
  }

  keys(): string[] {
    return [...this.values.keys()];
  }

  /** Keys whose load failed for a reason that may pass by itself. */
  transientFailures(): string[] {
    return [...this.values.entries()].filter(([, v]) => !v.ok && v.error.remedy === 'retry').map(([k]) => k);
  }

  private bump(key: string): void {
    this.versions.set(key, (this.versions.get(key) ?? 0) + 1);
  }
}
