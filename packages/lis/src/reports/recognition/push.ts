import type { DeliveredEventLike, ModuleContext } from '@medunion/kernel';
import { isReleasedReport } from '../../results/codes.ts';
import { loadReport } from '../../results/review/load.ts';
import { renderReports } from '../print.ts';
import { describeAnswer, outcomeIssues, PushError, RecognitionClient } from './client.ts';
import { pushMaterial, recallReasonOf, type Directory, type LabReportUpload } from './payload.ts';
import { ownBaseUrl } from './loopback.ts';
import { pushSettings, type PushSettings } from './settings.ts';
import { pushRow, settlePush, type PushRow } from './state.ts';
import { type LabCaller } from '../../http/caller.ts';

/** How often one upload is repaired (directory entries uploaded, unmapped results left out) before it fails. */
const MAX_REPAIRS = 6;

function clientFor(ctx: ModuleContext, settings: PushSettings): RecognitionClient {
  const base = settings.mode === 'remote' ? settings.url : settings.url || ownBaseUrl(ctx);
  if (!base) throw new PushError('未配置互认平台地址（lis.recognition.url） / No platform URL configured (lis.recognition.url)');
  if (!settings.clientId) throw new PushError('未配置上传客户端（lis.recognition.clientId） / No upload client configured (lis.recognition.clientId)');
  const secret = settings.secretEnv ? process.env[settings.secretEnv] : undefined;
  if (!secret) throw new PushError(`环境变量 ${settings.secretEnv || '（未命名）'} 中没有客户端密钥 / No client secret in environment variable ${settings.secretEnv || '(unnamed)'}`);
  return new RecognitionClient(base, settings.clientId, secret);
}

/**
 * Uploads one panel's report, repairing what the platform's 422 names: a patient, department or reviewer it does
 * not know yet is uploaded first (by business key, idempotent); results whose local codes are not mapped to the
 * regional catalogue are left out and listed; a panel that is not mapped at all is skipped. Returns the skipped
 * parts, or throws with the platform's answer.
 */
async function uploadOne(client: RecognitionClient, upload: LabReportUpload, directory: Directory): Promise<{ pushed: boolean; skipped: string[] }> {
  const skipped: string[] = [];
  let body = upload;
  for (let attempt = 0; attempt < MAX_REPAIRS; attempt++) {
    const answer = await client.post('/lab-reports', body);
    if (answer.status === 200 || answer.status === 201) return { pushed: true, skipped };
    const issues = outcomeIssues(answer.body);
    if (answer.status === 409 && issues.some((i) => i.expression === 'reportNo')) {
      return { pushed: false, skipped: [...skipped, `${body.reportNo}: 平台上该单号已撤销，不能再上传 / the number was revoked on the platform`] };
    }
    if (answer.status !== 422) throw new PushError(describeAnswer(`上传报告 ${body.reportNo} / upload ${body.reportNo}`, answer));
    const fields = new Set(issues.map((i) => i.expression));
    if (fields.has('itemCode')) return { pushed: false, skipped: [...skipped, `${body.itemCode}: 未对照区域互认项目 / not mapped to the regional catalogue`] };
    const unmapped = new Set([...fields].map((f) => /^results\[(\d+)\]\.itemCode$/.exec(f)?.[1]).filter((i): i is string => i !== undefined).map(Number));
    if (unmapped.size) {
      skipped.push(...body.results.filter((_, i) => unmapped.has(i)).map((r) => `${body.itemCode}/${r.itemCode}: 未对照 / not mapped`));
      body = { ...body, results: body.results.filter((_, i) => !unmapped.has(i)) };
      if (!body.results.length) return { pushed: false, skipped };
      continue;
    }
    let repaired = false;
    if (fields.has('patientMrn')) repaired = await directoryUpload(client, '/patients', directory.patient, 'patient');
    if (fields.has('deptCode')) {
      if (directory.department) repaired = await directoryUpload(client, '/departments', { departments: [directory.department] }, 'department');
      else {
        const { deptCode: _dept, ...rest } = body;
        [body, repaired] = [rest, true];
      }
    }
    if (fields.has('reviewerCode') && directory.reviewer) repaired = await directoryUpload(client, '/staff', { staff: [directory.reviewer] }, 'staff');
    if (!repaired) throw new PushError(describeAnswer(`上传报告 ${body.reportNo} / upload ${body.reportNo}`, answer));
  }
  throw new PushError(`上传报告 ${upload.reportNo} 多次修复后仍被拒绝 / upload ${upload.reportNo} still refused after repairs`);
}

async function directoryUpload(client: RecognitionClient, path: string, body: unknown, what: string): Promise<boolean> {
  const answer = await client.post(path, body);
  if (answer.status !== 200 && answer.status !== 201) throw new PushError(describeAnswer(`上传${what} / upload ${what}`, answer));
  return true;
}

async function upload(ctx: ModuleContext, row: PushRow, client: RecognitionClient): Promise<void> {
  const system: LabCaller = { principal: ctx.systemContext.principal, institution: row.institution, request: ctx.systemContext };
  const loaded = await loadReport(ctx, ctx.systemContext, row.institution, row.report_id);
  if (!isReleasedReport(loaded.report.status)) {
    // Un-reviewed (or recalled) since it was queued: the next release queues it again.
    await settlePush(ctx.db, row.report_id, { status: 'skipped', error: '报告已不在发布状态 / the report is no longer released' });
    return;
  }
  const material = await pushMaterial(ctx, row.institution, loaded);
  const pushed: string[] = [];
  const skipped: string[] = [];
  for (const u of material.uploads) {
    const out = await uploadOne(client, u, material.directory);
    skipped.push(...out.skipped);
    if (out.pushed) pushed.push(u.reportNo);
  }
  if (pushed.length) {
    const { pdf } = await renderReports(ctx, system, { reportIds: [row.report_id] });
    for (const reportNo of pushed) {
      const answer = await client.post(`/lab-reports/${encodeURIComponent(reportNo)}/pdf`, { fileName: `${reportNo}.pdf`, content: pdf.toString('base64') });
      if (answer.status !== 200 && answer.status !== 201) throw new PushError(describeAnswer(`上传 PDF ${reportNo} / upload PDF ${reportNo}`, answer));
    }
  }
  await settlePush(ctx.db, row.report_id, { status: pushed.length ? 'uploaded' : 'skipped', pushed, skipped, ...(pushed.length ? {} : { error: '没有可互认的项目 / nothing recognisable to push' }) });
}

async function revoke(ctx: ModuleContext, row: PushRow, client: RecognitionClient): Promise<void> {
  const loaded = await loadReport(ctx, ctx.systemContext, row.institution, row.report_id);
  const reason = recallReasonOf(loaded.report);
  for (const reportNo of row.pushed ?? []) {
    const answer = await client.post(`/lab-reports/${encodeURIComponent(reportNo)}/revoke`, { reason: reason.slice(0, 500) });
    // 404: never arrived (or already gone) — nothing to revoke.
    if (answer.status !== 200 && answer.status !== 404) throw new PushError(describeAnswer(`撤销 ${reportNo} / revoke ${reportNo}`, answer));
  }
  await settlePush(ctx.db, row.report_id, { status: 'revoked' });
}

/**
 * Reaction to the push event (at least once, retried by the bus): brings the platform in line with what the row
 * wants — the released report uploaded with its PDF, or revoked after a recall. Reads the row, not the event, so
 * a late retry never undoes a later wish. A failure is recorded on the row (status `failed`, the reason) and
 * rethrown for the bus to retry; the retry job picks up what the bus gave up on.
 */
export async function handlePush(event: DeliveredEventLike, ctx: ModuleContext): Promise<void> {
  const row = await pushRow(ctx.db, event.resourceId);
  if (!row) return;
  if ((row.wanted === 'upload' && row.status === 'uploaded') || (row.wanted === 'revoke' && row.status === 'revoked')) return;
  const settings = await pushSettings(ctx, row.institution);
  try {
    if (row.wanted === 'upload' && settings.mode === 'off') {
      await settlePush(ctx.db, row.report_id, { status: 'skipped', error: '本机构未开启互认推送 / pushing to recognition is off for the institution' });
      return;
    }
    if (row.wanted === 'revoke' && !(row.pushed ?? []).length) {
      await settlePush(ctx.db, row.report_id, { status: 'revoked' });
      return;
    }
    const client = clientFor(ctx, settings);
    if (row.wanted === 'upload') await upload(ctx, row, client);
    else await revoke(ctx, row, client);
  } catch (err) {
    const message = err instanceof PushError ? err.message : `推送失败 / push failed: ${(err as Error).message}`;
    await settlePush(ctx.db, row.report_id, { status: 'failed', error: message.slice(0, 1000) });
    ctx.log.warn({ reportId: row.report_id, error: message }, 'lis recognition push failed');
    throw err;
  }
}
