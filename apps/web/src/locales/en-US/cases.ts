import { caseLabelsEn } from '@citydesk/shared';
import type { cases as zh } from '../zh-CN/cases';

export const cases: typeof zh = {
  node: caseLabelsEn.node,
  status: caseLabelsEn.status,
  stateGroup: {
    intake: 'Intake',
    handling: 'Handling',
    review: 'Review',
    finished: 'Finished',
    suspended: 'Suspended',
    cancelled: 'Cancelled',
  },
  deadline: caseLabelsEn.deadline,
  channel: caseLabelsEn.channel,
  requestType: caseLabelsEn.requestType,
  noCategory: 'Not classified',
  columns: caseLabelsEn.columns,
  urgency: {
    normal: 'Normal',
    urgent: 'Urgent',
    critical: 'Critical',
  },
  action: caseLabelsEn.action,
  remaining: {
    left: '{time} left',
    over: 'Overdue by {time}',
    days: '{n} working day | {n} working days',
    hours: '{n} h',
    minutes: '{n} min',
  },
};
