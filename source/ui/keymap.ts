// The one table of keys. Screens dispatch through it, the footer and the `?` overlay print it,
// and the readme's key section is generated from it, so a key can never be documented one way
// and bound another. Keys follow k9s/lazygit habits (shared/docs/style.md).

import type {Key} from 'ink';

export type KeyScope =
	| 'global' | 'list' | 'welcome' | 'setup' | 'sign-in' | 'tenants' | 'filter' | 'group-name' | 'groups'
	| 'operations' | 'params' | 'confirm' | 'run' | 'cancel-ask' | 'tenant-rows' | 'results' | 'export' | 'help' | 'quit-ask'
	// 'text': a focused text field (its editing keys); 'list-typing': the list moves that still work
	// while a filter types; 'choice': a yes/no or choice field; 'group-delete-ask': "delete this group?".
	| 'text' | 'list-typing' | 'choice' | 'group-delete-ask'
	| 'doctor-pick' | 'doctor';

export type Binding<C extends string = string, X extends readonly KeyScope[] = readonly KeyScope[]> = {
	readonly command: C;
	/** Key specs: a character ("a", "?", "G") or a name (up, pageup, enter, esc, space, tab, shift+tab, ctrl+c, f1, backspace, delete). */
	readonly keys: readonly string[];
	readonly description: string;
	readonly contexts: X;
	/** Short footer label; bindings without one appear only in the overlay. */
	readonly hint?: string;
};

// Generic so each command name and its contexts stay literal types: Command and CommandIn below
// are read off this table, and a misspelt command in a screen's handlers does not compile.
const b = <const C extends string, const X extends readonly KeyScope[]>(command: C, keys: string[], contexts: X, description: string, hint?: string): Binding<C, X> => ({command, keys, contexts, description, hint});

export const keymap = [
	b('cancel-sign-in', ['esc'], ['sign-in'], 'Stop waiting for the device code sign-in', 'cancel'),
	b('retry', ['enter'], ['sign-in'], 'Try signing in again after a failure', 'retry'),
	b('choose', ['enter'], ['welcome', 'operations'], 'Choose the highlighted item', 'choose'),
	b('sandbox', ['s'], ['setup'], 'Practise on the sandbox instead', 'sandbox'),
	b('back', ['esc'], ['setup', 'operations', 'groups', 'tenant-rows', 'results', 'params', 'confirm', 'doctor-pick', 'doctor'], 'Go back one step', 'back'),
	b('filter', ['/'], ['tenants'], 'Filter by name, domain or tenant id', 'filter'),
	// Space stays on the row: a checkbox that moves the cursor surprises; ↓ moves on.
	b('toggle', ['space'], ['tenants'], 'Select or unselect the tenant under the cursor (the cursor stays)', 'select'),
	b('select-visible', ['a'], ['tenants'], 'Select every tenant shown (again to unselect them)', 'all'),
	b('continue', ['enter'], ['tenants'], 'Go on to pick an operation for the selected tenants', 'next'),
	b('select-none', ['n'], ['tenants'], 'Unselect every tenant', 'none'),
	b('selected-only', ['v'], ['tenants'], 'Show only the selected tenants (again to show all)', 'only selected'),
	b('refresh', ['R'], ['tenants'], 'Ask Microsoft for the customer list again', 'refresh'),
	b('save-group', ['s'], ['tenants'], 'Save the selection as a named group', 'save group'),
	b('open-groups', ['o'], ['tenants'], 'Saved groups: list, add to or replace the selection, delete', 'groups'),
	b('check-access', ['d'], ['tenants'], 'Check consent, token scopes, GDAP roles and reachability of the selected tenants (or all) for an operation, before a run', 'check access'),
	b('doctor-check', ['enter'], ['doctor-pick'], 'Check the tenants for the highlighted operation', 'check'),
	b('doctor-again', ['r'], ['doctor'], 'Check again, after fixing consent or roles', 'check again'),
	b('doctor-operation', ['o'], ['doctor'], 'Check for another operation', 'operation'),
	b('keep-filter', ['enter'], ['filter'], 'Keep the filter and go back to the list', 'keep'),
	b('clear-filter', ['esc'], ['filter', 'tenants'], 'Clear the filter', 'clear'),
	b('save', ['enter'], ['group-name'], 'Save the group under this name', 'save'),
	b('cancel', ['esc'], ['group-name', 'export'], 'Cancel', 'cancel'),
	b('add-group', ['enter'], ['groups'], 'Add the group\'s tenants to the selection (what is selected stays)', 'add to selection'),
	b('replace-with-group', ['r'], ['groups'], 'Replace the selection with the group\'s tenants', 'replace selection'),
	b('delete-group', ['d'], ['groups'], 'Delete the saved group (asks first)', 'delete'),
	b('confirm-delete-group', ['y'], ['group-delete-ask'], 'Delete the group for good', 'delete'),
	b('keep-group', ['n', 'esc'], ['group-delete-ask'], 'Keep the group', 'keep'),
	b('next-field', ['tab', 'down'], ['params'], 'Next field', 'next field'),
	b('previous-field', ['shift+tab', 'up'], ['params'], 'Previous field'),
	b('change-choice', ['space', 'left', 'right'], ['choice'], 'Change a yes/no or choice field', 'change'),
	b('submit', ['enter'], ['params'], 'Check the values and continue', 'continue'),
	b('go', ['enter'], ['confirm'], 'Run the change once the tenant count or "yes" is typed', 'run'),
	b('dry-run', ['tab'], ['confirm'], 'Run a dry run first: shows what would change, changes nothing', 'dry run'),
	b('drop-unmatched', ['ctrl+d'], ['confirm'], 'Drop the names no selected tenant owns (listed) and change only the rest', 'drop unmatched'),
	b('open-tenant', ['enter'], ['run'], 'Show the rows of the tenant under the cursor', 'rows'),
	// One meaning for Esc on the run screen: leave it. A live run cannot be left running unseen, so
	// leaving asks whether to stop it first.
	b('leave-run', ['esc'], ['run'], 'Leave the run: back to the operations once it has finished; while it is going, asks whether to stop it', 'leave'),
	b('retry-failed', ['r'], ['run'], 'Run again for the failed tenants only (also while the run is going)', 'retry failed'),
	b('cancel-tenant', ['x'], ['run'], 'Cancel the tenant under the cursor alone; the others go on', 'cancel tenant'),
	b('save-runbook', ['b'], ['run'], 'Save these tenants, operation and parameters as a runbook', 'runbook'),
	b('results', ['v'], ['run'], 'See every tenant\'s rows in one table', 'results'),
	b('new-run', ['N'], ['run'], 'Start over: pick tenants for another operation', 'new run'),
	b('next-failure', ['f'], ['run'], 'Jump to the next failed tenant; its cause shows in full below the table', 'next failure'),
	b('show-status', ['t'], ['run'], 'Show only failed, then running, then done tenants, then all again', 'show'),
	b('sort-run', ['s'], ['run'], 'Sort tenants: failures first, by name, or longest first', 'sort'),
	b('filter-run', ['/'], ['run'], 'Filter tenants by name, domain, id or failure cause', 'filter'),
	b('cancel-pending', ['y'], ['cancel-ask'], 'Cancel tenants not started; running ones finish', 'stop queued'),
	b('abort-running', ['A'], ['cancel-ask'], 'Cancel everything, aborting tenants in flight', 'abort all'),
	b('keep-running', ['n', 'esc'], ['cancel-ask'], 'Keep the run going', 'keep going'),
	b('column-left', ['left', 'h'], ['results'], 'Previous column'),
	b('column-right', ['right', 'l'], ['results'], 'Next column', 'column'),
	b('sort', ['s'], ['results'], 'Sort by the highlighted column (again to reverse)', 'sort'),
	b('tenant-columns', ['i'], ['results'], 'Show or hide the tenant domain and tenant id columns', 'tenant ids'),
	b('export', ['e'], ['results'], 'Export the rows to a file, in the order and columns shown (tenant columns after them)', 'export'),
	b('export-csv', ['c'], ['export'], 'Export as CSV', 'CSV'),
	b('export-json', ['j'], ['export'], 'Export as JSON', 'JSON'),
	b('export-html', ['h'], ['export'], 'Export as an HTML report (with each tenant\'s outcome)', 'HTML'),
	b('export-table', ['t'], ['export'], 'Export as a plain text table', 'text'),
	b('confirm-quit', ['y'], ['quit-ask'], 'Quit now', 'quit'),
	b('stay', ['n', 'esc'], ['quit-ask'], 'Stay', 'stay'),
	b('close-help', ['esc', '?', 'q', 'f1'], ['help'], 'Close this help', 'close'),
	// The text field's own keys: components/text-edit.ts looks them up here and does the edit, so
	// what help and the readme name is what the field does (no screen binds them).
	b('cursor-left', ['left'], ['text'], 'Move the cursor left'),
	b('cursor-right', ['right'], ['text'], 'Move the cursor right'),
	b('line-start', ['home', 'ctrl+a'], ['text'], 'Cursor to the start of the field'),
	b('line-end', ['end', 'ctrl+e'], ['text'], 'Cursor to the end of the field'),
	b('delete-back', ['backspace'], ['text'], 'Delete the character before the cursor'),
	b('delete-forward', ['delete'], ['text'], 'Delete the character under the cursor'),
	b('delete-word', ['ctrl+w'], ['text'], 'Delete the word before the cursor'),
	b('delete-to-start', ['ctrl+u'], ['text'], 'Delete everything before the cursor'),
	b('delete-to-end', ['ctrl+k'], ['text'], 'Delete everything from the cursor on'),
	b('up', ['up', 'k'], ['list', 'list-typing'], 'Move up'),
	b('down', ['down', 'j'], ['list', 'list-typing'], 'Move down', 'move'),
	b('page-up', ['pageup'], ['list', 'list-typing'], 'Page up'),
	b('page-down', ['pagedown'], ['list', 'list-typing'], 'Page down'),
	b('top', ['g', 'home'], ['list'], 'Go to the top'),
	b('bottom', ['G', 'end'], ['list'], 'Go to the bottom'),
	b('quit', ['q'], ['global'], 'Quit (asks first while a run is live)', 'quit'),
	// In a text field `?` types, unless the field is empty (nothing to type it into yet); F1 always helps.
	b('help', ['?', 'f1'], ['global', 'text'], 'Show every key for this screen (in a text field: F1, or ? while the field is empty)', 'help'),
	b('interrupt', ['ctrl+c'], ['global', 'text'], 'Quit, even while typing (asks first while a run is live)'),
] as const;

type Bound = (typeof keymap)[number];

/** Every command the keymap has. */
export type Command = Bound['command'];

/** The commands bound in any of the given contexts: what a screen with those contexts may handle. */
export type CommandIn<X extends KeyScope> = Bound extends infer B ? (B extends Bound ? (X extends B['contexts'][number] ? B['command'] : never) : never) : never;

/** The list movements, handled the same way on every list (see ui/list-moves.ts). */
export type MoveCommand = CommandIn<'list'>;

const names: Record<string, (key: Key) => boolean> = {
	up: key => key.upArrow, down: key => key.downArrow, left: key => key.leftArrow, right: key => key.rightArrow,
	pageup: key => key.pageUp, pagedown: key => key.pageDown, home: key => key.home, end: key => key.end,
	enter: key => key.return, esc: key => key.escape, tab: key => key.tab && !key.shift, 'shift+tab': key => key.tab && key.shift,
	// Ink reports both Backspace (DEL, 0x7f) and the Delete key as `delete`; the raw sequence tells them apart.
	backspace: key => (key.backspace || key.delete) && !(key as PressedKey).forwardDelete,
	delete: key => (key as PressedKey).forwardDelete === true,
	f1: key => (key as PressedKey).f1 === true,
};

/**
 * A key as Ink reports it, plus what only the raw sequence tells: F1 (Ink passes it as an empty
 * input with no flag) and the Delete key (Ink calls it `delete`, like Backspace). See hooks/use-raw-keys.ts.
 */
export type PressedKey = Key & {readonly f1?: boolean; readonly forwardDelete?: boolean};

/** True when a key press is the given spec. */
export function keyMatches(spec: string, input: string, key: Key): boolean {
	if (spec === 'space') return input === ' ' && !key.ctrl && !key.meta;
	if (spec.startsWith('ctrl+')) return key.ctrl && input.toLowerCase() === spec.slice(5);
	const named = names[spec];
	if (named) return named(key);
	return input === spec && !key.ctrl && !key.meta;
}

/** A spec that types a character (a letter, `?`, Space): it must type while a text field has focus. */
export function isCharacterSpec(spec: string): boolean {
	return spec.length === 1 || spec === 'space';
}

/**
 * The first binding in the given contexts (earlier contexts win) that a key press triggers.
 * While typing, character keys are left to the text field.
 */
export function findBinding(contexts: readonly KeyScope[], input: string, key: Key, wanted?: (command: Command) => boolean, typing = false): Bound | undefined {
	for (const context of contexts) {
		for (const binding of keymap) {
			if (!(binding.contexts as readonly KeyScope[]).includes(context) || (wanted && !wanted(binding.command))) continue;
			if (binding.keys.some(spec => !(typing && isCharacterSpec(spec)) && keyMatches(spec, input, key))) return binding;
		}
	}
	return undefined;
}

const display: Record<string, string> = {
	up: '↑', down: '↓', left: '←', right: '→', pageup: 'PgUp', pagedown: 'PgDn', home: 'Home', end: 'End',
	enter: 'Enter', esc: 'Esc', tab: 'Tab', 'shift+tab': 'Shift+Tab', space: 'Space', f1: 'F1', backspace: 'Backspace', delete: 'Delete',
};

export function keyLabel(spec: string): string {
	if (spec.startsWith('ctrl+')) return `Ctrl+${spec.slice(5).toUpperCase()}`;
	return display[spec] ?? spec;
}

export function bindingsFor(contexts: readonly KeyScope[]): Bound[] {
	const seen = new Set<Command>();
	const result: Bound[] = [];
	for (const context of contexts) {
		for (const binding of keymap) {
			if ((binding.contexts as readonly KeyScope[]).includes(context) && !seen.has(binding.command)) {
				seen.add(binding.command);
				result.push(binding);
			}
		}
	}
	return result;
}

export type Hint = {readonly keys: string; readonly label: string};

/**
 * Footer hints for the given contexts, in priority order; the caller trims to the width. With
 * `available`, only commands the screen handles right now (plus the global ones) are listed.
 */
export function hintsFor(contexts: readonly KeyScope[], available?: ReadonlySet<Command>): Hint[] {
	return bindingsFor(contexts)
		.filter(binding => binding.hint && (!available || available.has(binding.command) || (binding.contexts as readonly KeyScope[]).includes('global')))
		// In a text field `?` types (once the field has text), so the footer names F1 there.
		.map(binding => ({keys: binding.command === 'down' ? '↑↓' : binding.command === 'help' && contexts.includes('text') ? 'F1' : keyLabel(binding.keys[0]!), label: binding.hint!}));
}

/** As many hints as fit in the width, always keeping the last one (help or close). */
export function fitHints(hints: readonly Hint[], width: number): Hint[] {
	const size = (hint: Hint) => hint.keys.length + 1 + hint.label.length + 2;
	const last = hints.at(-1);
	const fitted: Hint[] = [];
	let used = last ? size(last) : 0;
	for (const hint of hints.slice(0, -1)) {
		if (used + size(hint) > width) break;
		fitted.push(hint);
		used += size(hint);
	}
	return last ? [...fitted, last] : fitted;
}

export const scopeTitles: Partial<Record<KeyScope, string>> = {
	global: 'Everywhere', list: 'Lists', welcome: 'Welcome', setup: 'Setup guide', 'sign-in': 'Sign-in', tenants: 'Tenant picker',
	filter: 'While filtering', 'group-name': 'Naming a group', groups: 'Saved groups', operations: 'Operation picker',
	params: 'Parameters', confirm: 'Confirming a change', run: 'Run', 'cancel-ask': 'Stopping a run', 'tenant-rows': 'A tenant\'s rows',
	results: 'Results', export: 'Export', 'quit-ask': 'Quitting', help: 'This help', text: 'Typing in a field', 'list-typing': 'Moving in the list',
	choice: 'A yes/no or choice field', 'group-delete-ask': 'Deleting a group',
	'doctor-pick': 'Access check: choosing the operation', doctor: 'Access check',
};

/** The key table as markdown, for the readme: one line per command, where it applies. */
export function keymapMarkdown(): string {
	const lines = ['| keys | what it does | where |', '|---|---|---|'];
	for (const binding of keymap) {
		const where = binding.contexts.map(context => scopeTitles[context] ?? context).join(', ');
		lines.push(`| ${binding.keys.map(spec => `\`${keyLabel(spec)}\``).join(' / ')} | ${binding.description} | ${where} |`);
	}
	return lines.join('\n') + '\n';
}
