import type { CitizenGroup } from '@citydesk/shared';

/** 重点群体登记: phones registered in special groups, which open the portal's group entrance. */
export const citizenGroups = {
  title: '重点群体登记',
  intro: '登记的手机号经短信验证后可进入门户的专属通道；其诉求带群体标签、加急并重点督办。',
  names: {
    npc_deputy: '人大代表',
    cppcc_member: '政协委员',
    party_deputy: '党代表',
    vulnerable: '困难群众',
    talent: '高层次人才',
  } satisfies Record<CitizenGroup, string>,
  allGroups: '全部群体',
  add: '登记',
  columns: {
    name: '姓名',
    phone: '手机号',
    group: '群体',
    note: '备注',
    createdAt: '登记时间',
    actions: '操作',
  },
  form: {
    title: '登记重点群体成员',
    phone: '手机号',
    phonePlaceholder: '11 位手机号',
    name: '姓名',
    group: '群体',
    note: '备注',
    notePlaceholder: '如：区人大代表，第 X 选区（选填）',
    phoneInvalid: '请输入 11 位手机号',
    nameRequired: '请输入姓名',
  },
  remove: '移除',
  removeConfirm: '移除 {name}（{phone}）后，该号码将不能再进入专属通道。确定移除？',
  removeTitle: '移除登记',
  removed: '已移除',
  added: '已登记 {name}',
  empty: '尚未登记成员',
  loadMore: '加载更多',
  shown: '已显示 {n} 人',
};
