// What every command of the extension goes through, whoever wrote it: its arguments read into typed
// ones (VS Code passes whatever a menu, the palette, a keybinding or a `command:` link gave), the trust
// check of commands that reach AWS, the modal questions, and one shape for failures ("Could not start
// build for "api-build": access denied (codebuild:StartBuild)"). No VS Code here: the host (dialogs,
// notifications, trust) is handed in, so the rules are unit-tested in plain node.

/** How a command was called. */
export interface Call {
  /** The caller may skip prompts and pass prompt values (the test API, or test mode). */
  readonly unattended: boolean;
}

/** A call from a menu, the palette, a keybinding or a link: every prompt is shown. */
export const INTERACTIVE: Call = { unattended: false };

/** A modal question. */
export interface Question {
  message: string;
  detail?: string;
  /** The buttons; Cancel is always there besides them. */
  buttons: readonly [string, ...string[]];
  /** An unattended caller already agreed (`confirm: false`): the first button, without asking. */
  skip?: boolean;
}

/** What a command's body gets besides its arguments. */
export interface Invocation {
  readonly call: Call;
  /** Asks a modal question; the button chosen, or undefined when cancelled. */
  confirm(question: Question): Promise<string | undefined>;
  /** The button chosen in the command's own `confirm` question, if it has one. */
  readonly answer: string | undefined;
}

/** What a failure of ours says after the colon; the wrapper puts what failed in front of it. */
export class CommandError extends Error {
  override readonly name = 'CommandError';

  /** `failed` replaces the command's own phrase when the failure is about something more precise. */
  constructor(
    cause: string,
    readonly failed?: string,
  ) {
    super(cause);
  }
}

export interface CommandDef<S, A extends unknown[]> {
  /** The command's title as the user knows it, e.g. `Start Build`. */
  title: string;
  /** It reaches AWS: refused in an untrusted workspace, before anything is asked or read. */
  aws?: boolean;
  /**
   * What failed, read after "Could not" and naming the thing: `start a build of "api-build"`.
   * Default: `run "<title>"`.
   */
  failed?: string | ((...args: A) => string);
  /**
   * Reads the arguments VS Code passed, which are anyone's to choose, into the command's own;
   * undefined when there is nothing to act on (the command then does nothing).
   */
  args?: (call: Call, raw: readonly unknown[]) => A | undefined;
  /** A modal question asked before `run`; cancelled, nothing runs. Undefined: no question. */
  confirm?: (...args: A) => Question | undefined;
  run(services: S, invocation: Invocation, ...args: A): unknown;
}

/** A command of the table: its definition with the argument types erased. */
export interface Command<S> {
  readonly title: string;
  readonly aws: boolean;
  /** Runs the command through the wrapper; its result, or undefined when refused, cancelled or failed. */
  invoke(services: S, host: CommandHost, call: Call, raw: readonly unknown[]): Promise<unknown>;
}

/** A feature's commands, by full id (ids.ts). */
export type CommandTable<S> = Readonly<Record<string, Command<S>>>;

/** What the wrapper needs of the editor. */
export interface CommandHost {
  isTrusted(): boolean;
  /** Asks a modal question (or the test's answerer); the button chosen, or undefined. */
  modal(message: string, detail: string | undefined, buttons: readonly string[]): Promise<string | undefined>;
  /** Shows an error notification with actions; the action chosen, if any. */
  showError(message: string, actions: readonly string[]): Promise<string | undefined>;
  /** Does what an action button says (`Show Output`, `Manage Workspace Trust`). */
  perform(action: string): void;
  logError(message: string): void;
  /** Outside text (an error's cause, a name) made safe for a notification: no live links, capped. */
  safe(text: string): string;
}

/** The action offered with every failure. */
export const SHOW_OUTPUT = 'Show Output';
/** The action offered when a command was refused for want of trust. */
export const MANAGE_TRUST = 'Manage Workspace Trust';

/** Wraps a definition into a command of the table. */
export function defineCommand<S, A extends unknown[] = []>(def: CommandDef<S, A>): Command<S> {
  return {
    title: def.title,
    aws: def.aws ?? false,
    invoke: (services, host, call, raw) => runCommand(def, services, host, call, raw),
  };
}

async function runCommand<S, A extends unknown[]>(
  def: CommandDef<S, A>,
  services: S,
  host: CommandHost,
  call: Call,
  raw: readonly unknown[],
): Promise<unknown> {
  let args: A | undefined;
  try {
    args = def.args ? def.args(call, raw) : ([] as unknown[] as A);
  } catch (err) {
    fail(host, failurePhrase(def, undefined), err);
    return undefined;
  }
  if (args === undefined) return undefined;
  const failed = failurePhrase(def, args);
  if (def.aws && !host.isTrusted()) {
    const message = `Could not ${failed}: this workspace is not trusted, and ${def.title} calls AWS`;
    host.logError(message);
    void host.showError(host.safe(message), [MANAGE_TRUST]).then((choice) => {
      if (choice) host.perform(choice);
    });
    return undefined;
  }
  const confirm = (q: Question): Promise<string | undefined> =>
    q.skip ? Promise.resolve(q.buttons[0]) : host.modal(q.message, q.detail, q.buttons);
  try {
    const question = def.confirm?.(...args);
    const answer = question ? await confirm(question) : undefined;
    if (question && answer === undefined) return undefined;
    return await def.run(services, { call, confirm, answer }, ...args);
  } catch (err) {
    fail(host, failed, err);
    return undefined;
  }
}

function failurePhrase<A extends unknown[]>(def: CommandDef<never, A>, args: A | undefined): string {
  if (typeof def.failed === 'string') return def.failed;
  if (def.failed && args) return def.failed(...args);
  return `run "${def.title}"`;
}

/** The failure in the house shape, logged and shown with the way to the output. */
function fail(host: CommandHost, failed: string, err: unknown): void {
  const message = failureMessage(failed, err);
  host.logError(message);
  void host.showError(host.safe(message), [SHOW_OUTPUT]).then((choice) => {
    if (choice) host.perform(choice);
  });
}

/**
 * `Could not <what failed>: <cause>`. An AWS error already says which call failed on what, in that
 * shape, and is kept whole; an error of ours may name what failed more precisely than the command.
 */
export function failureMessage(failed: string, err: unknown): string {
  const e = err as { name?: unknown; message?: unknown; failed?: unknown } | null | undefined;
  const text = typeof e?.message === 'string' ? e.message : String(err);
  if (e?.name === 'AwsError' && text.startsWith('Could not ')) return text;
  const what = e?.name === 'CommandError' && typeof e.failed === 'string' ? e.failed : failed;
  const cause = text.trim().replace(/\.$/, '') || 'unknown error';
  return `Could not ${what}: ${cause}`;
}
