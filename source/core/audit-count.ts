// Counts the changes a run's audit log takes, so the end of a write can say where they were
// recorded, or that there were none, instead of pointing at a file that does not hold this run.

import type {LaunchPorts} from './launch-run.js';

export function countingAudit(ports: LaunchPorts): {ports: LaunchPorts; count: () => number} {
	let recorded = 0;
	return {
		ports: {
			...ports,
			audit: async (folder, options) => {
				const audit = await ports.audit(folder, options);
				return {
					async record(entry) {
						await audit.record(entry);
						recorded++;
					},
				};
			},
		},
		count: () => recorded,
	};
}
