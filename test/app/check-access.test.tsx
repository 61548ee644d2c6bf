// The tenant picker's access check (d): a screen that asks which operation, then shows tenant ×
// consent / scopes / GDAP role / answers with the fix for the tenant under the cursor — the
// preflight of `tenantdeck doctor`, through the real adapters against a sandbox with unconsented
// customers and a GDAP relationship that holds only Directory Readers, drawn at 60×20.
import test from 'ava';
import React from 'react';
import {render} from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import stringWidth from 'string-width';
import {AppView} from '../../source/app/app.js';
import {createController} from '../../source/app/controller.js';
import {productionDeps} from '../../source/app/controller-deps.js';
import {initialAppState, type AppState} from '../../source/app/state/app-state.js';
import {createStore, useAppState, type Store} from '../../source/app/store.js';
import type {Intents} from '../../source/app/screens/screen-props.js';
import {resetTeardownForTests} from '../../source/core/teardown.js';
import {startSandbox} from '../../source/sandbox/server.js';
import {tempEnv} from '../helpers/headless.js';
import {tick} from './fixtures.js';

async function until(read: () => AppState, check: (state: AppState) => boolean, what: string): Promise<AppState> {
	for (let waited = 0; waited < 60_000; waited += 20) {
		if (check(read())) return read();
		await new Promise(resolve => setTimeout(resolve, 20));
	}
	throw new Error(`timed out waiting for ${what}; screen is ${read().screen}, notice ${read().notice?.text}`);
}

function Live({store, intents}: {readonly store: Store; readonly intents: Intents}): React.JSX.Element {
	const state = useAppState(store);
	return <AppView state={state} getState={store.getState} intents={intents} configFolder="/tmp" width={60} height={19} />;
}

test('d opens the access check: pick the operation, see every tenant that is not ready with its fix, at 60×20; Esc goes back', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0, tenants: 6, unconsentedTenants: ['2']});
	t.teardown(() => sandbox.stop());
	t.teardown(() => resetTeardownForTests());
	const customers = sandbox.context.world.customers;
	const unconsented = customers.slice(0, 2).map(customer => customer.defaultDomain);
	const limited = customers.slice(2).find(customer => customer.gdap)!.defaultDomain;
	sandbox.context.knobs.limitedRoleTenants = [limited];

	const store = createStore(initialAppState());
	const controller = createController(store, {sandbox: true, sandboxUrl: sandbox.url, env: await tempEnv()}, productionDeps());
	t.teardown(async () => {
		controller.requestQuit('signal');
		await controller.exited;
	});
	controller.start();
	await until(store.getState, state => state.tenantsPhase === 'ready', 'the tenant list');
	const view = render(<Live store={store} intents={controller} />);
	t.teardown(view.unmount);
	const frame = () => stripAnsi(view.lastFrame() ?? '');
	const press = async (key: string, times = 1) => {
		for (let index = 0; index < times; index++) {
			view.stdin.write(key);
			await tick();
		}
	};

	await press('d');
	await until(store.getState, state => state.screen === 'doctor', 'the access check');
	await tick();
	t.regex(frame(), /Check all 6 tenants for which operation\?/);
	t.regex(frame(), /Every operation: consent only/);

	// mfa-registration needs AuditLog.Read.All and a reports role: Directory Readers is not enough.
	const index = store.getState().doctor!.choices.findIndex(choice => choice.id === 'mfa-registration');
	await press('j', index);
	t.regex(frame().replace(/\s+/g, ' '), /does your GDAP relationship hold Reports Reader/);
	await press('\r');
	const done = await until(store.getState, state => state.doctor?.phase === 'done', 'the check');
	await tick();
	const notReady = done.doctor!.rows.filter(row => !row.ready).map(row => row.tenant.tenantDomain);
	t.deepEqual(notReady, [...unconsented, limited].sort());
	const screen = frame();
	t.regex(screen.replace(/\s+/g, ' '), /3 of 6 tenants are not ready/);
	for (const line of screen.split('\n')) t.true(stringWidth(line) <= 60, `${stringWidth(line)} columns: ${line}`);
	t.is(screen.split('\n').filter(line => /NOT READY/.test(line)).length, 3, screen);
	// The cursor starts on the first tenant that is not ready; its fix is under the table.
	const first = done.doctor!.rows[0]!.tenant.tenantDomain;
	const fix = (text: string) => text.replace(/\s*\n\s*/g, ' ');
	t.true(fix(screen).includes(`Fix ${first}:`), screen);
	if (unconsented.includes(first)) t.regex(fix(screen), /not consented .*run "tenantdeck consent --tenants/);

	await press('j', done.doctor!.rows.findIndex(row => row.tenant.tenantDomain === limited));
	t.regex(fix(frame()), /holds Directory Readers; mfa-registration needs Reports Reader or Security Reader/);

	// Another operation: an Exchange one says what it checks and that it opens no connection.
	await press('o');
	const mailboxes = store.getState().doctor!.choices.findIndex(choice => choice.id === 'mailboxes-list');
	await press('g');
	await press('j', mailboxes);
	t.regex(frame().replace(/\s+/g, ' '), /opens no Exchange connection/);
	await press('\r');
	const exchange = await until(store.getState, state => state.doctor?.phase === 'done', 'the Exchange check');
	await tick();
	t.regex(frame().replace(/\s+/g, ' '), /Exchange: grant and role checked, no connection opened/);
	const limitedRow = exchange.doctor!.rows.find(row => row.tenant.tenantDomain === limited)!;
	t.false(limitedRow.ready);
	t.regex(limitedRow.gdap.text, /needs Exchange Administrator/);

	await press('\u001B');
	await until(store.getState, state => state.screen === 'tenants', 'the tenant picker');
	t.pass();
});
