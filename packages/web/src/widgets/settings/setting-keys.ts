/**
 * Keys of the per-user interface settings the shell itself keeps. Setting keys are lowercase (the server's pattern
 * `^[a-z0-9][a-z0-9._:-]{0,127}$`); the system parameter with the same meaning as the page size is `ui.pageSize`.
 */
export const DENSITY_SETTING_KEY = 'ui.density';
export const PAGE_SIZE_SETTING_KEY = 'ui.page-size';
