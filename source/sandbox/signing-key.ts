// The key the sandbox's identity platform signs tokens with (RS256, as Microsoft's does), and its
// public half as a JWKS entry. One key per process: made on first use, so a sandbox that never
// issues a token never pays for an RSA key, and every sandbox in a test run shares it.
import {createHash, generateKeyPairSync, sign, type KeyObject} from 'node:crypto';

type SigningKey = {kid: string; privateKey: KeyObject; jwk: Record<string, unknown>};

let current: SigningKey | undefined;

export function signingKey(): SigningKey {
	if (current) return current;
	const {privateKey, publicKey} = generateKeyPairSync('rsa', {modulusLength: 2048});
	const {n, e} = publicKey.export({format: 'jwk'}) as {n: string; e: string};
	// Microsoft's kid and x5t are the key's thumbprint; an RFC 7638 thumbprint serves the same purpose.
	const kid = createHash('sha256').update(JSON.stringify({e, kty: 'RSA', n})).digest('base64url').slice(0, 27);
	current = {kid, privateKey, jwk: {kty: 'RSA', use: 'sig', kid, n, e, alg: 'RS256'}};
	return current;
}

function base64url(value: unknown): string {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A compact JWS over the claims, RS256 with the sandbox's key. */
export function signJwt(claims: Record<string, unknown>): string {
	const key = signingKey();
	const input = `${base64url({typ: 'JWT', alg: 'RS256', kid: key.kid})}.${base64url(claims)}`;
	return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
}
