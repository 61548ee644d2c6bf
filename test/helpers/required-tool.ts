// Tests that need a tool from the machine (Chromium, tmux) find it on PATH, the way `.ci/run`'s
// `command -v` does, and say plainly when they skip. With TENANTDECK_REQUIRE_<NAME>=1 (as .ci/run
// sets) a missing tool is a failure, never a silent skip.

import {accessSync, constants} from 'node:fs';
import {delimiter, join} from 'node:path';

/** The tool's path on PATH, or undefined. */
export function findOnPath(name: string, path = process.env['PATH'] ?? ''): string | undefined {
	for (const folder of path.split(delimiter).filter(Boolean)) {
		const candidate = join(folder, name);
		try {
			accessSync(candidate, constants.X_OK);
			return candidate;
		} catch {}
	}
	return undefined;
}

export type RequiredTool = {
	/** Where the tool is, when found. */
	readonly path?: string;
	/** The environment switch that makes it required. */
	readonly switchName: string;
	readonly required: boolean;
	/** Run the tests (found, or required so that they fail). */
	readonly run: boolean;
	/** The test title, marked as skipped with the reason when not run. */
	title(name: string): string;
};

export function requiredTool(name: string, switchName: string): RequiredTool {
	const path = findOnPath(name);
	const required = process.env[switchName] === '1';
	return {
		path, switchName, required,
		run: path !== undefined || required,
		title: title => (path !== undefined || required ? title : `${title} (skipped: ${name} is not on PATH; set ${switchName}=1 to require it)`),
	};
}
