// The results table as a pure reducer: rows from every tenant, tenant columns first, a cursor
// row, a highlighted column and a sort. The tenant rows view is the same state limited to one
// tenant, so both screens sort, scroll and export alike.

import type {Row} from '../../core/operation.js';
import {cellText, orderColumns, printable} from '../../core/reports/columns.js';
import {displayWidth} from '../../core/reports/text-width.js';
import {clampCursor} from '../../components/window.js';

export type Sort = {readonly column: string; readonly descending: boolean};

export type ResultsState = {
	/** Display order: tenant domain and name first, then the operation's columns. */
	readonly columns: readonly string[];
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
	/** Set while the view shows one tenant's rows. */
	readonly tenantName?: string;
	/** The export format question is showing. */
	readonly exporting: boolean;
};

export type ResultsAction =
	| {type: 'results-loaded'; declared: readonly string[]; rows: readonly Row[]; total: number; tenantName?: string}
	| {type: 'results-move'; to: number}
	| {type: 'results-column'; delta: number}
	| {type: 'results-sort'}
	| {type: 'results-export-ask'}
	| {type: 'results-export-done'};

/** Columns a person reads first come first; the tenant id (a GUID) goes after the name. */
const leading = ['tenantDomain', 'tenantName', 'tenantId'];
const widestColumn = 40;

export function createResultsState(action: Extract<ResultsAction, {type: 'results-loaded'}>): ResultsState {
	const ordered = orderColumns(action.declared, action.rows);
	const columns = [...leading, ...ordered.filter(column => !leading.includes(column))];
	const sample = action.rows.length > 2000 ? action.rows.slice(0, 2000) : action.rows;
	const natural = columns.map(column => {
		// One more than the header, for the sort arrow.
		let width = displayWidth(column) + 1;
		for (const row of sample) width = Math.max(width, displayWidth(displayText(row[column])));
		// A GUID is for copying from an export, not for reading: a few characters identify it.
		return Math.min(width, column === 'tenantId' ? 13 : widestColumn);
	});
	return {
		columns,
		natural,
		rows: action.rows,
		order: action.rows.map((_, index) => index),
		cursor: 0,
		column: 0,
		total: Math.max(action.total, action.rows.length),
		tenantName: action.tenantName,
		exporting: false,
	};
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
