import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { login } from '../api/auth.api.ts';
import { ApiError } from '../api/http.api.ts';
import { useI18n } from '../i18n/i18n.context.tsx';
import { localizeServerText } from '../i18n/translate.ts';
import { tokenStore } from '../session/tokens.ts';
import { LanguageSwitch } from '../shell/language.switch.tsx';

interface Failure {
  locked: boolean;
  text: string;
}

export default function LoginPage() {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const state = useLocation().state as { from?: string; expired?: boolean } | null;
  const from = state?.from ?? '/';
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  if (tokenStore.get()) return <Navigate to={from} replace />;

  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setFailure(null);
    try {
      await login(values.username, values.password);
      navigate(from, { replace: true });
    } catch (err) {
      // 423 is the kernel's lockout after repeated failures; its message says until when.
      const status = err instanceof ApiError ? err.status : 0;
      setFailure({ locked: status === 423, text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: 'linear-gradient(135deg, #001529 0%, #1677ff 100%)' }}>
      <div style={{ position: 'absolute', top: 16, right: 24 }}>
        <LanguageSwitch dark />
      </div>
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ textAlign: 'center', marginBottom: 4 }}>
          {t('app.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {t('login.title')} · {t('login.subtitle')}
        </Typography.Paragraph>
        {state?.expired && !failure && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('shell.sessionExpired')} />}
        {failure && (
          <Alert role="alert" type="error" showIcon style={{ marginBottom: 16 }} title={failure.locked ? t('login.locked') : t('login.failed')} description={localizeServerText(failure.text, locale)} />
        )}
        <Form name="login" size="large" onFinish={submit} autoComplete="on">
          <Form.Item name="username" rules={[{ required: true, message: t('login.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} placeholder={t('login.username')} autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} placeholder={t('login.password')} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
