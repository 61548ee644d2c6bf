// The root: picks the screen for the state, lays it out to the terminal's size, and owns the
// keys that work everywhere (?, q, Ctrl+C). Overlays take the keys before the screen does.

import React from 'react';
import {Box, Text, useInput} from 'ink';
import {HelpOverlay} from '../components/help-overlay.js';
import {noticeRows} from '../components/frame.js';
import {LessonBar, lessonBarRows} from '../components/lesson-bar.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {forEachKey} from '../ui/key-dispatch.js';
import {useTheme} from '../ui/theme.js';
import type {Glyphs} from '../ui/glyphs.js';
import {displayWidth} from '../core/reports/text-width.js';
import {hasTextFocus, shownNotice, type AppState} from './state/app-state.js';
import {helpLayout} from './state/help-lines.js';
import {useRawKeys} from '../hooks/use-raw-keys.js';
import {routeKey} from './key-router.js';
import {useAppState, type Store} from './store.js';
import type {Intents, ScreenProps} from './screens/screen-props.js';
import {StartingScreen, WelcomeScreen} from './screens/welcome-screen.js';
import {SetupScreen} from './screens/setup-screen.js';
import {SignInScreen} from './screens/sign-in-screen.js';
import {TenantPickerScreen} from './screens/tenant-picker-screen.js';
import {OperationPickerScreen} from './screens/operation-picker-screen.js';
import {ParamsScreen} from './screens/params-screen.js';
import {ConfirmScreen} from './screens/confirm-screen.js';
import {RunScreen} from './screens/run-screen.js';
import {ResultsScreen} from './screens/results-screen.js';
import {DoctorScreen} from './screens/doctor-screen.js';

export type AppProps = {
	readonly store: Store;
	readonly intents: Intents;
	/** The config folder, named in the setup guide. */
	readonly configFolder: string;
};

/** Smallest terminal the layout is designed for; below it the app says so instead of garbling. */
export const minimum = {columns: 60, rows: 16};

export function App({store, intents, configFolder}: AppProps): React.JSX.Element {
	const state = useAppState(store);
	const {columns, rows} = useTerminalSize();
	// One row short of the terminal: Ink then repaints in place instead of clearing the screen.
	return <AppView state={state} getState={store.getState} intents={intents} configFolder={configFolder} width={columns} height={rows - 1} />;
}

export type AppViewProps = {
	readonly state: AppState;
	/** The state right now, for keys that arrive before the next render; defaults to `state`. */
	readonly getState?: () => AppState;
	readonly intents: Intents;
	readonly configFolder: string;
	readonly width: number;
	readonly height: number;
	/** The screens' clock (ScreenProps.now). */
	readonly now?: () => number;
};

export function AppView({state, getState, intents, configFolder, width, height, now}: AppViewProps): React.JSX.Element {
	const theme = useTheme();
	// Before useInput, so F1 and the Delete key are known when its handler runs.
	const pressed = useRawKeys();
	// A screen gets the rows it is drawn in (a scroll limit from the whole terminal left rows unreachable).
	const propsFor = (current: AppState): ScreenProps => ({state: current, intents, width, height: screenRows(current, width, height, theme.glyphs), configFolder, now});
	useInput((input, inkKey) => {
		const key = pressed(input, inkKey);
		// Each key of a burst sees the state the previous key left, not the last render's.
		const props = () => propsFor(getState?.() ?? state);
		forEachKey(input, key, () => hasTextFocus(props().state), (one, oneKey) => routeKey(props(), one, oneKey));
	});

	if (width < minimum.columns || height < minimum.rows - 1) {
		return <Text wrap="wrap">{`tenantdeck needs at least ${minimum.columns}×${minimum.rows}; this terminal is ${width}×${height + 1}. Make it larger, or press q to quit.`}</Text>;
	}
	if (state.overlay === 'help') return <HelpOverlay layout={helpLayout(state, width, height)} scroll={state.helpScroll ?? 0} width={width} height={height} />;
	// A guided lesson (tenantdeck learn) sits above the screen; the screen gets the rest.
	const lessonRows = lessonBarRows(state.lesson, width, height);
	const quitRows = quitAskRows(width);
	const props = propsFor(state);
	return (
		<Box flexDirection="column" width={width} height={height}>
			{state.lesson ? <LessonBar view={state.lesson} width={width} rows={lessonRows} /> : null}
			<ScreenFor props={props} configFolder={configFolder} />
			{state.overlay === 'quit-ask' ? (
				<Box borderStyle={theme.glyphs.border} borderColor={theme.border} paddingX={1} height={quitRows + 2} width={width} flexDirection={quitRows > 1 ? 'column' : 'row'}>
					<Text wrap="truncate" {...theme.warning}>{quitQuestion}</Text>
					<Text wrap="truncate">{quitRows > 1 ? '' : '  '}<Text {...theme.accent}>y</Text> quit  <Text {...theme.accent}>n</Text>/<Text {...theme.accent}>Esc</Text> stay</Text>
				</Box>
			) : null}
		</Box>
	);
}

/**
 * The rows a screen is drawn in: the terminal's, less a lesson bar above, a notice's extra rows and
 * the quit box below. The help overlay takes the whole terminal.
 */
function screenRows(state: AppState, width: number, height: number, glyphs: Glyphs): number {
	if (state.overlay === 'help') return height;
	return height - lessonBarRows(state.lesson, width, height) - (noticeRows(shownNotice(state), width, glyphs) - 1) - (state.overlay === 'quit-ask' ? quitAskRows(width) + 2 : 0);
}

const quitQuestion = 'Quit and stop the run? Finished rows stay saved.';
const quitKeys = 'y quit  n/Esc stay';

/**
 * Rows inside the quit box: the question and its keys side by side when they fit between the
 * borders and padding, else the keys on a row of their own — never cut off at 60 columns.
 */
export function quitAskRows(width: number): number {
	return displayWidth(quitQuestion) + 2 + displayWidth(quitKeys) <= width - 4 ? 1 : 2;
}

function ScreenFor({props, configFolder}: {readonly props: ScreenProps; readonly configFolder: string}): React.JSX.Element {
	switch (props.state.screen) {
		case 'starting': return <StartingScreen {...props} />;
		case 'welcome': return <WelcomeScreen {...props} />;
		case 'setup': return <SetupScreen {...props} configFolder={configFolder} />;
		case 'sign-in': return <SignInScreen {...props} />;
		case 'tenants': return <TenantPickerScreen {...props} />;
		case 'operations': return <OperationPickerScreen {...props} />;
		case 'params': return <ParamsScreen {...props} />;
		case 'confirm': return <ConfirmScreen {...props} />;
		case 'run': return <RunScreen {...props} />;
		case 'tenant-rows': return <ResultsScreen {...props} which="tenant-rows" />;
		case 'results': return <ResultsScreen {...props} which="results" />;
		case 'doctor': return <DoctorScreen {...props} />;
	}
}
