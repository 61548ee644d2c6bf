// The key the sandbox's identity platform signs tokens with (RS256, as Microsoft's does), and its
// public half as a JWKS entry. One key per process: made on first use, so a sandbox that never
// issues a token never pays for an RSA key, and every sandbox in a test run shares it.
import {createHash, createHmac, generateKeyPair, randomBytes, sign, type KeyObject} from 'node:crypto';
import {promisify} from 'node:util';

type SigningKey = {kid: string; privateKey: KeyObject; jwk: Record<string, unknown>};

let current: Promise<SigningKey> | undefined;

/** Made off the event loop (an RSA key takes up to a second on a busy machine). */
export function signingKey(): Promise<SigningKey> {
	current ??= (async () => {
		const {privateKey, publicKey} = await promisify(generateKeyPair)('rsa', {modulusLength: 2048});
		const {n, e} = publicKey.export({format: 'jwk'}) as {n: string; e: string};
		// Microsoft's kid and x5t are the key's thumbprint; an RFC 7638 thumbprint serves the same purpose.
		const kid = createHash('sha256').update(JSON.stringify({e, kty: 'RSA', n})).digest('base64url').slice(0, 27);
		return {kid, privateKey, jwk: {kty: 'RSA', use: 'sig', kid, n, e, alg: 'RS256'}};
	})();
	return current;
}

function base64url(value: unknown): string {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/**
 * A compact JWS over the claims, RS256 with the sandbox's key. The signature (about 1 ms of CPU)
 * is made on libuv's thread pool, so the sandbox keeps answering other requests meanwhile.
 */
export async function signJwt(claims: Record<string, unknown>): Promise<string> {
	const key = await signingKey();
	const input = `${base64url({typ: 'JWT', alg: 'RS256', kid: key.kid})}.${base64url(claims)}`;
	const signature = await new Promise<Buffer>((resolve, reject) => sign('sha256', Buffer.from(input), key.privateKey, (error, value) => (error ? reject(error) : resolve(value))));
	return `${input}.${signature.toString('base64url')}`;
}

// Access tokens belong to the API they are for: Microsoft tells clients to treat Graph's as opaque,
// and its signature checks out only for Graph itself. So a keyed hash stands in: the same JWT shape
// and claims for 1/100 of an RSA signature's CPU (about 1 ms each), which a run over 1,000 tenants
// (one customer token each) would otherwise pay inside the sandbox.
const accessSecret = randomBytes(32);

/** A compact JWS over the claims, HS256 with a per-process secret only the sandbox knows. */
export function signAccessJwt(claims: Record<string, unknown>): string {
	const input = `${base64url({typ: 'JWT', alg: 'HS256'})}.${base64url(claims)}`;
	return `${input}.${createHmac('sha256', accessSecret).update(input).digest('base64url')}`;
}
