// What a process's first tenant costs against its later ones: one process, one slot, tenants one
// after another against a sandbox that answers at once, so the time and the PowerShell CPU of each
// turn are the client's own. The supervisor is warmed before the clock, as the console and headless
// runs do; a warm-up that works makes the first turn cost about what the others do.
// `node --import=tsx bench/exchange-cold-turn.ts [tenants]` (without the warm-up, then with it).

import os from 'node:os';
import {startSandbox} from '../source/sandbox/server.js';
import {exchangeRoute} from '../source/sandbox/exchange.js';
import {createPowerShellPort} from '../source/adapters/powershell/powershell-port.js';
import {createMsalAuth} from '../source/adapters/auth/msal-auth.js';
import {sandboxCloud, sandboxClientId} from '../source/adapters/cloud.js';
import {Supervisor} from '../source/core/supervisor.js';
import {listMailboxes} from '../source/core/operations/mailboxes-list.js';
import {cpuBetween, cpuMark} from './process-cpu.js';

export async function benchColdTurn(tenantCount = 6, warmUp = true) {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0, tenants: tenantCount, exchangeConnectMs: Number(process.env.CONNECT_MS ?? 0), exchangeCmdletMs: Number(process.env.CMDLET_MS ?? 0), routes: [context => exchangeRoute(context)]});
	try {
		const auth = createMsalAuth({cloud: sandboxCloud(sandbox.url), clientId: sandboxClientId});
		await auth.signIn({onCode: () => {}});
		const tenants = sandbox.context.world.customers.map(customer => ({tenantId: customer.tenantId, tenantDomain: customer.defaultDomain, tenantName: customer.name, source: 'gdap' as const}));
		const supervisor = new Supervisor({powershell: createPowerShellPort({sandboxUrl: sandbox.url}), auth, maxConnections: 1, spares: 0, warmUp});
		const warmStarted = performance.now();
		supervisor.warm();
		await new Promise<void>(resolve => {
			const stop = supervisor.onStatus(status => {
				if (status.idle < 1) return;
				stop();
				resolve();
			});
		});
		const warmMs = performance.now() - warmStarted;
		// Tokens fetched before the clock: the turns alone are measured.
		for (const tenant of tenants) await auth.token('exchange', tenant.tenantId, {minValidityMs: 3_600_000});
		const turns: Array<{ms: number; cpuMs: number}> = [];
		for (const tenant of tenants) {
			const start = cpuMark(supervisor.pids());
			const began = performance.now();
			await listMailboxes(supervisor, tenant, {});
			const ms = performance.now() - began;
			// The process retires the runspace and makes the next one after answering: let it, so each
			// turn's CPU is its own.
			await new Promise(resolve => setTimeout(resolve, 400));
			turns.push({ms, cpuMs: cpuBetween(start, cpuMark(supervisor.pids())).childrenMs});
		}
		await supervisor.shutdown();
		const rest = turns.slice(1);
		const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
		console.log(`warm-up ${warmUp ? 'on' : 'off'}: warm (start + import + warm-up) ${warmMs.toFixed(0)} ms; load ${os.loadavg()[0]!.toFixed(1)}`);
		console.log(`  first turn: ${turns[0]!.ms.toFixed(0)} ms, PowerShell CPU ${turns[0]!.cpuMs.toFixed(0)} ms`);
		console.log(`  later turns (median of ${rest.length}): ${median(rest.map(turn => turn.ms)).toFixed(0)} ms, PowerShell CPU ${median(rest.map(turn => turn.cpuMs)).toFixed(0)} ms`);
	} finally {
		await sandbox.stop();
	}
}

/** Without the warm-up, then with it, side by side in one run: the machine's load is the same for both. */
export async function benchColdTurnSideBySide(tenants = 6) {
	await benchColdTurn(tenants, false);
	await benchColdTurn(tenants, true);
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const [tenants] = process.argv.slice(2).map(Number);
	await benchColdTurnSideBySide(tenants || 6);
}
