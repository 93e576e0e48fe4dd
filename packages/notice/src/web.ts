/** Web entry of the notice module: pages the shell mounts (the React pages arrive with the web console). */
export const pages = [{ path: '/notice', title: { 'zh-CN': '公告', en: 'Notices' } }];
