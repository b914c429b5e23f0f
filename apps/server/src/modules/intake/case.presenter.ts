import { stateGroupOf, type CaseSummary, type UnitName } from '@citydesk/shared';
import type { DbOrTrx } from '../../platform/db/connect.js';
import { maskPhone } from '../../platform/logging.js';
import { categoryNamesByIds } from '../catalogue/index.js';
import { unitRefsByIds } from '../org/index.js';
import { maskName } from './case-input.js';
import { tagsOfCases } from './case.repository.js';
import type { CaseRecordTable } from './intake.tables.js';

export type { CaseSummary, UnitName };

/** Presents rows as summaries, loading names of units, categories and tags in a few queries. */
export async function presentSummaries(db: DbOrTrx, rows: readonly CaseRecordTable[]): Promise<CaseSummary[]> {
  const unitIds = rows
    .flatMap((r) => [r.street_id, r.owner_unit_id, r.lead_unit_id])
    .filter((id): id is string => id !== null);
  const [units, categories, tags] = await Promise.all([
    unitRefsByIds(db, unitIds),
    categoryNamesByIds(
      db,
      rows.map((r) => r.category_id).filter((id): id is string => id !== null),
    ),
    tagsOfCases(
      db,
      rows.map((r) => r.id),
    ),
  ]);
  const unit = (id: string | null): UnitName | null => {
    const u = id ? units.get(id) : undefined;
    return u ? { id: u.id, code: u.code, name: u.name } : null;
  };
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    channel: r.channel,
    requestType: r.request_type,
    urgency: r.urgency,
    node: r.node,
    status: r.status,
    stateGroup: stateGroupOf(r.node, r.status),
    deadlineStatus: r.deadline_status,
    dueAt: r.due_at,
    nodeDueAt: r.node_due_at,
    category: r.category_id ? (categories.get(r.category_id) ?? null) : null,
    street: unit(r.street_id),
    ownerUnit: unit(r.owner_unit_id),
    leadUnit: unit(r.lead_unit_id),
    reporter: {
      name: r.reporter_anonymous === 1 ? null : maskName(r.reporter_name),
      phone: r.reporter_anonymous === 1 ? null : maskPhone(r.reporter_phone),
      anonymous: r.reporter_anonymous === 1,
    },
    address: r.address,
    tags: tags.get(r.id) ?? [],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: Number(r.version),
  }));
}
