import type { Bundle, OperationOutcome, Parameters, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../../server/test/platform.ts';
import { MPI_TAG_SYSTEM } from '../src/golden/golden-tag.ts';
import { EMPI_SYSTEM, ID_CARD_SYSTEM, MRN_SYSTEM_PREFIX, OUTPATIENT_NO_SYSTEM, VISIT_CARD_SYSTEM_PREFIX } from '../src/identifiers/systems.ts';
import { idCard, indexSettled, register, resolve, sourcePatient } from './helpers.ts';

const factories = await testDbFactories();

describe.each(factories)('IHE PIXm and PDQm on $name', (factory) => {
  let t: TestPlatform;
  let lead: string;
  let hexi: string;
  let admin: string;
  const run = Date.now() % 100_000;
  const card = idCard('1974-05-03', 'male', 31);
  const leadMrn = `P${run}-1`;
  const hexiMrn = `P${run}-2`;
  let leadId: string;
  let hexiId: string;
  let goldenId: string;
  let empi: string;

  const pix = (query: string, token = lead) => t.request('GET', `/fhir/R4/Patient/$ihe-pix?${query}`, { token });
  const q = (system: string, value: string) => encodeURIComponent(`${system}|${value}`);
  const issue = async (res: Response) => ((await res.json()) as OperationOutcome).issue![0];

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    [lead, hexi, admin] = await Promise.all([t.login('lead.doctor'), t.login('hexi.doctor'), t.login('admin')]);
    leadId = await register(t, lead, { name: '卫国栋', gender: 'male', birthDate: '1974-05-03', institution: 'lead-hospital', mrn: leadMrn, idCard: card });
    // The health centre also records its outpatient number (national OID, unique within the institution only).
    const hexiPatient = sourcePatient({ name: '卫国栋', gender: 'male', birthDate: '1974-05-03', institution: 'thc-hexi', mrn: hexiMrn, idCard: card });
    hexiPatient.identifier!.push({ system: OUTPATIENT_NO_SYSTEM, value: `MZ${run}` });
    const res = await t.request('POST', '/fhir/R4/Patient', { token: hexi, body: hexiPatient });
    hexiId = ((await res.json()) as Patient).id!;
    await indexSettled(t);
    const resolved = await resolve(t, lead, ID_CARD_SYSTEM, card);
    goldenId = resolved.golden.id!;
    empi = resolved.empi;
  });
  afterAll(async () => t?.close());

  it('cross-references a local record number to every other identifier and the golden record', async () => {
    const res = await pix(`sourceIdentifier=${q(`${MRN_SYSTEM_PREFIX}/lead-hospital`, leadMrn)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/fhir+json');
    const body = (await res.json()) as Parameters;
    expect(body.resourceType).toBe('Parameters');
    const identifiers = body.parameter!.filter((p) => p.name === 'targetIdentifier').map((p) => p.valueIdentifier);
    expect(identifiers).toEqual(
      expect.arrayContaining([
        { system: EMPI_SYSTEM, value: empi },
        { system: ID_CARD_SYSTEM, value: card },
        { system: `${MRN_SYSTEM_PREFIX}/thc-hexi`, value: hexiMrn },
        { system: OUTPATIENT_NO_SYSTEM, value: `MZ${run}`, assigner: { reference: 'Organization/thc-hexi' } },
      ]),
    );
    expect(identifiers).not.toContainEqual(expect.objectContaining({ value: leadMrn })); // the question is not an answer
    expect(body.parameter!.filter((p) => p.name === 'targetId')).toEqual([{ name: 'targetId', valueReference: { reference: `Patient/${goldenId}` } }]);
  });

  it('restricts the answer to the target systems asked for, and takes a POSTed Parameters body too', async () => {
    const only = (await (await pix(`sourceIdentifier=${q(ID_CARD_SYSTEM, card)}&targetSystem=${encodeURIComponent(`${MRN_SYSTEM_PREFIX}/thc-hexi`)}`)).json()) as Parameters;
    expect(only.parameter).toEqual([
      { name: 'targetIdentifier', valueIdentifier: { system: `${MRN_SYSTEM_PREFIX}/thc-hexi`, value: hexiMrn } },
      { name: 'targetId', valueReference: { reference: `Patient/${goldenId}` } },
    ]);
    const posted = await t.request('POST', '/fhir/R4/Patient/$ihe-pix', {
      token: lead,
      body: { resourceType: 'Parameters', parameter: [{ name: 'sourceIdentifier', valueIdentifier: { system: EMPI_SYSTEM, value: empi } }, { name: 'targetSystem', valueUri: ID_CARD_SYSTEM }] },
    });
    expect(posted.status).toBe(200);
    expect(((await posted.json()) as Parameters).parameter?.[0]).toEqual({ name: 'targetIdentifier', valueIdentifier: { system: ID_CARD_SYSTEM, value: card } });
  });

  it('scopes outpatient numbers to the caller’s institution', async () => {
    expect((await pix(`sourceIdentifier=${q(OUTPATIENT_NO_SYSTEM, `MZ${run}`)}`, hexi)).status).toBe(200);
    expect((await pix(`sourceIdentifier=${q(OUTPATIENT_NO_SYSTEM, `MZ${run}`)}`, lead)).status).toBe(404);
  });

  it('fails as ITI-83 says: unknown domain 400, unknown identifier 404, unknown target domain 403', async () => {
    const unknownDomain = await pix(`sourceIdentifier=${q('urn:oid:1.2.3.4.5', 'x1')}`);
    expect(unknownDomain.status).toBe(400);
    expect(await issue(unknownDomain)).toMatchObject({ code: 'code-invalid', details: { text: 'sourceIdentifier Assigning Authority not found' } });
    const unknownId = await pix(`sourceIdentifier=${q(`${MRN_SYSTEM_PREFIX}/lead-hospital`, 'nobody')}`);
    expect(unknownId.status).toBe(404);
    expect(await issue(unknownId)).toMatchObject({ code: 'not-found', details: { text: 'sourceIdentifier Patient Identifier not found' } });
    const unknownTarget = await pix(`sourceIdentifier=${q(ID_CARD_SYSTEM, card)}&targetSystem=urn:oid:9.9.9`);
    expect(unknownTarget.status).toBe(403);
    expect(await issue(unknownTarget)).toMatchObject({ code: 'code-invalid', details: { text: 'targetSystem not found' } });
    expect((await pix('sourceIdentifier=no-bar')).status).toBe(400);
    expect((await pix('')).status).toBe(400);
    expect((await pix(`sourceIdentifier=${q(ID_CARD_SYSTEM, card)}&sourceIdentifier=${q(EMPI_SYSTEM, empi)}`)).status).toBe(400);
  });

  it('knows the domains of the NamingSystem registry before any patient carries them', async () => {
    // Every institution's 就诊卡号 namespace is registered (terminology); no patient has a visit card yet.
    expect((await t.request('POST', '/api/terminology/naming-systems/institutions', { token: admin, body: {}, headers: { 'content-type': 'application/json' } })).status).toBe(200);
    const visitCards = `${VISIT_CARD_SYSTEM_PREFIX}/thc-hexi`;
    const unknownCard = await pix(`sourceIdentifier=${q(visitCards, 'VC0001')}`);
    expect(unknownCard.status).toBe(404);
    expect(await issue(unknownCard)).toMatchObject({ code: 'not-found' });
    // As a target domain it is known too: the person simply has no identifier there.
    const res = await pix(`sourceIdentifier=${q(ID_CARD_SYSTEM, card)}&targetSystem=${encodeURIComponent(visitCards)}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Parameters).parameter?.filter((p) => p.name === 'targetIdentifier') ?? []).toEqual([]);
  });

  it('needs authentication and mpi.read', async () => {
    expect((await t.request('GET', `/fhir/R4/Patient/$ihe-pix?sourceIdentifier=${q(ID_CARD_SYSTEM, card)}`)).status).toBe(401);
    const auditor = await t.login('commission');
    expect((await pix(`sourceIdentifier=${q(ID_CARD_SYSTEM, card)}`, auditor)).status).toBe(403);
  });

  it('PDQm: Patient search finds golden records by tag, by any identifier they carry, and through their links', async () => {
    const search = async (query: string, token = admin) => ((await (await t.request('GET', `/fhir/R4/Patient?${query}`, { token })).json()) as Bundle<Patient>).entry?.map((e) => e.resource!.id) ?? [];
    const tag = encodeURIComponent(`${MPI_TAG_SYSTEM}|golden`);
    expect(await search(`_tag=${tag}&identifier=${q(ID_CARD_SYSTEM, card)}`)).toEqual([goldenId]);
    expect((await search(`identifier=${q(ID_CARD_SYSTEM, card)}`)).sort()).toEqual([goldenId, leadId, hexiId].sort());
    expect((await search(`_tag:not=${tag}&identifier=${q(ID_CARD_SYSTEM, card)}`)).sort()).toEqual([leadId, hexiId].sort());
    expect(await search(`link=Patient/${hexiId}`)).toEqual([goldenId]);
    expect(await search(`link:Patient.identifier=${q(`${MRN_SYSTEM_PREFIX}/thc-hexi`, hexiMrn)}`)).toEqual([goldenId]);
    expect(await search(`identifier=${q(EMPI_SYSTEM, empi)}&_include=Patient:link`)).toEqual(expect.arrayContaining([goldenId, leadId, hexiId]));
    // Golden records belong to no institution: staff see their own sources through PDQm, and the person through PIXm / resolve.
    expect(await search(`identifier=${q(ID_CARD_SYSTEM, card)}`, hexi)).toEqual([hexiId]);
  });
});
