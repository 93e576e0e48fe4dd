import type { Organization, Patient, Practitioner, Resource } from '@medplum/fhirtypes';
import { getSearchParameters } from '@medplum/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PRINCIPAL } from '../../src/access/principal.ts';
import { runMigrations } from '../../src/db/index.ts';
import { isDerivedSearchParameter } from '../../src/fhir/search/derived.ts';
import { derivedSearchMigrations, reindexDerivedParameters } from '../../src/fhir/search/derived-reindex.ts';
import { PINYIN_PARAMETERS, pinyinKeys } from '../../src/fhir/search/pinyin.ts';
import { loadFhirDefinitions } from '../../src/fhir/validation/index.ts';
import { testDbFactories } from '../dbs.ts';
import { ids, openStore, q, type StoreFixture } from './helpers.ts';

const ctx = { principal: SYSTEM_PRINCIPAL };

describe('pinyin keys', () => {
  beforeAll(() => loadFhirDefinitions());

  it('are the initials and the full pinyin, lowercase, without tones or spaces', () => {
    expect(pinyinKeys('王小明', true)).toEqual(['wxm', 'wangxiaoming']);
    expect(pinyinKeys('青山县人民医院')).toEqual(['qsxrmyy', 'qingshanxianrenminyiyuan']);
  });

  it('read the first character of a personal name as a surname (单 shan, 曾 zeng) and write ü as v', () => {
    expect(pinyinKeys('单雄信', true)).toEqual(['sxx', 'shanxiongxin']);
    expect(pinyinKeys('曾国藩', true)).toEqual(['zgf', 'zengguofan']);
    expect(pinyinKeys('吕布', true)).toEqual(['lb', 'lvbu']);
  });

  it('keep Latin letters and digits, drop other characters, and give nothing for texts without Han characters', () => {
    expect(pinyinKeys('ABC医院')).toEqual(['abcyy', 'abcyiyuan']);
    expect(pinyinKeys('第2门诊-部')).toEqual(['d2mzb', 'di2menzhenbu']);
    expect(pinyinKeys('Zhang Wei')).toEqual([]);
    expect(pinyinKeys('')).toEqual([]);
  });

  it('are registered as a string parameter of Patient, Practitioner and Organization, with a description', () => {
    for (const type of ['Patient', 'Practitioner', 'Organization']) {
      const sp = getSearchParameters(type)?.pinyin;
      expect(sp?.type, type).toBe('string');
      expect(sp && isDerivedSearchParameter(sp)).toBe(true);
      expect(sp?.description).toContain('initials');
    }
    expect(getSearchParameters('Observation')?.pinyin).toBeUndefined();
  });
});

const factories = await testDbFactories();

describe.each(factories)('pinyin search on $name', (factory) => {
  let fx: StoreFixture;
  const find = async (type: string, query: string) => ids((await fx.store.search(ctx, type, q(query))).resources);

  const DATA: Resource[] = [
    { resourceType: 'Patient', id: 'py-wxm', name: [{ text: '王小明', family: '王', given: ['小明'] }] } as Patient,
    // no text: family + given joined
    { resourceType: 'Patient', id: 'py-zsf', name: [{ family: '张', given: ['三丰'] }] } as Patient,
    { resourceType: 'Patient', id: 'py-latin', name: [{ family: 'Smith', given: ['Anna'] }] } as Patient,
    { resourceType: 'Practitioner', id: 'py-lm', name: [{ text: '李明' }] } as Practitioner,
    { resourceType: 'Organization', id: 'py-org', name: '青山县人民医院', alias: ['县医院'] } as Organization,
    { resourceType: 'Organization', id: 'py-dept', name: '检验科' } as Organization,
  ];

  beforeAll(async () => {
    fx = await openStore(factory);
    for (const r of DATA) await fx.store.update(ctx, r);
  });
  afterAll(() => fx?.close());

  it('finds 王小明 by initials and by a prefix of the full pinyin, case-insensitively', async () => {
    expect(await find('Patient', 'pinyin=wxm')).toEqual(['py-wxm']);
    expect(await find('Patient', 'pinyin=wangx')).toEqual(['py-wxm']);
    expect(await find('Patient', 'pinyin=wangxiaoming')).toEqual(['py-wxm']);
    expect(await find('Patient', 'pinyin=WX')).toEqual(['py-wxm']);
    expect(await find('Patient', 'pinyin=zs')).toEqual(['py-zsf']);
    expect(await find('Patient', 'pinyin=xm')).toEqual([]); // prefix only, like other string parameters
    expect(await find('Patient', 'pinyin=wxm,zsf')).toEqual(['py-wxm', 'py-zsf']);
  });

  it('indexes practitioners and organizations (name and aliases), and nothing for Latin-only names', async () => {
    expect(await find('Practitioner', 'pinyin=lm')).toEqual(['py-lm']);
    expect(await find('Organization', 'pinyin=xyy')).toEqual(['py-org']); // alias 县医院
    expect(await find('Organization', 'pinyin=qsx')).toEqual(['py-org']);
    expect(await find('Organization', 'pinyin=jy')).toEqual(['py-dept']);
    expect(await find('Patient', 'pinyin:missing=true')).toEqual(['py-latin']);
  });

  it('sorts by pinyin and follows updates (the old name no longer matches)', async () => {
    expect((await fx.store.search(ctx, 'Organization', q('_id=py-org,py-dept&_sort=pinyin'))).resources.map((r) => r.id)).toEqual(['py-dept', 'py-org']);
    await fx.store.update(ctx, { resourceType: 'Patient', id: 'py-zsf', name: [{ text: '赵四' }] } as Patient);
    expect(await find('Patient', 'pinyin=zs')).toEqual(['py-zsf']); // 赵四 → zs
    expect(await find('Patient', 'pinyin=zhangs')).toEqual([]);
    expect(await find('Patient', 'pinyin=zhaosi')).toEqual(['py-zsf']);
  });

  it('reindexes resources stored before their pinyin rows existed', async () => {
    await fx.db.query("delete from sp_string where param = 'pinyin'");
    expect(await find('Patient', 'pinyin=wxm')).toEqual([]);
    const reindexed = await fx.db.transaction((tx) => reindexDerivedParameters(tx, PINYIN_PARAMETERS, 2));
    expect(reindexed).toBe(DATA.length);
    expect(await find('Patient', 'pinyin=wxm')).toEqual(['py-wxm']);
    expect(await find('Organization', 'pinyin=xyy')).toEqual(['py-org']);
    // Running it again replaces rather than duplicates the rows.
    await fx.db.transaction((tx) => reindexDerivedParameters(tx, PINYIN_PARAMETERS));
    const { rows } = await fx.db.query<{ n: number | string }>("select count(*) as n from sp_string where param = 'pinyin' and norm = 'wxm'");
    expect(Number(rows[0].n)).toBe(1);
  });

  it('the kernel migration reindexes an existing database once', async () => {
    await fx.db.query("delete from sp_string where param = 'pinyin'");
    expect(await runMigrations(fx.db, derivedSearchMigrations)).toEqual(['kernel.search.001-pinyin-reindex']);
    expect(await find('Practitioner', 'pinyin=liming')).toEqual(['py-lm']);
    expect(await runMigrations(fx.db, derivedSearchMigrations)).toEqual([]);
  });
});
