import type {
  category as zhCategory,
  done as zhDone,
  location as zhLocation,
  photos as zhPhotos,
  report as zhReport,
  verify as zhVerify,
} from '../zh-CN/report';

export const report: typeof zhReport = {
  title: 'Report a problem',
  groupTitle: 'Dedicated entrance',
  groupBanner: 'You are reporting through the entrance for {groups}; your case gets priority follow-up.',
  requestType: 'Kind of request',
  typeHints: {
    complaint: 'Something is wrong',
    report: 'A violation',
    help: 'I need help',
    consultation: 'A question',
    suggestion: 'An idea',
    praise: 'A thank-you',
    other: 'None of these',
  },
  description: 'What happened',
  descriptionPlaceholder: 'What is the problem, since when, and what does it affect? (at least 5 characters)',
  personalDataHint:
    'Please do not put ID numbers, phone numbers or house numbers in the text; your contact details go below.',
  category: 'Category (optional)',
  photos: 'Photos (optional, up to 9)',
  photosHint: 'Photos are made smaller on your phone before they are sent: faster and less data.',
  location: 'Where',
  contact: 'Contact',
  anonymous: 'Report anonymously',
  anonymousHint:
    'No phone number: staff cannot contact you, and only the private link you get after sending shows the progress.',
  phoneHint: 'The code proves the phone is yours. One code per minute and at most 10 a day per number.',
  name: 'Name',
  namePlaceholder: 'Optional, e.g. Mr Zhang',
  submit: 'Send',
  submitting: 'Sending…',
  retry: 'Send again',
  interrupted:
    'The connection dropped before we heard back. Everything you entered is kept: tap “Send again” — the same report sent twice is still registered only once.',
  consent: 'By sending you confirm you have read the',
  errors: {
    requestType: 'Choose the kind of request',
    descriptionShort: 'Write at least 5 characters about what happened',
    descriptionLong: 'At most 2,000 characters',
    location: 'Say where: use your location, pick it on the map, or type an address',
    locationRefused: 'This place is outside the district; pick it again on the map or type the address',
    extraRequired: 'Please answer this',
    extraRefused: 'Some answers for the category are not valid; please check them',
    photosBusy: 'Photos are still being prepared or sent; please wait a moment',
    photosFailed: 'A photo was not sent: tap “Try again” or remove it first',
    photosRefused: 'The photos could not be attached; remove them and add them again',
    phone: 'Verify your phone first, or report anonymously',
    sessionExpired: 'Your phone verification has expired; please get a new code',
    invalid: 'Something in the form is not valid; please check it',
  },
  reused: {
    title: 'This report may already have been sent',
    message:
      'The connection dropped the last time you sent it, and it was changed since. That earlier version may already be registered: please look in “My cases” first, so the same problem is not reported twice.',
    sendAnyway: 'Send anyway',
    myCases: 'Open My cases',
  },
};

export const category: typeof zhCategory = {
  label: 'Category',
  placeholder: 'Not sure? Leave it: staff will classify it',
  browse: 'Browse',
  search: 'Search',
  searchPlaceholder: 'A word, e.g. noise, rubbish, street light',
  none: 'No matching category; you may leave it empty',
  unsure: 'Not sure, leave it empty',
  requiredNote: 'Fields marked * are required',
};

export const photos: typeof zhPhotos = {
  add: 'Add photos',
  alt: 'Photo {n}',
  remove: 'Remove photo {n}',
  compressing: 'Preparing',
  retry: 'Try again',
  errors: {
    notImage: 'Not a picture we can read',
    tooLarge: 'Too large: over 10 MB even when made smaller',
    network: 'Connection dropped; not sent',
    max: 'At most {n} photos',
  },
};

export const location: typeof zhLocation = {
  useMine: 'Use my location',
  pickOnMap: 'Pick on the map',
  locating: 'Finding your location…',
  looking: 'Finding the street…',
  inside: 'In Pingshan District',
  pointSet: 'Place chosen',
  outside: 'This place is outside Pingshan District',
  outsideHint: 'It will not be sent with the report: pick the place again on the map or type the address.',
  clear: 'Clear the place',
  address: 'Address',
  addressPlaceholder: 'e.g. east gate, 2007 Pingshan Avenue',
  mapTitle: 'Pick the place on the map',
  mapHint: 'Tap where the problem is, then “Use this place”.',
  confirmPick: 'Use this place',
  mapFailed: 'The area outlines could not be loaded',
  errors: {
    denied: 'No permission to use your location: pick it on the map or type the address',
    unavailable: 'Your location is not available now: pick it on the map or type the address',
    timeout: 'Finding your location took too long: try again, or pick it on the map',
    unsupported: 'This browser cannot share your location: pick it on the map or type the address',
  },
};

export const verify: typeof zhVerify = {
  phone: 'Mobile',
  phonePlaceholder: '11-digit mobile number',
  code: 'Code',
  codePlaceholder: '6 digits',
  send: 'Get code',
  resend: 'Send again',
  resendIn: 'Again in {seconds} s',
  confirm: 'Verify',
  sent: 'Code sent',
  done: 'Phone verified',
  verifiedAs: 'Verified: {phone}',
  change: 'Use another number',
  errors: {
    phone: 'Enter a valid 11-digit mobile number starting with 1',
    rateLimited: 'Too many codes: try again in {seconds} s',
    dailyLimit: 'This number has had all its codes for today; please try again tomorrow',
    codeFormat: 'The code has 6 digits',
    codeWrong: 'Wrong code; {n} tries left',
    codeWrongPlain: 'Wrong code; please check it and enter it again',
    codeUsedUp: 'Too many wrong codes; please get a new one',
    codeExpired: 'The code has expired; please get a new one',
  },
};

export const done: typeof zhDone = {
  title: 'Sent',
  heading: 'Your request has been accepted',
  mailboxHeading: 'Your letter has been received',
  number: 'Case number',
  copyNumber: 'Copy number',
  acceptedAt: 'Accepted: {time}',
  limitTitle: 'When you hear back',
  limit: {
    answer: 'We will answer within {limit}',
    handle: 'We will handle it and answer within {limit}',
  },
  dueBy: ', by {time} at the latest.',
  end: '.',
  limitNote: 'Time limits count working days, without weekends and public holidays.',
  linkTitle: 'Private tracking link',
  linkHint:
    'This link shows the progress at any time; do not pass it on. We also send the number and the link to your phone.',
  linkAnonymous:
    'You reported anonymously: this link is the only way to follow your case. Copy and keep it now, and do not pass it on.',
  copyLink: 'Copy link',
  copied: {
    number: 'Number copied',
    link: 'Link copied',
  },
  copyManually: 'Copying is not available here: press and hold the text to copy it',
  droppedPhotos: '{n} photo(s) could not be attached. If they matter, you can add details through the 12345 hotline.',
  nextTitle: 'What happens next',
  next: {
    accept: { title: 'Registered', body: 'Staff check your request and decide its category.' },
    dispatch: {
      title: 'Assigned',
      body: 'It goes to the department or street responsible for that kind of problem there.',
    },
    mailbox: {
      title: 'Passed on by the leaders’ office',
      body: 'The leaders’ office registers your letter, passes it to the departments concerned and follows it up.',
    },
    handle: {
      title: 'Handled',
      body: 'The responsible office signs for it, deals with it on site and reports the result.',
    },
    reply: { title: 'Answered', body: 'You get the answer; the progress page shows it with the photos.' },
    rate: {
      title: 'Rated',
      body: 'Rate how it was handled; if it is not solved, you can ask for it to be handled again.',
    },
  },
  viewProgress: 'See the progress',
  home: 'Back to the home page',
};
