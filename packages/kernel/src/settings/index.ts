export { settingsMigrations } from './migrations.ts';
export { checkSettingKey, MAX_SETTING_BYTES, MAX_SETTINGS_PER_USER, SETTING_KEY_PATTERN, UserSettings } from './user-settings.ts';
