// What CodeBuild's own `[Container]` lines say about a build: where each phase starts and ends, how it
// ended and how long it took, the commands it ran and which one failed, the phase-context error, and
// the source directory (to map paths in tool output back to the workspace). Fed one plain line at a
// time, so a live log updates it without re-reading what came before. Which `[Container]` lines are
// trusted: see LogStructure. No `vscode` here.

/** `[Container] 2024/01/12 10:20:30.123456 message` (CodeBuild writes 3 or 6 fraction digits). */
const CONTAINER = /^\[Container\] (\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? ?(.*)$/;

/** `SUCCEEDED`, `FAILED`, `FAULT`, `TIMED_OUT`, `STOPPED`, `CLIENT_ERROR`: kept as CodeBuild writes it. */
export type PhaseResult = string;

export interface LogCommand {
  /** Absolute line number (0 = the stream's first line) of its `Running command` line. */
  line: number;
  command: string;
  /** Set when CodeBuild reported `Command did not exit successfully … exit status N`. */
  exitStatus?: number;
}

export interface LogPhase {
  name: string;
  /** Absolute line of `Entering phase X` (or `Phase is X`). */
  startLine: number;
  /** Last line that belongs to the phase: the line before the next phase starts, or the log's last line. */
  endLine: number;
  /** Line of `Phase complete: X State: Y`, once written. */
  completeLine?: number;
  result?: PhaseResult;
  /** Milliseconds since the epoch, from the `[Container]` stamp (or the event's timestamp). */
  startTime?: number;
  endTime?: number;
  commands: LogCommand[];
  /** `Phase context status code: CODE Message: MSG`, when CODE is not empty. */
  context?: { code: string; message: string; line: number };
}

/** A `[Container]` line split into its time and message; undefined for a command's own output. */
export function parseContainerLine(text: string): { time: number; message: string } | undefined {
  const m = CONTAINER.exec(text);
  if (!m) return undefined;
  const micros = (m[7] ?? '0').padEnd(6, '0').slice(0, 6);
  const time =
    Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) +
    Number(micros) / 1000;
  return { time, message: m[8] };
}

/**
 * The phases a build's log can name, in the order a build goes through them (the API's SUBMITTED,
 * QUEUED and PROVISIONING happen before the container writes anything).
 */
export const PHASE_ORDER = [
  'DOWNLOAD_SOURCE',
  'INSTALL',
  'PRE_BUILD',
  'BUILD',
  'POST_BUILD',
  'UPLOAD_ARTIFACTS',
  'FINALIZING',
  'COMPLETED',
] as const;
const RANK = new Map<string, number>(PHASE_ORDER.map((p, i) => [p, i]));
/** Once a phase from here on has completed, the build is over: no `[Container]` line is the agent's. */
const LAST = RANK.get('FINALIZING')!;
const INSTALL = RANK.get('INSTALL')!;
/** A command as the outline shows it: longer ones are cut (the log line keeps all of it). */
const MAX_COMMAND_CHARS = 500;
/** A phase transition may carry a stamp this much earlier than the one before (clock steps). */
const CLOCK_SLACK_MS = 60_000;

/**
 * The structure of one build log, built line by line.
 *
 * A build's own output can print `[Container] … Entering phase …` lines too (by accident, replaying an
 * old log, or to make a failed build look fine in the outline), and nothing in the text tells them from
 * the agent's. So only what the agent could have written is trusted: known phases in CodeBuild's order,
 * each entered once; `Phase complete` only for the latest phase (or, for a log whose start is missing,
 * one later than any seen); a phase context only on the line after `Phase complete`; nothing once the
 * build's last phase (FINALIZING) has completed; no transition stamped well before the one before it;
 * the source directory only before the INSTALL phase, where the buildspec's commands start.
 */
export class LogStructure {
  readonly phases: LogPhase[] = [];
  /** `CODEBUILD_SRC_DIR`, as the log states it (`CODEBUILD_SRC_DIR=…` or `Moving to directory …`). */
  sourceDir: string | undefined;
  private lastLine = -1;
  /** Rank in PHASE_ORDER of the latest phase trusted, -1 before any. */
  private rank = -1;
  /** Stamp of the latest trusted transition. */
  private lastTime: number | undefined;
  private ended = false;
  /** Whether the last `[Container]` line completed a phase (its context line comes next). */
  private justCompleted = false;

  /** The phase being written, if the last one has not completed yet. */
  get current(): LogPhase | undefined {
    const last = this.phases.at(-1);
    return last && last.completeLine === undefined ? last : undefined;
  }

  /** Reads one plain line; `line` is its absolute number, `eventTime` the CloudWatch event timestamp. */
  addLine(line: number, text: string, eventTime?: number): void {
    this.lastLine = line;
    const last = this.phases.at(-1);
    if (last) last.endLine = line;
    const c = parseContainerLine(text);
    if (!c) return;
    const justCompleted = this.justCompleted;
    this.justCompleted = false;
    if (this.ended) {
      if (justCompleted) this.readContext(c.message, line);
      return;
    }
    const time = Number.isFinite(c.time) ? c.time : eventTime;
    const msg = c.message;
    let m: RegExpExecArray | null;
    if ((m = /^(?:Entering phase|Phase is) ([A-Z_]+)\s*$/.exec(msg))) {
      const rank = RANK.get(m[1]);
      if (rank !== undefined && this.canStart(rank, time)) this.startPhase(m[1], rank, line, time);
    } else if ((m = /^Phase complete: ([A-Z_]+) State: ([A-Z_]+)/.exec(msg))) {
      this.completePhase(m[1], m[2], line, time);
    } else if (justCompleted && this.readContext(msg, line)) {
      // done
    } else if ((m = /^Running command (.*)$/.exec(msg))) {
      this.current?.commands.push({ line, command: m[1].slice(0, MAX_COMMAND_CHARS) });
    } else if ((m = /^Command did not exit successfully (.*) exit status (\d+)\s*$/.exec(msg))) {
      const command = m[1].trim().slice(0, MAX_COMMAND_CHARS);
      const phase = this.current;
      const cmd =
        (phase && lastWhere(phase.commands, (x) => x.command.trim() === command)) ?? phase?.commands.at(-1);
      if (cmd) cmd.exitStatus = Number(m[2]);
    } else if ((m = /^CODEBUILD_SRC_DIR=(\S+)/.exec(msg)) || (m = /^Moving to directory (\S+)/.exec(msg))) {
      if (this.rank < INSTALL) this.sourceDir ??= m[1].replace(/\/+$/, '');
    }
    if (this.rank >= LAST && this.phases.at(-1)?.completeLine !== undefined) this.ended = true;
  }

  /** `Phase context status code: CODE Message: MSG`, which the agent writes right after `Phase complete`. */
  private readContext(msg: string, line: number): boolean {
    const m = /^Phase context status code: ?(\S*) Message: ?(.*)$/.exec(msg);
    const phase = this.phases.at(-1);
    if (m && phase && m[1] !== '') phase.context = { code: m[1], message: m[2].trim(), line };
    return m !== null;
  }

  /** Whether a transition stamped `time` can follow the previous one. */
  private inTime(time: number | undefined): boolean {
    return time === undefined || this.lastTime === undefined || time >= this.lastTime - CLOCK_SLACK_MS;
  }

  /** Whether a phase of this rank can start now: later than every phase seen, and not stamped before. */
  private canStart(rank: number, time: number | undefined): boolean {
    return rank > this.rank && this.inTime(time);
  }

  private completePhase(name: string, result: string, line: number, time: number | undefined): void {
    const rank = RANK.get(name);
    if (rank === undefined || !this.inTime(time)) return;
    let phase = this.phases.at(-1);
    // The open phase completes; the phase that just completed may be completed again until the next one
    // starts (the agent's own line comes after any its build printed); a log that was cut before the
    // phase began (or a phase never announced) gets it here, if it can start now.
    if (phase?.name !== name) {
      if (!this.canStart(rank, time)) return;
      phase = this.startPhase(name, rank, line, time);
    }
    phase.completeLine = line;
    phase.result = result;
    phase.endTime = time;
    this.lastTime = time ?? this.lastTime;
    this.justCompleted = true;
  }

  private startPhase(name: string, rank: number, line: number, time: number | undefined): LogPhase {
    const previous = this.phases.at(-1);
    if (previous && previous.endLine >= line) previous.endLine = line - 1;
    const phase: LogPhase = { name, startLine: line, endLine: line, startTime: time, commands: [] };
    this.phases.push(phase);
    this.rank = rank;
    this.lastTime = time ?? this.lastTime;
    return phase;
  }

  /** The absolute number of the last line read (-1 before any). */
  get lineCount(): number {
    return this.lastLine + 1;
  }

  /** The phase that failed first, with its context, if any did. */
  failedPhase(): LogPhase | undefined {
    return this.phases.find((p) => p.result !== undefined && p.result !== 'SUCCEEDED');
  }
}

function lastWhere<T>(items: readonly T[], ok: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (ok(items[i])) return items[i];
  return undefined;
}

/** `1h 2m`, `3m 4s`, `5s`, `0.4s`: a phase's duration as the outline shows it. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

/** What the outline says of a phase: `BUILD · FAILED · 1m 3s`, or `BUILD · running`. */
export function phaseSummary(p: LogPhase): string {
  const parts = [p.name];
  if (p.result !== undefined) parts.push(p.result);
  else parts.push('running');
  if (p.startTime !== undefined && p.endTime !== undefined)
    parts.push(formatDuration(p.endTime - p.startTime));
  return parts.join(' · ');
}
