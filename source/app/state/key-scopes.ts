// Which keymap scopes are live for a state, most specific first (a scope is a set of bindings:
// "tenants", "list", "global"). The screens bind keys with it and the `?` overlay lists keys with it, so the two always agree.

import type {KeyScope} from '../../ui/keymap.js';
import {focusedText, type AppState} from './app-state.js';

export function keyScopesFor(state: AppState): KeyScope[] {
	// The help scrolls like a list.
	if (state.overlay === 'help') return ['help', 'list'];
	if (state.overlay === 'quit-ask') return ['quit-ask'];
	switch (state.screen) {
		case 'starting': return ['global'];
		case 'welcome': return ['welcome', 'list', 'global'];
		// The guide scrolls like a list on a short terminal.
		case 'setup': return ['setup', 'list', 'global'];
		case 'sign-in': return ['sign-in', 'global'];
		case 'tenants':
			if (state.groupName !== undefined) return ['group-name', 'text'];
			if (state.groupDeleting !== undefined) return ['group-delete-ask'];
			if (state.groupsCursor !== undefined) return ['groups', 'list', 'global'];
			// While the filter types, Home/End and letters edit it; ↑/↓/PgUp/PgDn still move the list.
			if (state.picker.editingFilter) return ['filter', 'list-typing', 'text'];
			return ['tenants', 'list', 'global'];
		case 'operations': return ['operations', 'list', 'global'];
		case 'params': return focusedText(state) ? ['params', 'text'] : state.form?.fields.length ? ['params', 'choice', 'global'] : ['params', 'global'];
		case 'confirm': return ['confirm', 'text'];
		// The run's `/` filter types like the tenant filter.
		case 'run': return state.run?.asking ? ['cancel-ask'] : state.run?.editingFilter ? ['filter', 'list-typing', 'text'] : ['run', 'list', 'global'];
		case 'tenant-rows': return state.tenantRows?.exporting ? ['export'] : ['tenant-rows', 'results', 'list', 'global'];
		case 'results': return state.results?.exporting ? ['export'] : ['results', 'list', 'global'];
		case 'doctor': return state.doctor?.phase === 'choosing' ? ['doctor-pick', 'list', 'global'] : ['doctor', 'list', 'global'];
	}
}

/** What the `?` overlay says about the screen underneath. */
export const screenAbout: Record<AppState['screen'], string> = {
	starting: 'tenantdeck is starting.',
	welcome: 'No partner is set up yet. Practise on simulated customers, or read how to connect your own partner tenant.',
	setup: 'How to register the app tenantdeck signs in with, and where to save its client id.',
	'sign-in': 'Sign in with a device code: open the address in any browser, type the code, and approve.',
	tenants: 'Pick the customer tenants to work on: Space selects the one under the cursor (and stays on it), v shows only the selected ones. Filtering never unselects; the selection is what runs.',
	operations: 'Pick what to run. Read operations only look; write operations change data and ask first.',
	params: 'Fill in the operation\'s parameters. Defaults are filled in; empty optional fields are left out. In a text field letters type: F1 (or ? on an empty field) opens this help.',
	confirm: 'This operation changes data. Type the tenant count (or yes) to go, or run a dry run first.',
	run: 'The run, one row per tenant, failures first. f jumps to the next failure and shows its cause in full; t shows only failed, running or done tenants. Rows are saved as they arrive, so stopping keeps what finished.',
	'tenant-rows': 'One tenant\'s rows from this run. e exports them.',
	results: 'Every tenant\'s rows in one table, the operation\'s columns first. Sort by a column, i shows tenant ids, e exports in the order shown.',
	doctor: 'The access check, before a run: per tenant, is the app consented with the scopes the operation needs, does your GDAP relationship hold a role that allows it, and does the customer answer. Each tenant that is not ready says how to fix it.',
};
