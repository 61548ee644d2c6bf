// Headless side of "writes that cannot mislead": before anything runs, a write's named targets are
// matched to the selected tenants. Names that match no selected tenant stop the run (exit 2, each
// named with its nearest match) unless --drop-unmatched gives them up on purpose, out loud.

import {TenantdeckError} from '../core/errors.js';
import {counted, describeProblem, dropProblems, noTargetsNote, plural, resolveWriteTargets, type ResolveRequest, type WritePlan} from '../core/write-targets.js';

/** What resolving the targets needs, and what to do with names that match no selected tenant. */
export type WriteCheck = ResolveRequest & {
	readonly signal: AbortSignal;
	readonly dropUnmatched: boolean;
	readonly log: (line: string) => void;
};

export async function checkWriteTargets(check: WriteCheck): Promise<WritePlan> {
	const {operation, params, selected, known, graph, signal, log} = check;
	let plan = await resolveWriteTargets({operation, params, selected, known, graph, signal});
	const noun = plan.declaration?.noun ?? 'target';
	const undeclared = noTargetsNote(operation, plan);
	if (undeclared) log(undeclared);
	if (plan.problems.length > 0) {
		const lines = plan.problems.map(problem => `  ${describeProblem(problem, noun)}`).join('\n');
		const count = counted(plan.problems.length, noun);
		if (!check.dropUnmatched) {
			throw new TenantdeckError('invalid', `${operation.id}: ${count} cannot be matched to the selected tenants, so nothing was run:\n${lines}\n`, {
				hint: 'Fix the names (or select the tenant that owns them), or add --drop-unmatched to run on the rest.',
			});
		}
		log(`Dropped ${count} (--drop-unmatched); they are not changed:\n${lines}`);
		plan = dropProblems(plan);
	}
	if (plan.idle.length > 0) {
		const names = plan.idle.map(tenant => tenant.tenantDomain).join(', ');
		log(`Left out ${plan.idle.length} selected tenant${plan.idle.length === 1 ? '' : 's'} that own${plan.idle.length === 1 ? 's' : ''} none of the named ${plural(noun)}: ${names}`);
	}
	if (plan.tenants.length === 0) throw new TenantdeckError('invalid', `${operation.id}: none of the named ${plural(noun)} is left to change, so nothing was run.`);
	return plan;
}
