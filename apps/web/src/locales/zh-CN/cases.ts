import { caseLabelsZh, type CaseActionName, type CaseStateGroup, type Urgency } from '@citydesk/shared';

/**
 * Words about cases that every page uses: nodes, statuses, channels and request types come from
 * packages/shared (the server's Excel export uses the same words); state groups, urgency, actions.
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
  action: {
    classify: '分类',
    dispatch: '派遣',
    pass_down: '下派',
    sign: '签收',
    return: '退回',
    reassign: '改派',
    request_extension: '申请延期',
    decide_extension: '审批延期',
    suspend: '挂起',
    resume: '恢复',
    feedback: '办理反馈',
    reply: '答复市民',
    note: '内部备注',
    verify: '现场核查',
    visit: '回访',
    close: '结案',
    redo: '重办',
    void: '作废',
    merge: '合并',
    leader_assign: '领导批示',
    tag: '加标签',
    untag: '去标签',
  } satisfies Record<CaseActionName, string>,
  remaining: {
    left: '剩余 {time}',
    over: '超期 {time}',
    days: '{n} 个工作日',
    hours: '{n} 小时',
    minutes: '{n} 分钟',
  },
};
