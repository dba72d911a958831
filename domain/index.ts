export * from './vocabulary';
export * from './commands';
export * from './events';
export * from './state';
export * from './policy';
export * from './errors';
export { decide, type DecisionContext } from './decide';
export { evolve, fold } from './evolve';
