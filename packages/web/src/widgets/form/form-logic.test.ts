import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import type { Organization, Patient } from '@medplum/fhirtypes';
import { resolveField, type FieldSpec, type FormField } from './field-model.ts';
import { isFormLayoutSettings, layoutToSettings, mergeFormSettings, moveField, recalled, rememberedValues } from './form-settings.ts';
import { buildResource, fromFormValues, prune, toFormValues } from './form-values.ts';
import type { MetaElement } from './meta.api.ts';
import { fieldPathOf, mapOutcome } from './outcome-mapping.ts';

// Element metadata as GET /api/meta/elements/Organization returns it (trimmed to what the tests use).
const el = (name: string, type: string, max = '1', extra: Partial<MetaElement> = {}): MetaElement => ({ path: `Organization.${name}`, name, min: 0, max, types: [{ code: type }], ...extra });
const ORG: MetaElement[] = [
  el('active', 'boolean'),
  el('name', 'string', '1', { short: 'Name used for the organization' }),
  el('alias', 'string', '*'),
  el('type', 'CodeableConcept', '*', { binding: { strength: 'example', valueSet: 'http://hl7.org/fhir/ValueSet/organization-type' } }),
  el('telecom', 'ContactPoint', '*'),
  el('address', 'Address', '*'),
  el('partOf', 'Reference', '1', { types: [{ code: 'Reference', targetProfiles: ['http://hl7.org/fhir/StructureDefinition/Organization'] }] }),
  el('identifier', 'Identifier', '*'),
];
const resolve = (specs: FieldSpec[], elements: MetaElement[] = ORG): FormField[] => specs.map((s) => resolveField(s, elements.find((e) => e.name === s.path))!);

describe('fields from element definitions', () => {
  it('chooses inputs by type, repetition and binding', () => {
    const [active, name, alias, type, telecom, partOf] = resolve([
      { path: 'active' },
      { path: 'name', required: true },
      { path: 'alias' },
      { path: 'type', valueSet: 'https://medunion.org/fhir/ValueSet/department-type' },
      { path: 'telecom', label: '联系方式' },
      { path: 'partOf' },
    ]);
    expect(active).toMatchObject({ kind: 'boolean', repeating: false, required: false });
    expect(name).toMatchObject({ kind: 'string', required: true, label: 'Name used for the organization' });
    expect(alias).toMatchObject({ kind: 'string', repeating: true });
    expect(type).toMatchObject({ kind: 'codeableConcept', repeating: true, dictionary: { valueSet: 'https://medunion.org/fhir/ValueSet/department-type' } });
    expect(telecom).toMatchObject({ kind: 'contactPoint', label: '联系方式' });
    expect(partOf).toMatchObject({ kind: 'reference', targetTypes: ['Organization'] });
  });

  it('uses binding codes, falls back to text for example bindings, refuses what it cannot edit', () => {
    const gender: MetaElement = {
      path: 'Patient.gender',
      name: 'gender',
      min: 0,
      max: '1',
      types: [{ code: 'code' }],
      binding: { strength: 'required', valueSet: 'http://hl7.org/fhir/ValueSet/administrative-gender|4.0.1', codes: [{ system: 'http://hl7.org/fhir/administrative-gender', code: 'male', display: 'Male' }] },
    };
    expect(resolveField({ path: 'gender' }, gender)).toMatchObject({ kind: 'select', codes: [{ code: 'male' }] });
    expect(resolveField({ path: 'type' }, ORG[3])).toMatchObject({ kind: 'conceptText' });
    expect(resolveField({ path: 'contact' }, el('contact', 'BackboneElement', '*'))).toBeUndefined();
    expect(resolveField({ path: 'nope' }, undefined)).toBeUndefined();
    expect(resolveField({ path: 'gender', valueSet: { concepts: [{ code: 'male', display: '男' }] } }, gender)).toMatchObject({ kind: 'code', dictionary: { concepts: [{ code: 'male' }] } });
  });
});

describe('FHIR values ↔ form values', () => {
  const fields = resolve([{ path: 'name' }, { path: 'alias' }, { path: 'type', valueSet: 'urn:vs' }, { path: 'telecom' }, { path: 'address' }, { path: 'partOf' }, { path: 'active' }]);
  const org: Organization = {
    resourceType: 'Organization',
    id: 'dept-1',
    meta: { versionId: '3' },
    name: '检验科',
    alias: ['化验室'],
    type: [{ coding: [{ system: 'urn:dept', code: 'lab', display: '检验' }, { system: 'urn:other', code: 'L' }], text: '检验科室' }],
    telecom: [{ system: 'phone', value: '0571-1234', use: 'work', period: { start: '2020-01-01' } }],
    address: [{ line: ['人民路 1 号', '3 楼'], city: '青山' }],
    partOf: { reference: 'Organization/lead-hospital', display: '青山县人民医院' },
    active: true,
    extension: [{ url: 'urn:keep', valueString: 'kept' }],
  };

  it('turns elements into what the inputs edit', () => {
    const values = toFormValues(org as unknown as Record<string, unknown>, fields);
    expect(values.type).toEqual([{ system: 'urn:dept', code: 'lab', display: '检验' }]);
    expect(values.address).toEqual([{ line: '人民路 1 号\n3 楼', city: '青山' }]);
    expect(values.telecom).toEqual(org.telecom);
  });

  it('round-trips without losing what the form does not show', () => {
    const values = toFormValues(org as unknown as Record<string, unknown>, fields);
    const saved = buildResource<Organization>('Organization', org as unknown as Record<string, unknown>, fields, values);
    expect(saved).toEqual(org);
  });

  it('applies edits, removes emptied fields, builds new concepts and keeps fixed values last', () => {
    const values = toFormValues(org as unknown as Record<string, unknown>, fields);
    values.name = '  检验科（东院） ';
    values.alias = ['', '  '];
    values.type = [{ system: 'urn:dept', code: 'lab', display: '检验' }, { system: 'urn:dept', code: 'rad', display: '放射' }];
    values.address = [{ line: '新华路 8 号', city: '' }];
    const saved = buildResource<Organization>('Organization', org as unknown as Record<string, unknown>, fields, values, { partOf: { reference: 'Organization/thc-hexi' } });
    expect(saved.name).toBe('检验科（东院）');
    expect(saved.alias).toBeUndefined();
    expect('alias' in saved).toBe(false);
    expect(saved.type).toEqual([org.type![0], { coding: [{ system: 'urn:dept', code: 'rad', display: '放射' }], text: '放射' }]);
    expect(saved.address).toEqual([{ line: ['新华路 8 号'] }]);
    expect(saved.partOf).toEqual({ reference: 'Organization/thc-hexi' });
  });

  it('handles names, dates, periods, codes and concept text', () => {
    const patientFields = resolve(
      [{ path: 'name' }, { path: 'birthDate' }, { path: 'deceasedDateTime' }, { path: 'gender', valueSet: { concepts: [{ code: 'male', display: '男' }] } }, { path: 'maritalStatus' }, { path: 'period' }],
      [
        { path: 'Patient.name', name: 'name', min: 0, max: '*', types: [{ code: 'HumanName' }] },
        { path: 'Patient.birthDate', name: 'birthDate', min: 0, max: '1', types: [{ code: 'date' }] },
        { path: 'Patient.deceasedDateTime', name: 'deceasedDateTime', min: 0, max: '1', types: [{ code: 'dateTime' }] },
        { path: 'Patient.gender', name: 'gender', min: 0, max: '1', types: [{ code: 'code' }] },
        { path: 'Patient.maritalStatus', name: 'maritalStatus', min: 0, max: '1', types: [{ code: 'CodeableConcept' }], binding: { strength: 'example', valueSet: 'urn:none' } },
        { path: 'X.period', name: 'period', min: 0, max: '1', types: [{ code: 'Period' }] },
      ],
    );
    const patient = {
      resourceType: 'Patient',
      name: [{ use: 'official', text: '张三丰', family: '张', given: ['三丰'] }],
      birthDate: '1956',
      deceasedDateTime: '2026-01-02T03:04:05+08:00',
      gender: 'male',
      maritalStatus: { text: '已婚' },
      period: { start: '2026-01-01T08:00:00+08:00', end: '2026-02-01' },
    } as unknown as Patient;
    const values = toFormValues(patient as unknown as Record<string, unknown>, patientFields);
    expect(values.name).toEqual([{ use: 'official', text: '张三丰', family: '张', given: '三丰' }]);
    expect(dayjs.isDayjs(values.birthDate)).toBe(true);
    expect(values.gender).toEqual({ code: 'male' });
    expect(values.maritalStatus).toBe('已婚');
    // Untouched: the partial birth date and the instant keep their precision.
    expect(buildResource('Patient', patient as unknown as Record<string, unknown>, patientFields, values)).toEqual(patient);

    values.name = [{ use: 'official', text: '', family: 'Smith', given: 'John  Q' }];
    values.birthDate = dayjs('1956-03-12');
    values.gender = { code: 'female', display: '女' };
    values.maritalStatus = '未婚';
    values.period = [dayjs('2026-01-01'), null];
    const edited = fromFormValues(values, patientFields, patient as unknown as Record<string, unknown>);
    expect(edited.name).toEqual([{ use: 'official', family: 'Smith', given: ['John', 'Q'] }]);
    expect(edited.birthDate).toBe('1956-03-12');
    expect(edited.gender).toBe('female');
    expect(edited.maritalStatus).toEqual({ text: '未婚' });
    expect(edited.period).toEqual({ start: '2026-01-01T08:00:00+08:00' });
  });

  it('prunes empty values at any depth', () => {
    expect(prune({ a: '', b: [null, { c: ' ' }], d: { e: [] }, f: 0, g: false })).toEqual({ f: 0, g: false });
  });
});

describe('server OperationOutcome → form fields', () => {
  const fields = resolve([{ path: 'name' }, { path: 'type', valueSet: 'urn:vs' }, { path: 'telecom' }, { path: 'partOf' }, { path: 'alias' }]);

  it('maps FHIRPath expressions to input name paths', () => {
    expect(fieldPathOf('Organization.telecom[0].value', 'Organization', fields)).toEqual(['telecom', 0, 'value']);
    expect(fieldPathOf('Organization.telecom[1]', 'Organization', fields)).toEqual(['telecom', 1]);
    expect(fieldPathOf('Organization.telecom', 'Organization', fields)).toEqual(['telecom']);
    expect(fieldPathOf('Organization.type[0].coding[0].code', 'Organization', fields)).toEqual(['type']);
    expect(fieldPathOf('Organization.partOf.reference', 'Organization', fields)).toEqual(['partOf']);
    expect(fieldPathOf('Organization.alias[2]', 'Organization', fields)).toEqual(['alias', 2]);
    expect(fieldPathOf('name', 'Organization', fields)).toEqual(['name']);
    expect(fieldPathOf('Organization.contact[0].name', 'Organization', fields)).toBeUndefined();
    expect(fieldPathOf('Organization.telecom.where(system=\'phone\')', 'Organization', fields)).toEqual(['telecom']);
  });

  it('groups errors per input and keeps the rest for above the form', () => {
    const mapped = mapOutcome(
      {
        resourceType: 'OperationOutcome',
        issue: [
          { severity: 'error', code: 'invalid', details: { text: '电话号码格式不正确' }, expression: ['Organization.telecom[0].value'] },
          { severity: 'error', code: 'invalid', diagnostics: 'too long', expression: ['Organization.telecom[0].value'] },
          { severity: 'error', code: 'required', details: { text: 'name 必填' }, location: ['Organization.name'] },
          { severity: 'error', code: 'invariant', details: { text: 'org-1: 必须有名称或标识' } },
          { severity: 'warning', code: 'informational', details: { text: '别名重复' }, expression: ['Organization.alias[0]'] },
          { severity: 'error', code: 'invalid', details: { text: '未知元素' }, expression: ['Organization.foo'] },
        ],
      },
      'Organization',
      fields,
    );
    expect(mapped.fields).toEqual([
      { name: ['telecom', 0, 'value'], errors: ['电话号码格式不正确', 'too long'] },
      { name: ['name'], errors: ['name 必填'] },
    ]);
    expect(mapped.general).toEqual(['org-1: 必须有名称或标识', '别名重复', '未知元素']);
    expect(mapOutcome(undefined, 'Organization', fields)).toEqual({ fields: [], general: [] });
  });
});

describe('form layout settings (界面参数设置)', () => {
  const declared = [{ path: 'name', required: true }, { path: 'alias' }, { path: 'type' }, { path: 'partOf', readOnly: true }];

  it('defaults to the page order with nothing changed', () => {
    expect(mergeFormSettings(declared, undefined)).toEqual([
      { path: 'name', label: undefined, color: undefined, background: undefined, remember: false, readOnly: false, hidden: false },
      { path: 'alias', label: undefined, color: undefined, background: undefined, remember: false, readOnly: false, hidden: false },
      { path: 'type', label: undefined, color: undefined, background: undefined, remember: false, readOnly: false, hidden: false },
      { path: 'partOf', label: undefined, color: undefined, background: undefined, remember: false, readOnly: true, hidden: false },
    ]);
  });

  it("applies the user's order and choices, places new fields after their predecessor and drops removed ones", () => {
    const saved = {
      fields: [
        { path: 'type', label: ' 科室类别 ', color: '#cf1322', background: 'red', remember: true },
        { path: 'gone' },
        { path: 'name', hidden: true, editable: false },
        { path: 'partOf', editable: true },
      ],
    };
    const layout = mergeFormSettings(declared, saved);
    expect(layout.map((f) => f.path)).toEqual(['type', 'name', 'alias', 'partOf']);
    expect(layout[0]).toMatchObject({ label: '科室类别', color: '#cf1322', background: undefined, remember: true });
    // Required fields stay visible; the page's read-only wins over the user's "editable".
    expect(layout[1]).toMatchObject({ hidden: false, readOnly: true });
    expect(layout[3].readOnly).toBe(true);
    // A field new to the page, first in its order, goes first.
    expect(mergeFormSettings([{ path: 'active' }, ...declared], saved).map((f) => f.path)).toEqual(['active', 'type', 'name', 'alias', 'partOf']);
  });

  it('stores only what differs from the defaults, and moves fields', () => {
    const layout = moveField(mergeFormSettings(declared, undefined), 'type', -1);
    expect(layout.map((f) => f.path)).toEqual(['name', 'type', 'alias', 'partOf']);
    expect(moveField(layout, 'name', -1)).toEqual(layout);
    layout[1] = { ...layout[1], remember: true, readOnly: true };
    expect(layoutToSettings(layout, declared)).toEqual({ fields: [{ path: 'name' }, { path: 'type', remember: true, editable: false }, { path: 'alias' }, { path: 'partOf' }] });
    expect(isFormLayoutSettings(layoutToSettings(layout, declared))).toBe(true);
    expect(isFormLayoutSettings({ fields: [{}] })).toBe(false);
    expect(isFormLayoutSettings(['name'])).toBe(false);
  });

  it('remembers and recalls the values of remembered fields only', () => {
    const layout = mergeFormSettings(declared, { fields: [{ path: 'type', remember: true }] });
    const saved = { name: '内科', type: [{ text: '临床' }] };
    const remembered = rememberedValues(layout, saved);
    expect(remembered).toEqual({ type: [{ text: '临床' }] });
    expect(recalled(layout, { ...remembered, name: '旧' })).toEqual(remembered);
    expect(recalled(mergeFormSettings(declared, undefined), remembered)).toEqual({});
  });
});
