import { lazy, Suspense, useState } from 'react';

// The drawer (colour pickers, previews) is loaded the first time it opens, not with the shell.
const InterfaceSettingsDrawer = lazy(() => import('./interface-settings.drawer.tsx').then((m) => ({ default: m.InterfaceSettingsDrawer })));

/** 界面设置, mounted by the shell; costs nothing until first opened. */
export function InterfaceSettings({ open, onClose }: { open: boolean; onClose(): void }) {
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  if (!opened) return null;
  return (
    <Suspense fallback={null}>
      <InterfaceSettingsDrawer open={open} onClose={onClose} />
    </Suspense>
  );
}
