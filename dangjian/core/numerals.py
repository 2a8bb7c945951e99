"""Whole numbers in Chinese numerals, for names ("第十二党支部") and figures ("百名博士")."""

from __future__ import annotations

CN_DIGITS = "零一二三四五六七八九"
CN_UNITS = ["", "十", "百", "千"]


def cn_number(n: int) -> str:
    """Any whole number in Chinese numerals: 7 → 七, 10 → 十, 15 → 十五, 105 → 一百零五,
    3000 → 三千, 12_0031 → 十二万零三十一, 1_0000_0000 → 一亿."""
    if n < 0:
        return "负" + cn_number(-n)
    if n == 0:
        return "零"

    def below_10000(x: int) -> str:
        out, zero = "", False
        for power in (3, 2, 1, 0):
            digit = x // 10**power % 10
            if digit == 0:
                zero = bool(out)
                continue
            if zero:
                out += "零"
                zero = False
            out += CN_DIGITS[digit] + CN_UNITS[power]
        return out

    groups: list[int] = []
    while n:
        n, rest = divmod(n, 10000)
        groups.append(rest)
    out = ""
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            continue
        if out and g < 1000:
            out += "零"
        out += below_10000(g) + ["", "万", "亿", "万亿"][i]
    if out.startswith("一十"):
        out = out[1:]
    return out
