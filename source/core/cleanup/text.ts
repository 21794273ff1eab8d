// Short human text for cleanup evidence: ages and commands cut to fit one line.

/** "850ms", "42s", "4m 12s", "2h 03m", "3d 4h". */
export function formatAge(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** The command cut to `max` characters with an ellipsis, whitespace runs folded. */
export function shortCommand(command: string, max = 60): string {
  const one = command.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, Math.max(1, max - 1))}…`;
}

/** "812 (claude)" — how a process is named in evidence. */
export function nameOf(p: { readonly pid: number; readonly comm: string }): string {
  return `${p.pid} (${p.comm})`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
