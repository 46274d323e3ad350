const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

/** A timestamp in the user's locale, or an em dash when absent or malformed. */
export function formatDateTime(iso: string | null | undefined): string {
  const time = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(time) ? '—' : dateTimeFormat.format(time);
}

/** Compact distance to now: "12 s ago", "5 min ago", "in 3 h". */
export function formatRelative(
  iso: string | null | undefined,
  now: number = Date.now(),
): string {
  const time = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(time)) {
    return '—';
  }
  const seconds = Math.round((now - time) / 1000);
  const abs = Math.abs(seconds);
  let distance: string;
  if (abs < 60) {
    distance = `${abs} s`;
  } else if (abs < 3600) {
    distance = `${Math.floor(abs / 60)} min`;
  } else if (abs < 86400) {
    distance = `${Math.floor(abs / 3600)} h`;
  } else {
    distance = `${Math.floor(abs / 86400)} d`;
  }
  return seconds >= 0 ? `${distance} ago` : `in ${distance}`;
}
