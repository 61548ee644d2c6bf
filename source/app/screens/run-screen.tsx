// A run as it happens: a header with the operation, overall progress ("3 failed (r retries)"),
// elapsed time and Exchange sessions, a line saying how the table is sorted and filtered, one row
// per tenant, and below the table the tenant under the cursor in full — for a failure, its whole
// cause, wrapped to the width. Failures come first; f jumps to the next one; t and / filter.

import React from 'react';
import {Box, Text} from 'ink';
import {Frame} from '../../components/frame.js';
import {ProgressBar} from '../../components/progress-bar.js';
import {TextInput} from '../../components/text-input.js';
import {WindowedList} from '../../components/windowed-list.js';
import {clip, displayWidth, fitEnd, fitStart, wrapText} from '../../core/reports/text-width.js';
import {progressText} from '../../core/progress-text.js';
import {counted} from '../../core/write-targets.js';
import {availableCommands, type KeyHandlers, type KeyTarget} from '../../ui/key-dispatch.js';
import {listMoves} from '../../ui/list-moves.js';
import {formatDuration, useNow} from '../../hooks/use-now.js';
import {useTheme, type TextStyle, type Theme} from '../../ui/theme.js';
import {keyScopesFor} from '../state/key-scopes.js';
import {cursorIn, isRunLive, runCounts, slowTenants, statusLabel, viewOf, type RunState, type TenantRun} from '../state/run-state.js';
import {sortLabels, type RunView} from '../state/run-view.js';
import {shownNotice, type SessionStatus} from '../state/app-state.js';
import {statusText, type ScreenProps} from './screen-props.js';

type RunScope = 'run' | 'cancel-ask' | 'filter' | 'list';

/** Header lines above the list: operation, progress, view, column titles. */
const headerRows = 4;

/** How the body splits: the list, and the detail lines below it for the tenant under the cursor. */
function layoutFor(run: RunState, view: RunView<TenantRun>, width: number, height: number, ellipsis?: string): {listHeight: number; detail: DetailLines} {
	const body = Math.max(1, height - 3 - headerRows - (run.asking ? 3 : 0));
	// The detail may take all but three rows of the list, so a long cause (a GDAP hint names
	// every role that would do) is shown whole even at 60×20.
	const detail = detailLines(view.rows[cursorIn(run, view)], width, Math.max(1, body - 3), ellipsis);
	return {listHeight: Math.max(1, body - detail.lines.length), detail};
}

export function runKeys({state, intents, width, height}: ScreenProps): KeyTarget<RunScope> {
	const {run} = state;
	const contexts = keyScopesFor(state);
	if (!run) return {contexts, handlers: {}};
	const live = isRunLive(run);
	const failed = runCounts(run).failed;
	const view = viewOf(run);
	const {listHeight} = layoutFor(run, view, width, height);
	const act = (action: Parameters<typeof intents.runView>[0]) => () => intents.runView(action);
	const moves = listMoves({cursor: cursorIn(run, view), count: view.rows.length, page: listHeight}, intents.runMove);
	if (run.asking) return {contexts, handlers: {'cancel-pending': () => intents.cancelRun('queued'), 'abort-running': () => intents.cancelRun('all'), 'keep-running': intents.keepRunning}};
	if (run.editingFilter) {
		return {
			contexts,
			handlers: {'keep-filter': act({type: 'run-filter-keep'}), 'clear-filter': act({type: 'run-filter-clear'}), ...moves},
			typing: true,
			onEdit: text => intents.runView({type: 'run-filter-set', text}),
		};
	}
	const viewKeys: KeyHandlers<RunScope> = {
		'filter-run': act({type: 'run-filter-edit'}),
		'next-failure': failed ? act({type: 'run-next-failure'}) : undefined,
		'show-status': act({type: 'run-status-filter'}),
		'sort-run': act({type: 'run-sort'}),
	};
	const handlers: KeyHandlers<RunScope> = live
		? {
			'open-tenant': intents.openTenantRows,
			'leave-run': run.cancelling ? undefined : intents.askCancel,
			'cancel-tenant': run.cancelling ? undefined : intents.cancelTenant,
			'retry-failed': failed && !run.cancelling ? intents.retryFailed : undefined,
			...viewKeys,
			...moves,
		}
		: {'open-tenant': intents.openTenantRows, 'leave-run': intents.back, 'retry-failed': failed ? intents.retryFailed : undefined, ...viewKeys, results: intents.openResults, 'save-runbook': intents.saveRunbook, 'new-run': intents.newRun, ...moves};
	return {contexts, handlers};
}

export function RunScreen(props: ScreenProps): React.JSX.Element {
	const {state, width, height, now = Date.now} = props;
	const theme = useTheme();
	const {run} = state;
	const live = isRunLive(run);
	const clock = useNow(1000, live, now);
	const {contexts, handlers} = runKeys(props);
	const available = availableCommands(handlers);
	if (!run) return <Text>No run yet.</Text>;
	const counts = runCounts(run);
	const view = viewOf(run);
	const cursor = cursorIn(run, view);
	const {listHeight, detail} = layoutFor(run, view, width, height, theme.glyphs.ellipsis);
	const elapsed = (run.finishedAt ?? clock) - run.startedAt;
	// Sessions matter only where Exchange connections are rationed.
	const sessions = state.operation?.backend === 'exchange' ? sessionsText(state.sessions) : '';
	const right = [`elapsed ${formatDuration(elapsed)}`, sessions].filter(Boolean).join(' · ');
	// The failures come right after the progress, with the key that retries them, so a narrow
	// terminal still shows them.
	const retry = available.has('retry-failed') ? ' (r retries)' : '';
	const tally = [`${counts.finished}/${run.tenants.length}`, counts.failed ? `${counts.failed} failed${retry}` : '', counts.active ? `${counts.active} running` : '', counts.cancelled ? `${counts.cancelled} cancelled` : '', counted(counts.rows, 'row')].filter(Boolean).join(' · ');
	const barWidth = Math.max(10, Math.min(40, width - displayWidth(tally) - 2));
	const columns = runColumns(width);
	const slow = live ? slowTenants(run, clock) : new Set<string>();
	return (
		<Frame title={`${run.title}${live ? '' : run.cancelling ? ' — stopped' : ' — finished'}`} status={statusText(state)} width={width} height={height} contexts={contexts} available={available} notice={shownNotice(state)}>
			<Text wrap="truncate" {...theme.muted}>{headerLine(run.operationId, right, width, theme.glyphs.ellipsis)}</Text>
			<Box height={1}><ProgressBar done={counts.finished} total={run.tenants.length} width={barWidth} failed={counts.failed > 0} /><Text wrap="truncate">{'  '}<Text {...(counts.failed ? theme.danger : {})}>{tally}</Text></Text></Box>
			<Box height={1}>{run.editingFilter ? <Text wrap="truncate"><Text {...theme.accent}>/ </Text><TextInput value={run.view.text} focused placeholder="name, domain, id or cause" /><Text {...theme.muted}>  Enter keeps · Esc clears</Text></Text> : <Text wrap="truncate" {...theme.muted}>{clip(viewLine(run, view), width, theme.glyphs.ellipsis)}</Text>}</Box>
			<Text wrap="truncate" {...theme.accent}>{formatRow(columns, ['tenant', 'status', 'time', 'rows', 'note'])}</Text>
			<WindowedList
				items={view.rows}
				cursor={cursor}
				height={listHeight}
				empty={`No tenant is ${run.view.status === 'all' ? 'shown' : run.view.status}${run.view.text ? ` matching "${run.view.text}"` : ''}. t shows ${run.view.status === 'done' ? 'all' : 'the next status'}; / changes the filter.`}
				renderItem={(row, _index, isCursor) => <TenantLine row={row} columns={columns} clock={clock} isCursor={isCursor} theme={theme} slow={slow.has(row.tenant.tenantId)} />}
			/>
			{detail.lines.map((line, index) => <Text key={index} wrap="truncate" {...(detail.failed ? theme.danger : theme.muted)}>{line}</Text>)}
			{run.asking ? (
				<Box flexDirection="column" marginTop={1}>
					<Text {...theme.warning} wrap="truncate">{`Stop the run? ${counts.queued} not started, ${counts.active} running.`}</Text>
					<Text wrap="truncate"><Text {...theme.accent}>y</Text> skip the rest, let running finish  <Text {...theme.accent}>A</Text> abort running too  <Text {...theme.accent}>n</Text> keep going</Text>
				</Box>
			) : null}
		</Frame>
	);
}

/**
 * The operation id on the left and elapsed/sessions on the right, never overlapping: the right
 * side is what changes, so it stays whole and the id gives way (clipped, with an ellipsis).
 */
export function headerLine(left: string, right: string, width: number, ellipsis: string): string {
	const rightText = clip(right, width, ellipsis);
	const room = width - displayWidth(rightText) - 2;
	if (room < 4) return rightText;
	const leftText = clip(left, room, ellipsis);
	return `${leftText}${' '.repeat(width - displayWidth(leftText) - displayWidth(rightText))}${rightText}`;
}

/** "3 failed of 531 matching "nor" · failures first" — what the table shows and how. */
export function viewLine(run: RunState, view: RunView<TenantRun>): string {
	const {status, text, sort} = run.view;
	const total = run.tenants.length;
	const shown = status === 'all' && !text ? (total === 1 ? '1 tenant' : `all ${total} tenants`) : `${view.rows.length}${status === 'all' ? '' : ` ${status}`} of ${total}${text ? ` matching "${text}"` : ''}`;
	const failed = run.tenants.some(row => row.status === 'failed') ? ' · f next failure' : '';
	return `${shown} · ${sortLabels[sort]}${failed} · s sort · t show · / filter`;
}

type DetailLines = {readonly lines: readonly string[]; readonly failed: boolean};

/** The tenant under the cursor in words: a failure's whole cause, wrapped; otherwise one line. */
export function detailLines(row: TenantRun | undefined, width: number, most: number, ellipsis = '…'): DetailLines {
	if (!row) return {lines: [''], failed: false};
	const {tenant, failure} = row;
	if (!failure || row.status !== 'failed') {
		const time = row.durationMs === undefined ? '' : ` in ${formatDuration(row.durationMs)}`;
		const what = row.status === 'succeeded' ? `done${time}, ${counted(row.rows, 'row')}. Enter shows ${row.rows === 1 ? 'it' : 'them'}.` : `${statusLabel(row)}.`;
		return {lines: [clip(`${tenant.tenantName} (${tenant.tenantDomain}): ${what}`, width, ellipsis)], failed: false};
	}
	const cause = [`${tenant.tenantName} (${tenant.tenantDomain}) failed: ${failure.message}`, failure.hint, failure.requestId ? `Request id for a support ticket: ${failure.requestId}` : ''].filter(Boolean).join(' ');
	const lines = wrapText(cause, width);
	if (lines.length <= most) return {lines, failed: true};
	// Too long even for that: Enter shows the tenant's whole failure.
	const kept = lines.slice(0, most);
	kept[most - 1] = clip(`${kept[most - 1]!} ${lines[most]!}`, width - 12, ellipsis) + ' Enter: all';
	return {lines: kept, failed: true};
}

export function sessionsText(sessions: SessionStatus | undefined): string {
	if (!sessions) return '';
	return `sessions ${sessions.busy}/${sessions.max}${sessions.warming ? ` (+${sessions.warming} starting)` : ''}`;
}

type Columns = readonly [number, number, number, number, number];

function runColumns(width: number): Columns {
	const fixed = 12 + 8 + 7 + 4 * 2;
	const name = Math.max(12, Math.min(32, Math.floor((width - fixed) * 0.55)));
	return [name, 12, 8, 7, Math.max(0, width - fixed - name - 2)];
}

function formatRow(columns: Columns, cells: readonly string[]): string {
	return cells.map((cell, index) => {
		const size = columns[index]!;
		return index === 3 ? fitStart(cell, size) : fitEnd(cell, size);
	}).join('  ').trimEnd();
}

function statusStyle(row: TenantRun, theme: Theme): TextStyle {
	if (row.status === 'failed') return theme.danger;
	if (row.status === 'succeeded') return theme.success;
	if (row.status === 'retrying' || row.status === 'cancelled') return theme.warning;
	if (row.status === 'queued') return theme.muted;
	return theme.accent;
}

function TenantLine({row, columns, clock, isCursor, theme, slow}: {readonly row: TenantRun; readonly columns: Columns; readonly clock: number; readonly isCursor: boolean; readonly theme: Theme; readonly slow: boolean}): React.JSX.Element {
	const time = row.durationMs !== undefined ? formatDuration(row.durationMs) : row.startedAt === undefined ? '' : formatDuration((row.finishedAt ?? clock) - row.startedAt);
	// Inside a long tenant (a forwarding report over 1,000 mailboxes) the count shows it is moving.
	const note = row.failure ? [row.failure.message, row.failure.hint].filter(Boolean).join(' ') : [progressText(row.progress), slow ? 'slow: far longer than the others (x cancels it alone)' : ''].filter(Boolean).join(' · ');
	const noteStyle = row.failure || slow ? theme.danger : theme.muted;
	const [name, status, timeWidth, rowsWidth, noteWidth] = columns;
	const {ellipsis} = theme.glyphs;
	const lead = `${fitEnd(row.tenant.tenantName, name, ellipsis)}  `;
	const rest = `  ${fitEnd(time, timeWidth)}  ${fitStart(String(row.rows), rowsWidth)}  `;
	if (isCursor) return <Text wrap="truncate" {...theme.cursor}>{`${lead}${fitEnd(statusLabel(row), status)}${rest}${clip(note, noteWidth, ellipsis)}`}</Text>;
	return (
		<Text wrap="truncate">
			{lead}
			<Text {...statusStyle(row, theme)}>{fitEnd(statusLabel(row), status)}</Text>
			{rest}
			<Text {...noteStyle}>{clip(note, noteWidth, ellipsis)}</Text>
		</Text>
	);
}
