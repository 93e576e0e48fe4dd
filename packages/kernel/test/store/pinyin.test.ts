import type { Organization, Patient, Practitioner, Resource } from '@medplum/fhirtypes';
import { getSearchParameters } from '@medplum/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PRINCIPAL } from '../../src/access/principal.ts';
import { runMigrations } from '../../src/db/index.ts';
import { isDerivedSearchParameter } from '../../src/fhir/search/derived.ts';
import { derivedSearchMigrations, reindexDerivedParameters } from '../../src/fhir/search/derived-reindex.ts';
import { PINYIN_PARAMETERS, pinyinKeys } from '../../src/fhir/search/pinyin.ts';
import { parseQuery } from '../../src/fhir/search/query.ts';
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
    expect(await runMigrations(fx.db, derivedSearchMigrations)).toEqual(['kernel.search.001-pinyin-reindex', 'kernel.search.002-phonetic-and-birthyear']);
    expect(await find('Practitioner', 'pinyin=liming')).toEqual(['py-lm']);
    expect(await runMigrations(fx.db, derivedSearchMigrations)).toEqual([]);
  });
});

describe('search accelerators', () => {
  beforeAll(() => loadFhirDefinitions());
  const codes = (query: string) => parseQuery('Patient', q(query)).criteria.map((c) => `${c.code}=${c.values.join(',')}`);

  it('replace pinyin by pinyin-birthyear when a birth date of one year or finer is also given', () => {
    expect(codes('pinyin=wxm&birthdate=2007')).toEqual(['pinyin-birthyear=2007:wxm', 'birthdate=2007']);
    expect(codes('gender=male&pinyin=wxm,zs&birthdate=eq2007-05-01')).toEqual(['gender=male', 'pinyin-birthyear=2007:wxm,2007:zs', 'birthdate=eq2007-05-01']);
  });

  it('leave other searches alone: ranges, modifiers, other types', () => {
    expect(codes('pinyin=wxm&birthdate=ge2007')).toEqual(['pinyin=wxm', 'birthdate=ge2007']);
    expect(codes('pinyin:exact=wxm&birthdate=2007')).toEqual(['pinyin=wxm', 'birthdate=2007']);
    expect(codes('pinyin=wxm&birthdate=ge2007&birthdate=le2008')).toEqual(['pinyin=wxm', 'birthdate=ge2007']);
    expect(parseQuery('Practitioner', q('pinyin=wxm')).criteria).toHaveLength(1);
  });
});

describe.each(factories)('phonetic and birth-year keys on $name', (factory) => {
  let fx: StoreFixture;
  const find = async (type: string, query: string) => ids((await fx.store.search(ctx, type, q(query))).resources);

  const DATA: Patient[] = [
    { resourceType: 'Patient', id: 'ph-zs', name: [{ text: '张三', family: '张', given: ['三'] }], birthDate: '1990-03-01' },
    { resourceType: 'Patient', id: 'ph-zs2', name: [{ text: '章三', family: '章', given: ['三'] }], birthDate: '2001-07-15' },
    { resourceType: 'Patient', id: 'ph-zs3', name: [{ text: '赵森', family: '赵', given: ['森'] }], birthDate: '1990-11-30' },
    { resourceType: 'Patient', id: 'ph-latin', name: [{ family: 'Smith', given: ['Anna'] }], birthDate: '1990-01-01' },
  ];

  beforeAll(async () => {
    fx = await openStore(factory);
    for (const r of DATA) await fx.store.update(ctx, r);
  });
  afterAll(() => fx?.close());

  it('phonetic finds Chinese homophones by pinyin or by characters, and other names as written', async () => {
    expect(await find('Patient', 'phonetic=zhangsan')).toEqual(['ph-zs', 'ph-zs2']);
    expect(await find('Patient', 'phonetic=章三')).toEqual(['ph-zs', 'ph-zs2']);
    expect(await find('Patient', 'phonetic=zhaos')).toEqual(['ph-zs3']);
    expect(await find('Patient', 'phonetic=smith')).toEqual(['ph-latin']);
  });

  it('indexes a Chinese name once per form, without the spaced orders of Western names', async () => {
    const { rows } = await fx.db.query<{ norm: string }>(
      "select s.norm from sp_string s join fhir_resource r on r.rk = s.rk where r.id = 'ph-zs' and s.param = 'name' order by s.norm",
    );
    expect(rows.map((r) => r.norm)).toEqual(['三', '张', '张三']);
    expect(await find('Patient', 'name=smith anna')).toEqual(['ph-latin']);
  });

  it('answers pinyin with a birth date the same with the accelerator as without it', async () => {
    expect(await find('Patient', 'pinyin=zs&birthdate=1990')).toEqual(['ph-zs', 'ph-zs3']);
    expect(await find('Patient', 'pinyin=zs&birthdate=1990-03')).toEqual(['ph-zs']);
    expect(await find('Patient', 'pinyin=zhang&birthdate=2001-07-15')).toEqual(['ph-zs2']);
    expect(await find('Patient', 'pinyin=zs&birthdate=1989')).toEqual([]);
    // The key itself, as a client may use it.
    expect(await find('Patient', 'pinyin-birthyear=1990:zs')).toEqual(['ph-zs', 'ph-zs3']);
  });
});
