/** Messages the index returns read "中文 / English", like the kernel's AuthError texts. */
export function bilingual(zh: string, en: string): string {
  return `${zh} / ${en}`;
}
