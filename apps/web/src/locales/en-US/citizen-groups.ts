import type { citizenGroups as zh } from '../zh-CN/citizen-groups';

export const citizenGroups: typeof zh = {
  title: 'Special groups',
  intro:
    'Registered phones, once verified by SMS, enter the portal’s own channel; their cases carry the group tag, are urgent and under key supervision.',
  names: {
    npc_deputy: 'NPC deputy',
    cppcc_member: 'CPPCC member',
    party_deputy: 'Party congress deputy',
    vulnerable: 'Person in need',
    talent: 'High-level talent',
  },
  allGroups: 'All groups',
  add: 'Register',
  columns: {
    name: 'Name',
    phone: 'Phone',
    group: 'Group',
    note: 'Note',
    createdAt: 'Registered',
    actions: 'Actions',
  },
  form: {
    title: 'Register a member of a special group',
    phone: 'Mobile',
    phonePlaceholder: '11-digit mobile number',
    name: 'Name',
    group: 'Group',
    note: 'Note',
    notePlaceholder: 'e.g. district NPC deputy, constituency X (optional)',
    phoneInvalid: 'Enter an 11-digit mobile number',
    nameRequired: 'Enter the name',
  },
  remove: 'Remove',
  removeConfirm: 'Once {name} ({phone}) is removed, the number can no longer enter the group channel. Remove?',
  removeTitle: 'Remove registration',
  removed: 'Removed',
  added: '{name} registered',
  empty: 'No member registered yet',
  loadMore: 'Load more',
  shown: '{n} shown',
};
