import type { CodeSystem } from '@medplum/fhirtypes';
import { MEDUNION } from '../urls.ts';

export const REFUSAL_REASON_SYSTEM = `${MEDUNION}/CodeSystem/recognition/refusal-reason`;

/** Built-in reasons for not recognising a result (不互认原因); `other` needs a free-text explanation. */
export const REFUSAL_REASONS: { code: string; zh: string; en: string }[] = [
  { code: 'condition-changed', zh: '病情变化', en: 'The condition has changed' },
  { code: 'insufficient', zh: '检查结果不能满足诊疗需要', en: 'The result does not meet the diagnostic need' },
  { code: 'patient-request', zh: '患者要求', en: 'The patient asks for a new test' },
  { code: 'emergency', zh: '急危重症抢救需要', en: 'Emergency or critical care' },
  { code: 'quality-doubt', zh: '对结果质量存疑', en: 'The quality of the result is in doubt' },
  { code: 'other', zh: '其他（需填写说明）', en: 'Other (explanation required)' },
];

export const REFUSAL_REASON_CODES = REFUSAL_REASONS.map((r) => r.code);

export const refusalReasons: CodeSystem = {
  resourceType: 'CodeSystem',
  url: REFUSAL_REASON_SYSTEM,
  version: '1',
  name: 'RecognitionRefusalReason',
  title: '不互认原因',
  status: 'active',
  publisher: 'Medunion',
  description: 'Why a doctor did not recognise a result offered for recognition (互认); "other" requires an explanation.',
  content: 'complete',
  caseSensitive: true,
  concept: REFUSAL_REASONS.map((r) => ({ code: r.code, display: r.zh, designation: [{ language: 'en', value: r.en }] })),
};
