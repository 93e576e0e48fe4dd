/**
 * The analyzers of the benchmark and what they run: BS-240-style chemistry analyzers (ASTM, GB 18030, numbered
 * channels) for 肝功能 + 电解质 + 血脂 on one serum tube, and BC-5390-style haematology analyzers (HL7, channels named
 * by the parameter) for 血常规. Shared by the set-up (channel maps) and the load client (what each analyzer sends).
 */
import type { InstrumentChannel, InstrumentInput } from '../../packages/lis/src/contracts/instruments.ts';

/** Panels of one requisition: three chemistry panels share a serum tube, the blood count has its EDTA tube. */
export const CHEMISTRY_PANELS = ['LFT', 'ELEC', 'LIPID'];
export const CBC_PANEL = 'CBC';
export const CHEMISTRY_TUBE = 'SST';
export const CBC_TUBE = 'EDTA';

/** Measured chemistry tests of those panels (IBIL, GLB, A/G, AG, LDL-C and non-HDL-C are calculated by the LIS). */
export const CHEMISTRY_TESTS = ['ALT', 'AST', 'ALP', 'GGT', 'TBIL', 'DBIL', 'TP', 'ALB', 'K', 'NA', 'CL', 'CA', 'HCO3', 'TC', 'TG', 'HDL-C'];
export const CBC_TESTS = ['WBC', 'NEUT%', 'LYMPH%', 'MONO%', 'EO%', 'BASO%', 'NEUT#', 'LYMPH#', 'MONO#', 'EO#', 'BASO#', 'RBC', 'HGB', 'HCT', 'MCV', 'MCH', 'MCHC', 'RDW-CV', 'RDW-SD', 'PLT', 'MPV', 'PDW', 'PCT'];

/** BS-240 numbering: the channel is the test's position in the analyzer's menu. */
const CHEMISTRY_MENU = ['ALT', 'AST', 'ALP', 'GGT', 'TBIL', 'DBIL', 'TP', 'ALB', 'UREA', 'CREA', 'UA', 'TC', 'TG', 'HDL-C', 'GLU', 'K', 'NA', 'CL', 'CA', 'CK', 'CK-MB', 'LDH', 'HBDH', 'CRP', 'HCO3'];
export const CHEMISTRY_CHANNELS: InstrumentChannel[] = CHEMISTRY_MENU.map((test, i) => ({ channel: String(i + 1), test }));
export const CBC_CHANNELS: InstrumentChannel[] = CBC_TESTS.map((test) => ({ channel: test, test }));

export const channelOf = (channels: InstrumentChannel[], test: string): string => channels.find((c) => c.test === test)!.channel;

export type Protocol = 'astm' | 'hl7';

/** The instruments as the lab configures them: servers on 127.0.0.1, any free port. */
export function instrumentInputs(astm: number, hl7: number): { protocol: Protocol; input: InstrumentInput }[] {
  const out: { protocol: Protocol; input: InstrumentInput }[] = [];
  for (let i = 1; i <= astm; i++) {
    out.push({
      protocol: 'astm',
      input: {
        code: `BS240-${i}`,
        name: `生化分析仪 ${i} 号`,
        manufacturer: 'Mindray',
        model: 'BS-240',
        section: 'biochemistry',
        connection: { protocol: 'astm', mode: 'server', host: '127.0.0.1', port: 0, encoding: 'gb18030' },
        channels: CHEMISTRY_CHANNELS,
      },
    });
  }
  for (let i = 1; i <= hl7; i++) {
    out.push({
      protocol: 'hl7',
      input: {
        code: `BC5390-${i}`,
        name: `血细胞分析仪 ${i} 号`,
        manufacturer: 'Mindray',
        model: 'BC-5390',
        section: 'clinical',
        connection: { protocol: 'hl7', mode: 'server', host: '127.0.0.1', port: 0, encoding: 'utf-8' },
        channels: CBC_CHANNELS,
      },
    });
  }
  return out;
}

/** The control each analyzer runs before the patients, under its own sample id. */
export const qcSampleOf = (instrumentCode: string): string => `QC-${instrumentCode}`;
