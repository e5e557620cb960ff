"""Country names as OFAC writes them (add.csv, Vess_flag, remarks) -> ISO 3166-1 alpha-2.

OFAC uses its own short names ("Korea, North", "Burma", "Virgin Islands, British"); common
alternatives are accepted too. A name not found maps to ``None``: the caller keeps the record.
"""

from __future__ import annotations

# "CC=name; other name; ..." - one line per code. XK (Kosovo) is user-assigned but widely used.
_TABLE = """
AD=Andorra
AE=United Arab Emirates; UAE
AF=Afghanistan
AG=Antigua and Barbuda
AI=Anguilla
AL=Albania
AM=Armenia
AO=Angola
AR=Argentina
AS=American Samoa
AT=Austria
AU=Australia
AW=Aruba
AZ=Azerbaijan
BA=Bosnia and Herzegovina
BB=Barbados
BD=Bangladesh
BE=Belgium
BF=Burkina Faso
BG=Bulgaria
BH=Bahrain
BI=Burundi
BJ=Benin
BM=Bermuda
BN=Brunei; Brunei Darussalam
BO=Bolivia
BR=Brazil
BS=Bahamas, The; Bahamas; The Bahamas
BT=Bhutan
BW=Botswana
BY=Belarus
BZ=Belize
CA=Canada
CD=Congo, Democratic Republic of the; Democratic Republic of the Congo
CF=Central African Republic
CG=Congo, Republic of the; Republic of the Congo; Congo
CH=Switzerland
CI=Cote d'Ivoire; Côte d'Ivoire; Ivory Coast
CK=Cook Islands
CL=Chile
CM=Cameroon
CN=China; People's Republic of China
CO=Colombia
CR=Costa Rica
CU=Cuba
CV=Cabo Verde; Cape Verde
CW=Curacao; Curaçao
CY=Cyprus
CZ=Czech Republic; Czechia
DE=Germany
DJ=Djibouti
DK=Denmark
DM=Dominica
DO=Dominican Republic
DZ=Algeria
EC=Ecuador
EE=Estonia
EG=Egypt
ER=Eritrea
ES=Spain
ET=Ethiopia
FI=Finland
FJ=Fiji
FM=Micronesia, Federated States of; Micronesia
FR=France
GA=Gabon
GB=United Kingdom; UK; Great Britain
GD=Grenada
GE=Georgia
GG=Guernsey
GH=Ghana
GI=Gibraltar
GM=Gambia, The; Gambia; The Gambia
GN=Guinea
GQ=Equatorial Guinea
GR=Greece
GT=Guatemala
GW=Guinea-Bissau
GY=Guyana
HK=Hong Kong
HN=Honduras
HR=Croatia
HT=Haiti
HU=Hungary
ID=Indonesia
IE=Ireland
IL=Israel
IM=Isle of Man; Man, Isle of
IN=India
IQ=Iraq
IR=Iran
IS=Iceland
IT=Italy
JE=Jersey
JM=Jamaica
JO=Jordan
JP=Japan
KE=Kenya
KG=Kyrgyzstan
KH=Cambodia
KI=Kiribati
KM=Comoros
KN=Saint Kitts and Nevis; St. Kitts and Nevis
KP=Korea, North; North Korea; Democratic People's Republic of Korea
KR=Korea, South; South Korea; Republic of Korea
KW=Kuwait
KY=Cayman Islands
KZ=Kazakhstan
LA=Laos
LB=Lebanon
LC=Saint Lucia; St. Lucia
LI=Liechtenstein
LK=Sri Lanka
LR=Liberia
LS=Lesotho
LT=Lithuania
LU=Luxembourg
LV=Latvia
LY=Libya
MA=Morocco
MC=Monaco
MD=Moldova
ME=Montenegro
MG=Madagascar
MH=Marshall Islands
MK=North Macedonia; Macedonia; North Macedonia, The Republic of
ML=Mali
MM=Burma; Myanmar
MN=Mongolia
MO=Macau; Macao
MR=Mauritania
MT=Malta
MU=Mauritius
MV=Maldives
MW=Malawi
MX=Mexico
MY=Malaysia
MZ=Mozambique
NA=Namibia
NE=Niger
NG=Nigeria
NI=Nicaragua
NL=Netherlands; The Netherlands
NO=Norway
NP=Nepal
NR=Nauru
NU=Niue
NZ=New Zealand
OM=Oman
PA=Panama
PE=Peru
PG=Papua New Guinea
PH=Philippines
PK=Pakistan
PL=Poland
PR=Puerto Rico
PS=West Bank; Gaza; Palestinian Territories; Palestine
PT=Portugal
PW=Palau
PY=Paraguay
QA=Qatar
RO=Romania
RS=Serbia
RU=Russia; Russian Federation
RW=Rwanda
SA=Saudi Arabia
SB=Solomon Islands
SC=Seychelles
SD=Sudan
SE=Sweden
SG=Singapore
SI=Slovenia
SK=Slovakia
SL=Sierra Leone
SM=San Marino
SN=Senegal
SO=Somalia
SR=Suriname
SS=South Sudan
ST=Sao Tome and Principe
SV=El Salvador
SX=Sint Maarten
SY=Syria; Syrian Arab Republic
SZ=Eswatini; Swaziland
TC=Turks and Caicos Islands
TD=Chad
TG=Togo
TH=Thailand
TJ=Tajikistan
TL=Timor-Leste; East Timor
TM=Turkmenistan
TN=Tunisia
TO=Tonga
TR=Turkey; Turkiye; Türkiye
TT=Trinidad and Tobago
TV=Tuvalu
TW=Taiwan
TZ=Tanzania
UA=Ukraine
UG=Uganda
US=United States; United States of America; USA
UY=Uruguay
UZ=Uzbekistan
VA=Holy See; Vatican City
VC=Saint Vincent and the Grenadines; St. Vincent and the Grenadines
VE=Venezuela
VG=Virgin Islands, British; British Virgin Islands
VI=Virgin Islands, U.S.; U.S. Virgin Islands
VN=Vietnam; Viet Nam
VU=Vanuatu
WS=Samoa
XK=Kosovo
YE=Yemen
ZA=South Africa
ZM=Zambia
ZW=Zimbabwe
"""

# The official spellings of the other lists kb reads where OFAC writes the name otherwise: the UN's
# short names (UNTERM) and the FCDO's geographical names of the UK Sanctions List. One table, so
# every loader maps a country the same way.
_OTHER_LISTS = """
BO=Bolivia (Plurinational State of)
CD=Congo (Democratic Republic)
FM=Micronesia (Federated States of)
GB=United Kingdom of Great Britain and Northern Ireland
HK=China, Hong Kong Special Administrative Region
IR=Iran (Islamic Republic of)
KN=St Kitts and Nevis
KP=Korea (North)
KR=Republic of Korea; Korea (South)
LA=Lao People's Democratic Republic
LC=St Lucia
MD=Republic of Moldova
MM=Myanmar (Burma)
MO=China, Macao Special Administrative Region
NL=Netherlands (Kingdom of the)
PS=State of Palestine; Occupied Palestinian Territories; The Occupied Palestinian Territories
TZ=United Republic of Tanzania
VC=St Vincent; St Vincent and the Grenadines
VE=Venezuela (Bolivarian Republic of)
EH=Western Sahara
"""

NAMES: dict[str, str] = {
    name.strip().casefold(): code
    for table in (_TABLE, _OTHER_LISTS)
    for line in table.strip().splitlines()
    for code, _, names in [line.partition("=")]
    for name in names.split(";")
}


def iso(name: str | None) -> str | None:
    """ISO alpha-2 code for a country name as OFAC, the UN or the FCDO write it, or None (``-0-``,
    "undetermined", unknown)."""
    if not name:
        return None
    return NAMES.get(" ".join(name.split()).casefold())
