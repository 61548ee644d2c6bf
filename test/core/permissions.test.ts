// Permissions come from one source: each operation's declaration. The readme table, the setup
// screen, the consent request and `tenantdeck ops <id>` are all derived from it; these fail on drift.
import test from 'ava';
import {readFile} from 'node:fs/promises';
import {builtInOperations} from '../../source/core/catalog.js';
import {consentRequest} from '../../source/core/consent.js';
import {appRegistrationPermissions, customerGraphScopes, discoveryPermissions, exchangeAppId, graphAppId, permissionTableMarkdown} from '../../source/core/permissions.js';
import {delegatedPermissions} from '../../source/app/screens/setup-permissions.js';
import {headless, tempEnv} from '../helpers/headless.js';

test('every built-in operation declares its Graph scopes, Exchange grant and GDAP roles', t => {
	for (const operation of builtInOperations) {
		const permissions = operation.permissions;
		t.truthy(permissions, `${operation.id} declares no permissions`);
		t.true(permissions!.roles.length > 0, `${operation.id} names no GDAP role`);
		if (operation.backend === 'graph') t.true(permissions!.graph.length > 0, `${operation.id} names no Graph scope`);
		else t.is(permissions!.exchange, 'Exchange.Manage', `${operation.id} needs the Exchange grant`);
	}
	t.deepEqual(builtInOperations.find(operation => operation.id === 'mfa-registration')!.permissions!.graph, ['AuditLog.Read.All']);
});

test('the readme\'s permission table is generated from the declarations', async t => {
	const readme = await readFile('readme.md', 'utf8');
	const block = /<!-- permissions:start -->\n([\s\S]*?)\n<!-- permissions:end -->/.exec(readme)?.[1];
	t.truthy(block, 'the readme has the permissions markers');
	t.is(block, permissionTableMarkdown(builtInOperations), 'regenerate the table between the markers from permissionTableMarkdown(builtInOperations)');
});

test('the setup screen lists exactly what the app registration needs: every declared scope, discovery\'s, Exchange and Partner Center', t => {
	const needed = appRegistrationPermissions(builtInOperations);
	const graph = delegatedPermissions.filter(([api]) => api === 'Microsoft Graph').map(([, name]) => name);
	t.deepEqual(graph, needed.graph);
	for (const scope of [...customerGraphScopes(builtInOperations), ...discoveryPermissions.graph]) t.true(graph.includes(scope), scope);
	t.true(delegatedPermissions.some(([api, name]) => api === 'Office 365 Exchange Online' && name === 'Exchange.Manage'));
	t.true(delegatedPermissions.some(([api, name]) => api === 'Microsoft Partner Center' && name === 'user_impersonation'));
});

test('the consent request grants exactly the operations\' Graph scopes and Exchange.Manage', t => {
	const request = consentRequest(builtInOperations, '11111111-2222-3333-4444-555555555555');
	t.is(request.applicationId, '11111111-2222-3333-4444-555555555555');
	t.deepEqual(request.applicationGrants, [
		{enterpriseApplicationId: graphAppId, scope: customerGraphScopes(builtInOperations).join(',')},
		{enterpriseApplicationId: exchangeAppId, scope: 'Exchange.Manage'},
	]);
	t.false(request.applicationGrants[0]!.scope.includes('DelegatedAdminRelationship'), 'partner-tenant scopes are not asked of customers');
});

test('tenantdeck ops <id> shows the operation\'s own permissions', async t => {
	const env = await tempEnv();
	const mfa = await headless(['ops', 'mfa-registration'], env);
	t.is(mfa.code, 0);
	t.regex(mfa.stdout, /Microsoft Graph \(delegated\): AuditLog\.Read\.All/);
	t.regex(mfa.stdout, /GDAP role in each customer \(any one\): Reports Reader or Security Reader/);
	const forwarding = await headless(['ops', 'mailbox-forwarding-report'], env);
	t.regex(forwarding.stdout, /Office 365 Exchange Online: Exchange\.Manage/);
	t.regex(forwarding.stdout, /Exchange Administrator or Global Administrator/);
});
