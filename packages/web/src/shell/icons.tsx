import type { ReactNode } from 'react';
import { AppstoreOutlined, AuditOutlined, HomeOutlined, NotificationOutlined, SettingOutlined } from '@ant-design/icons';

// Manifests name icons by string; only the ones listed here are bundled (importing all of @ant-design/icons would add megabytes).
const ICONS: Record<string, ReactNode> = {
  AppstoreOutlined: <AppstoreOutlined />,
  AuditOutlined: <AuditOutlined />,
  HomeOutlined: <HomeOutlined />,
  NotificationOutlined: <NotificationOutlined />,
  SettingOutlined: <SettingOutlined />,
};

export function menuIcon(name: string | undefined): ReactNode {
  return name ? (ICONS[name] ?? <AppstoreOutlined />) : undefined;
}
