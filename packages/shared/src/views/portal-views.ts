import type { CaseChannel, CaseNode, CaseStateGroup, CaseStatus } from '../schemas/case.js';
import type { ExtraField, RequestType, TimeLimit } from '../schemas/catalogue.js';
import type { CitizenGroup } from '../schemas/portal.js';

/**
 * What the citizen portal and the grid-worker app read. Citizens never see staff names,
 * internal notes or anyone's personal data; their own phone only masked.
 */

/** `POST /api/public/sms-codes` (202): when the code stops working and when another may be asked for. */
export interface SmsCodeSent {
  expiresInSeconds: number;
  resendAfterSeconds: number;
}

/** `GET /api/public/session`, `POST /api/public/sessions` (201): the verified citizen. */
export interface CitizenSessionView {
  /** Masked: 138****1234. */
  phone: string;
  /** Last 4 digits (the portal tracks cases by number + these). */
  phoneLast4: string;
  expiresAt: string;
  /** Special groups the phone is registered in (the group entrance is open only to these). */
  groups: CitizenGroup[];
}

/** One level-3 item as a citizen picks it, with its path and the questions it asks. */
export interface PublicCategoryItem {
  id: string;
  code: string;
  name: string;
  pathNames: string[];
  keywords: string[];
  extraFields: ExtraField[];
  /** The time limit per request type (what the citizen is promised after submitting). */
  timeLimits: Record<RequestType, TimeLimit> | null;
}

/** `GET /api/public/catalogue`: level 1 → level 2 → items. */
export interface PublicCatalogueGroup {
  id: string;
  name: string;
  children: { id: string; name: string; items: PublicCategoryItem[] }[];
}

/** `GET /api/public/geo/lookup?lat&lon`: where a point falls (names only). */
export interface PublicPlace {
  inside: boolean;
  street: { id: string; name: string } | null;
  community: { id: string; name: string } | null;
  grid: { id: string; name: string } | null;
}

/** `POST /api/public/cases`, `POST /api/public/mailbox` (201): what the citizen is told after submitting. */
export interface PublicReportReceipt {
  number: string;
  /** The secret link: whoever has it can follow the case (the only way for an anonymous one). */
  trackingUrl: string;
  trackingToken: string;
  requestType: RequestType;
  acceptedAt: string;
  dueAt: string | null;
  /** The limit that applies, for "we will answer within 3 working days". */
  timeLimit: TimeLimit;
  /** A photo upload named in the report that could not be attached (none when all went well). */
  droppedAttachmentIds: string[];
}

/** `POST /api/public/attachments` (201): a photo uploaded for a report not yet sent. */
export interface PublicUploadView {
  id: string;
  width: number;
  height: number;
  bytes: number;
  /** From the photo's GPS, when it had any: offered once as a suggestion. */
  suggestedLocation: { lat: number; lon: number } | null;
}

/** A node of the citizen's progress bar. */
export interface PublicProgressNode {
  node: CaseNode;
  name: { zh: string; en: string };
  status: 'done' | 'current' | 'pending' | 'skipped';
  at: string | null;
  dueAt: string | null;
}

export interface PublicPhoto {
  id: string;
  width: number;
  height: number;
  /** Signed links, valid about an hour. */
  thumbnailUrl: string;
  url: string;
}

/** `POST /api/public/track`, `GET /api/public/my-cases/:number`: the progress page. */
export interface PublicCaseView {
  number: string;
  title: string;
  requestType: RequestType;
  channel: CaseChannel;
  stateGroup: CaseStateGroup;
  status: CaseStatus;
  acceptedAt: string;
  dueAt: string | null;
  closedAt: string | null;
  mergedIntoNumber: string | null;
  nodes: PublicProgressNode[];
  replies: { body: string; unitName: string | null; createdAt: string; photos: PublicPhoto[] }[];
  resultPhotos: PublicPhoto[];
  rating: { speed: number; result: number; attitude: number; experience: number; comment: string } | null;
  canRate: boolean;
  canReopen: boolean;
}

/** `GET /api/public/my-cases`: the verified phone's cases, newest first. */
export interface PublicCaseListItem {
  number: string;
  title: string;
  requestType: RequestType;
  stateGroup: CaseStateGroup;
  status: CaseStatus;
  node: CaseNode;
  acceptedAt: string;
  dueAt: string | null;
  closedAt: string | null;
  canRate: boolean;
}

/** `GET /api/public/my-cases`: one page; pass `nextCursor` back as `cursor` for the next. */
export interface PublicCaseListPage {
  items: PublicCaseListItem[];
  nextCursor: string | null;
}

/** One area of `GET /api/public/geo/areas`: the district outline, a street or a community (names only). */
export interface PublicAreaFeature {
  type: 'Feature';
  id: string;
  properties: {
    id: string;
    name: string;
    nameEn: string | null;
    type: 'district_centre' | 'street_centre' | 'community';
  };
  /** GeoJSON Polygon / MultiPolygon, [lon, lat]. */
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}

/** `GET /api/public/geo/areas`. */
export interface PublicAreaCollection {
  type: 'FeatureCollection';
  features: PublicAreaFeature[];
}

/** A registered member of a special group (`GET /api/citizen-groups/members`); the phone masked. */
export interface CitizenGroupMemberView {
  id: string;
  /** Masked: 138****1234. */
  phone: string;
  name: string;
  group: CitizenGroup;
  note: string;
  createdAt: string;
}

export interface CitizenGroupMemberPage {
  items: CitizenGroupMemberView[];
  nextCursor: string | null;
}

/** `GET /api/grid/me`: the grid worker's own grids, drawn on the patrol map. */
export interface GridWorkerGrid {
  id: string;
  code: string;
  name: string;
  community: { id: string; name: string } | null;
  street: { id: string; name: string } | null;
  /** GeoJSON Polygon / MultiPolygon, [lon, lat]. */
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}

/** `GET /api/grid/quick-events`: the common grid events (数字城管 events and components) for one-tap reports. */
export interface GridQuickEvent {
  key: string;
  name: string;
  nameEn: string;
  kind: 'event' | 'component';
  categoryId: string | null;
  requestType: RequestType;
  /** Answers to the item's questions the event already implies (井盖缺损 → facility: manhole); {} when none. */
  extraAnswers: Record<string, string | number | string[]>;
}

/** `GET /api/grid/me`. */
export interface GridWorkerView {
  worker: { displayName: string; unit: { id: string; code: string; name: string; type: string } | null };
  grids: GridWorkerGrid[];
}
