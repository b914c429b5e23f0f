import type { CaseActionName as SharedActionName } from '@citydesk/shared';
import { handlingNodes, nextNode, tagSchema, type CaseNode, type Permission, type UnitType } from '@citydesk/shared';
import { z } from 'zod';
import { toDbTime } from '../../platform/clock.js';
import type { UseCaseContext } from '../../platform/context.js';
import type { Trx } from '../../platform/db/connect.js';
import type { ModuleDeps } from '../../platform/deps.js';
import type { DomainEvent } from '../../platform/events/domain-events.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { getCategoryItem } from '../catalogue/index.js';
import {
  activeStatuses,
  assignUnits,
  endAssignment,
  markFedBack,
  markSigned,
  reactivateAssignment,
  reopenAssignments,
  type CaseAssignmentTable,
} from '../dispatch/index.js';
import {
  addTag,
  amberInstant,
  findCaseById,
  planCaseDue,
  removeTag,
  type CasePatch,
  type CaseRecordTable,
} from '../intake/index.js';
import type { WorkingCalendar } from '../calendar/index.js';
import { getUnitRow, isWithin } from '../org/index.js';
import { workflowSettingsOf } from '../settings/index.js';
import { addEntry, hasPublicReplySince, pendingExtension } from './entries.js';

/** What an action sees: the case as read, its assignments, the caller and the paths of the units involved. */
export interface ActionState {
  deps: ModuleDeps;
  /** The working-day calendar, loaded before the transaction (deadlines are computed with it). */
  calendar: WorkingCalendar;
  ctx: UseCaseContext;
  row: CaseRecordTable;
  assignments: CaseAssignmentTable[];
  /** The caller's data scope (null: the system, everything). */
  scopePath: string | null;
  /** Materialised paths of the units involved (owner, assignments, location). */
  unitPaths: Map<string, string>;
}

export interface ActionResult {
  patch: CasePatch;
  data?: Record<string, unknown>;
  reason?: string | null;
  events?: Omit<DomainEvent, 'caseId'>[];
  /** Messages to the citizen (and to reporters of cases merged into this one). */
  notifyReporters?: { template: 'case_replied' | 'case_closed' | 'case_reopened' };
}

export interface ActionDefinition<I> {
  /** Any one of these permissions lets a role take the action. */
  permissions: readonly Permission[];
  /** The audit action recorded: `case.<past>`. */
  past: string;
  schema: z.ZodType<I>;
  /** State-changing actions carry the version the caller saw; annotations (notes, tags) do not. */
  versioned: boolean;
  /** Why the case's node or status forbids the action now (null: allowed). */
  check(state: ActionState, input: I): string | null;
  /** Why this caller may not act on this case (null: may). */
  authorize(state: ActionState, input: I): string | null;
  run(trx: Trx, state: ActionState, input: I): Promise<ActionResult>;
}

// ---------------------------------------------------------------------------------------------
// Helpers

const reasonText = z.string().trim().min(1).max(2000);
const idList = z.array(z.string().min(1).max(64)).max(9).default([]);
const version = z.number().int().min(1);

export function inScope(state: ActionState, unitId: string | null): boolean {
  if (state.scopePath === null) return true;
  if (!unitId) return false;
  const path = state.unitPaths.get(unitId);
  return path !== undefined && isWithin(path, state.scopePath);
}

const active = (a: CaseAssignmentTable) => activeStatuses.includes(a.status);

/** The caller's lead assignment if it holds one, else its first (authorize ensured there is one). */
function pick(mine: readonly CaseAssignmentTable[]): CaseAssignmentTable {
  const chosen = mine.find((a) => a.role === 'lead') ?? mine[0];
  if (!chosen) throw new AppError('FORBIDDEN', { reason: 'your unit holds no part of this case' });
  return chosen;
}

/** The caller's own active assignments on the case (units inside the caller's scope). */
export function myAssignments(state: ActionState): CaseAssignmentTable[] {
  return state.assignments.filter((a) => active(a) && inScope(state, a.unit_id));
}

function leadAssignment(state: ActionState): CaseAssignmentTable | undefined {
  return state.assignments.find((a) => a.role === 'lead' && active(a));
}

const isOpen = (state: ActionState) => state.row.status === 'open';
const nodeIs = (state: ActionState, ...nodes: CaseNode[]) => nodes.includes(state.row.node);
const after = (state: ActionState, node: CaseNode) => nextNode(state.row.workflow_template, state.row.channel, node);
const ownerInScope = (state: ActionState) =>
  inScope(state, state.row.owner_unit_id) ? null : 'only the dispatching centre may do this';

function notOpen(state: ActionState): string | null {
  if (state.row.status === 'suspended') return 'the case is suspended';
  if (state.row.status !== 'open') return `the case is ${state.row.status}`;
  return null;
}

async function activeUnit(trx: Trx, unitId: string, field: string) {
  const unit = await getUnitRow(trx, unitId);
  if (!unit || unit.active !== 1) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ field, reason: 'no active unit with this id' }] });
  }
  return unit;
}

/** A dispatch target: active, not the district centre, and inside the dispatching unit's subtree. */
async function dispatchTarget(trx: Trx, unitId: string, field: string, fromUnitId: string) {
  const unit = await activeUnit(trx, unitId, field);
  const from = await getUnitRow(trx, fromUnitId);
  if (unit.type === 'district_centre' || unit.id === fromUnitId || !from || !isWithin(unit.path, from.path)) {
    throw new AppError('VALIDATION_FAILED', {
      fields: [{ field, reason: 'dispatch goes down the tree, to a unit under the dispatching unit' }],
    });
  }
  return unit;
}

/** Whether every active assignment has fed back and a lead exists: handling is complete. */
function handlingComplete(assignments: readonly CaseAssignmentTable[]): boolean {
  const live = assignments.filter(active);
  return live.some((a) => a.role === 'lead') && live.every((a) => a.status === 'fed_back');
}

/** The node after handling: feedback, and past it at once when a reply has already gone out. */
/**
 * Whether anyone waits for an answer: a patrol report or a camera event has no citizen behind it
 * (no phone), so its feedback goes straight on to verification instead of waiting for a reply.
 */
function hasCitizenToAnswer(row: CaseRecordTable): boolean {
  return !((row.channel === 'grid' || row.channel === 'video_ai') && !row.reporter_phone);
}

async function nodeAfterHandling(trx: Trx, state: ActionState, replied: boolean): Promise<CaseNode> {
  const feedback = after(state, 'handle');
  if (feedback !== 'feedback') return feedback;
  const hasReply =
    replied ||
    !hasCitizenToAnswer(state.row) ||
    (await hasPublicReplySince(trx, state.row.id, state.row.dispatched_at ?? state.row.accepted_at));
  return hasReply ? after(state, 'feedback') : 'feedback';
}

async function recomputeDue(
  trx: Trx,
  state: ActionState,
  from: Date,
  requestType: CaseRecordTable['request_type'],
  categoryId: string | null,
) {
  const item = categoryId ? await getCategoryItem(trx, categoryId) : null;
  return planCaseDue(
    state.calendar,
    from,
    item?.timeLimits ?? null,
    requestType,
    workflowSettingsOf(state.deps).amberRatio,
  );
}

// ---------------------------------------------------------------------------------------------
// The actions

const classifySchema = z.object({
  version,
  categoryId: z.string().min(1).max(64),
  requestType: z.enum(['consultation', 'suggestion', 'complaint', 'report', 'help', 'praise', 'other']).optional(),
  title: z.string().trim().min(1).max(60).optional(),
});

async function applyClassification(
  trx: Trx,
  state: ActionState,
  input: z.infer<typeof classifySchema>,
): Promise<CasePatch> {
  const item = await getCategoryItem(trx, input.categoryId);
  if (!item || !item.active) {
    throw new AppError('VALIDATION_FAILED', {
      fields: [{ field: 'categoryId', reason: 'no active level-3 catalogue item with this id' }],
    });
  }
  const requestType = input.requestType ?? state.row.request_type;
  const due = await recomputeDue(trx, state, new Date(state.row.accepted_at), requestType, item.id);
  return {
    category_id: item.id,
    request_type: requestType,
    workflow_template: item.workflowTemplate,
    ...(input.title ? { title: input.title } : {}),
    due_at: due.dueAt,
    amber_at: due.amberAt,
  };
}

const classify: ActionDefinition<z.infer<typeof classifySchema>> = {
  permissions: ['case.classify'],
  past: 'classified',
  schema: classifySchema,
  versioned: true,
  check: (s) => notOpen(s) ?? (nodeIs(s, 'register', 'dispatch') ? null : 'a case is classified before dispatch'),
  authorize: ownerInScope,
  async run(trx, state, input) {
    const patch = await applyClassification(trx, state, input);
    return {
      patch: { ...patch, node: 'dispatch' },
      data: { categoryId: patch.category_id, requestType: patch.request_type },
    };
  },
};

const dispatchSchema = z.object({
  version,
  leadUnitId: z.string().min(1).max(64),
  coUnitIds: z.array(z.string().min(1).max(64)).max(10).default([]),
  categoryId: z.string().min(1).max(64).optional(),
  note: z.string().trim().max(500).optional(),
});

const dispatch: ActionDefinition<z.infer<typeof dispatchSchema>> = {
  permissions: ['case.dispatch'],
  past: 'dispatched',
  schema: dispatchSchema,
  versioned: true,
  check: (s) => notOpen(s) ?? (nodeIs(s, 'register', 'dispatch') ? null : 'the case is not waiting for dispatch'),
  authorize: ownerInScope,
  async run(trx, state, input) {
    let patch: CasePatch = {};
    if (input.categoryId)
      patch = await applyClassification(trx, state, { version: input.version, categoryId: input.categoryId });
    const template = patch.workflow_template ?? state.row.workflow_template;
    const lead = await dispatchTarget(trx, input.leadUnitId, 'leadUnitId', state.row.owner_unit_id);
    for (const [i, id] of input.coUnitIds.entries())
      await dispatchTarget(trx, id, `coUnitIds.${i}`, state.row.owner_unit_id);
    await assignUnits(trx, state.ctx, state.row.id, {
      leadUnitId: lead.id,
      coUnitIds: input.coUnitIds,
      fromUnitId: state.row.owner_unit_id,
    });
    const now = toDbTime(state.ctx.clock.now());
    return {
      patch: {
        ...patch,
        lead_unit_id: lead.id,
        dispatched_at: state.row.dispatched_at ?? now,
        node: nextNode(template, state.row.channel, 'dispatch'),
      },
      data: { leadUnitId: lead.id, coUnitIds: input.coUnitIds, categoryId: patch.category_id ?? state.row.category_id },
      reason: input.note ?? null,
    };
  },
};

const passDownSchema = z.object({
  version,
  unitId: z.string().min(1).max(64),
  note: z.string().trim().max(500).optional(),
});

const passDown: ActionDefinition<z.infer<typeof passDownSchema>> = {
  permissions: ['case.dispatch', 'case.handle'],
  past: 'passed_down',
  schema: passDownSchema,
  versioned: true,
  check: (s) => notOpen(s) ?? (nodeIs(s, 'sign', 'handle') ? null : 'only a case being handled can be passed down'),
  authorize: (s) => {
    const lead = leadAssignment(s);
    return lead && inScope(s, lead.unit_id) && lead.status !== 'fed_back'
      ? null
      : 'only the lead unit may pass the case down';
  },
  async run(trx, state, input) {
    const lead = leadAssignment(state) as CaseAssignmentTable;
    const target = await dispatchTarget(trx, input.unitId, 'unitId', lead.unit_id);
    await endAssignment(trx, state.ctx, lead, 'passed_down', input.note ?? 'passed down');
    await assignUnits(trx, state.ctx, state.row.id, {
      leadUnitId: target.id,
      coUnitIds: [],
      fromUnitId: lead.unit_id,
      parentId: lead.id,
    });
    return {
      patch: { lead_unit_id: target.id, node: after(state, 'dispatch') },
      data: { fromUnitId: lead.unit_id, toUnitId: target.id },
      reason: input.note ?? null,
    };
  },
};

const sign: ActionDefinition<{ version: number }> = {
  permissions: ['case.handle'],
  past: 'signed',
  schema: z.object({ version }),
  versioned: true,
  check: (s) => notOpen(s) ?? (nodeIs(s, 'sign', 'handle') ? null : 'nothing to sign for at this step'),
  authorize: (s) =>
    myAssignments(s).some((a) => a.status === 'dispatched') ? null : 'the case is not waiting for your unit to sign',
  async run(trx, state) {
    const mine = myAssignments(state).filter((a) => a.status === 'dispatched');
    for (const a of mine) await markSigned(trx, state.ctx, a);
    const leadSigned = mine.some((a) => a.role === 'lead');
    return {
      patch: leadSigned && state.row.node === 'sign' ? { node: 'handle' } : {},
      data: { units: mine.map((a) => a.unit_id), roles: mine.map((a) => a.role) },
    };
  },
};

const returnSchema = z.object({ version, reason: reasonText });

const returnCase: ActionDefinition<z.infer<typeof returnSchema>> = {
  permissions: ['case.handle'],
  past: 'returned',
  schema: returnSchema,
  versioned: true,
  check: (s) => notOpen(s) ?? (nodeIs(s, 'sign', 'handle') ? null : 'a case can be returned only before feedback'),
  authorize: (s) =>
    myAssignments(s).some((a) => a.status === 'dispatched' || a.status === 'signed')
      ? null
      : 'your unit holds no part of this case to return',
  async run(trx, state, input) {
    const mine = myAssignments(state).filter((a) => a.status === 'dispatched' || a.status === 'signed');
    const target = pick(mine);
    const limitMs = workflowSettingsOf(state.deps).returnLimitHours * 3600_000;
    if (state.ctx.clock.now().getTime() - Date.parse(target.dispatched_at) > limitMs) {
      throw new AppError('WINDOW_CLOSED', {
        limitHours: workflowSettingsOf(state.deps).returnLimitHours,
        dispatchedAt: target.dispatched_at,
      });
    }
    await endAssignment(trx, state.ctx, target, 'returned', input.reason);
    const data = { unitId: target.unit_id, role: target.role, toUnitId: target.from_unit_id };
    if (target.role === 'co') {
      const rest = state.assignments.map((a) => (a.id === target.id ? { ...a, status: 'returned' as const } : a));
      const complete = handlingComplete(rest) && state.row.node === 'handle';
      return {
        patch: complete ? { node: await nodeAfterHandling(trx, state, false) } : {},
        data,
        reason: input.reason,
      };
    }
    const parent = target.parent_id ? state.assignments.find((a) => a.id === target.parent_id) : undefined;
    if (parent) {
      // Back up the tree: the unit that passed the case down takes it back.
      await reactivateAssignment(trx, parent);
      return { patch: { lead_unit_id: parent.unit_id, node: 'handle' }, data, reason: input.reason };
    }
    for (const co of state.assignments.filter((a) => a.role === 'co' && active(a))) {
      await endAssignment(trx, state.ctx, co, 'cancelled', 'the lead unit returned the case');
    }
    return {
      patch: { lead_unit_id: null, owner_unit_id: target.from_unit_id, node: 'dispatch' },
      data,
      reason: input.reason,
    };
  },
};

const reassignSchema = z.object({
  version,
  fromUnitId: z.string().min(1).max(64),
  toUnitId: z.string().min(1).max(64),
  reason: reasonText,
});

const reassign: ActionDefinition<z.infer<typeof reassignSchema>> = {
  permissions: ['case.dispatch'],
  past: 'reassigned',
  schema: reassignSchema,
  versioned: true,
  check: (s) =>
    notOpen(s) ?? (nodeIs(s, 'sign', 'handle') ? null : 'only a dispatched case being handled can be reassigned'),
  authorize: ownerInScope,
  async run(trx, state, input) {
    const current = state.assignments.find((a) => a.unit_id === input.fromUnitId && active(a));
    if (!current) {
      throw new AppError('VALIDATION_FAILED', {
        fields: [{ field: 'fromUnitId', reason: 'this unit holds no active part of the case' }],
      });
    }
    const target = await dispatchTarget(trx, input.toUnitId, 'toUnitId', current.from_unit_id);
    if (state.assignments.some((a) => a.unit_id === target.id && active(a))) {
      throw new AppError('VALIDATION_FAILED', {
        fields: [{ field: 'toUnitId', reason: 'this unit already holds a part of the case' }],
      });
    }
    await endAssignment(trx, state.ctx, current, 'cancelled', `reassigned: ${input.reason}`);
    await assignUnits(trx, state.ctx, state.row.id, {
      leadUnitId: current.role === 'lead' ? target.id : null,
      coUnitIds: current.role === 'co' ? [target.id] : [],
      fromUnitId: current.from_unit_id,
    });
    const patch: CasePatch = current.role === 'lead' ? { lead_unit_id: target.id, node: after(state, 'dispatch') } : {};
    return {
      patch,
      data: { fromUnitId: current.unit_id, toUnitId: target.id, role: current.role },
      reason: input.reason,
    };
  },
};

const extensionSchema = z.object({ version, reason: reasonText, requestedDueAt: z.iso.datetime({ offset: true }) });

const requestExtension: ActionDefinition<z.infer<typeof extensionSchema>> = {
  permissions: ['case.handle'],
  past: 'extension_requested',
  schema: extensionSchema,
  versioned: true,
  check: (s) =>
    notOpen(s) ?? (nodeIs(s, 'sign', 'handle', 'feedback') ? null : 'an extension is asked for while handling'),
  authorize: (s) => {
    const lead = leadAssignment(s);
    return lead && inScope(s, lead.unit_id) ? null : 'only the lead unit may ask for more time';
  },
  async run(trx, state, input) {
    const requested = new Date(input.requestedDueAt);
    if (state.row.due_at && requested.toISOString() <= state.row.due_at) {
      throw new AppError('VALIDATION_FAILED', {
        fields: [{ field: 'requestedDueAt', reason: 'must be later than the current deadline' }],
      });
    }
    if (await pendingExtension(trx, state.row.id)) {
      throw new AppError('ACTION_NOT_ALLOWED', { reason: 'an extension request is already waiting for a decision' });
    }
    const lead = leadAssignment(state) as CaseAssignmentTable;
    const id = await trx
      .insertInto('case_extension')
      .values({
        id: newId(state.ctx.clock.now().getTime()),
        case_id: state.row.id,
        unit_id: lead.unit_id,
        requested_by: state.ctx.actor.id,
        requested_at: toDbTime(state.ctx.clock.now()),
        reason: input.reason,
        requested_due_at: toDbTime(requested),
        status: 'pending',
        decided_by: null,
        decided_at: null,
        decision_note: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { patch: {}, data: { extensionId: id.id, requestedDueAt: toDbTime(requested) }, reason: input.reason };
  },
};

const decideSchema = z.object({ version, approve: z.boolean(), note: z.string().trim().max(500).optional() });

const decideExtension: ActionDefinition<z.infer<typeof decideSchema>> = {
  permissions: ['case.approve_extension'],
  past: 'extension_decided',
  schema: decideSchema,
  versioned: true,
  check: () => null,
  authorize: (s) => {
    const lead = leadAssignment(s);
    return inScope(s, s.row.owner_unit_id) || (lead && inScope(s, lead.from_unit_id))
      ? null
      : 'only the dispatching unit decides on extensions';
  },
  async run(trx, state, input) {
    const pending = await pendingExtension(trx, state.row.id);
    if (!pending) throw new AppError('ACTION_NOT_ALLOWED', { reason: 'no extension request is waiting' });
    await trx
      .updateTable('case_extension')
      .set({
        status: input.approve ? 'approved' : 'refused',
        decided_by: state.ctx.actor.id,
        decided_at: toDbTime(state.ctx.clock.now()),
        decision_note: input.note ?? null,
      })
      .where('id', '=', pending.id)
      .execute();
    const data = { extensionId: pending.id, approved: input.approve, previousDueAt: state.row.due_at };
    if (!input.approve) return { patch: {}, data, reason: input.note ?? null };
    const due = new Date(pending.requested_due_at);
    const amber = toDbTime(
      amberInstant(new Date(state.row.accepted_at), due, workflowSettingsOf(state.deps).amberRatio),
    );
    const nodeShares = state.row.node_due_at !== null && state.row.node_due_at === state.row.due_at;
    return {
      patch: {
        due_at: pending.requested_due_at,
        amber_at: amber,
        ...(nodeShares ? { node_due_at: pending.requested_due_at, node_amber_at: amber } : {}),
      },
      data: { ...data, dueAt: pending.requested_due_at },
      reason: input.note ?? null,
    };
  },
};

const suspendSchema = z.object({ version, reason: reasonText });
const handlerOrOwner = (s: ActionState) => {
  const lead = leadAssignment(s);
  return (lead && inScope(s, lead.unit_id)) || inScope(s, s.row.owner_unit_id)
    ? null
    : 'only the lead or the dispatching unit may do this';
};

const suspend: ActionDefinition<z.infer<typeof suspendSchema>> = {
  permissions: ['case.handle', 'case.dispatch'],
  past: 'suspended',
  schema: suspendSchema,
  versioned: true,
  check: (s) => notOpen(s) ?? (handlingNodes.includes(s.row.node) ? null : 'only a case in handling can be suspended'),
  authorize: handlerOrOwner,
  async run(_trx, state, input) {
    return { patch: { status: 'suspended', suspended_at: toDbTime(state.ctx.clock.now()) }, reason: input.reason };
  },
};

const resume: ActionDefinition<{ version: number }> = {
  permissions: ['case.handle', 'case.dispatch'],
  past: 'resumed',
  schema: z.object({ version }),
  versioned: true,
  check: (s) => (s.row.status === 'suspended' ? null : 'the case is not suspended'),
  authorize: handlerOrOwner,
  async run(_trx, state) {
    const now = state.ctx.clock.now();
    const paused = now.getTime() - Date.parse(state.row.suspended_at ?? toDbTime(now));
    const shift = (t: string | null) => (t === null ? null : toDbTime(new Date(Date.parse(t) + paused)));
    // Every deadline moves out by exactly the time the clock was stopped.
    return {
      patch: {
        status: 'open',
        suspended_at: null,
        paused_ms: Number(state.row.paused_ms) + paused,
        due_at: shift(state.row.due_at),
        amber_at: shift(state.row.amber_at),
        node_due_at: shift(state.row.node_due_at),
        node_amber_at: shift(state.row.node_amber_at),
      },
      data: { pausedMs: paused },
    };
  },
};

const feedbackSchema = z.object({
  version,
  result: z.string().trim().min(1).max(4000),
  attachmentIds: idList,
  /** A reply to the citizen sent with the feedback (public). */
  reply: z.string().trim().min(1).max(4000).optional(),
  replyAttachmentIds: idList,
});

const feedback: ActionDefinition<z.infer<typeof feedbackSchema>> = {
  permissions: ['case.handle'],
  past: 'fed_back',
  schema: feedbackSchema,
  versioned: true,
  check: (s) => notOpen(s) ?? (nodeIs(s, 'sign', 'handle') ? null : 'feedback is given while handling'),
  authorize: (s) =>
    myAssignments(s).some((a) => a.status === 'signed' || a.status === 'dispatched')
      ? null
      : 'your unit holds no part of this case to feed back on',
  async run(trx, state, input) {
    const mine = myAssignments(state).filter((a) => a.status === 'signed' || a.status === 'dispatched');
    const target = pick(mine);
    await addEntry(trx, state.ctx, state.row.id, {
      kind: 'feedback',
      isPublic: false,
      body: input.result,
      data: { assignmentId: target.id, role: target.role, unitId: target.unit_id },
      attachmentIds: input.attachmentIds,
      attachmentsPublic: true,
    });
    await markFedBack(trx, state.ctx, target);
    if (input.reply) {
      await addEntry(trx, state.ctx, state.row.id, {
        kind: 'reply',
        isPublic: true,
        body: input.reply,
        attachmentIds: input.replyAttachmentIds,
        attachmentsPublic: true,
        unitId: target.unit_id,
      });
    }
    const updated = state.assignments.map((a) => (a.id === target.id ? { ...a, status: 'fed_back' as const } : a));
    const complete = handlingComplete(updated);
    return {
      patch: complete ? { node: await nodeAfterHandling(trx, state, Boolean(input.reply)) } : {},
      data: { unitId: target.unit_id, role: target.role, handlingComplete: complete, replied: Boolean(input.reply) },
      ...(input.reply ? { notifyReporters: { template: 'case_replied' as const } } : {}),
    };
  },
};

const replySchema = z.object({ version, body: z.string().trim().min(1).max(4000), attachmentIds: idList });

const reply: ActionDefinition<z.infer<typeof replySchema>> = {
  permissions: ['case.reply'],
  past: 'replied',
  schema: replySchema,
  versioned: true,
  check: (s) =>
    s.row.status === 'voided' || s.row.status === 'merged'
      ? `the case is ${s.row.status}`
      : nodeIs(s, 'accept', 'register', 'dispatch') && s.row.status === 'open'
        ? 'reply once the case has been dispatched'
        : null,
  authorize: handlerOrOwner,
  async run(trx, state, input) {
    const lead = leadAssignment(state);
    await addEntry(trx, state.ctx, state.row.id, {
      kind: 'reply',
      isPublic: true,
      body: input.body,
      attachmentIds: input.attachmentIds,
      attachmentsPublic: true,
      // The citizen sees who answered: the replying staff member's own unit.
      unitId: state.ctx.actor.unitId ?? (lead && inScope(state, lead.unit_id) ? lead.unit_id : state.row.owner_unit_id),
    });
    const patch: CasePatch = state.row.node === 'feedback' && isOpen(state) ? { node: after(state, 'feedback') } : {};
    return { patch, notifyReporters: { template: 'case_replied' } };
  },
};

const noteSchema = z.object({ body: z.string().trim().min(1).max(4000) });

const note: ActionDefinition<z.infer<typeof noteSchema>> = {
  permissions: ['case.note'],
  past: 'noted',
  schema: noteSchema,
  versioned: false,
  check: () => null,
  authorize: () => null,
  async run(trx, state, input) {
    await addEntry(trx, state.ctx, state.row.id, { kind: 'note', isPublic: false, body: input.body });
    return { patch: {} };
  },
};

const verifySchema = z.object({
  version,
  passed: z.boolean(),
  note: z.string().trim().min(1).max(2000),
  attachmentIds: idList,
});

const verify: ActionDefinition<z.infer<typeof verifySchema>> = {
  permissions: ['case.verify'],
  past: 'verified',
  schema: verifySchema,
  versioned: true,
  check: (s) => notOpen(s) ?? (nodeIs(s, 'verify') ? null : 'the case is not waiting for verification on site'),
  authorize: (s) =>
    inScope(s, s.row.grid_id) || inScope(s, s.row.community_id)
      ? null
      : 'only a grid worker of the case’s grid or community verifies it',
  async run(trx, state, input) {
    if (!input.passed && input.attachmentIds.length === 0) {
      throw new AppError('VALIDATION_FAILED', {
        fields: [{ field: 'attachmentIds', reason: 'a failed verification needs photos' }],
      });
    }
    await addEntry(trx, state.ctx, state.row.id, {
      kind: 'verify',
      isPublic: false,
      body: input.note,
      data: { passed: input.passed },
      attachmentIds: input.attachmentIds,
      attachmentsPublic: false,
    });
    if (input.passed) return { patch: { node: after(state, 'verify') }, data: { passed: true } };
    await reopenAssignments(trx, state.row.id);
    return { patch: { node: 'handle' }, data: { passed: false }, reason: input.note };
  },
};

const visitSchema = z.object({
  version,
  solved: z.boolean(),
  satisfaction: z.enum(['satisfied', 'basically_satisfied', 'unsatisfied']),
  note: z.string().trim().max(2000).default(''),
});

const visit: ActionDefinition<z.infer<typeof visitSchema>> = {
  permissions: ['case.visit'],
  past: 'visited',
  schema: visitSchema,
  versioned: true,
  check: (s) => notOpen(s) ?? (nodeIs(s, 'return_visit') ? null : 'the case is not waiting for a return visit'),
  authorize: () => null,
  async run(trx, state, input) {
    await addEntry(trx, state.ctx, state.row.id, {
      kind: 'visit',
      isPublic: false,
      body: input.note,
      data: { solved: input.solved, satisfaction: input.satisfaction },
    });
    const data = { solved: input.solved, satisfaction: input.satisfaction };
    if (input.solved) return { patch: { visit_result: 'solved', node: after(state, 'return_visit') }, data };
    return {
      patch: { visit_result: 'unsolved' },
      data,
      events: [{ type: 'case.visit_unsolved', data: { satisfaction: input.satisfaction, note: input.note } }],
    };
  },
};

const closeSchema = z.object({ version, note: z.string().trim().max(2000).optional() });

const close: ActionDefinition<z.infer<typeof closeSchema>> = {
  permissions: ['case.close'],
  past: 'closed',
  schema: closeSchema,
  versioned: true,
  check: (s) =>
    notOpen(s) ??
    (nodeIs(s, 'close') || (nodeIs(s, 'return_visit') && s.row.visit_result !== null)
      ? null
      : 'the case is not ready to close'),
  authorize: ownerInScope,
  async run(_trx, state, input) {
    return {
      patch: { status: 'closed', closed_at: toDbTime(state.ctx.clock.now()), node: after(state, 'close') },
      reason: input.note ?? null,
      notifyReporters: { template: 'case_closed' },
    };
  },
};

const redoSchema = z.object({ version, reason: reasonText });

const redo: ActionDefinition<z.infer<typeof redoSchema>> = {
  permissions: ['case.redo'],
  past: 'redone',
  schema: redoSchema,
  versioned: true,
  check: (s) => {
    if (s.row.status === 'open' && s.row.node === 'return_visit' && s.row.visit_result === 'unsolved') return null;
    if (s.row.status === 'closed') return null;
    return 'redo follows a failed return visit, a poor rating or a reopened case';
  },
  authorize: ownerInScope,
  async run(trx, state, input) {
    if (state.row.status === 'closed') {
      const rating = await trx
        .selectFrom('case_rating')
        .select('result')
        .where('case_id', '=', state.row.id)
        .executeTakeFirst();
      if (!rating || rating.result > 2) {
        throw new AppError('ACTION_NOT_ALLOWED', {
          reason: 'a closed case is redone only after a poor rating (result 2 or less)',
        });
      }
    }
    return {
      patch: await reopenPatch(trx, state),
      data: { reopenCount: state.row.reopen_count + 1 },
      reason: input.reason,
    };
  },
};

/** Back to handling (or dispatch when no unit holds it) with a fresh handling deadline. */
export async function reopenPatch(trx: Trx, state: ActionState): Promise<CasePatch> {
  await reopenAssignments(trx, state.row.id);
  const now = state.ctx.clock.now();
  const due = await recomputeDue(trx, state, now, state.row.request_type, state.row.category_id);
  const hasLead = state.assignments.some((a) => a.role === 'lead' && active(a));
  return {
    status: 'open',
    closed_at: null,
    rated_at: null,
    visit_result: null,
    reopen_count: state.row.reopen_count + 1,
    node: hasLead ? 'handle' : 'dispatch',
    due_at: due.dueAt,
    amber_at: due.amberAt,
  };
}

const voidSchema = z.object({ version, reason: reasonText });

const voidCase: ActionDefinition<z.infer<typeof voidSchema>> = {
  permissions: ['case.void'],
  past: 'voided',
  schema: voidSchema,
  versioned: true,
  check: (s) => (s.row.status === 'open' || s.row.status === 'suspended' ? null : `the case is ${s.row.status}`),
  authorize: () => null,
  async run(trx, state, input) {
    for (const a of state.assignments.filter(active))
      await endAssignment(trx, state.ctx, a, 'cancelled', 'case voided');
    return { patch: { status: 'voided', closed_at: toDbTime(state.ctx.clock.now()) }, reason: input.reason };
  },
};

const mergeSchema = z.object({ version, intoCaseId: z.string().min(1).max(64), reason: reasonText });

const merge: ActionDefinition<z.infer<typeof mergeSchema>> = {
  permissions: ['case.merge'],
  past: 'merged',
  schema: mergeSchema,
  versioned: true,
  check: (s) => (s.row.status === 'open' || s.row.status === 'suspended' ? null : `the case is ${s.row.status}`),
  authorize: () => null,
  async run(trx, state, input) {
    const main = await findCaseById(trx, input.intoCaseId);
    if (!main || main.id === state.row.id || main.status === 'merged' || main.status === 'voided') {
      throw new AppError('VALIDATION_FAILED', {
        fields: [{ field: 'intoCaseId', reason: 'merge into another live case' }],
      });
    }
    for (const a of state.assignments.filter(active))
      await endAssignment(trx, state.ctx, a, 'cancelled', `merged into ${main.number}`);
    await addTag(trx, main.id, '并案', toDbTime(state.ctx.clock.now()));
    return {
      patch: { status: 'merged', merged_into_id: main.id, closed_at: toDbTime(state.ctx.clock.now()) },
      data: { intoCaseId: main.id, intoNumber: main.number },
      reason: input.reason,
    };
  },
};

const leaderSchema = z.object({ version, instruction: z.string().trim().min(1).max(2000) });

const leaderAssign: ActionDefinition<z.infer<typeof leaderSchema>> = {
  permissions: ['case.leader_assign'],
  past: 'leader_assigned',
  schema: leaderSchema,
  versioned: true,
  check: (s) => (s.row.status === 'open' || s.row.status === 'suspended' ? null : `the case is ${s.row.status}`),
  authorize: () => null,
  async run(trx, state, input) {
    await addEntry(trx, state.ctx, state.row.id, { kind: 'leader', isPublic: false, body: input.instruction });
    await addTag(trx, state.row.id, '领导交办', toDbTime(state.ctx.clock.now()));
    return {
      patch: {
        leader_instruction: input.instruction,
        urgency: state.row.urgency === 'critical' ? 'critical' : 'urgent',
      },
      events: [{ type: 'case.leader_assigned', data: { instruction: input.instruction } }],
      reason: input.instruction,
    };
  },
};

const tagInput = z.object({ tag: tagSchema });

const tag: ActionDefinition<z.infer<typeof tagInput>> = {
  permissions: ['case.tag'],
  past: 'tagged',
  schema: tagInput,
  versioned: false,
  check: () => null,
  authorize: () => null,
  async run(trx, state, input) {
    const added = await addTag(trx, state.row.id, input.tag, toDbTime(state.ctx.clock.now()));
    return { patch: {}, data: { tag: input.tag, changed: added } };
  },
};

const untag: ActionDefinition<z.infer<typeof tagInput>> = {
  permissions: ['case.tag'],
  past: 'untagged',
  schema: tagInput,
  versioned: false,
  check: () => null,
  authorize: () => null,
  async run(trx, state, input) {
    const removed = await removeTag(trx, state.row.id, input.tag);
    return { patch: {}, data: { tag: input.tag, changed: removed } };
  },
};

/** Every staff action on a case, by the name used in the API (`POST /api/cases/:id/actions/<name>`). */
export const caseActions = {
  classify,
  dispatch,
  pass_down: passDown,
  sign,
  return: returnCase,
  reassign,
  request_extension: requestExtension,
  decide_extension: decideExtension,
  suspend,
  resume,
  feedback,
  reply,
  note,
  verify,
  visit,
  close,
  redo,
  void: voidCase,
  merge,
  leader_assign: leaderAssign,
  tag,
  untag,
};

/** The shared list of action names and this table must name the same actions. */
type SameKeys<A, B> = [Exclude<keyof A, B>, Exclude<B, keyof A>] extends [never, never] ? true : never;
const actionNamesMatch: SameKeys<typeof caseActions, SharedActionName> = true;
void actionNamesMatch;

export type CaseActionName = SharedActionName;

export function isCaseActionName(name: string): name is CaseActionName {
  return Object.prototype.hasOwnProperty.call(caseActions, name);
}

export type { UnitType };
