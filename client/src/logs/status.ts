// The status bar item of the log in the active editor: Following, Paused, Finished (with the build's
// result), Retrying, or what went wrong with the one action that fixes it.
import * as vscode from 'vscode';
import { COMMAND, ITEM } from '../ids';
import { READ_AGAIN_TITLE, readingStopped, type LogSession } from './session';
import { quotable } from './uris';
import type { LogRemedy } from './tail';

export class LogStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(ITEM.logs, vscode.StatusBarAlignment.Left, 9);

  constructor() {
    this.item.name = 'AWS CI/CD build log';
  }

  /** Shows the state of `session`, or hides the item when no log is active. */
  render(session: LogSession | undefined): void {
    if (!session) {
      this.item.hide();
      return;
    }
    const { text, tooltip, command } = describe(session);
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.command = command;
    this.item.backgroundColor = readingStopped(session.state)
      ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : undefined;
    this.item.show();
  }

  /** What the item shows now (tests). */
  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}

function describe(s: LogSession): { text: string; tooltip: string; command?: string } {
  const lines = `${s.model.totalLines.toLocaleString('en-US')} lines`;
  const st = s.state;
  switch (st.kind) {
    case 'resolving':
    case 'loading':
      return { text: '$(sync~spin) Loading log…', tooltip: lines };
    case 'waiting':
      return { text: '$(clock) Waiting for log', tooltip: st.message, command: COMMAND.logs.resume };
    case 'following':
      return s.following
        ? {
            text: `$(eye) Following${st.live ? ' (live)' : ''}`,
            tooltip: `${lines}. Click to pause scrolling.`,
            command: COMMAND.logs.pause,
          }
        : {
            text: '$(debug-pause) Paused',
            tooltip: `${lines}. Click to follow.`,
            command: COMMAND.logs.follow,
          };
    case 'retrying':
      return {
        text: `$(sync~spin) Retrying in ${Math.round(st.delayMs / 1000)}s`,
        tooltip: `Attempt ${st.attempt}: ${st.message}`,
        command: COMMAND.logs.resume,
      };
    case 'stalled':
      return {
        text: `$(error) Log stopped: ${remedyTitle(st.remedy)}`,
        tooltip: `${st.message}\n\n${fixFirst(st.remedy, s.ref?.profile)}Click to retry.`,
        command: COMMAND.logs.resume,
      };
    case 'finished': {
      const b = s.build;
      const result = b ? ` · ${b.status.replace(/_/g, ' ').toLowerCase()}` : '';
      return { text: `$(check) Finished${result}`, tooltip: lines };
    }
    case 'noLog':
      return {
        text: '$(circle-slash) No CloudWatch log',
        tooltip: st.message,
        command: COMMAND.logs.openInConsole,
      };
    case 'error':
      return {
        text: '$(error) Log unavailable',
        tooltip: `${st.message}\n\nClick to ${READ_AGAIN_TITLE.toLowerCase()}.`,
        command: COMMAND.logs.resume,
      };
    case 'stopped':
      return {
        text: `$(debug-stop) Log not read: ${READ_AGAIN_TITLE}`,
        tooltip: `Reading stopped: ${st.message}\n\nClick to ${READ_AGAIN_TITLE.toLowerCase()}.`,
        command: COMMAND.logs.resume,
      };
  }
}

/** What to do before retrying, as a sentence and a blank line; nothing when a retry is all it takes. */
function fixFirst(remedy: LogRemedy, profile = 'default'): string {
  const name = quotable(profile);
  if (remedy === 'ssoLogin') return `Run "aws sso login --profile ${name}" in a terminal first.\n\n`;
  if (remedy === 'selectProfile') return `Refresh the credentials of profile "${name}" first.\n\n`;
  if (remedy === 'refreshEnvironment')
    return (
      'These credentials are the AWS_ACCESS_KEY_ID environment variables VS Code was started with: ' +
      'start VS Code again with fresh ones, or add a profile as a connection.\n\n'
    );
  return '';
}

/** The action a stalled tail needs, as a button title. */
export function remedyTitle(remedy: LogRemedy): string {
  switch (remedy) {
    case 'ssoLogin':
      return 'Sign In, Then Retry';
    case 'selectProfile':
      return 'Check Credentials, Then Retry';
    case 'refreshEnvironment':
      return 'Credentials Expired';
    default:
      return 'Retry';
  }
}
