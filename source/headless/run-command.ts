// `tenantdeck run`: one operation over many tenants, no screen. Progress on stderr, data on
// stdout or --output, and an exit code that says whether every tenant succeeded.

import {createWriteStream} from 'node:fs';
import {readFile, rm} from 'node:fs/promises';
import {extname} from 'node:path';
import {findOperation} from '../core/catalog.js';
import type {AnyOperation} from '../core/operation.js';
import {asTenantdeckError, describeError, TenantdeckError} from '../core/errors.js';
import {settleWithin} from '../core/settle-within.js';
import {exitCodes} from '../core/exit-codes.js';
import {parseParamPairs, validateParams} from '../core/params.js';
import {parseRunbook} from '../core/runbook.js';
import {launchRun, resolveRunSettings, type RunSettings} from '../core/launch-run.js';
import {mostTenantsNamed} from '../core/tenant-match.js';
import {registerCleanup} from '../core/teardown.js';
import {readProfile, settingsOf} from '../adapters/profile.js';
import {runPorts} from '../adapters/run-ports.js';
import {auditLogPath} from '../adapters/audit-log.js';
import {counted, paramsFor, planSummary} from '../core/write-targets.js';
import {checkWriteTargets} from './write-check.js';
import {countingAudit} from '../core/audit-count.js';
import {writeRunbook} from '../adapters/runbook-file.js';
import {endStream, streamFailure, watch} from '../adapters/write-chunk.js';
import {isStorageError, outputError} from '../adapters/storage-error.js';
import {exportFormats, exportRows, type ExportFormat, type ExportSource} from '../adapters/exporter.js';
import {loadCatalog} from '../adapters/custom-operations.js';
import {userFolders} from '../adapters/paths.js';
import {outputPathProblem} from '../adapters/output-path.js';
import {usageError, type VerbArgs} from './args.js';
import {progressPrinter} from './progress.js';
import {selectTenants, signedInSession, type HeadlessIo} from './session.js';

export async function runCommand({values: flags}: VerbArgs<'run'>, io: HeadlessIo): Promise<number> {
	// Custom operations join the built-ins; a broken file is reported and the rest still loads.
	const catalog = await loadCatalog({configFolder: userFolders(io.env).config, opsDir: flags['ops-dir']});
	if (!flags.quiet) for (const problem of catalog.problems) io.stderr.write(`${problem}\n`);
	// profile.json is read once: its run settings here, its client id when the connection opens.
	const profile = await readProfile(userFolders(io.env).config, io.env);
	const plan = await planRun(flags, catalog.operations, settingsOf(profile));
	const {operation, params, format} = plan;

	// A write without --yes or --dry-run is refused once its targets are known: it never needs PowerShell.
	const refusedWrite = operation.risk === 'write' && !flags['dry-run'] && !flags.yes;
	const {connection, account, close} = await signedInSession({...flags, profile, maxSessions: plan.settings.maxSessions, callTimeoutMs: plan.settings.exchangeTimeoutSec * 1000, warmExchange: operation.backend === 'exchange' && !refusedWrite ? {tenants: mostTenantsNamed(plan.tenants)} : undefined}, io);
	try {
		const {all, selected} = await selectTenants(connection, account, plan.tenants, io);
		const log = (line: string) => io.stderr.write(`${line}\n`);
		// A write's targets are matched to tenants before anything runs; it runs only where they are.
		const writePlan = operation.risk === 'write'
			? await checkWriteTargets({operation, params, selected, known: all, graph: connection.graph, signal: io.interrupted, dropUnmatched: Boolean(flags['drop-unmatched']), log})
			: undefined;
		const tenants = writePlan?.tenants ?? selected;
		if (refusedWrite) {
			throw new TenantdeckError('invalid', `${operation.id} changes data in ${writePlan ? planSummary(writePlan) : `${tenants.length} tenants`}; add --yes to confirm.`, {hint: 'Run it with --dry-run first to see exactly what would change.'});
		}
		// "all" or a group left the count open at sign-in, when processes began to warm: now that it is
		// known, a run of few tenants starts no more processes than it can use, and no spare.
		if (operation.backend === 'exchange') connection.supervisor.warm(tenants.length);
		if (flags['save-runbook']) await writeRunbook(flags['save-runbook'], {operation: operation.id, tenants: selected.map(tenant => tenant.tenantDomain), params: plan.rawParams});
		// Changes the audit log took in this run, so the last line says where they are (or that there are none).
		const audited = countingAudit(runPorts(connection, connection.folders.state, account.username));
		// A full or read-only disk mid-run: one line naming the folder, no new tenants, running ones finish.
		let storageFailure: TenantdeckError | undefined;
		// Until the run exists a storage failure is remembered; the run is stopped as soon as it does.
		let stopNewTenants: () => void = () => {};
		const onStorageFailure = (error: Error) => {
			if (storageFailure) return;
			storageFailure = asTenantdeckError(error);
			log(`tenantdeck: ${describeError(error)} No new tenants are started; those running finish.`);
			stopNewTenants();
		};
		const {folder, handle: run} = await launchRun(audited.ports, {
			operation, params, tenants, dryRun: Boolean(flags['dry-run']), settings: plan.settings, onStorageFailure,
			paramsFor: writePlan ? tenant => paramsFor(writePlan, params, tenant) : undefined,
			onFolder: folder => {
				if (!flags.quiet) log(`${flags['dry-run'] ? 'Dry run of' : 'Running'} ${operation.id} on ${tenants.length} tenant${tenants.length === 1 ? '' : 's'} as ${account.username}; rows are saved in ${folder.path}`);
			},
			onEvent: flags.quiet ? undefined : progressPrinter(tenants.length, log),
		});
		stopNewTenants = () => run.cancel();
		if (storageFailure) run.cancel();
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
		if (flags.output && !flags.quiet) log(`Wrote ${counted(summary.rows, 'row')} to ${flags.output}`);
		if (operation.risk === 'write' && !flags['dry-run'] && !flags.quiet) {
			const path = auditLogPath(connection.folders.state);
			log(audited.count() > 0 ? `Changes recorded in ${path} (${audited.count()} change${audited.count() === 1 ? '' : 's'})` : `Nothing was changed, so nothing was added to the audit log (${path})`);
		}
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

type RunFlags = VerbArgs<'run'>['values'];

/** Everything that can be checked before signing in, so usage errors are instant. */
async function planRun(flags: RunFlags, operations: readonly AnyOperation[], profile: RunSettings) {
	const runbook = flags.runbook ? parseRunbook(await readRunbook(flags.runbook), flags.runbook) : undefined;
	const opId = flags.op ?? runbook?.operation;
	const tenants = flags.tenants ?? runbook?.tenants.join(',');
	if (!opId) throw usageError('run', '--op is required.', 'Run "tenantdeck ops" to see the operations. ');
	if (!tenants) throw usageError('run', '--tenants is required.', 'Use --tenants all, a comma-separated list, or @group. ');
	const operation = findOperation(operations, opId);
	const rawParams = {...runbook?.params, ...parseParamPairs(flags.param ?? [])};
	const params = validateParams(operation, rawParams);
	const format = checkFormat(flags.format ?? formatOfFile(flags.output) ?? 'table');
	const outputProblem = flags.output === undefined ? undefined : await outputPathProblem(flags.output);
	if (outputProblem) throw usageError('run', outputProblem);
	const settings = resolveRunSettings({concurrency: count(flags.concurrency), maxSessions: count(flags['max-sessions']), exchangeTimeoutSec: count(flags.timeout)}, profile);
	return {operation, params, rawParams, tenants, format, settings};
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
		try {
			await exportRows(source, columns, format, io.stdout, (io.stdout as {columns?: number}).columns);
		} catch (error) {
			// The reader went away (`| head`): the rest is not wanted, and the run's exit code still stands.
			if ((error as NodeJS.ErrnoException).code === 'EPIPE') return;
			throw isStorageError(error) ? outputError(error, 'to standard output') : error;
		}
		return;
	}
	const file = watch(createWriteStream(output));
	try {
		await exportRows(source, columns, format, file);
		await endStream(file);
	} catch (error) {
		file.destroy();
		// The file's own failure (a full disk, or a path the check before sign-in could not judge,
		// such as /proc/x.csv) is said as the output's; anything else (reading the rows) as it is.
		const failed = streamFailure(file);
		if (!failed) throw error;
		// A cut-short report would read as a whole one: none is kept. The rows stay in the run folder.
		await rm(output, {force: true}).catch(() => undefined);
		throw outputError(failed, `to ${output} (nothing was kept there; the rows are in the run folder)`);
	}
}

/** An --output named report.html, users.csv, rows.json or rows.ndjson says its format without --format. */
function formatOfFile(output: string | undefined): ExportFormat | undefined {
	const extension = output === undefined ? '' : extname(output).slice(1).toLowerCase();
	return extension !== 'table' && (exportFormats as readonly string[]).includes(extension) ? extension as ExportFormat : undefined;
}

function checkFormat(format: string): ExportFormat {
	if ((exportFormats as readonly string[]).includes(format)) return format as ExportFormat;
	throw usageError('run', `unknown --format "${format}".`, `Use one of: ${exportFormats.join(', ')}. `);
}

/** A count flag's number: the flag layer has checked it is a whole number in its range (verbs.ts). */
function count(text: string | undefined): number | undefined {
	return text === undefined ? undefined : Number(text);
}
