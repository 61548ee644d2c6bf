// Picking customer tenants: `/` filters over name, domain and id, Space selects, a/n select all
// shown / none, saved groups name a selection. Only the visible rows render, so 5,000 tenants
// filter as fast as 50.

import React from 'react';
import {Box, Text} from 'ink';
import {Frame} from '../../components/frame.js';
import {Spinner} from '../../components/spinner.js';
import {TextInput} from '../../components/text-input.js';
import {WindowedList} from '../../components/windowed-list.js';
import {editText} from '../../components/text-edit.js';
import {moveCursor} from '../../components/window.js';
import {clip, fitEnd} from '../../core/reports/text-width.js';
import type {Tenant} from '../../core/tenant.js';
import {availableCommands, type KeyHandlers, type KeyTarget} from '../../ui/key-dispatch.js';
import {useTheme, type Theme} from '../../ui/theme.js';
import {contextsFor} from '../state/contexts.js';
import {countsLine} from '../state/picker-state.js';
import {statusText, type Intents, type ScreenProps} from './screen-props.js';

type Mode = 'naming' | 'groups' | 'filter' | 'list';

function modeOf(state: ScreenProps['state']): Mode {
	return state.groupName !== undefined ? 'naming' : state.groupsCursor !== undefined ? 'groups' : state.picker.editingFilter ? 'filter' : 'list';
}

const listHeightFor = (height: number) => Math.max(1, height - 3 - 2);

export function tenantPickerKeys({state, intents, height}: ScreenProps): KeyTarget {
	const mode = modeOf(state);
	const typing = mode === 'naming' || mode === 'filter';
	return {
		contexts: contextsFor(state),
		handlers: handlersFor(mode, state, intents, listHeightFor(height), Object.keys(state.groups).length),
		typing,
		onOther: typing ? (input, key) => {
			const next = editText(mode === 'naming' ? state.groupName ?? '' : state.picker.filter, input, key);
			if (next === undefined) return;
			if (mode === 'naming') intents.editGroupName(next);
			else intents.picker({type: 'set-filter', filter: next});
		} : undefined,
	};
}

export function TenantPickerScreen(props: ScreenProps): React.JSX.Element {
	const {state, width, height} = props;
	const theme = useTheme();
	const {picker} = state;
	const listHeight = listHeightFor(height);
	const groupNames = Object.keys(state.groups);
	const mode = modeOf(state);
	const {contexts, handlers} = tenantPickerKeys(props);
	const available = availableCommands(handlers);

	let top: React.JSX.Element;
	if (mode === 'naming') {
		top = <Text>Save {picker.selected.size} tenants as group: <TextInput value={state.groupName ?? ''} focused placeholder="e.g. retail-customers" /></Text>;
	} else if (picker.editingFilter || picker.filter) {
		top = <Text><Text {...theme.accent}>/ </Text><TextInput value={picker.filter} focused={picker.editingFilter} /></Text>;
	} else {
		top = <Text {...theme.muted}>/ filters by name, domain or tenant id</Text>;
	}
	const counts = <Text {...theme.muted}>{picker.tenants.length === 0 && state.tenantsPhase !== 'ready' ? '' : countsLine(picker)}{groupNames.length > 0 ? ` · ${groupNames.length} saved group${groupNames.length === 1 ? '' : 's'} (o)` : ''}</Text>;

	let list: React.JSX.Element;
	if (state.tenantsPhase === 'loading' && picker.tenants.length === 0) {
		list = <Spinner label="Finding your customers (GDAP relationships and contracts)…" />;
	} else if (state.tenantsPhase === 'failed' && picker.tenants.length === 0) {
		list = <Box flexDirection="column"><Text {...theme.danger}>Could not list your customers.</Text><Text wrap="wrap">{state.tenantsError}</Text><Text {...theme.muted}>Press R to try again.</Text></Box>;
	} else if (state.tenantsPhase === 'ready' && picker.tenants.length === 0) {
		list = (
			<Box flexDirection="column">
				<Text {...theme.warning}>This account has no customer tenants.</Text>
				<Text wrap="wrap">tenantdeck lists customers from GDAP relationships and partner contracts. If you expected some, check that you signed in with your partner tenant account and that your GDAP relationships are active.</Text>
				<Text {...theme.muted}>Press R to look again.</Text>
			</Box>
		);
	} else if (mode === 'groups') {
		list = <WindowedList items={groupNames} cursor={state.groupsCursor ?? 0} height={listHeight} renderItem={(name, _index, isCursor) => <Text {...(isCursor ? theme.cursor : {})}>{` @${name}  (${state.groups[name]!.length} tenants)`}</Text>} />;
	} else {
		const items = picker.visible;
		list = (
			<WindowedList
				items={items}
				cursor={picker.cursor}
				height={listHeight}
				empty={`No tenant matches "${picker.filter}". Esc clears the filter.`}
				renderItem={(index, _position, isCursor) => tenantRow(picker.tenants[index]!, picker.selected.has(picker.tenants[index]!.tenantId), isCursor, width, theme)}
			/>
		);
	}
	return (
		<Frame title={mode === 'groups' ? 'Saved groups' : 'Customer tenants'} status={statusText(state)} width={width} height={height} contexts={contexts} available={available} notice={state.notice}>
			<Box height={1}>{top}</Box>
			<Box height={1}>{counts}{state.tenantsPhase === 'loading' && picker.tenants.length > 0 ? <Text {...theme.muted}> · refreshing…</Text> : null}</Box>
			{list}
		</Frame>
	);
}

function handlersFor(mode: Mode, state: ScreenProps['state'], intents: Intents, page: number, groups: number): KeyHandlers {
	const {picker} = state;
	const move = (count: number, cursor: number, to: (position: number) => void): KeyHandlers => Object.fromEntries(
		['up', 'down', 'page-up', 'page-down', 'top', 'bottom'].map(command => [command, () => to(moveCursor(command, cursor, count, page)!)]),
	);
	const pickerMove = move(picker.visible.length, picker.cursor, to => intents.picker({type: 'move', to}));
	switch (mode) {
		case 'naming':
			return {save: intents.saveGroup, cancel: intents.cancelGroupName};
		case 'groups':
			return {choose: intents.useGroup, back: intents.closeGroups, ...move(groups, state.groupsCursor ?? 0, intents.groupsMove)};
		case 'filter':
			return {'keep-filter': () => intents.picker({type: 'keep-filter'}), 'clear-filter': () => intents.picker({type: 'clear-filter'}), ...pickerMove};
		default:
			return {
				filter: () => intents.picker({type: 'edit-filter'}),
				toggle: () => intents.picker({type: 'toggle'}),
				'select-visible': () => intents.picker({type: 'toggle-all-visible'}),
				'select-none': () => intents.picker({type: 'none'}),
				refresh: intents.refreshTenants,
				'save-group': intents.startGroupName,
				'open-groups': intents.openGroups,
				'check-access': intents.checkAccess,
				continue: intents.continueToOperations,
				// Esc with a kept filter clears it, as in k9s.
				...(picker.filter ? {'clear-filter': () => intents.picker({type: 'clear-filter'})} : {}),
				...pickerMove,
			};
	}
}

function tenantRow(tenant: Tenant, selected: boolean, isCursor: boolean, width: number, theme: Theme): React.JSX.Element {
	const room = Math.max(10, width - 6);
	const nameWidth = Math.max(8, Math.floor(room * 0.45));
	const domainWidth = Math.max(8, room - nameWidth - 2);
	const text = `${selected ? '[x]' : '[ ]'} ${fitEnd(tenant.tenantName, nameWidth)}  ${clip(tenant.tenantDomain, domainWidth)}`;
	return <Text wrap="truncate" {...(isCursor ? theme.cursor : selected ? theme.accent : {})}>{text}</Text>;
}
