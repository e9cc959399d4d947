/** The composition for tests: shared with the benchmarks, which the build compiles (tests it does not). */
export type { TestServices } from '../../../bench/support/services.js';
export { openServices } from '../../../bench/support/services.js';
