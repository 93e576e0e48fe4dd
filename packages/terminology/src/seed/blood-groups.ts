import type { CodeSystem } from '@medplum/fhirtypes';
import { OID, SYSTEM } from '../urls.ts';
import { nationalCodeSystem, table } from './build.ts';

/** WS 364 CV04.50.005 ABO血型代码. */
export const aboBloodGroups: CodeSystem = nationalCodeSystem({
  url: SYSTEM.abo,
  oid: OID.abo,
  version: 'WS 364-2011 CV04.50.005',
  name: 'CV04_50_005ABO',
  title: 'ABO血型代码表（CV04.50.005）',
  titleEn: 'ABO blood group (WS 364 CV04.50.005)',
  description: 'ABO血型代码',
  concepts: table(`
    1	A型	Group A
    2	B型	Group B
    3	O型	Group O
    4	AB型	Group AB
    5	不详	Unknown
  `),
});

/** WS 364 CV04.50.020 Rh(D)血型代码. */
export const rhBloodGroups: CodeSystem = nationalCodeSystem({
  url: SYSTEM.rh,
  oid: OID.rh,
  version: 'WS 364-2011 CV04.50.020',
  name: 'CV04_50_020RhD',
  title: 'Rh(D)血型代码表（CV04.50.020）',
  titleEn: 'Rh(D) blood group (WS 364 CV04.50.020)',
  description: 'Rh(D)血型代码',
  concepts: table(`
    1	阴性	Rh(D) negative
    2	阳性	Rh(D) positive
    3	不详	Unknown
  `),
});
