/** What a simulated analyzer reports for one specimen. */
export interface SimulatedResult {
  code: string;
  value: string | number;
  unit?: string;
  /** Abnormal flag: L, H, LL, HH, N, A, <, >. */
  flag?: string;
  referenceRange?: string;
  name?: string;
}

export interface SimulatedSpecimen {
  /** The specimen barcode. */
  specimenId: string;
  /** The analyzer's own sample number. */
  sampleNumber?: string;
  results: SimulatedResult[];
  /** HL7 only: add a WBC histogram (an ED BMP image and an NA count array). */
  histogram?: boolean;
}

export interface SimulatedRun {
  instrumentId?: string;
  specimens: SimulatedSpecimen[];
}

/** `--test GLU=5.6:mmol/L:N` → `{ code: 'GLU', value: '5.6', unit: 'mmol/L', flag: 'N' }`. */
export function parseTestFlag(text: string): SimulatedResult {
  const m = /^([^=]+)=([^:]*)(?::([^:]*))?(?::([^:]*))?$/.exec(text);
  if (!m) throw new Error(`bad --test "${text}" (expected CODE=VALUE[:UNIT[:FLAG]])`);
  return { code: m[1], value: m[2], ...(m[3] ? { unit: m[3] } : {}), ...(m[4] ? { flag: m[4] } : {}) };
}

/** Reads a results file: `{ instrumentId?, specimens: [...] }` or just the specimens array. */
export function parseResultsFile(json: string): SimulatedRun {
  const data: unknown = JSON.parse(json);
  const run = (Array.isArray(data) ? { specimens: data } : data) as Partial<SimulatedRun>;
  if (!run || !Array.isArray(run.specimens)) throw new Error('results file: expected { "specimens": [...] } or an array');
  run.specimens.forEach((s, i) => {
    if (typeof s?.specimenId !== 'string' || !Array.isArray(s.results)) throw new Error(`results file: specimens[${i}] needs specimenId and results`);
    s.results.forEach((r, j) => {
      if (typeof r?.code !== 'string' || (typeof r.value !== 'string' && typeof r.value !== 'number')) {
        throw new Error(`results file: specimens[${i}].results[${j}] needs code and value`);
      }
    });
  });
  return { specimens: run.specimens, ...(typeof run.instrumentId === 'string' ? { instrumentId: run.instrumentId } : {}) };
}
