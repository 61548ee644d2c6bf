// The parameters form, one field per schema key: the description under each, defaults already
// filled in, and core's validation message on the field it is about.

import React from 'react';
import {Box, Text} from 'ink';
import {Frame} from '../../components/frame.js';
import {TextInput} from '../../components/text-input.js';
import {availableCommands, type KeyTarget} from '../../ui/key-dispatch.js';
import {useTheme} from '../../ui/theme.js';
import {keyScopesFor} from '../state/key-scopes.js';
import type {Field, FormValue} from '../state/params-state.js';
import {statusText, type ScreenProps} from './screen-props.js';
import {RiskBadge} from './operation-picker-screen.js';

export function paramsKeys({state, intents}: ScreenProps): KeyTarget<'params' | 'choice'> {
	const {form} = state;
	const focused = form?.fields[form.focus];
	const typing = focused !== undefined && (focused.kind === 'text' || focused.kind === 'number');
	const several = form !== undefined && form.fields.length > 1;
	return {
		contexts: keyScopesFor(state),
		handlers: {
			'next-field': several ? () => intents.formFocus(1) : undefined,
			'previous-field': several ? () => intents.formFocus(-1) : undefined,
			'change-choice': focused && !typing ? () => intents.formCycle(1) : undefined,
			submit: intents.submitParams,
			back: intents.back,
		},
		typing,
		onEdit: typing ? intents.formEdit : undefined,
	};
}

export function ParamsScreen(props: ScreenProps): React.JSX.Element {
	const {state, width, height} = props;
	const theme = useTheme();
	const {form, operation} = state;
	const {contexts, handlers} = paramsKeys(props);
	const available = availableCommands(handlers);
	if (!form || !operation) return <Text>No operation chosen.</Text>;
	const generalError = form.error && !form.error.field ? form.error.message : undefined;
	return (
		<Frame title={`${operation.title} — parameters`} status={statusText(state)} width={width} height={height} contexts={contexts} available={available} notice={state.notice}>
			<Text><RiskBadge operation={operation} /> <Text {...theme.muted}>{`${operation.id} on ${state.picker.selected.size} tenant${state.picker.selected.size === 1 ? '' : 's'}`}</Text></Text>
			<Text> </Text>
			{form.fields.length === 0 ? <Text>This operation takes no parameters. Press Enter to go on.</Text> : null}
			{form.fields.map((field, index) => (
				<Box key={field.name} flexDirection="column" marginBottom={1}>
					<Text>
						<Text {...(index === form.focus ? theme.accent : {})}>{`${index === form.focus ? '›' : ' '} ${field.name}`}</Text>
						<Text {...theme.muted}>{`  ${kindLabel(field)}`}</Text>
					</Text>
					<Text>{'    '}<FieldValue field={field} value={form.values[field.name]} focused={index === form.focus} width={width - 6} cursor={state.textCursor?.field === `param:${field.name}` ? state.textCursor.at : undefined} /></Text>
					{field.description ? <Text {...theme.muted} wrap="wrap">{`    ${field.description}`}</Text> : null}
					{form.error?.field === field.name ? <Text {...theme.danger} wrap="wrap">{`    ${form.error.message}`}</Text> : null}
				</Box>
			))}
			{generalError ? <Text {...theme.danger} wrap="wrap">{generalError}</Text> : null}
		</Frame>
	);
}

function kindLabel(field: Field): string {
	const kind = field.kind === 'choice' ? `one of ${field.choices?.join(' / ')}` : field.kind === 'boolean' ? 'yes / no' : field.kind;
	const extra = field.defaultValue !== undefined ? `default ${String(field.defaultValue)}` : field.optional ? 'optional' : 'required';
	return `${kind}, ${extra}`;
}

function FieldValue({field, value, focused, width, cursor}: {readonly field: Field; readonly value: FormValue | undefined; readonly focused: boolean; readonly width: number; readonly cursor?: number}): React.JSX.Element {
	const theme = useTheme();
	if (field.kind === 'boolean') return <Text {...(focused ? theme.cursor : {})}>{value ? '[x] yes' : '[ ] no'}</Text>;
	if (field.kind === 'choice') return <Text {...(focused ? theme.cursor : {})}>{`‹ ${String(value)} ›`}</Text>;
	return <TextInput value={String(value ?? '')} focused={focused} width={width} cursor={cursor} placeholder={field.optional ? '(empty: leave out)' : ''} />;
}
