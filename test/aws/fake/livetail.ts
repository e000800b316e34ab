// StartLiveTail as CloudWatch Logs serves it: a 200 response whose body is a stream of binary
// event-stream messages (prelude, headers, JSON payload, CRCs), framed with the SDK's own codec so
// the real client decodes them as it decodes AWS's. `sessionStart` comes first, then a
// `sessionUpdate` every `updateMs` (empty when nothing arrived), until the client hangs up or the
// test ends the session with one of the stream's exceptions.
import { EventStreamCodec } from '@smithy/core/event-streams';
import type { ServerResponse } from 'node:http';
import { ACCOUNT, ServiceError, invalid, uuid, type Json } from './protocol';

export interface LiveEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
}

export interface LiveTailSettings {
  /** false: the operation is refused, as by an endpoint that does not offer it. */
  enabled: boolean;
  /** Real milliseconds between updates (AWS: 1000). */
  updateMs: number;
  /** Sessions open at once before LimitExceededException (AWS's default quota is 15). */
  maxSessions: number;
  /** Events per update before the rest are dropped and the update says `sampled` (AWS: 500). */
  maxEventsPerUpdate: number;
}

/** How a test ends open sessions: one of the stream's exceptions, or a dropped connection. */
export type LiveTailEnd = 'SessionTimeoutException' | 'SessionStreamingException' | 'drop';

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString('utf8'),
  (text) => new Uint8Array(Buffer.from(text, 'utf8')),
);

function frame(headers: Record<string, string>, body: Json): Buffer {
  const typed = Object.fromEntries(
    Object.entries(headers).map(([k, value]) => [k, { type: 'string' as const, value }]),
  );
  return Buffer.from(
    codec.encode({ headers: typed, body: new Uint8Array(Buffer.from(JSON.stringify(body))) }),
  );
}

function event(type: string, body: Json): Buffer {
  return frame({ ':message-type': 'event', ':event-type': type, ':content-type': 'application/json' }, body);
}

class Session {
  private pending: LiveEvent[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly group: string,
    readonly groupArn: string,
    readonly stream: string,
    private readonly res: ServerResponse,
    private readonly settings: LiveTailSettings,
    private readonly onClose: (s: Session) => void,
  ) {
    res.writeHead(200, {
      'content-type': 'application/vnd.amazon.eventstream',
      'x-amzn-requestid': uuid(),
    });
    res.write(
      event('sessionStart', {
        requestId: uuid(),
        sessionId: uuid(),
        logGroupIdentifiers: [groupArn],
        logStreamNames: [stream],
      }),
    );
    this.timer = setInterval(() => this.flush(), settings.updateMs);
    res.on('close', () => this.close());
  }

  push(events: readonly LiveEvent[]): void {
    this.pending.push(...events);
  }

  end(how: LiveTailEnd): void {
    if (how === 'drop') {
      this.res.socket?.destroy();
    } else {
      this.flush();
      this.res.end(
        frame(
          { ':message-type': 'exception', ':exception-type': how, ':content-type': 'application/json' },
          { message: how === 'SessionTimeoutException' ? 'Session timed out' : 'Internal error' },
        ),
      );
    }
    this.close();
  }

  private flush(): void {
    const batch = this.pending.splice(0);
    const sampled = batch.length > this.settings.maxEventsPerUpdate;
    const shown = sampled ? batch.slice(0, this.settings.maxEventsPerUpdate) : batch;
    this.res.write(
      event('sessionUpdate', {
        sessionMetadata: { sampled },
        sessionResults: shown.map((e) => ({
          logStreamName: this.stream,
          logGroupIdentifier: this.groupArn,
          message: e.message,
          timestamp: e.timestamp,
          ingestionTime: e.ingestionTime,
        })),
      }),
    );
  }

  private close(): void {
    clearInterval(this.timer);
    this.onClose(this);
  }
}

/** The open sessions of a log store. */
export class LiveTails {
  readonly settings: LiveTailSettings = {
    enabled: true,
    updateMs: 1000,
    maxSessions: 15,
    maxEventsPerUpdate: 500,
  };
  private readonly sessions = new Set<Session>();
  /** Sessions started since the fake began. */
  started = 0;

  constructor(private readonly region: string) {}

  get open(): number {
    return this.sessions.size;
  }

  /** Serves one StartLiveTail request; throws a ServiceError (answered as JSON) to refuse it. */
  start(input: Json, res: ServerResponse, exists: (group: string) => boolean): void {
    if (!this.settings.enabled)
      throw new ServiceError('UnknownOperationException', 'StartLiveTail is not available here', 400);
    const ids = input.logGroupIdentifiers;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 10)
      throw invalid('logGroupIdentifiers must have 1 to 10 items', 'InvalidParameterException');
    const arn = String(ids[0]);
    const m = /^arn:aws:logs:([^:]+):(\d{12}):log-group:([^:*]+)$/.exec(arn);
    if (!m || m[1] !== this.region || m[2] !== ACCOUNT)
      throw invalid(`Invalid log group identifier: ${arn}`, 'InvalidParameterException');
    if (!exists(m[3]))
      throw new ServiceError('ResourceNotFoundException', 'The specified log group does not exist.');
    const streams = input.logStreamNames;
    if (!Array.isArray(streams) || streams.length !== 1)
      throw invalid('the fake tails exactly one logStreamName', 'InvalidParameterException');
    if (this.sessions.size >= this.settings.maxSessions)
      throw new ServiceError('LimitExceededException', 'Too many concurrent live tail sessions');
    this.started++;
    this.sessions.add(
      new Session(m[3], arn, String(streams[0]), res, this.settings, (s) => this.sessions.delete(s)),
    );
  }

  /** Hands newly ingested events to the sessions that follow their stream. */
  publish(group: string, stream: string, events: readonly LiveEvent[]): void {
    for (const s of this.sessions) if (s.group === group && s.stream === stream) s.push(events);
  }

  /** Ends every open session. */
  endAll(how: LiveTailEnd): void {
    for (const s of [...this.sessions]) s.end(how);
  }
}
