// `tenantdeck login` / `logout`: sign in by device code once; later commands reuse the cache.

import {exitCodes} from '../core/exit-codes.js';
import {openConnection} from '../adapters/connection.js';
import {connectionFlags, parseFlags} from './args.js';
import type {HeadlessIo} from './session.js';

export async function loginCommand(argv: string[], io: HeadlessIo): Promise<number> {
	const {values: flags} = parseFlags(argv, connectionFlags, 'login');
	if (flags.help) {
		io.stdout.write('Usage: tenantdeck login [--sandbox-url <url>]\n\nSigns in by device code and keeps the sign-in in your token cache (mode 0600).\n');
		return exitCodes.ok;
	}
	const connection = await openConnection({sandbox: flags.sandbox, sandboxUrl: flags['sandbox-url'], cloud: flags.cloud, env: io.env, onWarning: text => io.stderr.write(`tenantdeck: ${text}\n`)});
	try {
		const account = await connection.auth.signIn({signal: io.interrupted, onCode: code => io.stderr.write(`${code.message}\n`)});
		io.stderr.write(`Signed in as ${account.username}.\n`);
		return exitCodes.ok;
	} finally {
		await connection.close();
	}
}

export async function logoutCommand(argv: string[], io: HeadlessIo): Promise<number> {
	const {values: flags} = parseFlags(argv, connectionFlags, 'logout');
	if (flags.help) {
		io.stdout.write('Usage: tenantdeck logout [--sandbox-url <url>]\n\nSigns out and deletes the token cache.\n');
		return exitCodes.ok;
	}
	const connection = await openConnection({sandbox: flags.sandbox, sandboxUrl: flags['sandbox-url'], cloud: flags.cloud, env: io.env, onWarning: text => io.stderr.write(`tenantdeck: ${text}\n`)});
	try {
		await connection.auth.signOut();
		io.stderr.write('Signed out; the token cache is deleted.\n');
		return exitCodes.ok;
	} finally {
		await connection.close();
	}
}
