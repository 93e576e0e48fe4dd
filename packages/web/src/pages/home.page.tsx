import { Card, Descriptions, Tag, Typography } from 'antd';
import { useI18n } from '../i18n/i18n.context.tsx';
import { useSession } from '../session/session.context.tsx';

export default function HomePage() {
  const { t } = useI18n();
  const { me } = useSession();
  return (
    <Card>
      <Typography.Title level={4}>{t('shell.welcome', { name: me.displayName ?? me.username ?? me.id })}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('shell.welcomeHint')}</Typography.Paragraph>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('shell.institution')}>{me.institution ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('shell.roles')}>
          {(me.roles ?? []).map((r) => (
            <Tag key={r}>{r}</Tag>
          ))}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
