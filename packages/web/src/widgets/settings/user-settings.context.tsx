import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { App } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { tokenStore } from '../../session/tokens.ts';
import { fetchUserSettings, saveUserSetting, saveUserSettingsOnUnload } from './user-settings.api.ts';
import { DebouncedSettingWriter, sameJson, SETTING_KEY } from './setting-writer.ts';

// Long enough to coalesce a drag or a colour being picked, short enough that a reload right after rarely loses it.
const WRITE_DELAY_MS = 400;

interface UserSettings {
  values: Record<string, unknown>;
  loaded: boolean;
  set(key: string, value: unknown): void;
}

const UserSettingsContext = createContext<UserSettings | null>(null);

/**
 * The signed-in user's interface settings (seed 000 LIS §2.4–2.5: column order and visibility, colours, remembered
 * fields), loaded once per session from `GET /api/me/settings` and written back per key, debounced. Mount it once
 * inside the signed-in shell; it is unmounted at sign-out, so the next user starts from their own settings.
 */
export function UserSettingsProvider({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [values, setValues] = useState<Record<string, unknown>>({});
  // The latest values outside React's update queue, so `set` can compare and schedule without side effects in an updater.
  const latest = useRef(values);
  const [loaded, setLoaded] = useState(false);
  const [writer] = useState(
    () =>
      new DebouncedSettingWriter(saveUserSetting, WRITE_DELAY_MS, (_key, err) => {
        message.error(t('settings.saveFailed', { message: err instanceof Error ? err.message : String(err) }));
      }),
  );

  useEffect(() => {
    let current = true;
    fetchUserSettings()
      .then((all) => {
        if (!current) return;
        // Changes made while loading (a column toggled in the first second) win over what the server had.
        latest.current = { ...all, ...latest.current };
        setValues(latest.current);
      })
      .catch((err: unknown) => {
        if (current) message.error(t('settings.loadFailed', { message: err instanceof Error ? err.message : String(err) }));
      })
      .finally(() => current && setLoaded(true));
    return () => {
      current = false;
    };
    // Once per mounted shell (= per session); t and message only phrase the error.
  }, []);

  useEffect(() => {
    const onLeave = () => saveUserSettingsOnUnload(writer.drain());
    window.addEventListener('pagehide', onLeave);
    return () => {
      window.removeEventListener('pagehide', onLeave);
      // Leaving the shell (sign-out, expired session): save what is pending if the session still allows it.
      if (tokenStore.get()) void writer.flush();
      else writer.drain();
    };
  }, [writer]);

  const set = useCallback(
    (key: string, value: unknown) => {
      if (sameJson(latest.current[key], value)) return;
      // A key the server would refuse is a programming error; it must not take the shell down, so it lives in memory only.
      if (SETTING_KEY.test(key)) writer.schedule(key, value);
      else console.error(`Setting key "${key}" does not match ${SETTING_KEY}: kept for this session only`);
      const next = { ...latest.current };
      if (value === undefined) delete next[key];
      else next[key] = value;
      latest.current = next;
      setValues(next);
    },
    [writer],
  );

  const api = useMemo<UserSettings>(() => ({ values, loaded, set }), [values, loaded, set]);
  return <UserSettingsContext.Provider value={api}>{children}</UserSettingsContext.Provider>;
}

/**
 * One setting of the signed-in user: `[value, set, loaded]`. The value is the stored one, else `defaultValue`;
 * `set(undefined)` removes it. `loaded` turns true once the session's settings arrived (or failed to), so a widget
 * can wait before acting on the default. Stored values are whatever JSON was saved: pass `accept` to fall back to
 * the default when a stored value does not have the expected shape (e.g. after a widget changed its format).
 * Outside the shell (no provider) the setting lives in memory only.
 */
export function useUserSetting<T>(key: string, defaultValue: T, accept?: (stored: unknown) => boolean): [T, (next: T) => void, boolean] {
  const ctx = useContext(UserSettingsContext);
  const [local, setLocal] = useState<{ value: T } | null>(null);
  const set = useCallback((next: T) => (ctx ? ctx.set(key, next) : setLocal({ value: next })), [ctx, key]);
  if (!ctx) return [local ? local.value : defaultValue, set, true];
  const stored = ctx.values[key];
  const usable = stored !== undefined && (!accept || accept(stored));
  return [usable ? (stored as T) : defaultValue, set, ctx.loaded];
}
