// JSON over https trusting one CA, as `curl --cacert <ca.pem>` does: node's https with `ca`, never
// with verification turned off, so a wrong certificate fails the test.
import {request} from 'node:https';

export type HttpsReply = {status: number; headers: Record<string, string | string[] | undefined>; body: any};

export function httpsJson(url: string, ca: string, init: {method?: string; body?: unknown} = {}): Promise<HttpsReply> {
	return new Promise((resolve, reject) => {
		const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
		const outgoing = request(url, {method: init.method ?? 'GET', ca, headers: payload ? {'content-type': 'application/json'} : {}}, response => {
			let text = '';
			response.setEncoding('utf8');
			response.on('data', chunk => (text += chunk));
			response.on('end', () => resolve({status: response.statusCode ?? 0, headers: response.headers, body: text ? JSON.parse(text) : undefined}));
			response.on('error', reject);
		});
		outgoing.on('error', reject);
		outgoing.end(payload);
	});
}

/** `tenantdeck sandbox` flags as its verb parses them, for runSandboxCommand. */
export async function sandboxArgs(argv: string[]) {
	const [{parseVerb}, {sandboxSettings}] = await Promise.all([import('../../source/headless/args.js'), import('../../source/sandbox/cli.js')]);
	return sandboxSettings((await parseVerb('sandbox', argv)).values);
}
