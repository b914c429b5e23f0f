/**
 * Synthetic cases for the lifecycle benchmark: Chinese text generated from templates (catalogue
 * names and keywords, unit and community names, made-up road names, times of day) — no real
 * citizen message is used — plus the rows a real case of that age and state has in the database.
 *
 * The generator is deterministic for a seed except for ids and tracking-token hashes, which come
 * from the operating system's random source so they never collide with the server's own.
 */
import { randomFillSync } from 'node:crypto';
import { handlingNodes, nodesFor, type CaseNode, type TimeLimits, type WorkflowTemplate } from '@citydesk/shared';
import { genesisHash, hashAuditRow } from '../src/modules/audit/hash-chain.js';
import type { AuditEventTable } from '../src/modules/audit/audit.tables.js';
import { computeDueAt, shanghaiDateOf, type WorkingCalendar } from '../src/modules/calendar/index.js';
import type { CaseAssignmentTable } from '../src/modules/dispatch/dispatch.tables.js';
import { deriveTitle } from '../src/modules/intake/case-input.js';
import { amberInstant, evaluateDeadlines, planCaseDue, planNodeDue } from '../src/modules/intake/case-deadlines.js';
import { indexTerms } from '../src/modules/intake/case-search.js';
import type { CasePartyRole, CaseRecordTable } from '../src/modules/intake/intake.tables.js';
import type { CaseEntryTable, CaseExtensionTable } from '../src/modules/workflow/workflow.tables.js';
import { seededRandom } from './support.js';

// ---------------------------------------------------------------------------------------------
// What the generator needs to know about the seeded district

export interface DistrictPoint {
  lat: number;
  lon: number;
  gridId: string;
  communityId: string;
  streetId: string;
  communityName: string;
  streetName: string;
}

export interface CatalogueItem {
  id: string;
  name: string;
  parentName: string;
  keywords: string[];
  template: WorkflowTemplate;
  timeLimits: TimeLimits;
  /** The default lead unit (category_unit rule without a street), if any. */
  leadUnitId: string | null;
  /** Street-specific lead units: street centre id → unit id. */
  streetLeads: Map<string, string>;
  /** No required extra field: a create request without extraAnswers is accepted. */
  plainIntake: boolean;
}

export interface SeededDistrict {
  districtCentreId: string;
  /** Unit ids by code. */
  unitIds: Map<string, string>;
  /** The unit ids users of which can sign for a case, with the user's id (handlers). */
  handlersByUnit: Map<string, string>;
  operator: { id: string; username: string; roles: string; unitId: string };
  dispatcherId: string;
  items: CatalogueItem[];
  /** Points inside grids, grouped by grid (pick a grid, then a point in it). */
  pointsByGrid: DistrictPoint[][];
  calendar: WorkingCalendar;
  amberRatio: number;
  numberPrefix: string;
  /** The last audit event the seed wrote: the chain continues from it. */
  lastAudit: { seq: number; hash: string } | null;
  /** The words the server teaches its tokenizer (unit names, catalogue names and keywords). */
  searchWords: string[];
}

// ---------------------------------------------------------------------------------------------
// Text

const surnames = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文',
];
const roadHeads = [...'东西南北中新金银龙凤翠锦秀兰竹松桂宝聚和同振育飞丹碧沙田横岭湖湾'];
const roadTails = ['路', '大道', '街', '一路', '二路', '三路', '巷', '东路', '西路'];
const places = [
  '小区门口',
  '公交站旁',
  '菜市场附近',
  '学校门口',
  '十字路口',
  '地铁站出口',
  '地下停车场',
  '沿街商铺前',
  '人行道上',
  '社区公园里',
  '在建工地旁',
  '住宅楼下',
  '农贸市场内',
  '城中村巷道里',
  '河道边',
];
const timesOfDay = [
  '每天凌晨',
  '清晨六点左右',
  '早上上班高峰',
  '上午',
  '中午',
  '下午三四点',
  '傍晚',
  '晚上八点以后',
  '每天晚上十点以后',
  '深夜',
  '周末',
  '工作日白天',
  '最近一周',
  '近一个月来',
];
const openings = ['市民来电反映：', '来电人反映，', '市民反映：', '居民反映，', '来电人称，', ''];
const problemForms = [
  (i: CatalogueItem, kw: string) => `存在${kw}问题`,
  (i: CatalogueItem, kw: string) => `有${kw}的情况`,
  (i: CatalogueItem, kw: string) => `发现${i.parentName}方面的${kw}问题`,
  (i: CatalogueItem, kw: string) => `${kw}问题一直没有解决`,
  (i: CatalogueItem, kw: string) => `出现${kw}现象，涉及${i.name}`,
];
const impacts = [
  '影响附近居民休息',
  '影响行人和车辆通行',
  '存在较大安全隐患',
  '老人和小孩出行很不方便',
  '气味难闻',
  '此前已多次反映仍未解决',
  '周边商户意见很大',
  '严重影响市容环境',
  '担心引发事故',
  '给日常生活带来不便',
];
const asks = [
  '希望有关部门尽快处理。',
  '请求相关部门核实处理。',
  '请尽快安排人员到现场查看。',
  '希望加强日常管理。',
  '请相关单位给予答复。',
  '希望能彻底解决。',
];
const replies = [
  '您好，您反映的问题已转相关单位现场核查处理，现已整改完毕，感谢您对我区工作的支持。',
  '您好，经现场核实，已安排人员对相关问题进行处理，并将加强日常巡查。',
  '您好，相关单位已联系当事方并责令限期整改，后续将持续跟进。',
  '您好，经核查情况属实，已依法依规处理，如有新情况欢迎再次反映。',
];
const tags = ['重复投诉', '紧急', '媒体关注', '老年人', '节假日'];

const pickOf =
  (random: () => number) =>
  <T>(list: readonly T[]): T =>
    list[Math.floor(random() * list.length)] as T;

/** A text generator over the district's names; the same for preloaded and HTTP-created cases. */
export class CaseTextFactory {
  private readonly random: () => number;
  private readonly pick: <T>(list: readonly T[]) => T;
  private readonly roads: string[];

  constructor(seed: number) {
    this.random = seededRandom(seed);
    this.pick = pickOf(this.random);
    const roadRandom = seededRandom(0x5eed);
    const roads = new Set<string>();
    while (roads.size < 60) {
      const head = roadHeads[Math.floor(roadRandom() * roadHeads.length)] ?? '';
      const second = roadHeads[Math.floor(roadRandom() * roadHeads.length)] ?? '';
      roads.add(`${head}${second}${roadTails[Math.floor(roadRandom() * roadTails.length)] ?? '路'}`);
    }
    this.roads = [...roads];
  }

  text(item: CatalogueItem, point: DistrictPoint): { title: string; description: string; address: string } {
    const { pick, random } = this;
    const road = pick(this.roads);
    const place = pick(places);
    const keyword = pick(item.keywords.length > 0 ? item.keywords : [item.name]);
    const address = `${point.streetName}${point.communityName}${road}${1 + Math.floor(random() * 300)}号${place}`;
    const description =
      `${pick(openings)}${point.communityName}${road}${place}${pick(timesOfDay)}${pick(problemForms)(item, keyword)}，` +
      `${pick(impacts)}，${pick(asks)}`;
    return { title: deriveTitle(description), description, address };
  }

  name(): string {
    return `${this.pick(surnames)}${this.random() < 0.5 ? '先生' : '女士'}`;
  }

  mobile(): string {
    const second = 3 + Math.floor(this.random() * 7);
    return `1${second}${String(Math.floor(this.random() * 1e9)).padStart(9, '0')}`;
  }

  reply(): string {
    return this.pick(replies);
  }
}

// ---------------------------------------------------------------------------------------------
// Ids and random hex from the system's random source

const pool = Buffer.alloc(1 << 20);
let poolOffset = pool.length;

function randomChunk(bytes: number): Buffer {
  if (poolOffset + bytes > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const chunk = pool.subarray(poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return chunk;
}

/** UUIDv7 ids with the given creation time, ordered within a millisecond (like the server's newId). */
export class IdFactory {
  private lastMs = 0;
  private counter = 0;

  next(atMs: number): string {
    const ms = Math.floor(atMs);
    if (ms === this.lastMs) {
      this.counter = (this.counter + 1) & 0xfff;
    } else {
      this.lastMs = ms;
      this.counter = 0;
    }
    const bytes = Buffer.from(randomChunk(16));
    bytes.writeUIntBE(ms, 0, 6);
    bytes[6] = 0x70 | ((this.counter >> 8) & 0x0f);
    bytes[7] = this.counter & 0xff;
    bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

function randomHex(bytes: number): string {
  return randomChunk(bytes).toString('hex');
}

// ---------------------------------------------------------------------------------------------
// Rows, as column-ordered arrays (for prepared statements and multi-row INSERTs alike)

export const caseColumns = [
  'id',
  'number',
  'channel',
  'request_type',
  'title',
  'description',
  'category_id',
  'workflow_template',
  'node',
  'status',
  'version',
  'urgency',
  'lat',
  'lon',
  'address',
  'grid_id',
  'community_id',
  'street_id',
  'reporter_name',
  'reporter_phone',
  'reporter_anonymous',
  'extra_answers',
  'external_ref',
  'tracking_token_hash',
  'owner_unit_id',
  'lead_unit_id',
  'created_by_user_id',
  'created_by_client_id',
  'leader_instruction',
  'accepted_at',
  'dispatched_at',
  'closed_at',
  'due_at',
  'amber_at',
  'node_started_at',
  'node_due_at',
  'node_amber_at',
  'deadline_status',
  'next_check_at',
  'suspended_at',
  'paused_ms',
  'merged_into_id',
  'reopen_count',
  'visit_result',
  'rated_at',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof CaseRecordTable)[];

const assignmentColumns = [
  'id',
  'case_id',
  'unit_id',
  'role',
  'status',
  'from_unit_id',
  'parent_id',
  'dispatched_at',
  'dispatched_by',
  'signed_at',
  'signed_by',
  'feedback_at',
  'feedback_by',
  'ended_at',
  'end_reason',
] as const satisfies readonly (keyof CaseAssignmentTable)[];

const entryColumns = [
  'id',
  'case_id',
  'kind',
  'is_public',
  'body',
  'data',
  'author_user_id',
  'author_unit_id',
  'created_at',
] as const satisfies readonly (keyof CaseEntryTable)[];

const extensionColumns = [
  'id',
  'case_id',
  'unit_id',
  'requested_by',
  'requested_at',
  'reason',
  'requested_due_at',
  'status',
  'decided_by',
  'decided_at',
  'decision_note',
] as const satisfies readonly (keyof CaseExtensionTable)[];

const auditColumns = [
  'seq',
  'id',
  'at',
  'actor_id',
  'actor_name',
  'actor_roles',
  'unit_id',
  'action',
  'subject_type',
  'subject_id',
  'before_json',
  'after_json',
  'reason',
  'request_id',
  'ip',
  'channel',
  'prev_hash',
  'hash',
] as const satisfies readonly (keyof AuditEventTable)[];

/** Tables in foreign-key order, with their columns. */
export const preloadTables = {
  case_record: caseColumns,
  case_party: ['case_id', 'unit_id', 'role'],
  case_assignment: assignmentColumns,
  case_entry: entryColumns,
  case_extension: extensionColumns,
  case_search_term: ['term', 'case_id'],
  case_tag: ['case_id', 'tag', 'created_at'],
  case_rating: ['case_id', 'speed', 'result', 'attitude', 'experience', 'comment', 'created_at'],
  audit_event: auditColumns,
} as const;

export type PreloadTable = keyof typeof preloadTables;
export const preloadTableNames = Object.keys(preloadTables) as PreloadTable[];

export type Cell = string | number | null;
export type RowBatch = Record<PreloadTable, Cell[][]>;

export function emptyBatch(): RowBatch {
  return {
    case_record: [],
    case_party: [],
    case_assignment: [],
    case_entry: [],
    case_extension: [],
    case_search_term: [],
    case_tag: [],
    case_rating: [],
    audit_event: [],
  };
}

export function batchRows(batch: RowBatch): number {
  return preloadTableNames.reduce((n, t) => n + batch[t].length, 0);
}

const toRow = <K extends string>(columns: readonly K[], values: Record<K, Cell>): Cell[] =>
  columns.map((c) => values[c]);

// ---------------------------------------------------------------------------------------------
// Creation times: the previous 12 months, weekday/weekend and time-of-day shaped

const dayMs = 24 * 3600_000;
const shanghaiOffsetMs = 8 * 3600_000;
/** Relative call volume by Shanghai hour of day. */
const hourWeights = [
  0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 2.5, 3.5, 3.6, 3.2, 2.0, 2.2, 3.0, 3.2, 3.0, 2.6, 2.0, 2.0, 2.2, 1.8, 1.1,
  0.5,
];
const hourTotal = hourWeights.reduce((a, b) => a + b, 0);

/** N ascending creation instants (ms) over the 365 days before `now`, shaped like a hotline's load. */
export function creationTimes(n: number, now: Date, calendar: WorkingCalendar, seed: number): Float64Array {
  const random = seededRandom(seed);
  const todayStart = Math.floor((now.getTime() + shanghaiOffsetMs) / dayMs) * dayMs - shanghaiOffsetMs;
  const firstDay = todayStart - 365 * dayMs;
  const days: { start: number; weight: number; hours: number }[] = [];
  for (let start = firstDay; start <= todayStart; start += dayMs) {
    const date = shanghaiDateOf(new Date(start));
    const weekday = new Date(start + shanghaiOffsetMs).getUTCDay();
    const off = calendar.offDays.has(date) || ((weekday === 0 || weekday === 6) && !calendar.workDays.has(date));
    const trend = 0.9 + (0.2 * (start - firstDay)) / (365 * dayMs);
    // On the current day only the hours already passed count.
    const hoursPassed = Math.min(24, Math.max(0, (now.getTime() - start) / 3600_000));
    let share = 0;
    for (let h = 0; h < 24; h++) share += (hourWeights[h] ?? 0) * Math.min(1, Math.max(0, hoursPassed - h));
    const weight = (off ? 0.7 : 1) * trend * (0.85 + 0.3 * random()) * (share / hourTotal);
    days.push({ start, weight, hours: hoursPassed });
  }
  const total = days.reduce((s, d) => s + d.weight, 0);
  const times = new Float64Array(n);
  let written = 0;
  let carry = 0;
  for (const [index, day] of days.entries()) {
    const exact = (n * day.weight) / total + carry;
    let count = index === days.length - 1 ? n - written : Math.round(exact);
    count = Math.min(count, n - written);
    carry = exact - count;
    const from = written;
    for (let k = 0; k < count; k++) {
      let t: number;
      do {
        let r = random() * hourTotal;
        let hour = 0;
        while (hour < 23 && r >= (hourWeights[hour] ?? 0)) r -= hourWeights[hour++] ?? 0;
        t = day.start + hour * 3600_000 + random() * 3600_000;
      } while (t >= now.getTime() - 1000);
      times[written++] = Math.floor(t);
    }
    times.subarray(from, written).sort();
  }
  return times;
}

// ---------------------------------------------------------------------------------------------
// The case factory

const channelMix: [CaseRecordTable['channel'], number][] = [
  ['hotline', 0.62],
  ['wechat', 0.14],
  ['web', 0.08],
  ['app', 0.07],
  ['sms', 0.04],
  ['walk_in', 0.03],
  ['mailbox', 0.02],
];
const requestTypeMix: [CaseRecordTable['request_type'], number][] = [
  ['complaint', 0.45],
  ['consultation', 0.2],
  ['help', 0.12],
  ['suggestion', 0.1],
  ['report', 0.08],
  ['other', 0.03],
  ['praise', 0.02],
];

function weighted<T>(mix: readonly [T, number][], r: number): T {
  let rest = r;
  for (const [value, weight] of mix) {
    if (rest < weight) return value;
    rest -= weight;
  }
  return (mix[mix.length - 1] as [T, number])[0];
}

/** Cumulative shares of open cases at path stages 0…4 (the rest at stage 5, `close`), by age. */
const openMixYoung = [0.4, 0.7, 0.9, 0.95, 1];
const openMixDay = [0.1, 0.35, 0.75, 0.85, 0.95];
const openMixOlder = [0.02, 0.1, 0.6, 0.72, 0.92];

/** Node a case sits at after each step of its template (index = version - 1). */
const pathOf: Record<WorkflowTemplate, CaseNode[]> = {
  // create → dispatch → sign → feedback → reply → visit → close → rate
  general: ['register', 'sign', 'handle', 'feedback', 'return_visit', 'close', 'rate', 'done'],
  // create → dispatch → feedback → reply → close
  simple: ['dispatch', 'handle', 'feedback', 'close', 'done'],
};

export interface StatusCounts {
  closed: number;
  open: number;
  voided: number;
  merged: number;
  rated: number;
  openByNode: Map<string, number>;
  deadline: Map<string, number>;
}

export interface GeneratedCase {
  id: string;
  number: string;
}

/**
 * Builds every row of one case. Status follows age: a case is still open with probability
 * e^(-age/18 days) (≈5 % of a year's cases), 3 % of the rest were voided or merged, the others
 * closed at `rate` (not yet rated) or `done` (rated).
 */
export class CaseFactory {
  private readonly random: () => number;
  private readonly pick: <T>(list: readonly T[]) => T;
  private readonly text: CaseTextFactory;
  private readonly ids = new IdFactory();
  private readonly itemWeights: Float64Array;
  private readonly itemTotal: number;
  private readonly grids: DistrictPoint[][];
  private readonly creationNode: Record<WorkflowTemplate, CaseNode>;
  private lastLive: { id: string; number: string; at: string } | null = null;
  private counts: StatusCounts = emptyCounts();

  constructor(
    private readonly district: SeededDistrict,
    private readonly now: Date,
    seed: number,
  ) {
    this.random = seededRandom(seed);
    this.pick = pickOf(this.random);
    this.text = new CaseTextFactory(seed ^ 0x7e47);
    // A long-tailed catalogue: a few items take most cases (weights ∝ 1/rank^0.9, shuffled ranks,
    // the same in every generator).
    const shuffle = seededRandom(0xca7);
    const ranks = district.items.map((_, i) => i + 1).sort(() => shuffle() - 0.5);
    this.itemWeights = Float64Array.from(ranks, (r) => 1 / r ** 0.9);
    this.itemTotal = this.itemWeights.reduce((a, b) => a + b, 0);
    this.grids = district.pointsByGrid.filter((g) => g.length > 0);
    this.creationNode = { general: 'register', simple: 'dispatch' };
  }

  private item(): CatalogueItem {
    let r = this.random() * this.itemTotal;
    for (let i = 0; i < this.itemWeights.length; i++) {
      r -= this.itemWeights[i] ?? 0;
      if (r < 0) return this.district.items[i] as CatalogueItem;
    }
    return this.district.items[this.district.items.length - 1] as CatalogueItem;
  }

  private exp(meanMs: number): number {
    return -Math.log(1 - this.random()) * meanMs;
  }

  /**
   * Starts a new batch: a merge only points at a case of the same batch (batches may commit
   * in parallel transactions, and merged_into_id is a foreign key).
   */
  startBatch(): void {
    this.lastLive = null;
  }

  /** The tallies since the last call. */
  takeCounts(): StatusCounts {
    const counts = this.counts;
    this.counts = emptyCounts();
    return counts;
  }

  /**
   * Appends every row of the case created at `createdMs` with this number to the batch. Its
   * audit event gets seq 0 and no hashes: `chainAudit` links the batch into the chain.
   */
  add(batch: RowBatch, createdMs: number, number: string): GeneratedCase {
    const { district, random, now } = this;
    const nowMs = now.getTime();
    const created = new Date(createdMs);
    const createdText = created.toISOString();
    const item = this.item();
    const template = item.template;
    const channel = weighted(channelMix, random());
    const requestType = weighted(requestTypeMix, random());
    const points = this.pick(this.grids);
    const point = this.pick(points);
    const { title, description, address } = this.text.text(item, point);
    const id = this.ids.next(createdMs);
    const ratio = district.amberRatio;
    let caseDue = planCaseDue(district.calendar, created, item.timeLimits, requestType, ratio);
    const dueAtCreation = caseDue.dueAt;
    const path = pathOf[template];
    const closeIndex = path.indexOf('close');
    const lastIndex = path.length - 1;

    // Status by age.
    const ageDays = (nowMs - createdMs) / dayMs;
    let status: 'open' | 'closed' | 'voided' | 'merged';
    let stage: number; // index into path: the node the case is at
    if (random() < Math.exp(-ageDays / 18.25)) {
      status = 'open';
      // Young cases wait at the early nodes, older ones are being handled or reviewed.
      const cumulative = ageDays < 2 / 24 ? openMixYoung : ageDays < 1 ? openMixDay : openMixOlder;
      const r = random();
      stage = cumulative.findIndex((p) => r < p);
      stage = Math.min(stage < 0 ? cumulative.length : stage, closeIndex);
    } else {
      const r = random();
      if (r < 0.02) {
        status = 'voided';
        stage = 0;
      } else if (r < 0.03 && this.lastLive) {
        status = 'merged';
        stage = 0;
      } else {
        status = 'closed';
        stage = template === 'general' && random() < 0.4 ? lastIndex - 1 : lastIndex;
      }
    }

    // A node's own time limit in ms (null: none, or the case's handling limit).
    const ownLimitMs = (n: CaseNode | undefined): number | null => {
      const limit = nodesFor(template, channel).find((d) => d.node === n)?.limit;
      if (!limit || limit === 'case') return null;
      return 'hours' in limit ? limit.hours * 3600_000 : limit.workingDays * dayMs;
    };
    // A case older than its creation node's limit (2 hours) is no longer waiting there.
    if (status === 'open' && stage === 0) {
      const limit = ownLimitMs(path[0]);
      if (limit !== null && nowMs - createdMs > 0.7 * limit) stage = path.indexOf('handle');
    }

    // When the case reached each step: realistic gaps, squeezed into the time since creation.
    const handlingMs = Math.max(3600_000, Date.parse(caseDue.dueAt) - createdMs);
    const gaps: number[] =
      template === 'general'
        ? [
            this.exp(40 * 60_000), // dispatched
            this.exp(2 * 3600_000), // signed
            handlingMs * (0.15 + 0.9 * random()), // fed back
            this.exp(3600_000), // replied
            this.exp(18 * 3600_000), // visited
            this.exp(3 * 3600_000), // closed
            this.exp(20 * 3600_000), // rated
          ]
        : [this.exp(30 * 60_000), handlingMs * (0.15 + 0.9 * random()), this.exp(3600_000), this.exp(2 * 3600_000)];
    const stepAt: number[] = [createdMs];
    for (let k = 0; k < stage; k++) stepAt.push((stepAt[k] ?? createdMs) + (gaps[k] ?? 0) + 60_000);
    if (status === 'voided' || status === 'merged') stepAt.push(createdMs + 60_000 + this.exp(30 * 60_000));
    const latest = nowMs - 60_000 - random() * Math.min(3600_000, (nowMs - createdMs) / 4);
    const last = stepAt[stepAt.length - 1] ?? createdMs;
    if (last > latest) {
      const scale = Math.max(0, latest - createdMs) / Math.max(1, last - createdMs);
      for (let k = 1; k < stepAt.length; k++) stepAt[k] = createdMs + ((stepAt[k] ?? createdMs) - createdMs) * scale;
    }
    // An open case entered its node recently enough to be within the node's own limit.
    if (status === 'open' && stage > 0) {
      const limit = ownLimitMs(path[stage]);
      const reached = stepAt[stage] ?? createdMs;
      if (limit !== null && nowMs - reached > 0.6 * limit) {
        const entry = Math.max(createdMs + stage * 60_000, nowMs - (0.05 + 0.55 * random()) * limit);
        const scale = (entry - createdMs) / Math.max(1, reached - createdMs);
        for (let k = 1; k <= stage; k++) stepAt[k] = createdMs + ((stepAt[k] ?? createdMs) - createdMs) * scale;
      }
    }
    const at = (k: number) => new Date(Math.floor(stepAt[k] ?? createdMs)).toISOString();

    const node = status === 'open' || status === 'closed' ? (path[stage] as CaseNode) : this.creationNode[template];
    const dispatchedStage = 1;
    const dispatched = status !== 'voided' && status !== 'merged' && stage >= dispatchedStage;
    const lead = dispatched
      ? (item.streetLeads.get(point.streetId) ?? item.leadUnitId ?? point.streetId)
      : (null as string | null);
    const updatedAt = at(stepAt.length - 1);
    const nodeStarted = status === 'voided' || status === 'merged' ? createdText : at(stage);
    // An open case past its handling deadline got more time: an approved extension (延期).
    let extension: CaseExtensionTable | null = null;
    if (status === 'open' && lead && handlingNodes.includes(node) && Date.parse(caseDue.dueAt) < nowMs + 3600_000) {
      const decidedMs = Math.max(stepAt[1] ?? createdMs, nowMs - random() * 2 * dayMs);
      const requestedMs = Math.max(stepAt[1] ?? createdMs, decidedMs - this.exp(3 * 3600_000));
      const extendedDue = computeDueAt(
        new Date(nowMs),
        { workingDays: 1 + Math.floor(random() * 8) },
        district.calendar,
      ).dueAt;
      caseDue = {
        ...caseDue,
        dueAt: extendedDue.toISOString(),
        amberAt: amberInstant(created, extendedDue, ratio).toISOString(),
      };
      extension = {
        id: this.ids.next(requestedMs),
        case_id: id,
        unit_id: lead,
        requested_by: district.handlersByUnit.get(lead) ?? null,
        requested_at: new Date(Math.floor(requestedMs)).toISOString(),
        reason: '涉及多个部门协调，需要更多时间现场处置。',
        requested_due_at: caseDue.dueAt,
        status: 'approved',
        decided_by: district.dispatcherId,
        decided_at: new Date(Math.floor(decidedMs)).toISOString(),
        decision_note: null,
      };
    }
    const decidedAt = extension?.decided_at ?? null;
    const nodeDue = planNodeDue(district.calendar, {
      template,
      channel,
      node,
      start: new Date(nodeStarted),
      caseDue,
      ratio,
    });
    let deadlineStatus: CaseRecordTable['deadline_status'] = 'none';
    let nextCheckAt: string | null = null;
    if (status === 'open') {
      const evaluated = evaluateDeadlines(now, node, { ...caseDue, ...nodeDue });
      deadlineStatus = evaluated.status;
      nextCheckAt = evaluated.nextCheckAt;
    }
    const closedAt =
      status === 'closed'
        ? at(template === 'general' ? 6 : 4)
        : status === 'voided' || status === 'merged'
          ? updatedAt
          : null;
    const rated = status === 'closed' && node === 'done' && template === 'general';
    const visited = template === 'general' && status !== 'voided' && status !== 'merged' && stage >= 5;
    const replied = template === 'general' ? stage >= 4 : stage >= 3;
    const mergedInto = status === 'merged' ? this.lastLive : null;

    const record: CaseRecordTable = {
      id,
      number,
      channel,
      request_type: requestType,
      title,
      description,
      category_id: item.id,
      workflow_template: template,
      node,
      status,
      version: status === 'voided' || status === 'merged' ? 2 : stage + 1 + (extension ? 2 : 0),
      urgency: random() < 0.95 ? 'normal' : random() < 0.8 ? 'urgent' : 'critical',
      lat: point.lat,
      lon: point.lon,
      address,
      grid_id: point.gridId,
      community_id: point.communityId,
      street_id: point.streetId,
      reporter_name: this.text.name(),
      reporter_phone: this.text.mobile(),
      reporter_anonymous: 0,
      extra_answers: '{}',
      external_ref: null,
      tracking_token_hash: randomHex(32),
      owner_unit_id: district.districtCentreId,
      lead_unit_id: lead,
      created_by_user_id: district.operator.id,
      created_by_client_id: null,
      leader_instruction: null,
      accepted_at: createdText,
      dispatched_at: dispatched ? at(dispatchedStage) : null,
      closed_at: closedAt,
      due_at: caseDue.dueAt,
      amber_at: caseDue.amberAt,
      node_started_at: nodeStarted,
      node_due_at: nodeDue.nodeDueAt,
      node_amber_at: nodeDue.nodeAmberAt,
      deadline_status: deadlineStatus,
      next_check_at: nextCheckAt,
      suspended_at: null,
      paused_ms: 0,
      merged_into_id: mergedInto?.id ?? null,
      reopen_count: 0,
      visit_result: visited ? 'solved' : null,
      rated_at: rated ? at(7) : null,
      created_at: createdText,
      updated_at: decidedAt !== null && decidedAt > updatedAt ? decidedAt : updatedAt,
    };
    batch.case_record.push(toRow(caseColumns, record));

    const party = (unitId: string, role: CasePartyRole) => batch.case_party.push([id, unitId, role]);
    party(district.districtCentreId, 'owner');
    party(point.streetId, 'street');
    party(point.communityId, 'community');
    party(point.gridId, 'grid');
    party(district.operator.unitId, 'creator');
    if (lead) {
      party(lead, 'lead');
      const signed = template === 'general' ? stage >= 2 : true;
      const fedBack = template === 'general' ? stage >= 3 : stage >= 2;
      const handler = district.handlersByUnit.get(lead) ?? null;
      const assignment: CaseAssignmentTable = {
        id: this.ids.next(Date.parse(at(dispatchedStage))),
        case_id: id,
        unit_id: lead,
        role: 'lead',
        status: fedBack ? 'fed_back' : signed && template === 'general' ? 'signed' : 'dispatched',
        from_unit_id: district.districtCentreId,
        parent_id: null,
        dispatched_at: at(dispatchedStage),
        dispatched_by: district.dispatcherId,
        signed_at: signed && template === 'general' ? at(2) : null,
        signed_by: signed && template === 'general' ? handler : null,
        feedback_at: fedBack ? at(template === 'general' ? 3 : 2) : null,
        feedback_by: fedBack ? handler : null,
        ended_at: null,
        end_reason: null,
      };
      batch.case_assignment.push(toRow(assignmentColumns, assignment));
    }
    if ((status === 'closed' || status === 'open') && replied) {
      const replyAt = at(template === 'general' ? 4 : 3);
      const entry: CaseEntryTable = {
        id: this.ids.next(Date.parse(replyAt)),
        case_id: id,
        kind: 'reply',
        is_public: 1,
        body: this.text.reply(),
        data: null,
        author_user_id: lead ? (district.handlersByUnit.get(lead) ?? null) : null,
        author_unit_id: lead ?? district.districtCentreId,
        created_at: replyAt,
      };
      batch.case_entry.push(toRow(entryColumns, entry));
    }
    if (extension) batch.case_extension.push(toRow(extensionColumns, extension));
    if (rated) {
      const score = () => (random() < 0.8 ? 5 : random() < 0.7 ? 4 : 1 + Math.floor(random() * 3));
      batch.case_rating.push([id, score(), score(), score(), score(), '', at(7)]);
    }
    for (const term of indexTerms([number, title, description, address].join('\n')).slice(0, 400)) {
      batch.case_search_term.push([term, id]);
    }
    if (random() < 0.03) batch.case_tag.push([id, this.pick(tags), createdText]);
    if (mergedInto && !batch.case_tag.some((t) => t[0] === mergedInto.id && t[1] === '并案')) {
      batch.case_tag.push([mergedInto.id, '并案', updatedAt]);
    }

    // One audit event: the creation (linked into the hash chain by chainAudit).
    const audit: AuditEventTable = {
      seq: 0,
      id: this.ids.next(createdMs),
      at: createdText,
      actor_id: district.operator.id,
      actor_name: district.operator.username,
      actor_roles: district.operator.roles,
      unit_id: district.operator.unitId,
      action: 'case.created',
      subject_type: 'case',
      subject_id: id,
      before_json: null,
      after_json: JSON.stringify({
        number,
        channel,
        requestType,
        categoryId: item.id,
        template,
        node: this.creationNode[template],
        status: 'open',
        streetId: point.streetId,
        dueAt: dueAtCreation,
        attachments: 0,
      }),
      reason: null,
      request_id: randomHex(8),
      ip: '127.0.0.1',
      channel: 'web',
      prev_hash: '',
      hash: '',
    };
    batch.audit_event.push(toRow(auditColumns, audit));

    // Tallies.
    const c = this.counts;
    c[status]++;
    if (rated) c.rated++;
    if (status === 'open') {
      c.openByNode.set(node, (c.openByNode.get(node) ?? 0) + 1);
      c.deadline.set(deadlineStatus, (c.deadline.get(deadlineStatus) ?? 0) + 1);
    }
    if (status === 'open' || status === 'closed') this.lastLive = { id, number, at: createdText };
    return { id, number };
  }
}

export function emptyCounts(): StatusCounts {
  return { closed: 0, open: 0, voided: 0, merged: 0, rated: 0, openByNode: new Map(), deadline: new Map() };
}

export function addCounts(into: StatusCounts, more: StatusCounts): void {
  into.closed += more.closed;
  into.open += more.open;
  into.voided += more.voided;
  into.merged += more.merged;
  into.rated += more.rated;
  for (const [k, n] of more.openByNode) into.openByNode.set(k, (into.openByNode.get(k) ?? 0) + n);
  for (const [k, n] of more.deadline) into.deadline.set(k, (into.deadline.get(k) ?? 0) + n);
}

/** Case numbers `<prefix><yyyymmdd>-<seq>` by Shanghai day for ascending creation times. */
export function caseNumbers(times: Float64Array, prefix: string): { numbers: string[]; daySeq: Map<string, number> } {
  const daySeq = new Map<string, number>();
  const numbers: string[] = [];
  for (const t of times) {
    const day = shanghaiDateOf(new Date(t)).replace(/-/g, '');
    const seq = (daySeq.get(day) ?? 0) + 1;
    daySeq.set(day, seq);
    numbers.push(`${prefix}${day}-${String(seq).padStart(5, '0')}`);
  }
  return { numbers, daySeq };
}

const auditIndex = Object.fromEntries(auditColumns.map((c, i) => [c, i])) as Record<keyof AuditEventTable, number>;

/** Gives the batch's audit events their seq, previous hash and hash; returns the new chain end. */
export function chainAudit(batch: RowBatch, from: { seq: number; hash: string } | null): { seq: number; hash: string } {
  let last = from ?? { seq: 0, hash: genesisHash };
  for (const row of batch.audit_event) {
    row[auditIndex.seq] = last.seq + 1;
    row[auditIndex.prev_hash] = last.hash;
    const event = Object.fromEntries(auditColumns.map((c, i) => [c, row[i]])) as unknown as AuditEventTable;
    const hash = hashAuditRow(event);
    row[auditIndex.hash] = hash;
    last = { seq: last.seq + 1, hash };
  }
  return last;
}

/** Whether every node of the template exists for the channel (guards the fixed paths above). */
export function pathsMatchTemplates(): boolean {
  return (['general', 'simple'] as const).every((t) => {
    const nodes = nodesFor(t, 'hotline').map((n) => n.node as CaseNode);
    return pathOf[t].every((n) => n === 'done' || nodes.includes(n));
  });
}
