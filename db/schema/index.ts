export * from './organisation';
export * from './staff';
export * from './audit';
export * from './settings';
export * from './attachments';
