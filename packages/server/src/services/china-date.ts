/** The calendar day (`YYYY-MM-DD`) in China (UTC+8, no daylight saving) at an instant. */
export function chinaDay(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}
