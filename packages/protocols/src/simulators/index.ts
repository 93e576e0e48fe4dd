export { AstmAnalyzer, type AstmAnalyzerOptions, type AstmWorklistAnswer } from './astm-instrument.ts';
export { Hl7Analyzer, type Hl7AnalyzerOptions, type Hl7WorklistAnswer } from './hl7-instrument.ts';
export { runAstmAnalyzerCli } from './astm-analyzer.ts';
export { runHl7AnalyzerCli } from './hl7-analyzer.ts';
export { FaultInjector, type FaultPlan } from './fault-injection.ts';
export { parseEndpoint, openEndpoint, type Endpoint, type OpenConnection } from './endpoint.ts';
export { parseTestFlag, parseResultsFile, type SimulatedResult, type SimulatedSpecimen, type SimulatedRun } from './specimens.ts';
export { histogramBitmap, sampleWbcCounts } from './histogram-bitmap.ts';
export { formatTraffic, type CliIo } from './cli-support.ts';
