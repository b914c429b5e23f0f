import { workflowSettingsPatchSchema } from '@citydesk/shared';
import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../platform/deps.js';
import { parseInput } from '../../platform/errors.js';
import { contextOf, requirePermission } from '../../platform/http/guard.js';
import { getWorkflowSettings, updateWorkflowSettings } from './settings.service.js';

export function registerSettingsRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  const manage = { preHandler: requirePermission('settings.manage') };

  app.get('/api/settings/workflow', manage, async () => getWorkflowSettings(deps.db, deps.config));

  app.put('/api/settings/workflow', manage, async (request) => {
    const patch = parseInput(workflowSettingsPatchSchema, request.body);
    return updateWorkflowSettings(deps.db, contextOf(request, deps.clock), deps.config, patch);
  });
}
