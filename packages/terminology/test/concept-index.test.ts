import type { CodeSystem, ValueSet } from '@medplum/fhirtypes';
import { FhirError, SYSTEM_PRINCIPAL, type Kernel, type ModuleContext } from '@medunion/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../kernel/test/dbs.ts';
import { indexCodeSystem, indexedByUrl } from '../src/concepts/concept-index.ts';
import { CodeSystemResolver } from '../src/concepts/resolver.ts';
import { expand } from '../src/operations/expand.ts';
import { OperationParams } from '../src/operations/params.ts';
import { moduleKernel, staff } from './helpers/module-context.ts';

const factories = await testDbFactories();
const system = { principal: SYSTEM_PRINCIPAL };
const LAB = 'urn:test:lab';

const lab = (version: string, extra: CodeSystem['concept'] = []): CodeSystem => ({
  resourceType: 'CodeSystem',
  url: LAB,
  version,
  status: 'active',
  content: 'complete',
  concept: [
    { code: 'HEM', display: '血液学检验', concept: [{ code: 'CBC', display: '血常规' }, { code: 'ESR', display: '血沉' }] },
    { code: 'CHEM', display: '生化检验', concept: [{ code: 'LFT', display: '肝功能', property: [{ code: 'tube', valueString: 'yellow' }] }, { code: 'RFT', display: '肾功能', property: [{ code: 'tube', valueString: 'yellow' }] }] },
    { code: 'UA', display: '尿常规' },
    ...extra,
  ],
});

async function rejection(promise: Promise<unknown>): Promise<FhirError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof FhirError) return err;
    throw err;
  }
  throw new Error('expected a FhirError');
}

describe.each(factories)('concept index on $name', (factory) => {
  let kernel: Kernel;
  let ctx: ModuleContext;
  let resolver: CodeSystemResolver;

  beforeAll(async () => {
    ({ kernel, ctx } = await moduleKernel(factory));
    resolver = new CodeSystemResolver(ctx);
  });
  afterAll(async () => kernel?.close());

  const codes = async (vs: ValueSet, extra: [string, string][] = [], request = system) => {
    const created = await kernel.store.create(system, vs);
    const expansion = await expand(ctx, resolver, request, new OperationParams(extra), created.resource.id);
    return { total: expansion.expansion!.total, codes: expansion.expansion!.contains!.map((c) => c.code) };
  };

  it('indexes a stored CodeSystem once per store version and never goes back to an older one', async () => {
    const stored = (await kernel.store.create(system, lab('1'))).resource as CodeSystem;
    const first = await indexCodeSystem(kernel.db, stored);
    expect(first).toMatchObject({ url: LAB, version: '1', versionId: 1, conceptCount: 7, hierarchical: true, content: 'complete' });
    const again = await indexCodeSystem(kernel.db, stored);
    expect(again.key).toBe(first.key);
    const updated = (await kernel.store.update(system, { ...stored, title: '检验项目' })).resource as CodeSystem;
    expect((await indexCodeSystem(kernel.db, updated)).versionId).toBe(2);
    expect((await indexCodeSystem(kernel.db, stored)).versionId).toBe(2); // a late event for version 1 changes nothing
  });

  it('sees versions written to the store behind its back (no events here) before answering', async () => {
    await kernel.store.create(system, lab('2', [{ code: 'HBA1C', display: '糖化血红蛋白' }]));
    const current = await resolver.resolve(system, LAB);
    expect(current.version).toBe('2');
    expect(current.conceptCount).toBe(8);
    expect((await indexedByUrl(kernel.db, LAB)).map((r) => r.version).sort()).toEqual(['1', '2']);
    expect((await resolver.resolve(system, `${LAB}|1`)).conceptCount).toBe(7);
    expect((await resolver.resolve(system, LAB, '1')).version).toBe('1');
  });

  it('prefers a complete code system to a fragment of the same url, then the newest', async () => {
    const url = 'urn:test:frag';
    await kernel.store.create(system, { resourceType: 'CodeSystem', url, version: 'full', status: 'active', content: 'complete', concept: [{ code: 'a' }, { code: 'b' }] });
    await kernel.store.create(system, { resourceType: 'CodeSystem', url, version: 'part', status: 'active', content: 'fragment', concept: [{ code: 'a' }] });
    expect((await resolver.resolve(system, url)).version).toBe('full');
  });

  it('treats unknown, deleted and invisible code systems alike: not known (404)', async () => {
    expect((await rejection(resolver.resolve(system, 'urn:test:none'))).status).toBe(404);
    const gone = (await kernel.store.create(system, { resourceType: 'CodeSystem', url: 'urn:test:gone', status: 'active', content: 'complete', concept: [{ code: 'x' }] })).resource;
    await resolver.resolve(system, 'urn:test:gone');
    await kernel.store.delete(system, 'CodeSystem', gone.id!);
    expect((await rejection(resolver.resolve(system, 'urn:test:gone'))).status).toBe(404);
    // No policy lets this staff member read CodeSystems: the store hides them, so the index does too.
    expect((await rejection(resolver.resolve({ principal: staff('inst-a') }, LAB))).status).toBe(404);
    await kernel.policies.upsert({ id: 'cs-readable', name: 'test', effect: 'allow', access: ['read'], subjects: { everyone: true }, resourceTypes: ['CodeSystem'] });
    expect((await resolver.resolve({ principal: staff('inst-a') }, LAB)).version).toBe('2');
  });

  it('expands includes, excludes, hierarchy filters, property filters and nested value sets in one query', async () => {
    const include = (filter: ValueSet['compose'] extends infer C ? (C extends { include: (infer I)[] } ? I : never) : never) => ({ resourceType: 'ValueSet' as const, status: 'active' as const, compose: { include: [filter] } });
    expect((await codes(include({ system: LAB, version: '1', filter: [{ property: 'concept', op: 'is-a', value: 'HEM' }] }))).codes).toEqual(['HEM', 'CBC', 'ESR']);
    expect((await codes(include({ system: LAB, filter: [{ property: 'concept', op: 'descendent-of', value: 'CHEM' }] }))).codes).toEqual(['LFT', 'RFT']);
    expect((await codes(include({ system: LAB, filter: [{ property: 'concept', op: 'generalizes', value: 'ESR' }] }))).codes).toEqual(['HEM', 'ESR']);
    expect((await codes(include({ system: LAB, filter: [{ property: 'tube', op: '=', value: 'yellow' }] }))).codes).toEqual(['LFT', 'RFT']);
    const routine = await codes({
      resourceType: 'ValueSet',
      status: 'active',
      url: 'urn:test:vs:routine',
      compose: { include: [{ system: LAB, concept: [{ code: 'CBC', display: '血常规（五分类）' }, { code: 'UA' }, { code: 'RFT' }] }], exclude: [{ system: LAB, concept: [{ code: 'RFT' }] }] },
    });
    expect(routine.codes).toEqual(['CBC', 'UA']);
    const nested = await expand(ctx, resolver, system, new OperationParams([['url', 'urn:test:vs:routine']]));
    expect(nested.expansion!.contains![0].display).toBe('血常规（五分类）'); // the value set's own display wins
    expect((await codes({ resourceType: 'ValueSet', status: 'active', compose: { include: [{ valueSet: ['urn:test:vs:routine'], system: LAB, filter: [{ property: 'concept', op: 'is-a', value: 'HEM' }] }] } })).codes).toEqual(['CBC']);
  });

  it('refuses value sets that include themselves and filters it does not support', async () => {
    await kernel.store.create(system, { resourceType: 'ValueSet', status: 'active', url: 'urn:test:vs:loop', compose: { include: [{ valueSet: ['urn:test:vs:loop'] }] } });
    expect((await rejection(expand(ctx, resolver, system, new OperationParams([['url', 'urn:test:vs:loop']])))).message).toContain('includes itself');
    const regex = (await kernel.store.create(system, { resourceType: 'ValueSet', status: 'active', compose: { include: [{ system: LAB, filter: [{ property: 'code', op: 'regex', value: '.*' }] }] } })).resource;
    const err = await rejection(expand(ctx, resolver, system, new OperationParams([]), regex.id));
    expect([err.status, err.issues[0].expression]).toEqual([400, ['ValueSet.compose.include[0].filter[0]']]);
  });

  it('filters a 3,000-concept expansion by pinyin initials, full pinyin, code prefix and display, paged with a total', async () => {
    const names = ['血常规', '尿常规', '肝功能', '肾功能', '血糖', '血脂', '心肌酶', '凝血', '电解质', '甲状腺功能'];
    const concept = Array.from({ length: 3000 }, (_, i) => ({ code: `T${String(i).padStart(4, '0')}`, display: `${names[i % names.length]}${Math.floor(i / names.length)}号` }));
    await kernel.store.create(system, { resourceType: 'CodeSystem', url: 'urn:test:big', version: '1', status: 'active', content: 'complete', concept });
    const page = async (filter: string, count = 5, offset = 0) =>
      (await expand(ctx, resolver, system, new OperationParams([['url', 'urn:test:big?fhir_vs'], ['filter', filter], ['count', String(count)], ['offset', String(offset)]]))).expansion!;
    const initials = await page('xcg');
    expect(initials.total).toBe(300);
    expect(initials.contains!.map((c) => c.display)).toEqual(['血常规0号', '血常规1号', '血常规2号', '血常规3号', '血常规4号']);
    expect((await page('xuechang')).total).toBe(300);
    expect((await page('XCG')).total).toBe(300); // case does not matter
    expect((await page('t000')).contains!.map((c) => c.code)).toEqual(['T0000', 'T0001', 'T0002', 'T0003', 'T0004']);
    expect((await page('t0010')).contains![0].code).toBe('T0010'); // the exact code first
    expect((await page('甲状腺')).total).toBe(300);
    const second = await page('xcg', 100, 200);
    expect([second.offset, second.contains!.length, second.contains![0].display]).toEqual([200, 100, '血常规200号']);
    expect((await page('100%')).total).toBe(0); // LIKE wildcards in user input match themselves only
  });
});
