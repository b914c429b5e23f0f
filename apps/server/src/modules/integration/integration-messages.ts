import { stateGroupOf, type CaseNode, type CaseStatus } from '@citydesk/shared';
import { maskPersonalData } from '../../platform/logging.js';
import { open311StatusOf } from './status-map.js';
import { formatW3c } from './w3c-time.js';

/**
 * The JSON bodies CityDesk sends to other systems. Pure, and free of reporters' personal data:
 * no names, numbers or descriptions (a title is masked like a log line).
 */

export interface CaseFacts {
  id: string;
  number: string;
  channel: string;
  requestType: string;
  title: string;
  node: CaseNode;
  status: CaseStatus;
  category: { code: string; name: string } | null;
  leadUnit: string | null;
  acceptedAt: string;
  dueAt: string | null;
  closedAt: string | null;
  updatedAt: string;
}

/** Status feedback to the platform that sent the case: their id, our number, their status word. */
export function feedbackBody(input: {
  platformCaseId: string;
  event: string;
  word: string;
  facts: CaseFacts;
  message: string | null;
  at: Date;
}): Record<string, unknown> {
  return {
    platformCaseId: input.platformCaseId,
    caseNumber: input.facts.number,
    event: input.event,
    status: input.word,
    node: input.facts.node,
    caseStatus: input.facts.status,
    stateGroup: stateGroupOf(input.facts.node, input.facts.status),
    unit: input.facts.leadUnit,
    dueAt: input.facts.dueAt ? formatW3c(input.facts.dueAt) : null,
    message: input.message === null ? null : maskPersonalData(input.message),
    occurredAt: formatW3c(input.at),
  };
}

/** A webhook for a subscribed case event. */
export function webhookBody(input: { event: string; facts: CaseFacts; at: Date }): Record<string, unknown> {
  const f = input.facts;
  return {
    event: input.event,
    occurredAt: formatW3c(input.at),
    case: {
      id: f.id,
      number: f.number,
      channel: f.channel,
      requestType: f.requestType,
      title: maskPersonalData(f.title),
      node: f.node,
      status: f.status,
      stateGroup: stateGroupOf(f.node, f.status),
      open311Status: open311StatusOf(f.node, f.status),
      category: f.category,
      leadUnit: f.leadUnit,
      acceptedAt: formatW3c(f.acceptedAt),
      dueAt: f.dueAt ? formatW3c(f.dueAt) : null,
      closedAt: f.closedAt ? formatW3c(f.closedAt) : null,
      updatedAt: formatW3c(f.updatedAt),
    },
  };
}
