// The command wrapper's view of the editor (define.ts): trust, modal questions, notifications and
// the actions their buttons offer. Kept apart so define.ts stays free of VS Code.
import * as vscode from 'vscode';
import { notificationText } from '../explorer/safeText';
import { MANAGE_TRUST, SHOW_OUTPUT, type CommandHost } from './define';

/** Asks a modal question; the explorer's prompts, which the real-host tests can answer. */
export type Modal = (
  message: string,
  detail: string | undefined,
  ...buttons: string[]
) => Promise<string | undefined>;

/** The host of the running editor: VS Code's trust, dialogs and notifications, our output channel. */
export function editorHost(log: vscode.LogOutputChannel, modal: Modal): CommandHost {
  return {
    isTrusted: () => vscode.workspace.isTrusted,
    modal: (message, detail, buttons) => modal(message, detail, ...buttons),
    showError: (message, actions) => Promise.resolve(vscode.window.showErrorMessage(message, ...actions)),
    perform: (action) => {
      if (action === SHOW_OUTPUT) log.show(true);
      else if (action === MANAGE_TRUST) void vscode.commands.executeCommand('workbench.trust.manage');
    },
    logError: (message) => log.error(message),
    safe: (text) => notificationText(text),
  };
}
