import { PlusOutlined, ReloadOutlined, UploadOutlined } from "@ant-design/icons";
import { DESIGNATION_LABELS, HOUSEHOLD_CATEGORY_LABELS } from "@fanpin/domain/categories";
import type { HouseholdSummary } from "@fanpin/domain/household-schemas";
import { Button, Card, Flex, Input, Select, Typography, type TableColumnsType } from "antd";
import { Link, useNavigate, useSearchParams } from "react-router";
import { AreaTreeSelect } from "@/components/area-tree-select.tsx";
import { EllipsisText } from "@/components/ui/ellipsis-text.tsx";
import { ExportButton } from "@/components/export-button.tsx";
import { paths } from "@/config/paths.ts";
import { PagedTable, pagedQuery } from "@/components/paged-table.tsx";
import { formatDateTime, optionsOf } from "@/lib/format.ts";
import { useHouseholds } from "../api/get-households.ts";
import { listQueryFromSearch, PAGE_SIZES, searchFromListQuery, type ListQuery } from "../utils/list-query.ts";
import { CategoryTag, DesignationTag } from "@/components/category-tags.tsx";

const designationOptions = [...optionsOf(DESIGNATION_LABELS), { value: "NONE", label: "未认定" }];

/** A household on a phone: who, where, and what it is. */
function HouseholdCard({ h }: { h: HouseholdSummary }) {
  return (
    <Flex vertical gap={4} data-testid="household-card">
      <Flex justify="space-between" align="center" gap={8}>
        <Link to={paths.household.getHref(h.id)} aria-label={`查看 ${h.headName} 户详情`} style={{ fontWeight: 600, fontSize: 15 }}>
          {h.headName}
        </Link>
        <Typography.Text type="secondary">{h.memberCount} 人</Typography.Text>
      </Flex>
      <Typography.Text type="secondary">
        {h.township.name} · {h.village.name}
        {h.naturalVillage ? ` · ${h.naturalVillage.name}` : ""}
      </Typography.Text>
      <Flex wrap gap={4}>
        <CategoryTag category={h.category} />
        <DesignationTag designation={h.designation} />
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>户编号 {h.householdNo}</Typography.Text>
    </Flex>
  );
}

/** The households in the user's scope, filtered and paged on the server; filters live in the URL. */
export function HouseholdList({ canWrite }: { canWrite: boolean }) {
  const [search, setSearch] = useSearchParams();
  const query = listQueryFromSearch(search);
  const households = useHouseholds(query);
  const navigate = useNavigate();

  const update = (change: Partial<ListQuery>, resetPage = true) => {
    setSearch(searchFromListQuery({ ...query, ...(resetPage ? { page: 1 } : {}), ...change }));
  };
  const hasFilters = Boolean(query.areaId || query.category || query.designation || query.q);
  const detailHref = (id: string) => paths.household.getHref(id);

  const columns: TableColumnsType<HouseholdSummary> = [
    {
      title: "户编号",
      dataIndex: "householdNo",
      width: 165,
      render: (no: string, h) => <EllipsisText to={detailHref(h.id)}>{no}</EllipsisText>,
    },
    {
      title: "户主",
      dataIndex: "headName",
      width: 110,
      fixed: "left",
      render: (name: string, h) => (
        <EllipsisText to={detailHref(h.id)} aria-label={`查看 ${name} 户详情`}>
          {name}
        </EllipsisText>
      ),
    },
    { title: "证件号码", dataIndex: "headIdNumberMasked", width: 170 },
    { title: "人数", dataIndex: "memberCount", width: 56, align: "right" },
    { title: "户类别", dataIndex: "category", width: 140, render: (c: HouseholdSummary["category"]) => <CategoryTag category={c} /> },
    {
      title: "认定类型",
      dataIndex: "designation",
      width: 104,
      render: (d: HouseholdSummary["designation"]) => <DesignationTag designation={d} />,
    },
    { title: "乡镇", key: "township", width: 100, render: (_, h) => <EllipsisText>{h.township.name}</EllipsisText> },
    {
      // No width: the village column takes what is left.
      title: "村",
      key: "village",
      render: (_, h) => <EllipsisText>{h.naturalVillage ? `${h.village.name} · ${h.naturalVillage.name}` : h.village.name}</EllipsisText>,
    },
    { title: "更新时间", dataIndex: "updatedAt", width: 140, render: (at: string) => formatDateTime(at) },
  ];

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          家庭档案
        </Typography.Title>
        <Flex gap={8} wrap>
          <ExportButton
            path="/api/households/export.xlsx"
            query={{ areaId: query.areaId, category: query.category, designation: query.designation, q: query.q }}
            fallbackName="户档案.xlsx"
            hint="按当前筛选条件导出全部家庭（每名成员一行，含完整证件号码，格式与导入模板相同）；导出将记入审计日志"
          />
          {canWrite && (
            <Button icon={<UploadOutlined />} onClick={() => void navigate(paths.householdImport.getHref())}>
              批量导入
            </Button>
          )}
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate(paths.householdNew.getHref())}>
              登记家庭
            </Button>
          )}
        </Flex>
      </Flex>

      <Card size="small">
        <Flex wrap gap={12} role="search" aria-label="筛选家庭">
          <AreaTreeSelect
            aria-label="行政区划"
            placeholder="行政区划（全部）"
            value={query.areaId}
            onChange={(areaId) => update({ areaId })}
            style={{ width: 220 }}
          />
          <Select
            aria-label="户类别"
            placeholder="户类别（全部）"
            allowClear
            value={query.category}
            onChange={(category) => update({ category })}
            options={optionsOf(HOUSEHOLD_CATEGORY_LABELS)}
            style={{ width: 180 }}
          />
          <Select
            aria-label="认定类型"
            placeholder="认定类型（全部）"
            allowClear
            value={query.designation}
            onChange={(designation) => update({ designation })}
            options={designationOptions}
            style={{ width: 160 }}
          />
          <Input.Search
            key={query.q ?? ""}
            aria-label="姓名或身份证号"
            placeholder="姓名、身份证号（18 位或后 4、6 位）或手机号"
            defaultValue={query.q}
            allowClear
            enterButton="查询"
            maxLength={50}
            onSearch={(q) => update({ q: q.trim() || undefined })}
            style={{ width: 300 }}
          />
          {hasFilters && (
            <Button icon={<ReloadOutlined />} onClick={() => setSearch(new URLSearchParams())}>
              清除筛选
            </Button>
          )}
        </Flex>
      </Card>

      <PagedTable<HouseholdSummary>
        label="家庭列表"
        rowKey="id"
        columns={columns}
        {...pagedQuery(households)}
        scrollX={1100}
        emptyText={hasFilters ? "没有符合条件的家庭" : "暂无家庭档案"}
        rowHref={(h) => detailHref(h.id)}
        renderCard={(h) => <HouseholdCard h={h} />}
        pagination={{
          current: households.data?.page ?? query.page,
          pageSize: query.pageSize,
          total: households.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES,
          showTotal: (total) => `共 ${total} 户`,
          onChange: (page, pageSize) => update({ page, pageSize }, false),
        }}
      />
      {query.q && households.data && households.data.total === 0 && (
        <Typography.Text type="secondary">
          按姓名或身份证号“{query.q}”未找到家庭。姓名请从姓开始输入（如“王”或“王建国”），证件号码可输入完整 18 位或后 4 位、后 6 位，手机号码请输入完整 11 位。
        </Typography.Text>
      )}
    </Flex>
  );
}

