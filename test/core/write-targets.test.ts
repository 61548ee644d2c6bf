// Target resolution on its own, with a plain Graph fake that answers only the reads it expects:
// default domains answer without a request, other domains are read from the selected tenants,
// unverified domains do not count, a misspelt domain is suggested, two owners are ambiguous, and
// the run's rows that say "not found" fail their tenant.

import test from 'ava';
import {z} from 'zod';
import {defineOperation} from '../../source/core/operation.js';
import type {GraphPort} from '../../source/core/ports.js';
import {startRun} from '../../source/core/runner.js';
import type {Tenant} from '../../source/core/tenant.js';
import {describeProblem, dropProblems, paramsFor, planSummary, powershellPreview, resolveWriteTargets} from '../../source/core/write-targets.js';
import {passwordNeverExpiresSet} from '../../source/core/operations/password-never-expires-set.js';
import {unexpectedExchange, unexpectedGraph} from '../fakes/ports.js';

const tenant = (name: string, domain: string): Tenant => ({tenantId: `id-${name}`, tenantName: name, tenantDomain: domain, source: 'gdap'});
const alpha = tenant('Alpha', 'alpha.com');
const beta = tenant('Beta', 'beta.onmicrosoft.com');
const gamma = tenant('Gamma', 'gamma.com');

function graphWith(domains: Record<string, Array<{id: string; isVerified?: boolean}>>, log: string[] = []): GraphPort {
	return {
		...unexpectedGraph,
		async get<T>(path: string, request?: {tenantId?: string}) {
			log.push(`get ${request?.tenantId} ${path}`);
			return {id: 'x'} as T;
		},
		async *list<T>(path: string, request?: {tenantId?: string}) {
			log.push(`list ${request?.tenantId} ${path}`);
			if (path !== '/v1.0/domains') throw new Error(`unexpected ${path}`);
			for (const domain of domains[request!.tenantId!] ?? []) yield domain as T;
		},
	};
}

const mailOp = defineOperation({
	id: 'mail-set', title: 'M', description: 'M', risk: 'write', backend: 'exchange', powershell: 'Set-Thing', columns: [],
	targets: {param: 'mailboxes', lookup: 'domain', noun: 'mailbox'},
	params: z.object({mailboxes: z.array(z.string())}),
	async *run() {},
});

test('default domains answer at once; only a name on another domain makes the tenants\' domain lists be read', async t => {
	const log: string[] = [];
	const graph = graphWith({'id-Beta': [{id: 'beta.onmicrosoft.com'}, {id: 'beta.co.uk'}], 'id-Alpha': [{id: 'alpha.com'}, {id: 'alpha-mail.com', isVerified: false}]}, log);
	const quick = await resolveWriteTargets({operation: mailOp, params: {mailboxes: ['a@alpha.com']}, selected: [alpha, beta], known: [alpha, beta, gamma], graph});
	t.deepEqual(log, []);
	t.deepEqual(quick.tenants, [alpha]);
	t.deepEqual(quick.idle, [beta]);
	t.is(planSummary(quick), '1 mailbox in 1 tenant');

	const plan = await resolveWriteTargets({operation: mailOp, params: {mailboxes: ['a@alpha.com', 'b@beta.co.uk', 'c@alpha-mail.com', 'd@gamma.com', 'e@alpah.com']}, selected: [alpha, beta], known: [alpha, beta, gamma], graph});
	t.deepEqual(plan.tenants, [alpha, beta]);
	t.deepEqual(paramsFor(plan, {mailboxes: []}, beta), {mailboxes: ['b@beta.co.uk']});
	t.deepEqual(plan.problems.map(problem => describeProblem(problem, 'mailbox')), [
		'c@alpha-mail.com: no selected tenant owns the domain alpha-mail.com',
		'd@gamma.com: its domain belongs to Gamma (gamma.com), which is not selected',
		'e@alpah.com: no selected tenant owns the domain alpah.com — did you mean e@alpha.com?',
	]);
	const dropped = dropProblems(plan);
	t.deepEqual(dropped.problems, []);
	t.deepEqual(dropped.dropped, ['c@alpha-mail.com', 'd@gamma.com', 'e@alpah.com']);
});

test('a domain two selected tenants claim is ambiguous, never guessed', async t => {
	const graph = graphWith({'id-Alpha': [{id: 'shared.com'}], 'id-Gamma': [{id: 'shared.com'}]});
	const plan = await resolveWriteTargets({operation: mailOp, params: {mailboxes: ['x@shared.com']}, selected: [alpha, gamma], known: [alpha, gamma], graph});
	t.is(plan.problems[0]?.reason, 'ambiguous');
	t.deepEqual(plan.tenants, []);
});

test('the PowerShell shown is for the values chosen: real users, -PasswordPolicies None for off, one Connect per tenant', async t => {
	const graph = graphWith({});
	const params = {users: ['ann@alpha.com', 'bob@alpha.com', 'cy@gamma.com'], neverExpires: 'off' as const};
	const plan = await resolveWriteTargets({operation: passwordNeverExpiresSet, params, selected: [alpha, gamma], known: [alpha, gamma], graph});
	t.deepEqual(powershellPreview(passwordNeverExpiresSet, plan, params), [
		'Connect-MgGraph -TenantId alpha.com -Scopes User.ReadWrite.All',
		'Update-MgUser -UserId ann@alpha.com -PasswordPolicies None',
		'Update-MgUser -UserId bob@alpha.com -PasswordPolicies None',
		'Connect-MgGraph -TenantId gamma.com -Scopes User.ReadWrite.All',
		'Update-MgUser -UserId cy@gamma.com -PasswordPolicies None',
	]);
	const on = {...params, neverExpires: 'on' as const};
	t.true(powershellPreview(passwordNeverExpiresSet, plan, on).includes('Update-MgUser -UserId ann@alpha.com -PasswordPolicies DisablePasswordExpiration'));
});

test('a write row that says "not found" or "failed" fails its tenant; its other rows are kept', async t => {
	const rows: unknown[] = [];
	const write = defineOperation({
		id: 'w', title: 'W', description: 'W', risk: 'write', backend: 'graph', powershell: '', params: z.object({}), columns: [],
		async *run({tenant}) {
			yield {target: `ok@${tenant.tenantDomain}`, result: 'changed'};
			if (tenant === alpha) yield {target: 'gone@alpha.com', result: 'not found'};
		},
	});
	const summary = await startRun({
		operation: write, params: {}, tenants: [alpha, gamma], graph: unexpectedGraph, exchange: unexpectedExchange, concurrency: 2,
		sink: {async writeRows(_tenant, batch) {
			rows.push(...batch);
		}, async writeOutcome() {}, async close() {}},
	}).done;
	t.is(summary.failed, 1);
	t.is(summary.succeeded, 1);
	const failure = summary.outcomes.find(outcome => outcome.tenant === alpha)?.failure;
	t.is(failure?.kind, 'not-found');
	t.regex(failure?.message ?? '', /1 of 2 targets not done: gone@alpha\.com \(not found\)/);
	t.is(rows.length, 3, 'the changed rows stay');
});

test('a custom write shows its own script\'s first lines, header comments left out, not a teaching sample', async t => {
	const {readFile} = await import('node:fs/promises');
	const {customOperation} = await import('../../source/core/custom-operation.js');
	const path = 'examples/operations/hide-from-address-list.ps1';
	// Without its "targets:" line the script runs in every selected tenant, so the script is what is shown.
	const text = (await readFile(path, 'utf8')).replace(/^# targets:.*\n/m, '');
	const {operation} = customOperation({path, name: 'hide-from-address-list.ps1', text});
	const plan = await resolveWriteTargets({operation: operation!, params: {mailboxes: ['a@alpha.com']}, selected: [alpha], known: [alpha], graph: unexpectedGraph});
	const lines = powershellPreview(operation!, plan, {mailboxes: ['a@alpha.com']});
	t.is(lines[0], '$a = $Args[0]');
	t.false(lines.some(line => line.trimStart().startsWith('#')));
	t.regex(lines.at(-1)!, /^… \d+ more lines in the script$/);
	t.deepEqual(plan.tenants, [alpha], 'no declared targets: every selected tenant');
});
