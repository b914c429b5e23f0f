export type { AppUserTable } from './auth.tables.js';
export { installAuth, sessionCookie } from './auth.plugin.js';
export { registerAuthRoutes } from './auth.routes.js';
export {
  createUser,
  getUserByUsername,
  resetPassword,
  signIn,
  resolveSession,
  type UserView,
  type MeView,
} from './auth.service.js';
export { findDisplayNames as displayNamesByIds } from './auth.repository.js';
export { checkPasswordPolicy, hashPassword, verifyPassword } from './password.js';
export { assertAdminSeparation } from './auth.policy.js';
export {
  createApiClient,
  resolveApiClient,
  insertApiClient,
  updateApiClient,
  issueApiKey,
  revokeApiKey,
  findApiClient,
  listApiClients,
  listApiKeys,
  apiClientActor,
  type ApiClientKeyTable,
  type ApiClientTable,
  type ApiClientPatch,
  type NewApiClient,
} from './api-clients.js';
