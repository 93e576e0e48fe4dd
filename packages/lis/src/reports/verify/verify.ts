import type { DiagnosticReport, Observation, Organization, Patient } from '@medplum/fhirtypes';
import { pinyinKeys, type ModuleContext, type Queryable } from '@medunion/kernel';
import type { VerifyAnswer } from '../../contracts/results.ts';
import { isReleasedReport } from '../../results/codes.ts';
import { identifierValue, idOf } from '../../results/fhir.ts';
import { sid } from '../../urls.ts';
import { newVerifyCode } from './code.ts';
import { reportDigest } from './digest.ts';

/**
 * The report's anti-counterfeit code, issued at its first release and kept for its life; each release records the
 * digest of what was released, so paper copies of an earlier version stop matching once the report is corrected.
 */
export async function issueVerification(tx: Queryable, reportId: string, institution: string, digest: string): Promise<string> {
  const { rows } = await tx.query<{ code: string }>(
    `insert into lis_report_verification (code, report_id, institution, digest) values ($1, $2, $3, $4)
     on conflict (report_id) do update set digest = excluded.digest, issued_at = now() returning code`,
    [newVerifyCode(), reportId, institution, digest],
  );
  return rows[0].code;
}

/** `张三丰` → `ZSF`; Latin names by their words' initials. */
export function initialsOf(name: string | undefined): string {
  if (!name) return '';
  const han = pinyinKeys(name, true)[0];
  if (han) return han.toUpperCase();
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase())
    .join('');
}

const UNKNOWN: VerifyAnswer = { found: false, state: 'unknown', message: '未找到该防伪码对应的报告，报告可能是伪造的 / No report carries this code: the report may be forged' };

/**
 * The public check behind a report's QR code: no login, and it shows only the report number, the institution, the
 * patient's initials, the release time and whether the report as stored now is the one released under this code
 * (and the digest in the QR, when given, matches it). Reads as the module.
 */
export async function checkVerification(ctx: ModuleContext, code: string, qrDigest: string | undefined): Promise<VerifyAnswer> {
  const { rows } = await ctx.db.query<{ report_id: string; institution: string; digest: string }>('select report_id, institution, digest from lis_report_verification where code = $1', [code]);
  const row = rows[0];
  if (!row) return UNKNOWN;
  const system = ctx.systemContext;
  const report = (await ctx.store.read(system, 'DiagnosticReport', row.report_id).catch(() => undefined)) as DiagnosticReport | undefined;
  if (!report) return UNKNOWN;
  const ids = (report.result ?? []).map((r) => idOf(r)).filter((id): id is string => !!id);
  const observations = ids.length ? ((await ctx.store.search(system, 'Observation', [['_id', ids.join(',')], ['_count', String(ids.length)]])).resources as Observation[]) : [];
  const [patient, organization] = await Promise.all([
    ctx.store.read(system, 'Patient', idOf(report.subject) ?? '-').catch(() => undefined) as Promise<Patient | undefined>,
    ctx.store.read(system, 'Organization', row.institution).catch(() => undefined) as Promise<Organization | undefined>,
  ]);
  const released = isReleasedReport(report.status);
  const current = reportDigest(row.institution, report, observations);
  const hashMatch = released && current === row.digest && (!qrDigest || row.digest.startsWith(qrDigest.toLowerCase()));
  const name = patient?.name?.[0]?.text ?? [patient?.name?.[0]?.family, ...(patient?.name?.[0]?.given ?? [])].filter(Boolean).join('');
  return {
    found: true,
    reportNo: identifierValue(report.identifier, sid.report(row.institution)),
    institution: organization?.name,
    patientInitials: initialsOf(name),
    reviewedAt: report.issued,
    hashMatch,
    state: released ? 'valid' : 'withdrawn',
    message: !released
      ? '该报告已被撤回（取消审核或召回），请以检验科重新发出的报告为准 / The report was withdrawn (review withdrawn or recalled): only a re-issued report is valid'
      : hashMatch
        ? '报告真实有效，内容与发布时一致 / The report is genuine and unchanged since its release'
        : '报告内容与防伪码不符，可能已被篡改或为旧版本 / The report does not match its code: it may have been altered or is an older version',
  };
}
