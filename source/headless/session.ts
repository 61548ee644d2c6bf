// What every headless command does first: open the connection and make sure someone is signed in,
// printing the device code to stderr when a sign-in is needed.

import type {Account} from '../core/ports.js';
import {openConnection, type Connection} from '../adapters/connection.js';

import type {Writable} from 'node:stream';

export type HeadlessIo = {
	stdout: Writable;
	stderr: Writable;
	env: NodeJS.ProcessEnv;
	/** Aborted when the user presses Ctrl+C or the process gets a signal. */
	interrupted: AbortSignal;
};

export async function signedInSession(flags: {sandbox?: boolean; 'sandbox-url'?: string}, io: HeadlessIo): Promise<{connection: Connection; account: Account}> {
	const connection = await openConnection({sandbox: flags.sandbox, sandboxUrl: flags['sandbox-url'], env: io.env});
	try {
		const account = (await connection.auth.account()) ?? (await connection.auth.signIn({
			signal: io.interrupted,
			onCode: code => io.stderr.write(`${code.message}\n`),
		}));
		return {connection, account};
	} catch (error) {
		await connection.close();
		throw error;
	}
}
