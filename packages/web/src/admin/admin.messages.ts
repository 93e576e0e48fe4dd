/**
 * UI text of the admin (zh-CN first); merged into the shell's dictionaries. The en object must have exactly
 * the zh-CN keys: TypeScript refuses a missing or invented key.
 */
export const adminZh = {
} as const;

export const adminEn: Record<keyof typeof adminZh, string> = {
};
