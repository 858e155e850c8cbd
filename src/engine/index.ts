export { evaluate } from './evaluate';
export type { EvaluateOptions } from './evaluate';
export { buildReport, exitCodeFor } from './report';
export type { BuildReportInput } from './report';
export { severityAtLeast } from './severity';
export { normaliseDomain } from '../rules/domain';
