import { Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.context.tsx';
import type { DictionaryConcept } from '../../widgets/picker/dictionary-match.ts';
import { PopulationFields } from './population-fields.tsx';

export interface TestRangesProps {
  specimenTypes: DictionaryConcept[] | undefined;
  readOnly: boolean;
}

/**
 * 参考范围 by sex, age and specimen (numeric bounds, or the expected qualitative results, with the wording printed on
 * reports) and 危急值 (critical at or beyond a limit, or critical qualitative results). Age bands are [from, to):
 * 0–29 days is the neonate band.
 */
export function TestRanges({ specimenTypes, readOnly }: TestRangesProps) {
  const { t } = useI18n();
  const kind = Form.useWatch('kind', Form.useFormInstance());
  const quantitative = kind === 'quantitative';
  return (
    <>
      <Typography.Title level={5}>{t('lisCat.test.ranges')}</Typography.Title>
      <Form.List name="referenceRanges">
        {(rows, { add, remove }) => (
          <>
            {rows.map((row, i) => (
              <Card key={row.key} size="small" style={{ marginBottom: 8 }} data-testid="range-row" title={t('lisCat.test.rangeN', { n: i + 1 })} extra={!readOnly && <Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label={t('lisCat.remove')} onClick={() => remove(row.name)} />}>
                <Row gutter={8}>
                  <PopulationFields row={row.name} specimenTypes={specimenTypes} />
                  {quantitative ? (
                    <>
                      <Col xs={12} md={5}>
                        <Form.Item name={[row.name, 'low']} label={t('lisCat.low')} style={{ marginBottom: 8 }}>
                          <InputNumber style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={5}>
                        <Form.Item name={[row.name, 'high']} label={t('lisCat.high')} style={{ marginBottom: 8 }}>
                          <InputNumber style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={6} style={{ paddingTop: 30 }}>
                        <Form.Item name={[row.name, 'lowExclusive']} valuePropName="checked" noStyle>
                          <Checkbox>{t('lisCat.lowExclusive')}</Checkbox>
                        </Form.Item>
                        <Form.Item name={[row.name, 'highExclusive']} valuePropName="checked" noStyle>
                          <Checkbox>{t('lisCat.highExclusive')}</Checkbox>
                        </Form.Item>
                      </Col>
                    </>
                  ) : (
                    <Col xs={24} md={16}>
                      <Form.Item name={[row.name, 'expected']} label={t('lisCat.expected')} style={{ marginBottom: 8 }}>
                        <Select mode="tags" placeholder={t('lisCat.expectedPlaceholder')} open={false} />
                      </Form.Item>
                    </Col>
                  )}
                  <Col xs={24} md={8}>
                    <Form.Item name={[row.name, 'text']} label={t('lisCat.rangeText')} style={{ marginBottom: 8 }}>
                      <Input maxLength={64} placeholder={t('lisCat.rangeTextPlaceholder')} />
                    </Form.Item>
                  </Col>
                </Row>
              </Card>
            ))}
            {!readOnly && (
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({})} style={{ marginBottom: 16 }}>
                {t('lisCat.test.addRange')}
              </Button>
            )}
          </>
        )}
      </Form.List>
      <Typography.Title level={5}>{t('lisCat.test.criticals')}</Typography.Title>
      <Form.List name="criticalLimits">
        {(rows, { add, remove }) => (
          <>
            {rows.map((row, i) => (
              <Card key={row.key} size="small" style={{ marginBottom: 8 }} data-testid="critical-row" title={t('lisCat.test.criticalN', { n: i + 1 })} extra={!readOnly && <Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label={t('lisCat.remove')} onClick={() => remove(row.name)} />}>
                <Row gutter={8}>
                  <PopulationFields row={row.name} specimenTypes={specimenTypes} />
                  {quantitative ? (
                    <>
                      <Col xs={12} md={6}>
                        <Form.Item name={[row.name, 'low']} label={t('lisCat.criticalLow')} style={{ marginBottom: 8 }}>
                          <InputNumber style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={6}>
                        <Form.Item name={[row.name, 'high']} label={t('lisCat.criticalHigh')} style={{ marginBottom: 8 }}>
                          <InputNumber style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                    </>
                  ) : (
                    <Col xs={24} md={12}>
                      <Form.Item name={[row.name, 'texts']} label={t('lisCat.criticalTexts')} style={{ marginBottom: 8 }}>
                        <Select mode="tags" open={false} />
                      </Form.Item>
                    </Col>
                  )}
                </Row>
              </Card>
            ))}
            {!readOnly && (
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({})}>
                {t('lisCat.test.addCritical')}
              </Button>
            )}
          </>
        )}
      </Form.List>
    </>
  );
}
