import { useState } from 'react';
import { useLoad } from '../../admin/common/use-load.ts';
import { specimensApi, type SpecimenFilter, type SpecimenSummary } from './specimens.api.ts';

export interface SpecimenListState {
  rows: SpecimenSummary[];
  total: number;
  loading: boolean;
  error: unknown;
  reload(): void;
  page: number;
  pageSize: number;
  onPage(page: number, pageSize: number): void;
}

/** One page of `GET /specimens` (status, department, registration dates); a changed filter starts at page 1 again. */
export function useSpecimenList(filter: Omit<SpecimenFilter, '_count' | '_offset'>, enabled: boolean, defaultPageSize = 50): SpecimenListState {
  const key = JSON.stringify(filter);
  const [paging, setPaging] = useState({ key, page: 1, pageSize: defaultPageSize });
  const page = paging.key === key ? paging.page : 1;
  const { pageSize } = paging;
  const list = useLoad(() => specimensApi.list({ ...filter, _count: pageSize, _offset: (page - 1) * pageSize }), [key, page, pageSize], enabled);
  return {
    rows: list.data?.items ?? [],
    total: list.data?.total ?? 0,
    loading: list.loading,
    error: list.error,
    reload: list.reload,
    page,
    pageSize,
    onPage: (next, size) => setPaging({ key, page: size !== pageSize ? 1 : next, pageSize: size }),
  };
}
