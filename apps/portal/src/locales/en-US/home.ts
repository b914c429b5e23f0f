import type { home as zh } from '../zh-CN/home';

export const home: typeof zh = {
  reportTitle: 'Report a problem',
  reportDesc: 'Take a photo, mark the place, send it in one go',
  services: 'Requests',
  guide: 'Help',
  groups: 'Dedicated entrance',
  staff: 'Staff',
  entries: {
    report: 'Report a problem',
    myCases: 'My cases',
    track: 'Track a case',
    mailbox: 'Leader mailbox',
    faq: 'FAQ',
    privacy: 'Privacy notice',
    group: 'Deputies and members',
    gridWorker: 'Grid workers',
  },
  entryHints: {
    faq: 'How to report, when you hear back',
    privacy: 'How we use your information',
    group: 'For registered NPC deputies, CPPCC members and others',
    gridWorker: 'Patrol reports, on-site checks',
  },
  emergency: 'For fires, crimes or medical emergencies, call 119, 110 or 120 directly.',
};
