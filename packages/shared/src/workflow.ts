import type { Role } from './roles.js';
import type { TimeLimit, WorkflowTemplate } from './schemas/catalogue.js';
import type { CaseNode } from './schemas/case.js';

/**
 * The two workflow templates, as data: the nodes a case passes, who may act at each and the
 * node's own time limit (`'case'`: the item's handling limit for the request type).
 */
export interface NodeDefinition {
  node: Exclude<CaseNode, 'done'>;
  name: { zh: string; en: string };
  /** Roles that act at this node ('citizen' for the citizen's own steps). */
  actors: readonly (Role | 'citizen' | 'system')[];
  limit: TimeLimit | 'case' | null;
  /** Only for cases of these channels (verification on site is for grid reports). */
  onlyForChannels?: readonly string[];
}

export interface TemplateDefinition {
  code: WorkflowTemplate;
  name: { zh: string; en: string };
  nodes: readonly NodeDefinition[];
}

const accept: NodeDefinition = {
  node: 'accept',
  name: { zh: '受理', en: 'Accepted' },
  actors: ['operator', 'dispatcher', 'grid_worker', 'system'],
  limit: null,
};
const dispatch: NodeDefinition = {
  node: 'dispatch',
  name: { zh: '分拨', en: 'Dispatched' },
  actors: ['dispatcher'],
  limit: { hours: 2 },
};
const handle: NodeDefinition = {
  node: 'handle',
  name: { zh: '办理', en: 'Handling' },
  actors: ['handler', 'grid_worker'],
  limit: 'case',
};
const feedback: NodeDefinition = {
  node: 'feedback',
  name: { zh: '反馈答复', en: 'Feedback and reply' },
  actors: ['handler', 'dispatcher', 'operator'],
  limit: { workingDays: 1 },
};
const close: NodeDefinition = {
  node: 'close',
  name: { zh: '结案', en: 'Closed' },
  actors: ['dispatcher', 'supervisor'],
  limit: { workingDays: 1 },
};

export const templateDefinitions: Record<WorkflowTemplate, TemplateDefinition> = {
  general: {
    code: 'general',
    name: { zh: '通用流程', en: 'General' },
    nodes: [
      accept,
      { node: 'register', name: { zh: '登记分类', en: 'Registered' }, actors: ['dispatcher'], limit: { hours: 2 } },
      dispatch,
      { node: 'sign', name: { zh: '签收', en: 'Signed for' }, actors: ['handler', 'grid_worker'], limit: { hours: 4 } },
      handle,
      feedback,
      {
        node: 'verify',
        name: { zh: '现场核查', en: 'Verified on site' },
        actors: ['grid_worker'],
        limit: { workingDays: 1 },
        onlyForChannels: ['grid'],
      },
      {
        node: 'return_visit',
        name: { zh: '回访', en: 'Return visit' },
        actors: ['operator', 'supervisor'],
        limit: { workingDays: 2 },
      },
      close,
      { node: 'rate', name: { zh: '评价', en: 'Rated' }, actors: ['citizen'], limit: { workingDays: 7 } },
    ],
  },
  simple: {
    code: 'simple',
    name: { zh: '简易流程', en: 'Simple' },
    nodes: [accept, dispatch, handle, feedback, close],
  },
};

/** The nodes a case of this channel passes in a template (optional nodes left out). */
export function nodesFor(template: WorkflowTemplate, channel: string): NodeDefinition[] {
  return templateDefinitions[template].nodes.filter((n) => !n.onlyForChannels || n.onlyForChannels.includes(channel));
}

/** The node after `node` in the template for this channel, or 'done'. */
export function nextNode(template: WorkflowTemplate, channel: string, node: CaseNode): CaseNode {
  const nodes = nodesFor(template, channel);
  const index = nodes.findIndex((n) => n.node === node);
  return index >= 0 && index + 1 < nodes.length ? (nodes[index + 1]?.node ?? 'done') : 'done';
}

/** Nodes during which the item's handling limit runs (until the unit has fed back). */
export const handlingNodes: readonly CaseNode[] = ['register', 'dispatch', 'sign', 'handle', 'feedback'];
