"""The sidebar: each app's registered entries, shown by the user's grants."""

import re


def _menu(client) -> list[tuple[str, str]]:
    page = client.get("/").content.decode()
    sidebar = page[page.index('<aside class="sidebar">') : page.index("</aside>")]
    return re.findall(r'<div class="nav-group">([^<]+)</div>|<a href="[^"]+">([^<]+)</a>', sidebar)


def _labels(client) -> list[str]:
    return [group or label for group, label in _menu(client)]


def test_committee_staff_see_every_area_with_the_group_headings(world, login):
    labels = _labels(login(world.committee))
    assert labels[:3] == ["首页", "组织架构", "党员名册"]
    assert labels.index("我的组织生活") < labels.index("组织生活") < labels.index("会议与活动")
    assert (
        labels.index("工委管理")
        < labels.index("单位管理")
        < labels.index("用户与授权")
        < labels.index("审计日志")
    )
    assert labels[-2:] == ["后台任务", "API 文档"]


def test_a_member_sees_only_their_own_entries(world, login):
    labels = _labels(login(world.member))
    assert labels == ["首页", "我的信息", "我的组织生活", "系统", "后台任务", "API 文档"]


def test_a_branch_secretary_sees_no_committee_entries(world, login):
    labels = _labels(login(world.secretary))
    assert "组织架构" in labels and "名册导入" in labels
    assert "工委管理" not in labels and "单位管理" not in labels and "审计日志" not in labels


def test_each_group_is_one_run_under_one_heading(world, login):
    """An app's entry never splits another app's group: every heading is printed once, and the
    reports are not shown under the last group before them."""
    menu = _menu(login(world.committee))
    headings = [group for group, _label in menu if group]
    assert len(headings) == len(set(headings)), headings
    under: dict[str, str] = {}
    current = ""
    for group, label in menu:
        current = group or current
        if label:
            under[label] = current
    assert under["发展党员"] == under["组织关系转接"] == "党员管理"
    assert under["主题活动"] == under["会议台账"] == "组织生活"
    assert under["年度报表"] == under["统计图表"] == "统计报表"
