import type { Specimen } from '@medplum/fhirtypes';
import type { ModuleContext, RequestContext } from '@medunion/kernel';
import type { ReceiveOutcome } from '../contracts/specimens.ts';
import { sid } from '../urls.ts';
import { barcodeCheck } from './barcode.ts';
import { lockCurrent } from './ledger.ts';
import { barcodeOf, priorityOf } from './specimen-fhir.ts';
import { scanProblem } from './scan.ts';
import { moveSpecimen } from './status.ts';
import { REJECTION_REASONS, SPECIMEN_STATUS_NAMES } from './terminology.ts';
import { rejectionOf } from './reject.ts';

/** Most barcodes one batch receipt takes (a rack or a transport box). */
export const MAX_BATCH = 200;

/**
 * 标本签收 by scan: each barcode is received (status `received`, `receivedTime` now) if it is registered or
 * collected; a tube never scanned at collection is received too, the ledger noting it. Each barcode gets its own
 * outcome — unknown, misread, rejected (with the reason), already received — and the batch is one transaction, so a
 * rack scanned twice receives nothing twice.
 */
export async function receiveSpecimens(ctx: ModuleContext, request: RequestContext, institution: string, barcodes: string[]): Promise<ReceiveOutcome[]> {
  return ctx.store.inUnit(request, async (unit) => {
    const outcomes: ReceiveOutcome[] = [];
    const seen = new Set<string>();
    const valid = barcodes.filter((b) => barcodeCheck(b) !== 'bad-check-digit');
    const found = valid.length
      ? await ctx.store.search(request, 'Specimen', [['identifier', valid.map((b) => `${sid.barcode(institution)}|${b}`).join(',')], ['_count', String(valid.length)]], unit)
      : { resources: [] };
    const byBarcode = new Map((found.resources as Specimen[]).map((s) => [barcodeOf(s, institution), s]));
    const now = new Date();
    for (const barcode of barcodes) {
      if (seen.has(barcode)) continue;
      seen.add(barcode);
      const problem = scanProblem(barcode);
      if (problem) {
        outcomes.push({ barcode, outcome: 'refused', message: `${problem.zh} / ${problem.en}` });
        continue;
      }
      const specimen = byBarcode.get(barcode);
      if (!specimen?.id) {
        outcomes.push({ barcode, outcome: 'not-found', message: `条码 ${barcode} 不存在 / Unknown barcode` });
        continue;
      }
      const current = await lockCurrent(unit.tx, specimen.id);
      const status = current?.status ?? 'registered';
      const stat = priorityOf(specimen) === 'stat';
      if (status === 'rejected') {
        const r = rejectionOf(specimen);
        const reason = r ? (REJECTION_REASONS[r.reason]?.zh ?? r.reason) : '';
        outcomes.push({ barcode, outcome: 'rejected', specimenId: specimen.id, status, message: `该标本已拒收${reason ? `（${reason}）` : ''} / The specimen was rejected` });
        continue;
      }
      if (status !== 'registered' && status !== 'collected') {
        outcomes.push({ barcode, outcome: 'already-received', specimenId: specimen.id, status, message: `标本已${SPECIMEN_STATUS_NAMES[status].zh} / Already ${SPECIMEN_STATUS_NAMES[status].en}`, ...(stat ? { stat } : {}) });
        continue;
      }
      await moveSpecimen(ctx, unit, request, specimen.id, 'received', {
        at: now,
        ...(status === 'registered' ? { note: '签收时未登记采集 / received without a recorded collection' } : {}),
        change: (s) => ({ ...s, receivedTime: now.toISOString() }),
      });
      outcomes.push({ barcode, outcome: 'received', specimenId: specimen.id, status: 'received', ...(stat ? { stat } : {}) });
    }
    return outcomes;
  });
}
