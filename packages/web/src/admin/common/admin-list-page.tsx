import type { ReactNode } from 'react';
import { Button, Card, Space } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ResourceTable, type ResourceTableProps } from '../../widgets/table/resource-table.tsx';
import type { Resource } from '../../widgets/table/table.types.ts';
import { Forbidden } from './forbidden.tsx';
import { InstitutionPicker } from './institution-picker.tsx';
import type { AdminList } from './use-admin-list.ts';

export interface AdminListPageProps<T extends Resource> {
  /** Card title; also the Excel sheet name and the print title. */
  title: string;
  list: AdminList;
  /** More pickers after the institution picker (e.g. a department). */
  pickers?: ReactNode;
  /** The table, without what the skeleton supplies; without a `query` the table is not shown but `empty` is. */
  table: Omit<ResourceTableProps<T>, 'exportName' | 'printTitle' | 'reloadToken' | 'toolbar'>;
  empty?: ReactNode;
  createLabel: string;
  onCreate(): void;
  /** Drawers and dialogs the page opens. */
  children?: ReactNode;
}

/**
 * The skeleton of an administration list of an institution's resources: a card with the title, the institution
 * picker and the page's own pickers; a ResourceTable (export and print under the title, create button for users
 * holding fhir.create); the page's drawers. A 403 without fhir.update — the API would refuse anyway.
 */
export function AdminListPage<T extends Resource>({ title, list, pickers, table, empty, createLabel, onCreate, children }: AdminListPageProps<T>) {
  if (!list.allowed) return <Forbidden />;
  const institutionPicker = <InstitutionPicker value={list.institution} onChange={list.setInstitution} institutions={list.institutions} editable={!!list.me.regionAdmin} />;
  return (
    <Card
      title={title}
      extra={
        pickers ? (
          <Space wrap>
            {institutionPicker}
            {pickers}
          </Space>
        ) : (
          institutionPicker
        )
      }
    >
      {table.query ? (
        <ResourceTable<T>
          {...table}
          exportName={title}
          printTitle={title}
          reloadToken={list.reloadToken}
          toolbar={
            list.canCreate && (
              <Button type="primary" icon={<PlusOutlined />} onClick={onCreate}>
                {createLabel}
              </Button>
            )
          }
        />
      ) : (
        empty
      )}
      {children}
    </Card>
  );
}
