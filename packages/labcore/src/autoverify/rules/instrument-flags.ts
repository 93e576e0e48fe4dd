import { bilingual } from '../../text.ts';
import { fail, pass, type ResultRule } from '../rule.ts';

/** Instrument flags — sent as flags or appended to the value (`5.6*`) — hold the result unless the test ignores them. */
export const instrumentFlags: ResultRule = {
  id: 'instrument-flags',
  scope: 'result',
  check: (r) => {
    const marks = r.value.kind === 'number' ? r.value.marks : [];
    const ignored = new Set((r.config?.ignoredInstrumentFlags ?? []).map((f) => f.trim().toUpperCase()));
    const all = [...(r.input.instrumentFlags ?? []), ...marks].map((f) => f.trim()).filter(Boolean);
    const holding = all.filter((f) => !ignored.has(f.toUpperCase()));
    const observed = { flags: all.join(','), holding: holding.join(',') };
    if (holding.length) return fail(observed, bilingual(`仪器标记：${holding.join('、')}`, `instrument flags: ${holding.join(', ')}`));
    return pass(observed, all.length ? bilingual(`仪器标记 ${all.join('、')} 已设为忽略`, `instrument flags ${all.join(', ')} are ignored for this test`) : bilingual('无仪器标记', 'no instrument flags'));
  },
};
