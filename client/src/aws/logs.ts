// CloudWatch Logs: read a build's log stream a page at a time. GetLogEvents hands back the token it
// was given when nothing new has arrived; we report that as `caughtUp` so a follower backs off
// instead of spinning, and so no event is read twice.
//
// StartLiveTail answers with an event stream: one HTTP/1.1 response (the SDK's default Node handler;
// no HTTP/2 is needed for a response-only stream) whose body is a sequence of binary event-stream
// messages, `sessionStart` first, then a `sessionUpdate` every second.
import {
  GetLogEventsCommand,
  StartLiveTailCommand,
  type StartLiveTailCommandOutput,
  type StartLiveTailResponseStream,
} from '@aws-sdk/client-cloudwatch-logs';
import type { AwsClients, CallSpec } from './clients';
import { LIMITS, checkRequest } from './constraints';
import { toAwsError } from './errors';
import type {
  LiveTailRequest,
  LiveTailSession,
  LiveTailUpdate,
  LogEvent,
  LogPage,
  LogPageRequest,
} from './types';

export class LogsApi {
  constructor(private readonly conn: AwsClients) {}

  /** One page of a log stream, from the head unless `startFromHead` is false. */
  async getLogEvents(request: LogPageRequest): Promise<LogPage> {
    const startFromHead = request.startFromHead ?? true;
    const spec: CallSpec = {
      service: 'logs',
      operation: 'GetLogEvents',
      verb: 'read log stream',
      resource: `${request.groupName}/${request.streamName}`,
    };
    checkRequest(spec, [
      ['log group name', request.groupName, LIMITS.logGroupName],
      ['log stream name', request.streamName, LIMITS.logStreamName],
      ['page token', request.nextToken, LIMITS.nonEmpty],
      ['event limit', request.limit, LIMITS.logEventsLimit],
    ]);
    const out = await this.conn.call(spec, () =>
      this.conn.logs.send(
        new GetLogEventsCommand({
          logGroupName: request.groupName,
          logStreamName: request.streamName,
          nextToken: request.nextToken,
          startFromHead,
          limit: request.limit,
        }),
      ),
    );
    const events: LogEvent[] = (out.events ?? []).map((e) => ({
      timestamp: e.timestamp ?? 0,
      message: e.message ?? '',
      ingestionTime: e.ingestionTime,
    }));
    const forward = out.nextForwardToken;
    return {
      events,
      nextForwardToken: forward,
      nextBackwardToken: out.nextBackwardToken,
      // An empty page with a NEW token is not the end: the service may skip over a quiet time range.
      caughtUp: forward === undefined || forward === request.nextToken,
    };
  }

  /**
   * Reads forward from `nextToken` (or the head) until the service has nothing new, returning the
   * events and the token to resume from. For a finished stream this is the whole log.
   */
  async readToEnd(
    groupName: string,
    streamName: string,
    nextToken?: string,
    maxPages = 1000,
  ): Promise<{ events: LogEvent[]; nextToken?: string }> {
    const events: LogEvent[] = [];
    let token = nextToken;
    for (let i = 0; i < maxPages; i++) {
      const page = await this.getLogEvents({ groupName, streamName, nextToken: token, startFromHead: true });
      events.push(...page.events);
      token = page.nextForwardToken ?? token;
      if (page.caughtUp) break;
    }
    return { events, nextToken: token };
  }

  /**
   * Opens a StartLiveTail session on one stream. Resolves once the service has accepted it (its
   * `sessionStart` has arrived); fails as an AwsError when the account, region or endpoint refuses.
   */
  async startLiveTail(request: LiveTailRequest): Promise<LiveTailSession> {
    const abort = new AbortController();
    const onAbort = () => abort.abort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const spec = {
      service: 'logs',
      operation: 'StartLiveTail',
      verb: 'start live tail of',
      resource: `${groupNameOf(request.groupArn)}/${request.streamName}`,
    } as const;
    checkRequest(spec, [
      ['log group ARN', request.groupArn, LIMITS.logGroupArn],
      ['log stream name', request.streamName, LIMITS.logStreamName],
    ]);
    const command = new StartLiveTailCommand({
      logGroupIdentifiers: [request.groupArn],
      logStreamNames: [request.streamName],
    });
    // StartLiveTail is served from `stream-logs.REGION.amazonaws.com`: the SDK puts `stream-` in front
    // of the host. In front of an endpoint the user set (LocalStack, a test endpoint) that makes a
    // host that does not exist, so there we keep the host as it was given.
    const endpoint = this.conn.endpoints.logs;
    if (endpoint) {
      const host = new URL(endpoint).hostname;
      command.middlewareStack.add(
        (next) => (args) => {
          const req = args.request as { hostname?: string } | undefined;
          if (req && typeof req.hostname === 'string') req.hostname = host;
          return next(args);
        },
        { step: 'build', name: 'keepEndpointHost' },
      );
    }
    let out: StartLiveTailCommandOutput;
    try {
      out = await this.conn.call(spec, () => this.conn.logs.send(command, { abortSignal: abort.signal }));
    } catch (err) {
      request.signal?.removeEventListener('abort', onAbort);
      throw err;
    }
    const stream = out.responseStream;
    if (!stream) throw toAwsError(new Error('the response has no event stream'), this.errorContext(spec));
    const iterator = stream[Symbol.asyncIterator]();
    // The SDK has read the first message to look for an initial response; it is `sessionStart`.
    const first = await iterator.next().catch((err: unknown) => {
      throw toAwsError(err, this.errorContext(spec));
    });
    const start = first.done ? undefined : first.value.sessionStart;
    const pending = first.done || start ? undefined : first.value;
    const context = this.errorContext(spec);
    const close = () => {
      request.signal?.removeEventListener('abort', onAbort);
      abort.abort();
    };
    return {
      sessionId: start?.sessionId,
      close,
      async *[Symbol.asyncIterator](): AsyncGenerator<LiveTailUpdate> {
        try {
          if (pending) {
            const update = toUpdate(pending);
            if (update) yield update;
          }
          for (;;) {
            const next = await iterator.next();
            if (next.done) return;
            const update = toUpdate(next.value);
            if (update) yield update;
          }
        } catch (err) {
          if (abort.signal.aborted) return;
          throw toAwsError(err, context);
        } finally {
          close();
        }
      },
    };
  }

  private errorContext(spec: { operation: string; verb: string; resource: string }) {
    return { service: 'logs', operation: spec.operation, verb: spec.verb, resource: spec.resource };
  }
}

// A message of the stream: `sessionUpdate` carries events; the two exceptions may come as members
// (older SDKs) rather than thrown, so they are thrown here.
function toUpdate(message: StartLiveTailResponseStream): LiveTailUpdate | undefined {
  const failure = message.SessionTimeoutException ?? message.SessionStreamingException;
  if (failure) throw failure;
  const update = message.sessionUpdate;
  if (!update) return undefined;
  return {
    sampled: update.sessionMetadata?.sampled ?? false,
    events: (update.sessionResults ?? []).map((e) => ({
      timestamp: e.timestamp ?? 0,
      message: e.message ?? '',
      ingestionTime: e.ingestionTime,
    })),
  };
}

function groupNameOf(arn: string): string {
  return /:log-group:([^:]+)/.exec(arn)?.[1] ?? arn;
}
