import type { OperationOutcome } from '@medplum/fhirtypes';

const ROW_EXTENSION = 'https://medunion.org/fhir/StructureDefinition/import-row';
const COLUMN_EXTENSION = 'https://medunion.org/fhir/StructureDefinition/import-column';

export interface ImportProblem {
  key: number;
  row?: number;
  column?: string;
  message: string;
}

/**
 * The problems of a refused import, for the error table: the issues that carry a row or column (from the
 * import's extensions, else from an `expression` such as `row[3].name` (`rows[3].panels` from the LIS) or `header`); the summary issue alone
 * when there is nothing more specific (an unreadable file).
 */
export function importProblems(outcome: OperationOutcome | undefined): ImportProblem[] {
  const issues = outcome?.issue ?? [];
  const problems: ImportProblem[] = [];
  for (const issue of issues) {
    const message = issue.details?.text ?? issue.diagnostics ?? '';
    const row = issue.extension?.find((e) => e.url === ROW_EXTENSION)?.valueInteger;
    let column = issue.extension?.find((e) => e.url === COLUMN_EXTENSION)?.valueString;
    const expression = issue.expression?.[0];
    const parsed = expression ? /^rows?\[(\d+)\](?:\.(.+))?$/.exec(expression) : null;
    if (!column && parsed?.[2]) column = parsed[2];
    const rowNumber = row ?? (parsed ? Number(parsed[1]) : undefined);
    if (rowNumber !== undefined || column || /^header(\[\d+\])?$/.test(expression ?? '')) problems.push({ key: problems.length, row: rowNumber, column: column ?? expression, message });
  }
  if (!problems.length && issues[0]) problems.push({ key: 0, message: issues[0].details?.text ?? issues[0].diagnostics ?? '' });
  return problems;
}
