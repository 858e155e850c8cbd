export { evaluate } from './evaluate';
export { buildReport } from './report';
export { runStatus, gateOf, isDrift, exitCodeFor, undecidedReasons, summarise } from './status';
export { mergeReports } from './merge';
export type { BuildReportInput } from './report';
export { severityAtLeast } from './severity';
export { connectorChecks } from './checks';
export { waiverStates } from './waivers';
export { utcDay, isIsoDay } from './day';
