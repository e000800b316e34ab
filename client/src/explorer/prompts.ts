// The explorer's modal confirmations, in one place: every question that guards an action on AWS goes
// through here, so the real-host tests can see what was asked (message, detail, buttons) and answer
// it through the test API (code in the extension host, which could call AWS itself anyway; no command
// or link reaches the hook). Without an answerer the dialog is VS Code's own.
import * as vscode from 'vscode';
import { notificationText, safeLines } from './safeText';

/** A question as the user saw it. */
export interface ShownPrompt {
  message: string;
  detail?: string;
  items: string[];
}

/** What a test answers: a button's title, or undefined for Cancel. */
export type PromptAnswerer = (prompt: ShownPrompt) => string | undefined;

const KEEP = 50;

export class Prompts {
  private answerer: PromptAnswerer | undefined;
  private readonly asked: ShownPrompt[] = [];

  /** Asks with a modal dialog; the title of the button chosen, or undefined when cancelled. */
  async modal(message: string, detail: string | undefined, ...items: string[]): Promise<string | undefined> {
    // The questions quote names from AWS and the workspace: no controls, no link syntax, bounded.
    const prompt: ShownPrompt = {
      message: notificationText(message),
      detail: detail === undefined ? undefined : safeLines(detail, 40, 300),
      items,
    };
    this.asked.push(prompt);
    if (this.asked.length > KEEP) this.asked.shift();
    if (this.answerer) {
      const answer = this.answerer(prompt);
      return answer !== undefined && items.includes(answer) ? answer : undefined;
    }
    return vscode.window.showWarningMessage(prompt.message, { modal: true, detail: prompt.detail }, ...items);
  }

  /** Answers the next questions instead of the dialog (tests); undefined puts the dialog back. */
  answerWith(answerer: PromptAnswerer | undefined): void {
    this.answerer = answerer;
  }

  /** The questions asked so far (the last 50), oldest first. */
  shown(): ShownPrompt[] {
    return this.asked.map((p) => ({ ...p, items: [...p.items] }));
  }
}
