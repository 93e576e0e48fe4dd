import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/access/principal.ts';
import { AuditLog, auditMigrations } from '../../src/audit/index.ts';
import { runMigrations, type Db } from '../../src/db/index.ts';
import { FhirError } from '../../src/fhir/errors.ts';
import { KERNEL_PARAMETERS, parameterMigrations, ParameterService, type ParameterDefinition } from '../../src/parameters/index.ts';
import { testDbFactories } from '../dbs.ts';

const factories = await testDbFactories();

const admin = (institution?: string, regionAdmin = false): Principal => ({
  kind: 'user',
  id: `admin-${institution ?? 'region'}`,
  username: `admin.${institution ?? 'region'}`,
  ...(institution ? { institution } : {}),
  institutions: institution ? [institution] : [],
  roles: ['institution-admin'],
  permissions: ['admin.parameter.manage'],
  regionAdmin,
});

const LAB: ParameterDefinition[] = [
  { key: 'lab.autoVerify', title: { 'zh-CN': '自动审核', en: 'Auto-verify' }, type: 'boolean', default: false, scopes: ['region', 'institution'] },
  {
    key: 'lab.barcodeFormat',
    title: { 'zh-CN': '条码格式', en: 'Barcode format' },
    type: 'enum',
    options: [
      { value: 'code128', title: { 'zh-CN': 'Code 128', en: 'Code 128' } },
      { value: 'qr', title: { 'zh-CN': '二维码', en: 'QR' } },
    ],
    default: 'code128',
    scopes: ['workstation'],
  },
  { key: 'lab.rules', title: { 'zh-CN': '规则', en: 'Rules' }, type: 'json', default: { limit: 1 }, scopes: ['region'] },
];

async function fhirErrorOf(promise: Promise<unknown>): Promise<FhirError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof FhirError) return err;
    throw err;
  }
  throw new Error('expected a FhirError, but the call succeeded');
}

describe.each(factories)('ParameterService on $name', (factory) => {
  let db: Db;
  let parameters: ParameterService;

  beforeAll(async () => {
    db = await factory.open();
    await runMigrations(db, [...auditMigrations, ...parameterMigrations]);
  });
  afterAll(() => db?.close());
  beforeEach(async () => {
    await db.query('truncate system_parameter');
    parameters = new ParameterService(db, new AuditLog(db));
    parameters.register(LAB);
  });

  const set = (scope: 'region' | 'institution' | 'workstation', scopeId: string, changes: Record<string, unknown>, actor = admin(undefined, true), extra: { institution?: string; anyOwner?: boolean } = {}) =>
    parameters.set({ scope, scopeId, changes, actor, ...extra });

  it('resolves workstation > institution > region > default', async () => {
    const here = { institution: 'lead-hospital', workstation: 'ws-lab-1' };
    expect(await parameters.resolve('ui.pageSize', here)).toBe(20);
    await set('region', '', { 'ui.pageSize': 30 });
    expect(await parameters.resolve('ui.pageSize', here)).toBe(30);
    await set('institution', 'lead-hospital', { 'ui.pageSize': 40 });
    expect(await parameters.resolve('ui.pageSize', here)).toBe(40);
    expect(await parameters.resolve('ui.pageSize', { institution: 'thc-hexi' })).toBe(30);
    await set('workstation', 'ws-lab-1', { 'ui.pageSize': 50 }, admin('lead-hospital'), { institution: 'lead-hospital' });
    expect(await parameters.resolve('ui.pageSize', here)).toBe(50);
    expect(await parameters.resolve('ui.pageSize', { institution: 'lead-hospital' })).toBe(40);

    const all = await parameters.resolveAll(here);
    expect(all['ui.pageSize']).toBe(50);
    expect(all['ui.abnormal.highColor']).toBe('#cf1322');
    expect(all['lab.rules']).toEqual({ limit: 1 });
    expect(Object.keys(all).sort()).toEqual([...KERNEL_PARAMETERS, ...LAB].map((d) => d.key).sort());

    // null removes the explicit value: the next scope applies again.
    await set('workstation', 'ws-lab-1', { 'ui.pageSize': null }, admin('lead-hospital'), { institution: 'lead-hospital' });
    expect(await parameters.resolve('ui.pageSize', here)).toBe(40);
    await set('institution', 'lead-hospital', { 'ui.pageSize': null });
    await set('region', '', { 'ui.pageSize': null });
    expect(await parameters.resolve('ui.pageSize', here)).toBe(20);
  });

  it("applies a workstation's values only within the institution owning it", async () => {
    await set('workstation', 'ws-shared', { 'ui.abnormal.highColor': '#aa0000' }, admin('lead-hospital'), { institution: 'lead-hospital' });
    expect(await parameters.resolve('ui.abnormal.highColor', { institution: 'lead-hospital', workstation: 'ws-shared' })).toBe('#aa0000');
    expect(await parameters.resolve('ui.abnormal.highColor', { institution: 'thc-hexi', workstation: 'ws-shared' })).toBe('#cf1322');
    expect(await parameters.workstationOwner('ws-shared')).toBe('lead-hospital');
    expect(await parameters.workstationOwner('ws-unknown')).toBeUndefined();
    expect(await parameters.workstations('lead-hospital')).toEqual(['ws-shared']);
    expect(await parameters.workstations('thc-hexi')).toEqual([]);
  });

  it('the first value fixes the owner of a workstation; another institution is refused unless anyOwner', async () => {
    await set('workstation', 'ws-1', { 'lab.barcodeFormat': 'qr' }, admin('lead-hospital'), { institution: 'lead-hospital' });
    const err = await fhirErrorOf(set('workstation', 'ws-1', { 'lab.barcodeFormat': 'code128' }, admin('thc-hexi'), { institution: 'thc-hexi' }));
    expect(err.status).toBe(403);
    expect(await parameters.explicit('workstation', 'ws-1')).toEqual({ 'lab.barcodeFormat': 'qr' });
    // A region administrator may edit it; the owner stays.
    await set('workstation', 'ws-1', { 'ui.pageSize': 100 }, admin('thc-hexi', true), { institution: 'thc-hexi', anyOwner: true });
    expect(await parameters.explicit('workstation', 'ws-1')).toEqual({ 'lab.barcodeFormat': 'qr', 'ui.pageSize': 100 });
    expect(await parameters.workstations('lead-hospital')).toEqual(['ws-1']);
    expect(await parameters.workstations()).toEqual(['ws-1']);
  });

  it('checks every value against its declaration and writes nothing when any is wrong', async () => {
    await set('region', '', { 'ui.pageSize': 25 });
    const err = await fhirErrorOf(
      set('region', '', {
        'ui.abnormal.lowColor': '#00f', // not #rrggbb
        'ui.pageSize': 1, // below min 5
        'ui.abnormal.criticalFlash': 'yes',
        'lab.barcodeFormat': 'qr', // workstation only
        'no.such': 1,
        'ui.abnormal.highColor': '#123456', // valid, but the request fails as a whole
      }),
    );
    expect(err.status).toBe(400);
    expect(err.issues.map((i) => i.expression?.[0]).sort()).toEqual(['lab.barcodeFormat', 'no.such', 'ui.abnormal.criticalFlash', 'ui.abnormal.lowColor', 'ui.pageSize']);
    expect(err.issues.find((i) => i.expression?.[0] === 'ui.pageSize')?.details?.text).toContain('at least 5');
    expect(await parameters.explicit('region', '')).toEqual({ 'ui.pageSize': 25 });

    for (const [key, value] of [
      ['ui.pageSize', '30'],
      ['ui.pageSize', Number.NaN],
      ['ui.pageSize', 501],
      ['print.institutionTitle', 7],
      ['print.institutionTitle', 'x'.repeat(2001)],
      ['lab.barcodeFormat', 'ean13'],
      ['lab.autoVerify', 1],
    ] as const) {
      const scope = key === 'lab.barcodeFormat' ? 'workstation' : 'institution';
      const bad = await fhirErrorOf(set(scope, scope === 'workstation' ? 'ws-x' : 'lead-hospital', { [key]: value }, admin('lead-hospital', true), { institution: 'lead-hospital' }));
      expect(bad.issues.map((i) => i.expression?.[0]), `${key}=${String(value)}`).toEqual([key]);
    }
    expect(await parameters.explicit('institution', 'lead-hospital')).toEqual({});
  });

  it('audits each change with the keys, in the same transaction', async () => {
    const actor = admin('lead-hospital');
    await set('institution', 'lead-hospital', { 'ui.pageSize': 60, 'print.institutionTitle': '青山县人民医院检验科' }, actor);
    await set('institution', 'lead-hospital', { 'ui.pageSize': null }, actor);
    const { rows } = await db.query<{ detail: string }>(
      "select event->>'outcomeDesc' as detail from audit_log where agent_id = $1 order by seq",
      [actor.id],
    );
    expect(rows.slice(-2).map((r) => r.detail)).toEqual([
      'parameters of institution lead-hospital changed; set: ui.pageSize, print.institutionTitle',
      'parameters of institution lead-hospital changed; removed: ui.pageSize',
    ]);
  });

  it('skips stored values that no longer fit their declaration', async () => {
    await db.query(
      `insert into system_parameter (scope, scope_id, institution, key, value) values
         ('region', '', null, 'ui.pageSize', '9999'), ('region', '', null, 'print.labelPrinter', '"Zebra"'), ('region', '', null, 'gone.key', '1')`,
    );
    expect(await parameters.resolve('ui.pageSize')).toBe(20);
    expect(await parameters.resolve('print.labelPrinter')).toBe('');
    // The administrator sees the out-of-bounds value to correct it; the one no longer settable there is not listed.
    expect(await parameters.explicit('region', '')).toEqual({ 'ui.pageSize': 9999 });
  });

  it('refuses duplicate or malformed declarations, adding none of a rejected batch', async () => {
    expect(() => parameters.register([{ ...LAB[0], key: 'lab.other' }, LAB[0]])).toThrow(/declared twice/);
    expect(parameters.definition('lab.other')).toBeUndefined();
    expect(() => parameters.register([{ ...LAB[0], key: 'ui.pageSize' }])).toThrow(/declared twice/);
    await expect(parameters.resolve('undeclared.key')).rejects.toThrow(/not declared/);
    expect(parameters.definitions('workstation').map((d) => d.key)).toContain('lab.barcodeFormat');
    expect(parameters.definitions('workstation').map((d) => d.key)).not.toContain('lab.autoVerify');
  });
});
