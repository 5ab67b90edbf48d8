export * from './app.js';
export * from './deps.js';
export { hashPassword, verifyPassword, checkPasswordPolicy } from './auth/password.js';
export { SESSION_COOKIE } from './auth/sessions.js';
export { CSRF_HEADER } from './auth/guard.js';
export { circleCoverage } from './services/coverage.js';
