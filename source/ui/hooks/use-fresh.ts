// A status-line text that expires: shown from the snapshot time it first appeared until ttl later (the UI owns no timers).
import { useRef } from 'react';

/** How long a notice or a key's answer stays in the footer, in snapshot time, ms. */
export const NOTICE_TTL_MS = 8000;

/** Whether text first seen at `since` is still fresh at `now`. */
export const isFresh = (since: number, now: number, ttlMs = NOTICE_TTL_MS): boolean => now - since < ttlMs;

/** `text` while fresh, then undefined (until another text arrives); time is the snapshot's clock, so a paused view keeps it. */
export function useFresh(text: string | undefined, now: number, ttlMs = NOTICE_TTL_MS): string | undefined {
  const seen = useRef<{ text: string | undefined; since: number }>({ text: undefined, since: now });
  if (seen.current.text !== text) seen.current = { text, since: now };
  return text !== undefined && isFresh(seen.current.since, now, ttlMs) ? text : undefined;
}
