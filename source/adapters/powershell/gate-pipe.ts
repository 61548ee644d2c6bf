// A call's gate: a one-use local pipe the script connects to when it is ready and reads its go from
// (the script's side is connectInTenant's, supervisor-scripts.ts: send the key and a newline, read to
// the end; nothing read means withdrawn). A tenant's turn prepares everything before it has a
// connection slot and waits here, so the go costs under a millisecond where a new call costs several.
//
// A Unix socket in the process's private folder (0700), or on Windows a named pipe, which anyone on
// the machine can list and open: the script first sends the call's key (which travelled on its
// stdin), and only the client that sends it is answered. What is sent (a token) goes to no one else.

import {randomBytes, timingSafeEqual} from 'node:crypto';
import {rm} from 'node:fs/promises';
import net from 'node:net';
import {join} from 'node:path';

export class GatePipe {
	private answered = false;
	private readonly sockets = new Set<net.Socket>();

	private constructor(
		private readonly server: net.Server,
		/** What the listening side is bound to: a socket file, or \\.\pipe\name on Windows. */
		private readonly address: string,
		/** What the script hands NamedPipeClientStream: the socket file's path, or the pipe's name. */
		readonly name: string,
		readonly key: string,
	) {}

	/**
	 * Listens in `folder` (Unix) until close(). `answer` is called once, when the script is at the
	 * gate; what it resolves to is sent, and a rejection sends nothing (the script's wait then fails).
	 */
	static async open(folder: string, answer: () => Promise<string>): Promise<GatePipe> {
		const id = randomBytes(8).toString('hex');
		const windows = process.platform === 'win32';
		// A socket's path has about 104 bytes (macOS): the folder's name is long already, the file's is short.
		const address = windows ? `\\\\.\\pipe\\tenantdeck-gate-${id}` : join(folder, `g${id.slice(0, 8)}`);
		const server = net.createServer();
		const gate = new GatePipe(server, address, windows ? `tenantdeck-gate-${id}` : address, randomBytes(16).toString('hex'));
		server.on('connection', socket => gate.admit(socket, answer));
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(address, () => {
				server.off('error', reject);
				resolve();
			});
		});
		server.on('error', () => undefined);
		return gate;
	}

	/** Stops listening and drops whoever is still connected; the socket file goes. */
	async close(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>(resolve => this.server.close(() => resolve()));
		if (process.platform !== 'win32') await rm(this.address, {force: true}).catch(() => undefined);
	}

	private admit(socket: net.Socket, answer: () => Promise<string>): void {
		this.sockets.add(socket);
		socket.on('close', () => this.sockets.delete(socket));
		socket.on('error', () => undefined);
		let heard = '';
		const onData = (chunk: Buffer) => {
			heard += chunk.toString('latin1');
			const end = heard.indexOf('\n');
			if (end === -1) {
				if (heard.length > 64) socket.destroy();
				return;
			}
			socket.off('data', onData);
			if (this.answered || !sameKey(heard.slice(0, end), this.key)) {
				socket.destroy();
				return;
			}
			this.answered = true;
			answer().then(
				text => socket.end(text),
				() => socket.destroy(),
			);
		};
		socket.on('data', onData);
	}
}

const sameKey = (heard: string, key: string) => heard.length === key.length && timingSafeEqual(Buffer.from(heard), Buffer.from(key));
