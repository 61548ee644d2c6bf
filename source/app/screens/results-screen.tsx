// Every tenant's rows in one table (or one tenant's, from the run view): the operation's columns
// first and the tenant as a narrow name column after them (i adds domain and id; one tenant's rows
// have none), columns fitted to the width, sort by the highlighted column, and `e` to export the
// rows in the order and columns shown.

import React from 'react';
import {Box, Text} from 'ink';
import {Frame} from '../../components/frame.js';
import {WindowedTable} from '../../components/windowed-table.js';
import {availableCommands, type KeyHandlers, type KeyTarget} from '../../ui/key-dispatch.js';
import {listMoves} from '../../ui/list-moves.js';
import {useTheme} from '../../ui/theme.js';
import {keyScopesFor} from '../state/key-scopes.js';
import {displayText, rowAt, type ResultsAction, type ResultsState} from '../state/results-state.js';
import {statusText, type ScreenProps} from './screen-props.js';

export type ResultsScreenProps = ScreenProps & {
	/** The whole run's results, or the rows of the tenant picked in the run view. */
	readonly which: 'results' | 'tenant-rows';
};

const tableHeightFor = (height: number, exporting: boolean) => Math.max(2, height - 3 - 1 - (exporting ? 1 : 0));

type ResultsScope = 'results' | 'tenant-rows' | 'export' | 'list';

export function resultsKeys({state, intents, height}: ScreenProps, which: 'results' | 'tenant-rows'): KeyTarget<ResultsScope> {
	const table = which === 'results' ? state.results : state.tenantRows;
	const act = (action: ResultsAction) => () => intents.table(which, action);
	const handlers: KeyHandlers<ResultsScope> = table?.exporting
		? {'export-csv': () => intents.exportAs('csv'), 'export-json': () => intents.exportAs('json'), 'export-html': () => intents.exportAs('html'), 'export-table': () => intents.exportAs('table'), cancel: act({type: 'results-export-done'})}
		: {
			back: intents.back,
			'column-left': act({type: 'results-column', delta: -1}),
			'column-right': act({type: 'results-column', delta: 1}),
			sort: table && table.rows.length > 0 ? act({type: 'results-sort'}) : undefined,
			'tenant-columns': which === 'results' ? act({type: 'results-tenant-columns'}) : undefined,
			export: table ? act({type: 'results-export-ask'}) : undefined,
			...listMoves({cursor: table?.cursor ?? 0, count: table?.order.length ?? 0, page: tableHeightFor(height, false) - 1}, to => intents.table(which, {type: 'results-move', to})),
		};
	return {contexts: keyScopesFor(state), handlers};
}

export function ResultsScreen(props: ResultsScreenProps): React.JSX.Element {
	const {state, width, height, which} = props;
	const theme = useTheme();
	const table = which === 'results' ? state.results : state.tenantRows;
	const tableHeight = tableHeightFor(height, table?.exporting ?? false);
	const {contexts, handlers} = resultsKeys(props, which);
	const available = availableCommands(handlers);
	if (!table) return <Text>No results yet.</Text>;
	const title = which === 'results' ? `Results — ${state.run?.title ?? ''}` : `Rows of ${table.tenantName ?? 'tenant'}`;
	return (
		<Frame title={title} status={statusText(state)} width={width} height={height} contexts={contexts} available={available} notice={state.notice}>
			<Text wrap="truncate" {...theme.muted}>{summaryLine(table, which === 'results' ? state.run?.tenants.length : undefined)}</Text>
			{table.rows.length === 0 ? <EmptyRows state={state} which={which} /> : (
				<WindowedTable
					columns={table.columns}
					natural={table.natural}
					count={table.order.length}
					cellsAt={position => {
						const row = rowAt(table, position);
						return table.columns.map(column => displayText(row?.[column]));
					}}
					cursor={table.cursor}
					column={table.column}
					sort={table.sort}
					width={width}
					height={tableHeight}
				/>
			)}
			{table.exporting ? (
				<Box height={1}>
					<Text wrap="truncate">{`Export ${table.total === 1 ? 'the row' : `all ${table.total} rows`}${which === 'tenant-rows' ? ' of this tenant' : ''} as: `}<Text {...theme.accent}>c</Text> CSV  <Text {...theme.accent}>j</Text> JSON  <Text {...theme.accent}>h</Text> HTML  <Text {...theme.accent}>t</Text> text  <Text {...theme.muted}>(Esc cancels)</Text></Text>
				</Box>
			) : null}
		</Frame>
	);
}

function summaryLine(table: ResultsState, tenants: number | undefined): string {
	const rows = `${table.total} row${table.total === 1 ? '' : 's'}${tenants !== undefined ? ` from ${tenants} tenant${tenants === 1 ? '' : 's'}` : ''}`;
	const sort = table.sort ? ` · sorted by ${table.sort.column} ${table.sort.descending ? '↓' : '↑'}` : '';
	return `${rows}${sort} · column ${table.column + 1}/${table.columns.length}: ${table.columns[table.column] ?? ''}`;
}

function EmptyRows({state, which}: {readonly state: ScreenProps['state']; readonly which: 'results' | 'tenant-rows'}): React.JSX.Element {
	const theme = useTheme();
	const run = state.run;
	const position = which === 'tenant-rows' && state.tenantRows?.tenantId !== undefined ? run?.index.get(state.tenantRows.tenantId) : undefined;
	const tenant = position === undefined ? undefined : run?.tenants[position];
	if (tenant?.failure) {
		return (
			<Box flexDirection="column">
				<Text {...theme.danger}>{`This tenant failed: ${tenant.failure.message}`}</Text>
				{tenant.failure.hint ? <Text wrap="wrap">{tenant.failure.hint}</Text> : null}
				{tenant.failure.requestId ? <Text {...theme.muted}>{`Request id for a support ticket: ${tenant.failure.requestId}`}</Text> : null}
			</Box>
		);
	}
	const failed = run?.tenants.filter(row => row.status === 'failed').length ?? 0;
	return <Text {...theme.muted}>{tenant ? `No rows from this tenant (${tenant.status}).` : failed > 0 ? `No rows: ${failed} tenant${failed === 1 ? '' : 's'} failed. Esc goes back to the run, where r retries them.` : 'The run returned no rows.'}</Text>;
}
