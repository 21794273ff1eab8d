// View state of the cleanup list: the cursor and which items are selected (pure; the view only renders it).
import type { ProcKey } from '../../core/types.js';
import type { CleanupPlan } from '../../core/cleanup/types.js';

export interface SelectionState {
  /** Index into the plan's items in display order (refused ones included, so their reason can be read). */
  readonly cursor: number;
  readonly selected: ReadonlySet<ProcKey>;
}

export type SelectionAction = 'up' | 'down' | 'toggle' | 'all' | 'none';

const items = (plan: CleanupPlan) => plan.groups.flatMap((g) => g.items);

/** Every item the safety rules allow starts selected: the view itself is the confirmation. */
export function initialSelection(plan: CleanupPlan): SelectionState {
  return { cursor: 0, selected: new Set(items(plan).filter((i) => i.refused === undefined).map((i) => i.key)) };
}

export function reduceSelection(state: SelectionState, action: SelectionAction, plan: CleanupPlan): SelectionState {
  const list = items(plan);
  const last = Math.max(0, list.length - 1);
  switch (action) {
    case 'up': return { ...state, cursor: Math.max(0, state.cursor - 1) };
    case 'down': return { ...state, cursor: Math.min(last, state.cursor + 1) };
    case 'all': return { ...state, selected: new Set(list.filter((i) => i.refused === undefined).map((i) => i.key)) };
    case 'none': return { ...state, selected: new Set() };
    case 'toggle': {
      const item = list[state.cursor];
      if (item === undefined || item.refused !== undefined) return state;
      const next = new Set(state.selected);
      if (next.has(item.key)) next.delete(item.key);
      else next.add(item.key);
      return { ...state, selected: next };
    }
  }
}

/** The selection restricted to what is still in the plan and allowed (a plan can be replaced under the view). */
export function effectiveSelection(state: SelectionState, plan: CleanupPlan): Set<ProcKey> {
  return new Set(items(plan).filter((i) => i.refused === undefined && state.selected.has(i.key)).map((i) => i.key));
}
