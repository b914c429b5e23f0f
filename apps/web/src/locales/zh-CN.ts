import type { Role } from '@citydesk/shared';
import { cases } from './zh-CN/cases';
import { intake } from './zh-CN/intake';
import { dispatch } from './zh-CN/dispatch';
import { inbox } from './zh-CN/inbox';
import { caseDetail } from './zh-CN/case-detail';
import { search } from './zh-CN/search';
import { supervision } from './zh-CN/supervision';
import { board } from './zh-CN/board';
import { admin } from './zh-CN/admin';
import { integration } from './zh-CN/integration';
import { citizenGroups } from './zh-CN/citizen-groups';

/** Chinese (default) strings of the staff console. en-US.ts must have the same keys. */
export const zhCN = {
  app: {
    name: 'CityDesk',
    title: 'CityDesk 民生诉求分拨平台',
    browserHint: '建议使用最新版 Chrome、Edge 或 Firefox 浏览器',
  },
  locale: {
    label: '语言',
    'zh-CN': '中文',
    'en-US': 'English',
  },
  common: {
    loading: '正在加载…',
  },
  login: {
    heading: '工作人员登录',
    username: '账号',
    usernamePlaceholder: '请输入账号',
    password: '密码',
    passwordPlaceholder: '请输入密码',
    submit: '登 录',
    usernameRequired: '请输入账号',
    passwordRequired: '请输入密码',
    sessionExpired: '登录已过期，请重新登录',
    signedOut: '您已退出登录',
    retryAfter: '请在 {minutes} 分钟后重试。',
    notice: '本系统仅供授权工作人员使用，所有操作均记录在案。',
  },
  shell: {
    unit: '所属单位',
    roles: '角色',
    signOut: '退出登录',
    home: '工作台',
    forbidden: '无权访问此页面',
    forbiddenHint: '您的角色不包含此功能；如需使用，请联系安全管理员分配角色。',
    notFound: '页面不存在',
    backHome: '返回工作台',
    collapse: '收起或展开菜单',
    groups: {
      work: '日常工作',
      cases: '工单查询',
      command: '指挥调度',
      admin: '系统管理',
    },
  },
  home: {
    welcome: '{name}，您好',
    intro: '欢迎使用 CityDesk。左侧菜单列出您的角色可以使用的功能，所有操作均记录在案。',
    account: '我的账号',
    username: '账号',
    displayName: '姓名',
    unit: '所属单位',
    roles: '角色',
    noUnit: '未分配',
    shortcuts: '常用功能',
    work: '待办工作',
    tabs: {
      to_dispatch: '待分拨',
      returned: '退回件',
      to_sign: '待签收',
      in_hand: '办理中',
      near_deadline: '临期',
      overdue: '超期',
      to_visit: '待回访',
    },
  },
  status: {
    title: '服务状态',
    refresh: '刷新',
    checking: '检查中…',
    ready: '运行正常',
    notReady: '服务未就绪',
    unreachable: '无法连接服务器',
    httpStatus: 'HTTP 状态',
    checkedAt: '检查时间',
    version: '版本',
    database: '数据库',
    migrations: '数据库结构',
    pendingMigrations: '有 {count} 个迁移未执行',
    calendarMissing: '{year} 年工作日历尚未录入，该年期限暂按周一至周五计算，请系统管理员录入。',
  },
  roles: {
    operator: '话务员',
    dispatcher: '分拨员',
    handler: '处置人员',
    supervisor: '督办员',
    leader: '领导',
    grid_worker: '网格员',
    system_admin: '系统管理员',
    security_admin: '安全管理员',
    audit_admin: '审计管理员',
  } satisfies Record<Role, string>,
  cases,
  intake,
  dispatch,
  inbox,
  caseDetail,
  search,
  supervision,
  board,
  admin,
  integration,
  citizenGroups,
  map: {
    failed: '区域边界加载失败',
  },
  errors: {
    network: '无法连接服务器，请检查网络后重试',
    badResponse: '服务器返回了无法识别的响应，请稍后重试',
    unknown: '操作失败，请稍后重试',
  },
};

export type MessageSchema = typeof zhCN;
