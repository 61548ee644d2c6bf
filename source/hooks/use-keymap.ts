// Sends key presses to a screen's handlers through the keymap, so only keys the table lists do
// anything. A handler that is absent means "not available here", and the key falls through.

import {useInput, type Key} from 'ink';
import {findBinding, type KeyContext} from '../ui/keymap.js';

export type KeyHandlers = Partial<Record<string, () => void>>;

export type KeymapOptions = {
	readonly isActive?: boolean;
	/** Keys no binding took (typing into a focused field). */
	readonly onOther?: (input: string, key: Key) => void;
};

export function dispatchKey(contexts: readonly KeyContext[], handlers: KeyHandlers, input: string, key: Key, onOther?: (input: string, key: Key) => void): boolean {
	const binding = findBinding(contexts, input, key, command => handlers[command] !== undefined);
	if (binding) {
		handlers[binding.command]!();
		return true;
	}
	onOther?.(input, key);
	return false;
}

export function useKeymap(contexts: readonly KeyContext[], handlers: KeyHandlers, options: KeymapOptions = {}): void {
	useInput((input, key) => {
		dispatchKey(contexts, handlers, input, key, options.onOther);
	}, {isActive: options.isActive ?? true});
}
