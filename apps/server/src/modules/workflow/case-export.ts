import { PassThrough } from 'node:stream';
import {
  caseColumnNames,
  caseLabels,
  formatShanghai,
  handlingNodes,
  type CaseColumnName,
  type CaseSummary,
  type Locale,
} from '@citydesk/shared';
import { z } from 'zod';
import type { UseCaseContext } from '../../platform/context.js';
import { scopePathOf } from '../../platform/context.js';
import type { Db } from '../../platform/db/connect.js';
import { transact } from '../../platform/db/transaction.js';
import { writeXlsxStream } from '../../platform/files/xlsx.js';
import { maskPhone } from '../../platform/logging.js';
import { recordAudit } from '../audit/index.js';
import { findCasesByIds } from '../intake/index.js';
import { searchCases, searchSchema } from './inbox.js';

/** At most this many rows in one file; a larger result is cut (and the answer says so). */
export const exportRowCap = 10_000;

/** The search's own query; `limit` caps the rows (at most exportRowCap), there is no cursor. */
export const exportSchema = searchSchema.omit({ limit: true, cursor: true }).extend({
  limit: z.coerce.number().int().min(1).max(exportRowCap).default(exportRowCap),
});
export type ExportQuery = z.infer<typeof exportSchema>;

const pageSize = 500;

const sheetNames: Record<Locale, { cases: string; about: string; note: string[] }> = {
  'zh-CN': { cases: '工单', about: '导出说明', note: ['项目', '内容'] },
  'en-US': { cases: 'Cases', about: 'About', note: ['Item', 'Value'] },
};

/** The search page's columns (same headings, from the shared case labels) and the reporter's. */
const exportColumns: readonly CaseColumnName[] = caseColumnNames.filter((c) => c !== 'actions');

const widths = [20, 40, 36, 10, 10, 18, 14, 20, 14, 18, 10, 15];

/** "2026-11-25 10:00" in Shanghai time. */
const shanghaiMinute = (iso: string | null): string =>
  iso ? formatShanghai(new Date(iso)).slice(0, 16).replace('T', ' ') : '';

/** The deadline the status is about (as the search page shows it): the node's, or the handling one while it runs. */
function nearestDue(s: CaseSummary): string | null {
  const candidates = [s.nodeDueAt, handlingNodes.includes(s.node) ? s.dueAt : null].filter(
    (d): d is string => d !== null,
  );
  return candidates.sort()[0] ?? null;
}

interface ExportRow {
  summary: CaseSummary;
  /** Unmasked, only for a caller allowed to see personal data. */
  contact: { name: string | null; phone: string | null } | null;
}

export interface CaseExport {
  /** The .xlsx bytes, written as they are produced. */
  stream: PassThrough;
  rows: number;
  capped: boolean;
  fileName: string;
}

/** The search's query as the audit log keeps it: a searched phone number is masked. */
function auditedQuery(q: ExportQuery): Record<string, unknown> {
  const { phone, ...rest } = q;
  return phone ? { ...rest, phone: maskPhone(phone) } : rest;
}

/**
 * The search's result (same query, same scope, newest first) as an Excel file with the columns
 * of the search page plus the reporter. Personal data is masked unless the caller holds
 * case.reveal_pii; then the export is recorded in the audit log as an access to personal data.
 */
export async function exportCases(db: Db, ctx: UseCaseContext, q: ExportQuery, locale: Locale): Promise<CaseExport> {
  const scopePath = scopePathOf(ctx.actor);
  const reveal = ctx.actor.permissions.has('case.reveal_pii');
  const { limit: cap, ...search } = q;
  const rows: ExportRow[] = [];
  let cursor: string | undefined;
  let more = true;
  // Keyset pages of the search itself, one more row than the cap to know whether it cut.
  while (more && rows.length <= cap) {
    const wanted = Math.min(pageSize, cap + 1 - rows.length);
    const page = await searchCases(db, scopePath, { ...search, limit: wanted, ...(cursor ? { cursor } : {}) });
    const full = reveal
      ? await findCasesByIds(
          db,
          page.items.map((i) => i.id),
        )
      : [];
    const byId = new Map(full.map((r) => [r.id, r]));
    for (const summary of page.items) {
      const raw = byId.get(summary.id);
      const hidden = !raw || raw.reporter_anonymous === 1;
      rows.push({
        summary,
        contact: reveal ? (hidden ? null : { name: raw.reporter_name, phone: raw.reporter_phone }) : null,
      });
    }
    cursor = page.nextCursor ?? undefined;
    more = cursor !== undefined;
  }
  const capped = rows.length > cap;
  const kept = rows.slice(0, cap);

  const at = ctx.clock.now();
  await transact(db, (trx) =>
    recordAudit(trx, ctx, {
      action: reveal ? 'case.contacts_exported' : 'case.exported',
      subjectType: 'case',
      after: {
        rows: kept.length,
        capped,
        ...(reveal ? { fields: ['name', 'phone'] } : {}),
        query: auditedQuery(q),
      },
    }),
  );

  const labels = caseLabels(locale);
  const h = sheetNames[locale];
  const line = ({ summary: s, contact }: ExportRow): string[] => [
    s.number,
    s.title,
    s.category ? [...s.category.pathNames, s.category.name].join(' / ') : '',
    s.status === 'open' ? labels.node[s.node] : labels.status[s.status],
    labels.deadline[s.deadlineStatus],
    shanghaiMinute(nearestDue(s)),
    s.street?.name ?? '',
    s.leadUnit?.name ?? '',
    labels.channel[s.channel],
    shanghaiMinute(s.createdAt),
    s.reporter.anonymous ? labels.anonymous : ((contact ? contact.name : s.reporter.name) ?? ''),
    s.reporter.anonymous ? '' : ((contact ? contact.phone : s.reporter.phone) ?? ''),
  ];
  const zh = locale === 'zh-CN';
  const notes: string[][] = [
    [zh ? '导出时间' : 'Exported at', shanghaiMinute(at.toISOString())],
    [zh ? '导出人' : 'Exported by', ctx.actor.displayName],
    [zh ? '行数' : 'Rows', String(kept.length)],
    ...(capped
      ? [
          [
            zh ? '已截断' : 'Cut',
            zh
              ? `结果超过 ${cap} 条，仅导出最新的 ${cap} 条，请缩小查询条件`
              : `More than ${cap} cases matched; only the newest ${cap} are in this file. Narrow the search.`,
          ],
        ]
      : []),
    [
      zh ? '个人信息' : 'Personal data',
      reveal
        ? zh
          ? '完整（本次导出已记入审计日志）'
          : 'Full (this export is recorded in the audit log)'
        : zh
          ? '已脱敏'
          : 'Masked',
    ],
  ];

  const stream = new PassThrough();
  void writeXlsxStream(stream, [
    { name: h.cases, headers: exportColumns.map((c) => labels.columns[c]), widths, rows: kept.map(line) },
    { name: h.about, headers: h.note, widths: [14, 60], rows: notes },
  ]).catch((error: unknown) => stream.destroy(error instanceof Error ? error : new Error(String(error))));
  const day = shanghaiMinute(at.toISOString()).slice(0, 10).replace(/-/g, '');
  return { stream, rows: kept.length, capped, fileName: `cases-${day}.xlsx` };
}
