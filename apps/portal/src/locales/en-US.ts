import { common } from './en-US/common';
import { faq, privacy } from './en-US/guide';
import { grid } from './en-US/grid';
import { home } from './en-US/home';
import { group, mailbox } from './en-US/mailbox';
import { category, done, location, photos, report, verify } from './en-US/report';
import { myCases, progress, track } from './en-US/track';
import type { MessageSchema } from './zh-CN';

/** English strings of the citizen portal and the grid app; same keys as zh-CN.ts. */
export const enUS: MessageSchema = {
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
