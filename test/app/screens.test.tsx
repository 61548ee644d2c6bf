// Every screen rendered from a plain state, with intents that only record: what it shows, and
// which intent each key asks for. Error states included.

import test from 'ava';
import {createFormState} from '../../source/app/state/params-state.js';
import {selectedTenants} from '../../source/app/state/picker-state.js';
import {describeError, TenantdeckError} from '../../source/core/errors.js';
import {given, readOp, shownAt, stateWith, tenants, tick, writeOp} from './fixtures.js';
import {show} from './show.js';
import {delegatedPermissions} from '../../source/app/screens/setup-permissions.js';

const list = tenants(40);
const tenantsState = (...more: Parameters<typeof stateWith>) => stateWith(given({screen: 'tenants', tenantsPhase: 'ready', account: {username: 'ann@partner.com', homeTenantId: 'p'}, cloud: 'sandbox'}), {type: 'picker', action: {type: 'set-tenants', tenants: list}}, ...more);

// Serial: Ink apps rendered side by side in one process drop a lone Esc now and then (Ink holds
// it back to tell it from an escape sequence); one render at a time, every key arrives.
test.serial('welcome offers the sandbox, the setup guide and quit', async t => {
	const screen = show(t, stateWith(given({screen: 'welcome'})));
	t.regex(screen.frame(), /Practise on simulated customers/);
	t.regex(screen.frame(), /Set up a real partner/);
	await screen.press('\r');
	t.deepEqual(screen.names(), ['chooseSandbox']);
	await screen.press('j');
	t.deepEqual(screen.calls.at(-1), ['welcomeMove', [1]]);
	screen.unmount();
});

test.serial('the setup guide names the app registration, every delegated permission and the profile path', async t => {
	const screen = show(t, stateWith(given({screen: 'setup'})));
	// The permission list loads when the screen is first shown (the first frame does not pay for it).
	for (let waited = 0; screen.frame().includes('listing them') && waited < 60_000; waited += 20) await tick(20);
	const frame = screen.frame().replace(/\s+/g, ' ');
	// The permissions are the operations' own declarations (test/core/permissions.test.ts), all of them shown.
	const permissions = delegatedPermissions.map(([api, name]) => (api === 'Microsoft Graph' ? name : `${name} (${api})`));
	for (const text of ['multitenant', 'public client', 'Allow public client flows', 'AuditLog.Read.All', 'CrossTenantInformation.ReadBasic.All', ...permissions, 'Exchange.Manage (Office 365 Exchange Online)', 'tenantdeck consent --tenants all --dry-run', '/home/ann/.config/tenantdeck/profile.json']) {
		t.true(frame.includes(text), text);
	}
	screen.unmount();
});

test.serial('sign-in prints the address and the code plainly on one line, as az and gh do, and the time left; Esc cancels', async t => {
	const code = {userCode: 'ABCD1234', verificationUri: 'https://microsoft.com/devicelogin', expiresAt: shownAt + 14 * 60_000 + 30_000, message: 'To sign in…'};
	const screen = show(t, stateWith(given({screen: 'sign-in', signIn: {phase: 'waiting', code}, cloud: 'sandbox'})));
	const frame = screen.frame();
	t.true(frame.includes('To sign in, open https://microsoft.com/devicelogin and enter the code ABCD1234'), frame);
	t.is(frame.split('microsoft.com/devicelogin').length, 2, 'the address is shown once');
	t.false(/[╔═║│─]/.test(frame), 'the code is not boxed');
	t.regex(frame, /works for 14m 30s more/);
	t.regex(frame, /Waiting for you to approve/);
	await screen.press('\u001B');
	t.deepEqual(screen.names(), ['cancelSignIn']);
	screen.unmount();
});

test.serial('a refused sign-in explains itself and Enter retries', async t => {
	const error = describeError(new TenantdeckError('auth', 'You declined the sign-in in the browser.', {hint: 'Start again and choose Accept.'}));
	const screen = show(t, stateWith(given({screen: 'sign-in', signIn: {phase: 'failed', error}})));
	t.regex(screen.frame(), /Sign-in did not work/);
	t.regex(screen.frame(), /You declined the sign-in in the browser\. Start again and choose Accept\./);
	await screen.press('\r');
	t.deepEqual(screen.names(), ['retrySignIn']);
	screen.unmount();
});

test.serial('the tenant picker lists tenants, counts, and maps its keys', async t => {
	const screen = show(t, tenantsState({type: 'picker', action: {type: 'toggle'}}));
	const frame = screen.frame();
	t.regex(frame, /\[x\] Customer 0000/);
	t.regex(frame, /\[ \] Customer 0001/);
	t.regex(frame, /1 selected of 40, all shown/);
	t.regex(frame, /ann@partner\.com · sandbox/);
	t.regex(frame, /\/ filter/);
	await screen.press('/', ' ', 'a', 'n', 'R', 's', 'o', '\r', 'j', 'G', '?', 'q');
	t.deepEqual(screen.calls.map(([name, args]) => (name === 'picker' ? `picker:${(args[0] as {type: string}).type}` : name)), [
		'picker:edit-filter', 'picker:toggle', 'picker:toggle-all-visible', 'picker:none', 'refreshTenants', 'startGroupName', 'openGroups', 'continueToOperations', 'picker:move', 'picker:move', 'toggleHelp', 'requestQuit',
	]);
	screen.unmount();
});

test.serial('while the filter types, q and ? are letters, Enter keeps and Esc clears', async t => {
	const screen = show(t, tenantsState({type: 'picker', action: {type: 'edit-filter'}}, {type: 'picker', action: {type: 'set-filter', filter: 'cust'}}));
	t.regex(screen.frame(), /\/ cust/);
	await screen.press('q', '?', '\r', '\u001B');
	t.deepEqual(screen.calls.map(([, args]) => args[0]), [{type: 'set-filter', filter: 'custq'}, {type: 'set-filter', filter: 'cust?'}, {type: 'keep-filter'}, {type: 'clear-filter'}]);
	screen.unmount();
});

test.serial('Esc and j arriving as one sequence (typed fast, or batched by SSH) are Esc, then j', async t => {
	const alone = show(t, tenantsState(given({screen: 'operations', operationCursor: 1})));
	await alone.press('\u001B', 'j');
	const apart = alone.names();
	alone.unmount();
	t.is(apart[0], 'back');
	t.is(apart.length, 2);
	const screen = show(t, tenantsState(given({screen: 'operations', operationCursor: 1})));
	await screen.press('\u001Bj');
	t.deepEqual(screen.names(), apart);
	screen.unmount();
});

test.serial('zero tenants says why and how to look again', t => {
	const screen = show(t, stateWith(given({screen: 'tenants', tenantsPhase: 'ready'})));
	t.regex(screen.frame(), /This account has no customer tenants/);
	t.regex(screen.frame(), /GDAP relationships/);
	t.regex(screen.frame(), /Press R to look again/);
	screen.unmount();
});

test.serial('a failed customer list shows the reason and offers R', t => {
	const screen = show(t, stateWith(given({screen: 'tenants', tenantsPhase: 'failed', tenantsError: 'Microsoft Graph is not answering. Try again in a minute.'})));
	t.regex(screen.frame(), /Could not list your customers/);
	t.regex(screen.frame(), /not answering/);
	screen.unmount();
});

test.serial('saved groups: naming types letters, the list selects one', async t => {
	const naming = show(t, tenantsState(given({groupName: 'ret'})));
	t.regex(naming.frame(), /Save 0 tenants as group: ret/);
	await naming.press('a', '\r');
	t.deepEqual(naming.calls, [['editGroupName', ['reta']], ['saveGroup', []]]);
	naming.unmount();
	const groups = show(t, tenantsState(given({groups: {retail: ['a', 'b'], legal: ['c']}, groupsCursor: 1})));
	t.regex(groups.frame(), /@legal {2}1 tenant, 0 already selected/);
	await groups.press('\r', 'r', 'd');
	t.deepEqual(groups.calls, [['useGroup', ['add']], ['useGroup', ['replace']], ['askDeleteGroup', []]]);
	groups.unmount();
});

test.serial('the operation picker shows badges, the description and what it runs', async t => {
	const screen = show(t, tenantsState(given({screen: 'operations', operationCursor: 1})));
	const frame = screen.frame();
	t.regex(frame, /\[read\] {2}things-list/);
	t.regex(frame, /\[WRITE\] thing-set/);
	t.regex(frame, /Changes a thing\./);
	t.regex(frame, /What this runs, for one tenant:\n\s+Set-Thing -On/);
	await screen.press('\r', '\u001B');
	t.deepEqual(screen.names(), ['chooseOperation', 'back']);
	screen.unmount();
});

test.serial('the params form shows defaults and a validation message on its field', async t => {
	const form = {...createFormState(readOp), error: {field: 'startsWith', message: 'Parameter "startsWith": Too big: expected string to have <=5 characters.'}};
	const screen = show(t, stateWith(given({screen: 'params', operation: readOp, form})));
	const frame = screen.frame();
	t.regex(frame, /startsWith {2}text, optional/);
	t.regex(frame, /rows {2}number, default 2/);
	t.regex(frame, /2\n/);
	t.regex(frame, /Too big/);
	await screen.press('x', '\t', 'q', '\r');
	t.deepEqual(screen.calls, [['formEdit', ['x']], ['formFocus', [1]], ['formEdit', ['q']], ['submitParams', []]]);
	screen.unmount();
});

test.serial('a write asks for the tenant count or yes, and offers a dry run', async t => {
	const state = tenantsState({type: 'picker', action: {type: 'toggle'}}, {type: 'picker', action: {type: 'move', to: 1}}, {type: 'picker', action: {type: 'toggle'}}, given({screen: 'confirm', operation: writeOp, params: {mode: 'off'}, confirmText: '2'}));
	const plan = {tenants: selectedTenants(state.picker), targets: new Map(), problems: [], idle: [], dropped: []};
	const screen = show(t, {...state, writePlan: {phase: 'ready', plan}});
	const frame = screen.frame();
	t.regex(frame, /This changes data in 2 tenants/);
	t.regex(frame, /Customer 0000 \(customer0\.onmicrosoft\.com\)/);
	t.regex(frame, /With: mode = off/);
	t.regex(frame, /Tab for a dry run first/);
	t.regex(frame, /Type 2 or yes, then Enter, to make the change: 2/);
	await screen.press('y', '\t', '\r');
	t.deepEqual(screen.calls, [['editConfirm', ['2y']], ['dryRun', []], ['confirmGo', []]]);
	screen.unmount();
});
