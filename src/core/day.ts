// The one clock helper: which UTC day a moment falls on (waivers are judged per UTC day). Pure: the
// caller passes the moment.
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` in UTC. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not one). */
export function isIsoDay(value: string): boolean {
  if (!ISO_DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && utcDay(date) === value;
}

// RFC 3339 date-time as JSON Schema's `date-time` format accepts it (ajv-formats): `T`, `t` or a space
// between date and time, a fraction of any length, `Z`/`z` or an offset (`+01`, `+0100`, `+01:00`), and a
// leap second (`:60`). Date.parse rejects leap seconds and reads years below 100 as 19xx, so it is parsed here.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|([+-])(\d{2})(?::?(\d{2}))?)$/;

/**
 * Milliseconds since 1970 (UTC) of a date-time, or undefined when it is not one. A leap second is the
 * last moment of its minute: read as :59.999, so it stays on its UTC day and sorts before the next minute.
 */
export function instantOf(value: string): number | undefined {
  const match = DATE_TIME.exec(value);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  // Hour 24 only in a leap second written with an offset (24:59:60+01:00 is 23:59:60Z), as ajv-formats allows.
  if (month < 1 || month > 12 || (hour > 23 && !(hour === 24 && second === 60)) || minute > 59 || second > 60) return undefined;
  const midnight = new Date(0);
  midnight.setUTCFullYear(year, month - 1, day);
  if (midnight.getUTCDate() !== day) return undefined; // 2026-02-30 rolled over
  const offset = match[8] === undefined ? 0 : (match[8] === '-' ? -1 : 1) * (Number(match[9]) * 60 + Number(match[10] ?? 0));
  const seconds = second === 60 ? 59.999 : second + Number(`0${match[7] ?? ''}`);
  return midnight.getTime() + (hour * 60 + minute - offset) * 60_000 + Math.floor(seconds * 1000);
}
