import type { CitizenGroup } from '@citydesk/shared';

/** The leader mailbox and the special groups' entrance. */
export const mailbox = {
  title: '领导信箱',
  intro: '给区领导写信，提出意见建议或反映情况。来信由区领导办公室登记办理，并在时限内答复。',
  letter: '来信内容',
  subject: '标题',
  subjectPlaceholder: '一句话概括（最多 60 字）',
  bodyPlaceholder: '请写明您的意见、建议或反映的情况（至少 10 个字）',
  submit: '提交来信',
  errors: {
    subject: '请填写标题',
    description: '请至少写 10 个字',
  },
};

export const group = {
  title: '两代表一委员通道',
  intro:
    '人大代表、政协委员、党代表以及已登记的特殊群体，可以通过本通道反映问题，诉求会带上相应标识并优先跟进。请先验证已登记的手机号。',
  verify: '验证登记的手机号',
  verifyHint: '只有已登记的号码可以使用本通道；其他市民请使用首页的「我要反映」。',
  welcome: '您已通过验证（{groups}），可以通过专属通道反映问题。',
  report: '通过专属通道反映',
  notMember: '号码 {phone} 没有登记在专属通道中。如需登记请联系区民生诉求中心；您也可以通过普通通道反映。',
  publicEntrance: '通过普通通道反映',
  names: {
    npc_deputy: '人大代表',
    cppcc_member: '政协委员',
    party_deputy: '党代表',
    vulnerable: '特殊困难群体',
    talent: '高层次人才',
  } satisfies Record<CitizenGroup, string>,
};
