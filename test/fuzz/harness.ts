/**
 * Runs inputs through the fuzz worker with a watchdog, shrinks a failing input to a small one that
 * still fails the same way, and writes it where a person can replay it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fork, type ChildProcess } from 'node:child_process';
import { describeAnchor, type Anchor, type CallFailure, type FromWorker, type ToWorker } from './protocol';

export const REPO = path.resolve(__dirname, '../..');

const WORKER = path.join(__dirname, 'worker.ts');

/**
 * The worker is a child process, not a thread: it has the server's stack size, and a fatal V8 error
 * (which aborts the whole process) is reported as a crash instead of taking the test down.
 */
export class FuzzWorker {
  private worker: ChildProcess | undefined;
  private stderrListener: ((text: string) => void) | undefined;

  constructor(
    /** A call that has not returned after this long is declared hung and the worker replaced. */
    private readonly hangMs: number,
    /** The same for the YAML parse. */
    private readonly parseHangMs: number,
    private readonly heapMb = 2048,
  ) {}

  private spawn(): ChildProcess {
    if (this.worker) return this.worker;
    this.worker = fork(WORKER, [], {
      execArgv: ['--import', 'tsx', `--max-old-space-size=${this.heapMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    // Always drained, so a chatty process never blocks on a full pipe.
    this.worker.stderr?.on('data', (d: Buffer) => this.stderrListener?.(d.toString()));
    return this.worker;
  }

  /** Failures of one input; never rejects. */
  run(msg: ToWorker): Promise<CallFailure[]> {
    const worker = this.spawn();
    return new Promise((resolve) => {
      let current: { method: string; anchor?: Anchor } = { method: '(loading)' };
      let timer: NodeJS.Timeout;
      const finish = (failures: CallFailure[], kill: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        this.stderrListener = undefined;
        if (kill) {
          this.worker = undefined;
          worker.kill('SIGKILL');
        }
        resolve(failures);
      };
      const fail = (kind: CallFailure['kind'], message: string) => {
        finish(
          [{ method: current.method, anchor: current.anchor, position: undefined, kind, message }],
          true,
        );
      };
      const arm = () => {
        clearTimeout(timer);
        const ms = current.method === 'parse' ? this.parseHangMs : this.hangMs;
        timer = setTimeout(() => fail('hang', `did not return within ${ms} ms`), ms);
      };
      const onMessage = (m: FromWorker) => {
        if (m.type === 'start') {
          current = m;
          arm();
        } else finish(m.failures, false);
      };
      const onError = (e: Error) => fail('crash', `the worker died: ${e.message}`);
      const onExit = (code: number | null, signal: string | null) =>
        fail('crash', `the process died (exit code ${code}, signal ${signal})`);
      // V8 aborts on some fatal errors and the core dump can take many seconds: say so at once.
      this.stderrListener = (text) => {
        const fatal = /FATAL ERROR: .*|Fatal JavaScript .*/.exec(text);
        if (fatal) fail('crash', `the process aborted: ${fatal[0]}`);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      // Loading tsx and the service takes a while the first time; the watchdog starts with the first call.
      timer = setTimeout(() => fail('hang', 'the worker did not start'), 60_000);
      worker.send(msg);
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w && w.exitCode === null && w.signalCode === null) {
      const gone = new Promise((resolve) => w.once('exit', resolve));
      w.kill();
      await gone;
    }
  }
}

/** What makes two failures "the same" while shrinking. */
export const signature = (f: CallFailure) =>
  `${f.method}|${f.kind === 'hang' ? 'slow' : f.kind}|${f.kind === 'throw' || f.kind === 'invalid' ? f.message.replace(/\d+/g, 'N').slice(0, 60) : ''}`;

/**
 * Shrinks `text` while `fails` holds: whole lines first (delta debugging), then characters. Stops at
 * the deadline and returns the smallest text found so far.
 */
export async function shrink(
  text: string,
  fails: (t: string) => Promise<boolean>,
  deadline: number,
): Promise<string> {
  let best = text;
  for (const unit of ['line', 'char'] as const) {
    const split = (t: string) => (unit === 'line' ? t.split(/(?<=\n)/) : [...t]);
    let parts = split(best);
    let chunk = Math.max(1, Math.floor(parts.length / 2));
    while (chunk >= 1 && Date.now() < deadline) {
      let removed = false;
      for (let i = 0; i < parts.length && Date.now() < deadline;) {
        const candidate = [...parts.slice(0, i), ...parts.slice(i + chunk)];
        if (candidate.length < parts.length && (await fails(candidate.join('')))) {
          parts = candidate;
          best = candidate.join('');
          removed = true;
        } else i += chunk;
      }
      if (!removed) chunk = Math.floor(chunk / 2);
      else chunk = Math.min(chunk, Math.max(1, Math.floor(parts.length / 2)));
    }
    if (unit === 'line' && best.length > 20_000) break; // characters one by one would take forever
  }
  return best;
}

/** A string a person can read: control characters, lone surrogates and long runs made visible. */
export function show(text: string, max = 600): string {
  const visible = JSON.stringify(text.length > max ? text.slice(0, max) : text);
  return text.length > max ? `${visible}… (${text.length} characters)` : visible;
}

/** Saves the input under test-results/ and returns the path. */
export function saveFailure(seed: number, index: number, text: string, header: string): string {
  const dir = path.join(REPO, 'test-results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `fuzz-failure-${seed}${index > 0 ? `-${index}` : ''}.txt`);
  writeFileSync(file, text);
  writeFileSync(`${file}.json`, JSON.stringify({ header, text }, null, 1));
  return file;
}

export function describeFailure(f: CallFailure): string {
  return `${f.method}${describeAnchor(f.anchor, f.position)} ${f.kind === 'throw' ? 'threw' : f.kind}: ${f.message}`;
}
