import { requestTypes, type ExtraField, type RequestType, type TimeLimit } from '@citydesk/shared';
import { catalogueColumns, formatTimeLimitText } from '../modules/catalogue/index.js';
import { parseCsv, toCsv } from '../platform/files/csv.js';

/**
 * Builds the demo catalogue file from the real 15/118/517 catalogue names (seed-data
 * catalogue-taxonomy-teddy2020.csv), assigning demo departments, time limits and a few extra
 * questions by the rules below. The result is an ordinary catalogue CSV, imported like any other.
 */

/** Responsible department per level 1, then per "level1/level2", then per "level1/level2/level3". */
const leadByLevel1: Record<string, string> = {
  城乡建设: 'PS.ZJJ',
  党务政务: 'PS.ZFB',
  国土资源: 'PS.GHZY',
  环境保护: 'PS.STHJ',
  纪检监察: 'PS.XFJ',
  交通运输: 'PS.JTJ',
  经济管理: 'PS.FGJ',
  科技与信息产业: 'PS.GXJ',
  民政: 'PS.MZJ',
  农村农业: 'PS.FGJ',
  商贸旅游: 'PS.SCJG',
  卫生计生: 'PS.WJJ',
  政法: 'PS.SFJ',
  教育文体: 'PS.JYJ',
  劳动和社会保障: 'PS.RLZY',
};

const leadByLevel2: Record<string, string> = {
  '城乡建设/安全生产': 'PS.YJGL',
  '城乡建设/城市建设和市政管理': 'PS.CGJ',
  '城乡建设/城乡规划': 'PS.GHZY',
  '城乡建设/集体土地上房屋拆迁与补偿': 'PS.GHZY',
  '国土资源/海洋气象地震': 'PS.YJGL',
  '经济管理/安全生产': 'PS.YJGL',
  '经济管理/金融财税': 'PS.CZJ',
  '经济管理/国资监管': 'PS.CZJ',
  '经济管理/能源管理': 'PS.GXJ',
  '科技与信息产业/信息化建设': 'PS.ZWSJ',
  '科技与信息产业/知识产权': 'PS.SCJG',
  '民政/复退安置': 'PS.TYJR',
  '民政/优抚': 'PS.TYJR',
  '农村农业/水利水电': 'PS.SWJ',
  '农村农业/林业管理': 'PS.CGJ',
  '农村农业/动物防疫': 'PS.SCJG',
  '商贸旅游/旅游管理': 'PS.WGLT',
  '商贸旅游/商业贸易': 'PS.GXJ',
  '卫生计生/食品药品监管': 'PS.SCJG',
  '政法/户籍证件': 'PS.GAFJ',
  '政法/交通管理': 'PS.GAFJ',
  '政法/警务督察': 'PS.GAFJ',
  '政法/社会治安': 'PS.GAFJ',
  '政法/刑案侦破': 'PS.GAFJ',
  '教育文体/体育': 'PS.WGLT',
  '教育文体/文化': 'PS.WGLT',
  '教育文体/文物管理': 'PS.WGLT',
};

interface ItemRule {
  lead?: string;
  co?: string[];
  /** Cases in a street go to that street's centre (街道属地管理), the department co-handling. */
  byStreet?: boolean;
  urgent?: 'utility' | 'yes';
  keywords?: string[];
  legalBasis?: string;
  extraFields?: ExtraField[];
}

const noiseTime: ExtraField = {
  code: 'noise_period',
  label: '噪音发生时段',
  labelEn: 'When the noise happens',
  type: 'single_choice',
  required: true,
  options: [
    { key: 'day', label: '白天（6:00—22:00）' },
    { key: 'night', label: '夜间（22:00—6:00）' },
    { key: 'all_day', label: '全天' },
  ],
};

const itemRules: Record<string, ItemRule> = {
  '城乡建设/城市建设和市政管理/城管执法': {
    byStreet: true,
    co: ['PS.CGJ.ZFDD'],
    keywords: ['占道经营', '乱摆卖', '流动摊贩', '违规广告', '乱张贴'],
    legalBasis: '《城市市容和环境卫生管理条例》《深圳经济特区市容和环境卫生管理条例》',
    extraFields: [
      { code: 'stall_count', label: '摊点数量', labelEn: 'Number of stalls', type: 'number', required: false },
    ],
  },
  '城乡建设/城市建设和市政管理/环境卫生': {
    byStreet: true,
    co: ['PS.CGJ.SRHJ'],
    keywords: ['暴露垃圾', '垃圾清运', '卫生死角', '积存垃圾', '公厕'],
    legalBasis: '《城市市容和环境卫生管理条例》',
  },
  '城乡建设/城市建设和市政管理/园林绿化环卫': { byStreet: true, keywords: ['绿化带', '树木倒伏', '清扫保洁'] },
  '城乡建设/城市建设和市政管理/基础设施': {
    keywords: ['井盖缺损', '路灯不亮', '道路破损', '护栏损坏'],
    extraFields: [
      {
        code: 'facility',
        label: '设施类型',
        labelEn: 'Facility',
        type: 'single_choice',
        required: true,
        options: [
          { key: 'manhole', label: '井盖' },
          { key: 'streetlight', label: '路灯' },
          { key: 'road', label: '道路' },
          { key: 'railing', label: '护栏' },
          { key: 'other', label: '其他' },
        ],
      },
    ],
  },
  '城乡建设/城市建设和市政管理/公共汽车': { lead: 'PS.JTJ', keywords: ['公交', '站台', '线路'] },
  '城乡建设/城市建设和市政管理/地铁城铁': { lead: 'PS.JTJ', keywords: ['地铁'] },
  '城乡建设/城市建设和市政管理/燃气供应': {
    lead: 'EXT.GAS',
    co: ['PS.ZJJ'],
    urgent: 'utility',
    keywords: ['燃气', '停气', '漏气'],
  },
  '城乡建设/城市建设和市政管理/电力供应': { lead: 'EXT.POWER', urgent: 'utility', keywords: ['停电', '电压'] },
  '城乡建设/城市建设和市政管理/自来水供应': {
    lead: 'EXT.WATER',
    co: ['PS.SWJ'],
    urgent: 'utility',
    keywords: ['停水', '水压', '水质'],
  },
  '城乡建设/城市建设和市政管理/小区管理': { lead: 'PS.ZJJ.WYK', keywords: ['小区', '物业'] },
  '城乡建设/城乡规划/违章建筑': {
    byStreet: true,
    co: ['PS.GHZY'],
    keywords: ['违建', '加建', '搭建'],
    legalBasis: '《中华人民共和国城乡规划法》',
  },
  '城乡建设/住房保障与房地产/物业服务': {
    lead: 'PS.ZJJ.WYK',
    keywords: ['物业费', '物业管理'],
    legalBasis: '《物业管理条例》',
  },
  '城乡建设/安全生产/安全隐患': {
    urgent: 'yes',
    keywords: ['隐患', '危险'],
    legalBasis: '《中华人民共和国安全生产法》',
  },
  '城乡建设/安全生产/事故处理': { urgent: 'yes' },
  '城乡建设/工程质量/施工安全': { urgent: 'yes', keywords: ['工地', '施工'] },
  '城乡建设/建筑市场/拖欠工程款': { lead: 'PS.RLZY', co: ['PS.ZJJ'], urgent: 'yes', keywords: ['欠薪', '工程款'] },
  '环境保护/环境污染/噪音污染': {
    byStreet: true,
    co: ['PS.STHJ'],
    keywords: ['噪音', '扰民', '施工噪音'],
    legalBasis: '《中华人民共和国噪声污染防治法》',
    extraFields: [noiseTime],
  },
  '环境保护/环境污染/危险化学品污染': { urgent: 'yes' },
  '环境保护/环境污染/水污染': { co: ['PS.SWJ'], keywords: ['排污', '黑臭水体'] },
  '环境保护/环境污染/大气污染': { keywords: ['油烟', '异味', '扬尘'] },
  '卫生计生/公共卫生/突发公共卫生事件处理': { urgent: 'yes' },
  '卫生计生/食品药品监管/食品安全': {
    lead: 'PS.SCJG.SPK',
    keywords: ['食品', '餐馆', '过期'],
    legalBasis: '《中华人民共和国食品安全法》',
  },
  '政法/社会治安/消防安全': {
    lead: 'PS.YJGL',
    urgent: 'yes',
    keywords: ['消防通道', '火灾隐患'],
    legalBasis: '《中华人民共和国消防法》',
  },
  '政法/仲裁与调解/劳动仲裁': { lead: 'PS.RLZY' },
  '科技与信息产业/电信/通信保障': { lead: 'EXT.TELECOM', co: ['PS.GXJ'], keywords: ['信号', '网络'] },
  '农村农业/动物防疫/疫情防控': { urgent: 'yes' },
  '农村农业/林业管理/森林防火': { urgent: 'yes' },
  '农村农业/水利水电/防汛抗旱': { lead: 'PS.SWJ', urgent: 'yes', keywords: ['内涝', '积水', '水浸'] },
  '劳动和社会保障/工资福利/工资发放': {
    urgent: 'yes',
    keywords: ['欠薪', '拖欠工资'],
    legalBasis: '《保障农民工工资支付条例》',
    extraFields: [
      { code: 'employer', label: '用人单位名称', labelEn: 'Employer', type: 'string', required: true },
      { code: 'worker_count', label: '涉及人数', labelEn: 'Workers affected', type: 'number', required: true },
      { code: 'amount', label: '拖欠金额（元）', labelEn: 'Amount owed (CNY)', type: 'number', required: false },
    ],
  },
  '劳动和社会保障/劳动关系/劳动合同纠纷': { legalBasis: '《中华人民共和国劳动合同法》' },
};

/** Level 2 groups whose cases take longer (land, planning, expropriation): 7 working days. */
const complexLevel2 = new Set([
  '城乡建设/城乡规划',
  '城乡建设/国有土地上房屋征收与补偿',
  '城乡建设/集体土地上房屋拆迁与补偿',
  '国土资源/土地征收',
  '国土资源/土地资源管理',
]);

/** Level 1 groups mostly asked about rather than complained about: the simple template. */
const simpleTemplateLevel1 = new Set(['党务政务', '科技与信息产业']);

const wd = (n: number): TimeLimit => ({ workingDays: n });

function timeLimitsFor(rule: ItemRule, level2Path: string): Record<RequestType, TimeLimit> {
  // Seed platforms: consultation 1 working day, suggestion 3, complaint 1 hour to 7 working days.
  const base: Record<RequestType, TimeLimit> = {
    consultation: wd(1),
    suggestion: wd(3),
    complaint: wd(5),
    report: wd(5),
    help: wd(3),
    praise: wd(3),
    other: wd(5),
  };
  if (complexLevel2.has(level2Path)) Object.assign(base, { complaint: wd(7), report: wd(7), help: wd(5) });
  if (rule.urgent === 'yes') Object.assign(base, { complaint: wd(1), report: wd(1), help: wd(1) });
  if (rule.urgent === 'utility')
    Object.assign(base, { complaint: { hours: 2 }, report: { hours: 2 }, help: { hours: 2 } });
  return base;
}

/** The six demo street centres, for 街道属地 rules. */
export const demoStreetCodes = ['440310001', '440310002', '440310003', '440310004', '440310005', '440310006'];

/** Turns the taxonomy CSV (level1,level2,level3) into the demo catalogue CSV text. */
export function buildDemoCatalogueCsv(taxonomyCsv: string): string {
  const table = parseCsv(taxonomyCsv);
  const l1Codes = new Map<string, string>();
  const l2Codes = new Map<string, string>();
  const l3Count = new Map<string, number>();
  const rows: Record<string, string>[] = [];
  for (const { cells } of table.rows) {
    const l1 = (cells.level1 ?? '').trim();
    const l2 = (cells.level2 ?? '').trim();
    const l3 = (cells.level3 ?? '').trim();
    if (!l1 || !l2 || !l3) continue;
    if (!l1Codes.has(l1)) l1Codes.set(l1, String(l1Codes.size + 1).padStart(2, '0'));
    const l1Code = l1Codes.get(l1) as string;
    const l2Key = `${l1}/${l2}`;
    if (!l2Codes.has(l2Key)) {
      const siblings = [...l2Codes.keys()].filter((k) => k.startsWith(`${l1}/`)).length;
      l2Codes.set(l2Key, `${l1Code}${String(siblings + 1).padStart(2, '0')}`);
    }
    const l2Code = l2Codes.get(l2Key) as string;
    const n = (l3Count.get(l2Code) ?? 0) + 1;
    l3Count.set(l2Code, n);
    const rule = itemRules[`${l2Key}/${l3}`] ?? {};
    const lead = rule.lead ?? leadByLevel2[l2Key] ?? leadByLevel1[l1] ?? 'PS.ZFB';
    const limits = timeLimitsFor(rule, l2Key);
    const co = [...new Set(rule.co ?? [])].filter((u) => u !== lead);
    const streetRules = rule.byStreet
      ? demoStreetCodes.map((s) => `${s}:${[s, ...new Set([lead, ...co])].join('+')}`).join(';')
      : '';
    rows.push({
      level1_code: l1Code,
      level1_name: l1,
      level2_code: l2Code,
      level2_name: l2,
      code: `${l2Code}${String(n).padStart(3, '0')}`,
      name: l3,
      description: `${l1} › ${l2} › ${l3}`,
      keywords: [...new Set([l3, ...(rule.keywords ?? [])])].join(';'),
      lead_unit: lead,
      co_units: co.join(';'),
      street_rules: streetRules,
      legal_basis: rule.legalBasis ?? '',
      workflow: simpleTemplateLevel1.has(l1) ? 'simple' : 'general',
      ...Object.fromEntries(requestTypes.map((t) => [`limit_${t}`, formatTimeLimitText(limits[t])])),
      urgent: rule.urgent ? 'true' : 'false',
      active: 'true',
      extra_fields: rule.extraFields ? JSON.stringify(rule.extraFields) : '',
    });
  }
  return toCsv(catalogueColumns, rows);
}
