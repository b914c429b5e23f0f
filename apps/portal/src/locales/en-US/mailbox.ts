import type { group as zhGroup, mailbox as zhMailbox } from '../zh-CN/mailbox';

export const mailbox: typeof zhMailbox = {
  title: 'Leader mailbox',
  intro:
    'Write to the district leaders with an idea, a suggestion or a concern. Letters are registered and handled by the leaders’ office and answered within the time limit.',
  letter: 'Your letter',
  subject: 'Subject',
  subjectPlaceholder: 'In a few words (at most 60)',
  bodyPlaceholder: 'Your idea, suggestion or concern (at least 10 characters)',
  submit: 'Send letter',
  errors: {
    subject: 'Enter a subject',
    description: 'Write at least 10 characters',
  },
};

export const group: typeof zhGroup = {
  title: 'Deputies and members',
  intro:
    'NPC deputies, CPPCC members, Party congress deputies and other registered groups can report through this entrance; their cases carry the group’s tag and get priority follow-up. Verify your registered phone first.',
  verify: 'Verify your registered phone',
  verifyHint: 'Only registered numbers can use this entrance; everyone else please use “Report a problem”.',
  welcome: 'Verified ({groups}): you can report through the dedicated entrance.',
  report: 'Report through this entrance',
  notMember:
    'The number {phone} is not registered for this entrance. To be registered, contact the district request centre; you can also use the public entrance.',
  publicEntrance: 'Use the public entrance',
  names: {
    npc_deputy: 'NPC deputy',
    cppcc_member: 'CPPCC member',
    party_deputy: 'Party congress deputy',
    vulnerable: 'Person in need',
    talent: 'High-level talent',
  },
};
