"""Vocabulary of the synthetic bundle: countries, names in Latin and Chinese script, addresses and
identifiers with valid check characters. Every choice goes through the caller's ``random.Random``.
"""

from __future__ import annotations

import random

from stdnum.cn import uscc
from stdnum.iso7064 import mod_97_10

# Where group parents are incorporated (weights roughly follow sanctions-relevant corporate data).
COUNTRIES: tuple[tuple[str, int], ...] = (
    ("CN", 30), ("US", 14), ("GB", 7), ("RU", 6), ("DE", 5), ("HK", 5), ("JP", 4), ("FR", 3), ("NL", 3),
    ("SG", 3), ("KR", 3), ("IN", 3), ("AE", 2), ("TR", 2), ("IR", 2), ("CH", 2), ("IT", 2), ("LU", 1),
    ("KY", 1), ("VG", 1), ("CY", 1), ("BY", 1), ("KP", 1),
)  # fmt: skip
OFFSHORE = ("HK", "KY", "VG", "SG", "LU", "NL", "CY", "AE")
COUNTRY_CODES = tuple(code for code, _ in COUNTRIES)
COUNTRY_WEIGHTS = tuple(weight for _, weight in COUNTRIES)

# Pinyin syllables and their characters: a stem like "Huarong" reads 华荣.
SYLLABLES: tuple[tuple[str, str], ...] = (
    ("Hua", "华"), ("Zhong", "中"), ("Xin", "新"), ("Tian", "天"), ("Hai", "海"), ("Long", "龙"),
    ("Guo", "国"), ("Jin", "金"), ("Kai", "凯"), ("Rui", "瑞"), ("Sheng", "盛"), ("Heng", "恒"),
    ("Da", "大"), ("Fang", "方"), ("Yuan", "远"), ("Bao", "宝"), ("Feng", "丰"), ("Ming", "明"),
    ("Tong", "通"), ("Wei", "威"), ("Chang", "长"), ("An", "安"), ("Hong", "鸿"), ("Jia", "嘉"),
    ("Kang", "康"), ("Li", "立"), ("Run", "润"), ("Tai", "泰"), ("Xing", "兴"), ("Yong", "永"),
    ("Rong", "荣"), ("Chen", "辰"), ("Yu", "宇"), ("Hui", "辉"), ("Peng", "鹏"), ("Qi", "启"),
)  # fmt: skip
INDUSTRIES: tuple[tuple[str, str], ...] = (
    ("Technology", "科技"), ("Electronics", "电子"), ("Industrial", "实业"), ("Investment", "投资"),
    ("Trading", "贸易"), ("Energy", "能源"), ("Semiconductor", "半导体"), ("Aerospace", "航天"),
    ("Shipping", "航运"), ("Machinery", "机械"), ("Pharmaceutical", "医药"), ("Logistics", "物流"),
    ("Materials", "材料"), ("Communications", "通信"), ("Optics", "光学"), ("Software", "软件"),
)  # fmt: skip
CITIES_CN: tuple[tuple[str, str], ...] = (
    ("Beijing", "北京"), ("Shanghai", "上海"), ("Shenzhen", "深圳"), ("Guangzhou", "广州"),
    ("Tianjin", "天津"), ("Chengdu", "成都"), ("Wuhan", "武汉"), ("Hangzhou", "杭州"), ("Xi'an", "西安"),
    ("Nanjing", "南京"), ("Suzhou", "苏州"), ("Jinan", "济南"), ("Hefei", "合肥"), ("Changsha", "长沙"),
)  # fmt: skip
WESTERN_HEADS = (
    "Nor", "Vel", "Ark", "Ter", "Lum", "Cor", "Alt", "Ben", "Cal", "Dor", "Ex", "Fal", "Gen", "Hal",
    "Ion", "Kor", "Mar", "Nex", "Ost", "Pol", "Quan", "Ros", "Sol", "Tor", "Ul", "Vor", "Wes", "Zen",
)  # fmt: skip
WESTERN_TAILS = ("a", "ex", "is", "on", "ia", "tech", "gard", "ford", "line", "tron", "vest", "ova", "ar")
SUFFIXES: dict[str, tuple[str, ...]] = {
    "US": ("Inc.", "LLC", "Corp."), "GB": ("Limited", "PLC", "Ltd"), "DE": ("GmbH", "AG"),
    "FR": ("S.A.", "SAS"), "NL": ("B.V.", "N.V."), "LU": ("S.à r.l.", "S.A."), "RU": ("OOO", "AO", "PAO"),
    "BY": ("OAO", "OOO"), "HK": ("Limited", "Holdings Limited"), "KY": ("Ltd.",), "VG": ("Ltd.",),
    "SG": ("Pte. Ltd.",), "JP": ("K.K.", "Co., Ltd."), "KR": ("Co., Ltd.",), "AE": ("FZE", "LLC"),
    "IR": ("Company", "Co."), "TR": ("A.Ş.", "Ltd. Şti."), "IN": ("Private Limited", "Limited"),
    "CH": ("AG", "SA"), "IT": ("S.p.A.", "S.r.l."), "CY": ("Limited",), "KP": ("Corporation",),
}  # fmt: skip
PREFIX_SUFFIX = ("OOO", "AO", "PAO", "OAO")  # Russian forms go before the name
STREETS = ("Harbour", "Station", "Park", "Market", "Bridge", "Mill", "Garden", "Church", "Lake", "High")
CITIES: dict[str, tuple[str, ...]] = {
    "US": ("Wilmington, DE", "New York, NY", "Houston, TX", "San Jose, CA"), "GB": ("London", "Manchester"),
    "RU": ("Moscow", "Saint Petersburg", "Yekaterinburg"), "DE": ("Berlin", "Munich", "Hamburg"),
    "HK": ("Wan Chai", "Kowloon"), "AE": ("Dubai", "Sharjah"), "IR": ("Tehran", "Isfahan"),
}  # fmt: skip
LOU_PREFIXES = ("5493", "2138", "3003", "9845", "8945", "3157", "5299", "9695", "2549", "6354")
_BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
FIRST_NAMES = (
    "James", "Anna", "Peter", "Maria", "David", "Elena", "Thomas", "Sofia", "Michael", "Laura",
    "Ivan", "Olga", "Sergey", "Natalia", "Ali", "Reza", "Fatima", "Hans", "Claire", "Kenji",
)  # fmt: skip
LAST_NAMES = (
    "Smith", "Miller", "Schmidt", "Dubois", "Rossi", "Petrov", "Ivanova", "Sokolov", "Karimi",
    "Hosseini", "Tanaka", "Kim", "Brown", "Weber", "Novak", "Yilmaz", "Sharma", "Haddad",
)  # fmt: skip
SURNAMES_CN: tuple[tuple[str, str], ...] = (
    ("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"), ("Yang", "杨"),
    ("Zhao", "赵"), ("Huang", "黄"), ("Zhou", "周"), ("Wu", "吴"), ("Xu", "徐"), ("Sun", "孙"),
)  # fmt: skip


def country(rng: random.Random) -> str:
    return rng.choices(COUNTRY_CODES, COUNTRY_WEIGHTS)[0]


def subsidiary_country(rng: random.Random, parent: str) -> str:
    draw = rng.random()
    if draw < 0.75:
        return parent
    return rng.choice(OFFSHORE) if draw < 0.87 else country(rng)


class Stem:
    """A group's name stem, in Latin and (for a Chinese-style stem) Chinese script."""

    __slots__ = ("chinese", "latin")

    def __init__(self, latin: str, chinese: str | None) -> None:
        self.latin, self.chinese = latin, chinese


def stem(rng: random.Random, home: str) -> Stem:
    if home in ("CN", "HK") or (home in OFFSHORE and rng.random() < 0.3):
        (a, ca), (b, cb) = rng.choice(SYLLABLES), rng.choice(SYLLABLES)
        return Stem(a + b.lower(), ca + cb)
    return Stem(rng.choice(WESTERN_HEADS) + rng.choice(WESTERN_TAILS), None)


def company_name(rng: random.Random, base: Stem, where: str, role: str) -> tuple[str, list[str]]:
    """(name, other names) of a company of the group ``base`` in country ``where``.

    ``role`` is "parent", "subsidiary" or "jv"; Chinese companies carry their Chinese name, and one
    in five uses it as the primary name.
    """
    index = rng.randrange(len(INDUSTRIES))
    industry, industry_cn = INDUSTRIES[index]
    if where == "CN" and base.chinese:
        kind, kind_cn = {"parent": ("Group Co., Ltd.", "集团有限公司"), "jv": ("Co., Ltd.", "有限公司")}.get(
            role, ("Co., Ltd.", "有限公司")
        )
        city, city_cn = rng.choice(CITIES_CN)
        latin = f"{base.latin} {industry} ({city}) {kind}" if role == "subsidiary" else (
            f"{base.latin} {industry} {kind}")  # fmt: skip
        chinese = (city_cn if role == "subsidiary" else "") + base.chinese + industry_cn + kind_cn
        return (chinese, [latin]) if rng.random() < 0.2 else (latin, [chinese])
    suffix = rng.choice(SUFFIXES.get(where, ("Ltd.",)))
    label = "Holdings" if role == "parent" and rng.random() < 0.4 else industry
    core = f"{base.latin} {label}"
    name = f"{suffix} {core}" if suffix in PREFIX_SUFFIX else f"{core} {suffix}"
    others = [f"{base.chinese}{industry_cn}有限公司"] if base.chinese and rng.random() < 0.5 else []
    return name, others


def person_name(rng: random.Random, where: str) -> tuple[str, list[str]]:
    if where in ("CN", "HK") or (where in ("SG", "KY", "VG") and rng.random() < 0.5):
        surname, surname_cn = rng.choice(SURNAMES_CN)
        (a, ca), (b, cb) = rng.choice(SYLLABLES), rng.choice(SYLLABLES)
        latin, chinese = f"{surname} {a}{b.lower()}", surname_cn + ca + cb
        return (chinese, [latin]) if rng.random() < 0.15 else (latin, [chinese])
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", []


def address(rng: random.Random, where: str) -> str:
    if where == "CN":
        city, _ = rng.choice(CITIES_CN)
        return f"No. {rng.randrange(1, 999)} {rng.choice(SYLLABLES)[0]} Road, {city}, China"
    cities = CITIES.get(where, ("Central District",))
    return f"{rng.randrange(1, 300)} {rng.choice(STREETS)} Street, {rng.choice(cities)}, {where}"


def _base36(number: int, width: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = _BASE36[rest] + digits
    return digits.rjust(width, "0")


def lei(rng: random.Random, number: int) -> str:
    """A valid LEI (ISO 17442), unique per ``number``: LOU prefix, 00, 12 characters, MOD 97-10 check."""
    body = rng.choice(LOU_PREFIXES) + "00" + _base36(number, 6) + "".join(rng.choices(_BASE36, k=6))
    return body + mod_97_10.calc_check_digits(body)


_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc_code(rng: random.Random, number: int) -> str:
    """A USCC with a valid check character, unique per ``number`` (below 10**8)."""
    division = rng.choice(("110000", "310000", "440300", "370100", "320500", "510100"))
    body = "91" + division + f"{number % 10**8:08d}" + rng.choice(_USCC_ALPHABET)
    return body + uscc.calc_check_digit(body)
