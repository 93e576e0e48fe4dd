import type { CodeSystem } from '@medplum/fhirtypes';
import { SYSTEM } from '../urls.ts';
import { nationalCodeSystem, table } from './build.ts';

/** Kinds of institution dictionaries (机构字典类别); the code is the meta.tag of a dictionary CodeSystem. */
export const DICTIONARY_KINDS = ['departments', 'staff-titles', 'lab-items', 'exam-items', 'instruments', 'units', 'methods'] as const;
export type DictionaryKind = (typeof DICTIONARY_KINDS)[number];

export const isDictionaryKind = (value: string): value is DictionaryKind => (DICTIONARY_KINDS as readonly string[]).includes(value);

export const dictionaryKinds: CodeSystem = nationalCodeSystem({
  url: SYSTEM.dictionaryKind,
  version: '1',
  name: 'DictionaryKind',
  title: '机构字典类别',
  titleEn: 'Institution dictionary kind',
  description: '医共体成员机构上传的本地字典类别',
  concepts: table(`
    departments	科室	Departments
    staff-titles	职称	Staff titles
    lab-items	检验项目	Laboratory items
    exam-items	检查项目	Examination items
    instruments	仪器	Instruments
    units	单位	Units
    methods	方法	Methods
  `),
});
