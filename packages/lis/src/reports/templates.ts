import type { Queryable } from '@medunion/kernel';
import type { ReportTemplate, ReportTemplateOptions } from '../contracts/results.ts';

export type { ReportTemplate, ReportTemplateOptions } from '../contracts/results.ts';

/** The lab section key of a template for every section the institution has not given its own. */
export const ANY_SECTION = '';

/** Rows per column a page size holds comfortably before the report switches to two columns. */
const DOUBLE_COLUMN_ABOVE: Record<ReportTemplateOptions['pageSize'], number> = { A4: 20, B5: 16, A5: 10 };

/** What a report looks like when the institution has saved no template. */
export function defaultTemplateOptions(pageSize: ReportTemplateOptions['pageSize'] = 'A4'): ReportTemplateOptions {
  return {
    pageSize,
    orientation: 'portrait',
    doubleColumnAbove: DOUBLE_COLUMN_ABOVE[pageSize],
    title: '检验报告单',
    footerNote: '本报告仅对所检标本负责，如有疑问请于报告发出后 7 日内与检验科联系。',
    showHistograms: true,
    showSignature: true,
    showQrCode: true,
    fontSize: pageSize === 'A5' ? 8 : 9,
  };
}

/** A saved template's options over the defaults of its page size (older versions may lack newer options). */
export const completeOptions = (saved: Partial<ReportTemplateOptions>): ReportTemplateOptions => ({ ...defaultTemplateOptions(saved.pageSize), ...saved });

interface TemplateRow {
  section: string;
  version: number;
  options: Partial<ReportTemplateOptions>;
  created_by: string;
  created_at: Date | string;
}

const toTemplate = (institution: string, r: TemplateRow): ReportTemplate => ({
  institution,
  section: r.section,
  version: Number(r.version),
  options: completeOptions(r.options),
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
});

/**
 * Saves a new version of the institution's template for a lab section (`''` = every section without its own). Stored
 * centrally, so the next report printed at any station uses it; earlier versions stay for the print log.
 */
export async function saveTemplate(db: Queryable, institution: string, section: string, options: ReportTemplateOptions, createdBy: string): Promise<ReportTemplate> {
  const { rows } = await db.query<TemplateRow>(
    `insert into lis_report_template (institution, section, version, options, created_by)
     select $1, $2, coalesce(max(version), 0) + 1, $3::jsonb, $4 from lis_report_template where institution = $1 and section = $2
     returning section, version, options, created_by, created_at`,
    [institution, section, JSON.stringify(options), createdBy],
  );
  return toTemplate(institution, rows[0]);
}

/** The current version of each section's template (and the institution-wide one), newest first. */
export async function listTemplates(db: Queryable, institution: string): Promise<ReportTemplate[]> {
  const { rows } = await db.query<TemplateRow>(
    `select distinct on (section) section, version, options, created_by, created_at from lis_report_template
     where institution = $1 order by section, version desc`,
    [institution],
  );
  return rows.map((r) => toTemplate(institution, r));
}

/**
 * The template a report of `section` prints with: the section's own current version, else the institution-wide one,
 * else the built-in default (version 0).
 */
export async function resolveTemplate(db: Queryable, institution: string, section: string): Promise<ReportTemplate> {
  const { rows } = await db.query<TemplateRow>(
    `select section, version, options, created_by, created_at from lis_report_template
     where institution = $1 and section in ($2, '') order by (section = '') asc, version desc limit 1`,
    [institution, section],
  );
  return rows[0] ? toTemplate(institution, rows[0]) : { institution, section: ANY_SECTION, version: 0, options: defaultTemplateOptions(), createdBy: 'system', createdAt: new Date(0).toISOString() };
}
