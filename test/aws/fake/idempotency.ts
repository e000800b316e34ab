// Idempotency tokens as CodeBuild and CodePipeline honour them: the first request with a token does
// the work; a repeat with the same token and the same parameters, within the token's lifetime, gets
// the first request's result without doing anything; a repeat that changes a parameter is refused.
import { ServiceError, type Json } from './protocol';

interface Entry {
  params: string;
  result: string;
  at: number;
}

export class IdempotencyTokens {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number,
    /** How long a token holds (CodeBuild: five minutes). */
    private readonly lifetimeMs: number,
    /** The error for a token reused with other parameters. */
    private readonly mismatch: (operation: string) => ServiceError,
  ) {}

  /**
   * Runs `work` for the first request with `token` and remembers its result (an id); a repeat gets
   * that id back. No token: always runs. `tokenKey` is left out of the compared parameters.
   */
  once(operation: string, input: Json, tokenKey: string, work: () => string): string {
    const token = input[tokenKey];
    if (typeof token !== 'string') return work();
    const key = `${operation}\n${token}`;
    const params = stable({ ...input, [tokenKey]: undefined });
    const t = this.now();
    const seen = this.entries.get(key);
    if (seen && t - seen.at <= this.lifetimeMs) {
      if (seen.params !== params) throw this.mismatch(operation);
      return seen.result;
    }
    const result = work();
    this.entries.set(key, { params, result, at: t });
    return result;
  }
}

// JSON with object keys sorted, so that the same parameters in another order compare equal.
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Json)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
