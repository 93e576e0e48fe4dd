import type { Patient } from '@medplum/fhirtypes';
import { expect } from 'vitest';
import type { TestPlatform } from '../../server/test/platform.ts';
import type { RecognitionServices } from '../src/services.ts';
import { call, createUploader, indexSettled, mapLocalItems, UPLOAD_PASSWORD } from './setup.ts';

const ID_CARD = '110101195603120037';
const V1 = '/api/recognition/v1';
const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');

/** Today in China time, shifted by whole days (statistics periods are China-time days). */
export const chinaDay = (offsetDays = 0): string => new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

/**
 * The statistics scenario through the real interfaces: the county hospital (血常规 + 胸部CT) and 河西卫生院 (血常规)
 * upload; 东岭卫生院's doctor takes the patient into care, is shown the 3 reports, recognises 河西's 血常规 and refuses
 * the county hospital's CT (病情变化), and refuses once more but withdraws it; a PBRTQC alarm is open at the county
 * hospital for WBC. Users `dongling.stats` / `lead.stats` hold 互认管理员 (with recognition.stats) in their institution.
 */
export async function recognitionStatsScenario(t: TestPlatform, admin: string, year: number): Promise<void> {
  for (const [org, level] of [['lead-hospital', '二级甲等'], ['thc-hexi', '一级'], ['thc-dongling', '一级']]) {
    expect((await call(t, 'PUT', `/api/recognition/admin/institutions/${org}`, admin, { level })).status).toBe(200);
  }
  await createUploader(t, 'lead.upload', 'lead-hospital');
  await createUploader(t, 'hexi.upload', 'thc-hexi');
  await t.platform.kernel.auth.createUser({ username: 'hexi.admin', password: UPLOAD_PASSWORD, roles: [{ role: 'institution-admin', institution: 'thc-hexi' }] });
  for (const [username, institution] of [['dongling.stats', 'thc-dongling'], ['lead.stats', 'lead-hospital']]) {
    await t.platform.kernel.auth.createUser({ username, password: UPLOAD_PASSWORD, roles: [{ role: 'recognition-admin', institution }] });
  }
  await mapLocalItems(t, await t.login('lead.admin'), [['XCG', '血常规', 'CBC'], ['WBC', '白细胞', 'WBC']], [['CT001', '胸部CT平扫', 'CT-CHEST']]);
  await mapLocalItems(t, await t.login('hexi.admin', UPLOAD_PASSWORD), [['X01', '血常规检查', 'CBC'], ['X02', '白细胞数', 'WBC']], []);
  expect((await call(t, 'POST', '/api/recognition/admin/years', admin, { year })).status).toBe(201);
  await call(t, 'PUT', `/api/recognition/admin/years/${year}/items`, admin, { items: ['CBC', 'WBC', 'CT-CHEST'].map((code) => ({ code })) });
  const entries = [...['CBC', 'WBC', 'CT-CHEST'].map((item) => ({ item, institution: 'lead-hospital', allowed: true })), ...['CBC', 'WBC'].map((item) => ({ item, institution: 'thc-hexi', allowed: true }))];
  expect((await call(t, 'PUT', `/api/recognition/admin/years/${year}/qualifications`, admin, { entries })).status).toBe(200);

  const token = async (username: string) => (await call<{ access_token: string }>(t, 'POST', `${V1}/token`, undefined, { username, password: UPLOAD_PASSWORD })).body.access_token;
  const upload = async (tok: string, path: string, body: unknown) => {
    const res = await call<{ ids: Record<string, unknown> }>(t, 'POST', `${V1}/${path}`, tok, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.ids;
  };
  const lead = await token('lead.upload');
  const hexi = await token('hexi.upload');
  await upload(lead, 'patients', { mrn: 'L0001', name: '张三丰', gender: '1', birthDate: '1956-03-12', idCard: ID_CARD });
  await upload(hexi, 'patients', { mrn: 'H-77', name: '张三丰', gender: '1', birthDate: '1956-03-12', idCard: ID_CARD });
  const lab = { specimenType: '01', itemCode: 'XCG', itemName: '血常规', collectedAt: hoursAgo(30), reportedAt: hoursAgo(28) };
  await upload(lead, 'lab-reports', { ...lab, reportNo: 'JY001', patientMrn: 'L0001', results: [{ itemCode: 'WBC', itemName: '白细胞计数', value: '11.2', unit: '×10^9/L' }] });
  const hexiLab = (await upload(hexi, 'lab-reports', { ...lab, itemCode: 'X01', reportNo: 'HX-1', patientMrn: 'H-77', results: [{ itemCode: 'X02', itemName: '白细胞数', value: '6.1', unit: '×10^9/L' }] })).report as string;
  const leadExam = (
    await upload(lead, 'exam-reports', { reportNo: 'FS001', patientMrn: 'L0001', itemCode: 'CT001', itemName: '胸部CT平扫', modality: 'CT', bodyPart: '胸部', examAt: hoursAgo(50), reportedAt: hoursAgo(48), findings: '双肺纹理清晰。', conclusion: '未见异常。' })
  ).report as string;

  const doctor = await t.login('dongling.doctor');
  const registered = await call<Patient>(t, 'POST', '/fhir/R4/Patient', doctor, {
    resourceType: 'Patient',
    identifier: [
      { system: 'https://medunion.org/fhir/sid/mrn/thc-dongling', value: 'D-1' },
      { system: 'urn:oid:2.16.156.10011.1.3', value: ID_CARD },
    ],
    name: [{ text: '张三丰', family: '张', given: ['三丰'] }],
    gender: 'male',
    birthDate: '1956-03-12',
  });
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  await indexSettled(t);
  expect((await call<{ reportCount: number }>(t, 'GET', `${V1}/recognizable?mrn=D-1`, doctor)).body.reportCount).toBe(3);
  expect((await call(t, 'POST', `${V1}/decisions`, doctor, { mrn: 'D-1', clientKey: 'S-1', kind: 'recognize', reportId: hexiLab, itemCode: 'CBC', department: 'qk' })).status).toBe(201);
  expect((await call(t, 'POST', `${V1}/decisions`, doctor, { mrn: 'D-1', clientKey: 'S-2', kind: 'refuse', reportId: leadExam, itemCode: 'CT-CHEST', reasonCode: 'condition-changed', department: 'qk' })).status).toBe(201);
  // A withdrawn refusal is no refusal.
  const withdrawn = await call<{ decision: { id: number } }>(t, 'POST', `${V1}/decisions`, doctor, { mrn: 'D-1', clientKey: 'S-3', kind: 'refuse', reportId: leadExam, itemCode: 'CT-CHEST', reasonCode: 'patient-request' });
  expect((await call(t, 'POST', `${V1}/decisions`, doctor, { mrn: 'D-1', clientKey: 'S-4', kind: 'revoke-refusal', reportId: leadExam, revokes: withdrawn.body.decision.id })).status).toBe(201);
  await t.platform.runtime.contexts.get('recognition')!.service<RecognitionServices>('recognition').raiseQcAlarm('lead-hospital', 'WBC', '测试报警 / test alarm');
}
