export * from './organisation';
export * from './staff';
export * from './audit';
export * from './settings';
export * from './attachments';
export * from './children';
export * from './health';
export * from './portfolio';
