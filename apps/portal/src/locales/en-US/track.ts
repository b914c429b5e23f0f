import type { myCases as zhMyCases, progress as zhProgress, track as zhTrack } from '../zh-CN/track';

export const track: typeof zhTrack = {
  title: 'Track a case',
  intro: 'Enter the case number and the last 4 digits of the phone number you gave.',
  number: 'Case number',
  numberPlaceholder: 'e.g. PS20261125-00012',
  last4: 'Last 4 digits',
  last4Placeholder: 'of the phone number you gave',
  submit: 'Track',
  another: 'Track another case',
  orMyCases: 'Verify your phone to see all your cases',
  anonymousNote: 'For an anonymous report, use the private link you got after sending it.',
  errors: {
    number: 'Enter the whole case number',
    last4: 'Enter the last 4 digits of the phone number',
    notFound: 'No case found: check the number and the last 4 digits',
  },
};

export const progress: typeof zhProgress = {
  title: 'Progress',
  requestType: 'Kind',
  acceptedAt: 'Accepted',
  dueAt: 'Due by',
  closedAt: 'Closed',
  merged:
    'This case is handled together with other reports of the same problem (main case {number}); its answers show here too.',
  steps: 'Steps',
  current: 'In progress',
  nodeDue: 'This step is due by {time}',
  replies: 'Answers',
  noReply: 'No answer yet; it will show here once the case is handled.',
  centre: 'Pingshan Citizen Request Centre',
  resultPhotos: 'Photos of the result',
  enlarge: 'Tap to enlarge',
  linkNotFound: 'This tracking link is not valid. Check the link, or track the case by its number.',
  notYours: 'No such case, or it was not sent with this phone number.',
  rating: {
    title: 'Rate how it was handled',
    hint: '1 to 5 stars each; you can rate only once.',
    speed: 'Speed',
    result: 'Result',
    attitude: 'Attitude',
    experience: 'Overall',
    comment: 'Anything else? (optional)',
    submit: 'Send rating',
    incomplete: 'Please rate all four',
    thanks: 'Thank you for your rating',
    already: 'This case has already been rated',
    yours: 'Your rating',
  },
  reopen: {
    title: 'Not solved?',
    hint: 'Within the allowed days after closing, you can ask for the case to be handled again, saying why.',
    button: 'Ask to handle it again',
    reason: 'What is still not solved? (at least 5 characters)',
    reasonShort: 'Write at least 5 characters saying why',
    submit: 'Send',
    done: 'Asked to handle it again',
    closed: 'The time to ask for this has passed',
  },
};

export const myCases: typeof zhMyCases = {
  title: 'My cases',
  intro: 'Verify your phone to see every case sent with this number and where each stands.',
  signedInAs: 'Number: {phone}',
  leave: 'Sign out',
  empty: 'No cases sent with this number yet',
  canRate: 'Waiting for your rating',
};
