import { Button, Checkbox, ColorPicker, Divider, Drawer, Space, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { useUserSetting } from '../../widgets/settings/user-settings.context.tsx';
import { MARKED_STATES, stateIcon, useStateColours } from '../reports/report-state.tsx';
import { OPTIONAL_COLUMNS, type OptionalColumn } from './results-grid.tsx';

const HIDDEN_COLUMNS_SETTING = 'lis.bench.hidden-columns';
// Where a result came from is rarely needed at a glance (the trail shows it): hidden until a user asks for it.
const DEFAULT_HIDDEN: OptionalColumn[] = ['source'];

/** The result columns this user hides at the bench, remembered server-side like every table's layout. */
export function useHiddenColumns(): [OptionalColumn[], (next: OptionalColumn[]) => void] {
  return useUserSetting<OptionalColumn[]>(HIDDEN_COLUMNS_SETTING, DEFAULT_HIDDEN, (v) => Array.isArray(v) && v.every((c) => (OPTIONAL_COLUMNS as readonly unknown[]).includes(c))) as unknown as [OptionalColumn[], (next: OptionalColumn[]) => void];
}

/**
 * 表格参数设置 of the bench (seed 000 LIS 2.4): which result columns show, and the colours of the report states.
 * High/low/critical colours are the console's own (界面设置, Alt+S), shared with every result on every page.
 */
export function BenchSettings({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const [hidden, setHidden] = useHiddenColumns();
  const [colours, override, setOverride] = useStateColours();
  return (
    <Drawer open={open} size={380} title={t('lisRes.settings.title')} onClose={onClose} destroyOnHidden>
      <Typography.Title level={5}>{t('lisRes.settings.columns')}</Typography.Title>
      <Checkbox.Group
        value={OPTIONAL_COLUMNS.filter((c) => !hidden.includes(c))}
        onChange={(shown) => setHidden(OPTIONAL_COLUMNS.filter((c) => !shown.includes(c)))}
        options={OPTIONAL_COLUMNS.map((c) => ({ value: c, label: t(`lisRes.settings.column.${c}`) }))}
        style={{ display: 'grid', gap: 4 }}
      />
      <Divider />
      <Typography.Title level={5}>{t('lisRes.settings.colours')}</Typography.Title>
      <Space orientation="vertical" style={{ width: '100%' }}>
        {MARKED_STATES.map((s) => (
          <Space key={s} style={{ width: '100%', justifyContent: 'space-between' }}>
            <span style={{ color: colours[s] }}>
              {stateIcon(s)} {t(`lisRes.state.${s}`)}
            </span>
            <ColorPicker format="hex" disabledAlpha size="small" value={colours[s]} onChangeComplete={(c) => setOverride({ ...override, [s]: c.toHexString() })} />
          </Space>
        ))}
        <Button size="small" onClick={() => setOverride({})} disabled={!Object.keys(override).length}>
          {t('lisRes.settings.reset')}
        </Button>
        <Typography.Text type="secondary">{t('lisRes.settings.abnormalHint')}</Typography.Text>
      </Space>
    </Drawer>
  );
}
