import type { PbrtqcSettings, PbrtqcStatistic, PbrtqcTruncation } from './types.ts';

export interface CandidateGridOptions {
  target: number;
  statistics?: readonly PbrtqcStatistic[];
  /** For the moving average and median. */
  blockSizes?: readonly number[];
  /** For the EWMA. */
  lambdas?: readonly number[];
  /** Each one tried; `undefined` in the list means no truncation. */
  truncations?: readonly (PbrtqcTruncation | undefined)[];
}

/** Every combination of statistic × block size or λ × truncation: the settings a bias simulation chooses among. */
export function candidateGrid(options: CandidateGridOptions): PbrtqcSettings[] {
  const statistics = options.statistics ?? ['moving-average', 'moving-median', 'ewma'];
  const truncations = options.truncations ?? [undefined];
  const out: PbrtqcSettings[] = [];
  for (const statistic of statistics) {
    const sizes: { blockSize?: number; lambda?: number }[] =
      statistic === 'ewma' ? (options.lambdas ?? [0.05, 0.1, 0.2]).map((lambda) => ({ lambda })) : (options.blockSizes ?? [10, 20, 50]).map((blockSize) => ({ blockSize }));
    for (const size of sizes) {
      for (const truncation of truncations) out.push({ statistic, ...size, target: options.target, ...(truncation ? { truncation } : {}) });
    }
  }
  return out;
}
