import { FhirError, type ModuleContext } from '@medunion/kernel';
import type { InstrumentChannel, InstrumentInput } from '../contracts/instruments.ts';
import { loadCatalogue } from '../catalogue/lookup.ts';
import { managerOf } from './connections/manager.ts';
import { createInstrument } from './store/instruments.ts';
import { bumpGeneration } from './store/leases.ts';

const DEMO_INSTITUTION = 'lead-hospital';

/**
 * Demo ports follow the platform's listener convention (`LISTENER_<MODULE>_<ID>_PORT`): `LISTENER_LIS_DEMO_HL7_PORT`
 * (default 5100) and `LISTENER_LIS_DEMO_ASTM_PORT` (default 5101). Under vitest the default is 0 (any free port), so
 * suites that seed the demo in parallel never compete for a port.
 */
function demoPort(id: 'HL7' | 'ASTM', fallback: number): number {
  const value = process.env[`LISTENER_LIS_DEMO_${id}_PORT`];
  if (value !== undefined && /^\d{1,5}$/.test(value)) return Number(value);
  return process.env.VITEST ? 0 : fallback;
}

// Mindray BC hematology names its OBX channels by the parameter; BS chemistry analyzers are set up with channel numbers.
const HEMATOLOGY: InstrumentChannel[] = [
  'WBC', 'NEUT%', 'LYMPH%', 'MONO%', 'EO%', 'BASO%', 'NEUT#', 'LYMPH#', 'MONO#', 'EO#', 'BASO#',
  'RBC', 'HGB', 'HCT', 'MCV', 'MCH', 'MCHC', 'RDW-CV', 'RDW-SD', 'PLT', 'MPV', 'PDW', 'PCT',
].map((t) => ({ channel: t, test: t }));
const CHEMISTRY: InstrumentChannel[] = [
  'ALT', 'AST', 'ALP', 'GGT', 'TBIL', 'DBIL', 'TP', 'ALB', 'UREA', 'CREA', 'UA', 'TC', 'TG', 'HDL-C', 'LDL-C', 'GLU', 'K', 'NA', 'CL', 'CA', 'CK', 'CK-MB', 'LDH', 'HBDH', 'CRP',
].map((test, i) => ({ channel: String(i + 1), test }));

/** Two analyzers of the lead hospital's lab, listening on 127.0.0.1, mapped to the demo catalogue's tests. */
export async function seedDemoInstruments(ctx: ModuleContext): Promise<void> {
  const known = await loadCatalogue(ctx, DEMO_INSTITUTION).then(
    (c) => new Set(c.tests.keys()),
    () => undefined,
  );
  const mapped = (channels: InstrumentChannel[]) => channels.filter((c) => !known?.size || known.has(c.test));
  const instruments: InstrumentInput[] = [
    {
      code: 'BC5390',
      name: '迈瑞 BC-5390 血细胞分析仪',
      manufacturer: 'Mindray',
      model: 'BC-5390',
      section: 'clinical',
      connection: { protocol: 'hl7', mode: 'server', host: '127.0.0.1', port: demoPort('HL7', 5100), encoding: 'utf-8' },
      channels: mapped(HEMATOLOGY),
    },
    {
      code: 'BS240',
      name: '迈瑞 BS-240 全自动生化分析仪',
      manufacturer: 'Mindray',
      model: 'BS-240',
      section: 'biochemistry',
      connection: { protocol: 'astm', mode: 'server', host: '127.0.0.1', port: demoPort('ASTM', 5101), encoding: 'gb18030' },
      channels: mapped(CHEMISTRY),
    },
  ];
  for (const input of instruments) {
    try {
      await createInstrument(ctx, DEMO_INSTITUTION, input);
    } catch (error) {
      // Already there from an earlier run (the demo is safe to run again).
      if (!(error instanceof FhirError && error.status === 409)) throw error;
    }
  }
  await bumpGeneration(ctx.db);
  await managerOf(ctx)?.reconcile();
}
