"""Browser test of read receipts at province scale: the committee sends a prompt to every branch
(2,500 of them, each with its secretary) and reads who has and has not read it."""

import pytest
from django.utils import timezone

from dangjian.accounts.models import User
from dangjian.core import excel
from dangjian.prompts import selectors, services
from dangjian.prompts.models import WorkPromptRead
from dangjian.tests.personas import bulk_branch_readers, bulk_branches

pytestmark = pytest.mark.browser

BRANCHES = 2500


@pytest.fixture
def province_prompt(browser_world):
    world = browser_world
    branches = bulk_branches(world.oc_a, BRANCHES)
    bulk_branch_readers(branches)
    recipients = list(selectors.prompt_quick_recipients(actor=world.committee, choice="branches"))
    prompt = services.prompt_publish(
        actor=world.committee, title="全省党支部工作提示", body="请按时召开支委会。", recipients=recipients
    )
    last = User.objects.filter(username__in=[f"reader-{b.pk}" for b in branches[-100:]])
    WorkPromptRead.objects.bulk_create(
        [WorkPromptRead(prompt=prompt, user=u, read_at=timezone.now()) for u in last]
    )
    return world, prompt, len(recipients)


def test_the_committee_reads_the_receipts_of_a_prompt_to_every_branch(province_prompt, page_for, live_server):
    world, prompt, n_recipients = province_prompt
    receipts = selectors.prompt_receipt_stats(prompt=prompt)
    assert n_recipients > BRANCHES and receipts.total > BRANCHES and receipts.unread == receipts.total - 100
    page = page_for(world.committee)
    console_errors = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)

    response = page.goto(f"{live_server.url}/meetings/prompts/?box=sent")
    assert response.status == 200
    row = page.locator("#prompt-sent tbody tr", has_text=prompt.title)
    assert f"全部党支部（{n_recipients}个）" in row.inner_text()
    assert f"100/{receipts.total}" in row.inner_text()

    row.locator("a").click()
    page.wait_for_url(f"{live_server.url}/meetings/prompts/{prompt.pk}/")
    assert f"全部党支部（{n_recipients}个）" in page.inner_text("#prompt-recipients")
    assert f"阅读情况（应读{receipts.total}人，未读{receipts.unread}人）" in page.inner_text("h2")
    assert page.locator("#prompt-receipts tbody tr").count() == 50  # one page, not 2,500 rows
    assert page.evaluate("document.documentElement.scrollHeight") < 5000

    # Only the unread of one organisation, found by its name.
    page.select_option("#prompt-receipt-filters select[name=status]", "unread")
    page.fill("#prompt-receipt-filters input[name=q]", "第7党支部")
    page.click("#prompt-receipt-filters button[type=submit]")
    page.wait_for_url(lambda url: "status=unread" in url)
    rows = page.locator("#prompt-receipts tbody tr")
    assert rows.count() == 1 and "未读" in rows.first.inner_text() and "第7党支部" in rows.first.inner_text()

    # The whole unread list as .xlsx, audited.
    page.select_option("#prompt-receipt-filters select[name=status]", "unread")
    page.fill("#prompt-receipt-filters input[name=q]", "")
    page.click("#prompt-receipt-filters button[type=submit]")
    page.wait_for_selector("#prompt-receipts-export")
    with page.expect_download() as info:
        page.click("#prompt-receipts-export")
    sheet = excel.read_rows(open(info.value.path(), "rb").read())
    assert len(sheet) == 2 + receipts.unread  # a title row, the header, one row per unread reader
    assert console_errors == []
