import { useMemo } from 'react';
import type { CataloguePanel, CatalogueTest, Instrument } from '@medunion/lis/contracts';
import { useLoad } from '../../admin/common/use-load.ts';
import { labDirectoryApi } from './results.api.ts';

export interface LabDirectory {
  instruments: Instrument[];
  testName(code: string): string;
  /** A calculated test (公式计算): the server computes it, the bench never types it. */
  isCalculated(code: string): boolean;
  panelNames(codes: readonly string[]): string;
  test(code: string): CatalogueTest | undefined;
}

// Read once per page load: every page of the laboratory names tests, panels and analyzers the same way.
let cached: Promise<[CatalogueTest[], CataloguePanel[], Instrument[]]> | undefined;
function load() {
  cached ??= Promise.all([labDirectoryApi.tests(), labDirectoryApi.panels(), labDirectoryApi.instruments().catch(() => [])]);
  cached.catch(() => (cached = undefined));
  return cached;
}

/** The laboratory's tests, panels and analyzers, for names and filters. `enabled` false for users who may not read them. */
export function useLabDirectory(enabled = true): LabDirectory {
  const { data } = useLoad(load, [], enabled);
  return useMemo(() => {
    const [tests = [], panels = [], instruments = []] = data ?? [];
    const byTest = new Map(tests.map((t) => [t.code, t]));
    const panelName = new Map(panels.map((p) => [p.code, p.name]));
    return {
      instruments: instruments.filter((i) => i.active),
      testName: (code) => byTest.get(code)?.name ?? code,
      isCalculated: (code) => !!byTest.get(code)?.formula,
      panelNames: (codes) => codes.map((c) => panelName.get(c) ?? c).join(' · '),
      test: (code) => byTest.get(code),
    };
  }, [data]);
}
