// The interactive view: reads snapshots from the Monitor, keeps view state in a reducer, draws header/table/detail.
import { useEffect, useMemo, useReducer, useRef } from 'react';
import { Box, useInput, useStdin } from 'ink';
import type { AppActions, MonitorHandle } from '../core/types.js';
import { flagsWidth, planColumns } from './columns.js';
import { handleKey, runCleanup } from './commands.js';
import type { KeyContext } from './commands.js';
import { useSnapshot } from './hooks/use-snapshot.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { computeLayout } from './layout.js';
import { buildRows, clampScroll, rowRefs, selectedIndex } from './rows.js';
import { sortServers } from './sort.js';
import { initialViewState, reduce } from './state.js';
import { Header } from './components/Header.js';
import { Table } from './components/Table.js';
import { DetailPane } from './components/DetailPane.js';
import { StressPanel, stressPanelLines } from './components/StressPanel.js';
import { FormView, formLines } from './components/FormView.js';
import { PROMPT_LINES, TwinPrompt } from './components/TwinPrompt.js';
import { HelpOverlay } from './components/HelpOverlay.js';
import { Footer } from './components/Footer.js';
import { CleanupView } from './cleanup/CleanupView.js';
import type { TuiCleanup } from './cleanup/port.js';

export interface AppProps {
  readonly monitor: MonitorHandle;
  readonly actions?: AppActions;
  /** Called on q / Ctrl+C; the caller unmounts. */
  readonly onQuit: () => void;
  /** Plans and runs cleanups for the `k` view; without it the key says "not available here". */
  readonly cleanup?: TuiCleanup;
}

/** Lines kept off the cleanup view: the header (2) and one free line (Ink flickers at full height). */
const CLEANUP_CHROME = 3;

export function App({ monitor, actions, onQuit, cleanup }: AppProps) {
  const live = useSnapshot(monitor);
  const [state, dispatch] = useReducer(reduce, undefined, initialViewState);
  const size = useTerminalSize();
  const snapshot = state.frozen ?? live;

  const servers = useMemo(() => sortServers(snapshot.servers, state.sort, state.sortReverse), [snapshot.servers, state.sort, state.sortReverse]);
  const rows = useMemo(() => buildRows(servers, state.expanded), [servers, state.expanded]);
  const refs = useMemo(() => rowRefs(rows), [rows]);
  const flags = flagsWidth(servers);
  const columns = useMemo(() => planColumns(size.columns, flags), [size.columns, flags]);
  const selected = selectedIndex(refs, state.selectedId);
  const server = rows[selected]?.server;
  const overlayLines = state.mode === 'form' && state.form ? formLines(state.form) : state.mode === 'twinPrompt' ? PROMPT_LINES : undefined;
  const layout = computeLayout({ rows: size.rows, tableRows: rows.length, panelLines: stressPanelLines(snapshot.stress, snapshot.churn), overlayLines });
  const scrollTop = clampScroll(state.scrollTop, selected, layout.tableRows, rows.length);

  const focusKey = server?.key;
  useEffect(() => { monitor.setFocus(focusKey); }, [monitor, focusKey]);

  const mounted = useRef(true);
  useEffect(() => { mounted.current = true; return () => { mounted.current = false; }; }, []);
  // Keys in one burst must see each other's effects before React re-renders, so the reducer also runs here.
  const stateRef = useRef(state);
  stateRef.current = state;
  const ctx: KeyContext = {
    state: () => stateRef.current,
    dispatch: (action) => { stateRef.current = reduce(stateRef.current, action); dispatch(action); },
    rows: refs, visibleRows: layout.tableRows, live, servers, actions, onQuit, cleanup,
    isMounted: () => mounted.current,
  };
  const ctxRef = useRef(ctx);
  ctxRef.current = ctx;
  const { isRawModeSupported } = useStdin();
  // While the cleanup view is open its keys are its own: the table's are off.
  useInput((input, key) => handleKey(input, key, ctxRef.current), { isActive: isRawModeSupported && state.mode !== 'cleanup' });

  const overlay = state.mode === 'form' && state.form
    ? <FormView form={state.form} targetLabel={snapshot.servers.find((s) => s.key === state.form?.target)?.label ?? 'the selected server'} />
    : state.mode === 'twinPrompt' && state.prompt ? <TwinPrompt command={state.prompt.command} /> : undefined;
  const position = rows.length > layout.tableRows
    ? `${scrollTop + 1}-${Math.min(rows.length, scrollTop + layout.tableRows)}/${rows.length}` : undefined;

  const open = state.mode === 'cleanup' ? state.cleanup : undefined;
  if (open) {
    return (
      <Box flexDirection="column" width={size.columns}>
        <Header snapshot={snapshot} frozen={state.frozen !== undefined} width={size.columns} />
        <CleanupView
          plan={open.plan} progress={open.progress} width={size.columns} height={Math.max(3, size.rows - CLEANUP_CHROME)}
          isActive={isRawModeSupported}
          onConfirm={(selection) => { void runCleanup(ctxRef.current, open.plan, selection); }}
          onCancel={() => ctxRef.current.dispatch({ type: 'close' })}
          onInterrupt={onQuit}
        />
      </Box>
    );
  }

  return (
    <Box flexDirection="column" width={size.columns}>
      <Header snapshot={snapshot} frozen={state.frozen !== undefined} width={size.columns} />
      {state.mode === 'help' ? <HelpOverlay width={size.columns} /> : (
        <>
          <Table rows={rows} columns={columns} selected={selected} scrollTop={scrollTop} height={layout.tableRows} sort={state.sort} sortReverse={state.sortReverse} width={size.columns} />
          {overlay ?? (layout.detailLines > 0
            ? <DetailPane server={server} metric={state.chartMetric} width={size.columns - 1} height={layout.detailLines} intervalMs={snapshot.intervalMs} />
            : null)}
          {layout.panelLines > 0 ? <StressPanel stress={snapshot.stress} churn={snapshot.churn} width={size.columns} /> : null}
        </>
      )}
      <Footer message={state.message || undefined} notice={snapshot.notices.at(-1)} position={position} width={size.columns} />
    </Box>
  );
}
