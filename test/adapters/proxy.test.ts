// Behind a corporate proxy: HTTPS_PROXY / HTTP_PROXY / NO_PROXY read as curl reads them, https in
// a CONNECT tunnel (certificates still checked end to end), http as absolute-form requests, and a
// proxy that refuses named in the error. A real proxy (node:http with CONNECT) in front of the
// sandbox served over TLS.
import {createServer, request as httpRequest, type Server} from 'node:http';
import {connect as netConnect, type AddressInfo} from 'node:net';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import test from 'ava';
import {createHttpClient} from '../../source/adapters/http-client.js';
import {proxyFromEnvironment} from '../../source/adapters/proxy.js';
import {createGraphClient} from '../../source/adapters/graph/graph-client.js';
import {TenantdeckError} from '../../source/core/errors.js';
import {startSandbox, type Sandbox} from '../../source/sandbox/server.js';
import {loadSandboxTls, type SandboxTls} from '../../source/sandbox/tls.js';

type Proxy = {url: string; seen: string[]; server: Server};

/** A forwarding proxy: CONNECT tunnels (or a 407 when `refuse`), absolute-form requests passed on. */
async function startProxy(options: {refuse?: boolean} = {}): Promise<Proxy> {
	const seen: string[] = [];
	const server = createServer((incoming, answer) => {
		seen.push(`${incoming.method} ${incoming.url}`);
		const upstream = httpRequest(new URL(incoming.url!), {method: incoming.method, headers: incoming.headers}, reply => {
			answer.writeHead(reply.statusCode ?? 502, reply.headers);
			reply.pipe(answer);
		});
		incoming.pipe(upstream);
	});
	server.on('connect', (incoming, socket, head) => {
		seen.push(`CONNECT ${incoming.url}${incoming.headers['proxy-authorization'] ? ` ${incoming.headers['proxy-authorization']}` : ''}`);
		if (options.refuse) {
			socket.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
			return;
		}
		const [host, port] = incoming.url!.split(':');
		const upstream = netConnect(Number(port), host!, () => {
			socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.write(head);
			upstream.pipe(socket);
			socket.pipe(upstream);
		});
		upstream.on('error', () => socket.destroy());
		socket.on('error', () => upstream.destroy());
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server};
}

let folder: string;
let tls: SandboxTls;
let secureCloud: Sandbox;
let plainCloud: Sandbox;
const proxies: Proxy[] = [];
test.before(async () => {
	folder = await mkdtemp(join(tmpdir(), 'tenantdeck-proxy-'));
	tls = await loadSandboxTls(join(folder, 'tls'));
	secureCloud = await startSandbox({tenants: 2, tls, deviceCodeIntervalSec: 0});
	plainCloud = await startSandbox({tenants: 2, deviceCodeIntervalSec: 0});
});
test.after.always(async () => {
	for (const proxy of proxies) proxy.server.close();
	await secureCloud?.stop();
	await plainCloud?.stop();
	await rm(folder, {recursive: true, force: true});
});

async function proxy(options: {refuse?: boolean} = {}): Promise<Proxy> {
	const started = await startProxy(options);
	proxies.push(started);
	return started;
}

test('the environment picks the proxy per scheme; NO_PROXY and this machine go direct; a bad value is named', t => {
	const route = proxyFromEnvironment({HTTPS_PROXY: 'http://proxy.corp:8080', http_proxy: 'proxy.corp:3128', NO_PROXY: 'internal.corp, .contoso.com,example.org:443'})!;
	t.is(route.forTarget(new URL('https://graph.microsoft.com/v1.0/users'))?.href, 'http://proxy.corp:8080/');
	t.is(route.forTarget(new URL('http://example.net/'))?.href, 'http://proxy.corp:3128/');
	for (const direct of ['https://internal.corp/', 'https://git.internal.corp/', 'https://contoso.com/', 'https://mail.contoso.com/', 'https://example.org/', 'https://127.0.0.1:7357/', 'http://localhost:7357/', 'https://[::1]:7357/']) {
		t.is(route.forTarget(new URL(direct)), undefined, direct);
	}
	t.is(proxyFromEnvironment({HTTPS_PROXY: 'http://proxy.corp:8080', NO_PROXY: '*'})!.forTarget(new URL('https://graph.microsoft.com/')), undefined);
	t.is(proxyFromEnvironment({}), undefined);
	const error = t.throws(() => proxyFromEnvironment({HTTPS_PROXY: 'socks5://proxy.corp:1080'}), {instanceOf: TenantdeckError});
	t.regex(error!.message, /HTTPS_PROXY is not a proxy address tenantdeck can use: "socks5:\/\/proxy\.corp:1080"/);
	t.regex(error!.hint ?? '', /HTTPS_PROXY=http:\/\/proxy\.example\.com:8080/);
});

test('https goes through one CONNECT tunnel per kept-alive connection, the certificate checked end to end', async t => {
	const corporate = await proxy();
	const send = createHttpClient({ca: tls.ca, proxy: {forTarget: () => new URL(corporate.url.replace('http://', 'http://admin:s%40cret@'))}});
	const first = await send(`${secureCloud.url}/organizations/v2.0/.well-known/openid-configuration`);
	t.is(first.status, 200);
	t.is((JSON.parse(await first.text()) as {issuer: string}).issuer, `${secureCloud.url}/{tenantid}/v2.0`);
	t.is((await send(`${secureCloud.url}/organizations/v2.0/.well-known/openid-configuration`)).status, 200);
	const target = new URL(secureCloud.url).host;
	t.deepEqual(corporate.seen, [`CONNECT ${target} Basic ${Buffer.from('admin:s@cret').toString('base64')}`], 'one tunnel, reused, with the proxy credentials');
	// Without the sandbox's CA the tunnel opens but the handshake refuses: the proxy cannot vouch for the server.
	const untrusting = createHttpClient({proxy: {forTarget: () => new URL(corporate.url)}});
	await t.throwsAsync(untrusting(`${secureCloud.url}/organizations/v2.0/.well-known/openid-configuration`), {message: 'fetch failed'});
});

test('http goes to the proxy as absolute-form requests', async t => {
	const corporate = await proxy();
	const send = createHttpClient({proxy: {forTarget: () => new URL(corporate.url)}});
	const reply = await send(`${plainCloud.url}/organizations/oauth2/v2.0/devicecode`, {method: 'POST', headers: {'content-type': 'application/x-www-form-urlencoded'}, body: 'client_id=x&scope=User.Read'});
	t.is(reply.status, 200);
	t.deepEqual(corporate.seen, [`POST ${plainCloud.url}/organizations/oauth2/v2.0/devicecode`]);
});

test('a proxy that refuses the tunnel, or is not there, is named in the error', async t => {
	const strict = await proxy({refuse: true});
	const graph = createGraphClient({baseUrl: `${secureCloud.url}`, token: async () => 'x', maxRetries: 0, fetch: createHttpClient({ca: tls.ca, proxy: {forTarget: () => new URL(strict.url)}})});
	const refused = await t.throwsAsync(graph.get('/v1.0/organization'), {instanceOf: TenantdeckError});
	t.regex(refused!.message, new RegExp(`through the proxy ${new URL(strict.url).host}: the proxy answered HTTP 407 Proxy Authentication Required`));
	t.regex(refused!.hint ?? '', /HTTPS_PROXY/);
	const gone = await startProxy();
	await new Promise(resolve => gone.server.close(resolve));
	const absent = createGraphClient({baseUrl: `${secureCloud.url}`, token: async () => 'x', maxRetries: 0, fetch: createHttpClient({ca: tls.ca, proxy: {forTarget: () => new URL(gone.url)}})});
	const unreachable = await t.throwsAsync(absent.get('/v1.0/organization'), {instanceOf: TenantdeckError});
	t.regex(unreachable!.message, new RegExp(`through the proxy ${new URL(gone.url).host} \\(ECONNREFUSED\\)`));
});
