// Every command the extension contributes, as factories over the context, registered from one table.
import * as vscode from 'vscode';
import { errorText, type Ctx } from './ctx';
import { EXPLORER_COMMANDS } from './explorer/commands';

type CommandFactory = (ctx: Ctx) => (...args: unknown[]) => unknown;

const restartServer: CommandFactory = (ctx) => async () => {
  try {
    await ctx.restart();
  } catch (err) {
    ctx.showError(`AWS CI/CD: could not restart the language server: ${errorText(err)}`);
  }
};

const showOutput: CommandFactory = (ctx) => () => ctx.showOutput();

/** Command id → factory. Keep in sync with `contributes.commands` in package.json. */
export const COMMANDS: Readonly<Record<string, CommandFactory>> = {
  'awsCicd.restartServer': restartServer,
  'awsCicd.showOutput': showOutput,
  ...Object.fromEntries(
    Object.entries(EXPLORER_COMMANDS).map(([id, factory]): [string, CommandFactory] => [
      id,
      (ctx) => {
        const handler = factory(() => ctx.explorer);
        // Called through VS Code (menu, palette, keybinding, a `command:` link anyone can write):
        // options in the arguments count only in test mode.
        return (...args) => handler({ unattended: ctx.explorer.argumentsHonoured }, ...args);
      },
    ]),
  ),
};

/** Registers every command of the table. */
export function registerCommands(ctx: Ctx): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, factory]) => vscode.commands.registerCommand(id, factory(ctx)));
}
