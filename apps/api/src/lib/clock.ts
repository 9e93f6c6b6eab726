/**
 * Time is a dependency of the app, not a global: tests pass their own clock to
 * make sessions expire or lock-outs end without waiting.
 */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
