import { Button, Popconfirm, Space, Tag } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';

export interface ActivationActionsProps {
  active: boolean;
  /** The question before deactivating (names the row). */
  confirmDeactivate: string;
  onEdit(): void;
  onActivate(): void;
  /** A promise keeps the confirmation's OK button loading until it settles. */
  onDeactivate(): void | Promise<unknown>;
}

/** Row actions of a list whose rows can be switched off: edit, and activate or (after confirming) deactivate. */
export function ActivationActions({ active, confirmDeactivate, onEdit, onActivate, onDeactivate }: ActivationActionsProps) {
  const { t } = useI18n();
  return (
    <Space size={0}>
      <Button type="link" size="small" onClick={onEdit}>
        {t('admin.common.edit')}
      </Button>
      {active ? (
        <Popconfirm title={confirmDeactivate} onConfirm={onDeactivate}>
          <Button type="link" size="small" danger>
            {t('admin.common.deactivate')}
          </Button>
        </Popconfirm>
      ) : (
        <Button type="link" size="small" onClick={onActivate}>
          {t('admin.common.activate')}
        </Button>
      )}
    </Space>
  );
}

/** 启用 / 停用 as a tag. */
export function ActiveTag({ active }: { active: boolean }) {
  const { t } = useI18n();
  return active ? <Tag color="success">{t('admin.common.active')}</Tag> : <Tag>{t('admin.common.inactive')}</Tag>;
}
