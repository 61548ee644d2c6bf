// A terminal stream that lets only ASCII through (see ui/ascii-text). Everything else about the
// stream — its size, resize events, isTTY — is the real terminal's, so Ink cannot tell.

import {toAscii} from '../ui/ascii-text.js';

export function asciiTerminal(stream: NodeJS.WriteStream): NodeJS.WriteStream {
	const write = (chunk: unknown, ...rest: unknown[]): boolean => {
		const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : chunk;
		return (stream.write as (...args: unknown[]) => boolean)(typeof text === 'string' ? toAscii(text) : text, ...rest);
	};
	return new Proxy(stream, {
		get(target, property) {
			if (property === 'write') return write;
			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
}
