/** "1 h 2 min", "42 s"; "running" for a started run without end. */
export function formatDuration(
  start?: string,
  end?: string,
  seconds?: number,
): string {
  let total = seconds;
  if (total === undefined && start) {
    const from = Date.parse(start);
    if (!end) {
      return Number.isNaN(from) ? '—' : 'running';
    }
    total = (Date.parse(end) - from) / 1000;
  }
  if (total === undefined || Number.isNaN(total)) {
    return '—';
  }
  const s = Math.round(total);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
