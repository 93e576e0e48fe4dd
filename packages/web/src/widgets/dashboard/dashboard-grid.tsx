import { useMemo, useState, type ReactNode } from 'react';
import { Button, Card, Col, Dropdown, Empty, Row, Select, Space, Tooltip } from 'antd';
import { ArrowLeftOutlined, ArrowRightOutlined, EyeInvisibleOutlined, EyeOutlined, HolderOutlined, LayoutOutlined, UndoOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { useUserSetting } from '../settings/user-settings.context.tsx';
import { HEIGHTS, isDashboardLayout, layoutOf, moveWidget, placeWidgets, spans, updateWidget, type DashboardLayout, type PlacedWidget, type Quarters } from './dashboard-layout.ts';

export interface DashboardWidget {
  id: string;
  title: string;
  render(): ReactNode;
  /** Width in quarter columns. */
  defaultWidth: Quarters;
  /** Card body height in pixels (default 280). */
  defaultHeight?: number;
}

export interface DashboardGridProps {
  /** User setting key of the layout, e.g. 'dashboard.home'. */
  settingsKey: string;
  widgets: DashboardWidget[];
}

const HEIGHT_CHOICES = [
  ['small', HEIGHTS.small],
  ['medium', HEIGHTS.medium],
  ['large', HEIGHTS.large],
] as const;

/**
 * Widgets in a card grid the user arranges for themselves: "customise layout" shows per-card controls to hide,
 * reorder (drag the card or use the arrows) and resize; the layout is saved per user under `settingsKey`.
 * Modules will contribute widgets; those the user may not see are simply not passed in.
 */
export function DashboardGrid({ settingsKey, widgets }: DashboardGridProps) {
  const { t } = useI18n();
  const [saved, setSaved] = useUserSetting<DashboardLayout | undefined>(settingsKey, undefined, isDashboardLayout);
  const [editing, setEditing] = useState(false);
  const [dragging, setDragging] = useState<string | null>(null);
  const placed = useMemo(() => placeWidgets(widgets, saved), [widgets, saved]);
  const byId = useMemo(() => new Map(widgets.map((w) => [w.id, w])), [widgets]);
  const save = (next: PlacedWidget[]) => setSaved(layoutOf(next));
  const visible = placed.filter((p) => !p.hidden);
  const hidden = placed.filter((p) => p.hidden);

  const controls = (p: PlacedWidget) => (
    <Space size={2} onClick={(e) => e.stopPropagation()}>
      <Tooltip title={t('dashboard.drag')}>
        <HolderOutlined style={{ cursor: 'grab', padding: 4 }} aria-label={t('dashboard.drag')} />
      </Tooltip>
      <Button size="small" type="text" icon={<ArrowLeftOutlined />} aria-label={t('dashboard.moveEarlier')} title={t('dashboard.moveEarlier')} onClick={() => save(moveWidget(placed, p.id, -1))} />
      <Button size="small" type="text" icon={<ArrowRightOutlined />} aria-label={t('dashboard.moveLater')} title={t('dashboard.moveLater')} onClick={() => save(moveWidget(placed, p.id, 1))} />
      <Select<number>
        size="small"
        aria-label={t('dashboard.width')}
        value={p.width}
        style={{ width: 72 }}
        onChange={(width) => save(updateWidget(placed, p.id, { width: width as Quarters }))}
        options={[1, 2, 3, 4].map((q) => ({ value: q, label: t('dashboard.widthValue', { quarters: q }) }))}
      />
      <Select<number>
        size="small"
        aria-label={t('dashboard.height')}
        value={p.height}
        style={{ width: 64 }}
        onChange={(height) => save(updateWidget(placed, p.id, { height }))}
        options={[...HEIGHT_CHOICES.map(([key, px]) => ({ value: px as number, label: t(`dashboard.height.${key}`) })), ...(HEIGHT_CHOICES.some(([, px]) => px === p.height) ? [] : [{ value: p.height, label: `${p.height}px` }])]}
      />
      <Button size="small" type="text" icon={<EyeInvisibleOutlined />} aria-label={t('dashboard.hide')} title={t('dashboard.hide')} onClick={() => save(updateWidget(placed, p.id, { hidden: true }))} />
    </Space>
  );

  return (
    <div data-testid="dashboard-grid">
      <Space style={{ width: '100%', justifyContent: 'flex-end', marginBottom: 12 }} wrap>
        {editing && hidden.length > 0 && (
          <Dropdown
            menu={{
              items: hidden.map((p) => ({ key: p.id, icon: <EyeOutlined />, label: byId.get(p.id)?.title ?? p.id })),
              onClick: ({ key }) => save(updateWidget(placed, key, { hidden: false })),
            }}
          >
            <Button icon={<EyeOutlined />}>
              {t('dashboard.hidden', { count: hidden.length })}
            </Button>
          </Dropdown>
        )}
        {editing && (
          <Button icon={<UndoOutlined />} onClick={() => setSaved(undefined)}>
            {t('dashboard.reset')}
          </Button>
        )}
        <Button type={editing ? 'primary' : 'default'} icon={<LayoutOutlined />} onClick={() => setEditing(!editing)}>
          {editing ? t('dashboard.done') : t('dashboard.customize')}
        </Button>
      </Space>
      {visible.length === 0 ? (
        <Empty description={t('dashboard.empty')} />
      ) : (
        <Row gutter={[16, 16]}>
          {visible.map((p) => {
            const widget = byId.get(p.id)!;
            return (
              <Col
                key={p.id}
                {...spans(p.width)}
                data-widget={p.id}
                draggable={editing}
                onDragStart={(e) => {
                  e.dataTransfer.effectAllowed = 'move';
                  setDragging(p.id);
                }}
                onDragOver={(e) => {
                  if (dragging && dragging !== p.id) e.preventDefault();
                }}
                onDrop={(e) => {
                  e.preventDefault();
                  if (dragging) save(moveWidget(placed, dragging, p.id));
                  setDragging(null);
                }}
                onDragEnd={() => setDragging(null)}
                style={{ opacity: dragging === p.id ? 0.5 : 1 }}
              >
                <Card size="small" title={widget.title} extra={editing ? controls(p) : undefined} styles={{ body: { height: p.height, overflow: 'auto' } }}>
                  {widget.render()}
                </Card>
              </Col>
            );
          })}
        </Row>
      )}
    </div>
  );
}
