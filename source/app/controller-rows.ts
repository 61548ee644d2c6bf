// The rows of the console's runs, for the views and the exports: read back from the run folders
// (the newest row per tenant wins), at most viewRowLimit of them held for a view (all results, or
// one tenant's), and exported in the order and columns the screen shows.

import {basename, join} from 'node:path';
import {describeError} from '../core/errors.js';
import type {Row} from '../core/operation.js';
import {counted} from '../core/write-targets.js';
import {latestRows, type RunFiles} from '../adapters/latest-rows.js';
import type {ConsoleExportFormat} from '../adapters/run-export.js';
import {exportColumns, rowsInOrder, sortedOrder, type ResultsState} from './state/results-state.js';
import {selectedRun} from './state/run-state.js';
import {guarded, type ControllerContext} from './controller-context.js';

export const viewRowLimit = 100_000;
const exportExtension: Record<ConsoleExportFormat, string> = {csv: 'csv', json: 'json', html: 'html', table: 'txt'};

/** The intents that open and export a run's rows. */
export type RowIntents = {
	openTenantRows(): void;
	openResults(): void;
	exportAs(format: ConsoleExportFormat): void;
};

/** `currentRuns` gives the run folders of the run on screen (a retry adds one). */
export function createRowIntents(context: ControllerContext, currentRuns: () => ReadonlyArray<RunFiles & {path: string}>): RowIntents {
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

	const guard = (work: () => Promise<void>) => guarded(context, work);
	return {
		openTenantRows: guard(async () => {
			const run = state().run;
			const row = run && selectedRun(run);
			const operation = state().operation;
			if (!row || !operation) return;
			const {rows, total} = await loadRows(row.tenant.tenantId);
			dispatch({type: 'tenant-rows', action: {type: 'results-loaded', declared: operation.columns, rows, total, tenantName: row.tenant.tenantName, tenantId: row.tenant.tenantId}});
			dispatch({type: 'rows-opened', which: 'tenant-rows'});
		}),
		openResults: guard(async () => {
			const operation = state().operation;
			if (!operation || currentRuns().length === 0) return;
			const {rows, total} = await loadRows();
			dispatch({type: 'results', action: {type: 'results-loaded', declared: operation.columns, rows, total}});
			dispatch({type: 'rows-opened', which: 'results', notice: total > rows.length ? {tone: 'info', text: `Showing the first ${rows.length} of ${total} rows; an export has them all.`} : undefined});
		}),
		exportAs: format => {
			exportAs(format).catch(error => notify('danger', `Export failed: ${describeError(error)}`));
		},
	};
}
