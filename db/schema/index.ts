export * from './audit-log';
export * from './auth';
export * from './consultations';
export * from './mail-outbox';
export * from './rate-limits';
export * from './submissions';
export * from './triage';
export * from './results';
