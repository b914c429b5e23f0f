import { caseLabelsZh, type CaseStateGroup, type Urgency } from '@citydesk/shared';

/**
 * Words about cases that every page uses: nodes, statuses, channels, request types and actions come from
 * packages/shared (the server's Excel export and API description use the same words); state groups, urgency.
 */
export const cases = {
  node: caseLabelsZh.node,
  status: caseLabelsZh.status,
  stateGroup: {
    intake: '受理分拨',
    handling: '办理',
    review: '回访审核',
    finished: '已办结',
    suspended: '挂起',
    cancelled: '已撤销',
  } satisfies Record<CaseStateGroup, string>,
  deadline: caseLabelsZh.deadline,
  channel: caseLabelsZh.channel,
  requestType: caseLabelsZh.requestType,
  noCategory: '未分类',
  columns: caseLabelsZh.columns,
  urgency: {
    normal: '一般',
    urgent: '紧急',
    critical: '特急',
  } satisfies Record<Urgency, string>,
  action: caseLabelsZh.action,
  remaining: {
    left: '剩余 {time}',
    over: '超期 {time}',
    days: '{n} 个工作日',
    hours: '{n} 小时',
    minutes: '{n} 分钟',
  },
};
