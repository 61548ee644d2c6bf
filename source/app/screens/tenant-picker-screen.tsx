// Picking customer tenants: `/` filters over name, domain and id, Space selects (and stays), a/n
// select all shown / none, v shows only the selected, saved groups name a selection and are added
// to it or replace it by choice. Only the visible rows render, so 5,000 tenants filter as fast as 50.

import React from 'react';
import {Box, Text} from 'ink';
import {Frame} from '../../components/frame.js';
import {Spinner} from '../../components/spinner.js';
import {TextInput} from '../../components/text-input.js';
import {WindowedList} from '../../components/windowed-list.js';
import {clip, fitEnd} from '../../core/reports/text-width.js';
import type {Tenant} from '../../core/tenant.js';
import {availableCommands, type KeyHandlers, type KeyTarget} from '../../ui/key-dispatch.js';
import {listMoves} from '../../ui/list-moves.js';
import {useTheme, type Theme} from '../../ui/theme.js';
import {keyScopesFor} from '../state/key-scopes.js';
import {countsLine} from '../state/picker-state.js';
import {statusText, type Intents, type ScreenProps} from './screen-props.js';

type Mode = 'naming' | 'deleting' | 'groups' | 'filter' | 'list';

function modeOf(state: ScreenProps['state']): Mode {
	if (state.groupName !== undefined) return 'naming';
	if (state.groupDeleting !== undefined) return 'deleting';
	return state.groupsCursor !== undefined ? 'groups' : state.picker.editingFilter ? 'filter' : 'list';
}

const listHeightFor = (height: number) => Math.max(1, height - 3 - 2);

type PickerScope = 'tenants' | 'filter' | 'group-name' | 'groups' | 'group-delete-ask' | 'list';

export function tenantPickerKeys({state, intents, height}: ScreenProps): KeyTarget<PickerScope> {
	const mode = modeOf(state);
	const typing = mode === 'naming' || mode === 'filter';
	return {
		contexts: keyScopesFor(state),
		handlers: handlersFor(mode, state, intents, listHeightFor(height), Object.keys(state.groups).length),
		typing,
		onEdit: mode === 'naming' ? intents.editGroupName : mode === 'filter' ? filter => intents.picker({type: 'set-filter', filter}) : undefined,
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
	const cursor = state.textCursor?.at;
	if (mode === 'naming') {
		top = <Text>Save {picker.selected.size} tenants as group: <TextInput value={state.groupName ?? ''} focused cursor={state.textCursor?.field === 'group-name' ? cursor : undefined} width={Math.max(10, width - 40)} placeholder="e.g. retail-customers" /></Text>;
	} else if (mode === 'groups' || mode === 'deleting') {
		top = <Text wrap="truncate" {...theme.muted}>Enter adds the group to the selection · r replaces the selection · d deletes the group</Text>;
	} else if (picker.editingFilter || picker.filter) {
		top = <Text><Text {...theme.accent}>/ </Text><TextInput value={picker.filter} focused={picker.editingFilter} cursor={state.textCursor?.field === 'filter' ? cursor : undefined} width={width - 3} /></Text>;
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
	} else if (mode === 'groups' || mode === 'deleting') {
		list = <GroupList state={state} names={groupNames} height={listHeight} theme={theme} />;
	} else {
		const items = picker.visible;
		list = (
			<WindowedList
				items={items}
				cursor={picker.cursor}
				height={listHeight}
				empty={emptyText(picker.filter, picker.selectedOnly)}
				renderItem={(index, _position, isCursor) => tenantRow(picker.tenants[index]!, picker.selected.has(picker.tenants[index]!.tenantId), isCursor, width, theme)}
			/>
		);
	}
	return (
		<Frame title={mode === 'groups' || mode === 'deleting' ? 'Saved groups' : 'Customer tenants'} status={statusText(state)} width={width} height={height} contexts={contexts} available={available} notice={state.notice}>
			<Box height={1}>{top}</Box>
			<Box height={1}>{counts}{state.tenantsPhase === 'loading' && picker.tenants.length > 0 ? <Text {...theme.muted}>{` · refreshing${theme.glyphs.ellipsis}`}</Text> : null}</Box>
			{list}
		</Frame>
	);
}

function handlersFor(mode: Mode, state: ScreenProps['state'], intents: Intents, page: number, groups: number): KeyHandlers<PickerScope> {
	const {picker} = state;
	const pickerMove = listMoves({cursor: picker.cursor, count: picker.visible.length, page}, to => intents.picker({type: 'move', to}));
	switch (mode) {
		case 'naming':
			return {save: intents.saveGroup, cancel: intents.cancelGroupName};
		case 'deleting':
			return {'confirm-delete-group': intents.confirmDeleteGroup, 'keep-group': intents.keepGroup};
		case 'groups':
			return {
				'add-group': () => intents.useGroup('add'),
				'replace-with-group': () => intents.useGroup('replace'),
				'delete-group': intents.askDeleteGroup,
				back: intents.closeGroups,
				...listMoves({cursor: state.groupsCursor ?? 0, count: groups, page}, intents.groupsMove),
			};
		case 'filter':
			return {'keep-filter': () => intents.picker({type: 'keep-filter'}), 'clear-filter': () => intents.picker({type: 'clear-filter'}), ...pickerMove};
		default:
			return {
				filter: () => intents.picker({type: 'edit-filter'}),
				toggle: () => intents.picker({type: 'toggle'}),
				'select-visible': () => intents.picker({type: 'toggle-all-visible'}),
				'select-none': () => intents.picker({type: 'none'}),
				'selected-only': () => intents.picker({type: 'toggle-selected-only'}),
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

function emptyText(filter: string, selectedOnly: boolean): string {
	if (selectedOnly && !filter) return 'No tenant is selected. Press v to show every tenant, then Space to select.';
	if (selectedOnly) return `No selected tenant matches "${filter}". Esc clears the filter; v shows every tenant.`;
	return `No tenant matches "${filter}". Esc clears the filter.`;
}

/** The saved groups, how many of each group's tenants are selected already, and the delete question. */
function GroupList({state, names, height, theme}: {readonly state: ScreenProps['state']; readonly names: readonly string[]; readonly height: number; readonly theme: Theme}): React.JSX.Element {
	const asking = state.groupDeleting;
	const selected = state.picker.selected;
	return (
		<Box flexDirection="column">
			<WindowedList
				items={names}
				cursor={state.groupsCursor ?? 0}
				height={Math.max(1, height - (asking === undefined ? 0 : 2))}
				renderItem={(name, _index, isCursor) => {
					const ids = state.groups[name]!;
					const already = ids.filter(id => selected.has(id)).length;
					return <Text wrap="truncate" {...(isCursor ? theme.cursor : {})}>{` @${name}  ${ids.length} tenant${ids.length === 1 ? '' : 's'}, ${already} already selected`}</Text>;
				}}
			/>
			{asking === undefined ? null : (
				<Box height={2} flexDirection="column">
					<Text wrap="truncate" {...theme.warning}>{`Delete group "${asking}"? Its tenants stay; only the saved name goes.`}</Text>
					<Text wrap="truncate"><Text {...theme.accent}>y</Text> delete  <Text {...theme.accent}>n</Text> keep</Text>
				</Box>
			)}
		</Box>
	);
}

function tenantRow(tenant: Tenant, selected: boolean, isCursor: boolean, width: number, theme: Theme): React.JSX.Element {
	const room = Math.max(10, width - 6);
	const nameWidth = Math.max(8, Math.floor(room * 0.45));
	const domainWidth = Math.max(8, room - nameWidth - 2);
	const text = `${selected ? '[x]' : '[ ]'} ${fitEnd(tenant.tenantName, nameWidth, theme.glyphs.ellipsis)}  ${clip(tenant.tenantDomain, domainWidth, theme.glyphs.ellipsis)}`;
	return <Text wrap="truncate" {...(isCursor ? theme.cursor : selected ? theme.accent : {})}>{text}</Text>;
}
