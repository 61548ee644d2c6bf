// Flag parsing for the headless commands: node's parseArgs, with every mistake turned into one
// clear usage line.

import {parseArgs, type ParseArgsConfig} from 'node:util';
import {TenantdeckError} from '../core/errors.js';

export const connectionFlags = {
	sandbox: {type: 'boolean'},
	'sandbox-url': {type: 'string'},
	cloud: {type: 'string'},
	help: {type: 'boolean', short: 'h'},
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export function parseFlags<const Options extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: Options, command: string) {
	try {
		return parseArgs({args: argv, options, strict: true, allowPositionals: false});
	} catch (error) {
		const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '.').replace(/^Unknown option '([^']+)'.*$/s, 'Unknown flag $1.');
		throw new TenantdeckError('invalid', `${command}: ${message}`, {hint: `See "tenantdeck ${command} --help".`});
	}
}
