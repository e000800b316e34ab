// How the client tells that the language server died, and how often it restarts one that keeps dying.
// No VS Code here: the crash policy in client.ts applies these.

/** Allows `maxRestarts` crashes within `windowMs`; one more and the server stays down. */
export class RestartBudget {
  private crashes: number[] = [];

  constructor(
    readonly maxRestarts = 5,
    readonly windowMs = 3 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a crash; true while a restart is still within the budget. */
  recordCrash(): boolean {
    const t = this.now();
    this.crashes = this.crashes.filter((c) => t - c < this.windowMs);
    this.crashes.push(t);
    return this.crashes.length <= this.maxRestarts;
  }

  reset(): void {
    this.crashes = [];
  }
}

/** Error codes of a write to a server process that has gone (its IPC channel or pipe closed). */
const GONE_CODES = new Set(['ERR_IPC_CHANNEL_CLOSED', 'EPIPE', 'ECONNRESET', 'ERR_STREAM_DESTROYED']);

/**
 * Whether a connection error only says that the server process went away: a dying server fails every
 * pending write ("Channel closed" over IPC, EPIPE when the write was under way) before the close event,
 * which is where a crash is counted and the restart decided.
 */
export function serverWentAway(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return (
    (code !== undefined && GONE_CODES.has(code)) ||
    /channel closed|write EPIPE|ECONNRESET/i.test(error.message)
  );
}
