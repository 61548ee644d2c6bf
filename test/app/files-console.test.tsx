// The console with bad files and wide text: a malformed profile.json or groups.json is shown by
// name (never stuck on "Starting…", never a crash), and tenant names are clipped by display width.
import test from 'ava';
import {mkdir, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import stringWidth from 'string-width';
import {productionDeps} from '../../source/app/controller-deps.js';
import {createController} from '../../source/app/controller.js';
import {initialAppState} from '../../source/app/state/app-state.js';
import {createStore} from '../../source/app/store.js';
import {setup, toTenants, until} from './controller-setup.js';
import {given, stateWith} from './fixtures.js';
import {show} from './show.js';

test.serial('a malformed profile.json shows the welcome screen with the file and the problem, not "Starting…"', async t => {
	const {folders} = await setup(t);
	await mkdir(folders.config, {recursive: true});
	await writeFile(join(folders.config, 'profile.json'), '{"clientId": "abc",}');
	const store = createStore(initialAppState());
	const deps = {...productionDeps(), folders: () => folders};
	const controller = createController(store, {env: {}}, deps);
	controller.start();
	const state = await until(store, current => current.screen === 'welcome', 'the welcome screen');
	t.regex(state.notice?.text ?? '', /profile\.json is not valid JSON/);
	t.true(state.notice!.text.includes(folders.config));
	t.is(state.notice!.tone, 'danger');
});

test.serial('a groups.json of null is named on the tenant screen; the console still lists tenants', async t => {
	const {store, controller, folders} = await setup(t);
	await mkdir(folders.config, {recursive: true});
	await writeFile(join(folders.config, 'groups.json'), 'null');
	const state = await toTenants(store, controller);
	t.regex(state.notice?.text ?? '', /groups\.json: the file: expected an object of group name/);
	t.deepEqual(state.groups, {});
});

test('the tenant picker clips CJK, emoji and accented names by display width and keeps columns aligned', t => {
	const wide = [
		{tenantId: 'a', tenantDomain: 'nihon.example', tenantName: '株式会社コントソ日本株式会社コントソ日本株式会社', source: 'gdap' as const},
		{tenantId: 'b', tenantDomain: 'family.example', tenantName: '👩‍👩‍👧‍👦 Family Office 👩‍👩‍👧‍👦 Family Office 👩‍👩‍👧‍👦 Family', source: 'gdap' as const},
		{tenantId: 'c', tenantDomain: 'cafe.example', tenantName: 'Cafe\u0301 Ame\u0301lie Rene\u0301e Cafe\u0301 Ame\u0301lie Rene\u0301e Cafe\u0301', source: 'gdap' as const},
		{tenantId: 'd', tenantDomain: 'plain.example', tenantName: 'Plain Name', source: 'gdap' as const},
	];
	const state = stateWith(given({screen: 'tenants', tenantsPhase: 'ready', account: {username: 'ann@partner.com', homeTenantId: 'p'}, cloud: 'sandbox'}), {type: 'picker', action: {type: 'set-tenants', tenants: wide}});
	const screen = show(t, state, {width: 60, height: 20});
	const lines = screen.frame().split('\n');
	const rows = wide.map(tenant => lines.find(line => line.includes(tenant.tenantDomain)));
	for (const [index, row] of rows.entries()) {
		t.truthy(row, wide[index]!.tenantDomain);
		t.true(stringWidth(row!) <= 60, `${stringWidth(row!)} columns: ${row}`);
		t.false(/[\ud800-\udbff](?![\udc00-\udfff])/.test(row!), 'no lone surrogate');
	}
	// The domain column starts at the same terminal column on every row.
	const domainColumn = rows.map((row, index) => stringWidth(row!.slice(0, row!.indexOf(wide[index]!.tenantDomain))));
	t.is(new Set(domainColumn).size, 1, rows.join('\n'));
	t.true(rows[0]!.includes('…'));
});
