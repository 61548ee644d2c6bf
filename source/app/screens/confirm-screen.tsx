// Confirmation for writes: the tenants that will really change and the targets in each (names no
// selected tenant owns are listed with their nearest match and must be fixed or dropped first), the
// exact PowerShell for the values chosen, a dry run offered first, and the count typed to go. After
// the dry run, targets it found missing are listed as left out and no longer counted.

import React from 'react';
import {Box, Text} from 'ink';
import {TextInput} from '../../components/text-input.js';
import {availableCommands, type KeyTarget} from '../../ui/key-dispatch.js';
import {useTheme} from '../../ui/theme.js';
import {Frame, frameChrome} from '../../components/frame.js';
import {counted, noTargetsNote, plural, planSummary, powershellPreview, type WritePlan} from '../../core/write-targets.js';
import {ProblemList} from './confirm-problems.js';
import {keyScopesFor} from '../state/key-scopes.js';
import {statusText, type ScreenProps} from './screen-props.js';

/** Lines of PowerShell shown before "+N more". */
const shownPowerShell = 6;

export function confirmKeys({state, intents}: ScreenProps): KeyTarget<'confirm'> {
	const plan = state.writePlan?.phase === 'ready' ? state.writePlan.plan : undefined;
	const blocked = !plan || plan.problems.length > 0 || plan.tenants.length === 0;
	return {
		contexts: keyScopesFor(state),
		handlers: {
			go: blocked ? undefined : intents.confirmGo,
			'dry-run': blocked ? undefined : intents.dryRun,
			'drop-unmatched': plan && plan.problems.length > 0 ? intents.dropUnmatched : undefined,
			back: intents.back,
		},
		typing: true,
		onEdit: intents.editConfirm,
		// Enter while the write cannot start is not ignored: the controller says why.
		onOther: (_input, key) => {
			if (key.return && blocked) intents.confirmGo();
		},
	};
}

export function ConfirmScreen(props: ScreenProps): React.JSX.Element {
	const {state, width, height} = props;
	const theme = useTheme();
	const {contexts, handlers} = confirmKeys(props);
	const available = availableCommands(handlers);
	const {operation, params = {}, writePlan} = state;
	if (!operation) return <Text>No operation chosen.</Text>;
	const title = `Confirm: ${operation.title}${writePlan?.retry ? ' (retry of the failed tenants)' : ''}`;
	return (
		<Frame title={title} status={statusText(state)} width={width} height={height} contexts={contexts} available={available} notice={state.notice}>
			{writePlan?.phase === 'ready'
				? <PlanView plan={writePlan.plan} retry={writePlan.retry !== undefined} params={params} operation={operation} confirmText={state.confirmText} cursor={state.textCursor?.field === 'confirm' ? state.textCursor.at : undefined} width={width} height={height} />
				: writePlan?.phase === 'failed'
					? <Text wrap="wrap">{`The names could not be checked against the selected tenants: ${writePlan.error} Esc goes back to the form.`}</Text>
					: <Text>{`Checking the names against the selected tenants (reads only, nothing changes)${theme.glyphs.ellipsis}`}</Text>}
		</Frame>
	);
}

type PlanProps = {readonly plan: WritePlan; readonly retry: boolean; readonly params: Record<string, unknown>; readonly operation: NonNullable<ScreenProps['state']['operation']>; readonly confirmText: string; readonly cursor?: number; readonly width: number; readonly height: number};

function PlanView({plan, retry, params, operation, confirmText, cursor, width, height}: PlanProps): React.JSX.Element {
	const theme = useTheme();
	const noun = plan.declaration?.noun ?? 'target';
	if (plan.problems.length > 0) return <ProblemList plan={plan} width={width} rows={height - frameChrome} retry={retry} />;
	const preview = powershellPreview(operation, plan, params);
	const lines = preview.slice(0, shownPowerShell);
	const undeclared = noTargetsNote(operation, plan);
	const nameRoom = Math.max(1, height - 15 - lines.length - (plan.idle.length > 0 ? 1 : 0) - (plan.dropped.length > 0 ? 1 : 0) - ((plan.missing?.length ?? 0) > 0 ? 1 : 0) - (undeclared ? 2 : 0));
	const shown = plan.tenants.slice(0, nameRoom);
	const count = plan.tenants.length;
	return (
		<Box flexDirection="column">
			{undeclared ? <Text {...theme.danger} wrap="wrap">{undeclared}</Text> : null}
			<Text {...theme.danger}>{`This changes ${plan.declaration ? '' : 'data in '}${planSummary(plan)}:`}</Text>
			{shown.map(tenant => {
				const targets = plan.declaration ? `: ${(plan.targets.get(tenant.tenantId) ?? []).join(', ')}` : '';
				return <Text key={tenant.tenantId} wrap="truncate">{`  ${tenant.tenantName} (${tenant.tenantDomain})${targets}`}</Text>;
			})}
			{/* counted pluralises the whole phrase: "+1 more tenant", "+3 more tenants". */}
			{count > shown.length ? <Text {...theme.muted}>{`  +${counted(count - shown.length, 'more tenant')}`}</Text> : null}
			{plan.idle.length > 0 ? <Text {...theme.muted} wrap="truncate">{`  Left out (own none of the named ${plural(noun)}): ${plan.idle.map(tenant => tenant.tenantDomain).join(', ')}`}</Text> : null}
			{plan.dropped.length > 0 ? <Text {...theme.muted} wrap="truncate">{`  Dropped, not changed: ${plan.dropped.join(', ')}`}</Text> : null}
			{plan.missing?.length ? <Text {...theme.muted} wrap="truncate">{`  Not found by the dry run, left out: ${plan.missing.join(', ')}`}</Text> : null}
			<Text wrap="truncate">{`With: ${Object.entries(params).map(([name, value]) => `${name} = ${Array.isArray(value) ? value.join(', ') : String(value)}`).join('; ')}`}</Text>
			<Text>The PowerShell this runs:</Text>
			{lines.map((line, index) => <Text key={index} {...theme.muted} wrap="truncate">{`  ${line}`}</Text>)}
			{preview.length > lines.length ? <Text {...theme.muted}>{`  +${counted(preview.length - lines.length, 'more line')}`}</Text> : null}
			<Text> </Text>
			<Text>Press <Text {...theme.accent}>Tab</Text> for a dry run first: it shows exactly what would change and changes nothing.</Text>
			<Text>{`Type ${count} or yes, then Enter, to make the change: `}<TextInput value={confirmText} focused cursor={cursor} /></Text>
		</Box>
	);
}
