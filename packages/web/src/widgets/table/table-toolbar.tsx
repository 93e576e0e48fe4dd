import type { ReactNode } from 'react';
import { Button, Dropdown, Space, Tooltip } from 'antd';
import { ColumnHeightOutlined, FileExcelOutlined, PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { DENSITIES, type Density } from './table.types.ts';

interface TableToolbarProps {
  /** The page's own buttons (新增, 批量操作 …), on the left. */
  extra?: ReactNode;
  density: Density;
  onDensity(density: Density): void;
  onRefresh(): void;
  /** Present only when the table offers it (and the user may). */
  onExport?: () => void;
  exporting?: boolean;
  onPrint?: () => void;
  printing?: boolean;
  columnChooser: ReactNode;
}

/** The row above the table: page actions left; refresh, density, columns, Excel and print right (antd pro-table habit). */
export function TableToolbar({ extra, density, onDensity, onRefresh, onExport, exporting, onPrint, printing, columnChooser }: TableToolbarProps) {
  const { t } = useI18n();
  return (
    <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8, gap: 8, flexWrap: 'wrap' }}>
      {extra ? <Space wrap>{extra}</Space> : null}
      <Space size={2} style={{ marginLeft: 'auto' }}>
        {onExport && (
          <Button icon={<FileExcelOutlined />} loading={exporting} onClick={onExport} title="Alt+E">
            {t('table.export')}
          </Button>
        )}
        {onPrint && (
          <Button icon={<PrinterOutlined />} loading={printing} onClick={onPrint} title="Alt+P">
            {t('table.print')}
          </Button>
        )}
        <Tooltip title={`${t('table.refresh')} (Alt+R)`}>
          <Button type="text" icon={<ReloadOutlined />} aria-label={t('table.refresh')} onClick={onRefresh} />
        </Tooltip>
        <Dropdown
          trigger={['click']}
          menu={{
            selectable: true,
            selectedKeys: [density],
            items: DENSITIES.map((d) => ({ key: d, label: t(`table.density.${d}`) })),
            onClick: ({ key }) => onDensity(key as Density),
          }}
        >
          <Tooltip title={t('table.density')}>
            <Button type="text" icon={<ColumnHeightOutlined />} aria-label={t('table.density')} />
          </Tooltip>
        </Dropdown>
        {columnChooser}
      </Space>
    </div>
  );
}
