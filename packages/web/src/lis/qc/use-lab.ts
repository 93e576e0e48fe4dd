import { useCallback, useMemo } from 'react';
import { useSession } from '../../session/session.context.tsx';
import { holds } from '../../session/permissions.ts';
import { useInstitutions, type InstitutionOption } from '../../admin/common/use-institutions.ts';
import { useWorkingInstitution } from '../../admin/common/institution-picker.tsx';
import { useLoad } from '../../admin/common/use-load.ts';
import { labApi, type LabDirectory, type LabScope } from './lab.api.ts';

export interface Lab {
  /** What every area-5 call is scoped with. */
  scope: LabScope;
  /** False until a region-wide user's institution is known: pages wait instead of calling without one. */
  ready: boolean;
  /** Region-wide users choose the laboratory; staff work in their current institution. */
  regionWide: boolean;
  institutions: InstitutionOption[];
  setInstitution(id: string): void;
  directory: LabDirectory;
  directoryLoading: boolean;
  instrumentName(id: string | undefined): string;
  testName(code: string | undefined): string;
  can(permission: string): boolean;
}

const EMPTY: LabDirectory = { instruments: [], tests: [], panels: [] };

/**
 * The laboratory of the QC, statistics and TAT pages with its analyzers, tests and panels (for pickers and names),
 * and the caller's permissions. The lookups need `lis.read`; without it, ids and codes are shown as they are.
 */
export function useLab(): Lab {
  const { me } = useSession();
  const regionWide = !!me.regionAdmin || !me.institution;
  const { institutions } = useInstitutions(regionWide);
  const [institution, setInstitution] = useWorkingInstitution(me, institutions);
  const ready = !regionWide || !!institution;
  const scope = useMemo<LabScope>(() => ({ institution }), [institution]);
  const readsLab = holds(me.permissions, 'lis.read');
  const loaded = useLoad(
    async (): Promise<LabDirectory> => {
      const [instruments, tests, panels] = await Promise.all([labApi.instruments(scope), labApi.tests(scope), labApi.panels(scope)]);
      return { instruments, tests, panels };
    },
    [institution],
    ready && readsLab,
  );
  const directory = loaded.data ?? EMPTY;
  const instruments = useMemo(() => new Map(directory.instruments.map((i) => [i.id, i.name])), [directory]);
  const tests = useMemo(() => new Map(directory.tests.map((t) => [t.code, t.name])), [directory]);
  const instrumentName = useCallback((id: string | undefined) => (id ? (instruments.get(id) ?? id) : ''), [instruments]);
  const testName = useCallback((code: string | undefined) => (code ? (tests.get(code) ?? code) : ''), [tests]);
  const can = useCallback((permission: string) => holds(me.permissions, permission), [me.permissions]);
  return { scope, ready, regionWide, institutions, setInstitution, directory, directoryLoading: loaded.loading, instrumentName, testName, can };
}
