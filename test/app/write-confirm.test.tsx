// The console's write confirmation against the sandbox, through the real App, controller, MSAL and
// HTTP: the case (oscar in a tenant not selected, alice misspelt) is stopped before anything
// runs with the nearest match named; Ctrl+D drops them; the PowerShell shown is the one for the
// values chosen; a user deleted before Enter fails its tenant; r goes back through the confirmation.

import test, {type ExecutionContext} from 'ava';
import {access} from 'node:fs/promises';
import {resetTeardownForTests} from '../../source/core/teardown.js';
import {startSandbox} from '../../source/sandbox/server.js';
import {tempEnv} from '../helpers/headless.js';
import {renderedConsole} from '../helpers/rendered-console.js';
import type {Controller} from '../../source/app/controller.js';

const dental = ['cliftondental.com', 'orcharddental.com', 'ventnordental.onmicrosoft.com'];

/**
 * The console with the dental tenants selected and password-never-expires-set's form sent for these
 * users (`fill` sets the other fields first).
 */
async function passwordWriteFor(t: ExecutionContext, sandboxUrl: string, named: readonly string[], fill?: (controller: Controller) => void) {
	const rendered = renderedConsole(t, sandboxUrl, await tempEnv());
	const {controller, until} = rendered;
	controller.start();
	const ready = await until(state => state.tenantsPhase === 'ready', 'the tenant list');
	controller.picker({type: 'select-ids', ids: ready.picker.tenants.filter(tenant => dental.includes(tenant.tenantDomain)).map(tenant => tenant.tenantId)});
	controller.continueToOperations();
	controller.operationsMove(ready.operations.findIndex(operation => operation.id === 'password-never-expires-set'));
	controller.chooseOperation();
	controller.formEdit(named.join(', '));
	fill?.(controller);
	controller.submitParams();
	return rendered;
}

test.serial('oscar and alice are refused before confirmation; dropped, the rest is confirmed with its real PowerShell; a deleted user fails; r confirms again', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0});
	t.teardown(() => sandbox.stop());
	t.teardown(() => resetTeardownForTests());
	const world = sandbox.context.world;
	const users = (domain: string) => world.detail(world.find(domain)!).users;
	const orchard = users('orcharddental.com').filter(user => user.userType === 'Member' && user.userPrincipalName.endsWith('@orcharddental.com')).slice(0, 2);
	const ventnor = users('ventnordental.onmicrosoft.com').find(user => user.userPrincipalName === 'alice.white@ventnordental.onmicrosoft.com')!;
	const named = ['oscar.roberts@heronmotors.co.nz', 'alice.brwn@cliftondental.com', ...orchard.map(user => user.userPrincipalName), ventnor.userPrincipalName];

	// "never expires" turned off: the form's second field cycled once.
	const {store, controller, view, until, see} = await passwordWriteFor(t, sandbox.url, named, form => {
		form.formFocus(1);
		form.formCycle(1);
	});

	// Refused before confirmation: both named, the nearest match given, no count to type.
	let shown = await see(/cannot be matched to the selected tenants/);
	t.regex(shown, /Nothing runs yet: 2 users cannot be matched/);
	t.regex(shown, /oscar\.roberts@heronmotors\.co\.nz: its domain belongs to Heron Motors Ltd/);
	t.regex(shown, /alice\.brwn@cliftondental\.com: no such user in Clifton Dental Ltd \(cliftondental\.com\) — did you mean alice\.brown@cliftondental\.com\?/);
	t.notRegex(shown, /Type \d+ or yes/);
	view.stdin.write('yes\r');
	await until(state => /Some names match no selected tenant/.test(state.notice?.text ?? ''), 'the refusal');
	t.is(store.getState().run, undefined, 'nothing ran');

	// Esc goes back to the form with the values kept.
	view.stdin.write('\u001B');
	await until(state => state.screen === 'params', 'the form');
	t.is(store.getState().form?.values['users'], named.join(', '));
	t.is(store.getState().form?.values['neverExpires'], 'off');
	controller.submitParams();
	await see(/cannot be matched/);

	// Ctrl+D drops them: the confirmation counts what will change and shows the real PowerShell.
	view.stdin.write('\u0004');
	shown = await see(/The PowerShell this runs/);
	t.regex(shown, /This changes 3 users in 2 tenants:/);
	t.regex(shown, /Left out \(own none of the named users\): cliftondental\.com/);
	t.regex(shown, /Dropped, not changed: oscar\.roberts@heronmotors\.co\.nz, alice\.brwn@cliftondental\.com/);
	t.regex(shown, /Connect-MgGraph -TenantId orcharddental\.com/);
	for (const user of orchard) t.true(shown.includes(`Update-MgUser -UserId ${user.userPrincipalName} -PasswordPolicies None`), shown);
	t.true(shown.includes(`Update-MgUser -UserId ${ventnor.userPrincipalName} -PasswordPolicies None`), shown);
	t.notRegex(shown, /anne@contoso\.com|DisablePasswordExpiration/);
	t.regex(shown, /Type 2 or yes/);

	// The dry run first (Tab): it changes nothing, records nothing, and Esc comes back to this confirmation.
	view.stdin.write('\t');
	const dry = await until(state => state.run?.dryRun === true && /^Finished/.test(state.notice?.text ?? ''), 'the dry run');
	t.notRegex(dry.notice!.text, /Changes recorded/);
	t.true((ventnor.passwordPolicies ?? '').includes('DisablePasswordExpiration'), 'the dry run changed nothing');
	view.stdin.write('\u001B');
	await see(/Type 2 or yes/);

	// Deleted by someone else while the confirmation waits: at run time that is a failed tenant.
	const gone = orchard[0]!.userPrincipalName;
	await fetch(`${sandbox.url}/_sandbox/delete-user`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({tenant: 'orcharddental.com', user: gone})});
	view.stdin.write('2');
	await see(/make the change: 2/);
	view.stdin.write('\r');
	const finished = await until(state => /^Finished/.test(state.notice?.text ?? ''), 'the write');
	const rows = finished.run!.tenants;
	t.is(rows.find(row => row.tenant.tenantDomain === 'orcharddental.com')?.status, 'failed');
	t.is(rows.find(row => row.tenant.tenantDomain === 'ventnordental.onmicrosoft.com')?.status, 'succeeded');
	t.is(ventnor.passwordPolicies, 'None');
	const audit = /Changes recorded in (\S+)$/.exec(finished.notice!.text)?.[1];
	t.truthy(audit, finished.notice!.text);
	await access(audit!);

	// r after a write: the confirmation again (dry run offered), never straight into the write.
	view.stdin.write('r');
	shown = await see(/retry of the failed tenants/);
	await until(state => state.writePlan?.phase === 'ready', 'the retry check');
	shown = await see(/no such user|Type 1 or yes/);
	t.true(shown.includes(`${gone}: no such user in Orchard Dental`), shown);
	t.is(store.getState().run?.generation, finished.run!.generation, 'no new run started');
	view.stdin.write('\u001B');
	await until(state => state.screen === 'run', 'back to the run');
	controller.requestQuit('signal');
	await controller.exited;
});

test.serial('a dry run that finds users missing: back at the confirmation they are listed as left out, and the count to type drops with them', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0});
	t.teardown(() => sandbox.stop());
	t.teardown(() => resetTeardownForTests());
	const world = sandbox.context.world;
	const members = (domain: string) => world.detail(world.find(domain)!).users.filter(user => user.userType === 'Member' && user.userPrincipalName.endsWith(`@${domain}`));
	const orchard = members('orcharddental.com').slice(0, 2);
	const clifton = members('cliftondental.com')[0]!;
	const named = [...orchard.map(user => user.userPrincipalName), clifton.userPrincipalName];

	const {store, controller, view, until, see} = await passwordWriteFor(t, sandbox.url, named);
	let shown = await see(/Type 2 or yes/);
	t.regex(shown, /This changes 3 users in 2 tenants:/);

	// Both Orchard users are deleted after the check, before the dry run: the dry run finds them missing.
	for (const user of orchard) await fetch(`${sandbox.url}/_sandbox/delete-user`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({tenant: 'orcharddental.com', user: user.userPrincipalName})});
	view.stdin.write('\t');
	const dry = await until(state => state.run?.dryRun === true && /^Finished/.test(state.notice?.text ?? ''), 'the dry run');
	t.regex(dry.notice!.text, /2 users not found are left out of the change\./);

	// Back at the confirmation: what can really change is counted, and the missing are named.
	view.stdin.write('\u001B');
	shown = await see(/Type 1 or yes/);
	t.regex(shown, /This changes 1 user in 1 tenant:/);
	t.true(shown.includes(`Not found by the dry run, left out: ${orchard.map(user => user.userPrincipalName).join(', ')}`), shown);
	// Orchard owns the users it lost, so it is not listed as owning none: it is simply no longer counted.
	t.regex(shown, /Left out \(own none of the named users\): ventnordental\.onmicrosoft\.com Not found by the dry run/);

	// The change runs in Clifton alone; Orchard is never started, so nothing fails.
	view.stdin.write('1\r');
	const done = await until(state => state.run?.dryRun === false && /^Finished/.test(state.notice?.text ?? ''), 'the write');
	t.deepEqual(done.run!.tenants.map(row => [row.tenant.tenantDomain, row.status]), [['cliftondental.com', 'succeeded']]);
	t.regex(done.notice!.text, /^Finished: 1 done, 1 row\./);
	t.is(store.getState().screen, 'run');
	controller.requestQuit('signal');
	await controller.exited;
});
