import { describe, expect, it } from 'vitest';
import { feedbackWordFor, fmsStatusOf, inboundActionFor, isExternalClosed, open311StatusOf } from './status-map.js';

describe('status words between CityDesk and other systems', () => {
  it('maps state groups onto Open311’s open and closed', () => {
    expect(open311StatusOf('register', 'open')).toBe('open');
    expect(open311StatusOf('handle', 'suspended')).toBe('open');
    expect(open311StatusOf('return_visit', 'open')).toBe('open');
    expect(open311StatusOf('rate', 'closed')).toBe('closed');
    expect(open311StatusOf('dispatch', 'voided')).toBe('closed');
    expect(open311StatusOf('handle', 'merged')).toBe('closed');
  });

  it('gives FixMyStreet’s extended status for what happened and where the case stands', () => {
    expect(fmsStatusOf('case.classified', 'dispatch', 'open')).toBe('OPEN');
    expect(fmsStatusOf('case.dispatched', 'sign', 'open')).toBe('INVESTIGATING');
    expect(fmsStatusOf('case.signed', 'handle', 'open')).toBe('IN_PROGRESS');
    expect(fmsStatusOf('case.suspended', 'handle', 'suspended')).toBe('ACTION_SCHEDULED');
    expect(fmsStatusOf('case.fed_back', 'return_visit', 'open')).toBe('FIXED');
    expect(fmsStatusOf('case.closed', 'rate', 'closed')).toBe('CLOSED');
    expect(fmsStatusOf('case.merged', 'handle', 'merged')).toBe('DUPLICATE');
    expect(fmsStatusOf('case.voided', 'dispatch', 'voided')).toBe('NO_FURTHER_ACTION');
    expect(fmsStatusOf('case.reassigned', 'sign', 'open')).toBe('INTERNAL_REFERRAL');
  });

  it('speaks the default 12345 words unless the administrator chose others or switched an event off', () => {
    expect(feedbackWordFor('case.created', {})).toBe('受理');
    expect(feedbackWordFor('case.closed', {})).toBe('办结');
    expect(feedbackWordFor('case.visited', {})).toBe('回访');
    expect(feedbackWordFor('case.turned_amber', {})).toBeNull();
    expect(feedbackWordFor('case.closed', { 'case.closed': '已办结' })).toBe('已办结');
    expect(feedbackWordFor('case.signed', { 'case.signed': null })).toBeNull();
  });

  it('keeps an unknown inbound word as a note and reads external closed statuses in both vocabularies', () => {
    expect(inboundActionFor(' 重办 ', { 重办: 'reopen' })).toBe('reopen');
    expect(inboundActionFor('催办', { 重办: 'reopen' })).toBe('note');
    for (const s of ['closed', 'FIXED', 'fixed - council', 'no_further_action', 'NOT_COUNCILS_RESPONSIBILITY'])
      expect(isExternalClosed(s), s).toBe(true);
    for (const s of ['open', 'IN_PROGRESS', 'investigating', '']) expect(isExternalClosed(s), s).toBe(false);
  });
});
