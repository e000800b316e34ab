// CloudWatch Logs: read a build's log stream a page at a time. GetLogEvents hands back the token it
// was given when nothing new has arrived; we report that as `caughtUp` so a follower backs off
// instead of spinning, and so no event is read twice.
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { AwsConnection } from './connection';
import type { LogEvent, LogPage, LogPageRequest } from './types';

export class LogsApi {
  constructor(private readonly conn: AwsConnection) {}

  /** One page of a log stream, from the head unless `startFromHead` is false. */
  async getLogEvents(request: LogPageRequest): Promise<LogPage> {
    const startFromHead = request.startFromHead ?? true;
    const out = await this.conn.call(
      {
        service: 'logs',
        operation: 'GetLogEvents',
        verb: 'read log stream',
        resource: `${request.groupName}/${request.streamName}`,
      },
      () =>
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
}
