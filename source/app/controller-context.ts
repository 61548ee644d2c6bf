// What the two halves of the controller share: the store, the ports, the open connection and
// who is signed in. Its own file, so controller.ts and controller-run.ts never import each other.

import {describeError} from '../core/errors.js';
import type {Account} from '../core/ports.js';
import type {Folders} from '../adapters/paths.js';
import type {ConsoleConnection, ControllerDeps} from './controller-deps.js';
import type {Store} from './store.js';

export type ControllerContext = {
	readonly store: Store;
	readonly deps: ControllerDeps;
	readonly connection: () => ConsoleConnection | undefined;
	readonly account: () => Account | undefined;
	readonly folders: Folders;
	notify(tone: 'info' | 'success' | 'danger', text: string): void;
};

/** An async intent reports its failure on screen; nothing an intent does may crash the console. */
export function guarded(context: Pick<ControllerContext, 'notify'>, work: () => Promise<void>): () => void {
	return () => {
		work().catch(error => context.notify('danger', describeError(error)));
	};
}
