// The rows of the console's runs, for the views and the exports: read back from the run folders
// (the newest row per tenant wins), at most viewRowLimit of them held for a view, and exported in
// the order and columns the screen shows.

import {basename, join} from 'node:path';
import type {Row} from '../core/operation.js';
import {counted} from '../core/write-targets.js';
import {latestRows, type RunFiles} from '../adapters/latest-rows.js';
import type {ConsoleExportFormat} from '../adapters/run-export.js';
import {exportColumns, rowsInOrder, sortedOrder, type ResultsState} from './state/results-state.js';
import type {ControllerContext} from './controller-context.js';

export const viewRowLimit = 100_000;
const exportExtension: Record<ConsoleExportFormat, string> = {csv: 'csv', json: 'json', html: 'html', table: 'txt'};

/** `currentRuns` gives the run folders of the run on screen (a retry adds one). */
export function createRunRows(context: ControllerContext, currentRuns: () => ReadonlyArray<RunFiles & {path: string}>) {
	const {store, deps, folders, notify} = context;
	const {dispatch} = store;
	const state = () => store.getState();

	async function loadRows(tenantId?: string): Promise<{rows: Row[]; total: number}> {
		const rows: Row[] = [];
		let total = 0;
		for await (const row of latestRows(currentRuns(), deps.readRows)) {
			if (tenantId && row['tenantId'] !== tenantId) continue;
			total++;
			if (rows.length < viewRowLimit) rows.push(row);
		}
		return {rows, total};
	}

	/** The rows of the table on screen, in its order: from memory, or from disk when the view holds only part. */
	async function rowsAsShown(table: ResultsState, files: readonly RunFiles[]): Promise<() => AsyncIterable<Row> | Iterable<Row>> {
		if (table.rows.length >= table.total) return () => rowsInOrder(table);
		const mine = async function * () {
			for await (const row of latestRows(files, deps.readRows)) if (!table.tenantId || row['tenantId'] === table.tenantId) yield row;
		};
		if (!table.sort) return mine;
		// Sorting every row needs them all at once; only a view this large pays for it.
		const all: Row[] = [];
		for await (const row of mine()) all.push(row);
		const order = sortedOrder(all, table.sort.column, table.sort.descending);
		return () => order.map(index => all[index]!);
	}

	async function exportAs(format: ConsoleExportFormat): Promise<void> {
		const {operation, screen, run} = state();
		const which = screen === 'tenant-rows' ? 'tenant-rows' : 'results';
		const table = which === 'results' ? state().results : state().tenantRows;
		const runs = currentRuns();
		if (!operation || !table || runs.length === 0) return;
		dispatch({type: which, action: {type: 'results-export-done'}});
		const files = [...runs];
		const position = table.tenantId === undefined ? undefined : run?.index.get(table.tenantId);
		const tenant = position === undefined ? undefined : run?.tenants[position]?.tenant;
		const name = `${basename(files[0]!.path)}${tenant ? `-${tenant.tenantDomain.replace(/[^\w.-]/g, '_')}` : ''}.${exportExtension[format]}`;
		const path = join(context.connection()?.folders.state ?? folders.state, 'exports', name);
		notify('info', `Exporting to ${path}…`);
		const title = tenant ? `${operation.title} — ${tenant.tenantName}` : `${operation.title} — ${counted(run?.tenants.length ?? 0, 'tenant')}`;
		const rows = await rowsAsShown(table, files);
		const count = await deps.exportRows({runs: files, columns: exportColumns(table), rows, format, path, title, tenantId: table.tenantId});
		notify('success', `Exported ${counted(count, 'row')} to ${path}`);
	}

	return {loadRows, exportAs};
}
