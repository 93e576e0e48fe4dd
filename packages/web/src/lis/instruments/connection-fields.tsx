import { Col, Divider, Form, Input, InputNumber, Radio, Row, Select } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import type { DictionaryConcept } from '../../widgets/picker/dictionary-match.ts';
import { CodePicker } from './code-picker.tsx';
import { BAUD_RATES, connectionFields, ENCODINGS, FRAME_MODES, HL7_WORKLISTS, MODES, PARITIES, PROTOCOLS, type InstrumentFormValues } from './instrument-form.ts';

const full = { style: { width: '100%' } };

/**
 * Details and connection of an instrument. The inputs follow the protocol and mode: host and port for TCP (the
 * LIS listening, or dialling the analyzer), the line settings for serial, framing and timeouts per protocol.
 */
export function ConnectionFields({ sections }: { sections: DictionaryConcept[] | undefined }) {
  const { t } = useI18n();
  const form = Form.useFormInstance<InstrumentFormValues>();
  const protocol = Form.useWatch(['connection', 'protocol'], form) ?? 'hl7';
  const mode = Form.useWatch(['connection', 'mode'], form) ?? 'server';
  const use = connectionFields(protocol, mode);
  const required = [{ required: true, message: t('lisInst.form.required') }];
  const ms = (defaultMs: number) => ({ min: 50, max: 600_000, step: 1000, placeholder: t('lisInst.form.defaultValue', { value: defaultMs }), ...full });

  return (
    <>
      <Divider titlePlacement="start">{t('lisInst.form.basic')}</Divider>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name="code" label={t('lisInst.form.code')} tooltip={t('lisInst.form.codeHint')} rules={required}>
            <Input maxLength={40} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item name="name" label={t('lisInst.form.name')} rules={required}>
            <Input maxLength={100} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="manufacturer" label={t('lisInst.form.manufacturer')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="model" label={t('lisInst.form.model')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="serialNumber" label={t('lisInst.form.serialNumber')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="section" label={t('lisInst.form.section')}>
            <CodePicker concepts={sections} />
          </Form.Item>
        </Col>
      </Row>

      <Divider titlePlacement="start">{t('lisInst.form.connection')}</Divider>
      <Form.Item name={['connection', 'protocol']} label={t('lisInst.form.protocol')} rules={required}>
        <Radio.Group optionType="button" options={PROTOCOLS.map((p) => ({ value: p, label: t(`lisInst.protocol.${p}`) }))} />
      </Form.Item>
      <Form.Item name={['connection', 'mode']} label={t('lisInst.form.mode')} rules={required}>
        <Radio.Group optionType="button" options={MODES.map((m) => ({ value: m, label: t(`lisInst.mode.${m}`) }))} />
      </Form.Item>
      {use.host && (
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name={['connection', 'host']}
              label={t(mode === 'server' ? 'lisInst.form.hostServer' : 'lisInst.form.hostClient')}
              extra={mode === 'server' ? t('lisInst.form.hostServerHint') : undefined}
              rules={mode === 'client' ? required : undefined}
            >
              <Input maxLength={253} placeholder={mode === 'server' ? '127.0.0.1' : '192.168.1.20'} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name={['connection', 'port']}
              label={t(mode === 'server' ? 'lisInst.form.portServer' : 'lisInst.form.portClient')}
              extra={mode === 'server' ? t('lisInst.form.portServerHint') : undefined}
              rules={required}
            >
              <InputNumber min={mode === 'server' ? 0 : 1} max={65535} precision={0} {...full} />
            </Form.Item>
          </Col>
        </Row>
      )}
      {use.serial && (
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name={['connection', 'serial', 'path']} label={t('lisInst.form.serialPath')} extra={t('lisInst.form.serialPathHint')} rules={required}>
              <Input maxLength={200} placeholder="/dev/ttyUSB0" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={['connection', 'serial', 'baudRate']} label={t('lisInst.form.baudRate')} rules={required}>
              <Select options={BAUD_RATES.map((b) => ({ value: b, label: String(b) }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['connection', 'serial', 'dataBits']} label={t('lisInst.form.dataBits')}>
              <Select allowClear placeholder={t('lisInst.form.defaultValue', { value: 8 })} options={[7, 8].map((b) => ({ value: b, label: String(b) }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['connection', 'serial', 'parity']} label={t('lisInst.form.parity')}>
              <Select allowClear placeholder={t('lisInst.form.defaultValue', { value: t('lisInst.parity.none') })} options={PARITIES.map((p) => ({ value: p, label: t(`lisInst.parity.${p}`) }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['connection', 'serial', 'stopBits']} label={t('lisInst.form.stopBits')}>
              <Select allowClear placeholder={t('lisInst.form.defaultValue', { value: 1 })} options={[1, 2].map((b) => ({ value: b, label: String(b) }))} />
            </Form.Item>
          </Col>
        </Row>
      )}
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name={['connection', 'encoding']} label={t('lisInst.form.encoding')} extra={t('lisInst.form.encodingHint')}>
            <Select allowClear options={ENCODINGS.map((e) => ({ value: e, label: t(`lisInst.encoding.${e}` as MessageKey) }))} />
          </Form.Item>
        </Col>
        <Col span={12}>
          {use.frameMode && (
            <Form.Item name={['connection', 'frameMode']} label={t('lisInst.form.frameMode')}>
              <Select allowClear placeholder={t('lisInst.frameMode.record')} options={FRAME_MODES.map((f) => ({ value: f, label: t(`lisInst.frameMode.${f}`) }))} />
            </Form.Item>
          )}
          {use.hl7Worklist && (
            <Form.Item name={['connection', 'hl7Worklist']} label={t('lisInst.form.hl7Worklist')}>
              <Select allowClear placeholder={t('lisInst.hl7Worklist.dsr')} options={HL7_WORKLISTS.map((w) => ({ value: w, label: t(`lisInst.hl7Worklist.${w}`) }))} />
            </Form.Item>
          )}
        </Col>
      </Row>

      <Divider titlePlacement="start">{t('lisInst.form.advanced')}</Divider>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name={['connection', 'utcOffsetMinutes']} label={t('lisInst.form.utcOffset')} tooltip={t('lisInst.form.utcOffsetHint')}>
            <InputNumber min={-720} max={840} precision={0} placeholder={t('lisInst.form.defaultValue', { value: 480 })} {...full} />
          </Form.Item>
        </Col>
        {use.replyMs && (
          <Col span={8}>
            <Form.Item name={['connection', 'timeouts', 'replyMs']} label={t('lisInst.form.replyMs')}>
              <InputNumber precision={0} {...ms(15_000)} />
            </Form.Item>
          </Col>
        )}
        {use.receiveMs && (
          <Col span={8}>
            <Form.Item name={['connection', 'timeouts', 'receiveMs']} label={t('lisInst.form.receiveMs')}>
              <InputNumber precision={0} {...ms(30_000)} />
            </Form.Item>
          </Col>
        )}
        {use.ackMs && (
          <Col span={8}>
            <Form.Item name={['connection', 'timeouts', 'ackMs']} label={t('lisInst.form.ackMs')}>
              <InputNumber precision={0} {...ms(10_000)} />
            </Form.Item>
          </Col>
        )}
        {use.reconnectMs && (
          <Col span={8}>
            <Form.Item name={['connection', 'timeouts', 'reconnectMs']} label={t('lisInst.form.reconnectMs')}>
              <InputNumber precision={0} {...ms(1_000)} />
            </Form.Item>
          </Col>
        )}
      </Row>
    </>
  );
}
