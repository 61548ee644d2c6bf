// Device code sign-in: one plain line with the address and the code, as az and gh print it, so
// a terminal over SSH can copy it whole (no box, no spacing, the URL once); the time left, and a
// spinner while Microsoft waits for the approval. Failures say why and offer a retry.

import React from 'react';
import {Box, Text} from 'ink';
import {Frame} from '../../components/frame.js';
import {Spinner} from '../../components/spinner.js';
import {availableCommands, type KeyHandlers, type KeyTarget} from '../../ui/key-dispatch.js';
import {formatDuration, useNow} from '../../hooks/use-now.js';
import {useTheme} from '../../ui/theme.js';
import {keyScopesFor} from '../state/key-scopes.js';
import {statusText, type ScreenProps} from './screen-props.js';

/** The one line to copy from: the address once and the code exactly as Microsoft issued it. */
export function deviceCodeLine(code: {readonly userCode: string; readonly verificationUri: string}): string {
	return `To sign in, open ${code.verificationUri} and enter the code ${code.userCode}`;
}

export function signInKeys({state, intents}: ScreenProps): KeyTarget<'sign-in'> {
	const {phase} = state.signIn;
	const handlers: KeyHandlers<'sign-in'> = phase === 'waiting' ? {'cancel-sign-in': intents.cancelSignIn} : phase === 'opening' ? {} : {retry: intents.retrySignIn};
	return {contexts: keyScopesFor(state), handlers};
}

export function SignInScreen(props: ScreenProps): React.JSX.Element {
	const {state, width, height, now = Date.now} = props;
	const theme = useTheme();
	const {phase, code, error} = state.signIn;
	const waiting = phase === 'waiting' || phase === 'opening';
	const clock = useNow(1000, waiting && code !== undefined, now);
	const {contexts, handlers} = signInKeys(props);
	const available = availableCommands(handlers);
	let body: React.JSX.Element;
	if (phase === 'failed') {
		body = (
			<Box flexDirection="column">
				<Text {...theme.danger}>Sign-in did not work.</Text>
				<Text wrap="wrap">{error ?? 'Unknown error.'}</Text>
				<Text> </Text>
				<Text {...theme.muted}>Press Enter to try again, or q to quit.</Text>
			</Box>
		);
	} else if (phase === 'cancelled') {
		body = <Text>Sign-in cancelled. <Text {...theme.muted}>Press Enter to start again, or q to quit.</Text></Text>;
	} else if (!code) {
		body = <Spinner label={phase === 'opening' ? 'Connecting…' : 'Asking for a sign-in code…'} />;
	} else {
		const left = code.expiresAt - clock;
		body = (
			<Box flexDirection="column">
				<Text wrap="wrap">{deviceCodeLine(code)}</Text>
				<Text> </Text>
				<Text {...(left < 60_000 ? theme.warning : theme.muted)}>{left > 0 ? `The code works for ${formatDuration(left)} more.` : 'The code has expired: press Esc, then Enter for a new one.'}</Text>
				<Text> </Text>
				<Spinner label="Waiting for you to approve in the browser…" />
				{state.cloud === 'sandbox' ? <Text {...theme.muted}>The sandbox approves this code by itself in a moment.</Text> : null}
				{error ? <Text {...theme.warning} wrap="wrap">{error}</Text> : null}
			</Box>
		);
	}
	return (
		<Frame title="Sign in" status={statusText(state)} width={width} height={height} contexts={contexts} available={available} notice={state.notice}>
			{body}
		</Frame>
	);
}
