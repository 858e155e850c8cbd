// The one text order used wherever output must be the same on every machine.

/** Code-unit order: unlike localeCompare it does not depend on the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
