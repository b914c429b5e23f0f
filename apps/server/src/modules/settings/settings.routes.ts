import { workflowSettingsPatchSchema } from '@citydesk/shared';
import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../platform/deps.js';
import { parseInput } from '../../platform/errors.js';
import { contextOf } from '../../platform/http/guard.js';
import { documented } from '../../platform/http/route-doc.js';
import { getWorkflowSettings, updateWorkflowSettings } from './settings.service.js';

export function registerSettingsRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  const read = documented({
    tag: 'settings',
    summary: 'The workflow settings: stored values, the environment’s defaults and what applies',
    access: ['settings.manage'],
  });
  app.get('/api/settings/workflow', read, async () => getWorkflowSettings(deps.db, deps.config));

  const write = documented({
    tag: 'settings',
    summary: 'Change workflow settings (null returns a setting to the environment’s value)',
    access: ['settings.manage'],
    body: workflowSettingsPatchSchema,
  });
  app.put('/api/settings/workflow', write, async (request) => {
    const patch = parseInput(workflowSettingsPatchSchema, request.body);
    return updateWorkflowSettings(deps.db, contextOf(request, deps.clock), deps.config, patch);
  });
}
