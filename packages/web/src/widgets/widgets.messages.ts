/**
 * UI text of the widgets (zh-CN first); merged into the shell's dictionaries. The en object must have exactly
 * the zh-CN keys: TypeScript refuses a missing or invented key.
 */
export const widgetsZh = {
} as const;

export const widgetsEn: Record<keyof typeof widgetsZh, string> = {
};
