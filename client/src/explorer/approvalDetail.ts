// What an Approve or Reject dialog shows about a manual approval: the reviewers' notes the pipeline
// declares for it (CustomData), its review link (ExternalEntityLink) labelled with its host, and the
// source revisions of the execution that waits there. All of it is written by whoever configured the
// pipeline or pushed the commit, so every part is made plain and cut short (safeText.ts).
import type { ExplorerServices } from './services';
import { classifyUrl } from './links';
import type { ActionNode } from './nodes';
import { message } from './commandSupport';
import { connectionLabel } from './connections';
import { safeLine, safeLines, safeName } from './safeText';

const MAX_REVISIONS = 5;
/** How far back the history is searched for the waiting execution. */
const HISTORY_PAGE = 20;

/** The dialog's detail for an approval; reads the pipeline's definition and recent history. */
export async function approvalDetail(explorer: ExplorerServices, node: ActionNode): Promise<string> {
  const lines: string[] = [];
  let notes = node.action.summary;
  let link: string | undefined;
  let revisions: string[] = [];
  try {
    const account = await explorer.connections.account(node.conn);
    const [definition, history] = await Promise.allSettled([
      account.codepipeline.getPipeline(node.pipelineName),
      account.codepipeline.listPipelineExecutions(node.pipelineName, { pageSize: HISTORY_PAGE }),
    ]);
    if (definition.status === 'fulfilled') {
      const declared = definition.value.stages
        .find((s) => s.name === node.stageName)
        ?.actions.find((a) => a.name === node.action.name)?.configuration;
      notes = declared?.CustomData || notes;
      link = declared?.ExternalEntityLink || undefined;
    } else {
      lines.push(`(Could not read the pipeline's definition: ${safeLine(message(definition.reason), 120)})`);
    }
    if (history.status === 'fulfilled') {
      const items = history.value.items;
      const execution = node.executionId ? items.find((e) => e.id === node.executionId) : items[0];
      revisions = (execution?.sourceRevisions ?? []).slice(0, MAX_REVISIONS).map((r) => {
        const first = r.summary?.split(/\r?\n/, 1)[0];
        return `${safeName(r.actionName, 60)}: ${safeName(r.revisionId ?? '?', 60)}${first ? ` ${safeLine(first, 120)}` : ''}`;
      });
    } else {
      lines.push(`(Could not read the execution history: ${safeLine(message(history.reason), 120)})`);
    }
  } catch (err) {
    lines.push(`(Could not read the approval's details: ${safeLine(message(err), 120)})`);
  }
  const out = [
    notes ? `Notes:\n${safeLines(notes, 6, 200)}` : 'Notes: none',
    `Review link: ${reviewLink(link)}`,
  ];
  out.push(revisions.length ? `Revision:\n${revisions.join('\n')}` : 'Revision: not known');
  if (node.executionId) out.push(`Execution: ${safeName(node.executionId)}`);
  out.push(`Connection: ${safeLine(connectionLabel(node.conn), 120)}`);
  return [...out, ...lines].join('\n');
}

/** A review link as the dialog names it: its host first, so it reads as what it is. */
function reviewLink(raw: string | undefined): string {
  if (!raw) return 'none';
  const url = classifyUrl(raw);
  if (url.kind === 'refused') return `not shown (${url.reason})`;
  const host = url.kind === 'console' ? 'AWS console' : `on ${safeName(url.host, 80)}`;
  return `${host}: ${safeLine(url.url, 200)}`;
}
