// What the lesson bar shows: the lesson's title, the step the learner is on (what to do and why),
// a mistake with how to undo it, or — once done — the PowerShell the learner no longer types.

import type {Mistake} from '../../core/lessons/checks.js';

export type LessonView = {
	readonly id: string;
	readonly title: string;
	/** 0-based; equals stepCount once every step passed. */
	readonly step: number;
	readonly stepCount: number;
	readonly do?: string;
	readonly why?: string;
	readonly mistake?: Mistake;
	readonly done: boolean;
	readonly powershell: readonly string[];
	/** The lessons still to do after this one, for the closing line. */
	readonly next?: string;
};
