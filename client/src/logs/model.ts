// One build's log as the editor shows it: CloudWatch events split into lines, escape codes turned into
// spans, CodeBuild's structure and the problems read as lines arrive, and a memory bound. Past the cap
// the oldest lines are dropped from memory (never the structure: phases keep their absolute line
// numbers) and a header line says how many are not loaded and how to read them again. No `vscode` here.
import type { LogEvent } from '../aws/types';
import { AnsiParser, MAX_COLUMNS, type StyleSpan } from './ansi';
import { ProblemCollector } from './problems';
import { LogStructure } from './structure';

/** At most this many lines of one log are held in memory and in the document. */
export const MAX_LOG_LINES = 100_000;
/**
 * …and at most this many characters of text (UTF-16 code units, so about twice as many bytes), colour
 * spans counted at SPAN_COST characters each.
 */
export const MAX_LOG_CHARS = 16 * 1024 * 1024;
/** One line longer than this is cut (minified output, base64 blobs): the editor cannot show it usefully. */
export const MAX_LINE_CHARS = MAX_COLUMNS;
/** Raw characters of one line read at most (escape codes included): the parser's work is bounded by it. */
const MAX_RAW_CHARS = 2 * MAX_LINE_CHARS;
/** The structure and problem readers see this much of a line: what they look for is at its start. */
export const MAX_STAGE_CHARS = 4000;
/**
 * What a colour span costs against `maxChars`, in characters: a span object with its offsets takes about
 * as much heap as this many characters of text, so a log of tiny many-coloured runs is held within the
 * same memory as a log of plain text.
 */
export const SPAN_COST = 16;

function lineCost(text: string, spans: readonly StyleSpan[]): number {
  return text.length + 1 + spans.length * SPAN_COST;
}

export interface LogLine {
  text: string;
  spans: StyleSpan[];
  /** The CloudWatch event's timestamp. */
  time: number;
}

export interface ModelLimits {
  maxLines: number;
  maxChars: number;
}

/** The header shown when lines were dropped; the CodeLens and the command sit on it. */
export function droppedHeader(dropped: number, limits: ModelLimits): string {
  const n = dropped.toLocaleString('en-US');
  return (
    `… ${n} earlier line${dropped === 1 ? ' is' : 's are'} not loaded (this view keeps the last ` +
    `${limits.maxLines.toLocaleString('en-US')} lines). Run "AWS CI/CD: Load Earlier Log Lines" to read them from CloudWatch.`
  );
}

/** The lines of one CloudWatch event: CodeBuild ends each with a newline; one without is a line too. */
export function splitEvent(message: string): string[] {
  const pieces = message.split('\n');
  if (pieces.length > 1 && pieces[pieces.length - 1] === '') pieces.pop();
  return pieces;
}

export class LogModel {
  readonly structure = new LogStructure();
  readonly problems = new ProblemCollector();
  readonly limits: ModelLimits;
  private readonly ansi = new AnsiParser({ maxColumns: MAX_LINE_CHARS });
  /** Lines from `head` on are live; the array is compacted when the dropped prefix grows large. */
  private store: LogLine[] = [];
  private head = 0;
  private chars = 0;
  /** Absolute number of the first line held. */
  private first = 0;
  private version = 0;

  constructor(
    limits: Partial<ModelLimits> = {},
    readonly startLine = 0,
  ) {
    this.limits = { maxLines: limits.maxLines ?? MAX_LOG_LINES, maxChars: limits.maxChars ?? MAX_LOG_CHARS };
    this.first = startLine;
  }

  /** Appends CloudWatch events; returns how many lines were added and how many dropped. */
  append(events: readonly LogEvent[]): { added: number; dropped: number } {
    let added = 0;
    const droppedBefore = this.first;
    for (const e of events) {
      for (const raw of splitEvent(e.message)) {
        this.addLine(raw, e.timestamp);
        added++;
      }
    }
    if (added) this.version++;
    this.enforceCap();
    return { added, dropped: this.first - droppedBefore };
  }

  private addLine(raw: string, time: number): void {
    const parsed = this.ansi.parseLine(raw.length > MAX_RAW_CHARS ? raw.slice(0, MAX_RAW_CHARS) : raw);
    const { spans } = parsed;
    let text = parsed.text;
    if (parsed.cut || raw.length > MAX_RAW_CHARS) {
      text = `${text} … (line cut at ${MAX_LINE_CHARS.toLocaleString('en-US')} characters)`;
    }
    const abs = this.first + this.store.length - this.head;
    // What CodeBuild and the tools print that we read is at the start of a line.
    const head = text.length > MAX_STAGE_CHARS ? text.slice(0, MAX_STAGE_CHARS) : text;
    this.structure.addLine(abs, head, time);
    this.problems.setSourceDir(this.structure.sourceDir);
    this.problems.addLine(abs, head);
    this.store.push({ text, spans, time });
    this.chars += lineCost(text, spans);
  }

  private enforceCap(): void {
    const { maxLines, maxChars } = this.limits;
    while (this.size > maxLines || (this.chars > maxChars && this.size > 1)) {
      const gone = this.store[this.head];
      this.chars -= lineCost(gone.text, gone.spans);
      this.head++;
      this.first++;
    }
    if (this.head > 4096 && this.head * 2 > this.store.length) {
      this.store = this.store.slice(this.head);
      this.head = 0;
    }
  }

  /** Lines held in memory. */
  get size(): number {
    return this.store.length - this.head;
  }

  /** Absolute number of the first line held (= how many earlier lines are not loaded). */
  get firstLine(): number {
    return this.first;
  }

  /** Every line the stream has had, held or not. */
  get totalLines(): number {
    return this.first + this.size;
  }

  /** Changes on every append that added lines. */
  get changeCount(): number {
    return this.version;
  }

  /** Whether the document starts with the "earlier lines are not loaded" header. */
  get hasHeader(): boolean {
    return this.first > 0;
  }

  /** The header line, when lines were dropped. */
  header(): string | undefined {
    return this.first > 0 ? droppedHeader(this.first, this.limits) : undefined;
  }

  /** The line held at an absolute number, if it is held. */
  line(abs: number): LogLine | undefined {
    const i = abs - this.first;
    return i >= 0 && i < this.size ? this.store[this.head + i] : undefined;
  }

  /** The document line of an absolute log line (the header, when there is one, is line 0). */
  toDocLine(abs: number): number {
    return abs - this.first + (this.hasHeader ? 1 : 0);
  }

  /** The absolute log line of a document line; undefined for the header. */
  toAbsLine(docLine: number): number | undefined {
    const abs = docLine - (this.hasHeader ? 1 : 0) + this.first;
    return abs >= this.first && abs < this.totalLines ? abs : undefined;
  }

  /** The whole document text: the header (if any) and every held line. */
  text(): string {
    const parts: string[] = [];
    const header = this.header();
    if (header !== undefined) parts.push(header);
    for (let i = this.head; i < this.store.length; i++) parts.push(this.store[i].text);
    return parts.join('\n');
  }
}
