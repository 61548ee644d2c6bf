// `tenantdeck login` / `logout`: sign in by device code once; later commands reuse the cache.

import {exitCodes} from '../core/exit-codes.js';
import {openConnection} from '../adapters/connection.js';
import type {VerbArgs} from './args.js';
import type {HeadlessIo} from './session.js';

export async function loginCommand({values: flags}: VerbArgs<'login'>, io: HeadlessIo): Promise<number> {
	const connection = await openConnection({sandbox: flags.sandbox, sandboxUrl: flags['sandbox-url'], env: io.env, onWarning: text => io.stderr.write(`tenantdeck: ${text}\n`)});
	try {
		const account = await connection.auth.signIn({signal: io.interrupted, onCode: code => io.stderr.write(`${code.message}\n`)});
		io.stderr.write(`Signed in as ${account.username}.\n`);
		return exitCodes.ok;
	} finally {
		await connection.close();
	}
}

export async function logoutCommand({values: flags}: VerbArgs<'logout'>, io: HeadlessIo): Promise<number> {
	const connection = await openConnection({sandbox: flags.sandbox, sandboxUrl: flags['sandbox-url'], env: io.env, onWarning: text => io.stderr.write(`tenantdeck: ${text}\n`)});
	try {
		await connection.auth.signOut();
		io.stderr.write('Signed out; the token cache is deleted.\n');
		return exitCodes.ok;
	} finally {
		await connection.close();
	}
}
