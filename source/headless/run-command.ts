// `tenantdeck run`: one operation over many tenants, no screen. Progress on stderr, data on
// stdout or --output, and an exit code that says whether every tenant succeeded.

import {createWriteStream} from 'node:fs';
import {readFile, writeFile} from 'node:fs/promises';
import {dirname, join, resolve} from 'node:path';
import {findOperation} from '../core/catalog.js';
import type {AnyOperation} from '../core/operation.js';
import {describeError, TenantdeckError} from '../core/errors.js';
import {exitCodes} from '../core/exit-codes.js';
import {parseParamPairs, validateParams} from '../core/params.js';
import {formatRunbook, parseRunbook} from '../core/runbook.js';
import {startRun} from '../core/runner.js';
import {resolveTenants} from '../core/tenant-match.js';
import {registerCleanup} from '../core/teardown.js';
import {settleWithin} from '../core/settle-within.js';
import {auditLogPath, createAuditLog} from '../adapters/audit-log.js';
import {createRunFolder} from '../adapters/run-folder.js';
import {endStream} from '../adapters/write-chunk.js';
import {isStorageError, storageError} from '../adapters/storage-error.js';
import {exportFormats, exportRows, type ExportFormat, type ExportSource} from '../adapters/exporter.js';
import {loadGroups} from '../adapters/groups.js';
import {loadCatalog} from '../adapters/custom-operations.js';
import {userFolders} from '../adapters/paths.js';
import {loadTenants} from '../adapters/tenant-cache.js';
import {connectionFlags, parseFlags} from './args.js';
import {progressPrinter} from './progress.js';
import {signedInSession, type HeadlessIo} from './session.js';

export const runHelp = `Usage: tenantdeck run --op <id> --tenants <list|all|@group> [options]
       tenantdeck run --runbook <file> [options]

Runs one operation across customer tenants. Progress goes to stderr, rows to stdout.

  --op <id>              operation to run (see "tenantdeck ops")
  --tenants <list>       comma-separated domains, tenant ids or names; "all"; or @group
  --param name=value     an operation parameter (repeatable)
  --format <f>           ${exportFormats.join(', ')} (default table)
  --output <file>        write rows to a file instead of stdout
  --concurrency <n>      tenants worked on at once (Graph; default 16)
  --max-sessions <n>     Exchange connections at once (default 3, the service's limit)
  --dry-run              for operations that change data: show before → after, change nothing
  --yes                  confirm an operation that changes data (required without --dry-run)
  --runbook <file>       replay a saved tenant set, operation and parameters
  --save-runbook <file>  save this run's tenants, operation and parameters for later
  --ops-dir <dir>        also load custom operations (.ps1) from this folder
  --quiet                no progress lines
  --sandbox              run against the embedded practice cloud
  --sandbox-url <url>    run against a sandbox started with "tenantdeck sandbox"
  --cloud <name>         public (default, also GCC), usgov (GCC High), dod or china

Exit codes: 0 all tenants succeeded, 3 some failed, 2 usage error, 4 sign-in problem (also
when the sign-in is revoked mid-run: no further tenants are started).
`;

const runFlags = {
	...connectionFlags,
	op: {type: 'string'},
	tenants: {type: 'string'},
	param: {type: 'string', multiple: true},
	format: {type: 'string'},
	output: {type: 'string'},
	concurrency: {type: 'string'},
	'max-sessions': {type: 'string'},
	'dry-run': {type: 'boolean'},
	yes: {type: 'boolean'},
	runbook: {type: 'string'},
	'save-runbook': {type: 'string'},
	'ops-dir': {type: 'string'},
	quiet: {type: 'boolean'},
} as const;

export async function runCommand(argv: string[], io: HeadlessIo): Promise<number> {
	const {values: flags} = parseFlags(argv, runFlags, 'run');
	if (flags.help) {
		io.stdout.write(runHelp);
		return exitCodes.ok;
	}
	// Custom operations join the built-ins; a broken file is reported and the rest still loads.
	const catalog = await loadCatalog({configFolder: userFolders(io.env).config, opsDir: flags['ops-dir']});
	if (!flags.quiet) for (const problem of catalog.problems) io.stderr.write(`${problem}\n`);
	const plan = await planRun(flags, catalog.operations);
	const {operation, params, format} = plan;

	const {connection, account, close} = await signedInSession({...flags, maxSessions: plan.maxSessions, warmExchange: plan.operation.backend === 'exchange'}, io);
	try {
		// groups.json is read only when a group is named: a broken one must not stop "--tenants all".
		const [all, groups] = await Promise.all([loadTenants(connection, account, {signal: io.interrupted, onWarning: text => io.stderr.write(`tenantdeck: ${text}\n`)}), plan.tenants.includes('@') ? loadGroups(connection.folders.config) : {}]);
		const tenants = resolveTenants(all, plan.tenants, groups);
		if (operation.risk === 'write' && !flags['dry-run'] && !flags.yes) {
			throw new TenantdeckError('invalid', `${operation.id} changes data in ${tenants.length} tenant${tenants.length === 1 ? '' : 's'}; add --yes to confirm.`, {hint: 'Run it with --dry-run first to see exactly what would change.'});
		}
		if (flags['save-runbook']) {
			const runbookPath = flags['save-runbook'];
			await writeFile(runbookPath, formatRunbook({operation: operation.id, tenants: tenants.map(tenant => tenant.tenantDomain), params: plan.rawParams})).catch(error => {
				throw isStorageError(error) ? storageError(error, dirname(resolve(runbookPath))) : error;
			});
		}
		const log = (line: string) => io.stderr.write(`${line}\n`);
		// A full or read-only disk mid-run: one line naming the folder, no new tenants, running ones finish.
		let storageFailure: TenantdeckError | undefined;
		const onStorageFailure = (error: TenantdeckError) => {
			if (storageFailure) return;
			storageFailure = error;
			log(`tenantdeck: ${describeError(error)} No new tenants are started; those running finish.`);
			run.cancel();
		};
		const folder = await createRunFolder(join(connection.folders.state, 'runs'), operation.id, params, tenants, {onStorageFailure});
		if (!flags.quiet) log(`${flags['dry-run'] ? 'Dry run of' : 'Running'} ${operation.id} on ${tenants.length} tenant${tenants.length === 1 ? '' : 's'} as ${account.username}; rows are saved in ${folder.path}`);
		const run = startRun({
			operation, params, tenants, concurrency: plan.concurrency,
			graph: connection.graph, exchange: connection.exchange, sink: folder.sink,
			dryRun: flags['dry-run'],
			prepare: operation.backend === 'graph' ? tenant => connection.auth.token('graph', tenant.tenantId) : undefined,
			audit: createAuditLog(auditLogPath(connection.folders.state), account.username, {runFolder: folder.path, onStorageFailure}),
			onEvent: flags.quiet ? undefined : progressPrinter(tenants.length, log),
		});
		const cancel = () => run.cancel({abortRunning: true});
		io.interrupted.addEventListener('abort', cancel, {once: true});
		let written: Promise<void> | undefined;
		const output = () => (written ??= writeOutput({...folder, title: `${operation.title} — ${tenants.length} tenants`}, operation.columns, format, flags.output, io));
		// On a signal, teardown exits once cleanups end: this one (newest, so first) closes the
		// Exchange sessions, lets the run settle briefly and writes what finished, so Ctrl+C keeps it.
		const forgetOutput = registerCleanup(async () => {
			cancel();
			await connection.supervisor.shutdown();
			await settleWithin(run.done, 500);
			await output();
		});
		const summary = await run.done;
		forgetOutput();
		io.interrupted.removeEventListener('abort', cancel);

		await output();
		if (flags.output && !flags.quiet) log(`Wrote ${summary.rows} rows to ${flags.output}`);
		if (io.interrupted.aborted) return exitCodes.interrupted;
		if (storageFailure) return exitCodes.storage;
		if (summary.signInLost) {
			const notStarted = summary.outcomes.filter(outcome => outcome.status === 'cancelled').length;
			log(`tenantdeck: ${summary.signInLost.message} ${notStarted} tenant${notStarted === 1 ? ' was' : 's were'} not started. ${summary.signInLost.hint ?? 'Run "tenantdeck login".'}`);
			return exitCodes.signIn;
		}
		return summary.failed + summary.cancelled > 0 ? exitCodes.someTenantsFailed : exitCodes.ok;
	} finally {
		await close();
	}
}

type RunFlags = ReturnType<typeof parseFlags<typeof runFlags>>['values'];

/** Everything that can be checked before signing in, so usage errors are instant. */
async function planRun(flags: RunFlags, operations: readonly AnyOperation[]) {
	const runbook = flags.runbook ? parseRunbook(await readRunbook(flags.runbook), flags.runbook) : undefined;
	const opId = flags.op ?? runbook?.operation;
	const tenants = flags.tenants ?? runbook?.tenants.join(',');
	if (!opId) throw new TenantdeckError('invalid', 'run: --op is required.', {hint: 'Run "tenantdeck ops" to see the operations.'});
	if (!tenants) throw new TenantdeckError('invalid', 'run: --tenants is required.', {hint: 'Use --tenants all, a comma-separated list, or @group.'});
	const operation = findOperation(operations, opId);
	const rawParams = {...runbook?.params, ...parseParamPairs(flags.param ?? [])};
	const params = validateParams(operation, rawParams);
	const format = checkFormat(flags.format ?? 'table');
	const maxSessions = checkCount('--max-sessions', flags['max-sessions'], 3, 20);
	// Exchange tenants wait for a connection anyway; more in flight would only show them as "connecting".
	const concurrency = operation.backend === 'graph' ? checkCount('--concurrency', flags.concurrency, 16, 256) : maxSessions;
	return {operation, params, rawParams, tenants, format, concurrency, maxSessions};
}

async function readRunbook(file: string): Promise<string> {
	try {
		return await readFile(file, 'utf8');
	} catch (error) {
		throw new TenantdeckError('invalid', `Cannot read runbook ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
	}
}

async function writeOutput(exported: ExportSource, columns: readonly string[], format: ExportFormat, output: string | undefined, io: HeadlessIo): Promise<void> {
	const source = {...exported, onSkipped: (text: string) => io.stderr.write(`tenantdeck: ${text}\n`)};
	if (!output) {
		await exportRows(source, columns, format, io.stdout, (io.stdout as {columns?: number}).columns);
		return;
	}
	const file = createWriteStream(output);
	try {
		await exportRows(source, columns, format, file);
		await endStream(file);
	} catch (error) {
		file.destroy();
		throw isStorageError(error) ? storageError(error, dirname(resolve(output))) : error;
	}
}

function checkFormat(format: string): ExportFormat {
	if ((exportFormats as readonly string[]).includes(format)) return format as ExportFormat;
	throw new TenantdeckError('invalid', `run: unknown --format "${format}".`, {hint: `Use one of: ${exportFormats.join(', ')}.`});
}

function checkCount(flag: string, text: string | undefined, fallback: number, max: number): number {
	if (text === undefined) return fallback;
	const value = Number(text);
	if (Number.isInteger(value) && value >= 1 && value <= max) return value;
	throw new TenantdeckError('invalid', `run: ${flag} must be a whole number from 1 to ${max}, not "${text}".`);
}
