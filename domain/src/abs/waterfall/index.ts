// The payment waterfall of a collection period (docs/abs-waterfall.md).
export * from './accrual.js';
export * from './allocation.js';
export * from './terms.js';
export * from './waterfall.js';
export * from './period-waterfall.js';
