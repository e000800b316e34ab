// Fault injection for the fake: rules matched per operation and resource, applied to a fraction of
// calls drawn from a seeded generator (so a failing run can be replayed) or to the next N calls.
import { seeded } from '../../support/random';

export type FaultKind =
  | 'throttle'
  | 'serverError'
  | 'unavailable'
  | 'expiredToken'
  | 'accessDenied'
  | 'drop'
  | 'latency'
  /** Throttles like AWS does: a token bucket of `tps` a second, `burst` deep, per rule. */
  | 'rateLimit'
  /** An error whose message repeats the request's Authorization header and session token. */
  | 'leakySecrets';

export interface FaultRule {
  kind: FaultKind;
  /** `GetPipelineState` or `CodePipeline.GetPipelineState`; any operation when left out. */
  operation?: string;
  /** Matched against the request's name / pipelineName / projectName / id / logStreamName. */
  resource?: string;
  /** Fraction of matching calls hit, drawn from the seeded generator; 1 when left out. */
  rate?: number;
  /** Hit only this many calls, then the rule is spent. */
  times?: number;
  /** For 'latency'. */
  latencyMs?: number;
  /**
   * For 'drop', 'serverError' and 'unavailable': the fake does the work first, then drops the
   * connection or answers the error, as when a response is lost after the service acted.
   */
  afterWork?: boolean;
  /** For 'rateLimit'. */
  tps?: number;
  burst?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class Faults {
  private rules: FaultRule[] = [];
  private readonly buckets = new WeakMap<FaultRule, Bucket>();
  private random: () => number;
  /** Added to every call. */
  latencyMs = 0;

  constructor(seed = 1) {
    this.random = seeded(seed);
  }

  /** Adds a rule; the returned function removes it. */
  add(rule: FaultRule): () => void {
    const copy = { ...rule };
    this.rules.push(copy);
    return () => {
      this.rules = this.rules.filter((r) => r !== copy);
    };
  }

  clear(seed?: number): void {
    this.rules = [];
    this.latencyMs = 0;
    if (seed !== undefined) this.random = seeded(seed);
  }

  /** Extra latency for this call, from every matching latency rule plus the global one. */
  latencyFor(operation: string, resources: readonly string[]): number {
    let ms = this.latencyMs;
    for (const r of this.rules)
      if (r.kind === 'latency' && this.matches(r, operation, resources)) ms += r.latencyMs ?? 0;
    return ms;
  }

  /** The fault that hits this call, if any; spends one of its `times`. */
  pick(operation: string, resources: readonly string[]): FaultRule | undefined {
    for (const r of this.rules) {
      if (r.kind === 'latency' || !this.matches(r, operation, resources)) continue;
      if (r.kind === 'rateLimit') {
        if (this.take(r)) continue;
        return r;
      }
      if (r.times !== undefined && r.times <= 0) continue;
      if (r.rate !== undefined && this.random() >= r.rate) continue;
      if (r.times !== undefined) r.times--;
      return r;
    }
    return undefined;
  }

  // Refills the rule's bucket for the time passed and takes a token; false when it is empty.
  private take(r: FaultRule): boolean {
    const now = performance.now();
    const burst = r.burst ?? r.tps ?? 10;
    const b = this.buckets.get(r) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * (r.tps ?? 10));
    b.at = now;
    this.buckets.set(r, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  private matches(r: FaultRule, operation: string, resources: readonly string[]): boolean {
    if (r.operation && r.operation !== operation && !operation.endsWith(`.${r.operation}`)) return false;
    if (r.resource && !resources.includes(r.resource)) return false;
    return true;
  }
}
