import { common } from './zh-CN/common';
import { faq, privacy } from './zh-CN/guide';
import { grid } from './zh-CN/grid';
import { home } from './zh-CN/home';
import { group, mailbox } from './zh-CN/mailbox';
import { category, done, location, photos, report, verify } from './zh-CN/report';
import { myCases, progress, track } from './zh-CN/track';

/** Chinese (default) strings of the citizen portal and the grid app, by area. en-US.ts must have the same keys. */
export const zhCN = {
  ...common,
  home,
  faq,
  privacy,
  report,
  category,
  photos,
  location,
  verify,
  done,
  track,
  progress,
  myCases,
  mailbox,
  group,
  grid,
};

export type MessageSchema = typeof zhCN;
