from dangjian.core.tallies import TallyCommand
from dangjian.meetings.tally import TALLY


class Command(TallyCommand):
    help = (
        "核对会议按月统计表（三会一课落实率的依据）与会议记录是否一致；加 --rebuild 则按会议记录重新统计。"
        "恢复备份或清空（TRUNCATE）会议表、修改时区后运行。"
    )
    tally = TALLY
    what, records, source_label, groups = "会议按月统计", "会议记录", "会议表", "组织×类型×年度"
