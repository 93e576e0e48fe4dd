import { useState, type Key } from 'react';
import { App, Button, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { QcLevel, QcLot, QcMaterial } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { errorText } from '../../admin/common/errors.ts';
import { LotDialog } from './lot.dialog.tsx';
import { LotExpiryDialog } from './lot-expiry.dialog.tsx';
import { MaterialDialog } from './material.dialog.tsx';
import { qcApi } from './qc.api.ts';
import { expiryState, labToday } from './qc-text.ts';
import { SamplesDialog } from './samples.dialog.tsx';
import type { Lab } from './use-lab.ts';

const EXPIRY_TAG = { expired: 'red', soon: 'orange', ok: 'default' } as const;

/**
 * 质控品管理: materials with their lots (expiry coloured: expired red, within 30 days orange) and each lot's levels
 * with the sample ids analyzers report them under. Changes need `lis.qc.manage` (the buttons are hidden otherwise).
 */
export function MaterialsTab({ lab, materials, loading, reload }: { lab: Lab; materials: QcMaterial[]; loading: boolean; reload(): void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const manage = lab.can('lis.qc.manage');
  const [editing, setEditing] = useState<QcMaterial | null | undefined>(undefined);
  const [addingLot, setAddingLot] = useState<QcMaterial | null>(null);
  const [expiry, setExpiry] = useState<QcLot | null>(null);
  const [samples, setSamples] = useState<{ level: QcLevel; title: string } | null>(null);
  // Every material opens expanded (lots are what the bench looks for) until the user folds one.
  const [expanded, setExpanded] = useState<readonly Key[] | null>(null);
  const today = labToday().format('YYYY-MM-DD');
  const done = () => {
    setEditing(undefined);
    setAddingLot(null);
    setExpiry(null);
    setSamples(null);
    reload();
  };
  const run = async (change: () => Promise<unknown>) => {
    try {
      await change();
      message.success(t('lisQc.saved'));
      reload();
    } catch (err) {
      message.error(errorText(err, locale));
    }
  };

  const lotsTable = (m: QcMaterial) => (
    <Table<QcLot>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={m.lots}
      columns={[
        { key: 'lotNo', title: t('lisQc.lots.lotNo'), dataIndex: 'lotNo', width: 120 },
        {
          key: 'expiresOn',
          title: t('lisQc.lots.expiresOn'),
          width: 150,
          render: (_, l) => {
            const state = expiryState(l, today);
            return <Tag color={EXPIRY_TAG[state]}>{state === 'expired' ? t('lisQc.lots.expired', { date: l.expiresOn }) : l.expiresOn}</Tag>;
          },
        },
        { key: 'active', title: t('lisQc.active'), width: 80, render: (_, l) => (l.active ? <Tag color="green">{t('lisQc.inUse')}</Tag> : <Tag>{t('lisQc.stopped')}</Tag>) },
        {
          key: 'levels',
          title: t('lisQc.lots.levels'),
          render: (_, l) => (
            <Space orientation="vertical" size={2}>
              {l.levels.map((level) => (
                <Space key={level.id} size={4} wrap>
                  <Typography.Text strong>{t('lisQc.lots.levelShort', { level: level.level })}</Typography.Text>
                  {level.name && <Typography.Text type="secondary">{level.name}</Typography.Text>}
                  {level.samples.map((s) => (
                    <Tag key={`${s.sampleId}@${s.instrumentId ?? ''}`}>
                      {s.sampleId}
                      {s.instrumentId ? ` @ ${lab.instrumentName(s.instrumentId)}` : ''}
                    </Tag>
                  ))}
                  {!level.samples.length && <Typography.Text type="secondary">{t('lisQc.samples.none')}</Typography.Text>}
                  {manage && (
                    <Typography.Link onClick={() => setSamples({ level, title: `${m.name} · ${l.lotNo} · ${t('lisQc.lots.levelShort', { level: level.level })}` })}>
                      {t('lisQc.samples.edit')}
                    </Typography.Link>
                  )}
                </Space>
              ))}
            </Space>
          ),
        },
        ...(manage
          ? [
              {
                key: 'ops',
                title: t('lisQc.actions'),
                width: 170,
                render: (_: unknown, l: QcLot) => (
                  <Space size={8}>
                    <Typography.Link onClick={() => setExpiry(l)}>{t('lisQc.lots.changeExpiry')}</Typography.Link>
                    <Typography.Link onClick={() => void run(() => qcApi.updateLot(lab.scope, l.id, { active: !l.active }))}>{l.active ? t('lisQc.stop') : t('lisQc.resume')}</Typography.Link>
                  </Space>
                ),
              },
            ]
          : []),
      ]}
    />
  );

  return (
    <>
      {manage && (
        <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setEditing(null)}>
          {t('lisQc.materials.add')}
        </Button>
      )}
      <Table<QcMaterial>
        data-testid="qc-materials"
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={materials}
        pagination={false}
        expandable={{ expandedRowRender: lotsTable, expandedRowKeys: expanded ?? materials.map((m) => m.id), onExpandedRowsChange: setExpanded, rowExpandable: (m) => m.lots.length > 0 }}
        columns={[
          { key: 'name', title: t('lisQc.materials.name'), dataIndex: 'name' },
          { key: 'manufacturer', title: t('lisQc.materials.manufacturer'), dataIndex: 'manufacturer', width: 140 },
          { key: 'matrix', title: t('lisQc.materials.matrix'), dataIndex: 'matrix', width: 100 },
          { key: 'lots', title: t('lisQc.materials.lots'), width: 80, align: 'right', render: (_, m) => m.lots.length },
          { key: 'active', title: t('lisQc.active'), width: 80, render: (_, m) => (m.active ? <Tag color="green">{t('lisQc.inUse')}</Tag> : <Tag>{t('lisQc.stopped')}</Tag>) },
          { key: 'updated', title: t('lisQc.updatedAt'), width: 150, render: (_, m) => dayjs(m.updatedAt).format('YYYY-MM-DD HH:mm') },
          ...(manage
            ? [
                {
                  key: 'ops',
                  title: t('lisQc.actions'),
                  width: 200,
                  render: (_: unknown, m: QcMaterial) => (
                    <Space size={8}>
                      <Typography.Link onClick={() => setEditing(m)}>{t('lisQc.edit')}</Typography.Link>
                      <Typography.Link onClick={() => setAddingLot(m)}>{t('lisQc.lots.addShort')}</Typography.Link>
                      <Typography.Link onClick={() => void run(() => qcApi.updateMaterial(lab.scope, m.id, { active: !m.active }))}>{m.active ? t('lisQc.stop') : t('lisQc.resume')}</Typography.Link>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing !== undefined && <MaterialDialog scope={lab.scope} material={editing} onClose={() => setEditing(undefined)} onSaved={done} />}
      {addingLot && <LotDialog lab={lab} scope={lab.scope} material={addingLot} onClose={() => setAddingLot(null)} onSaved={done} />}
      {expiry && <LotExpiryDialog scope={lab.scope} lot={expiry} onClose={() => setExpiry(null)} onSaved={done} />}
      {samples && <SamplesDialog lab={lab} scope={lab.scope} level={samples.level} title={samples.title} onClose={() => setSamples(null)} onSaved={done} />}
    </>
  );
}
