// Whether a build has a CloudWatch log to follow, and if not, what to tell the user: logs only to S3,
// logs nowhere, not started writing yet, or ended without a line. Also the slicing of events into a
// range of lines, for the "earlier lines" document. No `vscode` here.
import type { Build, LogEvent } from '../aws/types';
import { splitEvent } from './model';

export type LogAvailability =
  | { kind: 'cloudWatch'; groupName: string; streamName: string; groupArn?: string }
  /** Not yet: ask again in a moment. */
  | { kind: 'wait'; message: string }
  /** Never: the message says why and where the log is instead. */
  | { kind: 'none'; message: string };

/** Where a build's log can be read from, as far as BatchGetBuilds tells. */
export function logAvailability(b: Build): LogAvailability {
  const name = `${b.projectName} #${b.buildNumber ?? '?'}`;
  const out = b.logOutput;
  if (out?.kind === 's3') {
    return {
      kind: 'none',
      message:
        `Build ${name} logs only to S3${out.s3Location ? ` (${out.s3Location})` : ''}: CloudWatch Logs are turned off for project ${b.projectName}. ` +
        'Download the log and open it with "AWS CI/CD: Open Saved Build Log…", or use "Open Log in AWS Console".',
    };
  }
  if (out?.kind === 'none') {
    return {
      kind: 'none',
      message: `Build ${name} has no log: CloudWatch Logs and S3 logs are both turned off for project ${b.projectName}.`,
    };
  }
  if (b.logs?.streamName) {
    return {
      kind: 'cloudWatch',
      groupName: b.logs.groupName,
      streamName: b.logs.streamName,
      groupArn: b.logs.groupArn,
    };
  }
  if (b.complete) {
    return {
      kind: 'none',
      message: `Build ${name} ended (${b.status.replace(/_/g, ' ').toLowerCase()}) without writing a log.`,
    };
  }
  const phase = (b.currentPhase ?? 'queued').replace(/_/g, ' ').toLowerCase();
  return {
    kind: 'wait',
    message: `Build ${name} has no log yet (${phase}). It shows here as soon as CodeBuild starts writing it.`,
  };
}

/**
 * The part of `events` that falls in lines [from, to) of the stream, given that the first event starts
 * at line `line`; returns the kept events (cut to whole lines) and the line after the last event.
 */
export function sliceLines(
  events: readonly LogEvent[],
  line: number,
  range: { from: number; to: number },
): { kept: LogEvent[]; next: number } {
  const kept: LogEvent[] = [];
  for (const e of events) {
    const pieces = splitEvent(e.message);
    const first = line;
    line += pieces.length;
    if (line <= range.from || first >= range.to) continue;
    const slice = pieces.slice(Math.max(0, range.from - first), range.to - first);
    kept.push({ timestamp: e.timestamp, message: `${slice.join('\n')}\n` });
  }
  return { kept, next: line };
}
