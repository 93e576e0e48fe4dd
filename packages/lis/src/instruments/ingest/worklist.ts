import type { Instrument } from '../../contracts/instruments.ts';
import { ChannelMap } from '../model/convert.ts';
import type { InstrumentServices, PatientSummary } from './services.ts';

export interface WorklistTest {
  channel: string;
  test: string;
  name?: string;
}

export interface WorklistAnswer {
  found: boolean;
  /** Why nothing is sent (unknown specimen, rejected, nothing for this instrument). */
  reason?: string;
  barcode?: string;
  sampleNumber?: string;
  patient?: PatientSummary;
  stat: boolean;
  /** What the analyzer should run, in its own channel codes. */
  tests: WorklistTest[];
}

const URGENT = new Set(['stat', 'asap', 'urgent']);

/**
 * The host-query answer (双向通讯): the tests ordered on the specimen that this instrument runs, as its channel
 * codes. Calculated tests and tests of other instruments have no channel here and are left out; `requested`
 * (the channels the analyzer asked about, when it did not ask for ALL) narrows the list further.
 */
export async function worklistFor(services: InstrumentServices, instrument: Instrument, sampleId: string, requested: string[] = []): Promise<WorklistAnswer> {
  const work = sampleId ? await services.findSpecimen(instrument.institution, sampleId) : undefined;
  if (!work) return { found: false, stat: false, tests: [], reason: `标本 ${sampleId} 不存在 / no specimen ${sampleId}` };
  if (work.status === 'rejected') return { found: false, stat: false, tests: [], barcode: work.barcode, reason: `标本 ${work.barcode} 已拒收 / specimen ${work.barcode} was rejected` };
  const channels = new ChannelMap(instrument.channels);
  const asked = new Set(requested.filter((r) => r && r.toUpperCase() !== 'ALL'));
  const names = await services.testNames(instrument.institution).catch(() => new Map<string, string>());
  const tests: WorklistTest[] = [];
  for (const test of work.tests) {
    const channel = channels.channelFor(test);
    if (!channel || (asked.size && !asked.has(channel.channel)) || tests.some((t) => t.channel === channel.channel)) continue;
    tests.push({ channel: channel.channel, test, ...(names.get(test) ? { name: names.get(test) } : {}) });
  }
  const answer: WorklistAnswer = {
    found: tests.length > 0,
    barcode: work.barcode,
    stat: work.orders.some((o) => URGENT.has(o.priority ?? '')),
    tests,
    patient: await services.patient(work.patientId),
  };
  const sampleNumber = work.specimen.accessionIdentifier?.value;
  if (sampleNumber) answer.sampleNumber = sampleNumber;
  if (!tests.length) answer.reason = `标本 ${work.barcode} 无本仪器检测的项目 / nothing ordered on ${work.barcode} runs on ${instrument.code}`;
  return answer;
}
