/** Turns a cached per-command finding (offsets relative to its command) into a finding of the document. */
import type { Reporter } from '../findings';
import type { RelFinding } from './shellFacts';

export function reportRelative(r: Reporter, base: number, f: RelFinding): void {
  const fixes = f.fixes?.map((x) => r.replace(x.title, base + x.start, base + x.end, x.newText));
  r.reportAt(f.code, f.message, r.range(base + f.start, base + f.end), fixes ? { fixes } : {});
}
