import { describe, expect, it } from 'vitest';
import { actorLabel, historyOperations } from './link-history.ts';
import type { LinkEvent } from './mpi.api.ts';

let nextId = 1;
const event = (over: Partial<LinkEvent> & Pick<LinkEvent, 'operationId' | 'action'>): LinkEvent => ({
  id: nextId++,
  recordId: null,
  fromGolden: null,
  toGolden: null,
  matchId: null,
  score: null,
  reason: null,
  actor: 'user/u1',
  at: `2026-05-01T08:00:0${nextId % 10}Z`,
  ...over,
});

describe('link history operations', () => {
  const history = [
    event({ operationId: 'op1', action: 'link', recordId: 'a', toGolden: 'G1', reason: 'new person', actor: 'system/module:mpi' }),
    event({ operationId: 'op2', action: 'link', recordId: 'b', fromGolden: 'G2', toGolden: 'G1', score: 15.2, reason: 'review' }),
    event({ operationId: 'op2', action: 'retire', fromGolden: 'G2', toGolden: 'G1', reason: 'sources moved' }),
    event({ operationId: 'op3', action: 'merge', recordId: 'c', fromGolden: 'G3', toGolden: 'G1', reason: '同一人' }),
    event({ operationId: 'op3', action: 'merge', recordId: 'd', fromGolden: 'G3', toGolden: 'G1', reason: '同一人' }),
    event({ operationId: 'op3', action: 'retire', fromGolden: 'G3', toGolden: 'G1' }),
  ];

  it('groups events by operation, newest first, named by the action that is not a side effect', () => {
    const ops = historyOperations(history);
    expect(ops.map((o) => [o.operationId, o.action, o.events.length])).toEqual([
      ['op3', 'merge', 3],
      ['op2', 'link', 2],
      ['op1', 'link', 1],
    ]);
    expect(ops[1]).toMatchObject({ score: 15.2, reason: 'review', isMerge: false, undone: false });
  });

  it('offers undo for a merge until every record it moved went back', () => {
    expect(historyOperations(history)[0]).toMatchObject({ isMerge: true, undone: false });
    const partly = [...history, event({ operationId: 'op4', action: 'unmerge', recordId: 'c', fromGolden: 'G1', toGolden: 'G3', reason: '误合并' })];
    expect(historyOperations(partly).find((o) => o.operationId === 'op3')).toMatchObject({ undone: false });
    const fully = [...partly, event({ operationId: 'op4', action: 'unmerge', recordId: 'd', fromGolden: 'G1', toGolden: 'G3', reason: '误合并' })];
    const ops = historyOperations(fully);
    expect(ops[0]).toMatchObject({ operationId: 'op4', action: 'unmerge', isMerge: false });
    expect(ops.find((o) => o.operationId === 'op3')).toMatchObject({ undone: true });
  });

  it('shows users by id and keeps the kind of other actors', () => {
    expect(actorLabel('user/u1')).toBe('u1');
    expect(actorLabel('system/module:mpi')).toBe('system/module:mpi');
  });
});
