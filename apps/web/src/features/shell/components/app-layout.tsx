import { AlertOutlined, BarChartOutlined, PieChartOutlined, CalendarOutlined, DashboardOutlined, FileSearchOutlined, HomeOutlined, KeyOutlined, LogoutOutlined, MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined, PrinterOutlined,
  QrcodeOutlined, SolutionOutlined, TeamOutlined, UserOutlined } from "@ant-design/icons";
import type { MeResponse } from "@fanpin/domain/auth-schemas";
import { can, ROLE_LABELS } from "@fanpin/domain/roles";
import { Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Tag, Tooltip, Typography, theme } from "antd";
import { Fragment, useState, type ReactNode } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { paths } from "@/config/paths.ts";

type AppLayoutProps = {
  me: MeResponse;
  onSignOut: () => void;
  isSigningOut?: boolean;
  /** Shown in the header before the user menu (the notices). */
  headerExtra?: ReactNode;
  /** Shown above every page's content (e.g. the administrators' holiday-data reminder). */
  banner?: ReactNode;
  children: ReactNode;
};

/**
 * The frame of every signed-in page: who is signed in (name, role, area) in
 * the header, the sections the role may use in the side menu. Below 1200 px
 * (tablets, small laptops) the menu folds to icons so the tables keep their
 * width; on phones (< 768 px) it is a drawer opened by the menu button.
 */
export function AppLayout({ me, onSignOut, isSigningOut, headerExtra, banner, children }: AppLayoutProps) {
  const screens = Grid.useBreakpoint();
  // Before the first measure the breakpoints are unknown: lay out as on a desk.
  const isNarrow = screens.xl === false;
  const isPhone = screens.md === false;
  const [collapsed, setCollapsed] = useState<boolean | null>(null);
  const isCollapsed = collapsed ?? isNarrow;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const location = useLocation();
  // A tap on a menu entry navigates: the drawer has done its job.
  const [drawerPath, setDrawerPath] = useState(location.pathname);
  if (drawerPath !== location.pathname) {
    setDrawerPath(location.pathname);
    setDrawerOpen(false);
  }
  const navigate = useNavigate();
  const { token } = theme.useToken();

  const navItems = [
    {
      key: paths.home.path,
      icon: <DashboardOutlined />,
      label: <Link to={paths.home.getHref()}>{me.user.role === "HELPER" ? "我的帮扶户" : can(me.user.role, "case.act") ? "工作台" : "监测概况"}</Link>,
    },
    // A helper reaches households only through their assistance files: no cases, households or reports.
    ...(can(me.user.role, "case.read")
      ? [{ key: paths.cases.path, icon: <FileSearchOutlined />, label: <Link to={paths.cases.getHref()}>案件查询</Link> }]
      : []),
    ...(can(me.user.role, "lead.read")
      ? [{ key: paths.leads.path, icon: <AlertOutlined />, label: <Link to={paths.leads.getHref()}>线索核实</Link> }]
      : []),
    ...(can(me.user.role, "household.read")
      ? [{ key: paths.households.path, icon: <HomeOutlined />, label: <Link to={paths.households.getHref()}>家庭档案</Link> }]
      : []),
    ...(can(me.user.role, "helper.read")
      ? [{ key: paths.helpers.path, icon: <SolutionOutlined />, label: <Link to={paths.helpers.getHref()}>帮扶责任人</Link> }]
      : []),
    ...(can(me.user.role, "case.act")
      ? [{ key: paths.publicityNotices.path, icon: <PrinterOutlined />, label: <Link to={paths.publicityNotices.getHref()}>村内公示</Link> }]
      : []),
    ...(can(me.user.role, "selfReport.poster")
      ? [{ key: paths.selfReportPosters.path, icon: <QrcodeOutlined />, label: <Link to={paths.selfReportPosters.getHref()}>申报二维码</Link> }]
      : []),
    ...(can(me.user.role, "statistics.read")
      ? [{ key: paths.statistics.path, icon: <PieChartOutlined />, label: <Link to={paths.statistics.getHref()}>监测统计</Link> }]
      : []),
    ...(can(me.user.role, "report.read")
      ? [{ key: paths.reports.path, icon: <BarChartOutlined />, label: <Link to={paths.reports.getHref()}>报表</Link> }]
      : []),
    ...(can(me.user.role, "warning.upload")
      ? [{ key: paths.departmentWarnings.path, icon: <AlertOutlined />, label: <Link to={paths.departmentWarnings.getHref()}>部门预警导入</Link> }]
      : []),
    ...(can(me.user.role, "user.manage")
      ? [{ key: paths.users.path, icon: <TeamOutlined />, label: <Link to={paths.users.getHref()}>用户管理</Link> }]
      : []),
    ...(can(me.user.role, "calendar.manage")
      ? [{ key: paths.calendar.path, icon: <CalendarOutlined />, label: <Link to={paths.calendar.getHref()}>工作日历</Link> }]
      : []),
  ];
  const selected = navItems.find((i) =>
    i.key === paths.home.path ? location.pathname === i.key : location.pathname === i.key || location.pathname.startsWith(`${i.key}/`),
  )?.key;
  const areaPath = me.area.path.length ? me.area.path : [me.area];

  return (
    <Layout style={{ minHeight: "100vh" }}>
      {isPhone ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={220}
          closable={false}
          title={null}
          styles={{ body: { padding: 0, background: "#001529" } }}
        >
          <div style={{ height: 56, display: "flex", alignItems: "center", justifyContent: "center", color: "#fff", fontWeight: 600, fontSize: 16 }}>
            返贫动态监测
          </div>
          <nav aria-label="主导航">
            <Menu theme="dark" mode="inline" selectedKeys={selected ? [selected] : []} items={navItems} />
          </nav>
        </Drawer>
      ) : (
        <Layout.Sider
        collapsible
        collapsed={isCollapsed}
        onCollapse={(value) => setCollapsed(value)}
        collapsedWidth={64}
        width={200}
        trigger={null}
        theme="dark"
        style={{ position: "sticky", top: 0, height: "100vh", overflow: "auto" }}
      >
        <div
          style={{
            height: 56,
            display: "flex",
            alignItems: "center",
            justifyContent: "center",
            color: "#fff",
            fontWeight: 600,
            fontSize: isCollapsed ? 14 : 16,
            whiteSpace: "nowrap",
            overflow: "hidden",
          }}
          title="防止返贫动态监测和帮扶系统"
        >
          {isCollapsed ? "监测" : "返贫动态监测"}
        </div>
        <nav aria-label="主导航">
          <Menu theme="dark" mode="inline" selectedKeys={selected ? [selected] : []} items={navItems} />
        </nav>
      </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            padding: "0 16px",
            display: "flex",
            alignItems: "center",
            gap: 12,
            height: 56,
            lineHeight: "56px",
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            position: "sticky",
            top: 0,
            zIndex: 10,
          }}
        >
          <Button
            type="text"
            aria-label={isPhone ? "打开菜单" : isCollapsed ? "展开菜单" : "收起菜单"}
            aria-expanded={isPhone ? drawerOpen : !isCollapsed}
            icon={isPhone ? <MenuOutlined /> : isCollapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={() => (isPhone ? setDrawerOpen(true) : setCollapsed(!isCollapsed))}
          />
          <nav aria-label="所属行政区划" style={{ flex: 1, minWidth: 0, overflow: "hidden", whiteSpace: "nowrap", textOverflow: "ellipsis" }}>
            <Tooltip title={areaPath.map((a) => a.name).join(" / ")}>
              <span data-testid="shell-area-path">
                {areaPath.map((a, i) => (
                  <Fragment key={a.id}>
                    {i > 0 && <span style={{ color: token.colorTextTertiary, margin: "0 4px" }}>/</span>}
                    {i === areaPath.length - 1 ? (
                      <Typography.Text strong data-testid="shell-area-name">{a.name}</Typography.Text>
                    ) : (
                      <Typography.Text type="secondary">{a.name}</Typography.Text>
                    )}
                  </Fragment>
                ))}
              </span>
            </Tooltip>
          </nav>
          <Space size={8} style={{ flexShrink: 0, minWidth: 0 }}>
            {screens.md && <Tag color="blue" style={{ marginInlineEnd: 0 }}>{ROLE_LABELS[me.user.role]}</Tag>}
            {headerExtra}
            <Dropdown
              trigger={["click"]}
              menu={{
                items: [
                  { key: "role", label: ROLE_LABELS[me.user.role], disabled: true },
                  { type: "divider" },
                  { key: "password", icon: <KeyOutlined />, label: "修改密码", onClick: () => navigate(paths.changePassword.getHref()) },
                  { key: "sign-out", icon: <LogoutOutlined />, label: "退出登录", onClick: onSignOut, disabled: isSigningOut },
                ],
              }}
            >
              <Button type="text" icon={<UserOutlined />} aria-label={`当前用户：${me.user.displayName}`}>
                <span
                  data-testid="shell-user-name"
                  style={{ maxWidth: screens.md ? 200 : 96, overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap", display: "inline-block", verticalAlign: "bottom" }}
                  title={me.user.displayName}
                >
                  {me.user.displayName}
                </span>
              </Button>
            </Dropdown>
            <Button icon={<LogoutOutlined />} onClick={onSignOut} loading={isSigningOut} aria-label="退出登录">
              {screens.md ? "退出登录" : null}
            </Button>
          </Space>
        </Layout.Header>
        {/* antd renders Content as <main>. */}
        <Layout.Content style={{ padding: screens.md ? 20 : 12, minWidth: 0 }}>
          {banner}
          {children}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
