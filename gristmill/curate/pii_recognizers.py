"""Recognizers the `pii` pass adds to presidio's, and the registry that holds them.

presidio's defaults with a small spaCy model miss most postal addresses, towns the model has never seen,
names given after a cue ("my name is ..."), ages and honorifics, and they misfire on plain numbers (a US phone
number passes the UK NHS checksum one time in eleven). The fixes here are recognizers, context and
validation: general patterns for addresses (street lines, secondary units, post boxes, the lines that follow
a street line), cue-phrase names and places, ages, honorifics and postal codes; a country gazetteer; and
number recognizers that need context before they claim a bare number. Every regex-heavy recognizer is
gated by a cheap test (a digit, an '@') so texts that cannot match skip it.

Imports presidio at module import: import this module only where PII detection is wanted.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

import phonenumbers
import regex
from presidio_analyzer import (
    AnalysisExplanation,
    EntityRecognizer,
    LocalRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerResult,
)
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    DateRecognizer,
    EmailRecognizer,
    IpRecognizer,
    NhsRecognizer,
    PhoneRecognizer,
    SpacyRecognizer,
    UrlRecognizer,
    UsBankRecognizer,
    UsItinRecognizer,
    UsLicenseRecognizer,
    UsPassportRecognizer,
    UsSsnRecognizer,
)
from presidio_analyzer.recognizer_registry import RecognizerRegistry

from gristmill.curate.pii_context import (
    ACCOUNT_WORDS,
    ADDRESS_LABELS,
    CALL_STEMS,
    DEMONYMS,
    FOREIGN_LETTER,
    GREETINGS,
    PHONE_WORDS,
    PLACE_LABELS,
    RECORD_ROLES,
    RECORD_ROLES_BARE,
    RECORD_VERBS,
    UNSPACED_CALL_WORDS,
    UNSPACED_SCRIPTS,
    latin_prose,
)
from gristmill.curate.pii_scripts import own_language_text, own_script_findings

# spaCy label -> presidio entity. ORG and FAC are kept (presidio's default config drops ORG).
SPACY_LABELS = {"PERSON": "PERSON", "PER": "PERSON", "NORP": "NRP", "FAC": "LOCATION", "LOC": "LOCATION",
                "GPE": "LOCATION", "ORG": "ORGANIZATION", "DATE": "DATE_TIME", "TIME": "DATE_TIME"}
NER_ENTITIES = ("PERSON", "LOCATION", "ORGANIZATION", "NRP", "DATE_TIME")

_UPPER = r"\p{Lu}"
# A word of a script written without capitals (Arabic, Hebrew, Devanagari, Tamil, Thai, CJK, Hangul, Georgian):
# there a name has no capital to be told by, and a run of such letters inside Latin-script text is taken as a
# proper noun by the same cues as a capitalized word. Combining marks and joiners (ZWJ, ZWNJ) belong to the word.
_MARKS = r"\p{M}\u200c\u200d"
CASELESS_LETTER = r"(?:(?!\p{Script=Latin})[\p{Lo}\p{Script=Georgian}])"
_CASELESS_WORD = rf"{CASELESS_LETTER}[\p{{L}}{_MARKS}]*"
# Ann, Jean-Luc, O'Brien, "J.", Г-н (Cyrillic abbreviated honorifics); not "I'm"; or a caseless-script word
# a word of any script but Latin, as written (cased or not)
_FOREIGN_WORD = rf"(?:(?!\p{{Script=Latin}})\p{{L}})[\p{{L}}{_MARKS}'’-]*"
_NAME_WORD = (rf"(?:\p{{Lu}}(?:\p{{L}}[\p{{L}}{_MARKS}'’-]*|['’]\p{{Lu}}\p{{L}}+|\.|-\p{{Ll}}{{1,3}}\.?(?!\p{{L}}))"
              rf"|{_CASELESS_WORD})")
_PLACE_WORDS = rf"{_NAME_WORD}(?:[ -](?:{_NAME_WORD}|de|del|la|le|di|du|upon|on|am|an|der|sur)(?!\p{{L}}))" + "{0,3}"

# Street-type words after the street name (English) and street words that end a name elsewhere in Europe.
_STREET_TYPES = (
    "street|st|avenue|ave|road|rd|drive|dr|lane|ln|boulevard|blvd|way|court|ct|place|pl|terrace|route|rte|"
    "highway|hwy|parkway|pkwy|square|sq|crescent|cres|close|gardens|circle|cir|trail|trl|alley|row|walk|"
    "grove|mews|rise|gateway|pass|radial|crossing|loop|plaza|expressway|freeway|turnpike|esplanade|quay|"
    "wharf|dale|forges?|hollow|heights|meadows?|ridge|view|vista|park|green|hill|junction|harbou?r|port|"
    "path|pike|point|run|spur|stravenue|track|trace|causeway|bypass|ford|manor|estates?"
)
_STREET_SUFFIXES = (
    "vej|vejen|gade|gaden|stræde|katu|kuja|tie|polku|raitti|straat|laan|weg|strasse|straße|gasse|allee|"
    "platz|gatan|gata|vägen|väg|gränd|veien|vegen|vei|gate|utca|útja|ulica|braut|stígur|gata|tún|brekka|"
    "stræti|straeti|ring|ringvej|torget|torg|tér|körút|sor|köz|náměstí|nábřeží|cesta|ulice|trg|iela|tee|"
    # Dutch, Scandinavian and German street words (postal address conventions of those countries)
    "steeg|pad|hof|singel|gracht|kade|dijk|plein|dreef|markt|stien|bakken|svingen|plassen|allé|allén|haugen|"
    "løkka|åsen|kroken|tunet|veg|stigen|backen|platsen|slingan|leden|vænge|plads|toften|engen|lund|vang|gyde|"
    "damm|ufer|chaussee|pfad|steig|stieg|brücke|markt|hain|tanie|aukio|rinne|piha|vägen"
)
_STREET_PREFIXES = (
    r"ul\.|ulica|al\.|aleja|pl\.|plac|os\.|osiedle|rue|avenue|av\.?|avda\.?|avenida|via|viale|vicolo|piazza|"
    r"piazzetta|piazzale|corso|largo|contrada|borgo|rotonda|strada|calle|carrer|camino|paseo|plaza|cuesta|alameda|"
    r"callejón|carretera|travesía|glorieta|pasaje|urbanización|rua|praça|travessa|estrada|ladeira|rodovia|"
    r"recanto|vila|viela|quadra|chemin|impasse|allée|boulevard|bd\.?|place|quai|cours|passage|square|voie|"
    r"rambla|ronda|ulitsa|ul\.?|route|"
    # Indonesian (Jalan, Gang), Colombian (Calle, Carrera, Diagonal, Transversal), Romanian and Brazilian forms
    r"jl\.|jalan|gang|gg\.|cl\.|cra\.|kr\.|carrera|diagonal|dg\.|transversal|tv\.|intrarea|bulevardul|calea|"
    r"aleea|splaiul|șoseaua|soseaua|piața|str\.|chácara|setor|residencial|conjunto|núcleo"
)
# USPS Publication 28, appendix C1: the street suffixes of US addresses, names and standard abbreviations (what
# Faker's en_US addresses use too: "709 Najeeb Center", "7916 Akinwale Prairie"), after a house number only.
# Left out: suffixes as often prose nouns after a year or a count ("1989 Berlin Wall", "2004 Euro Club").
_USPS_SUFFIXES = (
    "alley|aly|annex|anx|arcade|arc|bayou|byu|beach|bch|bend|bnd|bluffs?|blf|bottom|btm|branch|brg|brooks?|brk|"
    "burgs?|camp|canyon|cyn|cape|cpe|cswy|centers?|centre|ctr|circles?|cliffs?|clf|commons?|cmn|corners?|cor|"
    "courts?|coves?|cv|creek|crk|crest|crst|xing|crossroads?|xrd|curve|curv|dam|divide|drives?|expy|extensions?|"
    "ext|falls?|fls|ferry|fry|fields?|fld|flats?|flt|fords?|frd|forest|frst|frg|forks?|frk|fort|ft|fwy|gardens?|"
    "gdn|gtwy|glens?|gln|greens?|grn|groves?|grv|harbors?|hbr|haven|hvn|hts|hills?|hl|holw|inlet|inlt|islands?|"
    "isle|junctions?|jct|keys|knolls?|knl|lakes?|lk|landing|lndg|lights?|lgt|locks?|lck|lodge|ldg|manors?|mnr|"
    "mdw|mills?|motorway|mtwy|mount|mountains?|mtn|neck|orchard|orch|oval|ovl|overpass|opas|parks?|parkways?|"
    "passage|pines?|plains?|pln|plz|points?|pt|ports?|prt|prairie|radl|ramp|ranch|rnch|rapids?|rpd|ridges?|rdg|"
    "river|riv|roads?|shoals?|shl|shores?|shr|skyway|skwy|springs?|spg|spurs|squares?|stra|stream|strm|streets?|"
    "summit|smt|ter|throughway|trwy|trce|trak|trafficway|trfy|tunnel|tunl|tpke|underpass|upas|valleys?|vly|"
    "viaduct|views?|vw|villages?|vlg|ville|vis|walks|wells?|ways|wy"
)
_NUMBER = r"\d{1,6}[A-Za-z]?(?:[/-]\d{1,4}[A-Za-z]?)?"
_HOUSE_MARK = r"(?:(?i:no|nr|n[°º]|núm|num|nro)\.?\s*|#\s*)?"  # "Jl. Gardujati No. 14", "Av. Rosario N° 269"
_UNIT = r"(?i:apt|apartment|suite|ste|unit|flat|floor|fl|room|rm|bldg|building)\.?\s*#?\s*\d{1,5}[A-Za-z]?\b"
# USPS Publication 28, appendix C2: secondary unit designators, and their kin in other countries' addresses,
# after a street line only ("Trlr 136", "Lot 727", "# 5", "Piano 2", "Ap. 806"): alone, "Lot 5" is prose
_UNIT_AFTER = (r"(?:(?i:apt|apartment|suite|ste|unit|flat|floor|fl|room|rm|bldg|building|dept|department|hngr|"
               r"hangar|lot|ofc|office|pier|slip|spc|space|trlr|trailer|bsmt|lbby|lobby|ph|penthouse|piano|"
               r"interior|int|puerta|casa|ap|bl|sc|et|app|appartement|wohnung|whg|top|stiege|lokal|m)\.?\s*"
               r"(?:#|n[°º]|no\.?)?\s*|#\s*)\d{1,5}[A-Za-z]?\b")
# USPS Publication 28, appendix B (states, territories, military), Canada Post's province symbols and Australia
# Post's state abbreviations: the region code of a North American or Australian address's last line
_REGION_CODES = (r"AL|AK|AS|AZ|AR|CA|CO|CT|DE|DC|FM|FL|GA|GU|HI|ID|IL|IN|IA|KS|KY|LA|ME|MH|MD|MA|MI|MN|MS|MO|MT|"
                 r"NE|NV|NH|NJ|NM|NY|NC|ND|MP|OH|OK|OR|PW|PA|PR|RI|SC|SD|TN|TX|UT|VT|VI|VA|WA|WV|WI|WY|AA|AE|AP|"
                 r"AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT|ACT|NSW|QLD|SA|TAS|VIC")
_REGION_POSTCODE = r"(?:\d{5}(?:-\d{4})?|[A-Z]\d[A-Z]\s?\d[A-Z]\d|\d{4})"  # ZIP, ZIP+4, Canadian, Australian
_POSTCODE = (r"(?:\d{4}\s?[A-Z]{2}|\d{2,3}[ -]?\d{2,3}(?:-\d{3,4})?|\d{3,6}|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|"
             r"[A-Z]\d[A-Z]\s?\d[A-Z]\d)")

STREET_LINES = [
    # 12 Baker Street, 3 Gordon Terrace Suite 5, 40 West 3rd St.
    rf"(?:{_NUMBER}[ ,]+){{1,2}}(?:(?:{_NAME_WORD}|\d{{1,3}}(?:st|nd|rd|th))\s+){{1,4}}"
    rf"(?i:{_STREET_TYPES}|{_USPS_SUFFIXES})\b\.?",
    # Baker Street 12 (a few countries write the number last)
    rf"(?:{_NAME_WORD}\s+){{1,3}}(?=\p{{Lu}})(?i:{_STREET_TYPES})\.?\s+{_NUMBER}\b",
    # ul. Zamkowa 33, Rue de Tanger 29, Via Roma 1, Avenida Otoniel Dutra 1277 (number first or last)
    # (a lower-case street word only after a house number: "square numbers from 1" is not an address)
    rf"(?:{_NUMBER}\s+(?<!\p{{L}})|(?<!\p{{L}})(?=\p{{Lu}}))(?i:{_STREET_PREFIXES})\s+(?:[\p{{L}}'’.-]+\s+){{0,4}}?"
    rf"(?:[\p{{L}}'’.-]+,\s*)?{_HOUSE_MARK}{_NUMBER}\b",
    # (a particle is a whole word: "des" is not "de" and an "s" left over)
    rf"{_NUMBER},?\s+(?<!\p{{L}})(?i:{_STREET_PREFIXES})\s+(?:(?:{_NAME_WORD}|(?:de|du|des|la|le|las|los|da|do|dos|"
    rf"das|del|di|della)(?!\p{{L}}))\s*){{1,5}}",
    # a street and a house number, then a postcode and a town on the next line or after a comma: the shape of a
    # postal address in most of Europe and Latin America ("Okrová 77\n731 70 Lázně Kynžvart", "Lindseysingel 6,
    # 7170BM ...")
    rf"(?:{_NAME_WORD}[ -]){{0,3}}{_NAME_WORD}\.?\s+{_NUMBER}(?=[ \t]*(?:,|\n)[ \t]*(?:\p{{Lu}}{{1,2}}-)?"
    rf"{_POSTCODE}\b)",
    # Post boxes and military addresses: PO Box 12, PSC 6477, Box 2981, Unit 8524 Box 0979, USS Lorenzen
    # (and a post box's name in other countries' posts: Postfach, boîte postale, apartado, casella postale, ...)
    r"\b(?:(?i:p\.?\s?o\.?\s?box|post\s+office\s+box|pob|postfach|postbus|postboks|boîte\s+postale|"
    r"casella\s+postale|apartado(?:\s+de\s+correos)?|apdo\.|skrytka\s+pocztowa|caixa\s+postal|casilla\s+postal)"
    r"|BP|CP)\.?\s+\d{1,6}\b",
    r"\b(?:PSC|CMR|Unit)\s+\d{3,5},?\s+Box\s+\d{3,5}\b",
    r"\b(?:USNS|USNV|USCGC|USS)\s+\p{Lu}\p{Ll}+\b",
    r"\b(?:APO|FPO|DPO)\s+(?:AA|AE|AP)\s+\d{5}\b",
    # after an address cue: "lives at 92597 Jahu 80", "his address: 5366 Pivovarská 276", "off at 077 Příční 1429"
    rf"(?<=(?i:\baddress(?:\s+is)?:?|\blives?\s+(?:at|on)|\blocated\s+(?:at|on)|\boff\s+at|\bsend\s+(?:it\s+)?to|"
    rf"\breturn\s+(?:it\s+)?to|\bdeliver(?:ed)?\s+to|\benter\s+on|\bit's\s+in|\bmove[ds]?\s+to|"
    rf"\b(?:meet(?:\s+me)?|left|pick(?:ed)?[- ]?up|drop(?:ped)?[- ]?off)\s+at|\bforward\s+(?:my\s+\w+\s+)?to|"
    # "I live at" in other languages: wohne in der, j'habite au, vivo en, abito in, mieszkam przy, woon op, ...
    rf"\bwohne\s+(?:in\s+der|am|an\s+der|auf\s+der)|\bhabite\s+(?:au|à|a)|\bvivo\s+en|\babito\s+in|"
    rf"\bmieszkam\s+(?:przy|na)|\bwoon\s+(?:op|aan)|\bbor\s+på|\bmoram\s+na|\bbydlím\s+(?:v|na)|\bmoro\s+na)\s+)"
    rf"(?:{_NUMBER}\s+(?:[\p{{L}}'’.-]+\s+){{1,4}}?{_NUMBER}\b\.?|{_NUMBER}\s+(?:{_NAME_WORD}\s*){{1,4}}|"
    rf"(?:[\p{{L}}'’.-]+\s+){{1,3}}?{_NUMBER}\b\.?)",
    # a North American or Australian last line (town, region code, ZIP or postcode) after a street line: the
    # street's own words may be any ("709 Najeeb Center, Sadaqathaven, VT 31095")
    rf"{_NUMBER}[ \t]+[^\n,;:]{{2,60}}?(?:(?:,[ \t]*|[ \t]*\n[ \t]*)[^\n,;:]{{2,40}}?){{0,2}}(?:,[ \t]*|[ \t]*\n[ \t]*)"
    rf"{_PLACE_WORDS},?[ \t]+(?:{_REGION_CODES}),?[ \t]+{_REGION_POSTCODE}\b",
    # a form's or a letter's address field: its value to the line's end, when it holds a number and a word
    rf"(?m)(?<=(?:^|[,;|(])[ \t>*-]*(?i:{ADDRESS_LABELS})[ \t]*:[ \t]*)"
    rf"(?=[^\n]*(?<![\p{{L}}\d])\d)(?=[^\n]*(?<![\p{{L}}\d])\p{{L}}{{3,}}(?![\p{{L}}\d]))"
    rf"[^\n@<>=/\\{{}}]{{4,120}}?(?=[ \t]*(?:$|[;|)]))",
    # the corner of X and Y
    rf"(?i:the\s+)?(?i:corner|intersection|junction)\s+of\s+[^\n,.;]{{3,60}}?\s+and\s+(?:{_NAME_WORD}\s*){{1,4}}"
    rf"(?:(?i:{_STREET_TYPES})\b\.?)?",
]

# Street lines of other scripts, from their postal conventions. A street word before the name and the house
# number after it: Russian/Ukrainian/Bulgarian/Macedonian (ул., улица, вул., вулиця, пр., просп., пер., провулок,
# бул., пл., площа, наб., шосе, сквер; the house as д./дом/буд./будинок), Greek (οδός, οδ., λεωφ., λεωφόρος,
# πλατεία), Arabic (شارع street, نهج and زنقة in the Maghreb), Hebrew (רחוב, רח', שדרות). A street word after
# the name: Hindi/Marathi/Nepali (मार्ग, पथ, रोड, गली, चोक, बाटो; then घर house or वडा ward), Korean road addresses
# (-로, -길, -번길 then the building number, after a city, district or town: 로 alone is also a particle), Chinese
# (路, 街, 大道, 巷 then 号/號), Japanese blocks (丁目 then 番/番地 and 号). Words that are as often prose as
# streets are left out (Arabic طريق "way", حي "alive", دوار "dizzy"; Russian пр. "etc.").
_SCRIPT_NUMBER = r"\d{1,6}\p{L}?(?:[/-]\d{1,5}\p{L}?)?"
_SCRIPT_STREET_BEFORE = (r"ул\.|улица|вул\.|вулиця|просп\.|проспект|пер\.|переулок|провулок|бул\.|бульвар|"
                         r"пл\.|площадь|площа|наб\.|набережная|шоссе|шосе|сквер|οδός|οδ\.|λεωφ\.|λεωφόρος|πλατεία|"
                         r"شارع|نهج|زنقة|רחוב|רח['׳]|שדרות")
_HOUSE = r"(?:(?:д|дом|буд|будинок|к|корп|кв)\.?\s*)"
_SCRIPT_WORD = rf"[\p{{L}}{_MARKS}][\p{{L}}{_MARKS}'’.-]*"
SCRIPT_STREET_LINES = [
    rf"(?<!\p{{L}})(?:{_SCRIPT_STREET_BEFORE})\s*(?:{_SCRIPT_WORD}\s+){{0,4}}?{_SCRIPT_WORD},?\s*{_HOUSE}?"
    rf"{_SCRIPT_NUMBER}(?!\d)",
    rf"(?:{_SCRIPT_NUMBER}\s+)?(?:{_CASELESS_WORD}\s+){{0,3}}(?:मार्ग|पथ|रोड|गली|चोक|बाटो)(?:\s+(?:घर|वडा))?"
    rf"\s+{_SCRIPT_NUMBER}(?!\d)",
    r"(?:\p{Hangul}{1,6}(?:시|도|구|군|동|읍|면)\s+){1,3}[\p{Hangul}\d]{1,12}(?:로|길)\s*\d{1,4}"
    r"(?:번길\s*\d{1,4})?(?:-\d{1,4})?",
    r"[\p{Han}\d]{1,12}(?:路|街|大道|巷)\s*\d{1,5}\s*(?:号|號)",
    r"\d{1,3}\s*丁目\s*\d{1,4}\s*(?:番地?|-)\s*\d{0,4}\s*号?",
]
# In Latin-script text, a house number beside one to five words of another script ("12 Ερμιόνης", "Женевска
# 4а/6", "91 دوار سعيد جلال"): a foreign word run at a number is a street, not prose, in a text written mostly in
# another script. Not in a text whose prose is in that script, where a number beside words is any phrase.
FOREIGN_STREET = regex.compile(
    rf"(?<![\p{{L}}{_MARKS}\d])(?:{_SCRIPT_NUMBER}[ \t]+(?:{_FOREIGN_WORD}[ \t]+){{0,4}}{_FOREIGN_WORD}"
    rf"|(?:{_FOREIGN_WORD}[ \t]+){{0,3}}{_FOREIGN_WORD}[ \t]+{_SCRIPT_NUMBER})(?![\p{{L}}{_MARKS}\d])")

# What may follow a street line in a postal address, one segment at a time: a unit, a town, a region code,
# a country or a postcode, each after a comma or a line break (and the quote marks of an e-mail, "> ").
_SEPARATOR = r"(?:[ \t]*(?:,|\n)[ \t>?]*(?:\n[ \t>?]*)?|[ \t]+)"
CONTINUATION = regex.compile(
    rf"\A{_SEPARATOR}(?:{_UNIT_AFTER}|{_POSTCODE}\b|\p{{Lu}}{{2,3}}\b(?![ \t]*:)|"
    rf"(?:{_PLACE_WORDS}|\p{{Lu}}[\p{{Lu}} '’-]+\p{{Lu}})"
    rf"(?=[ \t]*(?:,|\n|$|\.(?:\s|$)|\s+{_POSTCODE}\b)))")
# Vesterskovvej 79, Augsburger Strasse 36, Snellmaninkatu 55, Árpád fejedelem útja 62: a word ending in a
# street word, then a number. Found as "word number" pairs whose word is checked in Python (one regex with
# the suffixes inside is 40x slower: it backtracks through every suffix at every letter).
WORD_THEN_NUMBER = regex.compile(rf"(\p{{L}}+)\s+{_NUMBER}\b\.?")
STREET_SUFFIXES = tuple(_STREET_SUFFIXES.split("|"))
NAME_WORDS_BEFORE = regex.compile(rf"(?:{_NUMBER}\s+)?(?:{_NAME_WORD}\s+){{0,3}}\Z")
LEADING_NUMBER = regex.compile(rf"{_NUMBER}[ \t]+\Z")
# The addressee lines above a street line that starts a line: name, job title, organization (postal
# convention puts them in the address block). Short lines only, not ending like a sentence or a label.
_QUOTE = r"[ \t>?*|-]*"
AT_LINE_START = regex.compile(rf"(?:\A|\n){_QUOTE}\Z")
STREET_LINE_ABOVE = regex.compile(rf"(?:\A|\n){_QUOTE}(\d[^\n]{{2,50}}|\p{{L}}[^\n]{{2,50}}\d\.?)[ \t]*\n{_QUOTE}\Z")
ADDRESSEE_LINE = regex.compile(rf"(?:\A|\n){_QUOTE}(\p{{L}}[^\n]{{0,60}}?[^\s:?!;])[ \t]*\n{_QUOTE}\Z")

COUNTRIES = (
    "Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahamas|Bahrain|"
    "Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|Bolivia|Bosnia and Herzegovina|Botswana|Brazil|"
    "Brunei|Bulgaria|Burkina Faso|Burundi|Cambodia|Cameroon|Canada|Cape Verde|Chad|Chile|China|Colombia|"
    "Comoros|Congo|Costa Rica|Croatia|Cuba|Cyprus|Czech Republic|Czechia|Denmark|Djibouti|Dominica|"
    "Dominican Republic|Ecuador|Egypt|El Salvador|Eritrea|Estonia|Eswatini|Ethiopia|Fiji|Finland|France|Gabon|"
    "Gambia|Georgia|Germany|Ghana|Greece|Greenland|Grenada|Guatemala|Guinea|Guyana|Haiti|Honduras|Hong Kong|"
    "Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Ivory Coast|Jamaica|Japan|Jordan|"
    "Kazakhstan|Kenya|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|"
    "Lithuania|Luxembourg|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Mauritania|Mauritius|Mexico|Moldova|"
    "Monaco|Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Namibia|Nepal|Netherlands|New Zealand|Nicaragua|"
    "Niger|Nigeria|North Korea|North Macedonia|Norway|Oman|Pakistan|Panama|Papua New Guinea|Paraguay|Peru|"
    "Philippines|Poland|Portugal|Puerto Rico|Qatar|Romania|Russia|Rwanda|Saudi Arabia|Senegal|Serbia|"
    "Seychelles|Sierra Leone|Singapore|Slovakia|Slovenia|Somalia|South Africa|South Korea|South Sudan|Spain|"
    "Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|Togo|Tonga|"
    "Trinidad and Tobago|Tunisia|Turkey|Türkiye|Turkmenistan|Uganda|Ukraine|United Arab Emirates|"
    "United Kingdom|United States|United States of America|Uruguay|Uzbekistan|Vanuatu|Venezuela|Vietnam|"
    "Yemen|Zambia|Zimbabwe|Faroe Islands|Åland|Scotland|Wales|England|Northern Ireland"
)
# phone words of scripts written without spaces between words, where a number or particle may touch the word
# (私の携帯080-..., 제 번호 019-...): mobile, phone, contact details, "my/Mr X's number" in Korean
_CJK_PHONE = r"携帯|電話|电话|手机|手機|휴대폰|핸드폰|전화|연락처|(?:제|내|저의|나의|씨|님)\s*번호"
CARD_CUE = r"(?i:(?<=\b(?:card|cc|visa|mastercard|amex)(?:\s*(?:number|no\.?|#|num))?\s*(?:is|:|#)?\s*))"
# "number" alone is a count or a puzzle ("the number 12345678 is a palindrome"): someone's number, or a label
_NUMBER_CUE = (r"(?:(?:my|your|his|her|our|their|new|old|callback|contact|direct|home|work|office|private|personal|"
               r"this|that)\s+number|numbers?(?=\s*:)|"
               # "my number" in other languages: мой номер, mi número, mon numéro, meine Nummer, il mio numero, ...
               r"(?:мой|мій|мои|mi|mon|meine?|mio|meu|mijn|mój|můj|min|mitt)\s+(?:номер|número|numéro|nummer|numero|"
               r"numer|číslo))")
# asking to be called or texted, in other languages: llámame al, appelle-moi au, ruf mich unter, звони, ...
_CALL_VERBS = (r"callback|call-back|call back|llám(?:ame|anos|a)|llamar|appel(?:les?|ez|er)|texte|ruf|anrufen|"
               r"llam(?:a|en)|chiam(?:a|ami|aci|are)|lig(?:a|ue|ar)|bel|zadzwoń|dzwoń|звони(?:те)?|позвони(?:те)?|"
               r"дзвони|подзвони|зателефонуй(?:те)?|τηλεφώνησε|ring")
# a line one calls: "support line", "direct line" (not "line 12", "the bottom line")
_LINE = r"(?:support|direct|help|service|customer|phone|info|enquiries|booking|emergency|billing|sales)\s+line"
PHONE_CUE = (rf"(?i:(?<=(?:{_CJK_PHONE}|\b(?:{PHONE_WORDS}|desk|text|call|{_CALL_VERBS}|answering at|reach|"
             rf"messages to|registered|{_LINE}|{_NUMBER_CUE}))\.?(?:\s*\([^()\n\d]{{1,20}}\))?"
             r"(?:-?\s*(?:me|us|him|her|them|mich|uns|mir|moi|nous|mi|ci|mnie|mig|mej|meg|мне|мені))?"
             r"(?:\s*(?:number|no\.?|#))?\s*(?:is|[:：]|at|on|al|au|unter|op|na|på|на|по)?[\s:：]*))")  # ： CJK colon
# an area code may end in a slash (0221/123456, 800/123 456, as German, Austrian and Italian plans print it);
# the exchange may stand in brackets (03(1234)5678, as Japanese numbers are written); up to five groups after it
# (375 24 912-34-56)
CUED_PHONE = (r"(?=(?:[\s().+-]*\d){6}|\(?\d{2,5}\)?/(?:[ .-]?\d){5})\+?\(?\d{1,4}\)?"
              r"(?:/\d{2,8}|[ .-]?\d{2,4}|\(\d{2,4}\))(?:[ .-]?\d{2,4}){0,4}(?![\d/])(?:\s*x\d{1,5})?")
PHONE_NEAR_CALL_WORD = [  # a digit first, so that most positions fail before the look back
    (rf"(?<![\d+])(?=\+?\(?\d)(?i:(?<=(?:(?<!\p{{L}})(?:{CALL_STEMS})|{UNSPACED_CALL_WORDS})\p{{L}}*\.?[^\d\n]{{0,30}}))"
     + CUED_PHONE, 0.5),
    (r"(?<![\d+.])(?=\+?\(?\d)" + CUED_PHONE
     + rf"(?=[^\d\n]{{0,25}}(?i:(?<!\p{{L}})(?:{CALL_STEMS})|{UNSPACED_CALL_WORDS}))", 0.5)]
# a number labelled after it, as contact cards print them: "930.167.3943 fax", "3660170548-Office"
PHONE_LABEL_AFTER = (r"(?<![\w.+-])" + CUED_PHONE + r"(?=[ \t]*[-–(]?[ \t]*(?i:office|fax|mobile|cell|home|work|"
                     r"tel|phone|landline|direct)\b)")
ORG_CUES = [
    (rf"(?<=(?i:\bwork(?:s|ed|ing)?\s+(?:for|at)|\bemployed\s+(?:by|at)|\bjoined|\bCEO\s+of|\bfounder\s+of|"
     rf"\bpresident\s+of|\b(?:spent|worked) (?:a|two|three|\d+) years? at)\s+)"
     rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}", 0.5),
]
# "worked for Acme as Dairy scientist," / "as a nurse": the job title after an employer
TITLE_CUE = (r"(?<=(?i:\bwork(?:s|ed|ing)?|\bused to work)\s+(?:for|at)\s+[^,\n]{1,60}?\s+as\s+(?:an?\s+)?)"
             r"[\p{L}][\p{L} '’-]{2,60}?(?=\s*(?:,|\.|\n|$|\s+(?:but|and|until|since|for)\b))")
HONORIFICS = (r"Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lady|Lord|Rev|Hon|Capt|Sgt|Lt|Col|Gen|Mme|Mlle|Herr|Frau|"
              r"Sr|Sra|Srta|Dña|Don|Doña|Sig|Sig\.ra|Signor|Signora|Dott|Dott\.ssa|Ing|pan|pani|Pan|Pani|paní|pan[íi]|"
              r"Fru|Hr|Dhr|Mevr|Mw|Univ\.Prof|Dipl\.-Ing")

# Cue phrases that introduce a person's name; the name may be lower-case after the strongest cues.
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|van|von|de|der|da|di|le|la|bin|al)(?!\p{{L}})){{0,3}}"
_LOWER_NAME = (rf"(?:\p{{L}}[\p{{L}}{_MARKS}'’-]+(?:\s+\p{{L}}\.?)?(?:\s+\p{{L}}[\p{{L}}{_MARKS}'’-]+)?"
               rf"|{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,3}})")  # "Г-н Игор Ристовски", "श्री गौरव चव्हाण"
PERSON_CUES = [
    # (not a preposition or an article after the verb: "the treaty was signed in Osnabrück")
    (rf"(?<=(?i:\bmy name is|\bname's|\bname is|\bcall me|\bname\s*:|\bnamed|\bsigned,?)\s+)"
     rf"(?!(?i:in|at|on|by|off|up|out|into|for|with|to|from|the|a|an|as|and|or|under|over|after|before)\b)"
     rf"{_LOWER_NAME}"
     r"(?=\s*(?:$|[,.!?;:\n)\"]|\s+(?:and|but|from|of|who|here)\b))", 0.75),
    (rf"(?<=(?i:\bI'm|\bI am|\bthis is|\bdear|\b(?:{GREETINGS})|\bthanks|\bregards|\bsincerely|\bcheers)"
     rf",?\s+)(?!(?:World|Everyone|Everybody|All|There|Team|Guys|Folks|Sir|Madam)\b){_NAME}", 0.6),
    (rf"(?<=\b(?:{HONORIFICS})\.?\s+){_NAME}", 0.85),
    # a person's role in a record: "Patient Anna Berg, ...", "Tenant: ...", "Emergency contact: ..."
    (rf"(?<=(?i:\b(?:{RECORD_ROLES})\s*:\s*|\b(?:{RECORD_ROLES_BARE})\s+|\b{RECORD_VERBS}\s*:?\s*)"
     rf"(?:(?:{HONORIFICS})\.?\s+)?){_NAME}", 0.6),
    (rf"(?<=(?i:\b(?:starring|featuring|directed by|written by|produced by|song by|novel by|contact|ask|tell|"
     r"call|email|e-mail|text|ring|ping|message|follow up with|reach out to|speak to|talk to|cc|attn:?|"
     r"told|met|meet|son|daughter|kid|child|wife|husband|friend|brother|sister|mother|father|mom|dad|boss|"
     rf"colleague|partner|uncle|aunt|cousin|nephew|niece|grandson|granddaughter))\s+){_NAME}", 0.45),
    # a header or record field's whole value, to the line's end or a delimiter, in any script: "From: 김민준 <...>",
    # "Contact: 王伟, ...", "user: Дан Медведенко"
    (rf"(?m)(?<=^[ \t>*-]*(?i:from|to|cc|bcc|sender|name|full\s+name|{RECORD_ROLES})[ \t]*:[ \t]*){_NAME}"
     r"(?=[ \t]*(?:$|[<,;(|]))", 0.6),
    # speaker labels in a dialogue: `Anna: "...` at the start of a line; not a header whose quoted value is a
    # display name before an address (`Reply-To: "Ann Berg" <ann@...>`: what is quoted is no one's speech)
    (rf"(?m)^(?:{_NAME_WORD})(?=\s*:\s*[\"“'](?![^\"”'\n]*[\"”']\s*<))", 0.6),
]
PLACE_CUES = [
    (rf"(?<=(?i:\b(?:flew|flying|fly|moved|moving|travel(?:l)?ed|travel(?:l)?ing|relocated|drove|driving|"
     r"went|going|headed|heading|returned|trip|visit(?:ed|ing)?|welcome)\s+to|\b(?:live[sd]?|living|born|"
     r"raised|based|located|stay(?:ed|ing)?|resid(?:e[sd]?|ing)|work(?:s|ed|ing)?|grew up|am|I'm|we're|"
     r"year|years|headquartered)\s+in|\boriginally from|\b(?:am|I'm|are|is|come|comes|came)\s+from|"
     rf"\bcity of|\btown of|\bvillage of|\bnear|\baround)\s+){_PLACE_WORDS}", 0.55),
    # travel: "flight to ...", "depart ... 06:45", "driving from ..."; a record's place field: "Place of birth: ..."
    (rf"(?<=(?i:\b(?:flights?|train|bus|ferry|journey|drive|depart(?:s|ed|ing|ure)?|leav(?:e|es|ing)|"
     r"arriv(?:e|es|ed|ing|al))(?:\s+(?:to|from|for|in|at|out\s+of))?|\b(?:driving|drove|flew|flying|"
     r"travel(?:l)?(?:ed|ing)|coming|came|returned|returning|moved|moving)\s+(?:back\s+)?(?:from|to)|"
     rf"(?m:^)[ \t]*(?:{PLACE_LABELS})[ \t]*:)[ \t]+){_PLACE_WORDS}", 0.55),
    (r"(?<=(?i:\b(?:flew|flying|moved|travel(?:l)?ed|relocated|went|going|headed|trip)\s+to|\bin|\bfrom|"
     r"\bnear|\bat)\s+)\p{Lu}[\p{Lu}'’-]{2,}(?:[ -]\p{Lu}[\p{Lu}'’-]+){0,2}\b", 0.5),
]


class _SharedList(list):  # type: ignore[type-arg]
    def __deepcopy__(self, memo: dict[int, Any]) -> _SharedList:
        return self


class InPlaceContextEnhancer(LemmaContextAwareEnhancer):
    """presidio's lemma context enhancer without its defensive deep copy of the results: `analyze` makes
    fresh results on every call, and copying them cost about a millisecond per text."""

    def enhance_using_context(self, text: str, raw_results: list[RecognizerResult], nlp_artifacts: NlpArtifacts,
                              recognizers: list[EntityRecognizer], context: list[str] | None = None
                              ) -> list[RecognizerResult]:
        return super().enhance_using_context(text, _SharedList(raw_results), nlp_artifacts, recognizers, context)


def pattern(name: str, expression: str, score: float) -> Pattern:
    return Pattern(name=name, regex=expression, score=score)


DIGIT = regex.compile(r"\d")
SEVEN_DIGITS = regex.compile(r"(?:\d[^\d\n]{0,3}){7}")
CASE_SENSITIVE = int(regex.MULTILINE | regex.DOTALL)  # presidio's default adds IGNORECASE; names need case


class Gated(PatternRecognizer):
    """A pattern recognizer that skips texts failing a cheap test (no digit: no phone number)."""

    GATE: ClassVar[regex.Pattern[str]] = DIGIT

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        if not self.GATE.search(text):
            return []
        return super().analyze(text, entities, nlp_artifacts, regex_flags)


def gated(cls: type[PatternRecognizer], gate: regex.Pattern[str]) -> Callable[..., PatternRecognizer]:
    """presidio's `cls` behind a cheap pre-test (`Gated` first in the method order)."""
    return type(f"Gated{cls.__name__}", (Gated, cls), {"GATE": gate})


class ContextRequiredNhs(NhsRecognizer):
    """UK NHS numbers only near NHS context: the mod-11 checksum alone passes one random 10-digit number in
    eleven (US phone numbers included), so a valid checksum keeps the low pattern score instead of jumping
    to 1.0, and context ("nhs", "patient", ...) lifts it over the threshold."""

    NHS_CONTEXT = ("nhs", "national health", "health service", "patient", "medical record", "hospital", "gp")

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(supported_language=supported_language, context=list(self.NHS_CONTEXT), patterns=[
            pattern("NHS (medium)", r"\b([0-9]{3})[- ]?([0-9]{3})[- ]?([0-9]{4})\b", 0.1)])

    def validate_result(self, pattern_text: str) -> bool | None:  # type: ignore[override]  # None: keep score
        return None if super().validate_result(pattern_text) else False

    def enhance_using_context(self, text: str, raw_recognizer_results: list[RecognizerResult],
                              other_raw_recognizer_results: list[RecognizerResult], nlp_artifacts: NlpArtifacts | None,
                              context: list[str] | None = None) -> list[RecognizerResult]:
        """A valid checksum right after NHS context is an NHS number for certain (beats a phone reading)."""
        for result in raw_recognizer_results:
            before = text[max(0, result.start - 40):result.start].lower()
            if any(word in before for word in self.NHS_CONTEXT):
                result.score = EntityRecognizer.MAX_SCORE
                result.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
        return raw_recognizer_results


class OfflineEmailRecognizer(EmailRecognizer):
    """presidio's e-mail recognizer, its domain check done with tldextract's bundled suffix list: the
    module-level `tldextract.extract` it calls fetches the list over the network when first used."""

    def validate_result(self, pattern_text: str) -> bool:
        return bool(_offline_tldextract()(pattern_text).fqdn)


@functools.cache
def _offline_tldextract() -> Any:
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


class GatedPhoneRecognizer(PhoneRecognizer):
    """python-phonenumbers over the regions given, only for texts with at least seven digits."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        if not SEVEN_DIGITS.search(text):
            return []
        return super().analyze(text, entities, nlp_artifacts)


# a word character of a script that spaces its words: a number may touch Han, Kana or Hangul (a particle: 이나, か)
_SPACED_WORD = r"[^\W\p{Han}\p{Hangul}\p{Hiragana}\p{Katakana}]"


# scripts written in a few countries only, and those countries' regions in phonenumbers (a number beside a word
# in the script is checked against their plans); Latin, Arabic and Cyrillic are written in too many
SCRIPT_REGIONS = {"Han": ("CN", "TW", "HK", "MO", "JP", "SG"), "Hiragana": ("JP",), "Katakana": ("JP",),
                  "Hangul": ("KR",), "Thai": ("TH",), "Devanagari": ("IN", "NP"), "Bengali": ("BD", "IN"),
                  "Tamil": ("IN", "LK", "SG"), "Sinhala": ("LK",), "Hebrew": ("IL",), "Greek": ("GR", "CY"),
                  "Georgian": ("GE",), "Armenian": ("AM",), "Ethiopic": ("ET",), "Khmer": ("KH",), "Lao": ("LA",),
                  "Myanmar": ("MM",), "Gujarati": ("IN",), "Gurmukhi": ("IN",), "Telugu": ("IN",),
                  "Kannada": ("IN",), "Malayalam": ("IN",)}


class InternationalPhoneRecognizer(Gated):
    """Phone numbers in the shapes most countries print them (E.123's international form, a national form after
    the trunk prefix, an area code in brackets), which phonenumbers' per-region matcher misses unless told the
    region: +46 (0)157 548 89, 0046 8 123 456 78, 0496 46 46 70, 04 5853231, (06)34/472-6096, (08) 8747 6301,
    387.978.9328x792. Every one has a length E.164 allows (7 to 15 digits) and does not read as a date; one with
    its country code scores in full when phonenumbers calls it valid, and needs a cue when it is not possible.
    A national number's region cannot be told from the number itself (a random 9-digit one is valid in 35 of
    phonenumbers' 245 regions), so the shapes other text shares (plain digit groups like 612 408 397 or
    923.123.456, a local 483-2291) need context: a cue word before it on its line, a header above it that names
    phones ("name,phone"), or a name or e-mail address right before it ("Ann Berg - 521 2345"). Years
    (1999-2004), dates and IPv4 addresses are no phone numbers."""

    GATE = SEVEN_DIGITS
    _END = rf"(?!{_SPACED_WORD}|-|[.,]\d)"  # not inside a longer token or a decimal; a full stop may follow
    _START = rf"(?<!{_SPACED_WORD}|[+./-]|\d,)"
    _EXT = r"(?:\s*(?:x|ext\.?)\s*\d{1,5})?"  # an extension: (371)866-7465x63451, (020) 7946 0958 ext. 12
    EXTENSION = regex.compile(r"\s*(?:x|ext\.?)\s*\d{1,5}\Z")
    PATTERNS: ClassVar[list[Pattern]] = [
        pattern("international", r"(?<![\w+])(?:\+|00(?=[1-9]))(?:\d{1,3}|\(\d{1,3}\))[ .-]?(?:\(0\)[ .-]?)?"
                                 r"(?:\(?\d{1,4}\)?[ .-]?){2,5}\d{2,4}" + _EXT + r"\b", 0.7),
        # trunk prefix 0 and an area code, bracketed or not, then the subscriber number in one to three groups;
        # the trunk may stand apart in the bracket ((06 1) Hungary, (0-612) Lithuania, (8 12) Turkmenistan) or
        # before it (8 (912) in the former Soviet plans)
        pattern("national", r"(?<![\w+-]|\d[.,])(?:\((?:0\d{0,2}[ -]?\d{1,4}|8[ -]\d{1,4})\)\d{0,4}|0\d{1,4}|"
                            r"8[ -]?\(\d{2,5}\))(?:[ ./-]{1,2}\d{1,8}){1,4}" + _EXT + _END, 0.45),
        pattern("area code", r"(?<![\w+-])\(\d{2,4}\)[ ./-]{0,2}\d{3,4}(?:[ .-]?\d{2,4}){1,2}" + _EXT + _END, 0.5),
        # a one-digit area code in brackets, (2) 345 678 or (4) 217 123, reads as a list item unless context says
        pattern("one-digit area code", r"(?<![\w+-])\(\d\)[ ./-]{0,2}\d{2,4}(?:[ .-]?\d{2,4}){1,2}" + _END, 0.1),
        # the North American plan's 3-3-4 shape (area code and exchange start 2-9), dots or dashes, extension
        pattern("NANP", r"(?<![\w+.-])[2-9]\d\d([.-])[2-9]\d\d\1\d{4}(?:\s*(?:x|ext\.?)\s*\d{1,5})?(?![\w-]|\.\d)",
                0.5),
        # 535 452 541, 923.123.456, 0115 4960995, a local 483-2291: a phone number only with context nearby (+0.35)
        # a one-digit trunk or area code first (1-800-123-456, 9 435 1234) once there are eight digits
        pattern("grouped", _START + r"(?=(?:\D{0,2}\d){8})\d{1,4}([ .-])\d{2,8}(?:\1\d{2,8}){0,2}" + _EXT + _END,
                0.1),
        # spaces, then dashes within the subscriber number: 24 912-34-56, 375 29 123-45-67, 82 2-212-3456
        pattern("space then dash",
                _START + r"(?=(?:\D{0,2}\d){8})\d{2,4}(?: \d{1,4}){1,2}(?:-\d{2,8}){1,3}" + _END, 0.1),
        # a local number: 483-2291, or 234 56 78 / 147-82-02 as the former Soviet plans group seven digits
        pattern("local", _START + r"(?:[2-9]\d\d[ .-]\d{4}|[1-9]\d\d([ .-])\d\d\1\d\d)" + _END, 0.1),
        # an area code ended by a slash, then five digits or more: 0221/1234567, 800/123 456 (no dates: one slash)
        pattern("slashed", r"(?<![\w+./-]|\d,)\(?\d{2,5}\)?/(?=(?:[ .-]?\d){5})\d{2,8}(?:[ .-]?\d{2,4}){0,3}"
                           r"(?![\w/-]|[.,]\d)", 0.1),
    ]
    CONTEXT: ClassVar[list[str]] = ["phone", "tel", "telephone", "mobile", "cell", "call", "fax", "number", "contact",
                                    "reach"]
    # no date starts with a three-digit group: 432-85-42 is a local number as the former Soviet plans print it
    DATE = regex.compile(r"(?:\d{1,2}|\d{4})([./-])\d{1,2}\1\d{1,4}")
    IPV4 = regex.compile(r"(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)")
    # presidio's context check skips spaCy's stop words, and "call" is one: "call the desk on 612 408 397"
    # never lifted the number. Checked here on the text before the number, on its line.
    # ("from abroad use 500 983 379": a number one calls from abroad)
    CUE_BEFORE = regex.compile(rf"(?:(?i:\b(?:{PHONE_WORDS}|call|{_CALL_VERBS}|contact|reach|text|abroad|overseas|"
                               rf"{_LINE})\w*\b|\b{_NUMBER_CUE})|\b[MTP]\b|{_CJK_PHONE})[^\n\d]{{0,30}}\Z")
    # a header or label line above that names phones ("name,phone", "Contacts:"), the number on the line below
    # ... or a short header line above a list of short lines ("Contacts:\nAnn - 0612 345 678\nBo - 0623 456 789")
    # ... or a phone's call log ("Missed calls", "Recent calls", "Call history")
    HEADER_ABOVE = regex.compile(rf"(?i:\b(?:{PHONE_WORDS}|contacts?|(?:missed|recent|incoming|outgoing|received|"
                                 rf"dialled|dialed)\s+calls|call\s+(?:log|history))\w*\b)(?:[^\n]*\n|[^\n]{{0,40}}\n"
                                 rf"(?:[^\n]{{1,80}}\n){{1,8}})[^\n]{{0,80}}\Z")
    # right after a name or an e-mail address on its line: "Ann Berg - 521 2345", "ann@x.org, 0612 345 678"
    BESIDE = regex.compile(r"\A[ \t]*[-–—:,;|/(]?[ \t]*\(?\Z")
    LAST_LETTER = regex.compile(r"\p{L}(?=[^\p{L}\n]*\Z)")
    # the last letter of a word, then a separator between a name and its number: "李勇: ", "Ann (", "Bo\t"; not
    # a space alone ("주문 번호 1234567890": order number)
    WORD_BEFORE = regex.compile(r"(\p{L})[\p{M}]*(?:[ \t]*[-–—:,;|/(][ \t]*\(?|\t[ \t]*)\Z")

    # a number joined to a phone number: "054 094-8669 / 091169319", "+48 603 310 610 albo do Łukasz Strama pod
    # 661 544 549" (or, then a person and a preposition), "019-359-4860이나 ... 번호 062-680-5983"
    _OR = (r"/|,|;|(?i:or|oder|ou|o|ó|albo|lub|або|чи|или|либо|eller|tai|vagy|nebo|sau|veya|ή)(?!\p{L})|או|"
           r"또는|혹은|이나|か|或者|或")
    JOINED_AFTER = regex.compile(rf"\A[ \t]*(?:{_OR})(?:[ \t,、]*|[^\n\d]{{0,40}}(?<!\p{{L}})"
                                 rf"(?i:at|on|pod|na|на|по|al|au|unter|op|em)[ \t:]*)\Z")
    JOINED_BEFORE = regex.compile(rf"\A[ \t]*(?:{_OR})[ \t]*(?:(?i:at|on|pod|na|на|по|al|au|unter|op|em|på)[ \t:]*)?\Z")
    # a list line's label and separator before its number: "Norbert - ", "Unknown  ", "Ann Berg: "
    LIST_LABEL = regex.compile(r"\A[^\n\d]*\p{L}[^\n\d]*?([ \t]*[-–—:|,;][ \t]*|[ \t]{2,}|\t)\Z")
    BESIDE_A_NAME = "phone_only_beside_a_name"  # metadata: lifted by a name alone, no anchor for a list
    ANCHOR_SCORE = 0.4  # the pass's default threshold: a phone number found without help from its neighbours

    THOUSANDS = regex.compile(r"(?:\+|00)\d{1,3}(?:[ .]\d{3})+")
    COMPACT_DATE = regex.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")  # 19940414
    YEARS = regex.compile(r"(?:19|20)\d\d(?:[ .-]+(?:19|20)\d\d)+")  # 1999-2004, 2005 2006 2007

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(supported_entity="PHONE_NUMBER", patterns=self.PATTERNS, context=self.CONTEXT,
                         supported_language=supported_language, name=type(self).__name__)

    def validate_result(self, pattern_text: str) -> bool | None:  # type: ignore[override]  # None: keep score
        digits = sum(c.isdigit() for c in self.EXTENSION.sub("", pattern_text))  # E.164 counts no extension
        shapes = (self.DATE, self.IPV4, self.YEARS, self.COMPACT_DATE)
        if not 7 <= digits <= 15 or any(shape.fullmatch(pattern_text) for shape in shapes):
            return False
        number = self.international(pattern_text)
        return True if number is not None and phonenumbers.is_valid_number(number) else None

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        """A number with a country code that phonenumbers calls impossible (no such code, wrong length) is
        only a phone number with a cue nearby: "phone: +06(7)9416245356" is a mistyped one, "+100 200" a sum.
        One with a country code in use and ten digits or more is a phone number of the wrong length for its
        plan (+389 2593492606, +54 9 3465 4686, as forms and generators write them), unless it is grouped in
        thousands as a sum is (+100 200 300 400)."""
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        for result in results:
            value = text[result.start:result.end]
            if value.startswith(("+", "00")):
                number = self.international(value)
                if number is None or not (phonenumbers.is_possible_number(number) or (
                        phonenumbers.region_code_for_country_code(number.country_code or 0) != "ZZ"
                        and sum(c.isdigit() for c in value.removeprefix("00")) >= 10
                        and not self.THOUSANDS.fullmatch(value))):
                    result.score = 0.1
        return results

    @staticmethod
    def international(value: str) -> phonenumbers.PhoneNumber | None:
        """The number a +/00-prefixed value spells, None for a national one or one phonenumbers cannot parse."""
        if not value.startswith(("+", "00")):
            return None
        try:
            return phonenumbers.parse("+" + value[2:] if value.startswith("00") else value)
        except phonenumbers.NumberParseException:
            return None

    def enhance_using_context(self, text: str, raw_recognizer_results: list[RecognizerResult],
                              other_raw_recognizer_results: list[RecognizerResult], nlp_artifacts: NlpArtifacts | None,
                              context: list[str] | None = None) -> list[RecognizerResult]:
        """A cue word shortly before the number on its line, a header above it that names phones, or a name or
        e-mail address right before it lifts it as presidio's context would (+0.35); so does a phone number it
        is joined to ("/", "or") or one in the same place on the list line above or below (`kin`)."""
        owners = [r for r in other_raw_recognizer_results if r.entity_type in ("PERSON", "EMAIL_ADDRESS")]
        pending = []
        for result in raw_recognizer_results:
            if self.cued(text, result, owners):
                self.lift(result)
                if not (self.CUE_BEFORE.search(text[max(0, result.start - 60):result.start])
                        or self.HEADER_ABOVE.search(text[max(0, result.start - 200):result.start])):
                    result.recognition_metadata[self.BESIDE_A_NAME] = True  # "Ben - 222-388-54" may be a score
            elif result.score < self.ANCHOR_SCORE:
                pending.append(result)
        anchors = [r for r in [*other_raw_recognizer_results, *raw_recognizer_results] if self.anchor(text, r)]
        emails = [r for r in other_raw_recognizer_results if r.entity_type == "EMAIL_ADDRESS"]
        while found := [r for r in pending if self.kin(text, r, anchors, emails)]:  # a list lifts line by line
            for result in found:
                self.lift(result)
                pending.remove(result)
                if self.anchor(text, result):
                    anchors.append(result)
        return raw_recognizer_results

    @staticmethod
    def lift(result: RecognizerResult) -> None:
        result.score = min(result.score + 0.35, EntityRecognizer.MAX_SCORE)
        result.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True

    def anchor(self, text: str, result: RecognizerResult) -> bool:
        """A phone number found on its own, written as one (+, groups, brackets) or right after a phone word:
        not a bare run of digits that phonenumbers' US/GB check or a misread name beside it took."""
        if result.entity_type != "PHONE_NUMBER" or result.score < self.ANCHOR_SCORE:
            return False
        name = result.recognition_metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY)
        return name == "CuePhoneRecognizer" or not text[result.start:result.end].isdigit()

    def kin(self, text: str, result: RecognizerResult, anchors: list[RecognizerResult],
            emails: list[RecognizerResult]) -> bool:
        """Joined to a phone number on its line ("A / B", "A or B", "A or Ann on B"), or a list line's number
        whose label is followed by the same separator as a phone number's or e-mail's on the line above or below
        ("Norbert - 736 756 133" under "Ada Hałat - +48 531 713 017"), on two of the four nearest lines, where
        that label is no phone word (in a record, "Phone: ..." above "Order: 12345678" says nothing of the order)."""
        for other in anchors:
            if other.end <= result.start and self.JOINED_AFTER.match(text[other.end:result.start]):
                return True
            if result.end <= other.start and self.JOINED_BEFORE.match(text[result.end:other.start]):
                return True
        label = self.list_label(text, result.start)
        if label is None:
            return False
        line = text.count("\n", 0, result.start)
        lines = {text.count("\n", 0, other.start) for other in [*anchors, *emails]
                 if self.list_label(text, other.start) == label
                 and not other.recognition_metadata.get(self.BESIDE_A_NAME)
                 and not self.CUE_BEFORE.search(text[text.rfind("\n", 0, other.start) + 1:other.start])}
        return len(lines & {line - 2, line - 1, line + 1, line + 2}) >= 2

    def list_label(self, text: str, start: int) -> str | None:
        """The separator after a list line's label, when the number is the line's first."""
        line_start = text.rfind("\n", 0, start) + 1
        match = self.LIST_LABEL.match(text[line_start:start])
        return None if match is None else (match.group(1).strip() or "  ")

    def cued(self, text: str, result: RecognizerResult, owners: list[RecognizerResult]) -> bool:
        start = result.start
        return bool(self.CUE_BEFORE.search(text[max(0, start - 60):start])
                    or self.HEADER_ABOVE.search(text[max(0, start - 200):start])
                    or self.beside(text, start, owners) or self.beside_script_word(text, result))

    def beside_script_word(self, text: str, result: RecognizerResult) -> bool:
        """Right after a word in a script of a few countries only ("李勇: 19923875374", "लीला आचार्य (05744489933)",
        a name English NER does not read), where the number is a valid one in the plan of a country that writes
        that script: the script names the plausible plans, phonenumbers checks the number against them."""
        before = self.WORD_BEFORE.search(text, max(0, result.start - 80), result.start)
        if before is None:
            return False
        regions = next((r for script, r in SCRIPT_REGIONS.items()
                        if regex.match(rf"\p{{Script={script}}}", before.group(1))), ())
        value = self.EXTENSION.sub("", text[result.start:result.end])
        for region in regions:
            try:
                if phonenumbers.is_valid_number(phonenumbers.parse(value, region)):
                    return True
            except phonenumbers.NumberParseException:
                return False
        return False


    def beside(self, text: str, start: int, owners: list[RecognizerResult]) -> bool:
        """Right after a name or e-mail address. spaCy often runs a name on into the number after it on a list
        line ("Ann Berg - 24740123" as one PERSON): then the name ends at its last letter before the number."""
        for owner in owners:
            end = owner.end
            if owner.start < start < owner.end and (last := self.LAST_LETTER.search(text, owner.start, start)):
                end = last.end()
            if end <= start and self.BESIDE.match(text[end:start]):
                return True
        return False


class UngroupedPhoneRecognizer(InternationalPhoneRecognizer):
    """A whole number written without groups (71234567, 0505878400), as many plans print mobiles: a phone
    number only right after a name or an e-mail address, under a header that names phones, or after a word that
    says phone or calling earlier on its line ("Contact Ann at 0723516500", "Numer telefonu 0132691448"); a word
    that only says number is not enough ("ticket 20240315", "the number 12345678", "Invoice number: 48213907")."""

    PATTERNS: ClassVar[list[Pattern]] = [
        pattern("ungrouped", rf"(?<!{_SPACED_WORD}|[+./-]|\d[,.])\d{{7,13}}" + InternationalPhoneRecognizer._END, 0.1)]
    CONTEXT: ClassVar[list[str]] = []
    # the cue, then only a pronoun, a name and a preposition: "Ring mig på", "Contact Ann Berg at" (not "contact
    # id", not "def call(n=")
    PHONE_CUE_BEFORE = regex.compile(
        rf"(?:(?i:\b(?:{PHONE_WORDS}|call|{_CALL_VERBS}|contact|reach|text)\w*|"
        rf"\b(?:my|your|his|her|our|their|new|old)\s+(?:number|num))|{_CJK_PHONE})\.?[ \t:：,-]*"
        r"(?i:(?:me|us|him|her|them|mich|uns|mir|moi|nous|mi|ci|mnie|mig|mej|meg|мне|мені)[ \t]+)?"
        rf"(?:(?:\p{{Lu}}|{CASELESS_LETTER})[\p{{L}}{_MARKS}'’.-]*[ \t,]+){{0,4}}"
        r"(?i:(?:is|at|on|al|au|unter|op|na|på|на|по|pod|em)(?!\p{L}))?[ \t:：.-]*\Z")

    def cued(self, text: str, result: RecognizerResult, owners: list[RecognizerResult]) -> bool:
        start = result.start
        return bool(self.HEADER_ABOVE.search(text[max(0, start - 200):start])
                    or self.PHONE_CUE_BEFORE.search(text[max(0, start - 80):start])
                    or self.beside(text, start, owners) or self.beside_script_word(text, result))


class IssuerRangeCardRecognizer(CreditCardRecognizer):
    """Card numbers by their definition (ISO/IEC 7812: the issuer's prefix and length, then the Luhn check)
    where presidio's pattern stops short: Mastercard's 2221-2720 range, 19-digit Visa, Maestro from 12
    digits, UnionPay and JCB lengths, 13-digit Visa, Mir, JCB's 15-digit ranges, Troy, UzCard and Humo.
    presidio's own recognizer keeps the ranges it covers."""

    # not part of a decimal (a point, or a comma and cents after it); a CSV's next column may follow its comma
    NUMBER = r"(?<![\w.,/-])\d(?:[ -]?\d){11,18}(?![\w-]|\.\d|,\d{1,2}(?![\d/.]))"
    RANGES = regex.compile(r"(?:2(?:22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)\d{12}|4\d{12}(?:\d{3})?(?:\d{3})?|"
                           r"5[0678]\d{10,17}|6\d{11,18}|35(?:2[89]|[3-8]\d)\d{12,15}|"
                           # Mir 2200-2204 (16 to 19 digits); JCB's 15-digit 1800 and 2131; Troy, UzCard, Humo
                           r"220[0-4]\d{12,15}|(?:1800|2131)\d{11}|(?:9792|8600|9860)\d{12})")

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(patterns=[pattern("issuer range", self.NUMBER, 0.3)], supported_language=supported_language,
                         name="IssuerRangeCard")

    def validate_result(self, pattern_text: str) -> bool:
        digits = "".join(c for c in pattern_text if c.isdigit())
        return bool(self.RANGES.fullmatch(digits)) and bool(super().validate_result(pattern_text))


class OwnRecognizer(LocalRecognizer):
    """A recognizer of gristmill's that finds spans in code rather than by presidio patterns."""

    name: str

    def load(self) -> None:
        pass

    def found(self, entity: str, start: int, end: int, score: float) -> RecognizerResult:
        """A result named as presidio names its pattern results."""
        return RecognizerResult(entity, start, end, score, analysis_explanation=AnalysisExplanation(self.name, score),
                                recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                                      RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id})


# ISO 13616: the IBAN's length in each country of the registry (SWIFT's IBAN registry, release 101), country
# code and check digits included.
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27, "BR": 29,
    "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29,
    "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28,
    "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20,
    "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
    "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29,
    "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24,
    "SM": 27, "SO": 23, "ST": 25, "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
    "YE": 30,
}


# Countries that issue IBANs nationally, outside SWIFT's registry (the "experimental" IBANs of the West and
# Central African monetary unions, the Maghreb, Iran and others), at the length each one's banks print. The sources
# disagree on Algeria: its BBAN is the 20-digit RIB (bank, branch, account, key), 24 in all, in php-iban and in
# IBANs seen in use; schwifty, ibantools and java-iban have 26. Both count (the checksum still has to hold).
NATIONAL_IBAN_LENGTHS: dict[str, int | tuple[int, ...]] = {
    "AO": 25, "BF": 28, "BJ": 28, "CF": 27, "CG": 27, "CI": 28, "CM": 27, "CV": 25, "DZ": (24, 26), "GA": 27, "GQ": 27,
    "GW": 25, "IR": 26, "KM": 27, "MA": 28, "MG": 27, "ML": 28, "MZ": 25, "NE": 28, "SN": 28, "TD": 27, "TG": 28,
}
# Words of moving money: a string after them that has an IBAN's shape and check digits is the account paid from
# or into ("Please transfer to ...", "Refund to ...", "Bank details: ..."), as after the word IBAN itself.
PAYMENT_WORDS = (r"bank|banking|transfer|transfers|wire|pay|paid|payment|payments|payee|refund|refunds|refunded|"
                 r"remit|remittance|deposit|beneficiary|sepa|swift|bic|überweisung|überweisen|zahlung|virement|"
                 r"versement|transferencia|pago|bonifico|pagamento|transferência|przelew|wpłata|overboeking|"
                 r"betaling|överföring|betalning|siirto|maksu|převod|platba|átutalás|transfer bancar|havale|"
                 r"перевод|переказ|μεταφορά|تحويل")
# the same in scripts written without spaces, where a word has no boundary to look for (Chinese, Japanese,
# Korean, Thai): account, transfer, remittance, bank
UNSPACED_ACCOUNT_WORDS = (r"账户|账号|帐户|帐号|户名|转账|汇款|银行|帳戶|轉帳|匯款|銀行|口座|振込|振り込|送金|"
                          r"계좌|입금|송금|이체|은행|บัญชี|โอน|ธนาคาร")
# stems of account, bank and transfer words of inflecting languages, any ending after them (сметката, hesabına,
# λογαριασμό, ანგარიშზე, கணக்கில்), and Arabic's article or Hebrew's joined prepositions before them (الحساب,
# לחשבון)
INFLECTED_ACCOUNT_WORDS = (r"(?:ال|لل|بال|[והלבמש]{1,2})?(?:сч[её]т|сметк|рахун|реквизит|реквізит|банк|превод|перевод|"
                           r"переказ|λογαριασμ|τράπεζ|κατάθεσ|hesa[pb]|havale|bank|ანგარიშ|ბანკ|հաշիվ|հաշվ|բանկ|கணக்|"
                           r"வங்கி|खात|बैंक|बँक|חשבון|בנק|העבר|حساب|بنك|مصرف|تحويل|بانک|واریز)\p{L}*")
ACCOUNT_WORD = regex.compile(rf"(?i)(?<!\p{{L}})(?:(?:{ACCOUNT_WORDS}|{PAYMENT_WORDS})(?!\p{{L}})"
                             rf"|{INFLECTED_ACCOUNT_WORDS})|{UNSPACED_ACCOUNT_WORDS}")
_WORD_GOES_ON = regex.compile(rf"(?![{UNSPACED_SCRIPTS}])[\p{{L}}\p{{N}}]")


def iban_lengths(country: str) -> list[int]:
    """The lengths an IBAN of `country` has: the registry's, or the national ones; none for another country."""
    known = IBAN_LENGTHS.get(country, NATIONAL_IBAN_LENGTHS.get(country, ()))
    return list(known) if isinstance(known, tuple) else [known]


def iban_checksum_ok(iban: str) -> bool:
    """ISO 7064 MOD 97-10 over the IBAN with its first four characters moved to the end (letters A=10 ... Z=35)."""
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


class Iso13616IbanRecognizer(OwnRecognizer):
    """IBANs by their definition (ISO 13616): a registry country code, two check digits and the country's BBAN,
    so exactly the country's length, passing MOD 97-10; written compact or in the paper form's groups of four
    (any grouping, single spaces or dashes), in upper or lower case but not mixed. A candidate that runs on into
    the next token ("... 3000 REF 2024") is cut at the country's length, which must end at a token boundary.

    Countries that issue IBANs nationally, outside the registry (Iran's IR, 26 characters; the West and Central
    African ones), count at their national length. Where the text names the string as an account (the word IBAN
    or a bank-account word of an IBAN country's language, on the lines before it: a label, a form's field, a
    table's header; or just after it, where a language puts the noun after) or speaks of paying into it
    (transfer, refund, bank details), any length the standard allows counts, whatever the country, if the check
    digits hold: a registry IBAN with a character missing or added is still the person's account. ISO 13616
    caps an IBAN at 34 characters and sets no floor (the registry's shortest is Norway's 15); a labelled one
    needs a BBAN of eight characters at least. The checksum keeps a random label-and-number pair out (1 in 97)."""

    CANDIDATE = regex.compile(rf"(?<!(?![{UNSPACED_SCRIPTS}])[\p{{L}}\d])(?:[A-Z]{{2}}\d{{2}}|[a-z]{{2}}\d{{2}})"
                              r"(?:[ \u00a0-]?[A-Za-z\d]){8,32}")
    LABEL_REACH = 300  # characters before the candidate where an account word names it (a table's header row)
    WORD_AFTER_REACH = 40  # and after it, in languages that put the noun after ("… numaralı hesaba", "… հաշվին")
    ISO_LENGTHS = range(34, 11, -1)  # the longest first: a label's candidate is cut at its last token boundary
    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(supported_entities=["IBAN_CODE"], supported_language=supported_language,
                         name="Iso13616IbanRecognizer", context=["iban", "bank", "account", "transfer"])

    def spans(self, text: str) -> Iterable[tuple[int, int]]:
        for match in self.CANDIDATE.finditer(text):
            candidate = match.group()
            positions = [i for i, c in enumerate(candidate) if c.isalnum()]
            country = candidate[:2].upper()
            lengths = iban_lengths(country)
            if ACCOUNT_WORD.search(text, max(0, match.start() - self.LABEL_REACH), match.start()) or \
                    ACCOUNT_WORD.search(text, match.end(), match.end() + self.WORD_AFTER_REACH):
                lengths += [n for n in self.ISO_LENGTHS if n not in lengths]
            for n in lengths:
                if len(positions) < n:
                    continue
                end = positions[n - 1] + 1
                compact = "".join(candidate[i] for i in positions[:n])
                following = text[match.start() + end:match.start() + end + 1]
                if (not _WORD_GOES_ON.match(following) and (compact.isupper() or compact.islower())
                        and iban_checksum_ok(compact.upper())):
                    yield match.start(), match.start() + end
                    break

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
                ) -> list[RecognizerResult]:
        if not DIGIT.search(text):
            return []
        return [self.found("IBAN_CODE", start, end, EntityRecognizer.MAX_SCORE) for start, end in self.spans(text)]


class StreetAddressRecognizer(OwnRecognizer):
    """Postal addresses: a street line (or post box, or military address) extended over the lines after it
    (unit, town, region, country, postcode), so a whole address is one span and no part of it stays."""

    def __init__(self, supported_language: str = "en") -> None:
        self.street_lines = [regex.compile(p, CASE_SENSITIVE) for p in STREET_LINES[:-1]]  # all need a digit
        self.corner = regex.compile(STREET_LINES[-1], CASE_SENSITIVE)
        self.script_street_lines = [regex.compile(p, CASE_SENSITIVE) for p in SCRIPT_STREET_LINES]
        self.unit = regex.compile(rf"\b{_UNIT}", CASE_SENSITIVE)
        super().__init__(supported_entities=["STREET_ADDRESS"], supported_language=supported_language,
                         name="StreetAddressRecognizer",
                         context=["address", "street", "live", "located", "deliver", "ship", "mail"])

    def spans(self, text: str) -> Iterable[tuple[int, int, float]]:
        for match in self.corner.finditer(text):
            yield (*self.extend(text, match.start(), match.end()), 0.7)
        if not DIGIT.search(text):
            return
        for expression in self.street_lines:
            for match in expression.finditer(text):
                yield (*self.extend(text, match.start(), match.end()), 0.7)
        for expression in self.script_street_lines:
            for match in expression.finditer(text):
                yield (*self.extend(text, match.start(), match.end()), 0.7)
        if FOREIGN_LETTER.search(text) and latin_prose(text):
            for match in FOREIGN_STREET.finditer(text):
                yield (*self.extend(text, match.start(), match.end()), 0.5)
        for match in WORD_THEN_NUMBER.finditer(text):
            if match.group(1).lower().endswith(STREET_SUFFIXES):
                window = max(0, match.start() - 60)
                before = NAME_WORDS_BEFORE.search(text[window:match.start()])
                start = window + before.start() if before else match.start()
                yield (*self.extend(text, start, match.end()), 0.7)
        for match in self.unit.finditer(text):
            start = match.start()
            if AT_LINE_START.search(text[max(0, start - 12):start]):  # "Apt. 5" alone: the street is above
                street = STREET_LINE_ABOVE.search(text[max(0, start - 60):start])
                start = max(0, start - 60) + street.start(1) if street else start
            yield (*self.extend(text, start, match.end()), 0.5)

    @staticmethod
    def extend(text: str, start: int, end: int) -> tuple[int, int]:
        """Grow a street-line span: a house number and addressee lines before it, address lines after it."""
        before = LEADING_NUMBER.search(text[max(0, start - 12):start])
        if before:
            start -= len(before.group())
        if AT_LINE_START.search(text[max(0, start - 12):start]):
            for _ in range(3):
                window = max(0, start - 80)
                line = ADDRESSEE_LINE.search(text[window:start])
                if not line or len(line.group(1).split()) > 6:
                    break
                start = window + line.start(1)
        for _ in range(6):
            following = CONTINUATION.match(text[end:end + 80])
            if not following:
                break
            end += following.end()
        return start, end

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
                ) -> list[RecognizerResult]:
        results = [self.found("STREET_ADDRESS", start, end, score) for start, end, score in self.spans(text)]
        return EntityRecognizer.remove_duplicates(results)


class OwnScriptRecognizer(OwnRecognizer):
    """Names and places in prose of a script other than Latin, where the English NER model reads nothing: after
    a cue of the text's own language, or capitalized in a cased script (see `pii_scripts`)."""

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(supported_entities=["PERSON", "LOCATION", "STREET_ADDRESS"], name=type(self).__name__,
                         supported_language=supported_language)

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
                ) -> list[RecognizerResult]:
        if not own_language_text(text):
            return []
        return [self.found(entity, start, end, score) for entity, start, end, score in own_script_findings(text)
                if entity in entities]


def cue_recognizer(entity: str, name: str, cues: list[tuple[str, float]], language: str,
                   context: list[str] | None = None) -> PatternRecognizer:
    patterns = [pattern(f"{name} {i}", expression, score) for i, (expression, score) in enumerate(cues)]
    return PatternRecognizer(supported_entity=entity, name=name, patterns=patterns, context=context or [],
                             supported_language=language, global_regex_flags=CASE_SENSITIVE)


def gazetteer(entity: str, name: str, words: str, score: float, language: str) -> PatternRecognizer:
    expression = rf"(?<![\p{{L}}-])(?i:{words})(?![\p{{L}}-])"
    return PatternRecognizer(supported_entity=entity, name=name, supported_language=language,
                             patterns=[pattern(name, expression, score)], global_regex_flags=CASE_SENSITIVE)


def custom_recognizers(language: str) -> list[EntityRecognizer]:
    """The recognizers gristmill adds to presidio's (see the module docstring)."""
    age = [pattern("years old", r"\b\d{1,3}(?=[ -]?(?:years?|yrs?|y/?o)\b(?:[ -]?old)?)", 0.6),
           pattern("age", r"(?i:(?<=\b(?:age|aged|age:|ages|age of)\s*))\d{1,3}\b", 0.6),
           pattern("turned", r"(?i:(?<=\b(?:turned|turns|turning|will be|is now)\s+))\d{1,3}\b"
                             r"(?!\s*(?:%|percent|degrees|times|minutes|hours|days|weeks|months|years? ago))", 0.5)]
    postcode = [pattern("UK postcode", r"\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b", 0.5),
                pattern("CA postcode", r"\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b", 0.5),
                pattern("US ZIP+4", r"\b\d{5}-\d{4}\b", 0.4),
                pattern("postcode after cue", r"(?i:(?<=\b(?:zip|zip code|postcode|postal code|post code)"
                                              r"\s*(?:is|:|#)?\s*))[A-Z\d]{3,5}(?:[ -][A-Z\d]{2,4})?\b", 0.7)]
    return [
        StreetAddressRecognizer(language),
        OwnScriptRecognizer(language),
        InternationalPhoneRecognizer(language),
        UngroupedPhoneRecognizer(language),
        ContextRequiredNhs(supported_language=language),
        cue_recognizer("PERSON", "CueNameRecognizer", PERSON_CUES, language),
        cue_recognizer("LOCATION", "CuePlaceRecognizer", PLACE_CUES, language),
        cue_recognizer("ORGANIZATION", "CueOrganizationRecognizer", ORG_CUES, language),
        cue_recognizer("TITLE", "CueJobTitleRecognizer", [(TITLE_CUE, 0.5)], language),
        cue_recognizer("CREDIT_CARD", "CueCardRecognizer", [(CARD_CUE + r"\d(?:[ -]?\d){11,18}\b", 0.6)], language),
        cue_recognizer("PHONE_NUMBER", "CuePhoneRecognizer", [(PHONE_CUE + CUED_PHONE, 0.55),
                                                              (PHONE_LABEL_AFTER, 0.55)], language),
        cue_recognizer("PHONE_NUMBER", "CallWordPhoneRecognizer", PHONE_NEAR_CALL_WORD, language),
        gazetteer("LOCATION", "CountryRecognizer", COUNTRIES, 0.7, language),
        gazetteer("NRP", "DemonymRecognizer", DEMONYMS, 0.6, language),
        PatternRecognizer(supported_entity="AGE", name="AgeRecognizer", patterns=age, supported_language=language,
                          context=["age", "old", "born"], global_regex_flags=CASE_SENSITIVE),
        PatternRecognizer(supported_entity="TITLE", name="HonorificRecognizer", supported_language=language,
                          patterns=[pattern("honorific", rf"\b(?:{HONORIFICS})\b\.?(?=\s+\p{{Lu}})", 0.6)],
                          global_regex_flags=CASE_SENSITIVE),
        PatternRecognizer(supported_entity="ZIP_CODE", name="PostcodeRecognizer", patterns=postcode,
                          supported_language=language, context=["zip", "postal", "postcode", "post code"],
                          global_regex_flags=CASE_SENSITIVE),
        PatternRecognizer(supported_entity="ORGANIZATION", name="CompanySuffixRecognizer", supported_language=language,
                          patterns=[pattern("company suffix", rf"(?:{_NAME_WORD}[ ,&]+(?:and\s+)?){{1,4}}"
                                            r"(?:Inc|LLC|Ltd|GmbH|Corp|Corporation|Company|Co|Group|Holdings|PLC|"
                                            r"AG|SA|BV|AB|Oy|AS|ApS|KG|SpA|SRL|Pty)\b\.?", 0.6)],
                          global_regex_flags=CASE_SENSITIVE),
    ]


def presidio_recognizers(language: str, phone_regions: list[str], threshold: float = 0.0) -> list[EntityRecognizer]:
    """presidio's own recognizers that gristmill keeps, gated where a cheap test can rule a text out. A weak
    recognizer (bank account, driver's licence, passport: any 8-digit number) whose pattern scores stay under
    `threshold` can only report with a context word nearby, so texts without any of its words skip it."""
    recognizers: list[EntityRecognizer] = []
    for cls in (CreditCardRecognizer, UsSsnRecognizer, UsItinRecognizer, UsBankRecognizer,
                UsLicenseRecognizer, UsPassportRecognizer, IpRecognizer, DateRecognizer):
        plain = cls(supported_language=language)
        patterns: list[Any] = plain.patterns  # type: ignore[has-type]
        weak = max(p.score for p in patterns) < threshold and cls.validate_result is Gated.validate_result
        gate = regex.compile("|".join(map(regex.escape, plain.context)), regex.IGNORECASE) if weak else DIGIT
        recognizers.append(gated(cls, gate)(supported_language=language))
    return [
        *recognizers,
        Iso13616IbanRecognizer(supported_language=language),
        gated(IssuerRangeCardRecognizer, DIGIT)(supported_language=language),
        gated(OfflineEmailRecognizer, regex.compile("@"))(supported_language=language),
        gated(UrlRecognizer, regex.compile(r"(?i:://|www\.|[a-z0-9]\.[a-z]{2,})"))(supported_language=language),
        GatedPhoneRecognizer(supported_language=language, supported_regions=phone_regions),
    ]


class CachedRegistry(RecognizerRegistry):
    """presidio's registry with the recognizer lookup that `analyze` repeats on every call (about half a
    millisecond per text) cached per language and entity list; adding or removing a recognizer clears it."""

    def get_recognizers(self, language: str, entities: list[str] | None = None, all_fields: bool = False,
                        ad_hoc_recognizers: list[EntityRecognizer] | None = None) -> list[EntityRecognizer]:
        if ad_hoc_recognizers:
            return super().get_recognizers(language, entities, all_fields, ad_hoc_recognizers)
        cache: dict[tuple[Any, ...], list[EntityRecognizer]] = self.__dict__.setdefault("_lookups", {})
        key = (language, tuple(entities or ()), all_fields)
        if key not in cache:
            cache[key] = super().get_recognizers(language, entities, all_fields)
        return cache[key]

    def add_recognizer(self, recognizer: EntityRecognizer) -> None:
        self.__dict__.pop("_lookups", None)
        super().add_recognizer(recognizer)

    def remove_recognizer(self, *args: Any, **kwargs: Any) -> None:
        self.__dict__.pop("_lookups", None)
        super().remove_recognizer(*args, **kwargs)


def build_registry(language: str, ner: bool, phone_regions: list[str], threshold: float) -> RecognizerRegistry:
    """Every recognizer of the pass for `language`; the spaCy one only when NER is on."""
    registry = CachedRegistry(supported_languages=[language])
    for recognizer in presidio_recognizers(language, phone_regions, threshold) + custom_recognizers(language):
        registry.add_recognizer(recognizer)
    if ner:
        registry.add_recognizer(SpacyRecognizer(supported_language=language, supported_entities=list(NER_ENTITIES)))
    return registry


def supported_entities() -> set[str]:
    """Every entity type some recognizer of the pass can report (NER ones included: without a model,
    gristmill's cue and gazetteer recognizers still report PERSON, LOCATION, ORGANIZATION and NRP)."""
    recognizers = presidio_recognizers("en", ["US"]) + custom_recognizers("en")
    return {e for r in recognizers for e in r.supported_entities} | set(NER_ENTITIES)
