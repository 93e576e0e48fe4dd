import type { CodeSystem } from '@medplum/fhirtypes';
import { OID, SYSTEM } from '../urls.ts';
import { nationalCodeSystem, table } from './build.ts';

/** GB/T 2261.1-2003 个人基本信息分类与代码 第1部分：人的性别代码. */
export const sexCodes: CodeSystem = nationalCodeSystem({
  url: SYSTEM.sex,
  oid: OID.sex,
  version: 'GB/T 2261.1-2003',
  name: 'GBT2261_1Sex',
  title: '生理性别代码表（GB/T 2261.1）',
  titleEn: 'Sex (GB/T 2261.1)',
  description: '人的性别代码',
  concepts: table(`
    0	未知的性别	Unknown
    1	男性	Male
    2	女性	Female
    9	未说明的性别	Not stated
  `),
});

/** GB/T 2261.2-2003 第2部分：婚姻状况代码; 21–23 refine 20 (已婚). */
export const maritalStatusCodes: CodeSystem = nationalCodeSystem({
  url: SYSTEM.maritalStatus,
  oid: OID.maritalStatus,
  version: 'GB/T 2261.2-2003',
  name: 'GBT2261_2MaritalStatus',
  title: '婚姻状况代码表（GB/T 2261.2）',
  titleEn: 'Marital status (GB/T 2261.2)',
  description: '婚姻状况代码',
  concepts: [
    { code: '10', zh: '未婚', en: 'Unmarried' },
    {
      code: '20',
      zh: '已婚',
      en: 'Married',
      children: table(`
        21	初婚	First marriage
        22	再婚	Remarried
        23	复婚	Remarried to former spouse
      `),
    },
    { code: '30', zh: '丧偶', en: 'Widowed' },
    { code: '40', zh: '离婚', en: 'Divorced' },
    { code: '90', zh: '未说明的婚姻状况', en: 'Not stated' },
  ],
});

/** WS 364 CV02.01.101 身份证件类别代码. */
export const idDocumentTypes: CodeSystem = nationalCodeSystem({
  url: SYSTEM.idDocumentType,
  oid: OID.idDocumentType,
  version: 'WS 364-2011 CV02.01.101',
  name: 'CV02_01_101IdDocumentType',
  title: '身份证件类别代码表（CV02.01.101）',
  titleEn: 'Identity document type (WS 364 CV02.01.101)',
  description: '身份证件类别代码',
  concepts: table(`
    01	居民身份证	Resident identity card
    02	居民户口簿	Household register
    03	护照	Passport
    04	军官证	Military officer certificate
    05	驾驶证	Driving licence
    06	港澳居民来往内地通行证	Mainland travel permit for Hong Kong and Macao residents
    07	台湾居民来往内地通行证	Mainland travel permit for Taiwan residents
    99	其他法定有效证件	Other legal identity document
  `),
});

/** 患者类型代码 (WS/T 500 documents: patientType). */
export const patientTypes: CodeSystem = nationalCodeSystem({
  url: SYSTEM.patientType,
  oid: OID.patientType,
  version: '1',
  name: 'PatientType',
  title: '患者类型代码表',
  titleEn: 'Patient type',
  description: '患者类型代码：门诊、急诊、住院、体检',
  concepts: table(`
    1	门诊	Outpatient
    2	急诊	Emergency
    3	住院	Inpatient
    4	体检	Health check-up
    9	其他	Other
  `),
});
