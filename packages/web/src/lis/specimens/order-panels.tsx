import { useMemo, useState } from 'react';
import { Button, Col, Empty, Row, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import type { Coding } from '@medplum/fhirtypes';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { DictionaryPicker } from '../../widgets/picker/dictionary-picker.tsx';
import { CapSwatch } from './cap-swatch.tsx';
import { sectionKey } from './specimen-labels.ts';
import { mergePanels, totalPrice, tubeGroups } from './specimen-logic.ts';
import type { CataloguePanel } from './specimens.api.ts';
import type { LabCatalogue } from './use-lab-catalogue.ts';

const NONE: never[] = [];

export interface OrderPanelsProps {
  catalogue: LabCatalogue;
  /** Chosen panel codes, in the order chosen. */
  value: string[];
  onChange(codes: string[]): void;
  /** Set by the page: an issue the server raised about the panels. */
  error?: string;
}

/**
 * 选择检验组合: panels by code, name or pinyin (`xcg` → 血常规), or a 医嘱模板 of a lab section whose panels are
 * added at once; the chosen panels with their section, tube cap, price and turnaround target, and the tubes the
 * order will need.
 */
export function OrderPanels({ catalogue, value, onChange, error }: OrderPanelsProps) {
  const { t } = useI18n();
  // The template picker only adds; it empties again after each choice.
  const [templatePick, setTemplatePick] = useState<Coding>();
  const section = (code: string) => {
    const key = sectionKey(code);
    return key ? t(key) : code;
  };
  const templateSource = useMemo(
    () => ({ concepts: catalogue.templates.filter((tpl) => tpl.active).map((tpl) => ({ code: tpl.code, display: `${tpl.name}（${section(tpl.section)}）` })) }),
    [catalogue.templates, t],
  );
  const panelSource = useMemo(() => ({ concepts: catalogue.panelConcepts ?? NONE }), [catalogue.panelConcepts]);
  const chosen = value.map((code) => ({ code, display: catalogue.panels.get(code)?.name ?? code }));
  const groups = tubeGroups(value, catalogue.panels, catalogue.tubes);
  const rows = value.flatMap((code) => catalogue.panels.get(code) ?? []);

  const addTemplate = (picked: Coding | Coding[] | undefined) => {
    const code = (Array.isArray(picked) ? picked[0] : picked)?.code;
    const template = catalogue.templates.find((tpl) => tpl.code === code);
    if (template) onChange(mergePanels(value, template.panels.filter((p) => catalogue.panels.has(p))));
    setTemplatePick(undefined);
  };

  const columns: TableProps<CataloguePanel>['columns'] = [
    { key: 'name', title: t('lisSpec.order.panel'), render: (_, p) => <Space size={6}><Typography.Text code>{p.code}</Typography.Text>{p.name}</Space> },
    { key: 'section', title: t('lisSpec.section'), width: 90, render: (_, p) => section(p.section) },
    {
      key: 'tube',
      title: t('lisSpec.tube'),
      width: 200,
      render: (_, p) => {
        const tube = catalogue.tubes.get(p.tube);
        return tube ? <CapSwatch hex={tube.capColourHex} colourName={tube.capColourName} tubeName={tube.name} /> : p.tube;
      },
    },
    { key: 'price', title: t('lisSpec.order.price'), width: 90, align: 'right', render: (_, p) => (p.price !== undefined ? p.price.toFixed(2) : '—') },
    { key: 'tat', title: t('lisSpec.order.tat'), width: 90, align: 'right', render: (_, p) => (p.tatTargetMinutes ? t('lisSpec.minutes', { count: p.tatTargetMinutes }) : '—') },
    {
      key: 'remove',
      width: 48,
      render: (_, p) => <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('lisSpec.order.remove', { name: p.name })} onClick={() => onChange(value.filter((c) => c !== p.code))} />,
    },
  ];

  return (
    <div data-testid="order-panels">
      <Row gutter={12} style={{ marginBottom: 12 }}>
        <Col xs={24} md={15}>
          <Typography.Text type="secondary">{t('lisSpec.order.pickPanels')}</Typography.Text>
          <div data-testid="panel-picker">
            <DictionaryPicker
              multiple
              source={panelSource}
              value={chosen}
              placeholder={t('lisSpec.order.panelPlaceholder')}
              onChange={(v) => onChange((Array.isArray(v) ? v : v ? [v] : []).map((c) => c.code ?? '').filter(Boolean))}
            />
          </div>
        </Col>
        <Col xs={24} md={9}>
          <Typography.Text type="secondary">{t('lisSpec.order.template')}</Typography.Text>
          <div data-testid="template-picker">
            <DictionaryPicker source={templateSource} value={templatePick} placeholder={t('lisSpec.order.templatePlaceholder')} onChange={addTemplate} />
          </div>
        </Col>
      </Row>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      <Table<CataloguePanel>
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={columns}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('lisSpec.order.noPanels')} /> }}
      />
      {value.length > 0 && (
        <Space wrap style={{ marginTop: 8 }} data-testid="order-summary">
          <span>{t('lisSpec.order.summary', { panels: value.length, tubes: groups.length, price: totalPrice(value, catalogue.panels).toFixed(2) })}</span>
          {groups.map((g) => (
            <Tag key={g.code}>
              <CapSwatch hex={g.tube?.capColourHex} colourName={g.tube?.capColourName} tubeName={g.tube?.name ?? g.code} />
              {` × ${g.panels.map((p) => p.name).join('、')}`}
            </Tag>
          ))}
        </Space>
      )}
    </div>
  );
}
