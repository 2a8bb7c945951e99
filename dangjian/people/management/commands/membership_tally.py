from dangjian.core.tallies import TallyCommand
from dangjian.people.tally import TALLY


class Command(TallyCommand):
    help = (
        "核对党籍按状态统计表（年末党员数等的依据）与党籍历史是否一致；加 --rebuild 则按党籍历史重新统计。"
        "恢复备份或清空（TRUNCATE）党籍历史表后运行。"
    )
    tally = TALLY
    what, records, source_label, groups = "党籍按状态统计", "党籍历史", "党籍历史表", "组织×状态"
