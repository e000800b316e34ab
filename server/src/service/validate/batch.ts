/** Batch build rules: one batch kind, unique identifiers, known dependencies and no cycles. */
import { batchTasks, type BatchTask } from '../facts/batchTasks';
import type { Reporter } from '../findings';
import type { DocumentRoles } from '../model/roles';
import { closest } from '../suggest';

export function checkBatch(r: Reporter, roles: DocumentRoles): void {
  const batch = roles.first('batch');
  const kinds = batch ? roles.inside(batch, 'batchKind').filter((k) => k.key && k.within === batch) : [];
  for (const extra of kinds.slice(1)) {
    r.report(
      'batch-multiple-kinds',
      `A batch uses one kind of batch build; this file already has \`${kinds[0].name}\`: \`${extra.name}\``,
      extra.key,
    );
  }
  const tasks = batchTasks(r.doc);
  const byId = new Map<string, BatchTask>();
  for (const t of tasks) {
    const first = byId.get(t.id);
    if (first) {
      r.report(
        'batch-duplicate-identifier',
        `Another batch task already has this identifier: \`${t.id}\``,
        t.idNode,
        {
          related: [{ range: r.rangeOf(first.idNode), message: 'first use' }],
        },
      );
    } else byId.set(t.id, t);
    if (!/^[A-Za-z0-9_]+$/.test(t.id)) {
      r.report(
        'batch-identifier',
        `Batch identifiers should use only letters, digits and _: \`${t.id}\``,
        t.idNode,
        {
          // A rename: the depend-on entries naming the task change with it.
          fixes: [
            r.changeTo(
              t.idNode,
              t.id.replace(/\W/g, '_'),
              tasks.flatMap((x) => x.deps.filter((d) => d.id === t.id).map((d) => d.node)),
            ),
          ],
        },
      );
    }
  }
  for (const t of tasks) {
    for (const d of t.deps) {
      if (byId.has(d.id)) continue;
      const guess = closest(d.id, byId.keys());
      r.report(
        'batch-unknown-dependency',
        `\`depend-on\` names no task of this batch: \`${d.id}\`${guess ? `; did you mean \`${guess}\`?` : ''}`,
        d.node,
        {
          fixes: guess ? [r.changeTo(d.node, guess)] : [],
        },
      );
    }
  }
  reportCycles(r, byId);
}

/** Depth-first search for cycles, with an explicit stack: a graph of thousands of tasks must not overflow. */
function reportCycles(r: Reporter, byId: Map<string, BatchTask>): void {
  const state = new Map<string, 'visiting' | 'done'>();
  for (const start of byId.values()) {
    if (state.has(start.id)) continue;
    const path: { task: BatchTask; next: number }[] = [{ task: start, next: 0 }];
    state.set(start.id, 'visiting');
    while (path.length) {
      const top = path[path.length - 1];
      const dep = top.task.deps[top.next++];
      if (!dep) {
        state.set(top.task.id, 'done');
        path.pop();
        continue;
      }
      const next = byId.get(dep.id);
      if (!next) continue;
      const s = state.get(next.id);
      if (s === 'visiting') {
        const ids = path.map((p) => p.task.id);
        const cycle = [...ids.slice(ids.indexOf(next.id)), next.id];
        r.report(
          'batch-cycle',
          `Batch tasks depend on each other in a cycle, so none of them can start: ${cycle.join(' → ')}`,
          dep.node,
        );
      } else if (s === undefined) {
        state.set(next.id, 'visiting');
        path.push({ task: next, next: 0 });
      }
    }
  }
}
