// The first screen without a partner profile: practise on the sandbox, or learn how to connect a
// real partner tenant. Also the "starting" screen shown while the cloud connection opens.

import React from 'react';
import {Box, Text} from 'ink';
import {Frame, frameChrome} from '../../components/frame.js';
import {Spinner} from '../../components/spinner.js';
import {wrapText} from '../../core/reports/text-width.js';
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

const intro = 'Run the same Microsoft 365 work across many customer tenants, one keyboard-driven screen.';
const noProfile = 'No partner profile is set up on this machine yet.';

/**
 * The intro in rows of the width, and whether the blank row under it fits. Wrapped here rather
 * than by Ink: when the body is a row or two short (60×20), Yoga shrank the wrapped intro to one
 * row and its end ("tenants, one keyboard-driven screen.") was lost without a mark; the blank row
 * is what gives way instead.
 */
export function welcomeLayout(width: number, height: number): {introLines: string[]; spacer: boolean} {
	const introLines = wrapText(intro, width);
	const choices = welcomeChoices.reduce((rows, choice) => rows + 1 + (choice.detail ? wrapText(choice.detail, width - 2).length : 0), 0);
	// Intro, the no-profile line, the blank row, and the choices with a row between each two.
	const needed = introLines.length + 1 + 1 + choices + welcomeChoices.length - 1;
	return {introLines, spacer: needed <= height - frameChrome};
}

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
	const {introLines, spacer} = welcomeLayout(width, height);
	return (
		<Frame title="Welcome" status={statusText(state)} width={width} height={height} contexts={contexts} available={available} notice={state.notice}>
			{introLines.map((line, index) => <Text key={index} wrap="truncate">{line}</Text>)}
			<Text wrap="truncate" {...theme.muted}>{noProfile}</Text>
			{spacer ? <Text> </Text> : null}
			{welcomeChoices.map((choice, index) => (
				<Box key={choice.label} flexDirection="column" marginBottom={index < welcomeChoices.length - 1 ? 1 : 0}>
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
