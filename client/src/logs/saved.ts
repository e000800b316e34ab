// Reading a saved build log (plain, or gzipped as CodeBuild writes its S3 logs) with bounds at every
// step: the caller checks the file's size before reading it; gunzip stops at an output cap instead of
// inflating whatever a small file claims to hold; the text reaches the model in pieces of whole lines,
// with a pause between pieces so the extension host keeps answering. No `vscode` here.
import { createGunzip } from 'node:zlib';
import { MAX_LINE_CHARS } from './model';

/** The largest file Open Saved Build Log reads (compressed or not). */
export const MAX_SAVED_FILE_BYTES = 32 * 1024 * 1024;

export interface SavedLimits {
  /** Text (after gunzip) read at most, in bytes. */
  maxBytes: number;
  /** Lines read at most. */
  maxLines: number;
}

/**
 * What is read of a saved log at most: twice what the view keeps (16 Mi characters, 100,000 lines), so
 * the view can show the end of any log a build can write to CloudWatch and still reads in seconds.
 */
export const SAVED_LIMITS: SavedLimits = { maxBytes: 32 * 1024 * 1024, maxLines: 200_000 };

/** The model takes the text in pieces of about this many bytes. */
const PIECE_BYTES = 256 * 1024;
/** A line is kept up to this many characters while reading; the model cuts it shorter anyway. */
const MAX_PENDING_CHARS = MAX_LINE_CHARS * 2;

export interface SavedRead {
  bytes: number;
  lines: number;
  /** Set when reading stopped at a limit: says which, for the user. */
  cut?: string;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function mb(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/** The raw text bytes of a saved file: gunzipped as they are needed, or the file's own in slices. */
async function* chunksOf(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  if (!isGzip(bytes)) {
    for (let i = 0; i < bytes.length; i += PIECE_BYTES) yield bytes.subarray(i, i + PIECE_BYTES);
    return;
  }
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  gunzip.end(bytes);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) yield chunk;
  } finally {
    // Leaving early (at a cap) must not leave the inflater running.
    gunzip.destroy();
  }
}

/**
 * Reads a saved log into `onPiece`, a piece of whole lines at a time, and says whether it stopped at a
 * limit. Damaged gzip data rejects, after the pieces read before it.
 */
export async function readSavedLog(
  bytes: Uint8Array,
  onPiece: (text: string) => void,
  limits: SavedLimits = SAVED_LIMITS,
): Promise<SavedRead> {
  const decoder = new TextDecoder();
  const splitter = new LineSplitter(limits.maxLines);
  let read = 0;
  let cut: string | undefined;
  for await (let chunk of chunksOf(bytes)) {
    if (read + chunk.length > limits.maxBytes) {
      chunk = chunk.subarray(0, limits.maxBytes - read);
      cut = `it holds more than ${mb(limits.maxBytes)} of text, the limit for a saved log`;
    }
    read += chunk.length;
    const piece = splitter.push(decoder.decode(chunk, { stream: !cut }));
    if (piece) onPiece(piece);
    if (splitter.full)
      cut ??= `it has more than ${limits.maxLines.toLocaleString('en-US')} lines, the limit for a saved log`;
    if (cut) break;
    // Let the extension host answer other requests between pieces.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const rest = splitter.end(cut ? '' : decoder.decode());
  if (rest) onPiece(rest);
  return { bytes: read, lines: splitter.lines, cut };
}

/** Cuts decoded text into runs of whole lines, bounding a line's length and the number of lines. */
class LineSplitter {
  lines = 0;
  full = false;
  private pending = '';
  /** The pending line reached its cap: drop what follows until its newline. */
  private skipping = false;

  constructor(private readonly maxLines: number) {}

  /** The whole lines completed by `text` (each ending with a newline), or '' when none. */
  push(text: string): string {
    if (this.full) return '';
    const parts: string[] = [];
    // Runs of whole lines of ordinary length are passed on as one slice each.
    let run = -1;
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      const end = nl < 0 ? text.length : nl;
      if (nl >= 0 && this.pending === '' && !this.skipping && end - from <= MAX_PENDING_CHARS) {
        if (run < 0) run = from;
      } else {
        if (run >= 0) parts.push(text.slice(run, from));
        run = -1;
        if (!this.skipping) {
          const room = MAX_PENDING_CHARS - this.pending.length;
          this.pending += text.slice(from, Math.min(end, from + room));
          this.skipping = end - from >= room;
        }
        if (nl < 0) break;
        parts.push(`${this.pending}\n`);
        this.pending = '';
        this.skipping = false;
      }
      this.lines++;
      from = nl + 1;
      if (this.lines >= this.maxLines) {
        this.full = true;
        break;
      }
    }
    if (run >= 0) parts.push(text.slice(run, from));
    return parts.join('');
  }

  /** The last line when the text does not end with a newline. */
  end(text: string): string {
    if (this.full) return '';
    const piece = this.push(text);
    if (!this.pending) return piece;
    this.lines++;
    const last = this.pending;
    this.pending = '';
    return piece + last;
  }
}
