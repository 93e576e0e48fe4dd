import { useEffect, useState } from 'react';
import { useLoad } from '../../admin/common/use-load.ts';
import { recognitionAdminApi } from './recognition-admin.api.ts';

/** The recognition years and the one a page works on (default: the newest). */
export function useYears() {
  const years = useLoad(() => recognitionAdminApi.years(), []);
  const [year, setYear] = useState<number | undefined>();
  useEffect(() => {
    if (year === undefined && years.data?.length) setYear(years.data[0].year);
  }, [years.data, year]);
  return { years: years.data ?? [], loading: years.loading, reload: years.reload, year, setYear };
}
