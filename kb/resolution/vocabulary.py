"""Word lists matching reads: abbreviations, legal-form words rigour leaves, generic words.

Legal forms proper (Ltd, LLC, GmbH, OOO, AO, PAO in Cyrillic or Latin letters, …) come from rigour's
org-type table; these lists add what it does not cover: English abbreviations of ordinary words,
Chinese legal forms (in characters and in pinyin), and the words that say little about which party
a name means because thousands of names carry them.
"""

from __future__ import annotations

from kb.resolution.weights import WEIGHTS

# Abbreviations seen on sanctions lists, mapped to the word they stand for.
ABBREVIATIONS = {
    "co": "company",
    "cos": "company",
    "corp": "corporation",
    "inc": "incorporated",
    "grp": "group",
    "comm": "communication",
    "comms": "communication",
    "srvces": "service",
    "svcs": "service",
    "svc": "service",
    "srvcs": "service",
    "tech": "technology",
    "techs": "technology",
    "intl": "international",
    "int": "international",
    "mfg": "manufacturing",
    "elec": "electronic",
    "electr": "electronic",
    "constr": "construction",
    "imp": "import",
    "exp": "export",
    "shpg": "shipping",
    "ind": "industry",
    "inds": "industry",
    "indus": "industry",
    "dev": "development",
    "devt": "development",
    "info": "information",
    "hldg": "holding",
    "hldgs": "holding",
    "natl": "national",
    "sci": "science",
    "engg": "engineering",
    "eng": "engineering",
    "mgmt": "management",
    "equip": "equipment",
    "assn": "association",
    "bros": "brother",
    "univ": "university",
    "inst": "institute",
    "amer": "america",
    "hk": "hongkong",
    "invest": "investment",
    "coop": "cooperative",
}

# Same word, other form: folded onto one so that "Industrial" meets "Industry".
VARIANTS = {
    "industrial": "industry",
    "economic": "economy",
    "technological": "technology",
    "technologie": "technology",
    "electronical": "electronic",
    "trading": "trade",
    # Завод is translated plant, factory or works (kb/resolution/cyrillic.py reads "zavod").
    "factory": "plant",
    "work": "plant",
    "office": "bureau",  # конструкторское бюро: design bureau or design office
}

# Words that name the kind of organisation rather than the organisation; rigour's table does not
# hold them as legal forms (it keeps "corporation", "company" as words).
# Yhtiö is Finnish for company (the EU's Finnish text writes "Aeroscan-yhtiö").
ORG_WORDS = frozenset(
    {"company", "corporation", "incorporated", "limited", "ltd", "llc", "plc", "co", "yhtio"}
)

# Pinyin legal forms, longest first (a Latin name written from Chinese: "…Maoyi Youxian Gongsi").
PINYIN_FORMS = (
    ("gufen", "youxian", "gongsi"),
    ("youxian", "zeren", "gongsi"),
    ("youxian", "gongsi"),
    ("zonggongsi",),
    ("gongsi",),
)
# Pinyin business words a Latin name keeps untranslated ("Dalian Zhenghua Maoyi" is "Dalian Zhenghua
# Trading"): the industry part of a Chinese name, which English versions translate.
PINYIN_WORDS = {
    "jituan": "group",
    "youxiangongsi": "",
    "konggu": "holding",
    "maoyi": "trade",
    "guoji": "international",
    "keji": "technology",
    "touzi": "investment",
    "fazhan": "development",
    "gongye": "industry",
    "shiye": "industry",
    "dianzi": "electronic",
    "xinxi": "information",
    "wuliu": "logistics",
    "haiyun": "shipping",
}

# Chinese legal forms and organisation words, in simplified characters, longest first.
HAN_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "总公司", "公司")
HAN_ORG_WORDS = {"集团": "group", "控股": "holding"}

# Articles and particles lists write one way or another ("al-Zboun" / "Zboun").
STOPWORDS = frozenset(
    {"of", "the", "and", "for", "und", "et", "de", "des", "du", "la", "le", "a", "al", "el"}
)

# Words thousands of organisation names carry: they count, but far less than a distinctive word.
GENERIC = frozenset(
    {
        "china",
        "chinese",
        "iran",
        "iranian",
        "korea",
        "korean",
        "russia",
        "russian",
        "hongkong",
        "international",
        "global",
        "industry",
        "technology",
        "trade",
        "agency",
        "ftz",
        "development",
        "investment",
        "enterprise",
        "import",
        "export",
        "science",
        "engineering",
        "electronic",
        "information",
        "service",
        "national",
        "general",
        "state",
        "economy",
        "network",
        "system",
        "capital",
        "management",
        "manufacturing",
        "shipping",
        "logistics",
        "material",
        "new",
        "joint",
        "stock",
        "public",
        # Words of Russian enterprise names, as translated ("Central Design Bureau", "Scientific
        # Research Institute", "Federal State Unitary Enterprise", "Experimental Plant").
        "plant",
        "institute",
        "research",
        "scientific",
        "production",
        "association",
        "design",
        "bureau",
        "federal",
        "central",
        "center",
        "special",
        "unitary",
        "treasury",
    }
)
# How much a generic word and a patronymic weigh (names.weight): weights.py's fields.
GENERIC_WEIGHT = WEIGHTS.generic_word
PATRONYMIC_WEIGHT = WEIGHTS.patronymic

# Chinese company names start with the administrative region (行政区划 + 字号 + 行业 + 组织形式),
# which English and short names often leave out: "Nanjing Kaikai Technology" / "Kaikai Technology".
# Provinces and the cities that head the names on the lists, in pinyin; country names are found
# through rigour's territories.
_REGION_NAMES = """
beijing shanghai tianjin chongqing hebei shanxi liaoning jilin heilongjiang jiangsu zhejiang
anhui fujian jiangxi shandong henan hubei hunan guangdong hainan sichuan guizhou yunnan
shaanxi gansu qinghai guangxi xinjiang ningxia xizang tibet mongolia macau guangzhou
shenzhen hangzhou nanjing wuhan chengdu xian dalian dandong shenyang harbin qingdao jinan
zhengzhou changsha hefei fuzhou xiamen ningbo suzhou wuxi kunming guiyang nanning lanzhou
xining yinchuan urumqi hohhot taiyuan shijiazhuang nanchang haikou lhasa changchun zhuhai
dongguan foshan yanbian baotou
"""
REGIONS = frozenset(_REGION_NAMES.split())
