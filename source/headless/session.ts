// What every headless command does first: open the connection and make sure someone is signed in,
// printing the device code to stderr when a sign-in is needed, or, for a real cloud with no terminal
// to show it on (cron), stopping at once with exit 4.

import type {Account} from '../core/ports.js';
import type {Tenant} from '../core/tenant.js';
import {resolveTenants} from '../core/tenant-match.js';
import {openConnection, type Connection} from '../adapters/connection.js';
import {loadGroups} from '../adapters/groups.js';
import {loadTenants} from '../adapters/tenant-cache.js';
import type {ProfileFile} from '../adapters/profile.js';
import {registerCleanup} from '../core/teardown.js';
import {TenantdeckError} from '../core/errors.js';

import type {Writable} from 'node:stream';

export type HeadlessIo = {
	stdout: Writable;
	stderr: Writable;
	env: NodeJS.ProcessEnv;
	/** Aborted when the user presses Ctrl+C or the process gets a signal. */
	interrupted: AbortSignal;
};

export async function signedInSession(flags: {sandbox?: boolean; 'sandbox-url'?: string; cloud?: string; quiet?: boolean; maxSessions?: number; callTimeoutMs?: number; warmExchange?: {tenants: number | undefined}; profile?: ProfileFile}, io: HeadlessIo): Promise<{connection: Connection; account: Account; close: () => Promise<void>}> {
	const connection = await openConnection({
		sandbox: flags.sandbox,
		sandboxUrl: flags['sandbox-url'],
		cloud: flags.cloud,
		env: io.env,
		maxSessions: flags.maxSessions,
		callTimeoutMs: flags.callTimeoutMs,
		profile: flags.profile,
		// What a killed tenantdeck left open is closed at this start: say so even with --quiet.
		onNotice: line => io.stderr.write(`tenantdeck: ${line}\n`),
		onWarning: text => io.stderr.write(`tenantdeck: ${text}\n`),
	});
	// A signal or a crash ends the process through teardown: Exchange connections and PowerShell go first.
	const forget = registerCleanup(() => connection.close());
	const close = () => connection.close().finally(forget);
	// The embedded practice cloud approves its own device code, so there is nothing to tell.
	const silent = flags.sandbox && !flags['sandbox-url'];
	try {
		const cached = await connection.auth.account();
		// A code nobody sees cannot be approved: without a terminal (cron, a service, stderr to a file)
		// a real cloud's sign-in would only wait until the code expires. A practice cloud may approve
		// its own codes (the sandbox's knobs), so it is let through.
		if (!cached && !flags.sandbox && !flags['sandbox-url'] && !(io.stderr as Partial<NodeJS.WriteStream>).isTTY) {
			throw new TenantdeckError('auth', 'Not signed in, and there is no terminal to show a sign-in code on.', {hint: 'Run `tenantdeck login` once in a terminal; later runs, from cron or scripts too, reuse that sign-in.'});
		}
		// PowerShell takes a while to start and import the module: let it do that during sign-in. The
		// number of tenants named (undefined for "all" and groups) decides how many processes.
		if (flags.warmExchange) connection.supervisor.warm(flags.warmExchange.tenants);
		const account = cached ?? (await signIn());
		// What a killed tenantdeck left open is closed now, before this run needs the slots.
		if (flags.warmExchange) await connection.supervisor.closeLeftovers();
		return {connection, account, close};
	} catch (error) {
		await close();
		throw error;
	}

	function signIn(): Promise<Account> {
		return connection.auth.signIn({
			signal: io.interrupted,
			onCode: code => {
				if (!silent || !flags.quiet) io.stderr.write(silent ? `Practice cloud: signing in with code ${code.userCode} (approved automatically).\n` : `${code.message}\n`);
			},
		});
	}
}

/**
 * The customer list and the tenants a --tenants value picks from it. groups.json is read only when a
 * group is named (a broken one must not stop "all"), and first: a broken one ends the command before
 * the list is fetched, not while its lookups retry against a connection already closed (23 s after
 * the error line, as measured).
 */
export async function selectTenants(connection: Connection, account: Account, tenantsFlag: string, io: HeadlessIo): Promise<{all: Tenant[]; selected: Tenant[]}> {
	const groups = tenantsFlag.includes('@') ? await loadGroups(connection.folders.config) : {};
	const all = await loadTenants(connection, account, {signal: io.interrupted, onWarning: text => io.stderr.write(`tenantdeck: ${text}\n`)});
	return {all, selected: resolveTenants(all, tenantsFlag, groups)};
}
