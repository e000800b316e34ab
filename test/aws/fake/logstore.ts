// CloudWatch Logs, as much as a build log needs: groups of streams of events, and GetLogEvents with
// its token rules. A forward token names a position; asked again with the token it just handed out
// and nothing new, the service hands the same token back. Backward tokens page towards the head.
import type { ServerResponse } from 'node:http';
import { LiveTails } from './livetail';
import { ServiceError, invalid, str, type Handler, type Json } from './protocol';

export interface StoredEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
}

const MAX_LIMIT = 10_000;
/** A GetLogEvents page holds at most 1 MB of messages (UTF-8), however many events were asked for. */
export const MAX_PAGE_BYTES = 1_048_576;

export class LogStore {
  private readonly groups = new Map<string, Map<string, StoredEvent[]>>();
  /** StartLiveTail sessions; `liveTails.settings` turns it off or paces it. */
  readonly liveTails: LiveTails;

  constructor(
    private readonly now: () => number,
    region = 'us-east-1',
  ) {
    this.liveTails = new LiveTails(region);
  }

  createStream(group: string, stream: string): void {
    let g = this.groups.get(group);
    if (!g) this.groups.set(group, (g = new Map<string, StoredEvent[]>()));
    if (!g.has(stream)) g.set(stream, []);
  }

  /** Appends lines to a stream (created if need be), stamped with the fake clock. */
  append(group: string, stream: string, ...messages: string[]): void {
    this.createStream(group, stream);
    const events = this.groups.get(group)!.get(stream)!;
    const t = this.now();
    const added = messages.map((message) => ({ timestamp: t, message, ingestionTime: t + 5 }));
    for (const e of added) events.push(e);
    this.liveTails.publish(group, stream, added);
  }

  /** Every event of a stream, for tests to compare against. */
  events(group: string, stream: string): readonly StoredEvent[] {
    return this.groups.get(group)?.get(stream) ?? [];
  }

  readonly handlers: Record<string, Handler> = {
    GetLogEvents: (input) => this.getLogEvents(input),
  };

  /** Operations that answer with a stream rather than one JSON body. */
  readonly streamHandlers: Record<string, (input: Json, res: ServerResponse) => void> = {
    StartLiveTail: (input, res) => this.liveTails.start(input, res, (group) => this.groups.has(group)),
  };

  private getLogEvents(input: Json): Json {
    const groupName =
      (input.logGroupName as string | undefined) ?? groupFromIdentifier(input.logGroupIdentifier);
    if (!groupName)
      throw invalid('Either logGroupName or logGroupIdentifier is required', 'InvalidParameterException');
    const streamName = str(input, 'logStreamName');
    const group = this.groups.get(groupName);
    if (!group)
      throw new ServiceError('ResourceNotFoundException', 'The specified log group does not exist.');
    const events = group.get(streamName);
    if (!events)
      throw new ServiceError('ResourceNotFoundException', 'The specified log stream does not exist.');
    const limit = Math.min(MAX_LIMIT, Math.max(1, Number(input.limit ?? MAX_LIMIT)));
    const token = input.nextToken as string | undefined;
    const parsed = token === undefined ? undefined : parseToken(token, events.length);
    const forward = parsed ? parsed.dir === 'f' : input.startFromHead === true;
    let from: number;
    let to: number;
    if (forward) {
      from = parsed?.pos ?? 0;
      to = from;
      for (let bytes = 0; to < events.length && to - from < limit; to++) {
        bytes += Buffer.byteLength(events[to].message, 'utf8');
        if (bytes > MAX_PAGE_BYTES) break;
      }
    } else {
      to = parsed?.pos ?? events.length;
      from = to;
      for (let bytes = 0; from > 0 && to - from < limit; from--) {
        bytes += Buffer.byteLength(events[from - 1].message, 'utf8');
        if (bytes > MAX_PAGE_BYTES) break;
      }
    }
    const page = events.slice(from, to);
    return {
      events: page.map((e) => ({ ...e })),
      // Nothing new (forward) or nothing older (backward): the very token that was sent comes back.
      nextForwardToken: forward && page.length === 0 && token ? token : makeToken('f', to),
      nextBackwardToken: !forward && page.length === 0 && token ? token : makeToken('b', from),
    };
  }
}

function groupFromIdentifier(identifier: unknown): string | undefined {
  if (typeof identifier !== 'string') return undefined;
  const m = /:log-group:([^:]+)/.exec(identifier);
  return m ? m[1] : identifier;
}

function makeToken(dir: 'f' | 'b', pos: number): string {
  return `${dir}/${String(pos).padStart(56, '0')}/s`;
}

function parseToken(token: string, length: number): { dir: 'f' | 'b'; pos: number } {
  const m = /^([fb])\/(\d{56})\/s$/.exec(token);
  const pos = m ? Number(m[2]) : NaN;
  if (!m || pos > length) throw invalid('The specified nextToken is invalid.', 'InvalidParameterException');
  return { dir: m[1] as 'f' | 'b', pos };
}
