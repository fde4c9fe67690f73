export * from './audit-log';
export * from './consultations';
export * from './rate-limits';
export * from './mail-outbox';
export * from './submissions';
