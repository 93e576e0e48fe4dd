import { describe, expect, it } from 'vitest';
import { institutionNamingSystems, institutionSystems, isInstitution, preferredIdQuery } from '../src/naming/institutions.ts';
import { bareOid, institutionOid } from '../src/naming/oid.ts';
import { SEEDED_NAMING_SYSTEMS } from '../src/naming/registry-seed.ts';

describe('institution OIDs', () => {
  it('are stable name-based UUIDs under the 2.25 arc, different per institution', () => {
    const oid = institutionOid('lead-hospital');
    expect(oid).toBe(institutionOid('lead-hospital'));
    expect(oid).not.toBe(institutionOid('thc-hexi'));
    expect(oid).toMatch(/^2\.25\.[1-9]\d{0,38}$/);
    // the integer is a version-5 RFC 4122 UUID
    const hex = BigInt(oid.slice(5)).toString(16).padStart(32, '0');
    expect(hex[12]).toBe('5');
    expect(['8', '9', 'a', 'b']).toContain(hex[16]);
  });

  it('reads OIDs written with or without urn:oid:', () => {
    expect(bareOid('urn:oid:2.16.156.10011.1.3')).toBe('2.16.156.10011.1.3');
    expect(bareOid('2.16.156.10011.1.3')).toBe('2.16.156.10011.1.3');
    expect(bareOid('https://medunion.org/fhir/sid/mrn/x')).toBeUndefined();
    expect(bareOid('2.16.01')).toBeUndefined();
  });
});

describe('registry entries', () => {
  it('give an institution an OID root and MRN / visit card namespaces under it, departments none', () => {
    expect(isInstitution({ resourceType: 'Organization', id: 'x-nk', type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'dept' }] }] })).toBe(false);
    const [root, mrn, visit] = institutionNamingSystems({ resourceType: 'Organization', id: 'lead-hospital', name: '青山县人民医院' });
    const { oid } = institutionSystems('lead-hospital');
    expect(root.kind).toBe('root');
    expect(root.uniqueId[0]).toEqual({ type: 'oid', value: oid, preferred: true });
    expect(mrn.uniqueId.map((u) => u.value)).toEqual(['https://medunion.org/fhir/sid/mrn/lead-hospital', `${oid}.1`]);
    expect(visit.uniqueId.map((u) => u.value)).toEqual(['https://medunion.org/fhir/sid/visit-card/lead-hospital', `${oid}.2`]);
    expect(preferredIdQuery(mrn)).toBe('value%3Aexact=https%3A%2F%2Fmedunion.org%2Ffhir%2Fsid%2Fmrn%2Flead-hospital');
  });

  it('register the national identifier types by OID and every seeded code system, each once', () => {
    const preferred = SEEDED_NAMING_SYSTEMS.map((ns) => ns.uniqueId.find((u) => u.preferred)?.value);
    expect(new Set(preferred).size).toBe(preferred.length);
    expect(preferred).toEqual(expect.arrayContaining(['urn:oid:2.16.156.10011.1.3', 'urn:oid:2.16.156.10011.1.11', 'urn:oid:2.16.156.10011.1.12', 'urn:oid:2.16.156.10011.1.19', 'urn:oid:2.16.156.10011.2.3.3.4']));
  });
});
