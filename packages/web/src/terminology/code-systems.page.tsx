import { useMemo, useState } from 'react';
import { Card, Empty, Tag } from 'antd';
import type { CodeSystem } from '@medplum/fhirtypes';
import { Forbidden } from '../admin/common/forbidden.tsx';
import { useInstitutions } from '../admin/common/use-institutions.ts';
import { useI18n } from '../i18n/i18n.context.tsx';
import { holds } from '../session/permissions.ts';
import { useSession } from '../session/session.context.tsx';
import { ResourceTable } from '../widgets/table/resource-table.tsx';
import type { FilterField, ResourceColumn } from '../widgets/table/table.types.ts';
import { ConceptBrowser } from './concept-browser.tsx';
import { dictionaryKind } from './dictionary-versions.ts';

const INSTITUTION_EXTENSION = 'https://medunion.org/fhir/StructureDefinition/institution';
const institutionOf = (cs: CodeSystem) => cs.meta?.extension?.find((e) => e.url === INSTITUTION_EXTENSION)?.valueReference?.reference?.split('/')[1];
// The list never needs the concepts: a 30,000-concept ICD-10 would otherwise travel with every page.
const LIST_QUERY = { _elements: 'url,version,title,name,content,count,status,meta' };

/** 术语浏览: every code system the caller may see; choosing one shows its concepts (tree or filtered list) and their details. */
export default function CodeSystemsPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const allowed = holds(me.permissions, 'terminology.read');
  const { nameOf } = useInstitutions(allowed && holds(me.permissions, 'fhir.search'));
  const [selected, setSelected] = useState<CodeSystem>();

  const columns = useMemo<ResourceColumn<CodeSystem>[]>(
    () => [
      { key: 'title', title: t('terminology.codeSystems.colTitle'), expression: 'title', sortParam: 'title', width: 220 },
      { key: 'url', title: t('terminology.codeSystems.colUrl'), expression: 'url', sortParam: 'url', width: 300 },
      { key: 'version', title: t('terminology.codeSystems.colVersion'), expression: 'version', width: 140 },
      { key: 'content', title: t('terminology.codeSystems.colContent'), expression: 'content', width: 90 },
      { key: 'count', title: t('terminology.codeSystems.colCount'), expression: 'count', width: 90, align: 'right' },
      { key: 'kind', title: t('terminology.codeSystems.colKind'), expression: "meta.tag.where(system = 'https://medunion.org/fhir/CodeSystem/dictionary-kind').code", render: (cs) => (dictionaryKind(cs) ? <Tag>{dictionaryKind(cs)}</Tag> : ''), width: 110 },
      { key: 'institution', title: t('terminology.codeSystems.colInstitution'), render: (cs) => nameOf(institutionOf(cs)) || t('terminology.codeSystems.region'), width: 160 },
    ],
    [t, nameOf],
  );
  const filters = useMemo<FilterField[]>(
    () => [
      { param: 'title', label: t('terminology.codeSystems.colTitle'), kind: 'text' },
      { param: 'url', label: t('terminology.codeSystems.colUrl'), kind: 'text' },
    ],
    [t],
  );

  if (!allowed) return <Forbidden />;
  return (
    <Card title={t('terminology.codeSystems.title')}>
      <ResourceTable<CodeSystem>
        resourceType="CodeSystem"
        query={LIST_QUERY}
        columns={columns}
        filters={filters}
        settingsKey="table.terminology.codeSystems"
        onRowClick={setSelected}
      />
      <Card size="small" style={{ marginTop: 16 }} title={selected ? `${selected.title ?? selected.name ?? selected.url} ${selected.version ?? ''}` : undefined} data-testid="concept-browser">
        {selected ? <ConceptBrowser codeSystem={selected} /> : <Empty description={t('terminology.codeSystems.pick')} />}
      </Card>
    </Card>
  );
}
