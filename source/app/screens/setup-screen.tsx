// The setup guide for a real partner: the app registration to create, its delegated permissions,
// and where the client id goes. Read-only text; tenantdeck never creates the app itself. On a
// short terminal the guide scrolls like a list and says how many rows lie below and above.

import React, {useEffect, useState} from 'react';
import {Box, Text} from 'ink';
import {Frame} from '../../components/frame.js';
import {hiddenText} from '../../components/window.js';
import {availableCommands, type KeyTarget} from '../../ui/key-dispatch.js';
import {listMoves} from '../../ui/list-moves.js';
import {useTheme} from '../../ui/theme.js';
import {keyScopesFor} from '../state/key-scopes.js';
import {statusText, type ScreenProps} from './screen-props.js';
import {setupLayout, stepWidth, type Permissions, type SetupLayout} from './setup-guide.js';

let loadedPermissions: Permissions | undefined;

/** The permission list, loaded on the setup screen's first showing (see setup-permissions.ts). */
function usePermissions(): Permissions | undefined {
	const [permissions, setPermissions] = useState(loadedPermissions);
	useEffect(() => {
		if (permissions) return;
		let mounted = true;
		void import('./setup-permissions.js').then(module => {
			loadedPermissions = module.delegatedPermissions;
			if (mounted) setPermissions(loadedPermissions);
		});
		return () => {
			mounted = false;
		};
	}, [permissions]);
	return permissions;
}

export type SetupScreenProps = ScreenProps & {
	/** The config folder (…/tenantdeck), to name the profile file exactly. */
	readonly configFolder: string;
};

/** The guide as the keys see it: a key comes after the first frame, so the permissions are loaded. */
function layoutFor({width, height, configFolder}: ScreenProps, permissions = loadedPermissions): SetupLayout {
	return setupLayout(configFolder ?? '', permissions, width, height);
}

export function setupKeys(props: ScreenProps): KeyTarget<'setup' | 'list'> {
	const {state, intents} = props;
	const {limit, shown} = layoutFor(props);
	// A guide that fits has nothing to scroll, and the footer offers no move keys.
	const scroll = limit > 0 ? listMoves({cursor: Math.min(state.setupScroll ?? 0, limit), count: limit + 1, page: shown}, intents.setupScroll) : {};
	return {contexts: keyScopesFor(state), handlers: {back: intents.back, sandbox: intents.chooseSandbox, ...scroll}};
}

export function SetupScreen(props: SetupScreenProps): React.JSX.Element {
	const {state, width, height} = props;
	const theme = useTheme();
	const {contexts, handlers} = setupKeys(props);
	const available = availableCommands(handlers);
	const {rows, shown, limit} = layoutFor(props, usePermissions());
	const start = Math.min(state.setupScroll ?? 0, limit);
	const hidden = hiddenText(start, shown, rows.length);
	return (
		<Frame title="Set up a real partner" status={statusText(state)} width={width} height={height} contexts={contexts} available={available} notice={state.notice}>
			{rows.slice(start, start + shown).map((row, index) => (
				// Rows come wrapped to the width: each takes exactly one line, so none is drawn over another.
				<Box key={start + index} height={1} flexShrink={0}>
					{row.step === undefined ? null : <Box width={stepWidth} flexShrink={0}><Text {...theme.accent}>{row.step}</Text></Box>}
					<Text wrap="truncate">{row.spans.map((span, part) => <Text key={part} {...(span.style ? theme[span.style] : {})}>{span.text}</Text>)}</Text>
				</Box>
			))}
			{hidden ? <Text wrap="truncate" {...theme.muted}>{`  ${hidden}`}</Text> : null}
		</Frame>
	);
}
