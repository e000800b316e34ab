// How the SDK clients retry. Standard mode unless the user's AWS setup asks for adaptive, and more
// attempts than the SDK's three unless it names a number.
//
// Why not adaptive by default: its client-side token bucket belongs to the whole client, and one client
// serves every pipeline, project and operation of a connection. After a throttle it paces every later
// call of the client, so a view's poll that trips ListPipelineExecutions' limit holds back the
// GetPipelineState of a pipeline the user just expanded, and throttles that the user's own rate did not
// cause (a busy account shares each API's rate with every other caller) keep it at its floor. AWS's
// retry guidance gives the same reasons: standard for every workload, adaptive only for a client per
// throttled resource that can afford latency. Measured against the fake (bench/aws), the Pipelines first
// screen with 20% of calls throttled: adaptive 12-15 s, standard 4-7 s; under a rate limit of 10 calls a
// second on ListPipelineExecutions, both about 5 s (standard sends about a third more requests, which the
// SDK's retry quota bounds), and a click on another operation during it: adaptive 1.5-2.4 s, standard
// 60 ms. docs/aws-retries.md has the figures.
import { AdaptiveRetryStrategy, DefaultRateLimiter } from '@smithy/core/retry';
import type { RetrySettings } from './profiles';

/**
 * Attempts per call when neither the caller nor the user's AWS setup names a number: with 20% of calls
 * throttled at random, three attempts lose about one call in 125 (a view of 50 rows shows an error row
 * one time in three), five about one in 3,000.
 */
export const DEFAULT_MAX_ATTEMPTS = 5;

/** The retry behaviour the clients of a connection get. */
export interface RetryPolicy {
  mode: 'standard' | 'adaptive';
  /** Attempts per call, the first one included. */
  maxAttempts: number;
  /** Where the mode came from: the caller, the user's AWS setup, or our default. */
  from: 'options' | 'config' | 'default';
}

/** The policy: what the caller asks for, else the user's `retry_mode`/`max_attempts`, else ours. */
export function retryPolicy(
  asked: { retryMode?: 'standard' | 'adaptive'; maxAttempts?: number },
  config: RetrySettings,
): RetryPolicy {
  // The JavaScript SDK has no legacy mode of its own; it treats `legacy` as standard, and so do we.
  const configured = config.mode === 'legacy' ? 'standard' : config.mode;
  return {
    mode: asked.retryMode ?? configured ?? 'standard',
    maxAttempts: asked.maxAttempts ?? config.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    from: asked.retryMode ? 'options' : configured ? 'config' : 'default',
  };
}

/**
 * The SDK client settings of a policy; call once per client. Adaptive gets a limiter of its own per
 * client (throttling is per API), with a floor: the SDK's limiter drops to 0.5 requests a second after
 * a throttle that comes before it has measured any rate (its measured rate starts at 0), which stalls
 * every call of the client for tens of seconds; 5 a second is below what these APIs allow.
 */
export function sdkRetryConfig(policy: RetryPolicy) {
  const { maxAttempts } = policy;
  if (policy.mode === 'standard') return { retryMode: 'standard', maxAttempts };
  const rateLimiter = new DefaultRateLimiter({ minFillRate: 5, minCapacity: 5 });
  return { retryStrategy: new AdaptiveRetryStrategy(maxAttempts, { rateLimiter }), maxAttempts };
}
