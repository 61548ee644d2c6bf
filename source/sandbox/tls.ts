// The sandbox's https material, made on first use and kept in the user's state folder
// (tenantdeck/sandbox/tls) so a client told to trust ca.pem once keeps trusting it. A server
// certificate near its end, or unreadable files, are replaced; the CA is kept while it is sound.
import {createPrivateKey, createPublicKey, randomBytes, X509Certificate} from 'node:crypto';
import {mkdir, readFile, rename, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {sandboxFolders} from '../adapters/paths.js';
import {issueCa, issueServer, SERVER_NAMES} from './certificate.js';

export type SandboxTls = {
	/** The folder the files live in. */
	folder: string;
	/** What a client trusts (NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE, SSL_CERT_FILE, curl --cacert). */
	caPath: string;
	ca: string;
	/** The server's certificate followed by the CA, as a TLS server sends its chain. */
	cert: string;
	key: string;
};

const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;

/** In practice's own state folder (<state>/tenantdeck/sandbox/tls, or under TENANTDECK_SANDBOX_DIR). */
export function sandboxTlsFolder(env: NodeJS.ProcessEnv = process.env): string {
	return join(sandboxFolders(env).state, 'tls');
}

async function readText(path: string): Promise<string | undefined> {
	try {
		return await readFile(path, 'utf8');
	} catch {
		return undefined;
	}
}

/** Temp file + rename, so a reader never sees half a key; keys are 0600. */
async function writeAtomically(path: string, text: string, mode: number): Promise<void> {
	const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
	await writeFile(temporary, text, {mode});
	await rename(temporary, path);
}

function soundCa(certificatePem: string | undefined, keyPem: string | undefined, now: number) {
	if (!certificatePem || !keyPem) return undefined;
	try {
		const certificate = new X509Certificate(certificatePem);
		const key = createPrivateKey(keyPem);
		const publicKey = createPublicKey(key);
		if (!certificate.ca || !certificate.checkPrivateKey(key) || Date.parse(certificate.validTo) - now < RENEW_BEFORE_MS) return undefined;
		return {certificate, key, publicKey};
	} catch {
		return undefined;
	}
}

function soundServer(certificatePem: string | undefined, keyPem: string | undefined, ca: X509Certificate, now: number): boolean {
	if (!certificatePem || !keyPem) return false;
	try {
		const certificate = new X509Certificate(certificatePem);
		return certificate.verify(ca.publicKey) && certificate.checkPrivateKey(createPrivateKey(keyPem)) && Date.parse(certificate.validTo) - now >= RENEW_BEFORE_MS && SERVER_NAMES.dns.every(dns => certificate.checkHost(dns) !== undefined) && SERVER_NAMES.ip.every(ip => certificate.checkIP(ip) !== undefined);
	} catch {
		return false;
	}
}

/**
 * Loads the sandbox's certificates from `folder`, making or renewing what is missing or unsound.
 * Throws an Error naming the folder when it cannot be written (read-only or full disk, a file in the way).
 */
export async function loadSandboxTls(folder: string, now = Date.now()): Promise<SandboxTls> {
	try {
		return await loadOrMake(folder, now);
	} catch (error) {
		const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
		throw new Error(`Cannot keep the sandbox's https certificate in ${folder} (${reason}); free that folder or point XDG_STATE_HOME elsewhere.`);
	}
}

async function loadOrMake(folder: string, now: number): Promise<SandboxTls> {
	await mkdir(folder, {recursive: true, mode: 0o700});
	const caPath = join(folder, 'ca.pem');
	const paths = {caKey: join(folder, 'ca-key.pem'), cert: join(folder, 'cert.pem'), key: join(folder, 'key.pem')};
	let caPem = await readText(caPath);
	let ca = soundCa(caPem, await readText(paths.caKey), now);
	if (!ca) {
		const issued = issueCa(new Date(now));
		await writeAtomically(paths.caKey, issued.keyPem, 0o600);
		await writeAtomically(caPath, issued.certificatePem, 0o644);
		caPem = issued.certificatePem;
		ca = soundCa(caPem, issued.keyPem, now)!;
	}
	let certPem = await readText(paths.cert);
	let keyPem = await readText(paths.key);
	if (!soundServer(certPem, keyPem, ca.certificate, now)) {
		const issued = issueServer({key: ca.key, publicKey: ca.publicKey}, new Date(now));
		await writeAtomically(paths.key, issued.keyPem, 0o600);
		await writeAtomically(paths.cert, issued.certificatePem, 0o644);
		certPem = issued.certificatePem;
		keyPem = issued.keyPem;
	}
	return {folder, caPath, ca: caPem!, cert: `${certPem!}${caPem!}`, key: keyPem!};
}

/**
 * The CA a running `tenantdeck sandbox --tls` of this user made, for another tenantdeck command
 * pointed at it with --sandbox-url https://…; undefined when there is none (then only the system's
 * trust, e.g. NODE_EXTRA_CA_CERTS, decides).
 */
export async function existingSandboxTrust(env: NodeJS.ProcessEnv = process.env): Promise<{ca: string; caPath: string} | undefined> {
	const caPath = join(sandboxTlsFolder(env), 'ca.pem');
	const ca = await readText(caPath);
	return ca?.includes('BEGIN CERTIFICATE') ? {ca, caPath} : undefined;
}

/** The one line per common client that makes it trust the sandbox's CA. */
export function trustHints(caPath: string): string[] {
	return [
		`Node (tenantdeck, msal-node, fetch):   export NODE_EXTRA_CA_CERTS=${caPath}`,
		`Python (requests, MSAL for Python):    export REQUESTS_CA_BUNDLE=${caPath}`,
		`.NET and PowerShell on Linux:          export SSL_CERT_FILE=${caPath}`,
		`curl:                                  curl --cacert ${caPath} <url>`,
	];
}
