// The console's confirmation for custom .ps1 writes, through the real App, controller, MSAL and the
// sandbox over HTTP: a script that declares its targets has them matched like a built-in's (names no
// selected tenant owns listed, Ctrl+D drops them, the call per tenant shown with its own names); one
// that declares none says plainly that it runs in every selected tenant.

import test from 'ava';
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {resetTeardownForTests} from '../../source/core/teardown.js';
import {startSandbox} from '../../source/sandbox/server.js';
import {tempEnv} from '../helpers/headless.js';
import {renderedConsole} from '../helpers/rendered-console.js';

const examples = join(import.meta.dirname, '../../examples/operations');

async function consoleWithCustomOps(t: import('ava').ExecutionContext, files: Record<string, string>) {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0});
	t.teardown(() => sandbox.stop());
	t.teardown(() => resetTeardownForTests());
	const env = await tempEnv();
	const folder = join(env['XDG_CONFIG_HOME']!, 'tenantdeck', 'operations');
	await mkdir(folder, {recursive: true});
	for (const [name, text] of Object.entries(files)) await writeFile(join(folder, name), text);

	const {store, controller, view, until, see} = renderedConsole(t, sandbox.url, env);
	controller.start();
	const ready = await until(state => state.tenantsPhase === 'ready', 'the tenant list');
	/** Selects these tenants, opens the operation's form and fills its first field. */
	const fillForm = (domains: readonly string[], operationId: string, value: string) => {
		controller.picker({type: 'select-ids', ids: ready.picker.tenants.filter(tenant => domains.includes(tenant.tenantDomain)).map(tenant => tenant.tenantId)});
		controller.continueToOperations();
		controller.operationsMove(store.getState().operations.findIndex(operation => operation.id === operationId));
		controller.chooseOperation();
		controller.formEdit(value);
	};
	return {sandbox, store, controller, view, until, see, fillForm};
}

test.serial('a custom write\'s declared targets are checked before confirmation: outside the selection listed, Ctrl+D drops, each tenant\'s own call shown', async t => {
	const hide = await readFile(join(examples, 'hide-from-address-list.ps1'), 'utf8');
	const {sandbox, store, controller, view, until, see, fillForm} = await consoleWithCustomOps(t, {'hide-from-address-list.ps1': hide});
	const world = sandbox.context.world;
	const [first, second, outside] = world.customers;
	const own = (tenant: typeof first) => world.detail(tenant!).users.filter(user => user.userPrincipalName.endsWith(`@${tenant!.defaultDomain}`)).map(user => user.userPrincipalName);
	const named = [own(first)[0]!, own(second)[0]!, own(outside)[0]!];
	fillForm([first!.defaultDomain, second!.defaultDomain], 'custom:hide-from-address-list', named.join(', '));
	controller.submitParams();

	let shown = await see(/cannot be matched to the selected tenants/);
	t.regex(shown, /Nothing runs yet: 1 mailbox cannot be matched/);
	t.true(shown.includes(`${named[2]}: its domain belongs to ${outside!.name} (${outside!.defaultDomain}), which is not selected`), shown);
	t.notRegex(shown, /Type \d+ or yes/);
	view.stdin.write('yes\r');
	await until(state => /Some names match no selected tenant/.test(state.notice?.text ?? ''), 'the refusal');
	t.is(store.getState().run, undefined, 'nothing ran');

	view.stdin.write('\u0004');
	shown = await see(/The PowerShell this runs/);
	t.regex(shown, /This changes 2 mailboxes in 2 tenants:/);
	t.true(shown.includes(`Dropped, not changed: ${named[2]}`), shown);
	t.notRegex(shown, /declares no targets/);
	for (const tenant of [first, second]) t.true(shown.includes(`Connect-ExchangeOnline -DelegatedOrganization ${tenant!.defaultDomain} -AccessToken <token>`), shown);
	// Each tenant's call carries only its own mailbox, and the values chosen (hidden's default).
	t.true(shown.includes(`$a = @{ mailboxes = @('${named[0]}'); hidden = 'yes'; dryRun = $false }`), shown);
	t.true(shown.includes(`$a = @{ mailboxes = @('${named[1]}'); hidden = 'yes'; dryRun = $false }`), shown);
	t.regex(shown, /Type 2 or yes/);
	view.stdin.write('\u001B');
	await until(state => state.screen === 'params', 'back to the form');
	controller.requestQuit('signal');
	await controller.exited;
});

test.serial('a custom write that declares no targets says on the confirmation that it runs in every selected tenant', async t => {
	const script = (await readFile(join(examples, 'hide-from-address-list.ps1'), 'utf8')).replace(/^# targets:.*\n/m, '');
	const {sandbox, controller, fillForm, see} = await consoleWithCustomOps(t, {'stamp.ps1': script});
	const domains = sandbox.context.world.customers.slice(0, 3).map(tenant => tenant.defaultDomain);
	fillForm(domains, 'custom:stamp', 'nobody@example.com');
	controller.submitParams();
	const shown = await see(/The PowerShell this runs/);
	t.regex(shown, /This script declares no targets: it will run in all 3 selected tenants\./);
	t.regex(shown, /This changes data in 3 tenants:/);
	t.regex(shown, /Type 3 or yes/);
	controller.requestQuit('signal');
	await controller.exited;
});
