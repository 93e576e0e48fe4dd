import type { Bundle, OperationOutcome, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PRINCIPAL } from '@medunion/kernel';
import { testDbFactories } from '../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../../server/test/platform.ts';
import { EMPI_SYSTEM, ID_CARD_SYSTEM, MRN_SYSTEM_PREFIX } from '../src/identifiers/systems.ts';
import { idCard, indexSettled, register, resolve, sourcePatient, JSON_HEADERS } from './helpers.ts';
import type { ReviewItem } from '../src/review.ts';

const factories = await testDbFactories();

describe.each(factories)('registration and matching on $name', (factory) => {
  let t: TestPlatform;
  let lead: string;
  let hexi: string;
  let admin: string;
  const run = Date.now() % 100_000;
  const mrn = (n: number) => `T${run}-${n}`;

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    [lead, hexi, admin] = await Promise.all([t.login('lead.doctor'), t.login('hexi.doctor'), t.login('admin')]);
    await indexSettled(t);
  });
  afterAll(async () => t?.close());

  const outcome = async (res: Response) => (await res.json()) as OperationOutcome;
  const count = async (query: string) => ((await (await t.request('GET', `/fhir/R4/Patient?${query}&_summary=count`, { token: admin })).json()) as Bundle).total;

  describe('bad input', () => {
    it('refuses a wrong check character with a bilingual message naming the field, and stores nothing', async () => {
      const bad = sourcePatient({ name: '测试甲', gender: 'male', birthDate: '1980-03-04', institution: 'lead-hospital', mrn: mrn(1), idCard: '330727198003040031' });
      const res = await t.request('POST', '/fhir/R4/Patient', { token: lead, body: bad });
      expect(res.status).toBe(400);
      const o = await outcome(res);
      expect(o.issue).toEqual([
        { severity: 'error', code: 'invalid', details: { text: '身份证号校验位不符，请逐位核对号码 / The ID card check character does not match: check the number digit by digit' }, expression: ['Patient.identifier[0].value'] },
      ]);
      expect(await count(`identifier=${MRN_SYSTEM_PREFIX}/lead-hospital|${mrn(1)}`)).toBe(0);
    });

    it('refuses birth date and sex that contradict the ID card, impossible dates and bad phones', async () => {
      const card = idCard('1980-03-04', 'male', 11);
      const res = await t.request('POST', '/fhir/R4/Patient', {
        token: lead,
        body: { ...sourcePatient({ name: '测试乙', gender: 'female', birthDate: '1980-04-03', institution: 'lead-hospital', mrn: mrn(2), idCard: card }), telecom: [{ system: 'phone', value: '1390571' }] },
      });
      expect(res.status).toBe(400);
      expect((await outcome(res)).issue?.map((i) => i.expression)).toEqual([['Patient.birthDate', 'Patient.identifier[0].value'], ['Patient.gender', 'Patient.identifier[0].value'], ['Patient.telecom[0].value']]);
      const impossible = await t.request('POST', '/fhir/R4/Patient', { token: lead, body: sourcePatient({ name: '测试丙', gender: 'male', birthDate: '1990-02-30', institution: 'lead-hospital', mrn: mrn(3) }) });
      expect(impossible.status).toBe(400);
      expect(JSON.stringify(await outcome(impossible))).toContain('Patient.birthDate');
    });

    it('refuses a whole transaction Bundle when one entry is invalid (nothing half-written)', async () => {
      const good = sourcePatient({ name: '测试丁', gender: 'male', birthDate: '1970-01-01', institution: 'lead-hospital', mrn: mrn(4), idCard: idCard('1970-01-01', 'male', 12) });
      const bad = sourcePatient({ name: '测试戊', gender: 'male', birthDate: '1970-01-01', institution: 'lead-hospital', mrn: mrn(5), idCard: '33072719700101002' });
      const bundle: Bundle = { resourceType: 'Bundle', type: 'transaction', entry: [good, bad].map((resource) => ({ resource, request: { method: 'POST', url: 'Patient' } })) };
      const res = await t.request('POST', '/fhir/R4', { token: lead, body: bundle });
      expect(res.status).toBe(400);
      expect(JSON.stringify(await outcome(res))).toContain('18');
      expect(await count(`identifier=${MRN_SYSTEM_PREFIX}/lead-hospital|${mrn(4)}`)).toBe(0);
    });

    it('refuses an update that breaks the rules and keeps the stored version', async () => {
      const id = await register(t, lead, { name: '测试己', gender: 'male', birthDate: '1966-06-06', institution: 'lead-hospital', mrn: mrn(6) });
      const current = (await (await t.request('GET', `/fhir/R4/Patient/${id}`, { token: lead })).json()) as Patient;
      const res = await t.request('PUT', `/fhir/R4/Patient/${id}`, { token: lead, body: { ...current, telecom: [{ system: 'phone', value: '+1 650 555 0100' }] } });
      expect(res.status).toBe(400);
      expect(((await (await t.request('GET', `/fhir/R4/Patient/${id}`, { token: lead })).json()) as Patient).meta?.versionId).toBe(current.meta?.versionId);
    });
  });

  describe('matching', () => {
    it('links the same ID card registered at two institutions to one golden record', async () => {
      const card = idCard('1956-03-12', 'male', 21);
      const a = await register(t, lead, { name: '周德明', gender: 'male', birthDate: '1956-03-12', institution: 'lead-hospital', mrn: mrn(10), idCard: card, phone: '13905711010' });
      const b = await register(t, hexi, { name: '周德明', gender: 'male', birthDate: '1956-03-12', institution: 'thc-hexi', mrn: mrn(11), idCard: card, address: '河西镇东村3号' });
      await indexSettled(t);
      const byLead = await resolve(t, lead, `${MRN_SYSTEM_PREFIX}/lead-hospital`, mrn(10));
      const byHexi = await resolve(t, lead, `${MRN_SYSTEM_PREFIX}/thc-hexi`, mrn(11));
      const byCard = await resolve(t, hexi, ID_CARD_SYSTEM, card);
      expect(byHexi.golden.id).toBe(byLead.golden.id);
      expect(byCard.golden.id).toBe(byLead.golden.id);
      const golden = byLead.golden;
      expect(golden.link?.map((l) => [l.other.reference, l.type]).sort()).toEqual([[`Patient/${a}`, 'seealso'], [`Patient/${b}`, 'seealso']].sort());
      expect(golden.identifier).toEqual(expect.arrayContaining([{ use: 'official', system: EMPI_SYSTEM, value: byLead.empi, type: { text: '主索引号' } }, { system: ID_CARD_SYSTEM, value: card }]));
      expect(golden.identifier?.some((i) => i.system?.startsWith(MRN_SYSTEM_PREFIX))).toBe(false); // local numbers stay with their sources
      expect(golden).toMatchObject({ active: true, gender: 'male', birthDate: '1956-03-12', name: [{ text: '周德明' }], telecom: [{ value: '13905711010' }], address: [{ text: '河西镇东村3号' }] });
      expect(byLead.sources.map((s) => s.institution).sort()).toEqual(['lead-hospital', 'thc-hexi']);
      const history = (await (await t.request('GET', `/api/mpi/history?patient=${b}`, { token: lead })).json()) as { events: { action: string; reason: string; toGolden: string }[] };
      expect(history.events).toMatchObject([{ action: 'link', reason: 'deterministic:id-card', toGolden: golden.id }]);
    });

    it('writes golden Patients as a projection of the index: a repeated rewrite event changes nothing, a stale Patient is brought up to date', async () => {
      const card = idCard('1961-08-19', 'female', 23);
      await register(t, lead, { name: '柳春梅', gender: 'female', birthDate: '1961-08-19', institution: 'lead-hospital', mrn: mrn(12), idCard: card });
      await register(t, hexi, { name: '柳春梅', gender: 'female', birthDate: '1961-08-19', institution: 'thc-hexi', mrn: mrn(13), idCard: card });
      await indexSettled(t);
      const { golden } = await resolve(t, lead, ID_CARD_SYSTEM, card);
      const system = { principal: SYSTEM_PRINCIPAL };
      const rewrite = () => t.platform.kernel.store.inUnit(system, async (unit) => t.platform.kernel.store.publishIn(unit, { topic: 'MpiGolden:update', key: `test-${Date.now()}`, payload: { goldenIds: [golden.id] } }));
      await rewrite();
      await indexSettled(t);
      const again = await resolve(t, lead, ID_CARD_SYSTEM, card);
      expect(again.golden.meta?.versionId).toBe(golden.meta?.versionId);
      // Someone edits the golden Patient by hand (bypassing the index): the index writes it back from its tables.
      await t.platform.kernel.db.query("update fhir_resource set content = jsonb_set(content, '{gender}', '\"male\"') where resource_type = 'Patient' and id = $1", [golden.id]);
      await rewrite();
      await indexSettled(t);
      const restored = await resolve(t, lead, ID_CARD_SYSTEM, card);
      expect(restored.golden.gender).toBe('female');
      expect(Number(restored.golden.meta?.versionId)).toBe(Number(golden.meta?.versionId) + 1);
    });

    it('auto-links a record without ID card by name, birth date, sex and phone, and explains the decision', async () => {
      await register(t, lead, { name: '钟秀兰', gender: 'female', birthDate: '1947-11-03', institution: 'lead-hospital', mrn: mrn(20), idCard: idCard('1947-11-03', 'female', 22), phone: '13957631020', address: '城关镇南山村8号' });
      const b = await register(t, hexi, { name: '钟秀兰', gender: 'female', birthDate: '1947-11-03', institution: 'thc-hexi', mrn: mrn(21), phone: '139 5763 1020', address: '某某县城关镇南山村八号' });
      await indexSettled(t);
      const golden = await resolve(t, lead, `${MRN_SYSTEM_PREFIX}/thc-hexi`, mrn(21));
      expect(golden.sources).toHaveLength(2);
      const decisions = (await (await t.request('GET', `/api/mpi/review?patient=${b}`, { token: lead })).json()) as { items: ReviewItem[] };
      const auto = decisions.items.find((i) => i.record.patientId === b)!;
      expect(auto).toMatchObject({ decision: 'auto-link', rule: 'probabilistic', status: 'closed' });
      expect(Object.fromEntries(auto.fields.map((f) => [f.field, f.level]))).toEqual({ idCard: 'missing', healthCard: 'missing', name: 'exact', birthDate: 'exact', gender: 'agree', phone: 'agree', address: 'high' });
      expect(auto.score).toBeGreaterThanOrEqual(22);
    });

    it('queues an uncertain pair for review; linking it joins the records and retires the extra golden record', async () => {
      const card = idCard('1983-04-09', 'male', 23);
      const a = await register(t, lead, { name: '王晓明', gender: 'male', birthDate: '1983-04-09', institution: 'lead-hospital', mrn: mrn(30), idCard: card, phone: '13905713030', address: '城关镇东村12号' });
      const b = await register(t, hexi, { name: '王小明', gender: 'male', birthDate: '1983-09-04', institution: 'thc-hexi', mrn: mrn(31), phone: '13800003031', address: '城关镇东村12号' });
      await indexSettled(t);
      const before = await resolve(t, lead, `${MRN_SYSTEM_PREFIX}/thc-hexi`, mrn(31));
      expect(before.sources.map((s) => s.patientId)).toEqual([b]);
      const open = (await (await t.request('GET', `/api/mpi/review?status=open&patient=${b}`, { token: lead })).json()) as { total: number; items: ReviewItem[] };
      expect(open.total).toBe(1);
      const item = open.items[0];
      expect(item).toMatchObject({ decision: 'review', status: 'open', record: { patientId: b, name: '王小明', birthDate: '1983-09-04', institution: 'thc-hexi' }, candidate: { patientId: a, name: '王晓明' } });
      expect(item.fields.filter((f) => f.weight !== 0).map((f) => `${f.field}:${f.level}`)).toEqual(['name:homophone', 'birthDate:transposed', 'gender:agree', 'phone:disagree', 'address:high']);

      // Deciding needs mpi.review: a doctor holds only mpi.read.
      expect((await t.request('POST', `/api/mpi/review/${item.id}`, { token: lead, body: { decision: 'link' }, headers: JSON_HEADERS })).status).toBe(403);
      const decided = await t.request('POST', `/api/mpi/review/${item.id}`, { token: admin, body: { decision: 'link', note: '电话核实为同一人' }, headers: JSON_HEADERS });
      expect(decided.status).toBe(200);
      expect(await decided.json()).toMatchObject({ status: 'closed', outcome: 'link', note: '电话核实为同一人', record: { goldenId: item.candidate.goldenId } });
      await indexSettled(t);
      const after = await resolve(t, lead, `${MRN_SYSTEM_PREFIX}/thc-hexi`, mrn(31));
      expect(after.golden.id).toBe(item.candidate.goldenId);
      expect(after.sources.map((s) => s.patientId).sort()).toEqual([a, b].sort());
      const retired = (await (await t.request('GET', `/fhir/R4/Patient/${before.golden.id}`, { token: admin })).json()) as Patient;
      expect(retired).toMatchObject({ active: false, link: [{ other: { reference: `Patient/${after.golden.id}` }, type: 'replaced-by' }] });
      expect(after.golden.link).toEqual(expect.arrayContaining([{ other: { reference: `Patient/${before.golden.id}` }, type: 'replaces' }]));
      const again = await t.request('POST', `/api/mpi/review/${item.id}`, { token: admin, body: { decision: 'not-duplicate' }, headers: JSON_HEADERS });
      expect(again.status).toBe(409);
    });

    it('records not-duplicate judgements and keeps strangers apart', async () => {
      // Father and son? Same household address, similar name, a date one transposition apart: a person must decide.
      const a = await register(t, lead, { name: '孙建军', gender: 'male', birthDate: '1969-10-21', institution: 'lead-hospital', mrn: mrn(40), idCard: idCard('1969-10-21', 'male', 24), address: '桥头镇河口村5号' });
      const b = await register(t, hexi, { name: '孙建君', gender: 'male', birthDate: '1969-10-12', institution: 'thc-hexi', mrn: mrn(41), address: '桥头镇河口村五号' });
      const c = await register(t, hexi, { name: '马丽娟', gender: 'female', birthDate: '1991-07-30', institution: 'thc-hexi', mrn: mrn(42) });
      await indexSettled(t);
      const open = (await (await t.request('GET', `/api/mpi/review?status=open&patient=${b}`, { token: admin })).json()) as { items: ReviewItem[] };
      expect(open.items.map((i) => i.candidate.patientId)).toEqual([a]);
      const res = await t.request('POST', `/api/mpi/review/${open.items[0].id}`, { token: admin, body: { decision: 'not-duplicate' }, headers: JSON_HEADERS });
      expect(await res.json()).toMatchObject({ status: 'closed', outcome: 'not-duplicate' });
      const ga = await resolve(t, admin, `${MRN_SYSTEM_PREFIX}/lead-hospital`, mrn(40));
      const gb = await resolve(t, admin, `${MRN_SYSTEM_PREFIX}/thc-hexi`, mrn(41));
      const gc = await resolve(t, admin, `${MRN_SYSTEM_PREFIX}/thc-hexi`, mrn(42));
      expect(new Set([ga.golden.id, gb.golden.id, gc.golden.id]).size).toBe(3);
      expect(gc.sources.map((s) => s.patientId)).toEqual([c]);
    });

    it('matches a lone record again when an update brings its ID card', async () => {
      const card = idCard('1978-07-30', 'female', 25);
      await register(t, lead, { name: '郑淑珍', gender: 'female', birthDate: '1978-07-30', institution: 'lead-hospital', mrn: mrn(50), idCard: card });
      const b = await register(t, hexi, { name: '郑淑贞', gender: 'female', birthDate: '1978-03-07', institution: 'thc-hexi', mrn: mrn(51) });
      await indexSettled(t);
      expect((await resolve(t, hexi, `${MRN_SYSTEM_PREFIX}/thc-hexi`, mrn(51))).sources).toHaveLength(1);
      const current = (await (await t.request('GET', `/fhir/R4/Patient/${b}`, { token: hexi })).json()) as Patient;
      const updated = { ...current, birthDate: '1978-07-30', identifier: [...current.identifier!, { system: ID_CARD_SYSTEM, value: card }] };
      expect((await t.request('PUT', `/fhir/R4/Patient/${b}`, { token: hexi, body: updated })).status).toBe(200);
      await indexSettled(t);
      const joined = await resolve(t, hexi, `${MRN_SYSTEM_PREFIX}/thc-hexi`, mrn(51));
      expect(joined.sources).toHaveLength(2);
      expect(joined.golden.birthDate).toBe('1978-07-30');
    });

    it('matches registrations of one person that arrive in the same transaction (one index batch)', async () => {
      const card = idCard('1959-09-09', 'female', 26);
      const entry = [
        sourcePatient({ name: '黄美华', gender: 'female', birthDate: '1959-09-09', institution: 'lead-hospital', mrn: mrn(60), idCard: card, phone: '13705716060' }),
        sourcePatient({ name: '黄美桦', gender: 'female', birthDate: '1959-09-09', institution: 'thc-hexi', mrn: mrn(61), phone: '13705716060' }),
        sourcePatient({ name: '黄美华', gender: 'female', birthDate: '1959-09-09', institution: 'thc-dongling', mrn: mrn(62), idCard: card }),
        sourcePatient({ name: '邱志远', gender: 'male', birthDate: '1988-02-29', institution: 'thc-hexi', mrn: mrn(63) }),
      ].map((resource) => ({
        resource: { ...resource, meta: { extension: [{ url: 'https://medunion.org/fhir/StructureDefinition/institution', valueReference: resource.managingOrganization }] } },
        request: { method: 'POST' as const, url: 'Patient' },
      }));
      const res = await t.request('POST', '/fhir/R4', { token: admin, body: { resourceType: 'Bundle', type: 'transaction', entry } });
      expect(res.status).toBe(200);
      await indexSettled(t);
      const person = await resolve(t, admin, ID_CARD_SYSTEM, card);
      expect(person.sources.map((s) => s.institution).sort()).toEqual(['lead-hospital', 'thc-dongling', 'thc-hexi']);
      expect(person.golden.telecom).toEqual([{ system: 'phone', value: '13705716060', use: 'mobile' }]);
      expect((await resolve(t, admin, `${MRN_SYSTEM_PREFIX}/thc-hexi`, mrn(63))).sources).toHaveLength(1);
    });

    it('handles registrations, an update and a deletion that reach the index in one batch', async () => {
      // Held bus: every change below queues up and arrives as one batch, so queued index rows must be
      // written before the same batch reads them again (the update and the deletion of records it just indexed).
      const bus = t.platform.kernel.bus;
      const card = idCard('1966-06-06', 'male', 33);
      await bus.stop();
      let [kept, gone, other] = ['', '', ''];
      try {
        kept = await register(t, lead, { name: '严国栋', gender: 'male', birthDate: '1966-06-06', institution: 'lead-hospital', mrn: mrn(70), idCard: card });
        other = await register(t, hexi, { name: '严国东', gender: 'male', birthDate: '1966-06-06', institution: 'thc-hexi', mrn: mrn(71), idCard: card });
        gone = await register(t, hexi, { name: '柏雪', gender: 'female', birthDate: '1999-12-01', institution: 'thc-hexi', mrn: mrn(72) });
        const current = (await (await t.request('GET', `/fhir/R4/Patient/${kept}`, { token: lead })).json()) as Patient;
        expect((await t.request('PUT', `/fhir/R4/Patient/${kept}`, { token: lead, body: { ...current, telecom: [{ system: 'phone', value: '13905717070' }] } })).status).toBe(200);
        expect((await t.request('DELETE', `/fhir/R4/Patient/${gone}`, { token: admin })).status).toBe(204);
      } finally {
        bus.start();
      }
      await indexSettled(t);
      const person = await resolve(t, lead, ID_CARD_SYSTEM, card);
      expect(person.sources.map((s) => s.patientId).sort()).toEqual([kept, other].sort());
      expect(person.golden.telecom).toEqual([{ system: 'phone', value: '13905717070' }]);
      expect(person.empi).toMatch(/^E\d{10}$/);
      const goldenRes = await t.request('GET', `/fhir/R4/Patient/${person.golden.id}`, { token: admin });
      expect(((await goldenRes.json()) as Patient).identifier?.find((i) => i.system === EMPI_SYSTEM)?.value).toBe(person.empi);
      expect((await t.request('GET', `/api/mpi/resolve?identifier=${encodeURIComponent(`${MRN_SYSTEM_PREFIX}/thc-hexi|${mrn(72)}`)}`, { token: hexi })).status).toBe(404);
      type History = { events: { action: string; toGolden: string | null }[] };
      const history = (await (await t.request('GET', `/api/mpi/history?patient=${gone}`, { token: admin })).json()) as History;
      expect(history.events.map((e) => e.action)).toEqual(['link', 'source-deleted']);
      const ofGolden = (await (await t.request('GET', `/api/mpi/history?golden=${history.events[0].toGolden}`, { token: admin })).json()) as History;
      expect(ofGolden.events.map((e) => e.action)).toEqual(['link', 'source-deleted', 'retire']);
    });

    it('answers 404 for an unknown identifier and 400 for a malformed one', async () => {
      expect((await t.request('GET', `/api/mpi/resolve?identifier=${encodeURIComponent(`${ID_CARD_SYSTEM}|${idCard('1900-01-01', 'male', 99)}`)}`, { token: lead })).status).toBe(404);
      const bad = await t.request('GET', '/api/mpi/resolve?identifier=nobar', { token: lead });
      expect(bad.status).toBe(400);
      expect((await outcome(bad)).issue?.[0].expression).toEqual(['identifier']);
    });
  });
});
