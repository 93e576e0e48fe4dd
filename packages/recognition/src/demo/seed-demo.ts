import type { Organization, Patient } from '@medplum/fhirtypes';
import type { ModuleContext, Principal } from '@medunion/kernel';
import { requireInstitution, saveInstitution } from '../admin/institutions.ts';
import { saveQualifications, type QualificationInput } from '../admin/qualifications.ts';
import { createYear, listYears, saveItems } from '../admin/years.ts';
import { CATALOGUE } from '../catalogue/index.ts';
import { appendDecision, recordShown } from '../decisions/ledger.ts';
import { uploadExamReport } from '../upload/exam-report.ts';
import { uploadLabReport } from '../upload/lab-report.ts';
import { mrnSystemOf } from '../upload/patient.ts';
import { uploadReportPdf } from '../upload/pdf.ts';
import type { Uploader } from '../upload/uploader.ts';
import { demoReportPdf } from './demo-pdf.ts';
import { DEMO_LEVELS, demoExamReport, demoLabReports, TOWNSHIP_PANELS } from './demo-reports.ts';

const ACTOR = 'demo';
/** The two-institution person of the patient index demo: their county hospital record carries the reports. */
const REPORT_PATIENT = 'demo-p1';
const DECIDING_DOCTOR = { username: 'hexi.doctor', institution: 'thc-hexi', department: 'qk' };

/**
 * Recognition demo (module `demo` hook; runs after terminology's, whose item mappings the uploads translate with):
 * the demo institutions take part, this year's items are the whole catalogue, the county hospital is qualified for
 * every item and the township centres for the basic lab panels; the county hospital uploads two lab reports and a
 * chest CT (with PDFs) for 张三丰 through the module's own upload functions; 河西's doctor recognises one result and
 * refuses another, so the doctor page and the statistics have something to show. Every step is idempotent.
 */
export async function seedRecognitionDemo(ctx: ModuleContext): Promise<void> {
  const institutions = await demoInstitutions(ctx);
  if (!institutions.length) return; // no demo region
  for (const org of institutions) {
    await saveInstitution(ctx, { organization: org.id!, level: DEMO_LEVELS[org.id!], ...(org.alias?.[0] ? { shortName: org.alias[0] } : {}) }, ACTOR);
  }
  const year = chinaYear(new Date());
  if (!(await listYears(ctx.db)).some((y) => y.year === year)) await createYear(ctx.db, { year, name: `${year}年度医共体检查检验结果互认` }, ACTOR);
  await saveItems(ctx.db, year, [...CATALOGUE.keys()].map((code) => ({ code })));
  await saveQualifications(ctx.db, year, qualifications(institutions.map((o) => o.id!)), ACTOR);

  const reportIds = await uploadDemoReports(ctx);
  if (reportIds) await recordDemoDecisions(ctx, reportIds);
}

async function demoInstitutions(ctx: ModuleContext): Promise<Organization[]> {
  const found: Organization[] = [];
  for (const id of Object.keys(DEMO_LEVELS)) {
    const org = (await ctx.store.read(ctx.systemContext, 'Organization', id).catch(() => undefined)) as Organization | undefined;
    if (org) found.push(org);
  }
  return found;
}

/** The calendar year in China time: recognition years follow Asia/Shanghai. */
const chinaYear = (at: Date): number => new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();

function qualifications(institutions: string[]): QualificationInput[] {
  const township = new Set([...TOWNSHIP_PANELS, ...[...CATALOGUE.values()].filter((i) => i.parent && TOWNSHIP_PANELS.includes(i.parent)).map((i) => i.code)]);
  return institutions.flatMap((institution) =>
    [...CATALOGUE.keys()].filter((code) => institution === 'lead-hospital' || township.has(code)).map((item) => ({ item, institution, allowed: true })),
  );
}

/** Uploads as the county hospital (module principal acting for it); undefined when the demo patient is missing. */
async function uploadDemoReports(ctx: ModuleContext): Promise<{ cbc: string; lft: string } | undefined> {
  const institution = 'lead-hospital';
  const patient = (await ctx.store.read(ctx.systemContext, 'Patient', REPORT_PATIENT).catch(() => undefined)) as Patient | undefined;
  const mrn = patient?.identifier?.find((i) => i.system === mrnSystemOf(ctx, institution))?.value;
  if (!mrn) return undefined;
  const principal: Principal = { ...ctx.systemContext.principal, institution, institutions: [institution] };
  const up: Uploader = { principal, institution: await requireInstitution(ctx.db, institution), request: { ...ctx.systemContext, principal } };
  const now = new Date();
  const ids: string[] = [];
  for (const lab of demoLabReports(mrn, now)) {
    const uploaded = await uploadLabReport(ctx, up, lab);
    ids.push(String(uploaded.ids.report));
    const pdf = demoReportPdf(`青山县人民医院检验报告单 ${lab.itemName}`, [
      `报告单号 ${lab.reportNo}    病历号 ${mrn}    采样 ${lab.collectedAt.slice(0, 16).replace('T', ' ')}`,
      ...lab.results.map((r) => `${r.itemName}  ${r.value} ${r.unit ?? ''}  ${r.flag && r.flag !== 'N' ? r.flag : ''}  参考 ${r.referenceLow ?? ''}-${r.referenceHigh ?? ''}`),
    ]);
    await uploadReportPdf(ctx, up, 'lab', lab.reportNo, pdf, `${lab.reportNo}.pdf`, 'content');
  }
  const exam = demoExamReport(mrn, now);
  await uploadExamReport(ctx, up, exam);
  const examPdf = demoReportPdf(`青山县人民医院影像诊断报告 ${exam.itemName}`, [`报告单号 ${exam.reportNo}    病历号 ${mrn}`, `所见：${exam.findings}`, `结论：${exam.conclusion}`]);
  await uploadReportPdf(ctx, up, 'exam', exam.reportNo, examPdf, `${exam.reportNo}.pdf`, 'content');
  return { cbc: ids[0], lft: ids[1] };
}

/** 河西's doctor, shown the reports: recognises the 血常规, refuses the 肝功能 (the condition has changed). */
async function recordDemoDecisions(ctx: ModuleContext, reports: { cbc: string; lft: string }): Promise<void> {
  const user = await ctx.auth.getUser({ username: DECIDING_DOCTOR.username });
  if (!user) return;
  const doctor = await ctx.auth.principalFor('user', user.id, DECIDING_DOCTOR.institution);
  await recordShown(ctx.db, doctor, [reports.cbc, reports.lft]);
  const patient = { patientId: REPORT_PATIENT };
  await appendDecision(ctx.db, doctor, { clientKey: 'demo-recognize-cbc', kind: 'recognize', reportId: reports.cbc, itemCode: 'CBC', department: DECIDING_DOCTOR.department }, patient);
  await appendDecision(
    ctx.db,
    doctor,
    { clientKey: 'demo-refuse-lft', kind: 'refuse', reportId: reports.lft, itemCode: 'LFT', reasonCode: 'condition-changed', department: DECIDING_DOCTOR.department },
    patient,
  );
}
