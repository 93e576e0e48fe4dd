import type { LinkEvent } from './mpi.api.ts';

/** One operation of the link history (a merge moving three records is one entry), newest first in the timeline. */
export interface HistoryOperation {
  operationId: string;
  /** The action that names the operation: link, unlink, merge, … (retire/restore only when nothing else happened). */
  action: LinkEvent['action'];
  at: string;
  actor: string;
  reason: string | null;
  score: number | null;
  events: LinkEvent[];
  /** A merge: the user may ask to undo it (the server refuses when nothing is left to undo). */
  isMerge: boolean;
  /** A merge every record of which has since been moved back by an unmerge. */
  undone: boolean;
}

// Consequences of an operation, not the operation itself.
const SIDE_EFFECTS: ReadonlySet<LinkEvent['action']> = new Set(['retire', 'restore']);

/** Groups link events (oldest first, as the API lists them) into operations, newest first. */
export function historyOperations(events: readonly LinkEvent[]): HistoryOperation[] {
  const groups = new Map<string, LinkEvent[]>();
  for (const e of events) {
    const group = groups.get(e.operationId);
    if (group) group.push(e);
    else groups.set(e.operationId, [e]);
  }
  const operations = [...groups.entries()].map(([operationId, group]): HistoryOperation => {
    const main = group.find((e) => !SIDE_EFFECTS.has(e.action)) ?? group[0];
    const isMerge = group.some((e) => e.action === 'merge');
    return { operationId, action: main.action, at: main.at, actor: main.actor, reason: main.reason, score: main.score, events: group, isMerge, undone: isMerge && mergeUndone(group, events) };
  });
  return operations.reverse();
}

/** Whether each record a merge moved was later moved back (unmerge from its target to its source). */
function mergeUndone(merge: readonly LinkEvent[], all: readonly LinkEvent[]): boolean {
  const moves = merge.filter((e) => e.action === 'merge');
  return moves.every((m) => all.some((e) => e.action === 'unmerge' && e.id > m.id && e.recordId === m.recordId && e.fromGolden === m.toGolden && e.toGolden === m.fromGolden));
}

/** `user/u-123` → `u-123`: the kind is implied for users; clients and the system keep theirs. */
export function actorLabel(actor: string): string {
  return actor.startsWith('user/') ? actor.slice(5) : actor;
}
