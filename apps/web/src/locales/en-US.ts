import { cases } from './en-US/cases';
import { intake } from './en-US/intake';
import { dispatch } from './en-US/dispatch';
import { inbox } from './en-US/inbox';
import { caseDetail } from './en-US/case-detail';
import { search } from './en-US/search';
import { supervision } from './en-US/supervision';
import { board } from './en-US/board';
import { admin } from './en-US/admin';
import { integration } from './en-US/integration';
import { citizenGroups } from './en-US/citizen-groups';
import type { MessageSchema } from './zh-CN';

/** English strings of the staff console; same keys as zh-CN.ts. */
export const enUS: MessageSchema = {
  app: {
    name: 'CityDesk',
    title: 'CityDesk Citizen Request Dispatch Platform',
    browserHint: 'Best viewed in a current version of Chrome, Edge or Firefox',
  },
  locale: {
    label: 'Language',
    'zh-CN': '中文',
    'en-US': 'English',
  },
  common: {
    loading: 'Loading…',
  },
  login: {
    heading: 'Staff sign-in',
    username: 'Account',
    usernamePlaceholder: 'Enter your account',
    password: 'Password',
    passwordPlaceholder: 'Enter your password',
    submit: 'Sign in',
    usernameRequired: 'Enter your account',
    passwordRequired: 'Enter your password',
    sessionExpired: 'Your session has expired. Please sign in again.',
    signedOut: 'You have signed out',
    retryAfter: 'Try again in {minutes} min.',
    notice: 'For authorised staff only. Every action is recorded.',
  },
  shell: {
    unit: 'Unit',
    roles: 'Roles',
    signOut: 'Sign out',
    home: 'Workbench',
    forbidden: 'You may not open this page',
    forbiddenHint: 'None of your roles includes this function; ask the security administrator for a role.',
    notFound: 'Page not found',
    backHome: 'Back to the workbench',
    collapse: 'Collapse or expand the menu',
    groups: {
      work: 'Daily work',
      cases: 'Cases',
      command: 'Command',
      admin: 'Administration',
    },
  },
  home: {
    welcome: 'Hello, {name}',
    intro: 'Welcome to CityDesk. The menu on the left lists what your roles can use; every action is recorded.',
    account: 'My account',
    username: 'Account',
    displayName: 'Name',
    unit: 'Unit',
    roles: 'Roles',
    noUnit: 'Not assigned',
    shortcuts: 'Shortcuts',
    work: 'Waiting for you',
    tabs: {
      to_dispatch: 'To dispatch',
      returned: 'Returned',
      to_sign: 'To sign for',
      in_hand: 'In hand',
      near_deadline: 'Near deadline',
      overdue: 'Overdue',
      to_visit: 'Return visits',
    },
  },
  status: {
    title: 'Server status',
    refresh: 'Refresh',
    checking: 'Checking…',
    ready: 'Ready',
    notReady: 'Not ready',
    unreachable: 'Cannot reach the server',
    httpStatus: 'HTTP status',
    checkedAt: 'Checked at',
    version: 'Version',
    database: 'Database',
    migrations: 'Schema',
    pendingMigrations: '{count} migration(s) pending',
    calendarMissing:
      'The {year} working-day calendar has not been entered; deadlines in {year} assume Monday–Friday until an administrator enters it.',
  },
  roles: {
    operator: 'Operator',
    dispatcher: 'Dispatcher',
    handler: 'Handler',
    supervisor: 'Supervisor',
    leader: 'Leader',
    grid_worker: 'Grid worker',
    system_admin: 'System administrator',
    security_admin: 'Security administrator',
    audit_admin: 'Audit administrator',
  },
  cases,
  intake,
  dispatch,
  inbox,
  caseDetail,
  search,
  supervision,
  board,
  admin,
  integration,
  citizenGroups,
  map: {
    failed: 'Could not load the area outlines',
  },
  errors: {
    network: 'Cannot reach the server. Check the network and try again.',
    badResponse: 'The server sent a response the console cannot read. Try again later.',
    unknown: 'Something went wrong. Try again later.',
  },
};
