import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import type { CaseSearch } from '../../api/cases';

/** The search form as the page holds it; dates are Shanghai calendar days (YYYY-MM-DD). */
export interface SearchForm {
  number: string;
  phone: string;
  q: string;
  address: string;
  fromDate: string;
  toDate: string;
  node: string;
  deadlineStatus: string;
  channel: string;
  requestType: string;
  categoryId: string;
  tag: string;
  streetId: string;
}

export const formKeys = [
  'number',
  'phone',
  'q',
  'address',
  'fromDate',
  'toDate',
  'node',
  'deadlineStatus',
  'channel',
  'requestType',
  'categoryId',
  'tag',
  'streetId',
] as const satisfies readonly (keyof SearchForm)[];

/** Filters hidden under "more filters" (the form opens them when the URL sets one). */
export const moreKeys = [
  'requestType',
  'categoryId',
  'tag',
  'streetId',
] as const satisfies readonly (keyof SearchForm)[];

export const emptyForm = (): SearchForm => ({
  number: '',
  phone: '',
  q: '',
  address: '',
  fromDate: '',
  toDate: '',
  node: '',
  deadlineStatus: '',
  channel: '',
  requestType: '',
  categoryId: '',
  tag: '',
  streetId: '',
});

const isDay = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text);

/** The form from the page's URL (unknown or malformed values are dropped). */
export function formFromQuery(query: LocationQuery): SearchForm {
  const form = emptyForm();
  for (const key of formKeys) {
    const raw = query[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (typeof value === 'string') form[key] = value.trim();
  }
  if (!isDay(form.fromDate)) form.fromDate = '';
  if (!isDay(form.toDate)) form.toDate = '';
  return form;
}

/** The URL query of a form: only the fields that are set, so links stay short. */
export function queryFromForm(form: SearchForm): LocationQueryRaw {
  const query: LocationQueryRaw = {};
  for (const key of formKeys) {
    const value = form[key].trim();
    if (value) query[key] = value;
  }
  return query;
}

/** Midnight of a Shanghai day as a UTC instant (Shanghai keeps UTC+8 all year). */
const shanghaiMidnight = (day: string, plusDays = 0): string =>
  new Date(Date.parse(`${day}T00:00:00+08:00`) + plusDays * 86_400_000).toISOString();

/** The API's search (without paging): the date range covers whole Shanghai days, the end day included. */
export function searchFromForm(form: SearchForm): Omit<CaseSearch, 'cursor' | 'limit'> {
  const s: Omit<CaseSearch, 'cursor' | 'limit'> = {};
  if (form.number) s.number = form.number;
  if (form.phone) s.phone = form.phone.replace(/[\s-]/g, '');
  if (form.q) s.q = form.q;
  if (form.address) s.address = form.address;
  if (form.fromDate) s.from = shanghaiMidnight(form.fromDate);
  if (form.toDate) s.to = shanghaiMidnight(form.toDate, 1);
  if (form.node) s.node = form.node;
  if (form.deadlineStatus) s.deadlineStatus = form.deadlineStatus;
  if (form.channel) s.channel = form.channel;
  if (form.requestType) s.requestType = form.requestType;
  if (form.categoryId) s.categoryId = form.categoryId;
  if (form.tag) s.tag = form.tag;
  if (form.streetId) s.streetId = form.streetId;
  return s;
}

/** "工单查询_20261125_1403.xlsx": the page's name and the Shanghai time of the export. */
export function exportFileName(prefix: string, now: Date): string {
  const local = new Date(now.getTime() + 8 * 3_600_000).toISOString();
  return `${prefix}_${local.slice(0, 10).replace(/-/g, '')}_${local.slice(11, 16).replace(':', '')}.xlsx`;
}
