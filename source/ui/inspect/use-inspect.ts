// Reads the `l` / `e` pane's data for the selected process: on open, on a new selection, and once per tick while open.
import { useEffect, useState } from 'react';
import type { InspectEnv, InspectFds, TuiInspect } from './port.js';
import type { Pane } from '../state.js';

export interface Inspected {
  readonly fds?: InspectFds;
  readonly env?: InspectEnv;
}

/** `tick` re-reads FDs each tick (they change); the environment is read once per process (it does not). */
export function useInspect(inspect: TuiInspect | undefined, pane: Pane, pid: number | undefined, tick: number): Inspected {
  const [got, setGot] = useState<Inspected>({});
  useEffect(() => {
    if (inspect === undefined || pid === undefined || pane !== 'fds') return;
    setGot({ fds: inspect.fds(pid) });
  }, [inspect, pane, pid, tick]);
  useEffect(() => {
    if (inspect === undefined || pid === undefined || pane !== 'env') return;
    let live = true;
    setGot({});
    inspect.env(pid).then((env) => { if (live) setGot({ env }); }, () => { if (live) setGot({ env: 'gone' }); });
    return () => { live = false; };
  }, [inspect, pane, pid]);
  return got;
}
