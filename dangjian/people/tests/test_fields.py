"""Person field rules shared by the services and the roster import."""

from pypinyin import Style, lazy_pinyin

from dangjian.people.fields import mask_phone, phone_valid, pinyin_key


def test_the_pinyin_key_is_pypinyins_reading_of_the_whole_name():
    for name in [
        "单雄信",
        "曾国藩",
        "解缙",
        "尉迟恭",
        "长孙无忌",
        "查良镛",
        "乐嘉",
        "张 三",
        "ab李四",
        "王·买买提",
        "重庆",
    ]:
        assert pinyin_key(name) == " ".join(lazy_pinyin(name, style=Style.NORMAL, errors="default")).lower()


def test_a_name_read_character_by_character_keeps_the_reading_of_a_word_it_contains():
    for name in ["王伟", "李秀英", "李重庆", "重庆人", "张长江", "欧阳长江", "王〇", "李A"]:
        assert pinyin_key(name) == " ".join(lazy_pinyin(name, style=Style.NORMAL, errors="default")).lower()
    assert pinyin_key("李重庆") == "li chong qing"  # 重庆 is a word: not "zhong"


def test_phone_numbers_are_mobiles_or_landlines_with_an_area_code():
    assert phone_valid("13900001111") and phone_valid("010-12345678") and phone_valid("057112345678")
    assert not phone_valid("12345") and not phone_valid("23900001111")
    assert mask_phone("13900001111") == "139****1111"
