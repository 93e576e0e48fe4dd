import { ageAt, ageFromDays, ageFromYears, type Age } from '../population/age.ts';
import type { Subject } from '../population/criteria.ts';
import { interpretResult, type Interpretation } from '../ranges/interpret.ts';
import { parseResultValue, type ParsedValue } from '../values/parse-value.ts';
import type { AutoverifyConfig, AutoverifyReport, AutoverifyResultInput, AutoverifyTestConfig } from './types.ts';

export interface PreparedResult {
  input: AutoverifyResultInput;
  index: number;
  config?: AutoverifyTestConfig;
  value: ParsedValue;
  /** Range chosen, critical limit chosen and flag (only for configured tests). */
  interpretation?: Interpretation;
}

export interface PreparedReport {
  report: AutoverifyReport;
  config: AutoverifyConfig;
  subject: Subject;
  results: PreparedResult[];
  /** Exact numeric results by test code, plus `age` and `sex`, for formulas. */
  numbers: Record<string, number>;
}

function patientAge(report: AutoverifyReport): Age | undefined {
  const p = report.patient;
  const at = report.specimen?.collectedAt ?? report.results.find((r) => r.resultedAt !== undefined)?.resultedAt;
  if (p.birthDate !== undefined && at !== undefined) return ageAt(p.birthDate, at);
  if (p.ageDays !== undefined) return ageFromDays(p.ageDays);
  if (p.ageYears !== undefined) return ageFromYears(p.ageYears);
  return undefined;
}

/** Everything the rules read, worked out once: the subject, each result parsed and interpreted. */
export function prepareReport(report: AutoverifyReport, config: AutoverifyConfig): PreparedReport {
  const configs = new Map(config.tests.map((t) => [t.test, t]));
  const age = patientAge(report);
  const subject: Subject = {
    ...(report.patient.sex ? { sex: report.patient.sex } : {}),
    ...(age ? { age } : {}),
    ...(report.specimen?.type ? { specimen: report.specimen.type } : {}),
  };
  const numbers: Record<string, number> = {};
  const results = report.results.map((input, index): PreparedResult => {
    const value = parseResultValue(input.value);
    if (value.kind === 'number' && !value.comparator) numbers[input.test] = value.value;
    const testConfig = configs.get(input.test);
    if (!testConfig) return { input, index, value };
    const interpretation = interpretResult({
      value,
      subject,
      ranges: testConfig.referenceRanges,
      criticalLimits: testConfig.criticalLimits,
      plausibility: testConfig.plausibility,
    });
    return { input, index, config: testConfig, value, interpretation };
  });
  if (age) numbers.age = age.years;
  if (subject.sex) numbers.sex = subject.sex === 'male' ? 1 : 2;
  return { report, config, subject, results, numbers };
}
