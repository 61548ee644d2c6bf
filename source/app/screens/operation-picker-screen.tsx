// Picking what to run: every operation with its plain-language description, a read/write badge,
// and "what this runs" — the PowerShell a person would have typed for one tenant.

import React from 'react';
import {Box, Text} from 'ink';
import {Frame, frameChrome} from '../../components/frame.js';
import {WindowedList} from '../../components/windowed-list.js';
import type {AnyOperation} from '../../core/operation.js';
import {clip, displayWidth, fitEnd} from '../../core/reports/text-width.js';
import {availableCommands, type KeyTarget} from '../../ui/key-dispatch.js';
import {listMoves} from '../../ui/list-moves.js';
import {useTheme} from '../../ui/theme.js';
import {keyScopesFor} from '../state/key-scopes.js';
import {statusText, type ScreenProps} from './screen-props.js';
import {operationDetails} from './operation-details.js';

export function RiskBadge({operation}: {readonly operation: AnyOperation}): React.JSX.Element {
	const theme = useTheme();
	return operation.risk === 'write' ? <Text {...theme.danger}>[WRITE]</Text> : <Text {...theme.success}>[read] </Text>;
}

const listHeightFor = (operations: number, height: number) => Math.max(3, Math.min(operations, height - 3 - 10));

/** Rows under the list for the highlighted operation's details (one blank row between). */
const detailRowsFor = (listHeight: number, height: number) => Math.max(0, height - frameChrome - listHeight - 1);

/** Columns of the risk badge and the space after it ("[WRITE] "). */
const badgeWidth = 8;

export function operationKeys({state, intents, height}: ScreenProps): KeyTarget<'operations' | 'list'> {
	const {operations, operationCursor: cursor} = state;
	return {
		contexts: keyScopesFor(state),
		handlers: {
			choose: intents.chooseOperation,
			back: intents.back,
			...listMoves({cursor, count: operations.length, page: listHeightFor(operations.length, height)}, intents.operationsMove),
		},
	};
}

export function OperationPickerScreen(props: ScreenProps): React.JSX.Element {
	const {state, width, height} = props;
	const theme = useTheme();
	const {operations, operationCursor: cursor} = state;
	const listHeight = listHeightFor(operations.length, height);
	const {contexts, handlers} = operationKeys(props);
	const available = availableCommands(handlers);
	const current = operations[cursor];
	const idWidth = Math.max(...operations.map(operation => displayWidth(operation.id)), 8);
	return (
		<Frame title={`Operation for ${state.picker.selected.size} tenant${state.picker.selected.size === 1 ? '' : 's'}`} status={statusText(state)} width={width} height={height} contexts={contexts} available={available} notice={state.notice}>
			<WindowedList
				items={operations}
				cursor={cursor}
				height={listHeight}
				empty="No operations are available."
				renderItem={(operation, _index, isCursor) => (
					<Text wrap="truncate" {...(isCursor ? theme.cursor : {})}>
						<RiskBadge operation={operation} />{` ${fitEnd(operation.id, idWidth)}  ${operation.title}`}
					</Text>
				)}
			/>
			{current ? <Details operation={current} width={width} rows={detailRowsFor(listHeight, height)} /> : null}
		</Frame>
	);
}

/**
 * The heading, description and PowerShell of one operation, each row wrapped beforehand and the
 * whole cut to `rows`: a wrapped Text taller than its room would be drawn over the row below.
 */
function Details({operation, width, rows}: {readonly operation: AnyOperation; readonly width: number; readonly rows: number}): React.JSX.Element {
	const theme = useTheme();
	const {ellipsis} = theme.glyphs;
	const {description, powershell} = operationDetails(operation, width, rows, ellipsis);
	// Where the work runs gives way to the title; the title is cut only past the width.
	const title = clip(operation.title, width - badgeWidth, ellipsis);
	const backend = clip(` · ${operation.backend === 'graph' ? 'Microsoft Graph' : 'Exchange Online PowerShell'}`, width - badgeWidth - displayWidth(title), ellipsis);
	return (
		<Box flexDirection="column" marginTop={1} height={rows} flexShrink={0} overflowY="hidden">
			<Text wrap="truncate"><RiskBadge operation={operation} /> <Text {...theme.accent}>{title}</Text><Text {...theme.muted}>{backend}</Text></Text>
			{description.map((line, index) => <Text key={`d${index}`} wrap="truncate">{line}</Text>)}
			{powershell.length > 0 ? <Text wrap="truncate" {...theme.muted}>What this runs, for one tenant:</Text> : null}
			{powershell.map((line, index) => <Text key={`p${index}`} wrap="truncate">{line}</Text>)}
		</Box>
	);
}
