// A small spinner so a wait looks alive. Written here rather than pulling in @inkjs/ui for one
// component; it animates only while mounted.

import React, {useEffect, useState} from 'react';
import {Text} from 'ink';
import {withEllipsis} from '../ui/glyphs.js';
import {useTheme} from '../ui/theme.js';

export type SpinnerProps = {
	/** Text after the spinner. */
	readonly label?: string;
};

export function Spinner({label}: SpinnerProps): React.JSX.Element {
	const theme = useTheme();
	const frames = theme.glyphs.spinner;
	const [frame, setFrame] = useState(0);
	useEffect(() => {
		const timer = setInterval(() => setFrame(previous => (previous + 1) % frames.length), 100);
		return () => clearInterval(timer);
	}, [frames]);
	return (
		<Text>
			<Text {...theme.accent}>{frames[frame % frames.length]}</Text>
			{label ? ` ${withEllipsis(label, theme.glyphs)}` : ''}
		</Text>
	);
}
