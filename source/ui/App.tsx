// The interactive view: reads snapshots from the Monitor, keeps view state in a reducer, draws header/table/detail.
import { useEffect, useMemo, useReducer, useRef } from 'react';
import { Box, useInput, useStdin } from 'ink';
import type { ProcessView } from '../core/types.js';
import type { AppActions, MonitorHandle } from '../core/types.js';
import { flagsWidth, planColumns } from './columns.js';
import { handleKey, handleRaw, runCleanup } from './commands.js';
import { parseRawInput } from './raw-input.js';
import { CHROME_TOP } from './layout.js';
import { envLines, fdLines } from './inspect/lines.js';
import type { TuiInspect } from './inspect/port.js';
import { useInspect } from './inspect/use-inspect.js';
import { InspectPane } from './components/InspectPane.js';
import { NothingFound } from './components/NothingFound.js';
import type { KeyContext } from './commands.js';
import { useSnapshot } from './hooks/use-snapshot.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { useFresh } from './hooks/use-fresh.js';
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
  /** Reads the `l` (open FDs) and `e` (environment) panes; without it they say "not available here". */
  readonly inspect?: TuiInspect;
}

/** Lines kept off the cleanup view: the header (2) and one free line (Ink flickers at full height). */
const CLEANUP_CHROME = 3;

export function App({ monitor, actions, onQuit, cleanup, inspect }: AppProps) {
  const live = useSnapshot(monitor);
  const [state, dispatch] = useReducer(reduce, undefined, initialViewState);
  const size = useTerminalSize();
  const snapshot = state.frozen ?? live;

  const servers = useMemo(() => sortServers(snapshot.servers, state.sort, state.sortReverse), [snapshot.servers, state.sort, state.sortReverse]);
  const group = snapshot.discovery !== undefined;
  const rows = useMemo(() => buildRows(servers, state.expanded, { filter: state.filter, hideExited: state.hideExited, group }),
    [servers, state.expanded, state.filter, state.hideExited, group]);
  const refs = useMemo(() => rowRefs(rows), [rows]);
  const flags = flagsWidth(servers);
  const columns = useMemo(() => planColumns(size.columns, flags), [size.columns, flags]);
  const selected = selectedIndex(refs, state.selectedId);
  const selRow = rows[selected];
  const server = selRow?.server;
  const selProc: ProcessView | undefined = selRow?.kind === 'process' ? selRow.proc : server?.processes.find((p) => p.pid === server.pid);
  const inspected = useInspect(inspect, state.pane, server?.alive === true ? selProc?.pid ?? server.pid : undefined, live.tick);
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
  const { isRawModeSupported, internal_eventEmitter: events } = useStdin();
  // While the cleanup view is open its keys are its own: the table's are off.
  useInput((input, key) => handleKey(input, key, ctxRef.current), { isActive: isRawModeSupported && state.mode !== 'cleanup' });
  // Function keys and mouse reports come as raw sequences that useInput cannot name (ui/raw-input.ts).
  const tableRef = useRef({ bodyTop: CHROME_TOP + 1, scrollTop, height: layout.tableRows });
  tableRef.current = { bodyTop: CHROME_TOP + 1, scrollTop, height: layout.tableRows };
  const rawActive = isRawModeSupported && state.mode !== 'cleanup';
  useEffect(() => {
    if (!rawActive) return;
    const onInput = (data: string): void => {
      const ev = parseRawInput(data);
      if (ev) handleRaw(ev, ctxRef.current, tableRef.current);
    };
    events.on('input', onInput);
    return () => { events.off('input', onInput); };
  }, [events, rawActive]);

  const overlay = state.mode === 'form' && state.form
    ? <FormView form={state.form} targetLabel={snapshot.servers.find((s) => s.key === state.form?.target)?.label ?? 'the selected server'} />
    : state.mode === 'twinPrompt' && state.prompt ? <TwinPrompt command={state.prompt.command} /> : undefined;
  const who = selProc ? `pid ${selProc.pid} (${selProc.comm})` : server ? `pid ${server.pid}` : '';
  const paneWidth = size.columns - 1;
  const pane = state.pane === 'chart' || !server || layout.detailLines === 0 ? undefined
    : !inspect ? [{ text: `${state.pane === 'fds' ? 'open FDs' : 'environment'}: not available here (Linux /proc only)`, dim: true }]
      : state.pane === 'fds' ? fdLines(who, inspected.fds, paneWidth, layout.detailLines) : envLines(who, inspected.env, paneWidth, layout.detailLines);
  const nothing = snapshot.discovery !== undefined && snapshot.servers.length === 0 && snapshot.tick > 0;
  const filterText = state.mode === 'filter' ? `/${state.filter}_   Enter keeps, Esc clears` : state.filter !== '' ? `filter: /${state.filter}  (${rows.filter((r) => r.kind === 'server').length} shown; / edits, Esc in it clears)` : undefined;
  // A notice or a key's answer ("load started") leaves the footer after a while, in the live snapshot's time.
  const notice = useFresh(live.notices.at(-1), live.t);
  const message = useFresh(state.message || undefined, live.t);
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
      {state.mode === 'help' ? <HelpOverlay width={size.columns} /> : nothing && snapshot.discovery
        ? <NothingFound lookedFor={snapshot.discovery.lookedFor} width={size.columns} height={Math.max(3, size.rows - 5)} intervalMs={snapshot.intervalMs} /> : (
        <>
          <Table rows={rows} columns={columns} selected={selected} scrollTop={scrollTop} height={layout.tableRows} sort={state.sort} sortReverse={state.sortReverse} width={size.columns} />
          {overlay ?? (pane ? <InspectPane lines={pane} width={paneWidth} height={layout.detailLines} /> : layout.detailLines > 0
            ? <DetailPane server={server} metric={state.chartMetric} width={size.columns - 1} height={layout.detailLines} intervalMs={snapshot.intervalMs} />
            : null)}
          {layout.panelLines > 0 ? <StressPanel stress={snapshot.stress} churn={snapshot.churn} width={size.columns} /> : null}
        </>
      )}
      <Footer message={filterText ?? message} notice={notice} position={position} width={size.columns} />
    </Box>
  );
}
