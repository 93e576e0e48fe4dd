import type { CriticalValueItem, ResultFlagCode, ResultRow, ReviewOutcome } from '@medunion/lis/contracts';
import type { DiagnosticReport, Media } from '@medplum/fhirtypes';

/**
 * Pure rules of the 检验工作站 (bench): what may be edited, what the entry sends, who may withdraw a review, which
 * critical values are new, what the FHIR report adds to the LIS summary. Tested without a DOM.
 */

const LIS = 'https://medunion.org/fhir/lis';
const VERIFY_CODE_EXT = `${LIS}/StructureDefinition/verify-code`;
const HISTOGRAM_VALUES_EXT = `${LIS}/StructureDefinition/histogram-values`;

/** The role whose holders may withdraw anyone's review (packages/lis src/http/caller.ts SUPERVISOR_ROLE). */
export const SUPERVISOR_ROLE = 'lab-supervisor';

/**
 * labcore's flag → the v3 interpretation code ResultValue colours (they share letters); `implausible` has no colour
 * of its own, the bench marks it separately.
 */
export function interpretationOf(flag: ResultFlagCode | null): string | undefined {
  return flag && flag !== 'implausible' ? flag : undefined;
}

const RELEASED = new Set(['final', 'corrected', 'amended']);

/** A released or withdrawn result is locked: the server refuses changes until the review is withdrawn. */
export const isLocked = (r: Pick<ResultRow, 'status'>): boolean => RELEASED.has(r.status) || r.status === 'entered-in-error' || r.status === 'cancelled';

/** Results typed at the bench: not calculated (the server computes those), not locked. */
export const isEditable = (r: Pick<ResultRow, 'status' | 'source'>): boolean => r.source !== 'calculated' && !isLocked(r);

/** A row of the entry grid: a stored result, or an ordered test still without one (漏项). */
export interface EntryRow {
  testCode: string;
  result?: ResultRow;
}

/** The grid's rows: results in report order, then the missing tests that are typed (calculated ones come by themselves). */
export function entryRows(results: readonly ResultRow[], missing: readonly string[], calculated: (code: string) => boolean): EntryRow[] {
  return [...results.map((r) => ({ testCode: r.testCode, result: r })), ...missing.filter((c) => !calculated(c)).map((testCode) => ({ testCode }))];
}

export const rowEditable = (row: EntryRow): boolean => !row.result || isEditable(row.result);

/** What a save sends: the values typed that differ from what is stored, trimmed; cleared inputs are left alone. */
export function changedEntries(rows: readonly EntryRow[], draft: Readonly<Record<string, string>>): { testCode: string; value: string }[] {
  const out: { testCode: string; value: string }[] = [];
  for (const row of rows) {
    const typed = draft[row.testCode]?.trim();
    if (!typed || !rowEditable(row) || typed === row.result?.value) continue;
    out.push({ testCode: row.testCode, value: typed });
  }
  return out;
}

/** The next editable row after (step 1) or before (step -1) `current`, staying put at the ends. */
export function nextEditable(rows: readonly EntryRow[], current: string | undefined, step: 1 | -1): string | undefined {
  const editable = rows.filter(rowEditable).map((r) => r.testCode);
  if (!editable.length) return undefined;
  const at = current === undefined ? -1 : editable.indexOf(current);
  if (at < 0) return step > 0 ? editable[0] : editable[editable.length - 1];
  return editable[Math.min(editable.length - 1, Math.max(0, at + step))];
}

/** Who may withdraw a review, as the server decides: the supervisor, or the reviewer for their own manual review. */
export function mayWithdraw(me: { permissions: readonly string[]; roles?: readonly string[]; profile?: string }, reviewerRef: string | undefined, holds: (p: readonly string[], permission: string) => boolean): boolean {
  if (!holds(me.permissions, 'lis.result.unreview')) return false;
  if (me.roles?.includes(SUPERVISOR_ROLE)) return true;
  return !!me.profile && reviewerRef === me.profile;
}

/** Facts of a report only its FHIR resource carries: the reviewer's reference, the anti-counterfeit code, its pictures and results. */
export interface ReportFacts {
  reviewerRef?: string;
  verifyCode?: string;
  resultIds: string[];
  media: { id: string; name: string }[];
}

const idOf = (reference: string | undefined) => reference?.split('/')[1];

export function reportFacts(r: DiagnosticReport): ReportFacts {
  return {
    ...(r.resultsInterpreter?.[0]?.reference ? { reviewerRef: r.resultsInterpreter[0].reference } : {}),
    ...(r.extension?.find((e) => e.url === VERIFY_CODE_EXT)?.valueString ? { verifyCode: r.extension.find((e) => e.url === VERIFY_CODE_EXT)!.valueString } : {}),
    resultIds: (r.result ?? []).map((x) => idOf(x.reference)).filter((x): x is string => !!x),
    media: (r.media ?? []).map((m) => ({ id: idOf(m.link.reference) ?? '', name: m.comment ?? '' })).filter((m) => m.id),
  };
}

/** A histogram or scattergram of a report: the numbers it was drawn from when the analyzer sent numbers. */
export interface ResultImage {
  id: string;
  name: string;
  contentType?: string;
  values?: number[];
}

export function imageOf(m: Media, name?: string): ResultImage {
  const raw = m.extension?.find((e) => e.url === HISTOGRAM_VALUES_EXT)?.valueString;
  const values = raw
    ?.split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .filter((n) => Number.isFinite(n));
  return { id: m.id ?? '', name: name || m.content?.title || '', ...(m.content?.contentType ? { contentType: m.content.contentType } : {}), ...(values?.length ? { values } : {}) };
}

/** Critical values the bench has not announced yet (first call: none, the page opened with them already listed). */
export function newCriticals(seen: ReadonlySet<string> | undefined, open: readonly CriticalValueItem[]): CriticalValueItem[] {
  if (!seen) return [];
  return open.filter((c) => !seen.has(c.taskId));
}

/** Reports holding a critical result: by the result ids of each report and the critical values raised. */
export function criticalReports(facts: ReadonlyMap<string, ReportFacts>, critical: readonly CriticalValueItem[]): { any: Set<string>; open: Set<string> } {
  const all = new Set(critical.map((c) => c.observationId));
  const open = new Set(critical.filter((c) => c.status === 'open').map((c) => c.observationId));
  const out = { any: new Set<string>(), open: new Set<string>() };
  for (const [reportId, f] of facts) {
    if (f.resultIds.some((id) => all.has(id))) out.any.add(reportId);
    if (f.resultIds.some((id) => open.has(id))) out.open.add(reportId);
  }
  return out;
}

/** A batch review's outcome in numbers, with the refused ones and their reasons. */
export function batchSummary(outcomes: readonly ReviewOutcome[]): { reviewed: number; refused: { reportId: string; reasons: string[] }[] } {
  return {
    reviewed: outcomes.filter((o) => o.outcome === 'reviewed').length,
    refused: outcomes.filter((o) => o.outcome === 'refused').map((o) => ({ reportId: o.reportId, reasons: o.reasons?.filter(Boolean) ?? [] })),
  };
}

/** Moves a selection by `step` rows, staying at the ends; the first row when nothing is selected. */
export function moveIn<T>(rows: readonly T[], key: (row: T) => string, current: string | undefined, step: number): string | undefined {
  if (!rows.length) return undefined;
  const at = rows.findIndex((r) => key(r) === current);
  return key(rows[at < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, at + step))]);
}

/**
 * Collection dates as the list filters take them (YYYY-MM-DD): the last `days` days up to today, in China time —
 * the server reads these dates as China dates, whatever the browser's time zone.
 */
export function recentDays(days: number, now = new Date()): [string, string] {
  const china = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
  return [china(now.getTime() - (days - 1) * 86_400_000), china(now.getTime())];
}
