// The few ASN.1 DER encodings an X.509 certificate needs, so the sandbox can make its own
// certificate with node:crypto alone — no openssl binary and no npm dependency on a fresh machine.

function length(size: number): Buffer {
	if (size < 0x80) return Buffer.from([size]);
	const bytes: number[] = [];
	for (let rest = size; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
	return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, content: Buffer): Buffer {
	return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

export const sequence = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
export const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
export const nullValue = () => Buffer.from([0x05, 0x00]);
export const boolean = (value: boolean) => tlv(0x01, Buffer.from([value ? 0xff : 0x00]));
export const octetString = (content: Buffer) => tlv(0x04, content);
export const utf8String = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
/** Context-specific, constructed ([n] EXPLICIT). */
export const explicit = (tag: number, content: Buffer) => tlv(0xa0 | tag, content);
/** Context-specific, primitive ([n] IMPLICIT of a primitive type). */
export const implicit = (tag: number, content: Buffer) => tlv(0x80 | tag, content);

/** A non-negative INTEGER from big-endian bytes (a leading zero keeps it positive). */
export function unsignedInteger(bytes: Buffer): Buffer {
	let start = 0;
	while (start < bytes.length - 1 && bytes[start] === 0) start++;
	const trimmed = bytes.subarray(start);
	return tlv(0x02, trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

export function smallInteger(value: number): Buffer {
	return unsignedInteger(Buffer.from([value]));
}

export function oid(dotted: string): Buffer {
	const [first, second, ...rest] = dotted.split('.').map(Number);
	const bytes = [first! * 40 + second!];
	for (const arc of rest) {
		const chunk = [arc & 0x7f];
		for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) chunk.unshift((value & 0x7f) | 0x80);
		bytes.push(...chunk);
	}
	return tlv(0x06, Buffer.from(bytes));
}

/** BIT STRING with no unused bits (keys, signatures). */
export function bitString(content: Buffer): Buffer {
	return tlv(0x03, Buffer.concat([Buffer.from([0]), content]));
}

/** A KeyUsage-style named bit list: bit 0 is the most significant bit of the first byte. */
export function namedBits(bits: readonly number[]): Buffer {
	const highest = Math.max(...bits);
	const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
	for (const bit of bits) bytes[Math.floor(bit / 8)]! |= 0x80 >> bit % 8;
	const unused = 7 - (highest % 8);
	return tlv(0x03, Buffer.concat([Buffer.from([unused]), bytes]));
}

/** UTCTime up to 2049, GeneralizedTime after, as RFC 5280 requires. */
export function time(date: Date): Buffer {
	const iso = date.toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');
	return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2), 'ascii')) : tlv(0x18, Buffer.from(iso, 'ascii'));
}
