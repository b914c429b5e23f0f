export { registerGridRoutes } from './grid.routes.js';
export { quickEvents } from './grid.service.js';
