// The results table as a pure reducer: rows from every tenant, the operation's own columns first
// and the tenant as one narrow name column after them (domain and id on request), a cursor row,
// a highlighted column and a sort. The tenant rows view is the same state limited to one tenant,
// without tenant columns, so both screens sort, scroll and export alike.

import type {Row} from '../../core/operation.js';
import {cellText, orderColumns, printable, tenantColumnNames} from '../../core/reports/columns.js';
import {displayWidth} from '../../core/reports/text-width.js';
import {clampCursor} from '../../components/window.js';

export type Sort = {readonly column: string; readonly descending: boolean};

export type ResultsState = {
	/** Display order: the operation's columns, then the tenant's name (and domain and id when asked). */
	readonly columns: readonly string[];
	/** The operation's columns (declared, then any a row carried), without the tenant columns. */
	readonly opColumns: readonly string[];
	/** Natural width of every column, shown or not, by name. */
	readonly widths: Readonly<Record<string, number>>;
	/** The tenant domain and id columns are shown (i). */
	readonly showTenantIds: boolean;
	/** Widest cell per column (capped), measured once at load so the layout never jumps. */
	readonly natural: readonly number[];
	readonly rows: readonly Row[];
	/** Row positions in display order (sorted or as loaded). */
	readonly order: readonly number[];
	readonly sort?: Sort;
	readonly cursor: number;
	/** The highlighted column (what `s` sorts by). */
	readonly column: number;
	/** Rows the run wrote in total, when more than the view holds. */
	readonly total: number;
	/** Set while the view shows one tenant's rows: it then has no tenant columns. */
	readonly tenantName?: string;
	readonly tenantId?: string;
	/** The export format question is showing. */
	readonly exporting: boolean;
};

export type ResultsAction =
	| {type: 'results-loaded'; declared: readonly string[]; rows: readonly Row[]; total: number; tenantName?: string; tenantId?: string}
	| {type: 'results-tenant-columns'}
	| {type: 'results-move'; to: number}
	| {type: 'results-column'; delta: number}
	| {type: 'results-sort'}
	| {type: 'results-export-ask'}
	| {type: 'results-export-done'};

const widestColumn = 40;
/** A name says which tenant; a few more characters would not tell more. */
const narrow: Record<string, number> = {tenantName: 20, tenantId: 13};

/**
 * A write's answer is its `result` column: it follows the first column (the target) so it is on
 * screen at any width, before the before/after detail.
 */
function answerFirst(columns: readonly string[]): string[] {
	const at = columns.indexOf('result');
	if (at <= 1) return [...columns];
	return [columns[0]!, 'result', ...columns.slice(1).filter(column => column !== 'result')];
}

function shownColumns(state: Pick<ResultsState, 'opColumns' | 'showTenantIds' | 'tenantName'>): string[] {
	if (state.tenantName !== undefined) return [...state.opColumns];
	return [...state.opColumns, 'tenantName', ...(state.showTenantIds ? ['tenantDomain', 'tenantId'] : [])];
}

export function createResultsState(action: Extract<ResultsAction, {type: 'results-loaded'}>): ResultsState {
	const opColumns = answerFirst(orderColumns(action.declared, action.rows).filter(column => !(tenantColumnNames as readonly string[]).includes(column)));
	const sample = action.rows.length > 2000 ? action.rows.slice(0, 2000) : action.rows;
	const widths: Record<string, number> = {};
	for (const column of [...opColumns, ...tenantColumnNames]) {
		// One more than the header, for the sort arrow.
		let width = displayWidth(column) + 1;
		for (const row of sample) width = Math.max(width, displayWidth(displayText(row[column])));
		widths[column] = Math.min(width, narrow[column] ?? widestColumn);
	}
	const base = {opColumns, showTenantIds: false, tenantName: action.tenantName};
	const columns = shownColumns(base);
	return {
		...base,
		columns,
		widths,
		natural: columns.map(column => widths[column]!),
		rows: action.rows,
		order: action.rows.map((_, index) => index),
		cursor: 0,
		column: 0,
		total: Math.max(action.total, action.rows.length),
		tenantId: action.tenantId,
		exporting: false,
	};
}

/** The columns of an export: those shown, in that order, then the tenant columns not shown. */
export function exportColumns(state: ResultsState): string[] {
	const rest = ['tenantName', 'tenantDomain', 'tenantId'].filter(column => !state.columns.includes(column));
	return [...state.columns, ...rest];
}

/** The rows in the order shown. */
export function* rowsInOrder(state: ResultsState): Generator<Row> {
	for (const index of state.order) yield state.rows[index]!;
}

export function displayText(value: unknown): string {
	return printable(value);
}

export function resultsReducer(state: ResultsState, action: ResultsAction): ResultsState {
	switch (action.type) {
		case 'results-loaded':
			return createResultsState(action);
		case 'results-move':
			return {...state, cursor: clampCursor(action.to, state.order.length)};
		case 'results-column':
			return {...state, column: Math.min(Math.max(0, state.column + action.delta), state.columns.length - 1)};
		case 'results-sort': {
			const column = state.columns[state.column]!;
			const descending = state.sort?.column === column ? !state.sort.descending : false;
			return {...state, sort: {column, descending}, order: sortedOrder(state.rows, column, descending), cursor: 0};
		}
		case 'results-tenant-columns': {
			if (state.tenantName !== undefined) return state;
			const next = {...state, showTenantIds: !state.showTenantIds};
			const columns = shownColumns(next);
			const highlighted = columns.indexOf(state.columns[state.column]!);
			return {...next, columns, natural: columns.map(column => state.widths[column]!), column: highlighted >= 0 ? highlighted : Math.min(state.column, columns.length - 1)};
		}
		case 'results-export-ask':
			return {...state, exporting: true};
		case 'results-export-done':
			return {...state, exporting: false};
	}
}

/** Row positions sorted by one column: numbers by value, empty cells last, ties keep load order. */
export function sortedOrder(rows: readonly Row[], column: string, descending: boolean): number[] {
	const keys = rows.map(row => sortKey(row[column]));
	const direction = descending ? -1 : 1;
	return rows.map((_, index) => index).sort((a, b) => {
		const left = keys[a]!;
		const right = keys[b]!;
		if (left === undefined || right === undefined) return left === right ? a - b : left === undefined ? 1 : -1;
		if (left < right) return -direction;
		if (left > right) return direction;
		return a - b;
	});
}

function sortKey(value: unknown): number | string | undefined {
	if (value === null || value === undefined || value === '') return undefined;
	if (typeof value === 'number') return value;
	if (typeof value === 'boolean') return value ? 1 : 0;
	return cellText(value).toLowerCase();
}

/** The row under the cursor, in display order. */
export function rowAt(state: ResultsState, position: number): Row | undefined {
	const index = state.order[position];
	return index === undefined ? undefined : state.rows[index];
}
