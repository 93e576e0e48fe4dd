import { localizeServerText, type Locale } from '../../i18n/translate.ts';

/** The text to show for a failed call: the server's OperationOutcome text in the UI language. */
export function errorText(err: unknown, locale: Locale): string {
  return localizeServerText(err instanceof Error ? err.message : String(err), locale);
}

export interface OutcomeIssue {
  expression?: string[];
  details?: { text?: string };
  diagnostics?: string;
}

/** The OperationOutcome issues a failed call carried (per-field errors), when the error has them. */
export function outcomeIssues(err: unknown): OutcomeIssue[] {
  const outcome = (err as { outcome?: { issue?: OutcomeIssue[] } } | null)?.outcome;
  return outcome?.issue ?? [];
}
