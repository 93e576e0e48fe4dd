import { memo, useState } from 'react';
import { Button, Checkbox, Popover, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, HolderOutlined, SettingOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { moveColumn, toggleColumn, type ColumnState } from './column-settings.ts';

interface ColumnChooserProps {
  /** Titles of the page's columns by key. */
  titles: Record<string, string>;
  columns: ColumnState[];
  onChange(columns: ColumnState[]): void;
  onReset(): void;
}

/** 列设置: show/hide columns and put them in order by dragging or with the arrows; remembered per user. */
export const ColumnChooser = memo(function ColumnChooser({ titles, columns, onChange, onReset }: ColumnChooserProps) {
  const { t } = useI18n();
  const [dragging, setDragging] = useState<number | null>(null);
  const visible = columns.filter((c) => c.visible).length;

  const list = (
    <div style={{ width: 260 }} data-testid="column-chooser">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('table.columnsHint')}
        </Typography.Text>
        <Button type="link" size="small" onClick={onReset}>
          {t('table.columnsReset')}
        </Button>
      </div>
      <div style={{ maxHeight: 360, overflowY: 'auto' }}>
        {columns.map((c, i) => (
          <div
            key={c.key}
            data-column={c.key}
            draggable
            onDragStart={(e) => {
              setDragging(i);
              e.dataTransfer.effectAllowed = 'move';
            }}
            onDragOver={(e) => {
              if (dragging === null) return;
              e.preventDefault();
              e.dataTransfer.dropEffect = 'move';
            }}
            onDrop={(e) => {
              e.preventDefault();
              if (dragging !== null) onChange(moveColumn(columns, dragging, i));
              setDragging(null);
            }}
            onDragEnd={() => setDragging(null)}
            style={{ display: 'flex', alignItems: 'center', gap: 4, padding: '2px 0', opacity: dragging === i ? 0.4 : 1 }}
          >
            <HolderOutlined style={{ cursor: 'grab', color: '#bfbfbf' }} />
            <Checkbox checked={c.visible} disabled={c.visible && visible <= 1} onChange={(e) => onChange(toggleColumn(columns, c.key, e.target.checked))} style={{ flex: 1 }}>
              {titles[c.key] ?? c.key}
            </Checkbox>
            <Button type="text" size="small" icon={<ArrowUpOutlined />} aria-label={t('table.moveUp')} disabled={i === 0} onClick={() => onChange(moveColumn(columns, i, i - 1))} />
            <Button type="text" size="small" icon={<ArrowDownOutlined />} aria-label={t('table.moveDown')} disabled={i === columns.length - 1} onClick={() => onChange(moveColumn(columns, i, i + 1))} />
          </div>
        ))}
      </div>
    </div>
  );

  return (
    <Popover content={list} trigger="click" placement="bottomRight" title={t('table.columns')}>
      <Tooltip title={t('table.columns')}>
        <Button type="text" icon={<SettingOutlined />} aria-label={t('table.columns')} />
      </Tooltip>
    </Popover>
  );
});
