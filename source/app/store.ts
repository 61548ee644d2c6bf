// A minimal external store: the controller dispatches, React subscribes. useSyncExternalStore
// renders each change once, and screens re-render only when the state object changes.

import {useSyncExternalStore} from 'react';
import type {AppState} from './state/app-state.js';
import {appReducer, type AppAction} from './state/app-reducer.js';

export type Store = {
	getState(): AppState;
	dispatch(action: AppAction): void;
	subscribe(listener: () => void): () => void;
};

export function createStore(initial: AppState): Store {
	let state = initial;
	const listeners = new Set<() => void>();
	return {
		getState: () => state,
		dispatch(action) {
			const next = appReducer(state, action);
			if (next === state) return;
			state = next;
			for (const listener of listeners) listener();
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => {
				listeners.delete(listener);
			};
		},
	};
}

export function useAppState(store: Store): AppState {
	return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}
