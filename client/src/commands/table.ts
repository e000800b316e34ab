// Every command the extension contributes, registered from this one table: each feature hands in its
// commands (by full id from ids.ts, where the prefix is added once) and the services they act on; the
// wrapper (define.ts) does the trust check, the questions and the failure message for all of them.
// A feature joins with one line in ENTRIES: `...feature(ITS_COMMANDS, (ctx) => what they act on)`,
// where ITS_COMMANDS is a CommandTable of `defineCommand({ title, aws, failed, args, confirm, run })`.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { EXPLORER_COMMANDS } from '../explorer/commandTable';
import { COMMAND } from '../ids';
import { LOG_COMMANDS } from '../logs/logCommands';
import { defineCommand, type Call, type CommandTable } from './define';
import { editorHost } from './host';

/** A command bound to what it acts on. */
type Entry = [id: string, invoke: (ctx: Ctx, call: Call, raw: readonly unknown[]) => Promise<unknown>];

/** A feature's table, with how to find its services in the context. */
function feature<S>(table: CommandTable<S>, services: (ctx: Ctx) => S): Entry[] {
  return Object.entries(table).map(([id, command]) => [
    id,
    (ctx, call, raw) => command.invoke(services(ctx), host(ctx), call, raw),
  ]);
}

const hosts = new WeakMap<Ctx, ReturnType<typeof editorHost>>();

function host(ctx: Ctx): ReturnType<typeof editorHost> {
  let h = hosts.get(ctx);
  if (!h) {
    const prompts = ctx.explorer.prompts;
    h = editorHost(ctx.log, (message, detail, ...buttons) => prompts.modal(message, detail, ...buttons));
    hosts.set(ctx, h);
  }
  return h;
}

/** The language server's commands. */
const SERVER_COMMANDS: CommandTable<Ctx> = {
  [COMMAND.restartServer]: defineCommand<Ctx>({
    title: 'Restart Language Server',
    failed: 'restart the AWS CI/CD language server',
    run: (ctx) => ctx.restart(),
  }),
  [COMMAND.showOutput]: defineCommand<Ctx>({
    title: 'Show Output',
    run: (ctx) => ctx.showOutput(),
  }),
};

const ENTRIES: readonly Entry[] = [
  ...feature(SERVER_COMMANDS, (ctx) => ctx),
  ...feature(LOG_COMMANDS, (ctx) => ctx.logs),
  ...feature(EXPLORER_COMMANDS, (ctx) => ctx.explorer.services),
];

/** Registers every command of the table with VS Code. */
export function registerCommands(ctx: Ctx): vscode.Disposable[] {
  return ENTRIES.map(([id, invoke]) =>
    vscode.commands.registerCommand(id, (...raw: unknown[]) =>
      // Called through VS Code (menu, palette, keybinding, a `command:` link anyone can write): options
      // in the arguments count only in test mode.
      invoke(ctx, { unattended: ctx.explorer.argumentsHonoured }, raw),
    ),
  );
}
