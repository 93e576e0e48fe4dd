/**
 * Localised text: zh-CN first, English always present. A type alias rather than an interface so it is assignable to
 * `Record<string, string>` (the web console looks texts up by locale).
 */
export type LocalizedText = {
  'zh-CN': string;
  en: string;
};
