import { useState } from 'react';
import { Button, ColorPicker, Divider, Drawer, Form, Input, Segmented, Select, Space, Switch, Typography, App } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { LOCALES, type Locale } from '../../i18n/translate.ts';
import { useParameter, useWorkstation } from '../parameters/parameters.context.tsx';
import { WORKSTATION_ID } from '../parameters/workstation.ts';
import { overrideFrom, type AbnormalColours } from '../status/abnormal-colours.ts';
import { ResultValue } from '../status/result-value.tsx';
import { useAbnormalColours } from '../status/use-abnormal-colours.ts';
import { PAGE_SIZES, validPageSize } from '../table/table-query.ts';
import { DENSITIES, type Density } from '../table/table.types.ts';
import { useUserSetting } from './user-settings.context.tsx';
import { DENSITY_SETTING_KEY, PAGE_SIZE_SETTING_KEY } from './setting-keys.ts';

// Each language is named in itself, so a user who cannot read the current one still finds theirs.
const LANGUAGE_NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' };
const isDensity = (v: unknown) => DENSITIES.includes(v as Density);

/**
 * 界面设置 (user menu, Alt+S): language, default table density and page size, the colours of abnormal results
 * (seed 000 LIS §2.5) with a way back to the institution's, and this browser's workstation id for 本机参数.
 * Every change is saved as it is made (per-user settings on the server).
 */
export function InterfaceSettingsDrawer({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t, locale, setLocale } = useI18n();
  const [density, setDensity] = useUserSetting<Density>(DENSITY_SETTING_KEY, 'middle', isDensity);
  const [pageSize, setPageSize] = useUserSetting<number | null>(PAGE_SIZE_SETTING_KEY, null);
  const institutionPageSize = validPageSize(useParameter<unknown>('ui.pageSize', 20), 20);
  const { colours, institution, override, setOverride } = useAbnormalColours();
  const setColour = (patch: Partial<AbnormalColours>) => setOverride(overrideFrom({ ...colours, ...patch }, institution));

  return (
    <Drawer title={t('settings.title')} open={open} onClose={onClose} size={420} destroyOnHidden>
      <Form layout="vertical" data-testid="interface-settings">
        <Form.Item label={t('settings.language')}>
          <Segmented<Locale> value={locale} onChange={setLocale} options={LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))} />
        </Form.Item>
        <Form.Item label={t('settings.density')}>
          <Segmented<Density> value={density} onChange={setDensity} options={DENSITIES.map((d) => ({ value: d, label: t(`table.density.${d}`) }))} />
        </Form.Item>
        <Form.Item label={t('settings.pageSize')}>
          <Select<number>
            style={{ width: 220 }}
            value={validPageSize(pageSize, 0)}
            onChange={(v) => setPageSize(v === 0 ? null : v)}
            options={[{ value: 0, label: t('settings.pageSizeInherit', { size: institutionPageSize }) }, ...PAGE_SIZES.map((s) => ({ value: s, label: t('settings.pageSizeValue', { size: s }) }))]}
          />
        </Form.Item>

        <Divider titlePlacement="start">{t('settings.abnormal')}</Divider>
        <Space orientation="vertical" style={{ width: '100%' }}>
          {(
            [
              ['highColor', 'settings.abnormal.high', 'H'],
              ['lowColor', 'settings.abnormal.low', 'L'],
              ['criticalColor', 'settings.abnormal.critical', 'HH'],
            ] as const
          ).map(([field, label, code]) => (
            <Space key={field} style={{ width: '100%', justifyContent: 'space-between' }}>
              <span>{t(label)}</span>
              <Space>
                <ResultValue value={code === 'L' ? 2.1 : code === 'H' ? 12.6 : 35.2} unit="mmol/L" interpretation={code} />
                <ColorPicker value={colours[field]} disabledAlpha format="hex" onChangeComplete={(c) => setColour({ [field]: c.toHexString() })} aria-label={t(label)} />
              </Space>
            </Space>
          ))}
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <span>{t('settings.abnormal.flash')}</span>
            <Switch checked={colours.criticalFlash} onChange={(criticalFlash) => setColour({ criticalFlash })} aria-label={t('settings.abnormal.flash')} />
          </Space>
          <Space>
            <Button size="small" disabled={Object.keys(override).length === 0} onClick={() => setOverride({})}>
              {t('settings.abnormal.reset')}
            </Button>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {Object.keys(override).length ? t('settings.abnormal.custom') : t('settings.abnormal.inherited')}
            </Typography.Text>
          </Space>
        </Space>

        <Divider titlePlacement="start">{t('settings.workstation')}</Divider>
        <WorkstationField />
      </Form>
    </Drawer>
  );
}

/** This browser's workstation id, copyable for the administrator setting 本机参数, and renameable to something readable. */
function WorkstationField() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const workstation = useWorkstation();
  const [draft, setDraft] = useState<string | null>(null);
  const valid = draft !== null && WORKSTATION_ID.test(draft.trim().toLowerCase());
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('settings.workstationHint')}
      </Typography.Text>
      {draft === null ? (
        <Space>
          <Typography.Text code copyable data-testid="workstation-id">
            {workstation.id}
          </Typography.Text>
          <Button size="small" onClick={() => setDraft(workstation.id)}>
            {t('settings.workstationRename')}
          </Button>
        </Space>
      ) : (
        <Space.Compact style={{ width: '100%' }}>
          <Input value={draft} status={valid ? undefined : 'error'} onChange={(e) => setDraft(e.target.value)} aria-label={t('settings.workstation')} />
          <Button
            type="primary"
            disabled={!valid}
            onClick={() => {
              if (workstation.rename(draft)) setDraft(null);
              else message.error(t('settings.workstationInvalid'));
            }}
          >
            {t('settings.save')}
          </Button>
          <Button onClick={() => setDraft(null)}>{t('settings.cancel')}</Button>
        </Space.Compact>
      )}
      {draft !== null && !valid && <Typography.Text type="danger">{t('settings.workstationInvalid')}</Typography.Text>}
    </Space>
  );
}
