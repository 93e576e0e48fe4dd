import { useState } from 'react';
import { Badge, Col, Form, Input, InputNumber, Row, Select, Tabs, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { newTestValues, testInputOf, testTabOf, testValuesOf, type TestFormValues } from './catalogue-form.ts';
import type { CatalogueTest } from './catalogue.api.ts';
import type { CatalogueDictionaries } from './use-catalogue-dictionaries.ts';
import { EntryDrawer } from './entry-drawer.tsx';
import { TestRanges } from './test-ranges.tsx';

type Tab = 'basic' | 'ranges' | 'rules';
const KINDS = ['quantitative', 'qualitative', 'text'] as const;
const DIRECTIONS = ['both', 'increase', 'decrease'] as const;

export interface TestDrawerProps {
  editing: CatalogueTest | 'new';
  readOnly: boolean;
  scope: { institution?: string };
  dictionaries: CatalogueDictionaries;
  onClose(): void;
  onSaved(test: CatalogueTest): void;
}

/**
 * 检验项目: names and units, decimals, method and report order, common results and clinical significance; reference
 * ranges and critical values by sex/age/specimen; the formula of a calculated test (checked by the server — a syntax
 * error or an unknown test code comes back on the formula), plausibility, auto-verification and delta limits.
 */
export function TestDrawer({ editing, readOnly, scope, dictionaries, onClose, onSaved }: TestDrawerProps) {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('basic');
  const [errorTabs, setErrorTabs] = useState<Set<Tab>>(new Set());
  const existing = editing === 'new' ? undefined : editing;
  const label = (key: Tab, text: string) => (
    <Badge dot={errorTabs.has(key)} offset={[6, 0]}>
      {text}
    </Badge>
  );
  const num = (name: string | string[], text: string, extra: object = {}) => (
    <Form.Item name={name} label={text}>
      <InputNumber style={{ width: '100%' }} {...extra} />
    </Form.Item>
  );

  return (
    <EntryDrawer<'tests', TestFormValues>
      kind="tests"
      editing={editing}
      title={existing ? t(readOnly ? 'lisCat.test.viewTitle' : 'lisCat.test.editTitle', { name: existing.name }) : t('lisCat.test.createTitle')}
      initialValues={existing ? testValuesOf(existing) : newTestValues()}
      toInput={testInputOf}
      readOnly={readOnly}
      scope={scope}
      size={820}
      onClose={onClose}
      onSaved={onSaved}
      onErrors={(names) => {
        const tabs = new Set(names.map(testTabOf));
        setErrorTabs(tabs);
        if (names.length && !tabs.has(tab)) setTab(testTabOf(names[0]));
      }}
    >
      {() => (
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as Tab)}
          items={[
            {
              key: 'basic',
              forceRender: true,
              label: label('basic', t('lisCat.test.tabBasic')),
              children: (
                <Row gutter={12}>
                  <Col xs={12} md={6}>
                    <Form.Item name="code" label={t('lisCat.code')} rules={[{ required: true, whitespace: true, message: t('lisCat.required') }]}>
                      <Input maxLength={32} disabled={!!existing} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={10}>
                    <Form.Item name="name" label={t('lisCat.name')} rules={[{ required: true, whitespace: true, message: t('lisCat.required') }]}>
                      <Input maxLength={64} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={8}>
                    <Form.Item name="abbreviation" label={t('lisCat.test.abbreviation')}>
                      <Input maxLength={32} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name="englishName" label={t('lisCat.englishName')}>
                      <Input maxLength={128} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={6}>
                    <Form.Item name="loinc" label="LOINC">
                      <Input maxLength={16} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={6}>
                    <Form.Item name="kind" label={t('lisCat.test.kind')}>
                      <Select options={KINDS.map((k) => ({ value: k, label: t(`lisCat.test.kind.${k}`) }))} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={6}>
                    <Form.Item name="unit" label={t('lisCat.test.unit')}>
                      <Input maxLength={32} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={6}>{num('decimals', t('lisCat.test.decimals'), { min: 0, max: 6, precision: 0 })}</Col>
                  <Col xs={12} md={6}>{num('reportOrder', t('lisCat.test.reportOrder'), { min: 0, precision: 0 })}</Col>
                  <Col xs={12} md={6}>
                    <Form.Item name="method" label={t('lisCat.test.method')}>
                      <Input maxLength={128} />
                    </Form.Item>
                  </Col>
                  <Col xs={24}>
                    <Form.Item name="commonResults" label={t('lisCat.test.commonResults')} extra={t('lisCat.test.commonResultsHint')}>
                      <Select mode="tags" open={false} />
                    </Form.Item>
                  </Col>
                  <Col xs={24}>
                    <Form.Item name="interpretation" label={t('lisCat.test.interpretation')}>
                      <Input.TextArea rows={3} maxLength={2000} />
                    </Form.Item>
                  </Col>
                </Row>
              ),
            },
            {
              key: 'ranges',
              forceRender: true,
              label: label('ranges', t('lisCat.test.tabRanges')),
              children: <TestRanges specimenTypes={dictionaries.specimenTypes} readOnly={readOnly} />,
            },
            {
              key: 'rules',
              forceRender: true,
              label: label('rules', t('lisCat.test.tabRules')),
              children: (
                <Row gutter={12}>
                  <Col xs={24}>
                    <Form.Item name="formula" label={t('lisCat.test.formula')} extra={t('lisCat.test.formulaHint')}>
                      <Input.TextArea rows={2} maxLength={500} style={{ fontFamily: 'monospace' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={24}>
                    <Form.Item name="formulaCondition" label={t('lisCat.test.formulaCondition')} extra={t('lisCat.test.formulaConditionHint')}>
                      <Input maxLength={200} style={{ fontFamily: 'monospace' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={24}>
                    <Typography.Text strong>{t('lisCat.test.absolute')}</Typography.Text>
                  </Col>
                  <Col xs={12}>{num(['absoluteLimits', 'low'], t('lisCat.low'))}</Col>
                  <Col xs={12}>{num(['absoluteLimits', 'high'], t('lisCat.high'))}</Col>
                  <Col xs={24}>
                    <Typography.Text strong>{t('lisCat.test.autoverify')}</Typography.Text>
                  </Col>
                  <Col xs={12}>{num(['autoverifyLimits', 'low'], t('lisCat.low'))}</Col>
                  <Col xs={12}>{num(['autoverifyLimits', 'high'], t('lisCat.high'))}</Col>
                  <Col xs={24}>
                    <Typography.Text strong>{t('lisCat.test.delta')}</Typography.Text>
                  </Col>
                  <Col xs={12} md={5}>{num(['delta', 'windowDays'], t('lisCat.test.deltaWindow'), { min: 0 })}</Col>
                  <Col xs={12} md={5}>{num(['delta', 'maxAbsolute'], t('lisCat.test.deltaAbsolute'), { min: 0 })}</Col>
                  <Col xs={12} md={5}>{num(['delta', 'maxPercent'], t('lisCat.test.deltaPercent'), { min: 0 })}</Col>
                  <Col xs={12} md={5}>{num(['delta', 'maxRatePerDay'], t('lisCat.test.deltaRate'), { min: 0 })}</Col>
                  <Col xs={24} md={4}>
                    <Form.Item name={['delta', 'direction']} label={t('lisCat.test.deltaDirection')}>
                      <Select allowClear options={DIRECTIONS.map((d) => ({ value: d, label: t(`lisCat.test.direction.${d}`) }))} />
                    </Form.Item>
                  </Col>
                </Row>
              ),
            },
          ]}
        />
      )}
    </EntryDrawer>
  );
}
