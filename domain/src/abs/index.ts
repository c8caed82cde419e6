// Domain types of the abs area, shared by chaincode, gateway and verifier.
export * from './amounts.js';
export * from './batch.js';
export * from './deal.js';
export * from './deal-transitions.js';
export * from './events.js';
export * from './identifiers.js';
export * from './loan.js';
export * from './metrics/period-metrics.js';
export * from './metrics/rounding.js';
export * from './metrics/triggers.js';
export * from './organisations.js';
export * from './period-report.js';
export * from './period-row.js';
export * from './period-totals.js';
export * from './pool.js';
export * from './tape.js';
export * from './totals.js';
