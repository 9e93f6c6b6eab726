/**
 * Demo areas modelled on 环翠区 of 威海市 (GB/T 2260 code 371002): township and
 * village codes follow the 统计用区划代码 layout (街道 0xx, 镇 1xx; 村委会 2xx).
 * Names are those of real places in the district; the village lists are a
 * selection, not the complete official one. 文登区 is included with one
 * township so that the city level has a second district to oversee.
 */
export type DemoArea = { code: string; name: string; children?: DemoArea[] };

const villages = (townshipCode: string, names: string[]): DemoArea[] =>
  names.map((name, i) => {
    const code = `${townshipCode}${String(201 + i)}`;
    return {
      code,
      name,
      children: [
        { code: `${code}001`, name: "第一村民小组" },
        { code: `${code}002`, name: "第二村民小组" },
      ],
    };
  });

export const DEMO_AREA_TREE: DemoArea = {
  code: "370000000000",
  name: "山东省",
  children: [
    {
      code: "371000000000",
      name: "威海市",
      children: [
        {
          code: "371002000000",
          name: "环翠区",
          children: [
            { code: "371002100000", name: "张村镇", children: villages("371002100", ["张村", "王家疃", "沟北", "东鲍家", "姜家疃", "河北", "南江疃"]) },
            { code: "371002101000", name: "羊亭镇", children: villages("371002101", ["羊亭", "港头", "柳林", "北江", "西豆", "孙家滩"]) },
            { code: "371002102000", name: "温泉镇", children: villages("371002102", ["温泉汤", "五渚河", "曲家河", "河东", "柳家埠", "南港"]) },
            { code: "371002103000", name: "桥头镇", children: villages("371002103", ["桥头", "北岭", "大岚寺", "邹山", "石家河", "长会口"]) },
            { code: "371002009000", name: "孙家疃街道", children: villages("371002009", ["孙家疃", "范家埠", "马栏耩", "远遥", "金线顶", "西北山"]) },
          ],
        },
        {
          code: "371003000000",
          name: "文登区",
          children: [{ code: "371003101000", name: "米山镇", children: villages("371003101", ["米山", "东楼"]) }],
        },
      ],
    },
  ],
};

export const DEMO_PASSWORD = "Demo@2026";

/** The demo accounts listed in the README, each bound to one area by code. */
export const DEMO_USERS = [
  { username: "admin", displayName: "系统管理员", role: "ADMIN", areaCode: "371000000000" },
  { username: "city", displayName: "市扶贫办 刘督导", role: "CITY_SUPERVISOR", areaCode: "371000000000" },
  { username: "district", displayName: "环翠区 王审核", role: "DISTRICT_REVIEWER", areaCode: "371002000000" },
  { username: "township", displayName: "张村镇 李专干", role: "TOWNSHIP_STAFF", areaCode: "371002100000" },
  { username: "township2", displayName: "羊亭镇 赵专干", role: "TOWNSHIP_STAFF", areaCode: "371002101000" },
  { username: "village", displayName: "张村 陈书记", role: "VILLAGE_CADRE", areaCode: "371002100201" },
  /** 帮扶责任人: sees only the households of 张村 assigned to them (demo-assistance.ts). */
  { username: "helper", displayName: "区农业农村局 周帮扶", role: "HELPER", areaCode: "371002100000" },
] as const;
