// Subscribes the view to the Monitor: re-renders on every tick with the latest snapshot.
import { useCallback, useSyncExternalStore } from 'react';
import type { MonitorHandle, Snapshot } from '../../core/types.js';

export function useSnapshot(monitor: MonitorHandle): Snapshot {
  const subscribe = useCallback((onChange: () => void) => monitor.subscribe(() => onChange()), [monitor]);
  const get = useCallback(() => monitor.getSnapshot(), [monitor]);
  return useSyncExternalStore(subscribe, get, get);
}
