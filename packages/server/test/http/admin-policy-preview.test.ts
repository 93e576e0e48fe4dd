import type { Bundle } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyPreviewResult } from '@medunion/kernel';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../platform.ts';
import { auditDetailsOf, userIdOf } from './admin-helpers.ts';
import { expectOutcome, json, outcomeText } from './helpers.ts';

const factories = await testDbFactories();
const JSON_HEADERS = { 'content-type': 'application/json' };
const LEAD_PATIENTS = '_id=demo-p1,demo-p2,demo-p5';

const HIDE_VIP_FROM_DOCTORS = {
  id: 'preview-hide-vip',
  name: '特殊患者对医生不可见 / VIP hidden from doctors',
  effect: 'deny',
  access: ['read'],
  subjects: { roles: ['doctor'] },
  patientCategories: ['VIP'],
};

describe.each(factories)('policy preview ("what can user X see?") over HTTP on $name', (factory) => {
  let t: TestPlatform;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    for (const user of ['admin', 'lead.admin', 'lead.doctor']) tokens[user] = await t.login(user);
  });
  afterAll(async () => t?.close());

  const preview = (body: unknown, user = 'admin') => t.request('POST', '/api/admin/policies/preview', { token: tokens[user], body, headers: JSON_HEADERS });
  const ok = async (body: unknown) => {
    const res = await preview(body);
    expect(res.status, await res.clone().text()).toBe(200);
    return json<PolicyPreviewResult>(res);
  };

  it('answers with the user as the store sees them: permissions, total, sample and the policies that apply', async () => {
    const doctor = await ok({ username: 'lead.doctor', resourceType: 'Patient', query: LEAD_PATIENTS });
    expect(doctor).toMatchObject({ username: 'lead.doctor', institution: 'lead-hospital', canSearch: true, total: 3 });
    expect(doctor.permissions).toContain('fhir.search');
    expect(doctor.sample.map((s) => s.reference).sort()).toEqual(['Patient/demo-p1', 'Patient/demo-p2', 'Patient/demo-p5']);
    expect(doctor.sample.find((s) => s.reference === 'Patient/demo-p1')?.display).toBe('张三丰');
    expect(doctor.policies).toEqual(
      expect.arrayContaining([
        { id: 'staff-own-institution', effect: 'allow', applies: true },
        { id: 'vip-hidden-from-clerks', effect: 'deny', applies: false },
      ]),
    );

    // The registrar does not see the VIP (built-in deny), exactly as a real search of theirs.
    const registrar = await ok({ username: 'lead.registrar', resourceType: 'Patient', query: LEAD_PATIENTS });
    expect(registrar.total).toBe(2);
    expect(registrar.sample.map((s) => s.reference)).not.toContain('Patient/demo-p5');
    expect(registrar.policies).toContainEqual({ id: 'vip-hidden-from-clerks', effect: 'deny', applies: true });

    // At most 10 in the sample, whatever _count the query asks for; the total counts all.
    const many = await ok({ username: 'admin', resourceType: 'Patient', query: '_count=500' });
    expect(many.sample.length).toBeLessThanOrEqual(10);
    expect(many.total).toBeGreaterThanOrEqual(5);
  });

  it('evaluates a draft policy without saving it: a deny hiding the VIP changes the total', async () => {
    const withDraft = await ok({ username: 'lead.doctor', resourceType: 'Patient', query: LEAD_PATIENTS, draft: HIDE_VIP_FROM_DOCTORS });
    expect(withDraft.total).toBe(2);
    expect(withDraft.sample.map((s) => s.reference)).not.toContain('Patient/demo-p5');
    expect(withDraft.policies).toContainEqual({ id: 'preview-hide-vip', effect: 'deny', applies: true });

    // A draft replaces the stored policy of the same id: switching the clerk deny off shows the VIP to the registrar.
    const replaced = await ok({
      username: 'lead.registrar',
      resourceType: 'Patient',
      query: LEAD_PATIENTS,
      draft: { id: 'vip-hidden-from-clerks', name: 'off', effect: 'deny', access: ['read'], subjects: { roles: ['registrar'] }, patientCategories: ['VIP'], active: false },
    });
    expect(replaced.total).toBe(3);
    expect(replaced.policies.filter((p) => p.id === 'vip-hidden-from-clerks')).toEqual([{ id: 'vip-hidden-from-clerks', effect: 'deny', applies: false }]);

    // Nothing was saved: the policies and real searches are as before.
    const stored = await json<{ id: string; active?: boolean }[]>(await t.request('GET', '/api/admin/policies', { token: tokens.admin }));
    expect(stored.map((p) => p.id)).not.toContain('preview-hide-vip');
    expect(stored.find((p) => p.id === 'vip-hidden-from-clerks')?.active).not.toBe(false);
    const real = await json<Bundle>(await t.request('GET', `/fhir/R4/Patient?${LEAD_PATIENTS}&_total=accurate`, { token: tokens['lead.doctor'] }));
    expect(real.total).toBe(3);
    expect((await ok({ username: 'lead.registrar', resourceType: 'Patient', query: LEAD_PATIENTS })).total).toBe(2);
  });

  it('reports canSearch false and nothing found for a user without fhir.search', async () => {
    const auditor = await ok({ username: 'commission', resourceType: 'Patient' });
    expect(auditor).toMatchObject({ username: 'commission', canSearch: false, total: 0, sample: [] });
    expect(auditor.institution).toBeUndefined();
    expect(auditor.permissions).toEqual(['audit.read', 'audit.verify']);
  });

  it('refuses callers without admin.policy.manage and bad input, naming the field', async () => {
    await expectOutcome(await preview({ username: 'lead.doctor', resourceType: 'Patient' }, 'lead.admin'), 403);
    await expectOutcome(await preview({ username: 'lead.doctor', resourceType: 'Patient' }, 'lead.doctor'), 403);
    const field = async (body: unknown) => (await expectOutcome(await preview(body), 400)).issue?.[0].expression?.[0];
    expect(await field({ username: 'nobody-here', resourceType: 'Patient' })).toBe('username');
    expect(await field({ username: 'lead.doctor', institution: 'thc-hexi', resourceType: 'Patient' })).toBe('institution');
    expect(await field({ username: 'lead.doctor', resourceType: 'Patientt' })).toBe('resourceType');
    expect(await field({ username: 'lead.doctor', resourceType: 'Patient', draft: { ...HIDE_VIP_FROM_DOCTORS, effect: 'maybe' } })).toBe('draft.effect');
    expect(await field({ username: 'lead.doctor', resourceType: 'Patient', draft: { ...HIDE_VIP_FROM_DOCTORS, subjects: { roles: 'doctor' } } })).toBe('draft.subjects.roles');
    const unknownParam = await expectOutcome(await preview({ username: 'lead.doctor', resourceType: 'Patient', query: 'no-such-param=1' }), 400);
    expect(outcomeText(unknownParam)).toContain('no-such-param');
    await expectOutcome(await preview({ resourceType: 'Patient' }), 400);
  });

  it('is audited as the administrator previewing, not as a search by the user', async () => {
    const doctorId = await userIdOf(t, tokens['lead.doctor']);
    const before = await t.platform.kernel.db.query<{ n: number | string }>("select count(*) as n from audit_log where agent_id = $1 and action = 'search'", [doctorId]);
    await ok({ username: 'lead.doctor', resourceType: 'Observation', query: 'status=final', draft: HIDE_VIP_FROM_DOCTORS });
    const after = await t.platform.kernel.db.query<{ n: number | string }>("select count(*) as n from audit_log where agent_id = $1 and action = 'search'", [doctorId]);
    expect(Number(after.rows[0].n)).toBe(Number(before.rows[0].n));
    expect((await auditDetailsOf(t, await userIdOf(t, tokens.admin))).at(-1)).toBe('policy preview for user lead.doctor: Observation?status=final with draft preview-hide-vip');
  });
});
