import { Button, Col, Form, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { CodePicker } from '../instruments/code-picker.tsx';
import { LAB_SECTIONS, sectionKey } from '../specimens/specimen-labels.ts';
import { newPanelValues, panelInputOf, panelValuesOf, type PanelFormValues } from './catalogue-form.ts';
import type { CataloguePanel } from './catalogue.api.ts';
import { EntryDrawer } from './entry-drawer.tsx';
import type { CatalogueDictionaries } from './use-catalogue-dictionaries.ts';

export interface PanelDrawerProps {
  editing: CataloguePanel | 'new';
  readOnly: boolean;
  scope: { institution?: string };
  dictionaries: CatalogueDictionaries;
  onClose(): void;
  onSaved(panel: CataloguePanel): void;
}

/** 检验组合: what is ordered and charged — its tests in report order, the tube, the lab section, price and TAT target. */
export function PanelDrawer({ editing, readOnly, scope, dictionaries, onClose, onSaved }: PanelDrawerProps) {
  const { t } = useI18n();
  const existing = editing === 'new' ? undefined : editing;
  const required = [{ required: true, message: t('lisCat.required') }];
  return (
    <EntryDrawer<'panels', PanelFormValues>
      kind="panels"
      editing={editing}
      title={existing ? t(readOnly ? 'lisCat.panel.viewTitle' : 'lisCat.panel.editTitle', { name: existing.name }) : t('lisCat.panel.createTitle')}
      initialValues={existing ? panelValuesOf(existing) : newPanelValues()}
      toInput={panelInputOf}
      readOnly={readOnly}
      scope={scope}
      onClose={onClose}
      onSaved={onSaved}
    >
      {() => (
        <Row gutter={12}>
          <Col xs={12} md={6}>
            <Form.Item name="code" label={t('lisCat.code')} rules={required}>
              <Input maxLength={32} disabled={!!existing} />
            </Form.Item>
          </Col>
          <Col xs={12} md={9}>
            <Form.Item name="name" label={t('lisCat.name')} rules={required}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          <Col xs={24} md={9}>
            <Form.Item name="englishName" label={t('lisCat.englishName')}>
              <Input maxLength={128} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="section" label={t('lisSpec.section')} rules={required}>
              <Select options={LAB_SECTIONS.map((s) => ({ value: s, label: t(sectionKey(s)!) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={10}>
            <Form.Item name="tube" label={t('lisSpec.tube')} rules={required}>
              <CodePicker concepts={dictionaries.tubes} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="price" label={t('lisCat.panel.price')}>
              <InputNumber min={0} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="tatTargetMinutes" label={t('lisCat.panel.tat')}>
              <InputNumber min={1} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Typography.Text strong>{t('lisCat.panel.tests')}</Typography.Text>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t('lisCat.panel.testsHint')}
            </Typography.Paragraph>
            <Form.List name="tests">
              {(rows, { add, remove, move }) => (
                <>
                  {rows.map((row, i) => (
                    <Space key={row.key} align="start" style={{ display: 'flex', marginBottom: 4 }}>
                      <Typography.Text type="secondary" style={{ display: 'inline-block', width: 24, paddingTop: 5 }}>
                        {i + 1}
                      </Typography.Text>
                      <Form.Item name={row.name} style={{ marginBottom: 0, width: 380 }} rules={required}>
                        <CodePicker concepts={dictionaries.tests} placeholder={t('lisCat.panel.testPlaceholder')} />
                      </Form.Item>
                      {!readOnly && (
                        <>
                          <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} aria-label={t('lisCat.up')} onClick={() => move(i, i - 1)} />
                          <Button size="small" icon={<ArrowDownOutlined />} disabled={i === rows.length - 1} aria-label={t('lisCat.down')} onClick={() => move(i, i + 1)} />
                          <Button size="small" danger type="text" icon={<DeleteOutlined />} aria-label={t('lisCat.remove')} onClick={() => remove(row.name)} />
                        </>
                      )}
                    </Space>
                  ))}
                  {!readOnly && (
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add(undefined)} style={{ marginTop: 4, marginBottom: 16 }}>
                      {t('lisCat.panel.addTest')}
                    </Button>
                  )}
                </>
              )}
            </Form.List>
          </Col>
          <Col xs={24}>
            <Form.Item name="description" label={t('lisCat.panel.description')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </Col>
        </Row>
      )}
    </EntryDrawer>
  );
}
