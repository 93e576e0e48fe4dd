import { describe, expect, it } from 'vitest';
import { EMPI_SYSTEM, ID_CARD_SYSTEM, identifierKindOf, INPATIENT_NO_SYSTEM, MRN_SYSTEM_PREFIX, needsInstitution, OUTPATIENT_NO_SYSTEM, resolveQuery } from './identifier-systems.ts';

describe('identifier lookup queries', () => {
  it('builds system|value for region-wide numbers, normalising ID cards and EMPI numbers', () => {
    expect(resolveQuery('idCard', ' 330727 19830409047x ', 'lead-hospital')).toEqual({ identifier: `${ID_CARD_SYSTEM}|33072719830409047X` });
    expect(resolveQuery('empi', 'e0000000012', undefined)).toEqual({ identifier: `${EMPI_SYSTEM}|E0000000012` });
  });

  it('puts the institution into per-institution systems, and beside the national outpatient/inpatient OIDs', () => {
    expect(resolveQuery('mrn', ' T-31 ', 'thc-hexi')).toEqual({ identifier: `${MRN_SYSTEM_PREFIX}/thc-hexi|T-31` });
    expect(resolveQuery('outpatient', 'MZ001', 'thc-hexi')).toEqual({ identifier: `${OUTPATIENT_NO_SYSTEM}|MZ001`, institution: 'thc-hexi' });
    expect(resolveQuery('inpatient', 'ZY9', 'lead-hospital')).toEqual({ identifier: `${INPATIENT_NO_SYSTEM}|ZY9`, institution: 'lead-hospital' });
  });

  it('says what is missing instead of asking the server', () => {
    expect(resolveQuery('idCard', '  ', 'x')).toEqual({ problem: 'valueRequired' });
    expect(resolveQuery('mrn', 'T-1', undefined)).toEqual({ problem: 'institutionRequired' });
    expect(needsInstitution('visitCard')).toBe(true);
    expect(needsInstitution('healthCard')).toBe(false);
  });

  it('names systems by kind, with the institution of per-institution systems', () => {
    expect(identifierKindOf(ID_CARD_SYSTEM)).toEqual({ kind: 'idCard' });
    expect(identifierKindOf(`${MRN_SYSTEM_PREFIX}/thc-hexi`)).toEqual({ kind: 'mrn', institution: 'thc-hexi' });
    expect(identifierKindOf('https://medunion.org/fhir/sid/visit-card/lead-hospital')).toEqual({ kind: 'visitCard', institution: 'lead-hospital' });
    expect(identifierKindOf('urn:oid:1.2.3')).toEqual({ kind: 'other' });
    expect(identifierKindOf(undefined)).toEqual({ kind: 'other' });
  });
});
