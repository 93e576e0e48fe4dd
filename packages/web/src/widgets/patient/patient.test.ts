import { describe, expect, it } from 'vitest';
import type { Patient } from '@medplum/fhirtypes';
import { translate } from '../../i18n/translate.ts';
import { ID_CARD_SYSTEM, idCardBirthDate, idCardCheckChar, isValidIdCard } from './id-card.ts';
import { ageLabel, ageOn, genderKey, idCardOf, institutionOf, localToday, maskIdCard, maskPhone, mrnOf, patientName, phoneOf, specialLabels } from './patient-display.ts';
import { classifyPatientInput } from './patient-query.ts';

describe('resident ID card numbers', () => {
  it('computes the GB 11643 check character, X included', () => {
    expect(idCardCheckChar('11010119560312001')).toBe('0');
    expect(idCardCheckChar('11010519491231002')).toBe('X');
    expect(isValidIdCard('110101195603120010')).toBe(true);
    expect(isValidIdCard('11010519491231002x')).toBe(true);
  });

  it('refuses a wrong check character, a wrong length and an impossible birth date', () => {
    expect(isValidIdCard('110101195603120019')).toBe(false);
    expect(isValidIdCard('11010119560312001')).toBe(false);
    // 1956-02-30 does not exist, whatever the check character says.
    const feb30 = '1101011956023000' + '1';
    expect(isValidIdCard(feb30 + idCardCheckChar(feb30))).toBe(false);
    expect(idCardBirthDate('110101201501300035')).toBe('2015-01-30');
  });
});

describe('what the patient search box understands', () => {
  it('an 18-character ID card with a valid check character → ID card identifier search', () => {
    expect(classifyPatientInput(' 11010519491231002x ')).toEqual({ kind: 'idCard', text: '11010519491231002X', searches: [{ identifier: `${ID_CARD_SYSTEM}|11010519491231002X`, _count: '20' }] });
  });

  it('a wrong check character is reported and searched as any identifier', () => {
    const input = classifyPatientInput('110101195603120019');
    expect(input.kind).toBe('invalidIdCard');
    expect(input.searches).toEqual([{ identifier: '110101195603120019', _count: '20' }]);
  });

  it('an 11-digit mobile number → phone; latin letters → pinyin; Chinese → name', () => {
    expect(classifyPatientInput('138 1234 5678').searches).toEqual([{ phone: '13812345678', _count: '20' }]);
    expect(classifyPatientInput('ZSF')).toMatchObject({ kind: 'pinyin', searches: [{ pinyin: 'zsf', _count: '20' }] });
    expect(classifyPatientInput('张三', 5)).toEqual({ kind: 'name', text: '张三', searches: [{ name: '张三', _count: '5' }] });
  });

  it('other numbers and codes → any identifier (record numbers) or the resource id', () => {
    expect(classifyPatientInput('MZ20260001')).toEqual({ kind: 'number', text: 'MZ20260001', searches: [{ identifier: 'MZ20260001', _count: '20' }, { _id: 'MZ20260001', _count: '20' }] });
    // 12345678901 is 11 digits but not a mobile number (mobile numbers start 13–19).
    expect(classifyPatientInput('12345678901').kind).toBe('number');
    expect(classifyPatientInput('A/1').searches).toEqual([{ identifier: 'A/1', _count: '20' }]);
    expect(classifyPatientInput('   ')).toEqual({ kind: 'empty', text: '', searches: [] });
  });
});

describe('patient display', () => {
  it('masks ID cards and phone numbers', () => {
    expect(maskIdCard('110101195603121234')).toBe('110101********1234');
    expect(maskIdCard('110101560312123')).toBe('110101*****2123');
    expect(maskIdCard('1234')).toBe('1**4');
    expect(maskIdCard(undefined)).toBe('');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0571-88886666')).toBe('*********6666');
  });

  it('gives ages in years from one year on, months and days for infants, days for newborns', () => {
    expect(ageOn('1956-03-12', '2026-03-11')).toEqual({ years: 69, months: 11, days: 27 });
    expect(ageOn('1956-03-12', '2026-03-12')).toMatchObject({ years: 70 });
    expect(ageOn('2026-01-31', '2026-03-01')).toEqual({ years: 0, months: 1, days: 1 });
    expect(ageOn('2026-01-31', '2026-02-15')).toEqual({ years: 0, months: 0, days: 15 });
    expect(ageOn('2024-02-29', '2025-02-28')).toEqual({ years: 0, months: 11, days: 30 });
    expect(ageOn('2026-02-20', '2026-02-27')).toEqual({ years: 0, months: 0, days: 7 });
    expect(ageOn('1980', '2026-05-01')).toMatchObject({ years: 46 });
    expect(ageOn('2027-01-01', '2026-05-01')).toBeUndefined();
    expect(ageOn(undefined, '2026-05-01')).toBeUndefined();
    const text = (birth: string, today: string) => {
      const label = ageLabel(ageOn(birth, today))!;
      return translate('zh-CN', label.key, label.values);
    };
    expect(text('1956-03-12', '2026-03-11')).toBe('69岁');
    expect(text('2025-11-10', '2026-03-15')).toBe('4月5天');
    expect(text('2025-11-15', '2026-03-15')).toBe('4月');
    expect(text('2026-03-10', '2026-03-15')).toBe('5天');
    expect(localToday(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });

  const patient: Patient = {
    resourceType: 'Patient',
    id: 'demo-p5',
    meta: {
      extension: [{ url: 'https://medunion.org/fhir/StructureDefinition/institution', valueReference: { reference: 'Organization/lead-hospital' } }],
      security: [
        { system: 'https://medunion.org/fhir/CodeSystem/patient-category', code: 'VIP', display: '特殊患者' },
        { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED' },
      ],
      tag: [
        { system: 'https://medunion.org/fhir/CodeSystem/patient-category', code: 'infectious', display: '传染病' },
        { system: 'https://medunion.org/fhir/CodeSystem/mpi-record', code: 'golden', display: '主索引记录' },
      ],
    },
    name: [{ use: 'old', text: '钱卫' }, { use: 'official', family: '钱', given: ['卫国'] }],
    gender: 'male',
    identifier: [
      { system: ID_CARD_SYSTEM, value: '110101196506180011' },
      { system: 'https://medunion.org/fhir/sid/mrn/thc-hexi', value: 'HX0009' },
      { system: 'https://medunion.org/fhir/sid/mrn/lead-hospital', value: 'QS0005' },
    ],
    telecom: [
      { system: 'phone', use: 'old', value: '13900000000' },
      { system: 'phone', use: 'home', value: '0571-88886666' },
      { system: 'phone', use: 'mobile', value: '13812345678' },
    ],
  };

  it('reads name, identifiers, phone, owner institution and special labels', () => {
    expect(patientName(patient)).toBe('钱卫国');
    expect(idCardOf(patient)).toBe('110101196506180011');
    expect(mrnOf(patient, 'lead-hospital')).toBe('QS0005');
    expect(mrnOf(patient)).toBe('HX0009');
    expect(phoneOf(patient)).toBe('13812345678');
    expect(institutionOf(patient)).toBe('lead-hospital');
    expect(institutionOf({ resourceType: 'Patient', managingOrganization: { reference: 'Organization/thc-hexi' } })).toBe('thc-hexi');
    expect(specialLabels(patient).map((c) => c.code)).toEqual(['VIP', 'infectious']);
    expect(genderKey('female')).toBe('patient.gender.female');
    expect(genderKey(undefined)).toBe('patient.gender.unknown');
  });
});
