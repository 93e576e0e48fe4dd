import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Space, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import type { Reference } from '@medplum/fhirtypes';
import type { Me } from '../../api/auth.api.ts';
import { errorText } from '../../admin/common/errors.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { useSession } from '../../session/session.context.tsx';
import { ReferencePicker } from '../../widgets/picker/reference-picker.tsx';
import { SUPERVISOR_ROLE } from '../results/bench-logic.ts';
import { signatureProblem } from './report-logic.ts';
import { reportsApi } from './reports.api.ts';

/**
 * 电子签名: the reviewer's handwritten signature, scanned, printed on every report they release (seed 001 §1.4.1.2
 * 10). Everyone uploads their own; the laboratory supervisor may upload anyone's.
 */
export function SignatureCard() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const own = (me as Me & { profile?: string }).profile;
  const supervisor = !!me.roles?.includes(SUPERVISOR_ROLE);
  const [whom, setWhom] = useState<Reference | undefined>(own?.startsWith('Practitioner/') ? { reference: own, display: me.displayName } : undefined);
  const [file, setFile] = useState<File>();
  const [url, setUrl] = useState<string>();
  const [busy, setBusy] = useState(false);
  const practitionerId = whom?.reference?.startsWith('Practitioner/') ? whom.reference.slice('Practitioner/'.length) : undefined;

  useEffect(() => {
    if (!file) return setUrl(undefined);
    const created = URL.createObjectURL(file);
    setUrl(created);
    return () => URL.revokeObjectURL(created);
  }, [file]);

  const upload = async () => {
    if (!file || !practitionerId) return;
    setBusy(true);
    try {
      await reportsApi.uploadSignature(practitionerId, file);
      message.success(t('lisRes.signature.saved', { who: whom?.display ?? practitionerId }));
      setFile(undefined);
    } catch (err) {
      message.error(errorText(err, locale));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('lisRes.signature.title')} data-testid="signature-card">
      {!own && !supervisor && <Alert type="info" showIcon title={t('lisRes.signature.noPractitioner')} style={{ marginBottom: 12 }} />}
      <Form layout="vertical">
        <Form.Item label={t('lisRes.signature.whose')} extra={supervisor ? t('lisRes.signature.supervisorHint') : undefined}>
          {supervisor ? <ReferencePicker targetTypes={['Practitioner']} value={whom} onChange={setWhom} /> : <Typography.Text>{me.displayName ?? me.username}</Typography.Text>}
        </Form.Item>
        <Form.Item label={t('lisRes.signature.image')} extra={t('lisRes.signature.hint')}>
          <Upload
            accept="image/png,image/jpeg"
            maxCount={1}
            showUploadList={false}
            beforeUpload={(f) => {
              const problem = signatureProblem(f);
              if (problem) message.error(t(problem === 'type' ? 'lisRes.signature.badType' : 'lisRes.signature.tooLarge'));
              else setFile(f);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />}>{t('lisRes.signature.choose')}</Button>
          </Upload>
        </Form.Item>
        {url && (
          <div style={{ border: '1px dashed #d9d9d9', padding: 8, marginBottom: 12, display: 'inline-block' }}>
            <img src={url} alt={t('lisRes.signature.image')} style={{ maxHeight: 80, maxWidth: 320 }} data-testid="signature-preview" />
          </div>
        )}
        <Space style={{ display: 'flex' }}>
          <Button type="primary" disabled={!file || !practitionerId} loading={busy} onClick={() => void upload()} data-testid="signature-upload">
            {t('lisRes.signature.upload')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
