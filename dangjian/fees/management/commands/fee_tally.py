from dangjian.core.tallies import TallyCommand
from dangjian.fees.tally import TALLY


class Command(TallyCommand):
    help = (
        "核对党费按月统计表（收缴党费的依据）与党费交纳记录是否一致；加 --rebuild 则按交纳记录重新统计。"
        "恢复备份或清空（TRUNCATE）党费交纳表后运行。"
    )
    tally = TALLY
    what, records, source_label, groups = "党费按月统计", "交纳记录", "党费交纳表", "组织×年度×交纳年份"
