import type { ContactPoint, Identifier, OperationOutcomeIssue, Patient, Resource } from '@medplum/fhirtypes';
import type { RequestContext } from '@medunion/kernel';
import { bilingual } from './bilingual.ts';
import { HEALTH_CARD_FORMAT, MEDICAL_INSURANCE_FORMAT, RECORD_NUMBER_FORMAT, VISIT_CARD_FORMAT, type CardFormat } from './card-formats.ts';
import { calendarDate, checkResidentIdCard } from './resident-id-card.ts';
import { parsePhone } from './phone.ts';
import { HEALTH_CARD_SYSTEM, ID_CARD_SYSTEM, INPATIENT_NO_SYSTEM, MEDICAL_INSURANCE_SYSTEM, MRN_SYSTEM_PREFIX, OUTPATIENT_NO_SYSTEM, VISIT_CARD_SYSTEM_PREFIX } from './systems.ts';
import { isGoldenRecord, MPI_PRINCIPAL_ID } from '../golden/golden-tag.ts';

const issue = (text: string, ...paths: string[]): OperationOutcomeIssue => ({ severity: 'error', code: 'invalid', details: { text }, expression: paths });

function formatOf(system: string): CardFormat | undefined {
  if (system === HEALTH_CARD_SYSTEM) return HEALTH_CARD_FORMAT;
  if (system === MEDICAL_INSURANCE_SYSTEM) return MEDICAL_INSURANCE_FORMAT;
  if (system.startsWith(`${VISIT_CARD_SYSTEM_PREFIX}/`)) return VISIT_CARD_FORMAT;
  if (system === OUTPATIENT_NO_SYSTEM || system === INPATIENT_NO_SYSTEM || system.startsWith(`${MRN_SYSTEM_PREFIX}/`)) return RECORD_NUMBER_FORMAT;
  return undefined;
}

/**
 * The patient index's write rule for Patient (registered with the store, so it holds for REST, Bundles and
 * module code alike): identifiers of known systems are well-formed — the resident ID card with its check
 * character, a real birth date and sex that agree with `birthDate` and `gender` —, phone numbers are Chinese
 * mobile or landline numbers, `birthDate` is a real date not in the future, and golden records are written
 * only by the index itself.
 */
export function validatePatient(resource: Resource, ctx: RequestContext, today: Date = new Date()): OperationOutcomeIssue[] {
  const patient = resource as Patient;
  const issues: OperationOutcomeIssue[] = [];
  if (isGoldenRecord(patient) && !(ctx.principal.kind === 'system' && ctx.principal.id === MPI_PRINCIPAL_ID)) {
    issues.push(issue(bilingual('主索引记录由患者主索引维护，请通过 /api/mpi 合并或拆分', 'Golden records are maintained by the patient index: merge or split them through /api/mpi'), 'Patient.meta.tag'));
  }
  const birthDate = patient.birthDate;
  if (birthDate && /^\d{4}-\d{2}-\d{2}$/.test(birthDate)) {
    if (!calendarDate(birthDate.replaceAll('-', ''))) issues.push(issue(bilingual(`出生日期${birthDate}不存在`, `The birth date ${birthDate} does not exist`), 'Patient.birthDate'));
    else if (birthDate > today.toISOString().slice(0, 10)) issues.push(issue(bilingual(`出生日期${birthDate}晚于今天`, `The birth date ${birthDate} is in the future`), 'Patient.birthDate'));
  }
  (patient.identifier ?? []).forEach((identifier, i) => issues.push(...identifierIssues(patient, identifier, `Patient.identifier[${i}]`, today)));
  (patient.telecom ?? []).forEach((cp, i) => issues.push(...phoneIssues(cp, `Patient.telecom[${i}].value`)));
  (patient.contact ?? []).forEach((contact, c) => (contact.telecom ?? []).forEach((cp, i) => issues.push(...phoneIssues(cp, `Patient.contact[${c}].telecom[${i}].value`))));
  return issues;
}

function identifierIssues(patient: Patient, identifier: Identifier, path: string, today: Date): OperationOutcomeIssue[] {
  const { system, value } = identifier;
  if (!system || value === undefined) return [];
  if (system === ID_CARD_SYSTEM) return idCardIssues(patient, value, path, today);
  const format = formatOf(system);
  if (format && !format.pattern.test(value)) return [issue(format.message, `${path}.value`)];
  return [];
}

function idCardIssues(patient: Patient, value: string, path: string, today: Date): OperationOutcomeIssue[] {
  const check = checkResidentIdCard(value, today);
  if (!check.ok) return [issue(check.message, `${path}.value`)];
  const issues: OperationOutcomeIssue[] = [];
  const { birthDate, sex } = check.facts;
  // A partial birthDate (YYYY or YYYY-MM) must agree as far as it goes.
  if (patient.birthDate && !birthDate.startsWith(patient.birthDate)) {
    issues.push(issue(bilingual(`出生日期${patient.birthDate}与身份证号中的${birthDate}不一致`, `The birth date ${patient.birthDate} differs from ${birthDate} in the ID card number`), 'Patient.birthDate', `${path}.value`));
  }
  if ((patient.gender === 'male' || patient.gender === 'female') && patient.gender !== sex) {
    const [zh, en] = sex === 'male' ? ['男', 'male'] : ['女', 'female'];
    issues.push(issue(bilingual(`性别与身份证号不一致（身份证号第17位表示${zh}）`, `The gender differs from the ID card number (its 17th digit says ${en})`), 'Patient.gender', `${path}.value`));
  }
  return issues;
}

function phoneIssues(cp: ContactPoint, path: string): OperationOutcomeIssue[] {
  if (cp.system !== 'phone' && cp.system !== 'sms') return [];
  if (cp.value === undefined || parsePhone(cp.value)) return [];
  return [
    issue(
      bilingual(`电话号码“${cp.value.slice(0, 40)}”格式不正确：手机号为1[3-9]开头的11位数字，固定电话为区号加7–8位号码`, `The phone number "${cp.value.slice(0, 40)}" is not valid: mobiles have 11 digits starting 1[3-9], landlines an area code and 7–8 digits`),
      path,
    ),
  ];
}
