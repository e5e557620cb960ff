"""Russian organisation names, in Cyrillic and in the Latin letters lists write them in.

rigour already reads the legal forms of both scripts (ООО, АО, ПАО, ОАО, ЗАО, Акционерное общество,
Obshchestvo s Ogranichennoi Otvetstvennostyu, OAO, JSC, PJSC, ФГУП, ФКП…) and transliterates
Cyrillic (``ascii_text``). What it lacks, and this module adds:

- **homoglyphs**: a word mixing the two scripts is written in the one most of its letters are in
  ("Oбщество" with a Latin O is "Общество", which rigour then reads as a legal form);
- **legal forms in English and Latin transliteration** rigour does not hold: Federal State
  (Unitary / Treasury / Owned) Enterprise, FGUP, FKP, Federalnoe Gosudarstvennoe Unitarnoe
  Predpriyatie… (all read as rigour's ``soe``, as it reads ФГУП and ФКП), Aktsionernaya Kompaniya;
- **kinds of organisation** that say nothing about which party a name means, left out like
  "Company": НПО / NPO / Nauchno-Proizvodstvennoe Obedinenie / Scientific Production Association
  (rigour would read the Latin NPO as a non-profit), НПК / NPK / Scientific Industrial Concern,
  ИА / IA / Informatsionnoe Agentstvo (a news agency), and имени / im. / named after;
- **Russian words in transliteration read as the English ones** lists translate them with (zavod →
  plant, tekhnologii → technology, nauchno-issledovatelskii institut → scientific research
  institute, mashinostroenie → machine building…), as ``vocabulary.PINYIN_WORDS`` does for
  pinyin; factory and works are plant, mechanical engineering is machine building;
- **transliteration systems** (BGN/PCGN, GOST, ICAO, OFAC's own, and German, Polish or Czech
  spellings): :func:`slavic_fold` folds a palatal j inside a word (Marija / Mariya, Vjačeslav /
  Vyacheslav), shch / sch, an initial ye / je / e, and dzh / dge / j ("Bridzh" is English "Bridge"
  written back), on top of the folds of ``names.fold``; and the Czech feminine -ová the EU's Czech
  text adds to a Russian woman's surname (:func:`czech_feminine`: Pachodavová is Pakhodava).
"""

from __future__ import annotations

import re
from functools import lru_cache

_CYR = "\u0400-\u04ff"
# Latin letters that look like Cyrillic ones, and back.
_TO_CYRILLIC = str.maketrans("AaBCcEeHKMOoPpTXxYy", "АаВСсЕеНКМОоРрТХхУу")
_TO_LATIN = str.maketrans("АаВСсЕеНКМОоРрТХхУу", "AaBCcEeHKMOoPpTXxYy")
_WORD = re.compile(rf"[A-Za-z{_CYR}]+")
_HAS_CYRILLIC = re.compile(f"[{_CYR}]")
_HAS_LATIN = re.compile("[A-Za-z]")


def _fold_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if not (_HAS_CYRILLIC.search(word) and _HAS_LATIN.search(word)):
        return word
    cyrillic = len(_HAS_CYRILLIC.findall(word))
    if cyrillic >= len(word) - cyrillic:
        return word.translate(_TO_CYRILLIC)
    return word.translate(_TO_LATIN)


def fold_homoglyphs(text: str) -> str:
    """Each word mixing Latin and Cyrillic letters in the script most of its letters are in."""
    return _WORD.sub(_fold_word, text) if _HAS_CYRILLIC.search(text) else text


def _phrases(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# Legal forms rigour's table lacks, to rigour's generic names (it reads ФГУП and ФКП as "soe").
_FORMS = (
    (
        _phrases(
            r"\bfederal(?:noe|nogo)?\s+(?:gosudarstvenn\w*\s+)?(?:unitarn\w*|kazenn\w*)\s+predpriyat\w*",
            r"\bfederal\s+(?:state\s+)?(?:unitary\s+|treasury\s+|owned\s+|budgetary\s+|state-owned\s+)*"
            r"enterprise\b",
            r"\bstate\s+unitary\s+enterprise\b",
            r"\bFGUP\b",
            r"\bFKP\b",
        ),
        "soe",
    ),
    (_phrases(r"\baktsionern\w*\s+kompani\w*", r"\bакционерн\w*\s+компани\w*"), "jsc"),
    # The EU publishes a Russian or Belarusian party's name in each official language: "limited
    # liability company" in Irish (An chuideachta theoranta) and Lithuanian (Ribotos atsakomybės
    # bendrovė, RAB before the quoted name, as in RAB „Inter Tobacco“).
    (
        _phrases(
            r"\b(?:an\s+)?ch?uideachta\s+(?:phr\w+\s+)?th?eoranta\b",
            r"\bribotos\s+atsakomyb\w*\s+bendrov\w*",
            r"\b(?-i:RAB)(?=\s*[„\"“«‘'])",
        ),
        "llc",
    ),
)
# AK (aktsionernaya kompaniya) and NK (neftyanaya kompaniya, "oil company") in a name that also
# gives its joint-stock form: "AK TRANSNEFT OAO", "OAO AK TRANSNEFT", "NK LUKOIL OAO", "Public
# Joint-Stock Company Oil Company Lukoil"; so is "for oil transport" (po transportu nefti, Oil
# Transporting Joint-Stock Company Transneft), the business such a company names itself for.
_AK = re.compile(r"\bAK\b")
# "Oil company" beside a name saying oil itself (Rosneft, Lukoil, Tatneft: neft is oil) repeats it:
# ROSNEFT OIL COMPANY, LUKOIL OIL COMPANY are Rosneft and Lukoil, as NK Rosneft is.
_OIL_COMPANY = re.compile(r"\boil\s+company\b", re.IGNORECASE)
_OIL_BRAND = re.compile(r"\w(?:neft|oil)\w*", re.IGNORECASE)
_NK = re.compile(
    r"\b(?:NK|neftyanaya\s+kompaniya|oil\s+company|(?:po\s+)?transportu\s*nefti|oil\s+transport\w*)\b",
    re.IGNORECASE,
)
_JOINT_STOCK = re.compile(r"\b(?:OAO|PAO|ZAO|AO|OOO|OJSC|PJSC|CJSC|JSC|(?i:joint[-\s]+stock))\b")
# Obshchestvo (society, of the legal forms) written with sch, which rigour's table does not hold.
_OBSCHESTVO = re.compile(r"\bobschestv", re.IGNORECASE)
# A state unitary enterprise becomes a joint-stock company when corporatised, keeping its name
# (FGUP NPO Optika, then AO NPO Optika): those two forms do not tell two parties apart.
REORGANISED_FORMS = frozenset({"soe", "jsc"})
# Kinds of organisation that name no party, left out of the name.
_KINDS = _phrases(
    r"\bнаучно[-\s]+производственн\w*\s+(?:объединени\w*|концерн\w*)",
    r"\bnauchno[-\s]+proizvodstvenn\w*\s+(?:ob[y]?edineni\w*|kontsern\w*)",
    r"\b(?:scientific|research)(?:\s+and|\s*&)?\s+(?:production|industrial|productive)\s+"
    r"(?:association|concern)\b",
    r"\b(?:нпо|нпк|npo|npk)\b",
    r"\bинформационн\w*\s+агентств\w*",
    r"\binformatsionn\w*\s+agentstv\w*",
    r"\b(?:news|information)\s+agency\b",
    r"\b(?:ИА|IA)\b(?!\.)",
    r"\b(?:имени|imeni|named\s+after)\b",
    r"(?<![\w.])(?:им|im)\.",
)


# English renderings of машиностроение (machine building, mechanical engineering) read as the one
# word the Russian stems above give; технология машиностроения is the discipline English calls
# manufacturing engineering (NPK Tekhnologii Mashinostroeniya, OFAC's "Scientific Industrial
# Concern Manufacturing Engineering"). "Mechanical" alone is mekhanicheskii, another word.
_MACHINE_BUILDING = (
    (_phrases(r"\bmanufacturing\s+engineering\b"), " technology machinebuilding "),
    (_phrases(r"\b(?:machine|mechanical)[-\s]+(?:building|engineering)\b"), " machinebuilding "),
)


def translated_phrases(text: str) -> str:
    """English phrases for one Russian word, as that word's English reading (:func:`english`)."""
    for pattern, replacement in _MACHINE_BUILDING:
        text = pattern.sub(replacement, text)
    return text


def russian_forms(text: str) -> tuple[str, frozenset[str]]:
    """``text`` without the Russian legal forms and kinds of organisation rigour misses, and the
    forms found (in rigour's generic spelling)."""
    found: set[str] = set()
    text = _OBSCHESTVO.sub("obshchestv", text)
    for pattern, form in _FORMS:
        text, n = pattern.subn(" ", text)
        if n:
            found.add(form)
    if _JOINT_STOCK.search(text):
        text, n = _AK.subn(" ", text)
        found |= {"jsc"} if n else set()
        text = _NK.sub(" ", text)  # a kind (oil company), not a legal form
    if _OIL_BRAND.search(_OIL_COMPANY.sub(" ", text)):
        text = _OIL_COMPANY.sub(" ", text)
    return translated_phrases(_KINDS.sub(" ", text)), frozenset(found)


# Russian words lists keep in transliteration, by stem (in ascii, as rigour transliterates them),
# to the English word their translations use.
_STEMS = {
    "zavod": "plant",
    "fabrik": "plant",
    "kombinat": "plant",
    "predpriyat": "enterprise",
    "obedinen": "association",
    "obyedinen": "association",
    "kontsern": "concern",
    "kompani": "company",
    "korporats": "corporation",
    "nauchn": "scientific",
    "issledovatelsk": "research",
    "institut": "institute",
    "proizvodstven": "production",
    "konstruktorsk": "design",
    "byuro": "bureau",
    "tsentraln": "central",
    "tsentr": "center",
    "spetsialn": "special",
    "eksperimentaln": "experimental",
    "gosudarstven": "state",
    "federaln": "federal",
    "unitarn": "unitary",
    "kazenn": "treasury",
    "tekhnolog": "technology",
    "technolog": "technology",  # German-style kh, half-translated ("Tekhnomash" / "Technologii")
    "khimichesk": "chemical",
    "kompozitsionn": "composite",
    "material": "material",
    "mashinostroitel": "machinebuilding",
    "mashinostroeni": "machinebuilding",  # машиностроение, machine building
    # German-style sch for ш, for this stem only: sch is щ in the loose English spelling
    # "Obschestvo", so a general sch > sh would join щ and ш.
    "maschinostrojeni": "machinebuilding",  # е written je: Maschinostrojenija
    "maschinostroitel": "machinebuilding",
    "mekhanichesk": "mechanical",
    "poluprovodnikov": "semiconductor",
    "pribor": "device",
    "optichesk": "optical",
    "sistem": "system",
    "avto": "auto",
    "lizing": "leasing",
    "upravleni": "management",
    "aktiv": "asset",
    "stroitel": "construction",
    "metallurgichesk": "metallurgical",
    "aviatsionn": "aviation",
    "elektronn": "electronic",
    "informatsionn": "information",
    "bespilotn": "unmanned",
    "bezpilotn": "unmanned",
    "moskovsk": "moscow",
    "promyshlenn": "industry",
    "torgov": "trade",
    "investitsionn": "investment",
    "oboronn": "defence",
    "rossiisk": "russian",
    "rossiysk": "russian",
}
# Russian (and Ukrainian) endings of nouns and adjectives in the cases names use, folded as
# ``names.fold`` folds words (y > i, kh > h, g > k, j > c, doubled letters single).
_ENDING = re.compile(
    r"(?:|[aeiou]{1,3}|[aeiou]{0,2}(?:h|ko|m|mi|v|c)|ni|nie|naia|noe|noko|nih|ski|skii|skaia|skoe|skoko)"
)
# Particles of Russian names (и, с, по, на, в): "… Tekhnologii i Kompozitsionnye Materialy".
PARTICLES = frozenset({"i", "s", "po", "na", "v"})
# Radio-, the one head of a compound a Russian name keeps in one word where the English splits it
# (Spetsialnykh Radiomaterialov / Special Radio Materials).
_RADIO = "radio"


@lru_cache(maxsize=65536)
def english(word: str) -> str | None:
    """The English word for a Russian word written in Latin letters in any transliteration
    (stems and endings compared folded: tekhnologii, tehnologii, technologij), else None."""
    from kb.resolution.names import fold  # names imports this module

    folded = fold(_spelling(word))
    for length in range(len(folded), 2, -1):
        english_word = _folded_stems().get(folded[:length])
        if english_word is not None and _ENDING.fullmatch(folded[length:]):
            return english_word
    if word.startswith(_RADIO) and len(word) > len(_RADIO) + 3:  # radiomaterialov: radiomaterial
        rest = english(word[len(_RADIO) :])
        return _RADIO + rest if rest else None
    return None


@lru_cache(maxsize=1)
def _folded_stems() -> dict[str, str]:
    from kb.resolution.names import fold

    return {fold(_spelling(stem)): word for stem, word in _STEMS.items()}


# Russian given names in their Ukrainian, Belarusian and English spellings (beyond what the folds
# join): Oleksandr / Aliaksandr / Alexander are Aleksandr, Mykyta is Nikita, Ihor is Igor.
_GIVEN = """
aleksandr alexander aleksander oleksandr aliaksandr alyaksandr
aleksei alexei alexey aleksey oleksii oleksiy aliaksei
andrei andrey andrii andriy andrej
anatoli anatoly anatolii anatoliy anatolij
dmitri dmitry dmitrii dmytro dzmitry
evgeni evgeny evgenii yevgeny yevgeniy yevhen yauhen
gennadi gennady gennadii hennadii hennadiy
igor ihor ihar
konstantin kostiantyn kostyantyn kostyantin kostiantin kanstantsin
mikhail mykhailo michail
nikita mykyta mikita
nikolai nikolay mykola mikalai
oleg oleh aleh
pavel pavlo paval
petr pyotr petro
sergei sergey sergii serhii serhiy siarhei
vasili vasily vasilii vasyl
viktor victor viktar
vladimir volodymyr uladzimir
yuri yury yurii yuriy yurij iurii
valeri valery valerii valeriy
vitali vitaly vitalii vitaliy vitalij
vyacheslav viacheslav viachaslau
svetlana sviatlana svitlana svjatlana svyatlana
tatiana tatyana tetiana tetyana tatsiana tatjana
natalia natalya nataliia natallia
elena yelena olena jelena
irina iryna
maria mariya mariia maryia marija
olga olha volha
lyudmila liudmyla ludmila lyudmyla
galina halyna
ekaterina yekaterina kateryna katsiaryna
yulia yuliya yuliia julia
"""
GIVEN_NAMES = {variant: line.split()[0] for line in _GIVEN.strip().splitlines() for variant in line.split()}
# A patronymic is a given name and a suffix: Belarusian Uladzimiravich (Swedish spelling -vitj),
# Ukrainian Volodymyrovych, Russian Vladimirovich are one when the given name is.
_PATRONYMIC = re.compile(r"^([a-z]{3,}?)(?:[oae]vi(?:ch|tj)|[oe]vych|([oae]vna|auna|ivna))$")


def patronymic(word: str) -> str:
    """A patronymic of a given name of :data:`GIVEN_NAMES` in one spelling (Nikolaevna and
    Nikolayevna of Nikolai, Mykolaivna of Mykola), else ``word``."""
    match = _PATRONYMIC.match(word)
    if match is None:
        return word
    stem = match.group(1)
    given = next((GIVEN_NAMES[s] for s in (stem, f"{stem}i", f"{stem}y") if s in GIVEN_NAMES), None)
    return word if given is None else given + ("ovna" if match.group(2) else "ovich")


# The EU's Czech text adds the Czech feminine -ová to a Russian or Belarusian woman's surname,
# written from the masculine (Pachodav-ová for Пахадава, Ivanov-ová for Иванова), and writes х as
# ch: in a word so written, ch is х. Only after -ov, -ev, -av, which no Czech surname of its own
# doubles (Nováková stays).
_CZECH_FEMININE = re.compile(r"\b(\w+[aeo]v)ová\b", re.IGNORECASE)


def czech_feminine(text: str) -> str:
    """A Russian woman's surname in the Czech form (Pachodavová) as the Russian one (Pakhodava)."""
    return _CZECH_FEMININE.sub(lambda m: m.group(1).replace("ch", "kh").replace("Ch", "Kh") + "a", text)


_J = re.compile(r"(?<=[a-z])j(?=[aeiou])|(?<=[aeiou])j(?=[^aeiou]|$)")  # Marija, Sojka (й)
_INITIAL_E = re.compile(r"^(?:ye|je|ie)")
# A Russian adjective of a place is the place: Stupinskaya / Stupino, Novosibirskii / Novosibirsk.
_PLACE_ADJECTIVE = re.compile(r"(?:sk(?:aya|aia|aja|ii|iy|ij|yi|y|i|oe|oye|ogo|ikh|ykh)?|[aeiouy])$")
_SHORT_U = re.compile(r"(?<=..[aeo])u(?=[^aeiou]|$)")  # Belarusian ў: Kazakou / Kazakov, Paulauna


@lru_cache(maxsize=1 << 16)
def slavic_fold(token: str, places: bool = False) -> str:
    """Spellings of one Russian word in other transliteration systems, made one (before
    ``names.fold``): Zaxarov / Zakharov, Marija / Mariya, Vjačeslav / Vyacheslav, Borschev /
    Borshchev, Yevgeny / Evgeny, Bridzh / Bridge, Belarusian Kazakou / Kazakov; with ``places`` (in
    a company name, never a person's: Mariana / Mariano), Stupinskaya / Stupino, Novosibirskii /
    Novosibirsk."""
    token = _spelling(token).replace("x", "kh")  # х written x (Zaxarov), as it is in some systems
    return _PLACE_ADJECTIVE.sub("", token) if places and len(token) >= 6 else token


def _spelling(token: str) -> str:
    token = token.replace("shch", "sch").replace("dzh", "j").replace("dge", "j")
    token = _INITIAL_E.sub("e", token)
    return _SHORT_U.sub("v", _J.sub("i", token))
