// A stdin Ink can read keys from: press() delivers one chunk as a real terminal would.

import {EventEmitter} from 'node:events';

export class FakeKeyboard extends EventEmitter {
	readonly isTTY = true;
	private pending: string | null = null;
	press(text: string): void {
		this.pending = text;
		this.emit('readable');
	}
	read(): string | null {
		const text = this.pending;
		this.pending = null;
		return text;
	}
	setEncoding(): void {}
	setRawMode(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
}
