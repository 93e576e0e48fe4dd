import { bilingual } from '../../text.ts';
import { fail, pass, type ResultRule } from '../rule.ts';

/** Any instrument error code (short sample, clot, reagent out) holds the result. */
export const instrumentErrors: ResultRule = {
  id: 'instrument-errors',
  scope: 'result',
  check: (r) => {
    const codes = r.input.errorCodes ?? [];
    return codes.length
      ? fail({ errorCodes: codes.join(',') }, bilingual(`仪器报错：${codes.join('、')}`, `instrument error: ${codes.join(', ')}`))
      : pass({ errorCodes: '' }, bilingual('无仪器报错', 'no instrument errors'));
  },
};
