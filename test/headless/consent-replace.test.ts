// Partner Center answers 409 for a consent that exists even when it lacks scopes an operation now
// needs. consent reads what the customer's token holds, and (as CIPP's Set-CIPPCPVConsent does)
// removes the short consent and grants the whole request again: dry run first, audited, through
// real MSAL and the sandbox's Partner Center endpoint (POST, GET and DELETE of a consent).
import test from 'ava';
import {readdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {startSandbox} from '../../source/sandbox/server.js';
import {headless, tempEnv} from '../helpers/headless.js';

test('a consent that lacks a scope is reported by the dry run, then removed and granted again; doctor and the run then pass', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0, tenants: 3, missingScopes: ['AuditLog.Read.All']});
	t.teardown(() => sandbox.stop());
	const env = await tempEnv();
	const url = ['--sandbox-url', sandbox.url];

	const before = await headless(['doctor', ...url, '--op', 'mfa-registration', '--tenants', 'all'], env);
	t.is(before.code, 3, before.stdout);
	t.regex(before.stdout, /lacks AuditLog\.Read\.All: run "tenantdeck consent --tenants \S+ --yes"/);

	const dry = await headless(['consent', ...url, '--dry-run'], env);
	t.is(dry.code, 0, dry.stderr);
	t.is((dry.stdout.match(/would replace/g) ?? []).length, 3, dry.stdout);
	t.regex(dry.stdout, /The consent exists but lacks AuditLog\.Read\.All: would remove it and grant/);
	const stillShort = await headless(['doctor', ...url, '--op', 'mfa-registration', '--tenants', 'all'], env);
	t.is(stillShort.code, 3, 'a dry run changes nothing');

	const granted = await headless(['consent', ...url, '--yes'], env);
	t.is(granted.code, 0, granted.stdout + granted.stderr);
	t.is((granted.stdout.match(/replaced/g) ?? []).length, 3, granted.stdout);
	t.regex(granted.stdout, /The consent lacked AuditLog\.Read\.All; removed it and granted Microsoft Graph: .*AuditLog\.Read\.All/);

	// Each tenant's removal and new grant are in the audit log, before and after.
	// Practice keeps its own state folder under the user's: find the audit log wherever it lives.
	const state = join(env['XDG_STATE_HOME']!, 'tenantdeck');
	const auditFile = (await readdir(state, {recursive: true})).find(name => /(^|\/)audit\.jsonl$/.test(name))!;
	const audit = await readFile(join(state, auditFile), 'utf8');
	t.is((audit.match(/removed \(it lacked AuditLog\.Read\.All\)/g) ?? []).length, 3, audit);

	const after = await headless(['doctor', ...url, '--op', 'mfa-registration', '--tenants', 'all'], env);
	t.is(after.code, 0, after.stdout);
	const run = await headless(['run', ...url, '--op', 'mfa-registration', '--tenants', 'all', '--format', 'json'], env);
	t.is(run.code, 0, run.stderr);

	const again = await headless(['consent', ...url, '--yes'], env);
	t.is(again.code, 0);
	t.is((again.stdout.match(/already granted/g) ?? []).length, 3, 'a complete consent is left alone');
});

test('a consent with User.Read alone reads only the organization\'s name and domains: tenant-info declares Organization.Read.All, and doctor names it', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0, tenants: 2});
	t.teardown(() => sandbox.stop());
	const customer = sandbox.context.world.customers[0]!;
	sandbox.context.access.grant(customer, {graph: ['User.Read'], exchange: false});
	const env = await tempEnv();
	const url = ['--sandbox-url', sandbox.url];

	const run = await headless(['run', ...url, '--op', 'tenant-info', '--tenants', customer.defaultDomain, '--format', 'json'], env);
	t.is(run.code, 0, run.stderr);
	const [row] = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
	t.truthy(row!['displayName']);
	t.truthy(row!['defaultDomain']);
	t.is(row!['country'], '', 'country, city, dir sync and contacts need Organization.Read.All');
	const other = sandbox.context.world.customers[1]!.defaultDomain;
	const full = await headless(['run', ...url, '--op', 'tenant-info', '--tenants', other, '--format', 'json'], env);
	t.not((JSON.parse(full.stdout) as Array<Record<string, unknown>>)[0]!['country'], '', 'a full consent reads the country');

	const doctor = await headless(['doctor', ...url, '--op', 'tenant-info', '--tenants', customer.defaultDomain], env);
	t.is(doctor.code, 3);
	t.regex(doctor.stdout, /lacks Organization\.Read\.All/);
});
