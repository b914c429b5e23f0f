/** The citizen entry page. */
export const home = {
  reportTitle: '我要反映',
  reportDesc: '随手拍下问题，标注位置，一键提交',
  services: '诉求服务',
  guide: '服务指南',
  groups: '专属通道',
  staff: '工作人员',
  entries: {
    report: '我要反映',
    myCases: '我的诉求',
    track: '查询进度',
    mailbox: '领导信箱',
    faq: '常见问题',
    privacy: '隐私说明',
    group: '两代表一委员通道',
    gridWorker: '网格员入口',
  },
  entryHints: {
    faq: '怎样反映、多久答复',
    privacy: '我们如何使用您的信息',
    group: '人大代表、政协委员等已登记人员',
    gridWorker: '巡查上报、现场核查',
  },
  emergency: '遇到火灾、治安、急救等紧急情况，请直接拨打 119、110、120。',
};
