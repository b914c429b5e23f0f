export * from './errors.js';
export * from './roles.js';
export * from './schemas/common.js';
export * from './schemas/org.js';
export * from './schemas/auth.js';
export * from './schemas/catalogue.js';
export * from './schemas/calendar.js';
