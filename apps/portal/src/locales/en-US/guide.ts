import type { faq as zhFaq, privacy as zhPrivacy } from '../zh-CN/guide';

export const faq: typeof zhFaq = {
  title: 'FAQ',
  items: {
    report: {
      q: 'How do I report a problem?',
      a: 'Tap “Report a problem” on the home page, say what happened and where, add photos if you have them, and send it. You then get a case number: keep it to track your case later.',
    },
    timeLimits: {
      q: 'How soon will I hear back?',
      a: 'Time limits count working days, without weekends and public holidays: a consultation is answered within 1 working day, a suggestion within 3 working days, and a complaint is dealt with within 1 to 7 working days depending on its category and urgency.',
    },
    progress: {
      q: 'How do I follow my case?',
      a: 'Enter your case number and the last 4 digits of your phone under “Track a case”, or verify your phone in “My cases” to see everything you have sent. Each step is shown: accepted, assigned, handled and answered. Once closed, you also see the result and its photos.',
    },
    anonymous: {
      q: 'Can I report anonymously?',
      a: 'Yes. With “Report anonymously” you give no phone number and staff cannot contact you; after sending you get a private tracking link, the only way to follow an anonymous case, so keep it safe.',
    },
    notSatisfied: {
      q: 'What if I am not satisfied with the result?',
      a: 'After the reply you can rate how your case was handled. If the problem is not solved, you can ask for it to be handled again within the allowed days, saying why.',
    },
  },
};

export const privacy: typeof zhPrivacy = {
  title: 'Privacy notice',
  intro:
    'To handle your request we need a little personal information. This notice says in plain words what we collect, why, who sees it and how long we keep it.',
  collect: {
    title: 'What we collect',
    phone:
      'Your mobile number: to send the verification code, contact you, tell you the result and ask how it went. Not collected when you report anonymously.',
    location:
      'Location: only when you choose to share it or mark it on the map, to know where the problem is and which office handles it.',
    photos:
      'Photos: the pictures you upload (made smaller on your phone first, without the camera and location data they carry), to show the problem and to check that it was fixed.',
    description:
      'Description: the text you write. Please do not put ID numbers, phone numbers or other personal details in it.',
    minimum: 'We only collect what is needed to handle your request and never ask for anything unrelated to it.',
  },
  why: {
    title: 'Why we collect it',
    body: 'We use it only to accept, assign, handle and answer your request and to follow up with you. We also study totals without any personal information to find common problems and improve public services. Your information is never used for marketing and never sold.',
  },
  who: {
    title: 'Who can see it',
    body: 'Only the staff handling your request can see your full phone number and details, and only when their work needs it. Everywhere else (case lists, statistics, system logs) your number is partly hidden, for example 138****5678. Every time staff view your full details, the system records it. This site never shows anyone else’s information: a case opens only with its number and the last 4 digits of the phone, its private link, or the verified phone. We do not give your information to other organisations or people unless the law requires it.',
  },
  keep: {
    title: 'How long we keep it',
    body: 'Case records are kept after closing for the period set by government records rules. After that they are deleted, or everything that could identify you is removed and only statistics remain. Verification codes expire after a few minutes; what you type here before sending stays only in this browser tab and is gone when you close it. System logs are kept as national cybersecurity rules require and never hold your full phone number.',
  },
  rights: {
    title: 'Your rights',
    body: 'You can ask to see and correct the information you gave. Questions or complaints about how your information is used can be sent through “Report a problem” or the 12345 hotline.',
  },
};
