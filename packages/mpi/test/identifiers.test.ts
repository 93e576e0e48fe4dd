import type { Patient } from '@medplum/fhirtypes';
import { SYSTEM_PRINCIPAL, type RequestContext } from '@medunion/kernel';
import { describe, expect, it } from 'vitest';
import { GOLDEN_TAG } from '../src/golden/golden-tag.ts';
import { validatePatient } from '../src/identifiers/patient-validator.ts';
import { parsePhone } from '../src/identifiers/phone.ts';
import { checkResidentIdCard, idCardCheckCharacter } from '../src/identifiers/resident-id-card.ts';
import { HEALTH_CARD_SYSTEM, ID_CARD_SYSTEM, MEDICAL_INSURANCE_SYSTEM, OUTPATIENT_NO_SYSTEM, VISIT_CARD_SYSTEM_PREFIX } from '../src/identifiers/systems.ts';
import { idCard } from './helpers.ts';

const TODAY = new Date('2026-11-22T00:00:00Z');
const clerk: RequestContext = { principal: { kind: 'user', id: 'u1', institutions: ['lead-hospital'], institution: 'lead-hospital', roles: ['registrar'], permissions: ['fhir.create'], regionAdmin: false } };
const texts = (issues: { details?: { text?: string } }[]) => issues.map((i) => i.details?.text ?? '');

describe('resident ID card (GB 11643, ISO 7064 MOD 11-2)', () => {
  it('accepts the GB 11643 example and states its facts', () => {
    expect(checkResidentIdCard('11010519491231002X', TODAY)).toEqual({ ok: true, facts: { division: '110105', birthDate: '1949-12-31', sex: 'female' } });
    expect(idCardCheckCharacter('11010519491231002')).toBe('X');
  });

  it('catches every single-digit error and every adjacent transposition through the check character', () => {
    const valid = '11010519491231002X';
    for (let i = 0; i < 17; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === valid[i]) continue;
        const wrong = valid.slice(0, i) + d + valid.slice(i + 1);
        expect(checkResidentIdCard(wrong, TODAY).ok).toBe(false);
      }
    }
    for (let i = 0; i < 16; i++) {
      if (valid[i] === valid[i + 1]) continue;
      const swapped = valid.slice(0, i) + valid[i + 1] + valid[i] + valid.slice(i + 2);
      expect(checkResidentIdCard(swapped, TODAY).ok).toBe(false);
    }
  });

  it('explains each kind of malformed number in Chinese and English', () => {
    const message = (v: string) => {
      const r = checkResidentIdCard(v, TODAY);
      return r.ok ? '' : r.message;
    };
    expect(message('110105491231002')).toContain('15-digit');
    expect(message('11010519491231002x')).toContain('upper-case X');
    expect(message('1101051949123100')).toMatch(/^身份证号须为18位.* \/ An ID card number has 18 characters/);
    expect(message(idCard('1980-01-01', 'male', 1, '990101'))).toContain('not a province code');
    expect(message(`11010519490230001${idCardCheckCharacter('11010519490230001')}`)).toContain('19490230');
    expect(message(idCard('2027-01-01', 'male'))).toContain('in the future');
    expect(message('110105194912310021')).toContain('check character does not match');
  });
});

describe('phone numbers', () => {
  it('reads mobiles, landlines with or without area code, +86 and extensions', () => {
    expect(parsePhone('139 0571 0001')).toEqual({ kind: 'mobile', normalized: '13905710001' });
    expect(parsePhone('+86 13905710001')).toEqual({ kind: 'mobile', normalized: '13905710001' });
    expect(parsePhone('0571-88881234')).toEqual({ kind: 'landline', normalized: '057188881234' });
    expect(parsePhone('(010)62345678 转 123')).toEqual({ kind: 'landline', normalized: '01062345678' });
    expect(parsePhone('+86 571 8888 1234')).toEqual({ kind: 'landline', normalized: '057188881234' });
    expect(parsePhone('88881234')).toEqual({ kind: 'landline', normalized: '88881234' });
    expect(parsePhone('400-812-3123')).toEqual({ kind: 'service', normalized: '4008123123' });
  });

  it('refuses what no Chinese number looks like', () => {
    for (const bad of ['12905710001', '1390571000', '139057100011', '12345', '0571-1234', 'abc', '+1 650 555 0100', '001234567']) expect(parsePhone(bad)).toBeUndefined();
  });
});

describe('Patient write rule', () => {
  const patient = (extra: Partial<Patient>): Patient => ({ resourceType: 'Patient', ...extra });

  it('accepts a consistent registration', () => {
    const p = patient({
      gender: 'male',
      birthDate: '1980-03-04',
      identifier: [
        { system: ID_CARD_SYSTEM, value: idCard('1980-03-04', 'male') },
        { system: HEALTH_CARD_SYSTEM, value: 'A'.repeat(64) },
        { system: MEDICAL_INSURANCE_SYSTEM, value: '330727A12345' },
        { system: `${VISIT_CARD_SYSTEM_PREFIX}/lead-hospital`, value: 'JZ-00012' },
        { system: OUTPATIENT_NO_SYSTEM, value: 'MZ2026.0001' },
        { system: 'https://example.org/other', value: 'anything goes here' },
      ],
      telecom: [{ system: 'phone', value: '13905710001' }, { system: 'email', value: 'not a phone' }],
    });
    expect(validatePatient(p, clerk, TODAY)).toEqual([]);
  });

  it('names the field of every problem, with both paths when birth date or sex contradict the ID card', () => {
    const card = idCard('1980-03-04', 'male');
    const issues = validatePatient(
      patient({
        gender: 'female',
        birthDate: '1980-04-03',
        identifier: [{ system: ID_CARD_SYSTEM, value: card }, { system: HEALTH_CARD_SYSTEM, value: 'short' }, { system: MEDICAL_INSURANCE_SYSTEM, value: 'yb 123' }],
        telecom: [{ system: 'phone', value: '1234' }],
        contact: [{ telecom: [{ system: 'phone', value: '0571-12' }] }],
      }),
      clerk,
      TODAY,
    );
    expect(issues.map((i) => i.expression)).toEqual([
      ['Patient.birthDate', 'Patient.identifier[0].value'],
      ['Patient.gender', 'Patient.identifier[0].value'],
      ['Patient.identifier[1].value'],
      ['Patient.identifier[2].value'],
      ['Patient.telecom[0].value'],
      ['Patient.contact[0].telecom[0].value'],
    ]);
    expect(texts(issues)[0]).toBe(`出生日期1980-04-03与身份证号中的1980-03-04不一致 / The birth date 1980-04-03 differs from 1980-03-04 in the ID card number`);
    expect(texts(issues)[1]).toContain('its 17th digit says male');
  });

  it('compares a partial birth date as far as it goes, and ignores gender other/unknown', () => {
    const card = idCard('1980-03-04', 'female');
    expect(validatePatient(patient({ birthDate: '1980-03', gender: 'unknown', identifier: [{ system: ID_CARD_SYSTEM, value: card }] }), clerk, TODAY)).toEqual([]);
    expect(validatePatient(patient({ birthDate: '1981', identifier: [{ system: ID_CARD_SYSTEM, value: card }] }), clerk, TODAY)).toHaveLength(1);
  });

  it('refuses impossible and future birth dates', () => {
    expect(texts(validatePatient(patient({ birthDate: '1990-02-30' }), clerk, TODAY))).toEqual(['出生日期1990-02-30不存在 / The birth date 1990-02-30 does not exist']);
    expect(validatePatient(patient({ birthDate: '2027-01-01' }), clerk, TODAY)[0].expression).toEqual(['Patient.birthDate']);
  });

  it('lets only the index write golden records', () => {
    const golden = patient({ meta: { tag: [GOLDEN_TAG] } });
    expect(validatePatient(golden, clerk, TODAY)[0].expression).toEqual(['Patient.meta.tag']);
    expect(validatePatient(golden, { principal: { ...SYSTEM_PRINCIPAL, id: 'module:notice' } }, TODAY)).toHaveLength(1);
    expect(validatePatient(golden, { principal: { ...SYSTEM_PRINCIPAL, id: 'module:mpi' } }, TODAY)).toEqual([]);
  });
});
