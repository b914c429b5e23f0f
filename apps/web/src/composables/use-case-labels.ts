import {
  remainingWorkingTime,
  type CaseNode,
  type CaseStatus,
  type DeadlineStatus,
  type WorkingCalendar,
} from '@citydesk/shared';
import { useI18n } from 'vue-i18n';

/** Element Plus tag colours, also used as class suffixes by the light list cells. */
export type LabelTone = 'primary' | 'success' | 'warning' | 'danger' | 'info';

/** The colour of a case's state: finished green, suspended amber, cancelled grey, else blue. */
export function stateTone(node: CaseNode, status: CaseStatus): LabelTone {
  if (status === 'closed' || node === 'done' || node === 'rate') return 'success';
  if (status === 'suspended') return 'warning';
  if (status === 'voided' || status === 'merged') return 'info';
  return 'primary';
}

/** The colour of a deadline status. */
export function deadlineTone(status: DeadlineStatus): LabelTone {
  if (status === 'red') return 'danger';
  if (status === 'amber') return 'warning';
  if (status === 'none') return 'info';
  return 'success';
}

/**
 * The words for a case's state and deadline, shared by StateTag, DeadlineBadge and the light
 * case table (which draws the same labels without a component per cell).
 */
export function useCaseLabels() {
  const { t } = useI18n();
  return {
    /** Its node while open, else its status (suspended, closed, voided, merged). */
    stateLabel: (node: CaseNode, status: CaseStatus): string =>
      status === 'open' ? t(`cases.node.${node}`) : t(`cases.status.${status}`),
    deadlineLabel: (status: DeadlineStatus): string => t(`cases.deadline.${status}`),
    /** 剩余 1 个工作日 3 小时 / 超期 2 小时, counted on the working-day calendar from `now`. */
    remainingText: (dueAt: string | null, now: number, calendar: WorkingCalendar): string | null => {
      if (!dueAt) return null;
      const left = remainingWorkingTime(new Date(now), new Date(dueAt), calendar);
      const pieces: string[] = [];
      if (left.workingDays > 0) pieces.push(t('cases.remaining.days', { n: left.workingDays }, left.workingDays));
      if (left.hours > 0) pieces.push(t('cases.remaining.hours', { n: left.hours }));
      if (left.workingDays === 0 && (left.minutes > 0 || pieces.length === 0))
        pieces.push(t('cases.remaining.minutes', { n: left.minutes }));
      return t(left.overdue ? 'cases.remaining.over' : 'cases.remaining.left', { time: pieces.join(' ') });
    },
  };
}
