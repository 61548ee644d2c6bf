// Picking what to run: every operation with its plain-language description, a read/write badge,
// and "what this runs" — the PowerShell a person would have typed for one tenant.

import React from 'react';
import {Box, Text} from 'ink';
import {Frame} from '../../components/frame.js';
import {WindowedList} from '../../components/windowed-list.js';
import {moveCursor} from '../../components/window.js';
import type {AnyOperation} from '../../core/operation.js';
import {displayWidth, fitEnd} from '../../core/reports/text-width.js';
import {availableCommands, type KeyTarget} from '../../ui/key-dispatch.js';
import {useTheme} from '../../ui/theme.js';
import {contextsFor} from '../state/contexts.js';
import {statusText, type ScreenProps} from './screen-props.js';

export function RiskBadge({operation}: {readonly operation: AnyOperation}): React.JSX.Element {
	const theme = useTheme();
	return operation.risk === 'write' ? <Text {...theme.danger}>[WRITE]</Text> : <Text {...theme.success}>[read] </Text>;
}

const listHeightFor = (operations: number, height: number) => Math.max(3, Math.min(operations, height - 3 - 10));

export function operationKeys({state, intents, height}: ScreenProps): KeyTarget {
	const {operations, operationCursor: cursor} = state;
	const move = (command: string) => () => intents.operationsMove(moveCursor(command, cursor, operations.length, listHeightFor(operations.length, height))!);
	return {
		contexts: contextsFor(state),
		handlers: {
			choose: intents.chooseOperation,
			back: intents.back,
			up: move('up'), down: move('down'), 'page-up': move('page-up'), 'page-down': move('page-down'), top: move('top'), bottom: move('bottom'),
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
			{current ? (
				<Box flexDirection="column" marginTop={1}>
					<Text><RiskBadge operation={current} /> <Text {...theme.accent}>{current.title}</Text><Text {...theme.muted}>{` · ${current.backend === 'graph' ? 'Microsoft Graph' : 'Exchange Online PowerShell'}`}</Text></Text>
					<Text wrap="wrap">{current.description}</Text>
					<Text {...theme.muted}>What this runs, for one tenant:</Text>
					<Text wrap="wrap">{`  ${current.powershell}`}</Text>
				</Box>
			) : null}
		</Frame>
	);
}
