import type { BilingualText, QcRuleSet, QcStatusReport, QcTargetInput, QcVerdict, WestgardRuleName } from '@medunion/lis/contracts';
import dayjs, { type Dayjs } from 'dayjs';
import type { Locale } from '../../i18n/translate.ts';

/**
 * Pure helpers of the QC pages: texts the server gives in both languages, verdict colours, the Westgard rule editor's
 * rows, target inputs and number formatting. No React, so vitest covers them.
 */

/** The half of a labcore explanation in the UI language (zh-CN when the other is missing). */
export function textIn(text: BilingualText | null | undefined, locale: Locale): string {
  if (!text) return '';
  return text[locale] || text['zh-CN'] || text.en || '';
}

/** antd Tag colours: 在控 green, 警告 orange, 失控 red; unjudged (no target in force) grey. */
export const VERDICT_TAG: Record<QcVerdict, string> = { accept: 'green', warning: 'orange', reject: 'red' };
export const STATUS_TAG: Record<QcStatusReport['status'], string> = { 'in-control': 'green', warning: 'orange', 'out-of-control': 'red', unknown: 'default' };

/**
 * The Westgard rules labcore knows, in the order a lab reads them, with their default severity (labcore
 * WESTGARD_RULES: 1-2s warns, every other rule rejects the run).
 */
export const WESTGARD_RULES: readonly { rule: WestgardRuleName; severity: 'warning' | 'reject' }[] = [
  { rule: '1-2s', severity: 'warning' },
  { rule: '1-3s', severity: 'reject' },
  { rule: '2-2s', severity: 'reject' },
  { rule: 'R-4s', severity: 'reject' },
  { rule: '4-1s', severity: 'reject' },
  { rule: '2of3-2s', severity: 'reject' },
  { rule: '3-1s', severity: 'reject' },
  { rule: '6x', severity: 'reject' },
  { rule: '8x', severity: 'reject' },
  { rule: '9x', severity: 'reject' },
  { rule: '10x', severity: 'reject' },
  { rule: '12x', severity: 'reject' },
];

type RuleEntry = QcRuleSet['rules'][number];

/** One line of the rule editor: the rule, whether it is used, warning or reject, and the scopes it keeps untouched. */
export interface RuleRow {
  rule: WestgardRuleName;
  enabled: boolean;
  severity: 'warning' | 'reject';
  scopes?: ('within-run' | 'across-runs-within-level' | 'across-runs-across-levels')[];
}

const defaultSeverity = (rule: WestgardRuleName) => WESTGARD_RULES.find((r) => r.rule === rule)?.severity ?? 'reject';

/** Every known rule as an editor row, ticked when the set uses it (with its severity and scopes). */
export function ruleRows(rules: readonly RuleEntry[]): RuleRow[] {
  const used = new Map(rules.map((e) => (typeof e === 'string' ? [e, { rule: e }] : [e.rule, e])));
  return WESTGARD_RULES.map(({ rule, severity }) => {
    const entry = used.get(rule);
    if (!entry) return { rule, enabled: false, severity };
    return { rule, enabled: true, severity: entry.severity ?? severity, ...(entry.scopes ? { scopes: [...entry.scopes] } : {}) };
  });
}

/** The rule set to save: ticked rows only, a bare rule id when it keeps its default severity and scopes. */
export function rulesOf(rows: readonly RuleRow[]): RuleEntry[] {
  return rows
    .filter((r) => r.enabled)
    .map((r) => (r.severity === defaultSeverity(r.rule) && !r.scopes ? r.rule : { rule: r.rule, severity: r.severity, ...(r.scopes ? { scopes: r.scopes } : {}) }));
}

/** CV % of a mean and SD (null for a zero mean). */
export const cvOf = (mean: number, sd: number): number | null => (mean === 0 ? null : (sd / Math.abs(mean)) * 100);

/** What the target dialog collects; `spread` says whether the SD or the CV % was typed. */
export interface TargetForm {
  source: 'fixed' | 'cumulative';
  mean?: number;
  spread?: 'sd' | 'cv';
  sd?: number;
  cv?: number;
  from?: string;
  to?: string;
  minResults?: number;
  reason?: string;
}

/** The setQcTarget body for a level: fixed with mean + SD (or CV %), or cumulative from a period of results. */
export function targetInput(base: { testCode: string; instrumentId: string; levelId: string }, form: TargetForm): QcTargetInput {
  const reason = form.reason?.trim() ? { reason: form.reason.trim() } : {};
  if (form.source === 'cumulative') {
    return { ...base, source: 'cumulative', from: form.from, ...(form.to ? { to: form.to } : {}), ...(form.minResults ? { minResults: form.minResults } : {}), ...reason };
  }
  const spread = form.spread === 'cv' ? { cv: form.cv } : { sd: form.sd };
  return { ...base, source: 'fixed', mean: form.mean, ...spread, ...reason };
}

/** A number with at most `decimals` decimals (trailing zeros kept, as a lab prints them); '–' for none. */
export function fixed(value: number | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value.toFixed(decimals);
}

/** A z-score as the bench reads it: +2.63, −0.76 (typographic minus). */
export function zText(z: number | null | undefined): string {
  if (z === null || z === undefined || !Number.isFinite(z)) return '–';
  return `${z > 0 ? '+' : z < 0 ? '−' : ''}${Math.abs(z).toFixed(2)}`;
}

/**
 * The laboratory's calendar date of an instant: China time (UTC+8, no daylight saving), as the server cuts periods
 * into days — so a browser on another clock still asks for the lab's today.
 */
export const chinaDate = (at: Date): string => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The lab's today as a date for pickers and default periods. */
export const labToday = (): Dayjs => dayjs(chinaDate(new Date()));

/** A lot's expiry as the list colours it: expired (the server's word), within `soonDays` days, or fine. */
export function expiryState(lot: { expiresOn: string; expired: boolean }, today: string, soonDays = 30): 'expired' | 'soon' | 'ok' {
  if (lot.expired || lot.expiresOn < today) return 'expired';
  const days = (Date.parse(`${lot.expiresOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000;
  return days <= soonDays ? 'soon' : 'ok';
}
