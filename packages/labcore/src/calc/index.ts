export { parseExpression } from './parse.ts';
export { evaluateExpression } from './evaluate.ts';
export { formatExpression, expressionVariables, type Expression, type BinaryOperator, type UnaryOperator } from './ast.ts';
export { ExpressionError } from './errors.ts';
export { orderFormulas, computeFormulas, PATIENT_VARIABLES, type FormulaDefinition, type FormulaPatient, type FormulaResult, type FormulaStatus } from './formulas.ts';
export { BUILTIN_FORMULAS } from './builtins.ts';
export { ckdEpi2021, CREATININE_UMOL_PER_MG_DL } from './egfr.ts';
export { roundTo } from './round.ts';
export { FUNCTIONS } from './functions.ts';
