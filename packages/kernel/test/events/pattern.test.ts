import { describe, expect, it } from 'vitest';
import { testDbFactories } from '../dbs.ts';
import { dispatchesSubscriber } from '../../src/events/bus.ts';
import { assertTopicPattern, topicMatches, topicMatchesSql } from '../../src/events/pattern.ts';

const CASES: [topic: string, pattern: string, matches: boolean][] = [
  ['Patient:create', '*', true],
  ['Patient:create', 'Patient:*', true],
  ['Patient:create', 'Patient:create', true],
  ['Patient:create', 'Patient:update', false],
  ['PatientX:create', 'Patient:*', false],
  ['MpiGolden:update', 'MpiGolden:*', true],
  ['DiagnosticReport:final', 'DiagnosticReport:final', true],
  ['Observation:create', 'DiagnosticReport:*', false],
];

describe('topic patterns', () => {
  it('accept exact topics, Type:* and *, and refuse anything else', () => {
    for (const ok of ['*', 'Patient:*', 'Patient:create', 'DiagnosticReport:entered-in-error']) expect(() => assertTopicPattern(ok)).not.toThrow();
    for (const bad of ['', 'Patient', 'Patient:', '*:create', 'Patient:cre ate', 'patient*']) expect(() => assertTopicPattern(bad), bad).toThrow();
  });

  it('match in process exactly as in SQL (the bus wakes subscribers by the first, fetches by the second)', async () => {
    const db = await (await testDbFactories())[0].open();
    try {
      for (const [topic, pattern, expected] of CASES) {
        expect(topicMatches(topic, pattern), `${topic} ~ ${pattern}`).toBe(expected);
        const { rows } = await db.query<{ m: boolean }>(`select ${topicMatchesSql('$1::text', '$2::text')} as m`, [topic, pattern]);
        expect(rows[0].m, `SQL ${topic} ~ ${pattern}`).toBe(expected);
      }
    } finally {
      await db.close();
    }
  });
});

describe('dispatching a selection of subscribers (MEDUNION_BUS_SUBSCRIBERS)', () => {
  it('takes all by default, only the named ones, or all but the excluded ones; * is a wildcard', () => {
    const name = 'module:mpi:MpiGolden:update';
    expect(dispatchesSubscriber(undefined, name)).toBe(true);
    expect(dispatchesSubscriber([], name)).toBe(true);
    expect(dispatchesSubscriber(['module:mpi:MpiGolden:update'], name)).toBe(true);
    expect(dispatchesSubscriber(['module:mpi:*'], name)).toBe(true);
    expect(dispatchesSubscriber(['module:mpi:*'], 'fhir-subscriptions')).toBe(false);
    expect(dispatchesSubscriber(['-module:mpi:MpiGolden:update'], name)).toBe(false);
    expect(dispatchesSubscriber(['-module:mpi:MpiGolden:update'], 'module:mpi:Patient:*')).toBe(true);
    expect(dispatchesSubscriber(['module:*', '-module:mpi:MpiGolden:*'], name)).toBe(false);
    // Regular-expression characters in names are literal.
    expect(dispatchesSubscriber(['module:mpi:Patient:*'], 'module:mpi:PatientX')).toBe(false);
    expect(dispatchesSubscriber(['a.b'], 'axb')).toBe(false);
  });
});
