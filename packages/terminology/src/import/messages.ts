/** Messages users read: Chinese first, then English ("中文 / English"), as the other modules write them. */
export const both = (zh: string, en: string): string => `${zh} / ${en}`;
