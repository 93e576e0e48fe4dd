import { Button, Result } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import { useI18n } from '../i18n/i18n.context.tsx';
import { useSession } from '../session/session.context.tsx';
import { buildMenu, menuTrail } from '../shell/menu.ts';

/** A route the shell has no page for: a module menu entry whose pages are not built yet, or an unknown path. */
export default function ModulePage() {
  const { t, locale } = useI18n();
  const session = useSession();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const known = menuTrail(buildMenu(session.modules, session.me.permissions, locale, t), pathname).length > 0;
  return (
    <Result
      status={known ? 'info' : '404'}
      title={known ? t('shell.pageNotBuilt') : t('shell.notFound')}
      subTitle={pathname}
      extra={<Button onClick={() => navigate('/')}>{t('shell.backHome')}</Button>}
    />
  );
}
