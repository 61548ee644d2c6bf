// What a fresh runspace per tenant costs, side by side in one warm PowerShell process against the
// sandbox with no latency: connect, list mailboxes and disconnect per tenant in the old shared
// runspace and in a fresh one (the product's way), and a custom script's isolated ConstrainedLanguage
// runspace on top. The difference per tenant is the price of isolation.

import {startSandbox} from '../source/sandbox/server.js';
import {exchangeRoute} from '../source/sandbox/exchange.js';
import {createPowerShellPort} from '../source/adapters/powershell/powershell-port.js';
import {createMsalAuth} from '../source/adapters/auth/msal-auth.js';
import {sandboxCloud, sandboxClientId} from '../source/adapters/cloud.js';
import {mailboxesListScript} from '../source/core/operations/mailboxes-list.js';
import {connectInTenant, disconnectScript, importScript, openTenantRunspace, tenantHelpers} from '../source/core/supervisor-scripts.js';
import {isolatedRunFunction, runArguments} from '../source/core/supervisor-isolation.js';
import type {PowerShellSession} from '../source/core/supervisor-ports.js';

// The fresh runspace's connect and run as calls of their own, beside the shared way's: the product folds
// them into one turn (supervisor-turn-script.ts), which would mix the round trips saved into the price.
const connectScript = [tenantHelpers, openTenantRunspace, `Invoke-TdTenant '${connectInTenant.replace(/'/g, "''")}' $Args[0]`].join('\n');
const runScript = [tenantHelpers, 'Invoke-TdTenant $Args[0].script $Args[0].args'].join('\n');
const isolatedRunScript = [tenantHelpers, isolatedRunFunction, 'Invoke-TdIsolated $Args[0]'].join('\n');

// The way before fresh runspaces: everything in the process's one runspace.
const sharedConnect = [
	'$a = $Args[0]',
	'$before = @(Get-ConnectionInformation | ForEach-Object { $_.ConnectionId })',
	'Connect-ExchangeOnline -DelegatedOrganization $a.organization -AccessToken $a.token -ShowBanner:$false -SkipLoadingFormatData -CommandName $a.commands',
	'$new = @(Get-ConnectionInformation | Where-Object { $before -notcontains $_.ConnectionId })',
	'[string]$new[0].ConnectionId',
].join('\n');
const sharedDisconnect = 'Disconnect-ExchangeOnline -ConnectionId $Args[0].connectionId -Confirm:$false';

export async function benchRunspaceCost(options: {tenants?: number; rounds?: number} = {}) {
	const tenantCount = options.tenants ?? 10;
	const rounds = options.rounds ?? 2;
	const sandbox = await startSandbox({tenants: tenantCount, routes: [context => exchangeRoute(context)]});
	const auth = createMsalAuth({cloud: sandboxCloud(sandbox.url), clientId: sandboxClientId});
	let session: PowerShellSession | undefined;
	try {
		await auth.signIn({onCode: () => {}});
		const tenants = sandbox.context.world.customers;
		const tokens = new Map(await Promise.all(tenants.map(async tenant => [tenant.tenantId, await auth.token('exchange', tenant.tenantId)] as const)));
		session = await createPowerShellPort({sandboxUrl: sandbox.url}).start();
		const call = {timeoutMs: 60_000};
		await session.invoke(importScript, {}, call);
		const ways = {
			shared: async (tenantId: string) => {
				const opened = await session!.invoke(sharedConnect, {organization: tenantId, token: tokens.get(tenantId), commands: ['Get-Mailbox']}, call);
				await session!.invoke(mailboxesListScript, {}, call);
				await session!.invoke(sharedDisconnect, {connectionId: opened.data.at(-1)}, call);
			},
			fresh: async (tenantId: string, isolated = false) => {
				const opened = await session!.invoke(connectScript, {organization: tenantId, token: tokens.get(tenantId), commands: ['Get-Mailbox']}, call);
				await session!.invoke(isolated ? isolatedRunScript : runScript, runArguments({script: mailboxesListScript, args: {}, commands: ['Get-Mailbox']}), {...call, onRecord: () => {}});
				await session!.invoke(disconnectScript, {connectionId: opened.data.at(-1)}, call);
			},
		};
		const totals = {shared: 0, fresh: 0, isolated: 0};
		// Interleaved rounds, after one warm-up each, so machine load falls on every way alike.
		for (const tenant of tenants.slice(0, 1)) {
			await ways.shared(tenant.tenantId);
			await ways.fresh(tenant.tenantId);
			await ways.fresh(tenant.tenantId, true);
		}
		for (let round = 0; round < rounds; round++) {
			for (const tenant of tenants) {
				let started = performance.now();
				await ways.shared(tenant.tenantId);
				totals.shared += performance.now() - started;
				started = performance.now();
				await ways.fresh(tenant.tenantId);
				totals.fresh += performance.now() - started;
				started = performance.now();
				await ways.fresh(tenant.tenantId, true);
				totals.isolated += performance.now() - started;
			}
		}
		const per = (total: number) => total / (tenantCount * rounds);
		console.log(`runspace per tenant: ${tenantCount} tenants × ${rounds} rounds, one warm process, no sandbox latency (connect + Get-Mailbox + disconnect)`);
		console.log(`  shared runspace ${per(totals.shared).toFixed(0)} ms/tenant; fresh runspace ${per(totals.fresh).toFixed(0)} ms/tenant (+${(per(totals.fresh) - per(totals.shared)).toFixed(0)} ms); custom script isolated ${per(totals.isolated).toFixed(0)} ms/tenant (+${(per(totals.isolated) - per(totals.fresh)).toFixed(0)} ms over fresh)`);
		return {sharedMs: per(totals.shared), freshMs: per(totals.fresh), isolatedMs: per(totals.isolated)};
	} finally {
		await session?.kill();
		await sandbox.stop();
	}
}
