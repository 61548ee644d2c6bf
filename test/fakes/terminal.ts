// A terminal for startConsole on fake streams: a TTY of a given size that keeps everything written.

import {EventEmitter} from 'node:events';

export class FakeTerminal extends EventEmitter {
	readonly isTTY = true;
	output = '';
	constructor(readonly columns = 100, readonly rows = 30) {
		super();
	}
	write(chunk: string | Uint8Array): boolean {
		this.output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
		return true;
	}
}
