import type { Role } from '@citydesk/shared';

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
  },
  home: {
    welcome: '{name}，您好',
    intro:
      '这是 CityDesk 工作台。受理登记、分拨派遣、办理反馈、督查督办、统计分析等功能页面将在后续版本中陆续上线。',
    account: '我的账号',
    username: '账号',
    displayName: '姓名',
    unit: '所属单位',
    roles: '角色',
    noUnit: '未分配',
    upcomingTitle: '后续版本功能',
    upcomingTag: '即将上线',
    modules: {
      intake: '诉求受理',
      dispatch: '分拨派遣',
      handling: '办理反馈',
      supervision: '督查督办',
      analytics: '统计分析',
      admin: '系统管理',
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
    checks: '检查项',
    checkOk: '正常',
    checkFailed: '异常',
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
  errors: {
    network: '无法连接服务器，请检查网络后重试',
    badResponse: '服务器返回了无法识别的响应，请稍后重试',
    unknown: '操作失败，请稍后重试',
  },
};

export type MessageSchema = typeof zhCN;
