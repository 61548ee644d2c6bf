// The alternate screen (Ink 6 has no option for it): enter before the first frame, leave after
// unmount — and on process exit as a last resort, so a crash never leaves the shell unusable.

const enterSequence = '\u001B[?1049h\u001B[H';
/** Leave the alternate screen and show the cursor Ink hid. */
const leaveSequence = '\u001B[?1049l\u001B[?25h';

export type AlternateScreen = {
	enter(): void;
	leave(): void;
	/** The terminal is gone: forget the screen without writing to it. */
	abandon(): void;
};

export function alternateScreen(stream: {write(text: string): unknown}): AlternateScreen {
	let active = false;
	const abandon = () => {
		active = false;
		process.off('exit', leave);
	};
	const leave = () => {
		if (!active) return;
		abandon();
		stream.write(leaveSequence);
	};
	return {
		enter() {
			if (active) return;
			active = true;
			process.on('exit', leave);
			stream.write(enterSequence);
		},
		leave,
		abandon,
	};
}
