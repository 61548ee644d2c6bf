// What Ink's useInput cannot tell apart, read from the raw key sequence: F1 (passed on as an
// empty input with no flag) and the Delete key (reported as `delete`, exactly like Backspace).
// Call it before useInput: its listener is added first and stays first (useInput re-subscribes on
// every render), so the sequence is known when the useInput handler runs for the same key.

import {useEffect, useRef} from 'react';
import {useStdin, type Key} from 'ink';
import type {PressedKey} from '../ui/keymap.js';

const f1Sequences = new Set(['\u001BOP', '\u001B[11~', '\u001B[[A', '\u001B[1P']);
const forwardDeleteSequences = new Set(['\u001B[3~', '\u001B[3$', '\u001B[3^']);

/** Returns a function that adds to Ink's key what only the raw sequence of the same key says. */
export function useRawKeys(): (input: string, key: Key) => PressedKey {
	const {internal_eventEmitter: emitter} = useStdin();
	const last = useRef<string | undefined>(undefined);
	useEffect(() => {
		const remember = (data: string) => {
			last.current = data;
		};
		emitter?.on('input', remember);
		return () => {
			emitter?.removeListener('input', remember);
		};
	}, [emitter]);
	return (input, key) => {
		const raw = last.current;
		last.current = undefined;
		if (raw === undefined) return key;
		if (input === '' && f1Sequences.has(raw)) return {...key, f1: true};
		if (key.delete && forwardDeleteSequences.has(raw)) return {...key, forwardDelete: true};
		return key;
	};
}
