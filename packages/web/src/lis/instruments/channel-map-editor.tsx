import { Alert, Button, Col, Empty, Form, Input, InputNumber, Row, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { errorText } from '../../admin/common/errors.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { CodePicker } from './code-picker.tsx';
import type { CatalogueTests } from './use-catalogue-tests.ts';

const cell = { style: { marginBottom: 8 } };

/**
 * 通道对照: channel code ↔ LIS test, with the optional factor and decimals. Rows are a Form.List named `channels`, so a
 * server issue on `channels[2].test` lands on the third row's test.
 */
export function ChannelMapEditor({ tests }: { tests: CatalogueTests }) {
  const { t, locale } = useI18n();
  const required = [{ required: true, message: t('lisInst.form.required') }];
  // A new row's channel input takes the focus, so channels can be typed one after the other.
  const focusRow = (index: number) => setTimeout(() => document.getElementById(`channels_${index}_channel`)?.focus(), 0);

  return (
    <Form.List name="channels">
      {(fields, { add, remove }) => (
        <div data-testid="channel-map">
          <Typography.Paragraph type="secondary">{t('lisInst.channels.hint')}</Typography.Paragraph>
          {tests.error !== undefined && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('lisInst.channels.catalogueFailed', { message: errorText(tests.error, locale) })} />}
          {fields.length > 0 ? (
            <Row gutter={8} style={{ fontWeight: 500, marginBottom: 4 }}>
              <Col flex="32px">#</Col>
              <Col flex="150px">{t('lisInst.channels.channel')}</Col>
              <Col flex="auto">{t('lisInst.channels.test')}</Col>
              <Col flex="110px">{t('lisInst.channels.factor')}</Col>
              <Col flex="90px">{t('lisInst.channels.decimals')}</Col>
              <Col flex="32px" />
            </Row>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('lisInst.channels.empty')} />
          )}
          {fields.map((field, index) => (
            <Row key={field.key} gutter={8} align="top" data-testid="channel-row">
              <Col flex="32px" style={{ lineHeight: '32px' }}>
                <Typography.Text type="secondary">{index + 1}</Typography.Text>
              </Col>
              <Col flex="150px">
                <Form.Item name={[field.name, 'channel']} rules={required} {...cell}>
                  <Input maxLength={40} aria-label={`${t('lisInst.channels.channel')} ${index + 1}`} style={{ fontFamily: 'monospace' }} />
                </Form.Item>
              </Col>
              <Col flex="auto" style={{ minWidth: 0 }}>
                <Form.Item name={[field.name, 'test']} rules={required} {...cell}>
                  <CodePicker concepts={tests.concepts} placeholder={t('lisInst.channels.testPlaceholder')} />
                </Form.Item>
              </Col>
              <Col flex="110px">
                <Form.Item name={[field.name, 'factor']} {...cell}>
                  <InputNumber min={0} step={0.1} style={{ width: '100%' }} aria-label={`${t('lisInst.channels.factor')} ${index + 1}`} />
                </Form.Item>
              </Col>
              <Col flex="90px">
                <Form.Item name={[field.name, 'decimals']} {...cell}>
                  <InputNumber min={0} max={8} precision={0} style={{ width: '100%' }} aria-label={`${t('lisInst.channels.decimals')} ${index + 1}`} />
                </Form.Item>
              </Col>
              <Col flex="32px">
                <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('lisInst.channels.remove', { index: index + 1 })} onClick={() => remove(field.name)} />
              </Col>
            </Row>
          ))}
          <Button
            type="dashed"
            block
            icon={<PlusOutlined />}
            onClick={() => {
              add({});
              focusRow(fields.length);
            }}
          >
            {t('lisInst.channels.add')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}
