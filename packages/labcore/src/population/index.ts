export { parseSex, SEX_NAMES, type Sex } from './sex.ts';
export { ageAt, ageFromDays, ageFromYears, ageIn, formatAge, formatAgeBound, DEFAULT_UTC_OFFSET_MINUTES, type Age, type AgeBound, type AgeUnit } from './age.ts';
export { matchCriteria, selectMostSpecific, type PopulationCriteria, type Subject, type CriteriaMatch, type Selection } from './criteria.ts';
