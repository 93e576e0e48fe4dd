/** China Standard Time, UTC+8 with no daylight saving: the clock of the analyzers a county laboratory runs. */
export const CHINA_UTC_OFFSET_MINUTES = 480;
