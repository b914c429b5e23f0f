import { caseLabelsZh, type CaseStateGroup } from '@citydesk/shared';

/** Words every page uses. Node, status and request-type names are the platform's (packages/shared). */
export const common = {
  app: {
    title: '坪山民生诉求',
    tagline: '有事您说话，办理全程可查',
  },
  locale: {
    switchTo: 'English',
    switchLabel: '切换为英文',
  },
  common: {
    back: '返回',
    retry: '重试',
    cancel: '取消',
    loadMore: '加载更多',
    limit: {
      workingDays: '{n} 个工作日',
      hours: '{n} 小时',
    },
  },
  labels: {
    requestType: caseLabelsZh.requestType,
    node: caseLabelsZh.node,
    status: caseLabelsZh.status,
    stateGroup: {
      intake: '已受理',
      handling: '办理中',
      review: '回访审核',
      finished: '已办结',
      suspended: '暂停办理',
      cancelled: '已撤销',
    } satisfies Record<CaseStateGroup, string>,
  },
  errors: {
    network: '网络连接中断，您填写的内容已保留，请稍后重试。',
    offline: '当前没有网络，您填写的内容已保留，联网后请重试。',
    badResponse: '服务器返回了无法识别的内容，请稍后重试。',
    unknown: '操作没有成功，请稍后重试。',
    retryAfter: '操作太频繁，请 {seconds} 秒后再试。',
  },
};
