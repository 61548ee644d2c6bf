// doctor for an Exchange operation: without --connect it judges Exchange by the Exchange.Manage
// grant and the GDAP role and opens nothing; with --connect it opens and closes a real connection
// per tenant through the session supervisor, never more than three at once, and names a tenant
// whose relationship has no Exchange role.
import test from 'ava';
import {startSandbox} from '../../source/sandbox/server.js';
import {exchangeRoute} from '../../source/sandbox/exchange.js';
import {headless, tempEnv} from '../helpers/headless.js';

type LogEntry = {cmdlet: string; tenantId: string};

test('doctor --op mailboxes-list opens no Exchange connection; with --connect each ready tenant connects and disconnects, at most 3 at once', async t => {
	const sandbox = await startSandbox({deviceCodeIntervalSec: 0, tenants: 5, routes: [context => exchangeRoute(context)]});
	t.teardown(() => sandbox.stop());
	const limited = sandbox.context.world.customers.find(customer => customer.gdap)!;
	sandbox.context.knobs.limitedRoleTenants = [limited.defaultDomain];
	const env = await tempEnv();
	const url = ['--sandbox-url', sandbox.url];
	const log = async () => (await (await fetch(`${sandbox.url}/_sandbox/exchange/log`)).json()) as LogEntry[];

	const plain = await headless(['doctor', ...url, '--op', 'mailboxes-list', '--tenants', 'all'], env);
	t.is(plain.code, 3, plain.stdout);
	t.regex(plain.stdout, new RegExp(`${limited.defaultDomain.replaceAll('.', '\\.')}\\s+NOT READY .*needs Exchange Administrator`));
	t.deepEqual(await log(), [], 'no connection without --connect');

	const probed = await headless(['doctor', ...url, '--op', 'mailboxes-list', '--tenants', 'all', '--connect'], env);
	t.is(probed.code, 3, probed.stderr);
	const entries = await log();
	const connected = new Set(entries.filter(entry => entry.cmdlet === 'Connect-ExchangeOnline').map(entry => entry.tenantId));
	const disconnected = new Set(entries.filter(entry => entry.cmdlet === 'Disconnect-ExchangeOnline').map(entry => entry.tenantId));
	t.is(connected.size, 4, 'every tenant with an Exchange role is probed');
	t.false(connected.has(limited.tenantId), 'a tenant the role check already failed is not probed');
	t.deepEqual([...disconnected].sort(), [...connected].sort());
	const stats = (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as {exchange: {peak: number; open: number}};
	t.true(stats.exchange.peak <= 3, `peak ${stats.exchange.peak}`);
	t.is(stats.exchange.open, 0);
});
