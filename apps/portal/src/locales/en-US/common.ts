import { caseLabelsEn } from '@citydesk/shared';
import type { common as zh } from '../zh-CN/common';

export const common: typeof zh = {
  app: {
    title: 'Pingshan Citizen Requests',
    tagline: 'Tell us what needs fixing and follow every step',
  },
  locale: {
    switchTo: '中文',
    switchLabel: 'Switch to Chinese',
  },
  common: {
    back: 'Back',
    retry: 'Try again',
    cancel: 'Cancel',
    loadMore: 'Load more',
    limit: {
      workingDays: '1 working day | {n} working days',
      hours: '1 hour | {n} hours',
    },
  },
  labels: {
    requestType: caseLabelsEn.requestType,
    node: caseLabelsEn.node,
    status: caseLabelsEn.status,
    stateGroup: {
      intake: 'Accepted',
      handling: 'Being handled',
      review: 'Under review',
      finished: 'Closed',
      suspended: 'Paused',
      cancelled: 'Withdrawn',
    },
  },
  errors: {
    network: 'The connection dropped. What you entered is kept; please try again shortly.',
    offline: 'You are offline. What you entered is kept; please try again when you are back online.',
    badResponse: 'The server sent an answer we could not read. Please try again later.',
    unknown: 'That did not work. Please try again later.',
    retryAfter: 'Too many attempts. Please try again in {seconds} s.',
  },
};
