import type { Locale } from '@citydesk/shared';

/**
 * The public words of Open311 answers: what an update says when it has no reply text, and the
 * notice a new request gets. Chinese by default, English for `Accept-Language: en…`.
 */

const updateTexts: Record<string, { zh: string; en: string }> = {
  'case.classified': { zh: '已登记分类', en: 'Registered and classified' },
  'case.dispatched': { zh: '已派单至承办单位', en: 'Sent to the responsible unit' },
  'case.passed_down': { zh: '已下派至基层单位办理', en: 'Passed down to a local unit' },
  'case.reassigned': { zh: '已改派其他单位办理', en: 'Reassigned to another unit' },
  'case.signed': { zh: '承办单位已签收', en: 'The responsible unit has taken it on' },
  'case.returned': { zh: '承办单位退回，正在重新分拨', en: 'Returned by the unit; being dispatched again' },
  'case.fed_back': { zh: '承办单位已反馈办理结果', en: 'The unit has reported its result' },
  'case.replied': { zh: '已答复', en: 'Replied' },
  'case.extension_decided': { zh: '办理期限已审核', en: 'The time limit was reviewed' },
  'case.suspended': { zh: '暂停办理', en: 'Handling paused' },
  'case.resumed': { zh: '恢复办理', en: 'Handling resumed' },
  'case.verified': { zh: '已现场核查', en: 'Checked on site' },
  'case.visited': { zh: '已回访', en: 'Return visit made' },
  'case.closed': { zh: '已办结', en: 'Closed' },
  'case.closed_directly': { zh: '已当场答复办结', en: 'Answered and closed at once' },
  'case.rated': { zh: '已评价', en: 'Rated' },
  'case.reopened': { zh: '已重新启动办理', en: 'Reopened' },
  'case.redone': { zh: '重新办理', en: 'Being handled again' },
  'case.voided': { zh: '经核实为无效诉求', en: 'Found to be invalid' },
  'case.merged': { zh: '与同一问题的工单合并办理', en: 'Merged with a case about the same problem' },
};

/** The public text of an update that carries no reply of its own. */
export function updateText(action: string, locale: Locale): string {
  const t = updateTexts[action];
  if (!t) return '';
  return locale === 'en-US' ? t.en : t.zh;
}

/** What a new request's `service_notice` says: accepted as which case, and by when. */
export function serviceNotice(number: string, dueW3c: string | null, locale: Locale): string {
  const due = dueW3c ? `${dueW3c.slice(0, 10)} ${dueW3c.slice(11, 16)}` : null;
  if (locale === 'en-US') {
    return due
      ? `Accepted as case ${number}; it will be handled and answered by ${due} (UTC+8).`
      : `Accepted as case ${number}.`;
  }
  return due ? `已受理，工单号 ${number}，将于 ${due} 前办理并答复。` : `已受理，工单号 ${number}。`;
}
