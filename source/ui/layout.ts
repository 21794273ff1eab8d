// Vertical budget of the screen: how many table rows fit, and whether the detail pane and stress panel do.

export interface LayoutInput {
  /** Terminal rows. */
  readonly rows: number;
  /** Rows the table would need to show everything. */
  readonly tableRows: number;
  /** Lines of the stress / churn panel (0 when none runs). */
  readonly panelLines: number;
  /** Lines of a form or prompt drawn in the detail pane's place; it gets them before the table. */
  readonly overlayLines?: number;
}

export interface Layout {
  /** Table body rows actually rendered (the rest scroll). */
  readonly tableRows: number;
  /** Lines of the detail pane, 0 when hidden. */
  readonly detailLines: number;
  /** Lines of the stress panel, 0 when hidden for lack of room. */
  readonly panelLines: number;
}

/** Header (2), table header (1), message (1), help line (1). */
export const CHROME_LINES = 5;
/** Lines above the table's first row: the header (2) and the table's own header line (1). */
export const CHROME_TOP = 3;
const DETAIL_MIN = 7;
/** Share of the room the table may take before the detail pane's chart (which grows with the terminal) gets the rest. */
const TABLE_SHARE = 0.6;
const TABLE_MIN = 3;

/**
 * One line is kept free: Ink redraws the whole screen (and flickers) once its output reaches the terminal height.
 * The table shrinks before the detail pane vanishes, since the chart is what shows a leak.
 */
export function computeLayout(input: LayoutInput): Layout {
  const avail = Math.max(1, input.rows - 1 - CHROME_LINES);
  const panel = avail - input.panelLines >= TABLE_MIN + DETAIL_MIN ? input.panelLines : 0;
  const room = avail - panel;
  const wanted = Math.max(1, input.tableRows);
  if (input.overlayLines !== undefined) {
    const overlay = Math.min(input.overlayLines, avail - 1);
    const keepPanel = avail - overlay - input.panelLines >= 1 ? input.panelLines : 0;
    return { tableRows: Math.max(1, Math.min(wanted, avail - overlay - keepPanel)), detailLines: overlay, panelLines: keepPanel };
  }
  const tableMax = Math.max(TABLE_MIN, Math.min(room - DETAIL_MIN, Math.round(room * TABLE_SHARE)));
  let table = Math.min(wanted, tableMax);
  // The detail pane takes every line the table does not need: a taller terminal draws a taller chart.
  let detail = room - table;
  if (detail < DETAIL_MIN) {
    detail = 0;
    table = Math.min(wanted, room);
  }
  return { tableRows: Math.max(1, table), detailLines: detail, panelLines: panel };
}
