import { bilingual, formatNumber } from '../../text.ts';
import { HOUR_MS, toMillis } from '../../time.ts';
import { fail, notApplicable, pass, type ResultRule } from '../rule.ts';

const STATUS_ZH = { accept: '在控', warning: '警告', reject: '失控' } as const;

/**
 * QC of the test on the instrument at the time of the result: the last QC run before the result must be in control
 * (a warning is allowed unless configured otherwise) and recent enough; a QC run after the result that failed puts
 * the results since the last good run in doubt (CLSI C24), so it holds too.
 */
export const qcStatus: ResultRule = {
  id: 'qc-status',
  scope: 'result',
  check: (r, ctx) => {
    if (r.config?.requiresQc === false) return notApplicable({}, bilingual('该项目不要求室内质控（手工项目）', 'the test does not require QC (manual test)'));
    const { test, instrument, resultedAt } = r.input;
    if (!instrument) return fail({ instrument: null }, bilingual('未注明检测仪器，无法核对质控', 'no instrument given: QC cannot be checked'));
    if (resultedAt === undefined) return fail({ instrument, resultedAt: null }, bilingual('未注明结果时间，无法核对质控', 'no result time given: QC cannot be checked'));
    const at = toMillis(resultedAt, `results[${r.index}].resultedAt`);
    const runs = (ctx.report.qc ?? [])
      .map((q, i) => ({ ...q, ms: toMillis(q.time, `qc[${i}].time`) }))
      .filter((q) => q.test === test && q.instrument === instrument)
      .sort((a, b) => a.ms - b.ms);
    const before = runs.filter((q) => q.ms <= at).pop();
    const after = runs.find((q) => q.ms > at);
    const maxAge = ctx.config.qc?.maxAgeHours ?? 24;
    const allowWarning = ctx.config.qc?.allowWarning ?? true;
    const observed = {
      instrument,
      lastQc: before ? new Date(before.ms).toISOString() : null,
      lastStatus: before?.status ?? null,
      ageHours: before ? Number(((at - before.ms) / HOUR_MS).toFixed(2)) : null,
      nextStatus: after?.status ?? null,
    };
    if (!before) return fail(observed, bilingual(`${instrument} 上 ${test} 在结果之前没有质控记录`, `no QC of ${test} on ${instrument} before the result`));
    const hours = (at - before.ms) / HOUR_MS;
    if (hours > maxAge) return fail(observed, bilingual(`最近一次质控距结果 ${formatNumber(hours)} 小时，超过 ${maxAge} 小时`, `the last QC was ${formatNumber(hours)} h before the result, more than ${maxAge} h`));
    if (before.status === 'reject') return fail(observed, bilingual(`结果前最近一次质控失控${before.runId ? `（批 ${before.runId}）` : ''}`, `the last QC before the result was out of control${before.runId ? ` (run ${before.runId})` : ''}`));
    if (before.status === 'warning' && !allowWarning) return fail(observed, bilingual('结果前最近一次质控为警告', 'the last QC before the result gave a warning'));
    if (after?.status === 'reject') return fail(observed, bilingual(`结果之后的质控失控${after.runId ? `（批 ${after.runId}）` : ''}，需评估此前结果`, `the QC after the result was out of control${after.runId ? ` (run ${after.runId})` : ''}: results since the last good QC need review`));
    return pass(observed, bilingual(`质控${STATUS_ZH[before.status]}（${formatNumber(hours)} 小时前）`, `QC ${before.status === 'accept' ? 'in control' : 'warning, allowed'} (${formatNumber(hours)} h before)`));
  },
};
