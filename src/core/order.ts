// The one text order used wherever output must be the same on every machine.

/** Code-unit order: unlike localeCompare it does not depend on the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Where a finding stands within its account: email domain, rule id, connector id (the engine's order). */
export function compareFindingPlace(
  a: { emailDomain: string; ruleId: string; connectorId?: string },
  b: { emailDomain: string; ruleId: string; connectorId?: string },
): number {
  return compareText(a.emailDomain, b.emailDomain) || compareText(a.ruleId, b.ruleId) || compareText(a.connectorId ?? '', b.connectorId ?? '');
}
