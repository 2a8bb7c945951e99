"""Coded values of the member roster: each list in one place (design.md, "The member roster")."""

from django.db import models


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class Ethnicity(models.TextChoices):
    """GB/T 3304 民族代码."""

    E01 = "01", "汉族"
    E02 = "02", "蒙古族"
    E03 = "03", "回族"
    E04 = "04", "藏族"
    E05 = "05", "维吾尔族"
    E06 = "06", "苗族"
    E07 = "07", "彝族"
    E08 = "08", "壮族"
    E09 = "09", "布依族"
    E10 = "10", "朝鲜族"
    E11 = "11", "满族"
    E12 = "12", "侗族"
    E13 = "13", "瑶族"
    E14 = "14", "白族"
    E15 = "15", "土家族"
    E16 = "16", "哈尼族"
    E17 = "17", "哈萨克族"
    E18 = "18", "傣族"
    E19 = "19", "黎族"
    E20 = "20", "傈僳族"
    E21 = "21", "佤族"
    E22 = "22", "畲族"
    E23 = "23", "高山族"
    E24 = "24", "拉祜族"
    E25 = "25", "水族"
    E26 = "26", "东乡族"
    E27 = "27", "纳西族"
    E28 = "28", "景颇族"
    E29 = "29", "柯尔克孜族"
    E30 = "30", "土族"
    E31 = "31", "达斡尔族"
    E32 = "32", "仫佬族"
    E33 = "33", "羌族"
    E34 = "34", "布朗族"
    E35 = "35", "撒拉族"
    E36 = "36", "毛南族"
    E37 = "37", "仡佬族"
    E38 = "38", "锡伯族"
    E39 = "39", "阿昌族"
    E40 = "40", "普米族"
    E41 = "41", "塔吉克族"
    E42 = "42", "怒族"
    E43 = "43", "乌孜别克族"
    E44 = "44", "俄罗斯族"
    E45 = "45", "鄂温克族"
    E46 = "46", "德昂族"
    E47 = "47", "保安族"
    E48 = "48", "裕固族"
    E49 = "49", "京族"
    E50 = "50", "塔塔尔族"
    E51 = "51", "独龙族"
    E52 = "52", "鄂伦春族"
    E53 = "53", "赫哲族"
    E54 = "54", "门巴族"
    E55 = "55", "珞巴族"
    E56 = "56", "基诺族"


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", "研究生"
    BACHELOR = "bachelor", "大学本科"
    COLLEGE = "college", "大学专科"
    SECONDARY_VOCATIONAL = "secondary", "中专"
    HIGH_SCHOOL = "high_school", "高中"
    JUNIOR_OR_BELOW = "junior", "初中及以下"


COLLEGE_OR_ABOVE = {Education.POSTGRADUATE, Education.BACHELOR, Education.COLLEGE}


class Degree(models.TextChoices):
    NONE = "", "无"
    DOCTOR = "doctor", "博士"
    MASTER = "master", "硕士"
    BACHELOR = "bachelor", "学士"


class PersonCategory(models.TextChoices):
    """人员类别 as in the year-end statistics (rules.md §6a)."""

    WORKER = "worker", "工人(工勤技能人员)"
    FARMER = "farmer", "农牧渔民"
    PROFESSIONAL = "professional", "专业技术人员"
    MANAGER = "manager", "企事业单位管理人员"
    CIVIL_SERVANT = "civil_servant", "党政机关工作人员"
    STUDENT = "student", "学生"
    OTHER = "other", "其他职业人员"
    RETIRED = "retired", "离退休人员"


class MembershipStatus(models.TextChoices):
    APPLICANT = "applicant", "入党申请人"
    ACTIVIST = "activist", "入党积极分子"
    CANDIDATE = "candidate", "发展对象"
    PROBATIONARY = "probationary", "预备党员"
    FULL = "full", "正式党员"
    TRANSFERRED_OUT = "transferred_out", "已转出"
    LEFT = "left", "已出党"
    DECEASED = "deceased", "已去世"


PARTY_MEMBER_STATUSES = (MembershipStatus.PROBATIONARY, MembershipStatus.FULL)
PIPELINE_STATUSES = (MembershipStatus.APPLICANT, MembershipStatus.ACTIVIST, MembershipStatus.CANDIDATE)
OUT_OF_PARTY_STATUSES = (MembershipStatus.TRANSFERRED_OUT, MembershipStatus.LEFT, MembershipStatus.DECEASED)


class Post(models.TextChoices):
    SECRETARY = "secretary", "书记"
    DEPUTY_SECRETARY = "deputy_secretary", "副书记"
    FULLTIME_DEPUTY = "fulltime_deputy", "专职副书记"
    ORGANIZATION = "organization", "组织委员"
    PUBLICITY = "publicity", "宣传委员"
    DISCIPLINE = "discipline", "纪检委员"
    YOUTH = "youth", "青年委员"
    MEMBER = "member", "委员"
    GROUP_LEADER = "group_leader", "党小组组长"


COMMITTEE_POSTS = {
    Post.SECRETARY,
    Post.DEPUTY_SECRETARY,
    Post.FULLTIME_DEPUTY,
    Post.ORGANIZATION,
    Post.PUBLICITY,
    Post.DISCIPLINE,
    Post.YOUTH,
    Post.MEMBER,
}


class PostEndReason(models.TextChoices):
    TERM_END = "term_end", "换届"
    MID_TERM = "mid_term", "届中调整"
    TRANSFER = "transfer", "工作调动"
    OTHER = "other", "其他"


AGE_BANDS = [  # (code, label, min_age, max_age) as in the statistics (rules.md §6a)
    ("-30", "30岁及以下", 0, 30),
    ("31-35", "31-35岁", 31, 35),
    ("36-40", "36-40岁", 36, 40),
    ("41-45", "41-45岁", 41, 45),
    ("46-50", "46-50岁", 46, 50),
    ("51-55", "51-55岁", 51, 55),
    ("56-60", "56-60岁", 56, 60),
    ("61-", "61岁及以上", 61, 200),
]

PARTY_AGE_BANDS = [  # (code, label, min_years, max_years)
    ("-5", "5年以下", 0, 4),
    ("5-10", "5-10年", 5, 10),
    ("11-20", "11-20年", 11, 20),
    ("21-30", "21-30年", 21, 30),
    ("31-49", "31-49年", 31, 49),
    ("50-", "50年及以上", 50, 200),
]


# Words people commonly type for a coded value (the import accepts them; its template lists them).
SYNONYMS: dict[str, dict[str, models.TextChoices]] = {
    "education": {
        "本科": Education.BACHELOR,
        "大学": Education.BACHELOR,
        "专科": Education.COLLEGE,
        "大专": Education.COLLEGE,
        "硕士研究生": Education.POSTGRADUATE,
        "博士研究生": Education.POSTGRADUATE,
        "中等专科": Education.SECONDARY_VOCATIONAL,
        "中技": Education.SECONDARY_VOCATIONAL,
        "初中": Education.JUNIOR_OR_BELOW,
        "小学": Education.JUNIOR_OR_BELOW,
    },
    "degree": {"学士学位": Degree.BACHELOR, "硕士学位": Degree.MASTER, "博士学位": Degree.DOCTOR},
    "category": {
        "工人": PersonCategory.WORKER,
        "工勤技能人员": PersonCategory.WORKER,
        "公务员": PersonCategory.CIVIL_SERVANT,
        "机关工作人员": PersonCategory.CIVIL_SERVANT,
        "专技人员": PersonCategory.PROFESSIONAL,
        "离休人员": PersonCategory.RETIRED,
        "退休人员": PersonCategory.RETIRED,
    },
    "status": {
        "正式": MembershipStatus.FULL,
        "预备": MembershipStatus.PROBATIONARY,
        "积极分子": MembershipStatus.ACTIVIST,
        "申请人": MembershipStatus.APPLICANT,
    },
}
