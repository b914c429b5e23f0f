export type {
  CitizenGroupMemberTable,
  CitizenSessionTable,
  PortalRateWindowTable,
  SmsCodeTable,
} from './portal.tables.js';
export { registerPortalRoutes, citizenCookie, type PortalRoutes } from './portal.routes.js';
export { groupTags, keySupervisionTag } from './portal.service.js';
