// Ports that fail loudly when a test did not expect them to be called.

import type {ExchangePort, GraphPort} from '../../source/core/ports.js';

export const unexpectedGraph: GraphPort = {
	get: () => Promise.reject(new Error('unexpected graph.get')),
	post: () => Promise.reject(new Error('unexpected graph.post')),
	patch: () => Promise.reject(new Error('unexpected graph.patch')),
	list: () => {
		throw new Error('unexpected graph.list');
	},
};

export const unexpectedExchange: ExchangePort = {
	run: () => Promise.reject(new Error('unexpected exchange.run')),
};
