// Confirmation for writes: how many tenants and which, the exact change, a dry run offered
// first, and the tenant count (or "yes") typed to go — a slip of Enter cannot change 50 tenants.

import React from 'react';
import {Box, Text} from 'ink';
import {Frame} from '../../components/frame.js';
import {TextInput} from '../../components/text-input.js';
import {availableCommands, type KeyTarget} from '../../ui/key-dispatch.js';
import {useTheme} from '../../ui/theme.js';
import {keyScopesFor} from '../state/key-scopes.js';
import {selectedTenants} from '../state/picker-state.js';
import {statusText, type ScreenProps} from './screen-props.js';

export function confirmKeys({state, intents}: ScreenProps): KeyTarget<'confirm'> {
	return {
		contexts: keyScopesFor(state),
		handlers: {go: intents.confirmGo, 'dry-run': intents.dryRun, back: intents.back},
		typing: true,
		onEdit: intents.editConfirm,
	};
}

export function ConfirmScreen(props: ScreenProps): React.JSX.Element {
	const {state, width, height} = props;
	const theme = useTheme();
	const tenants = selectedTenants(state.picker);
	const {contexts, handlers} = confirmKeys(props);
	const available = availableCommands(handlers);
	const {operation, params = {}} = state;
	if (!operation) return <Text>No operation chosen.</Text>;
	const nameRoom = Math.max(1, height - 3 - 12 - Object.keys(params).length);
	const shown = tenants.slice(0, nameRoom);
	return (
		<Frame title={`Confirm: ${operation.title}`} status={statusText(state)} width={width} height={height} contexts={contexts} available={available} notice={state.notice}>
			<Text {...theme.danger}>{`This changes data in ${tenants.length} tenant${tenants.length === 1 ? '' : 's'}:`}</Text>
			<Box flexDirection="column">
				{shown.map(tenant => <Text key={tenant.tenantId} wrap="truncate">{`  ${tenant.tenantName} (${tenant.tenantDomain})`}</Text>)}
				{tenants.length > shown.length ? <Text {...theme.muted}>{`  …and ${tenants.length - shown.length} more`}</Text> : null}
			</Box>
			<Text>The change:</Text>
			{Object.entries(params).map(([name, value]) => <Text key={name} wrap="truncate">{`  ${name} = ${Array.isArray(value) ? value.join(', ') : String(value)}`}</Text>)}
			<Text {...theme.muted} wrap="wrap">{`  ${operation.powershell}`}</Text>
			<Text> </Text>
			<Text>Press <Text {...theme.accent}>Tab</Text> for a dry run first: it shows exactly what would change and changes nothing.</Text>
			<Text>{`Type ${tenants.length} or yes, then Enter, to make the change: `}<TextInput value={state.confirmText} focused cursor={state.textCursor?.field === 'confirm' ? state.textCursor.at : undefined} /></Text>
		</Frame>
	);
}
