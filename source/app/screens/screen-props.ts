// What every screen receives: the whole state (so a test can render any screen from a plain
// value), the intents its keys call, and its size.

import type {AppState} from '../state/app-state.js';
import type {Controller} from '../controller.js';

export type Intents = Omit<Controller, 'exited' | 'start' | 'stopForQuit'>;

export type ScreenProps = {
	readonly state: AppState;
	readonly intents: Intents;
	readonly width: number;
	/** Rows the screen may use (the terminal's, less one so Ink repaints in place). */
	readonly height: number;
	/** The config folder (…/tenantdeck), for a screen that names a file in it (the setup guide). */
	readonly configFolder?: string;
	/** The clock for a code's time left and a run's elapsed time (Date.now; tests pin it). */
	readonly now?: () => number;
};

/** The title line's right side: who is signed in, and whether this is the sandbox. */
export function statusText(state: AppState): string {
	const cloud = state.cloud === 'sandbox' ? 'sandbox' : '';
	if (!state.account) return cloud;
	return cloud ? `${state.account.username} · ${cloud}` : state.account.username;
}
