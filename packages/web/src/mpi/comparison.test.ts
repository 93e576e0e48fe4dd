import { describe, expect, it } from 'vitest';
import { comparisonRows, formatWeight, scoreBand, unshownScores } from './comparison.ts';
import type { ReviewSide } from './mpi.api.ts';
import { ID_CARD_SYSTEM, MRN_SYSTEM_PREFIX } from './identifier-systems.ts';

const side = (over: Partial<ReviewSide>): ReviewSide => ({ patientId: 'p', goldenId: 'g', institution: 'lead-hospital', status: 'active', phones: [], identifiers: [], ...over });

// The pair of the mpi registration test: homophone name, day/month transposed, different phone.
const record = side({
  patientId: 'b',
  institution: 'thc-hexi',
  name: '王小明',
  gender: 'male',
  birthDate: '1983-09-04',
  phones: ['138 0000 3031'],
  address: '城关镇东村12号',
  identifiers: [{ system: `${MRN_SYSTEM_PREFIX}/thc-hexi`, value: 'T-31' }],
});
const candidate = side({
  patientId: 'a',
  name: '王晓明',
  gender: 'male',
  birthDate: '1983-04-09',
  phones: ['+86 13800003031', '13905713030'],
  address: '城关镇 东村12号',
  identifiers: [
    { system: ID_CARD_SYSTEM, value: '33072719830409047x' },
    { system: `${MRN_SYSTEM_PREFIX}/lead-hospital`, value: 'T-30' },
  ],
});
const fields = [
  { field: 'idCard', level: 'missing', weight: 0 },
  { field: 'name', level: 'homophone', weight: 6.38 },
  { field: 'birthDate', level: 'transposed', weight: 8.97 },
  { field: 'gender', level: 'agree', weight: 0.98 },
  { field: 'phone', level: 'agree', weight: 11.67 },
  { field: 'address', level: 'high', weight: 4.78 },
];

describe('side-by-side comparison rows', () => {
  const rows = Object.fromEntries(comparisonRows({ record, candidate, fields }).map((r) => [r.key, r]));

  it('lists every row in reading order, with the scored level and weight where the matcher compares the field', () => {
    expect(comparisonRows({ record, candidate, fields }).map((r) => r.key)).toEqual(['name', 'gender', 'birthDate', 'phone', 'address', 'idCard', 'healthCard', 'identifiers', 'institution']);
    expect(rows.name.score).toEqual({ field: 'name', level: 'homophone', weight: 6.38 });
    expect(rows.idCard.score?.level).toBe('missing');
    expect(rows.healthCard.score).toBeUndefined();
    expect(rows.institution.score).toBeUndefined();
  });

  it('marks differing values on both sides and leaves equal ones alone', () => {
    expect(rows.name.record).toEqual([{ text: '王小明', differs: true }]);
    expect(rows.name.candidate).toEqual([{ text: '王晓明', differs: true }]);
    expect(rows.birthDate.record[0].differs).toBe(true);
    expect(rows.gender.record).toEqual([{ text: 'male', differs: false }]);
    expect(rows.institution.record).toEqual([{ text: 'thc-hexi', differs: true }]);
  });

  it('compares phones and addresses as typed-in text is normalised (+86, spaces), value by value', () => {
    expect(rows.phone.record).toEqual([{ text: '138 0000 3031', differs: false }]);
    expect(rows.phone.candidate).toEqual([
      { text: '+86 13800003031', differs: false },
      { text: '13905713030', differs: true },
    ]);
    expect(rows.address.record[0].differs).toBe(false);
  });

  it('does not mark a value the other side lacks entirely, nor record numbers of different institutions', () => {
    expect(rows.idCard.record).toEqual([]);
    expect(rows.idCard.candidate).toEqual([{ text: '33072719830409047x', differs: false }]);
    expect(rows.identifiers.record).toEqual([{ text: `${MRN_SYSTEM_PREFIX}/thc-hexi|T-31`, differs: false }]);
    expect(rows.identifiers.candidate.map((v) => v.differs)).toEqual([false]);
  });

  it('keeps scored fields without a row so the explanation stays complete', () => {
    expect(unshownScores([...fields, { field: 'email', level: 'agree', weight: 3 }])).toEqual([{ field: 'email', level: 'agree', weight: 3 }]);
  });
});

describe('score against thresholds', () => {
  const config = { autoLinkThreshold: 22, reviewThreshold: 12 };
  it('places a score in its band, thresholds inclusive', () => {
    expect(scoreBand(22, config)).toBe('auto-link');
    expect(scoreBand(21.99, config)).toBe('review');
    expect(scoreBand(12, config)).toBe('review');
    expect(scoreBand(-3, config)).toBe('below');
  });
  it('writes weights as signed evidence', () => {
    expect(formatWeight(6.38)).toBe('+6.4');
    expect(formatWeight(-3.14)).toBe('−3.1');
    expect(formatWeight(0.02)).toBe('0');
  });
});
