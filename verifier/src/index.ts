// Offline verification of receipts and notary reports.
export {};
