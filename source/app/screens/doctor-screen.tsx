// The access check (d in the tenant picker): choose the operation, then a table of tenant ×
// consent / scopes / GDAP role / reachable, tenants that are not ready first, and under it the
// fix for the tenant under the cursor ("run tenantdeck consent …", "add role … to the GDAP
// relationship"). The same preflight as `tenantdeck doctor`.

import React from 'react';
import {Box, Text} from 'ink';
import {Frame} from '../../components/frame.js';
import {Spinner} from '../../components/spinner.js';
import {WindowedList} from '../../components/windowed-list.js';
import type {Check, DoctorRow} from '../../core/doctor.js';
import type {AnyOperation} from '../../core/operation.js';
import {roleNames} from '../../core/permissions.js';
import {fitEnd} from '../../core/reports/text-width.js';
import {availableCommands, type KeyTarget} from '../../ui/key-dispatch.js';
import {listMoves} from '../../ui/list-moves.js';
import {useTheme, type Theme} from '../../ui/theme.js';
import {keyScopesFor} from '../state/key-scopes.js';
import {doctorSummary, type DoctorState} from '../state/doctor-state.js';
import {selectedTenants} from '../state/picker-state.js';
import {statusText, type ScreenProps} from './screen-props.js';

/** Rows under the table for the fix of the tenant under the cursor. */
const detailRows = 4;
// The frame's chrome (3), the question (1), and the explanation under the list (margin + rows).
const choiceListHeight = (height: number) => Math.max(3, height - 3 - 1 - (detailRows + 2));
// The frame's chrome (3), the summary and header (2), the Exchange note, the fix under the table.

const rowListHeight = (height: number, exchange: boolean) => Math.max(2, height - 3 - 2 - detailRows - (exchange ? 1 : 0));

export function doctorKeys({state, intents, height}: ScreenProps): KeyTarget<'doctor-pick' | 'doctor' | 'list'> {
	const doctor = state.doctor;
	if (!doctor || doctor.phase === 'choosing') {
		return {
			contexts: keyScopesFor(state),
			handlers: {
				'doctor-check': intents.doctorCheck,
				back: intents.closeDoctor,
				...listMoves({cursor: doctor?.choiceCursor ?? 0, count: doctor?.choices.length ?? 0, page: choiceListHeight(height)}, intents.doctorChoiceMove),
			},
		};
	}
	return {
		contexts: keyScopesFor(state),
		handlers: {
			'doctor-again': doctor.phase === 'checking' ? undefined : intents.doctorAgain,
			'doctor-operation': intents.doctorChooseOperation,
			back: intents.closeDoctor,
			...listMoves({cursor: doctor.cursor, count: doctor.rows.length, page: rowListHeight(height, doctor.operation?.backend === 'exchange')}, intents.doctorMove),
		},
	};
}

/** What a check for this operation looks at, in one sentence. */
export function whatIsChecked(operation: AnyOperation): string {
	const permissions = operation.permissions;
	if (!permissions || permissions.roles.length === 0) {
		return `Is the app consented in each tenant with every scope tenantdeck needs (${permissions?.graph.join(', ') || 'none'}), is there a GDAP relationship, and does the tenant answer.`;
	}
	const grant = operation.backend === 'exchange' ? `the Exchange.Manage grant` : `the scopes ${permissions.graph.join(', ') || '(none)'}`;
	return `Is the app consented with ${grant}, does your GDAP relationship hold ${roleNames(permissions.roles)}, and does the tenant answer.`;
}

/** Exchange is checked by its grant and role; the check opens no Exchange connection. */
export const exchangeNote = 'Exchange: grant and role checked, no connection opened.';
const exchangeExplained = 'For Exchange the check reads the Exchange.Manage grant and the GDAP role; it opens no Exchange connection (the run does).';

export function DoctorScreen(props: ScreenProps): React.JSX.Element {
	const {state, width, height} = props;
	const theme = useTheme();
	const {contexts, handlers} = doctorKeys(props);
	const available = availableCommands(handlers);
	const doctor = state.doctor;
	const selected = selectedTenants(state.picker).length;
	const which = selected > 0 ? `${selected} selected tenant${selected === 1 ? '' : 's'}` : state.picker.tenants.length === 1 ? 'the 1 tenant' : `all ${state.picker.tenants.length} tenants`;
	const title = 'Access check';
	if (!doctor || doctor.phase === 'choosing') {
		const choices = doctor?.choices ?? [];
		const current = choices[doctor?.choiceCursor ?? 0];
		return (
			<Frame title={title} status={statusText(state)} width={width} height={height} contexts={contexts} available={available} notice={state.notice}>
				<Text wrap="truncate">{`Check ${which} for which operation? Enter checks.`}</Text>
				<WindowedList
					items={choices}
					cursor={doctor?.choiceCursor ?? 0}
					height={choiceListHeight(height)}
					renderItem={(choice, index, isCursor) => <Text wrap="truncate" {...(isCursor ? theme.cursor : {})}>{index === 0 ? ' Every operation: consent only' : ` ${choice.id}  ${choice.title}`}</Text>}
				/>
				<Box height={detailRows + 1} flexDirection="column" marginTop={1} overflow="hidden">
					{current ? <Text wrap="wrap" {...theme.muted}>{whatIsChecked(current)}{current.backend === 'exchange' ? ` ${exchangeExplained}` : ''}</Text> : null}
				</Box>
			</Frame>
		);
	}
	const exchange = doctor.operation?.backend === 'exchange';
	const columns = columnWidths(width);
	return (
		<Frame title={`${title}: ${doctor.operation?.id ?? ''}`} status={statusText(state)} width={width} height={height} contexts={contexts} available={available} notice={state.notice}>
			<Box height={1}>{doctor.phase === 'checking' ? <Spinner label={doctorSummary(doctor)} /> : <Text wrap="truncate" {...(doctor.phase === 'failed' || doctor.rows.some(row => !row.ready) ? theme.danger : theme.success)}>{doctor.phase === 'failed' ? 'The check stopped.' : doctorSummary(doctor)}</Text>}</Box>
			{exchange ? <Text wrap="truncate" {...theme.muted}>{exchangeNote}</Text> : null}
			<Text wrap="truncate" {...theme.muted}>{headerLine(columns)}</Text>
			<WindowedList
				items={doctor.rows}
				cursor={doctor.cursor}
				height={rowListHeight(height, exchange)}
				empty={doctor.phase === 'checking' ? `Asking each tenant${theme.glyphs.ellipsis}` : 'No tenants were checked.'}
				renderItem={(row, _index, isCursor) => <Text wrap="truncate" {...(isCursor ? theme.cursor : row.ready ? {} : theme.danger)}>{rowLine(row, columns, theme.glyphs.ellipsis)}</Text>}
			/>
			<Box height={detailRows} flexDirection="column" overflow="hidden">
				<Detail doctor={doctor} theme={theme} />
			</Box>
		</Frame>
	);
}

function Detail({doctor, theme}: {readonly doctor: DoctorState; readonly theme: Theme}): React.JSX.Element | null {
	if (doctor.phase === 'failed') return <Text wrap="wrap" {...theme.danger}>{doctor.error}</Text>;
	const row = doctor.rows[doctor.cursor];
	if (!row) return null;
	if (row.ready) return <Text wrap="wrap">{`${row.tenant.tenantDomain} is ready. GDAP: ${row.gdap.text}`}</Text>;
	return <Text wrap="wrap"><Text {...theme.accent}>{`Fix ${row.tenant.tenantDomain}: `}</Text>{row.why}</Text>;
}

type Columns = {ready: number; tenant: number; check: number};

function columnWidths(width: number): Columns {
	const ready = 9;
	const check = 8;
	return {ready, check, tenant: Math.max(10, width - 2 - ready - 1 - 4 * (check + 1))};
}

const checkNames = ['consent', 'scopes', 'GDAP', 'answers'] as const;

function headerLine(columns: Columns): string {
	return ` ${fitEnd('', columns.ready)} ${fitEnd('tenant', columns.tenant)}${checkNames.map(name => ` ${fitEnd(name, columns.check)}`).join('')}`;
}

function mark(check: Check): string {
	if (check.text === 'not checked') return '-';
	return check.ok ? 'ok' : 'NO';
}

function rowLine(row: DoctorRow, columns: Columns, ellipsis: string): string {
	const checks = [row.consent, row.scopes, row.gdap, row.reachable];
	return ` ${fitEnd(row.ready ? 'ready' : 'NOT READY', columns.ready)} ${fitEnd(row.tenant.tenantDomain, columns.tenant, ellipsis)}${checks.map(check => ` ${fitEnd(mark(check), columns.check)}`).join('')}`;
}
