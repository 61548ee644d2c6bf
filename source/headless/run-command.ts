// `tenantdeck run`: one operation over many tenants, no screen. Progress on stderr, data on
// stdout or --output, and an exit code that says whether every tenant succeeded.

import {createWriteStream} from 'node:fs';
import {join} from 'node:path';
import {builtInOperations, findOperation} from '../core/catalog.js';
import {TenantdeckError} from '../core/errors.js';
import {exitCodes} from '../core/exit-codes.js';
import {parseParamPairs, validateParams} from '../core/params.js';
import {startRun} from '../core/runner.js';
import {resolveTenants} from '../core/tenant-match.js';
import {createRunFolder} from '../adapters/run-folder.js';
import {exportFormats, exportRows, type ExportFormat} from '../adapters/exporter.js';
import {loadGroups} from '../adapters/groups.js';
import {loadTenants} from '../adapters/tenant-cache.js';
import {connectionFlags, parseFlags} from './args.js';
import {progressPrinter} from './progress.js';
import {signedInSession, type HeadlessIo} from './session.js';

export const runHelp = `Usage: tenantdeck run --op <id> --tenants <list|all|@group> [options]

Runs one operation across customer tenants. Progress goes to stderr, rows to stdout.

  --op <id>              operation to run (see "tenantdeck ops")
  --tenants <list>       comma-separated domains, tenant ids or names; "all"; or @group
  --param name=value     an operation parameter (repeatable)
  --format <f>           table (default), json or csv
  --output <file>        write rows to a file instead of stdout
  --concurrency <n>      tenants worked on at once (default 16 for Graph)
  --quiet                no progress lines
  --sandbox              run against the embedded practice cloud
  --sandbox-url <url>    run against a sandbox started with "tenantdeck sandbox"

Exit codes: 0 all tenants succeeded, 3 some failed, 2 usage error, 4 sign-in problem.
`;

export async function runCommand(argv: string[], io: HeadlessIo): Promise<number> {
	const {values: flags} = parseFlags(argv, {
		...connectionFlags,
		op: {type: 'string'},
		tenants: {type: 'string'},
		param: {type: 'string', multiple: true},
		format: {type: 'string'},
		output: {type: 'string'},
		concurrency: {type: 'string'},
		quiet: {type: 'boolean'},
	}, 'run');
	if (flags.help) {
		io.stdout.write(runHelp);
		return exitCodes.ok;
	}
	if (!flags.op) throw new TenantdeckError('invalid', 'run: --op is required.', {hint: 'Run "tenantdeck ops" to see the operations.'});
	if (!flags.tenants) throw new TenantdeckError('invalid', 'run: --tenants is required.', {hint: 'Use --tenants all, a comma-separated list, or @group.'});
	const operation = findOperation(builtInOperations, flags.op);
	const params = validateParams(operation, parseParamPairs(flags.param ?? []));
	const format = checkFormat(flags.format ?? 'table');
	const concurrency = checkConcurrency(flags.concurrency, operation.backend === 'graph' ? 16 : 3);

	const {connection, account} = await signedInSession(flags, io);
	try {
		const [all, groups] = await Promise.all([loadTenants(connection, account, {signal: io.interrupted}), loadGroups(connection.folders.config)]);
		const tenants = resolveTenants(all, flags.tenants, groups);
		const folder = await createRunFolder(join(connection.folders.state, 'runs'), operation.id, params, tenants);
		const log = (line: string) => io.stderr.write(`${line}\n`);
		if (!flags.quiet) log(`Running ${operation.id} on ${tenants.length} tenant${tenants.length === 1 ? '' : 's'} as ${account.username}; rows are saved in ${folder.path}`);
		const run = startRun({
			operation, params, tenants, concurrency,
			graph: connection.graph, exchange: connection.exchange, sink: folder.sink,
			onEvent: flags.quiet ? undefined : progressPrinter(tenants.length, log),
		});
		const cancel = () => run.cancel({abortRunning: true});
		io.interrupted.addEventListener('abort', cancel, {once: true});
		const summary = await run.done;
		io.interrupted.removeEventListener('abort', cancel);

		const out = flags.output ? createWriteStream(flags.output) : io.stdout;
		const width = (io.stdout as {columns?: number}).columns;
		await exportRows(folder.rowsPath, operation.columns, format, out, width);
		if (flags.output) {
			await new Promise<void>((resolve, reject) => (out as ReturnType<typeof createWriteStream>).end((error?: Error | null) => (error ? reject(error) : resolve())));
			if (!flags.quiet) log(`Wrote ${summary.rows} rows to ${flags.output}`);
		}
		if (io.interrupted.aborted) return exitCodes.interrupted;
		return summary.failed + summary.cancelled > 0 ? exitCodes.someTenantsFailed : exitCodes.ok;
	} finally {
		await connection.close();
	}
}

function checkFormat(format: string): ExportFormat {
	if ((exportFormats as readonly string[]).includes(format)) return format as ExportFormat;
	throw new TenantdeckError('invalid', `run: unknown --format "${format}".`, {hint: `Use one of: ${exportFormats.join(', ')}.`});
}

function checkConcurrency(text: string | undefined, fallback: number): number {
	if (text === undefined) return fallback;
	const value = Number(text);
	if (Number.isInteger(value) && value >= 1 && value <= 256) return value;
	throw new TenantdeckError('invalid', `run: --concurrency must be a whole number from 1 to 256, not "${text}".`);
}
