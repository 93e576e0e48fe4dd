import { Col, Form, Input, InputNumber, Row, Select } from 'antd';
import type { CapColour } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { CodePicker } from '../instruments/code-picker.tsx';
import { CapSwatch } from '../specimens/cap-swatch.tsx';
import { CAP_COLOURS, newTubeValues, tubeInputOf, tubeValuesOf, type TubeFormValues } from './catalogue-form.ts';
import type { CatalogueTube } from './catalogue.api.ts';
import { EntryDrawer } from './entry-drawer.tsx';
import type { CatalogueDictionaries } from './use-catalogue-dictionaries.ts';

export interface TubeDrawerProps {
  editing: CatalogueTube | 'new';
  readOnly: boolean;
  scope: { institution?: string };
  dictionaries: CatalogueDictionaries;
  onClose(): void;
  onSaved(tube: CatalogueTube): void;
}

/** 标本容器: the specimen type it collects, its cap colour (printed on labels), additive, volumes and collection notes. */
export function TubeDrawer({ editing, readOnly, scope, dictionaries, onClose, onSaved }: TubeDrawerProps) {
  const { t } = useI18n();
  const existing = editing === 'new' ? undefined : editing;
  const required = [{ required: true, message: t('lisCat.required') }];
  return (
    <EntryDrawer<'tubes', TubeFormValues>
      kind="tubes"
      editing={editing}
      title={existing ? t(readOnly ? 'lisCat.tube.viewTitle' : 'lisCat.tube.editTitle', { name: existing.name }) : t('lisCat.tube.createTitle')}
      initialValues={existing ? tubeValuesOf(existing) : newTubeValues()}
      toInput={tubeInputOf}
      readOnly={readOnly}
      scope={scope}
      size={600}
      onClose={onClose}
      onSaved={onSaved}
    >
      {() => (
        <Row gutter={12}>
          <Col xs={12} md={8}>
            <Form.Item name="code" label={t('lisCat.code')} rules={required}>
              <Input maxLength={32} disabled={!!existing} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="name" label={t('lisCat.name')} rules={required}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="specimenType" label={t('lisSpec.specimenType')} rules={required}>
              <CodePicker concepts={dictionaries.specimenTypes} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="capColour" label={t('lisCat.tube.capColour')} rules={required}>
              <Select<CapColour>
                options={(Object.keys(CAP_COLOURS) as CapColour[]).map((c) => ({ value: c, label: <CapSwatch hex={CAP_COLOURS[c]} tubeName={t(`lisCat.cap.${c}`)} /> }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="additive" label={t('lisCat.tube.additive')}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="volumeMl" label={t('lisCat.tube.volume')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="minVolumeMl" label={t('lisCat.tube.minVolume')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="collectionNote" label={t('lisCat.tube.note')}>
              <Input.TextArea rows={3} maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
      )}
    </EntryDrawer>
  );
}
