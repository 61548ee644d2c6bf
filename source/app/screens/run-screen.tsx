// A run as it happens: a header with the operation, overall progress, elapsed time and Exchange
// sessions in use, then one row per tenant — status, time, rows, and the plain reason a tenant
// failed. Esc asks before stopping; r reruns only the failed tenants.

import React from 'react';
import {Box, Text} from 'ink';
import {Frame} from '../../components/frame.js';
import {ProgressBar} from '../../components/progress-bar.js';
import {WindowedList} from '../../components/windowed-list.js';
import {clip, displayWidth, fitEnd, fitStart} from '../../core/reports/text-width.js';
import {availableCommands, type KeyHandlers, type KeyTarget} from '../../ui/key-dispatch.js';
import {listMoves} from '../../ui/list-moves.js';
import {formatDuration, useNow} from '../../hooks/use-now.js';
import {useTheme, type TextStyle, type Theme} from '../../ui/theme.js';
import {keyScopesFor} from '../state/key-scopes.js';
import {isRunLive, runCounts, slowTenants, statusLabel, type TenantRun} from '../state/run-state.js';
import type {SessionStatus} from '../state/app-state.js';
import {statusText, type ScreenProps} from './screen-props.js';

export type RunScreenProps = ScreenProps & {
	/** Clock for elapsed times (tests pin it). */
	readonly now?: () => number;
};

type RunScope = 'run' | 'cancel-ask' | 'list';

const listHeightFor = (height: number, asking: boolean) => Math.max(1, height - 3 - 3 - (asking ? 3 : 0));

export function runKeys({state, intents, height}: ScreenProps): KeyTarget<RunScope> {
	const {run} = state;
	const live = isRunLive(run);
	const failed = run ? runCounts(run).failed : 0;
	const moves = listMoves({cursor: run?.cursor ?? 0, count: run?.tenants.length ?? 0, page: listHeightFor(height, false)}, intents.runMove);
	const handlers: KeyHandlers<RunScope> = run?.asking
		? {'cancel-pending': () => intents.cancelRun('queued'), 'abort-running': () => intents.cancelRun('all'), 'keep-running': intents.keepRunning}
		: live
			? {
				'open-tenant': intents.openTenantRows,
				'cancel-run': run?.cancelling ? undefined : intents.askCancel,
				'cancel-tenant': run?.cancelling ? undefined : intents.cancelTenant,
				'retry-failed': failed && !run?.cancelling ? intents.retryFailed : undefined,
				...moves,
			}
			: {'open-tenant': intents.openTenantRows, back: intents.back, 'retry-failed': failed ? intents.retryFailed : undefined, results: intents.openResults, 'save-runbook': intents.saveRunbook, 'new-run': intents.newRun, ...moves};
	return {contexts: keyScopesFor(state), handlers};
}

export function RunScreen(props: RunScreenProps): React.JSX.Element {
	const {state, width, height, now = Date.now} = props;
	const theme = useTheme();
	const {run} = state;
	const live = isRunLive(run);
	const clock = useNow(1000, live, now);
	const listHeight = listHeightFor(height, run?.asking ?? false);
	const counts = run ? runCounts(run) : undefined;
	const {contexts, handlers} = runKeys(props);
	const available = availableCommands(handlers);
	if (!run || !counts) return <Text>No run yet.</Text>;
	const elapsed = (run.finishedAt ?? clock) - run.startedAt;
	// Sessions matter only where Exchange connections are rationed.
	const sessions = state.operation?.backend === 'exchange' ? sessionsText(state.sessions) : '';
	const right = [`elapsed ${formatDuration(elapsed)}`, sessions].filter(Boolean).join(' · ');
	const tally = [`${counts.finished}/${run.tenants.length}`, counts.active ? `${counts.active} running` : '', counts.failed ? `${counts.failed} failed` : '', counts.cancelled ? `${counts.cancelled} cancelled` : '', `${counts.rows} rows`].filter(Boolean).join(' · ');
	const barWidth = Math.max(10, Math.min(40, width - tally.length - 2));
	const columns = runColumns(width);
	const allFailed = !live && counts.failed === run.tenants.length && run.tenants.length > 0;
	const slow = live ? slowTenants(run, clock) : new Set<string>();
	return (
		<Frame title={`${run.title}${live ? '' : run.cancelling ? ' — stopped' : ' — finished'}`} status={statusText(state)} width={width} height={height} contexts={contexts} available={available} notice={allFailed ? {tone: 'danger', text: 'Every tenant failed: the first reasons are below; r retries them all.'} : state.notice}>
			<Text wrap="truncate" {...theme.muted}>{headerLine(run.operationId, right, width, theme.glyphs.ellipsis)}</Text>
			<Box height={1}><ProgressBar done={counts.finished} total={run.tenants.length} width={barWidth} failed={counts.failed > 0} /><Text wrap="truncate">{`  ${tally}`}</Text></Box>
			<Text wrap="truncate" {...theme.accent}>{formatRow(columns, ['tenant', 'status', 'time', 'rows', 'note'])}</Text>
			<WindowedList
				items={run.tenants}
				cursor={run.cursor}
				height={listHeight}
				renderItem={(row, _index, isCursor) => <TenantLine row={row} columns={columns} clock={clock} isCursor={isCursor} theme={theme} slow={slow.has(row.tenant.tenantId)} />}
			/>
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
	const note = row.failure ? [row.failure.message, row.failure.hint].filter(Boolean).join(' ') : slow ? 'slow: far longer than the others (x cancels it alone)' : '';
	const [name, status, timeWidth, rowsWidth, noteWidth] = columns;
	const lead = `${fitEnd(row.tenant.tenantName, name)}  `;
	const rest = `  ${fitEnd(time, timeWidth)}  ${fitStart(String(row.rows), rowsWidth)}  `;
	if (isCursor) return <Text wrap="truncate" {...theme.cursor}>{`${lead}${fitEnd(statusLabel(row), status)}${rest}${clip(note, noteWidth)}`}</Text>;
	return (
		<Text wrap="truncate">
			{lead}
			<Text {...statusStyle(row, theme)}>{fitEnd(statusLabel(row), status)}</Text>
			{rest}
			<Text {...theme.danger}>{clip(note, noteWidth)}</Text>
		</Text>
	);
}
