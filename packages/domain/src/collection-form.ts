/**
 * Code lists of the 即时帮扶人口信息采集表 (Weihai, seed 000 annex 1) and the
 * national system's code book. Stored values are the English code names;
 * the labels are what officials see and type.
 */
function labels<const T extends Record<string, string>>(map: T) {
  return { codes: Object.keys(map) as [keyof T & string, ...(keyof T & string)[]], labels: map };
}

/** A2 性别 */
export const GENDER = labels({ MALE: "男", FEMALE: "女" });
/** A3 证件类型: a disability certificate number is the 18-digit ID plus category and grade digits. */
export const ID_TYPE = labels({ RESIDENT_ID: "居民身份证", DISABILITY_CERT: "残疾人证" });
/** A5 与户主关系 (row 1 is the head, 户主) */
export const RELATION = labels({
  HEAD: "户主",
  SPOUSE: "配偶",
  SON: "之子",
  DAUGHTER: "之女",
  DAUGHTER_IN_LAW: "之儿媳",
  SON_IN_LAW: "之女婿",
  GRANDSON: "之孙子",
  GRANDDAUGHTER: "之孙女",
  DAUGHTERS_SON: "之外孙子",
  DAUGHTERS_DAUGHTER: "之外孙女",
  FATHER: "之父",
  MOTHER: "之母",
  WIFES_FATHER: "之岳父",
  WIFES_MOTHER: "之岳母",
  HUSBANDS_FATHER: "之公公",
  HUSBANDS_MOTHER: "之婆婆",
  GRANDFATHER: "之祖父",
  GRANDMOTHER: "之祖母",
  SIBLING: "之兄弟姐妹",
  OTHER: "其他",
});
/** A6 民族, GB 3304 codes */
export const ETHNICITY = labels({
  "01": "汉族", "02": "蒙古族", "03": "回族", "04": "藏族", "05": "维吾尔族", "06": "苗族", "07": "彝族",
  "08": "壮族", "09": "布依族", "10": "朝鲜族", "11": "满族", "12": "侗族", "13": "瑶族", "14": "白族",
  "15": "土家族", "16": "哈尼族", "17": "哈萨克族", "18": "傣族", "19": "黎族", "20": "傈僳族", "21": "佤族",
  "22": "畲族", "23": "高山族", "24": "拉祜族", "25": "水族", "26": "东乡族", "27": "纳西族", "28": "景颇族",
  "29": "柯尔克孜族", "30": "土族", "31": "达斡尔族", "32": "仫佬族", "33": "羌族", "34": "布朗族", "35": "撒拉族",
  "36": "毛南族", "37": "仡佬族", "38": "锡伯族", "39": "阿昌族", "40": "普米族", "41": "塔吉克族", "42": "怒族",
  "43": "乌孜别克族", "44": "俄罗斯族", "45": "鄂温克族", "46": "德昂族", "47": "保安族", "48": "裕固族",
  "49": "京族", "50": "塔塔尔族", "51": "独龙族", "52": "鄂伦春族", "53": "赫哲族", "54": "门巴族",
  "55": "珞巴族", "56": "基诺族", "97": "其他", "98": "外国血统中国籍人士",
});
/** A7 政治面貌 */
export const POLITICAL_STATUS = labels({
  CPC_MEMBER: "中共党员",
  CPC_PROBATIONARY: "中共预备党员",
  CYL_MEMBER: "共青团员",
  DEMOCRATIC_PARTY: "民主党派",
  NON_PARTISAN: "无党派人士",
  MASSES: "群众",
});
/** A8 文化程度 */
export const EDUCATION = labels({
  PRESCHOOL_CHILD: "学龄前儿童",
  ILLITERATE: "文盲或半文盲",
  PRIMARY: "小学",
  JUNIOR_HIGH: "初中",
  SENIOR_HIGH: "高中",
  SECONDARY_VOCATIONAL: "中专（中职）",
  JUNIOR_COLLEGE: "大专（高职）",
  BACHELOR_OR_ABOVE: "本科及以上",
});
/** A9 在校状况 */
export const SCHOOL_STATUS = labels({
  NOT_IN_SCHOOL: "非在校生",
  PRESCHOOL: "学前教育",
  PRIMARY: "小学",
  JUNIOR_HIGH: "初中",
  SENIOR_HIGH: "高中",
  SECONDARY_VOCATIONAL: "中职",
  HIGHER_VOCATIONAL: "高职（大专）",
  UNDERGRADUATE: "本科",
  POSTGRADUATE: "研究生及以上",
});
/** A10 健康状况 */
export const HEALTH = labels({
  HEALTHY: "健康",
  CHRONIC_DISEASE: "长期慢性病",
  SERIOUS_ILLNESS: "患有大病",
  DISABLED: "残疾",
});
/** A12 务工区域 */
export const WORK_REGION = labels({
  NONE: "未务工",
  IN_TOWNSHIP: "乡（镇）内务工",
  IN_COUNTY: "乡（镇）外县内务工",
  IN_PROVINCE: "县外省内务工",
  OUT_OF_PROVINCE: "省外务工",
  ABROAD: "境外务工",
});
/**
 * A52a–c 致贫（返贫）风险. The first eight are Weihai's list; Linyi adds
 * 因疫情 and 因意外. Which apply is a local rule; the registry accepts all.
 */
export const RISK_CAUSE = labels({
  SERIOUS_ILLNESS: "因大病",
  EDUCATION: "因学",
  DISASTER: "因灾",
  DISABILITY: "因残",
  EMERGENCY: "因突发事件",
  BUSINESS_FAILURE: "因产业失败",
  UNSTABLE_EMPLOYMENT: "因就业不稳",
  OTHER: "其他",
  EPIDEMIC: "因疫情",
  ACCIDENT: "因意外",
});

/** Income items of section 四 (yuan per year). A29 and A31 are the sums of their parts. */
export const INCOME_ITEMS = {
  wageIncome: "A28 工资性收入",
  familyPlanning: "A29a 计划生育金",
  minimumLiving: "A29b 低保金",
  extremePovertySupport: "A29c 特困供养金",
  pension: "A29d 养老保险金",
  ecologicalCompensation: "A29e 生态补偿金",
  otherTransfer: "A29f 其他转移性收入",
  productionIncome: "A30 生产经营性收入",
  assetDividend: "A31a 资产收益扶贫分红收入",
  otherProperty: "A31b 其他财产性收入",
  productionCost: "A32 生产经营性支出",
} as const;
export type IncomeItem = keyof typeof INCOME_ITEMS;
export const INCOME_ITEM_KEYS = Object.keys(INCOME_ITEMS) as IncomeItem[];

export type Income = Record<IncomeItem, number>;

/** Totals of the form: A29 transfers, A31 property, and per-capita net income. */
export function summarizeIncome(income: Income, memberCount: number) {
  const transfer =
    income.familyPlanning + income.minimumLiving + income.extremePovertySupport + income.pension +
    income.ecologicalCompensation + income.otherTransfer;
  const property = income.assetDividend + income.otherProperty;
  const net = income.wageIncome + transfer + income.productionIncome + property - income.productionCost;
  // Per-capita net income = (A28 + A29 + A30 + A31 − A32) / members (DOMAIN.md).
  const perCapita = memberCount > 0 ? Math.round((net / memberCount) * 100) / 100 : 0;
  return { transfer: round2(transfer), property: round2(property), net: round2(net), perCapita };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
