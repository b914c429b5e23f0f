import type { RequestType } from '../schemas/catalogue.js';
import type { CaseChannel, CaseNode, CaseStatus, DeadlineStatus } from '../schemas/case.js';
import type { CaseActionName } from '../views/case-views.js';
import type { Locale } from '../errors.js';

/**
 * Names of case states, channels and request types in both languages: the console's locale
 * files take them from here, and so do files the server writes (the Excel export).
 */
export interface CaseLabels {
  node: Record<CaseNode, string>;
  status: Record<CaseStatus, string>;
  deadline: Record<DeadlineStatus, string>;
  channel: Record<CaseChannel, string>;
  requestType: Record<RequestType, string>;
  /** Staff actions on a case (buttons in the console, operations in the API description). */
  action: Record<CaseActionName, string>;
  anonymous: string;
  /** Column headings of case lists on screen and of the Excel export of a search. */
  columns: Record<CaseColumnName, string>;
}

export const caseColumnNames = [
  'number',
  'title',
  'category',
  'state',
  'deadline',
  'due',
  'street',
  'leadUnit',
  'channel',
  'received',
  'reporter',
  'phone',
  'actions',
] as const;
export type CaseColumnName = (typeof caseColumnNames)[number];

export const caseLabelsZh: CaseLabels = {
  node: {
    accept: '受理',
    register: '登记分类',
    dispatch: '待分拨',
    sign: '待签收',
    handle: '办理中',
    feedback: '待反馈',
    verify: '现场核查',
    return_visit: '待回访',
    close: '待结案',
    rate: '待评价',
    done: '已完成',
  },
  status: { open: '办理中', suspended: '已挂起', closed: '已办结', voided: '已作废', merged: '已合并' },
  deadline: { normal: '正常', amber: '临期', red: '超期', none: '无期限' },
  channel: {
    hotline: '12345热线',
    wechat: '微信',
    web: '网站',
    mailbox: '领导信箱',
    grid: '网格巡查',
    app: '移动端',
    video_ai: '视频智能发现',
    integration: '系统对接',
    sms: '短信',
    walk_in: '来访',
  },
  requestType: {
    consultation: '咨询',
    suggestion: '建议',
    complaint: '投诉',
    report: '举报',
    help: '求助',
    praise: '表扬',
    other: '其他',
  },
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
  },
  anonymous: '匿名',
  columns: {
    number: '工单编号',
    title: '标题',
    category: '事项分类',
    state: '状态',
    deadline: '期限状态',
    due: '办理时限',
    street: '街道',
    leadUnit: '主办单位',
    channel: '来源渠道',
    received: '受理时间',
    reporter: '诉求人',
    phone: '联系电话',
    actions: '操作',
  },
};

export const caseLabelsEn: CaseLabels = {
  node: {
    accept: 'Accepted',
    register: 'Registering',
    dispatch: 'To dispatch',
    sign: 'To sign for',
    handle: 'In hand',
    feedback: 'Feedback due',
    verify: 'On-site check',
    return_visit: 'Return visit',
    close: 'To close',
    rate: 'To rate',
    done: 'Done',
  },
  status: { open: 'Open', suspended: 'Suspended', closed: 'Closed', voided: 'Voided', merged: 'Merged' },
  deadline: { normal: 'On time', amber: 'Near deadline', red: 'Overdue', none: 'No deadline' },
  channel: {
    hotline: '12345 hotline',
    wechat: 'WeChat',
    web: 'Website',
    mailbox: 'Mailbox',
    grid: 'Grid patrol',
    app: 'Mobile app',
    video_ai: 'Video AI',
    integration: 'Integration',
    sms: 'SMS',
    walk_in: 'Walk-in',
  },
  requestType: {
    consultation: 'Consultation',
    suggestion: 'Suggestion',
    complaint: 'Complaint',
    report: 'Report',
    help: 'Help',
    praise: 'Praise',
    other: 'Other',
  },
  action: {
    classify: 'Classify',
    dispatch: 'Dispatch',
    pass_down: 'Pass down',
    sign: 'Sign for',
    return: 'Return',
    reassign: 'Reassign',
    request_extension: 'Ask for extension',
    decide_extension: 'Decide extension',
    suspend: 'Suspend',
    resume: 'Resume',
    feedback: 'Feedback',
    reply: 'Reply to citizen',
    note: 'Internal note',
    verify: 'Verify on site',
    visit: 'Return visit',
    close: 'Close',
    redo: 'Redo',
    void: 'Void',
    merge: 'Merge',
    leader_assign: 'Instruction',
    tag: 'Add tag',
    untag: 'Remove tag',
  },
  anonymous: 'Anonymous',
  columns: {
    number: 'Number',
    title: 'Title',
    category: 'Category',
    state: 'State',
    deadline: 'Deadline',
    due: 'Due',
    street: 'Street',
    leadUnit: 'Lead unit',
    channel: 'Channel',
    received: 'Received',
    reporter: 'Reporter',
    phone: 'Phone',
    actions: 'Actions',
  },
};

export const caseLabels = (locale: Locale): CaseLabels => (locale === 'en-US' ? caseLabelsEn : caseLabelsZh);
