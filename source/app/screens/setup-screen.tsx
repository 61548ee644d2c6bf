// The setup guide for a real partner: the app registration to create, its delegated permissions,
// and where the client id goes. Read-only text; tenantdeck never creates the app itself.

import React, {useEffect, useState} from 'react';
import {join} from 'node:path';
import {Box, Text} from 'ink';
import {Frame} from '../../components/frame.js';
import {availableCommands, type KeyTarget} from '../../ui/key-dispatch.js';
import {useTheme} from '../../ui/theme.js';
import {keyScopesFor} from '../state/key-scopes.js';
import {statusText, type ScreenProps} from './screen-props.js';
import {consentRoles, roleNames} from '../../core/permissions.js';

type Permissions = ReadonlyArray<readonly [string, string]>;
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

export function setupKeys({state, intents}: ScreenProps): KeyTarget<'setup'> {
	return {contexts: keyScopesFor(state), handlers: {back: intents.back, sandbox: intents.chooseSandbox}};
}

export function SetupScreen(props: SetupScreenProps): React.JSX.Element {
	const {state, width, height, configFolder} = props;
	const theme = useTheme();
	const {contexts, handlers} = setupKeys(props);
	const available = availableCommands(handlers);
	const profile = join(configFolder, 'profile.json');
	const permissions = usePermissions();
	const lines: Array<[string, React.JSX.Element | string]> = [
		['1', 'In the Microsoft Entra admin center of your partner tenant: App registrations › New registration. Name it "tenantdeck"; account types: multitenant (a customer token needs the app in that customer).'],
		['2', 'Authentication: add the platform "Mobile and desktop applications" (a public client) and set "Allow public client flows" to Yes — that allows the device code flow.'],
		['3', <Text key="perm">API permissions › Add › Delegated: {permissions ? permissions.map(([api, name]) => `${name}${api === 'Microsoft Graph' ? '' : ` (${api})`}`).join(', ') : '(listing them…)'}. Then "Grant admin consent".</Text>],
		['4', <Text key="save">Copy the Application (client) ID into <Text {...theme.accent}>{profile}</Text> as {'{"clientId": "<id>"}'} (or set TENANTDECK_CLIENT_ID; add "cloud": "usgov", "dod" or "china" for a sovereign cloud), then sign in.</Text>],
		['5', <Text key="consent">Grant the app into your customers: <Text {...theme.accent}>tenantdeck consent --tenants all --dry-run</Text>, then with --yes. Needs a GDAP role that may consent: {roleNames(consentRoles)}.</Text>],
		['6', <Text key="doctor">Check a customer before a run: <Text {...theme.accent}>tenantdeck doctor --op {'<id>'} --tenants all</Text> — consent, token scopes, GDAP roles and reachability per customer — or press d in the tenant picker.</Text>],
	];
	return (
		<Frame title="Set up a real partner" status={statusText(state)} width={width} height={height} contexts={contexts} available={available} notice={state.notice}>
			<Text {...theme.muted}>tenantdeck signs in as you, with an app registration in your own partner tenant:</Text>
			<Text> </Text>
			{lines.map(([step, text]) => (
				<Box key={step} flexDirection="row">
					<Box width={3} flexShrink={0}><Text {...theme.accent}>{`${step}.`}</Text></Box>
					<Box flexGrow={1} flexShrink={1}><Text wrap="wrap">{text}</Text></Box>
				</Box>
			))}
		</Frame>
	);
}
