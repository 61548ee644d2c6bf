// The first screen without a partner profile: practise on the sandbox, or learn how to connect a
// real partner tenant. Also the "starting" screen shown while the cloud connection opens.

import React from 'react';
import {Box, Text} from 'ink';
import {Frame} from '../../components/frame.js';
import {Spinner} from '../../components/spinner.js';
import {availableCommands, type KeyTarget} from '../../ui/key-dispatch.js';
import {listMoves} from '../../ui/list-moves.js';
import {useTheme} from '../../ui/theme.js';
import {keyScopesFor} from '../state/key-scopes.js';
import {statusText, type ScreenProps} from './screen-props.js';

export const welcomeChoices = [
	{label: 'Practise on simulated customers', detail: 'A local sandbox partner with simulated customer tenants. Nothing at Microsoft is touched.'},
	{label: 'Guided practice', detail: 'Short lessons on simulated customers, checked as you go: safe writes, dry runs, runbooks.'},
	{label: 'Set up a real partner', detail: 'How to register the app tenantdeck signs in with, and where to save its client id.'},
	{label: 'Quit', detail: ''},
] as const;

export function welcomeKeys({state, intents}: ScreenProps): KeyTarget<'welcome' | 'list'> {
	const cursor = state.welcomeCursor;
	return {
		contexts: keyScopesFor(state),
		handlers: {
			choose: () => [intents.chooseSandbox, intents.startPractice, intents.showSetup, () => intents.requestQuit('key')][cursor]!(),
			...listMoves({cursor, count: welcomeChoices.length, page: 1}, intents.welcomeMove),
		},
	};
}

export function WelcomeScreen(props: ScreenProps): React.JSX.Element {
	const {state, width, height} = props;
	const theme = useTheme();
	const cursor = state.welcomeCursor;
	const {contexts, handlers} = welcomeKeys(props);
	const available = availableCommands(handlers);
	return (
		<Frame title="Welcome" status={statusText(state)} width={width} height={height} contexts={contexts} available={available} notice={state.notice}>
			<Text>Run the same Microsoft 365 work across many customer tenants, one keyboard-driven screen.</Text>
			<Text {...theme.muted}>No partner profile is set up on this machine yet.</Text>
			<Text> </Text>
			{welcomeChoices.map((choice, index) => (
				<Box key={choice.label} flexDirection="column" marginBottom={1}>
					<Text {...(index === cursor ? theme.cursor : {})}>{`${index === cursor ? '›' : ' '} ${choice.label}`}</Text>
					{choice.detail ? <Box paddingLeft={2}><Text {...theme.muted} wrap="wrap">{choice.detail}</Text></Box> : null}
				</Box>
			))}
		</Frame>
	);
}

export function StartingScreen({state, width, height}: ScreenProps): React.JSX.Element {
	return (
		<Frame title="Starting" status={statusText(state)} width={width} height={height} contexts={keyScopesFor(state)} notice={state.notice}>
			<Spinner label={state.starting} />
		</Frame>
	);
}
