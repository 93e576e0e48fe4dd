/**
 * How fast $expand filters a 30,000-concept code system (the size of ICD-10 国家临床版 2.0) on PGlite and
 * PostgreSQL. Not a test (no assertions on time): run it and read the numbers.
 *
 *   npx tsx packages/terminology/test/perf/expand-30k.ts
 */
import type { CodeSystem } from '@medplum/fhirtypes';
import { SYSTEM_PRINCIPAL } from '@medunion/kernel';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { indexCodeSystem } from '../../src/concepts/concept-index.ts';
import { CodeSystemResolver } from '../../src/concepts/resolver.ts';
import { expand } from '../../src/operations/expand.ts';
import { lookup } from '../../src/operations/lookup.ts';
import { OperationParams } from '../../src/operations/params.ts';
import { moduleKernel } from '../helpers/module-context.ts';

const MODIFIERS = ['急性', '慢性', '复发性', '病毒性', '细菌性', '先天性', '继发性', '原发性', '外伤性', '药物性'];
const ORGANS = ['支气管', '肺', '胃', '十二指肠', '肝', '胆囊', '胰腺', '肾', '膀胱', '心', '脑', '脊髓', '皮肤', '关节', '甲状腺'];
const LESIONS = ['炎', '溃疡', '结石', '良性肿瘤', '恶性肿瘤', '出血', '梗死', '功能不全', '囊肿', '损伤'];
const N = 30_000;

function syntheticIcd(): CodeSystem {
  const concept = Array.from({ length: N }, (_, i) => {
    const letter = String.fromCharCode(65 + (i % 26));
    const name = `${MODIFIERS[i % MODIFIERS.length]}${ORGANS[Math.floor(i / 10) % ORGANS.length]}${LESIONS[Math.floor(i / 150) % LESIONS.length]}`;
    return { code: `${letter}${String(Math.floor(i / 26) % 100).padStart(2, '0')}.${String(i).padStart(5, '0')}`, display: `${name}${i}` };
  });
  return { resourceType: 'CodeSystem', url: 'urn:perf:icd', version: '1', status: 'active', content: 'complete', concept };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

for (const factory of await testDbFactories()) {
  const { kernel, ctx } = await moduleKernel(factory);
  const system = { principal: SYSTEM_PRINCIPAL };
  let t = performance.now();
  const stored = (await kernel.store.create(system, syntheticIcd())).resource as CodeSystem;
  const storeMs = performance.now() - t;
  t = performance.now();
  await indexCodeSystem(kernel.db, stored);
  const indexMs = performance.now() - t;
  const resolver = new CodeSystemResolver(ctx);
  const cases: [string, [string, string][]][] = [
    ['pinyin initials "jxzqg"', [['filter', 'jxzqg']]],
    ['full pinyin "manxingshen"', [['filter', 'manxingshen']]],
    ['display "胆囊结石"', [['filter', '胆囊结石']]],
    ['code prefix "k1"', [['filter', 'k1']]],
    ['no filter, page 100', [['offset', '1000']]],
  ];
  console.log(`\n${factory.name}: store ${Math.round(storeMs)} ms, index ${Math.round(indexMs)} ms (${N} concepts)`);
  for (const [label, extra] of cases) {
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < 30; i++) {
      const start = performance.now();
      const vs = await expand(ctx, resolver, system, new OperationParams([['url', 'urn:perf:icd?fhir_vs'], ['count', '20'], ...extra]));
      times.push(performance.now() - start);
      total = vs.expansion!.total!;
    }
    times.sort((a, b) => a - b);
    console.log(`  $expand ${label.padEnd(28)} total ${String(total).padStart(5)}  p50 ${percentile(times, 50).toFixed(1)} ms  p95 ${percentile(times, 95).toFixed(1)} ms`);
  }
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const start = performance.now();
    await lookup(ctx, resolver, system, new OperationParams([['system', 'urn:perf:icd'], ['code', stored.concept![i * 997].code]]));
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`  $lookup${' '.repeat(44)}p50 ${percentile(times, 50).toFixed(1)} ms  p95 ${percentile(times, 95).toFixed(1)} ms`);
  await kernel.close();
}
