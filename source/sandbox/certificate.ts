// Makes the sandbox's https certificates in Node alone: a small local CA (what a user tells each
// client to trust) and a server certificate it signs for localhost, 127.0.0.1 and ::1. A CA plus a
// leaf, not one self-signed leaf, because strict verifiers (Python 3.13's default context, .NET
// chain building) refuse a certificate that is both the trust anchor and the server.
import {createHash, generateKeyPairSync, randomBytes, sign, type KeyObject} from 'node:crypto';
import {bitString, boolean, explicit, implicit, namedBits, octetString, oid, sequence, set, smallInteger, time, unsignedInteger, utf8String} from './der.js';

export type Issued = {certificatePem: string; keyPem: string};

const ECDSA_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));
const DAY_MS = 24 * 3600 * 1000;
/** Browsers and Apple cap server certificates at 397 days; the CA lives longer so trust stays put. */
export const LEAF_DAYS = 397;
const CA_DAYS = 3650;
export const SERVER_NAMES = {dns: ['localhost'], ip: ['127.0.0.1', '::1']} as const;

function name(commonName: string): Buffer {
	const attribute = (type: string, value: string) => set(sequence(oid(type), utf8String(value)));
	return sequence(attribute('2.5.4.10', 'tenantdeck sandbox'), attribute('2.5.4.3', commonName));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
	return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

/** RFC 5280's method 1: SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(publicKey: KeyObject): Buffer {
	const spki = publicKey.export({type: 'spki', format: 'der'});
	// For P-256 the key bits are the last 65 bytes (uncompressed point).
	return createHash('sha1').update(spki.subarray(spki.length - 65)).digest();
}

function ipBytes(ip: string): Buffer {
	if (ip.includes('.')) return Buffer.from(ip.split('.').map(Number));
	const [head = '', tail = ''] = ip.split('::');
	const groups = (part: string) => (part ? part.split(':').map(group => Number.parseInt(group, 16)) : []);
	const before = groups(head);
	const after = groups(tail);
	const all = [...before, ...Array(8 - before.length - after.length).fill(0), ...after];
	return Buffer.from(all.flatMap(group => [group >> 8, group & 0xff]));
}

type CertificateSpec = {subject: string; issuer: string; subjectKey: KeyObject; issuerKey: KeyObject; issuerPublic: KeyObject; days: number; extensions: Buffer[]};

function certificate(spec: CertificateSpec, now: Date): string {
	const serial = randomBytes(16);
	serial[0]! &= 0x7f;
	const tbs = sequence(
		explicit(0, smallInteger(2)),
		unsignedInteger(serial),
		ECDSA_SHA256,
		name(spec.issuer),
		// An hour of slack for clocks a little behind.
		sequence(time(new Date(now.getTime() - 3600 * 1000)), time(new Date(now.getTime() + spec.days * DAY_MS))),
		name(spec.subject),
		spec.subjectKey.export({type: 'spki', format: 'der'}),
		explicit(3, sequence(...spec.extensions, extension('2.5.29.14', false, octetString(keyIdentifier(spec.subjectKey))), extension('2.5.29.35', false, sequence(implicit(0, keyIdentifier(spec.issuerPublic)))))),
	);
	const der = sequence(tbs, ECDSA_SHA256, bitString(sign('sha256', tbs, spec.issuerKey)));
	const base64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
	return `-----BEGIN CERTIFICATE-----\n${base64}-----END CERTIFICATE-----\n`;
}

function keyPair() {
	return generateKeyPairSync('ec', {namedCurve: 'P-256'});
}

function pem(key: KeyObject): string {
	return key.export({type: 'pkcs8', format: 'pem'}) as string;
}

export function issueCa(now = new Date()): Issued {
	const {privateKey, publicKey} = keyPair();
	const subject = 'tenantdeck sandbox local CA';
	const certificatePem = certificate(
		{
			subject,
			issuer: subject,
			subjectKey: publicKey,
			issuerKey: privateKey,
			issuerPublic: publicKey,
			days: CA_DAYS,
			extensions: [extension('2.5.29.19', true, sequence(boolean(true), smallInteger(0))), extension('2.5.29.15', true, namedBits([0, 5, 6]))],
		},
		now,
	);
	return {certificatePem, keyPem: pem(privateKey)};
}

export function issueServer(ca: {key: KeyObject; publicKey: KeyObject}, now = new Date()): Issued {
	const {privateKey, publicKey} = keyPair();
	const alternativeNames = sequence(...SERVER_NAMES.dns.map(dns => implicit(2, Buffer.from(dns, 'ascii'))), ...SERVER_NAMES.ip.map(ip => implicit(7, ipBytes(ip))));
	const certificatePem = certificate(
		{
			subject: 'localhost',
			issuer: 'tenantdeck sandbox local CA',
			subjectKey: publicKey,
			issuerKey: ca.key,
			issuerPublic: ca.publicKey,
			days: LEAF_DAYS,
			extensions: [
				extension('2.5.29.19', true, sequence()),
				extension('2.5.29.15', true, namedBits([0])),
				extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'))),
				extension('2.5.29.17', false, alternativeNames),
			],
		},
		now,
	);
	return {certificatePem, keyPem: pem(privateKey)};
}
