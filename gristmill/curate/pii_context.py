"""When a found value is personal data: code, documentation-reserved values, and names in context.

The recognizers find values; this module decides which of them the `pii` pass acts on, and says why.

- **Code** (`on_code`): in fenced blocks, inline code and lines that read as code (`code_spans`), a NER model
  and the cue recognizers see people, places and addresses in identifiers. With `patterns_only` only the
  structured identifiers (e-mail, phone, card, SSN, IBAN, IP, ...) are acted on there, so real personal data
  in a comment or a string is still redacted; `skip` leaves code alone, `redact` treats it as prose.
- **Reserved values** (`keep_reserved`): addresses that can identify no one: RFC 2606 / 6761 domains
  (example.com, *.test, localhost, ...), RFC 5737 and RFC 3849 documentation networks, loopback, private,
  link-local, unspecified and multicast addresses, and the fictional 555-0100..0199 telephone range.
- **Names and places** (`person`, `location`): a public figure, an author or a fictional character in a
  general-knowledge answer is the content, not private data. With `contextual` a PERSON is acted on only with
  personal context: another identifier nearby (e-mail, phone, address, account numbers), a first-person
  disclosure or a greeting / signature ("my name is", "Dear", "Regards,"), a private relation ("my
  neighbor", "her boss", "our waiter"), the name's own contact details ("Ann's phone number"), a line that lists
  people for a record ("Attendees: ...", "CC: ..."), a letter's signature ("Best,\nAnn Berg", "- Ann"), a
  record's role ("Claimant: ...", "Customer Ann Berg called") or the whole value of a record's field in a text
  with no sign of public knowledge, a contact entry before a phone number or e-mail ("Ann Berg - 0612 ..."), or a
  name that public text almost never writes (a name word under Zipf 2 in `wordfreq`'s list for the language: a
  known public figure's surname is written in news, books and encyclopedias, a private person's usually is not; without
  wordfreq installed, or for a language it has no list for, this rule is off). A LOCATION is acted on
  beside such identifiers or a personal name, after a first-person residence or travel cue ("I live in", "I'm
  in", "my flight to"), as a record's place field ("Place of birth:"), or after someone else's ("he lives
  near") in a text with no sign of public knowledge.
  Once one mention of a name is personal, every mention of it is (`pii.propagate_names`).
  `person: unless_public` (the default) flips the burden of proof for a full name (two to four words) with no
  such evidence: it is acted on unless its text reads as public knowledge (offices, works, fame, history, a
  question about facts: `PUBLIC_CONTEXT`) or every word of it is common in public text (Zipf 3 or more in
  `wordfreq`'s list; without wordfreq every name counts as common, and the policy acts as `contextual`).
  `location: unless_public` is the same rule for a place (one word or more) where someone is, goes or comes
  from ("in", "at", "to", "from" before it): a street, a district or a small town in a text with no sign of
  public knowledge is acted on; a country or a well-known city (every word Zipf 3 or more: France, Paris,
  Berlin) stays, and so does a place named as a topic ("fans of Les Bleus").
"""

from __future__ import annotations

import functools
import ipaddress
import re
import unicodedata
from collections.abc import Sequence
from typing import Literal

import regex

Policy = Literal["contextual", "unless_public", "always", "never"]
CodePolicy = Literal["skip", "patterns_only", "redact"]
ReservedScope = Literal["in_code", "everywhere", "nowhere"]

# Values that identify a person by their form, acted on even inside code with `on_code: patterns_only`.
STRUCTURED = frozenset({"EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS",
                        "UK_NHS", "US_ITIN", "CRYPTO", "MEDICAL_LICENSE"})
# Values whose presence near a name makes the name personal.
IDENTIFIERS = STRUCTURED | {"STREET_ADDRESS", "US_BANK_NUMBER", "US_DRIVER_LICENSE", "US_PASSPORT"}
NEAR = 250  # characters between a name and an identifier that make them one person's record

RESERVED_DOMAINS = re.compile(r"(?i)(?:^|\.)(?:example|test|invalid|localhost|local|example\.(?:com|net|org))$")
FICTIONAL_PHONE = re.compile(r"\b555[ .-]?01\d\d$|^\D*(?:\d\D*){0,4}$")
_PEOPLE = (r"friend|neighbou?r|boss|wife|husband|son|daughter|kid|child|brother|sister|mother|father|mom|mum|"
           r"dad|uncle|aunt|cousin|nephew|niece|grandson|granddaughter|grandma|grandpa|grandmother|grandfather|"
           r"coworker|co-worker|colleague|roommate|classmate|teacher|landlord|tenant|employee|manager|partner|"
           r"girlfriend|boyfriend|fianc[eé]e?|ex|spouse|doctor|therapist|client|patient|student|supervisor|"
           r"waiter|waitress|driver|courier|nurse|receptionist|cleaner|nanny|babysitter|tutor|plumber|electrician|"
           r"mechanic|contractor|accountant|lawyer|attorney|dentist|caregiver|housemate|flatmate|stepson|"
           r"stepdaughter|stepmother|stepfather|in-law|mother-in-law|father-in-law|team\s?mate|teammate|"
           r"assistant|secretary|hairdresser|barber|trainer|instructor|guardian|caseworker|pen\s?pal")
# A person's role in a record, labelled ("Claimant: ...", "Next of kin: ...") or, for the roles that only a
# record gives, before the name ("Customer Ann Berg called"); and what a record says was done by or for someone.
RECORD_ROLES = (r"patient|customer|applicant|employee|tenant|recipient|contact|guest|student|holder|beneficiary|"
                r"client|member|user|passenger|driver|owner|sender|caller|visitor|witness|victim|suspect|assignee|"
                r"reviewer|requester|claimant|guardian|next\s+of\s+kin|insured|name\s+of\s+(?:the\s+)?\w+|appellant|"
                r"taxpayer|travell?er|buyer|seller|payee|payer|borrower|signatory|subscriber|occupant|pupil|"
                r"participant|attendee|resident|cardholder|policyholder|account\s+holder|addressee|parent|landlord|"
                r"contact\s+person|emergency\s+contact")
RECORD_ROLES_BARE = (r"patient|tenant|customer|client|applicant|employee|guest|resident|claimant|passenger|"
                     r"policyholder|cardholder|taxpayer|appellant|visitor")
RECORD_VERBS = (r"(?:approved|prepared|requested|submitted|checked|verified|entered|assigned|booked|reported|signed|"
                r"issued|billed|paid|ordered|received|registered|filed|completed|raised|made\s+out|addressed|"
                r"booking|reservation|ticket|itinerary|invoice|receipt|prescription|appointment)\s+(?:by|to|for|from)")
PERSONAL_BEFORE = re.compile(
    r"(?i)(?:\bmy\s+name\s+is|\bname's|\bname\s+is|\bcall\s+me|\bname\s*:|\bI'm|\bI\s+am|\bthis\s+is|"
    r"\bsigned|\bregards|\bsincerely|\bcheers|\bthanks|\bthank\s+you|\bbest\s+wishes|\bdear|"
    rf"\battn\.?|\battention|\bc/o|\bto\s*:|\bfrom\s*:|\bcc\s*:|\b(?:{RECORD_ROLES})\s*:|\b(?:{RECORD_ROLES_BARE})|"
    rf"\b{RECORD_VERBS}\s*:?|\bcontact\s+person|\b(?:first|last|full|middle|maiden)\s+name\??|\b(?:Mr|Mrs|Ms|Mx|Miss)\.?|"
    r"\bfollow\s+up\s+with|\breach\s+out\s+to|\b(?:speak|talk|meet|meeting)\s+(?:to|with)|\bremind|"
    r"\b(?:send|forward|give|hand)\s+(?:it|this|that|them)\s+to|\b(?:call|email|e-mail|text|ping|contact)|"
    # a name given for a record: "what's your name? ...", "please change it to ...", "it's under ..."
    r"\bname\s*\?|\b(?:change|correct|update|changed|corrected|updated)\s+(?:it|that|this|(?:my|the)\s+name)\s+to|"
    r"\b(?:it's|it\s+is|booked|reserved|reservation|booking|order|registered)\s+under|"
    rf"\b(?:my|our|your|his|her|their)\s+(?:[\w'-]+\s+){{0,2}}(?:{_PEOPLE})"
    r"(?:\s*,|\s+(?:(?:is|was)\s+)?(?:named|called)|\s+is|\s+was)?)"
    r"(?:\s+(?:Dr|Prof|Mr|Mrs|Ms|Mx|Miss)\b\.?)?[\s,:]*\Z")
PERSONAL_AFTER = re.compile(
    r"(?i)\A(?:['’]s?\s+(?:(?:home|work|cell|mobile|personal|private|e-?mail|current|new)\s+)*"
    r"(?:phone|number|address|e-?mail|home|house|apartment|flat|birthday|date\s+of\s+birth|ssn|social\s+security|"
    rf"account|card|password|salary|diagnosis|medical|records?|location|whereabouts|{_PEOPLE})"
    r"|\s*,?\s*(?:is|was)\s+my\b|\s*,?\s*(?:who\s+)?lives?\s+(?:at|on|in|next)|\s*,\s*\d{1,3}\s*,"
    r"|\s*,?\s*(?:born\s+on|DOB|d\.o\.b)\b|\s*<[^>\s]+@"
    r"|\s*,\s*(?:can|could|would|will|please|do|did|are|have)\s+(?:you|I|we)\b"  # addressed
    r"|\s+as\s+(?:a\s+|an\s+|the\s+|my\s+)?(?:beneficiary|guardian|emergency\s+contact|co-?signer|authori[sz]ed"
    r"|dependent|account\s+holder|next\s+of\s+kin))")
VOCATIVE_AFTER = re.compile(r"\A\s*[!?]")
GREETINGS = r"hi|hello|hey|welcome|congratulations|congrats|good\s+(?:morning|afternoon|evening)"
GREETING_BEFORE = re.compile(rf"(?i)\b(?:{GREETINGS})[,\s]+\Z")
SALUTATION_AFTER = re.compile(r"\A[ \t]*(?:,|\n|-)")  # "Hi Anna,", not "Hello, Express!" in a code example
# A speaker's turn is an utterance of two words or more, quoted or not; `Input: "OpenAI"` is a field and its
# value, and a dialogue has two speakers or more whose labels are not field names (Input, Output, Note, ...).
_UTTERANCE = r"(?:[\"“][^\"”\n]*\w[^\"”\n]*\s+\w|[^\W\d_][^\n\"“]*[ \t]+\w)"
SPEAKER_AFTER = re.compile(rf"\A\s*:\s*{_UTTERANCE}")
DIALOGUE_LABEL = re.compile(rf"(?m)^[ \t]*(\w[\w .'-]{{0,30}}?)[ \t]*:[ \t]*{_UTTERANCE}")
_FIELD_LABELS = (
    "Input Output Inputs Outputs Example Examples Note Notes Answer Question Step Result Results Explanation "
    "Solution Response Instruction Instructions Context Title Summary Description Name Error Warning Tip Hint "
    "Usage Returns Return Args Arguments Parameters Params Raises Type Value Key Code Sample Test Expected Actual "
    "Source Target Text Sentence Prompt Task Topic Subject Date Time Email Phone Address Status Category Label "
    "Reason Comment Comments Definition Translation Correction Original Reference Author Price Total "
    "Ingredients Directions Method Option Options Choice Choices Review Rating Sentiment Class Function Query "
    "Request Reply Message Keywords Tags Format Language Purpose Goal Objective Problem Issue Fix Update "
    "Pros Cons Advantages Disadvantages Conclusion Introduction Overview Background Chorus Verse Bridge "
    "Hook Outro Intro Rewrite Revised Edited Paraphrase Headline Caption Slogan Tagline "
    # a message's header fields in other languages: to, copy, from, subject
    "To Cc Bcc From Кому Копия Копія Від От До Копие Тема Προς Κοιν. Κοιν Από Θέμα 받는 참조 보내는 제목 宛先 差出人 "
    "件名 收件人 抄送 发件人 主题 主題 प्रति प्रापक बोधार्थ प्रेषक विषय প্রাপক প্রেরক বিষয় பெறுநர் பொருள் વિષય إلى من "
    "الموضوع گیرنده فرستنده رونوشت موضوع אל מאת העתק נושא Kime Kimden Bilgi Konu Kepada Dari Tembusan Perihal "
    "ถึง จาก เรื่อง ვის ასლი თემა Ում Թեմա நகல் অনুলিপি નકલ प्रतिलिपि")
FIELD_LABELS = frozenset(_FIELD_LABELS.split())
# Words a NER model or a cue reads as names that never are: chat roles, interjections, acronyms.
_NON_NAMES = ("Human Assistant User System AI Bot Chatbot Customer Agent Moderator Narrator Q A Hmm Hm Um Uh Oh Ah "
              "Aha Geez Gee Wow Well Okay OK Ok Yes No Sure Sorry Hey Hi Hello Ugh Oops Yeah Yep Nope Alright Right "
              "So Now Haha Lol Wait Please Thanks Cheers Dear Everyone Everybody World Mr Mrs Ms Mx Miss Dr Prof Sir "
              "Madam Dame Lord Lady Lorem Ipsum Firstname Lastname Surname Username Fullname Tel Tél Fax Mob Ph")
NON_NAMES = frozenset(_NON_NAMES.split())
# Labels of a record's field whose value is a place ("Place of birth: ...", "Destination: ...")
PLACE_LABELS = (r"city|town|village|municipality|place\s+of\s+(?:birth|residence)|birthplace|hometown|residence|"
                r"locality|suburb|district|county|destination|origin|location|country|region|province|nationality|"
                r"citizenship|country\s+of\s+(?:birth|residence|origin)|state\s+of\s+residence")
RESIDENCE_BEFORE = re.compile(
    r"(?i)\b(?:I|we|my\s+\w+|our\s+\w+|I'm|we're)\s+(?:\w+\s+){0,2}(?:live[sd]?|living|moved|moving|relocated|born|"
    r"grew\s+up|stay(?:ing|ed)?|reside[sd]?|from|based|located|travel(?:l)?(?:ing|ed)?|fl(?:y|ying|ew)|going|went|"
    r"heading|drove|driving|visiting)\s+(?:\w+\s+){0,2}(?:in|to|at|near|from)?\s*\Z"
    r"|\b(?:I'm|I\s+am|we're|we\s+are)\s+(?:(?:still|now|currently|back|staying)\s+)?(?:in|at|near)\s*\Z"
    r"|\b(?:my|our)\s+(?:\w+\s+)?(?:flight|train|trip|bus|ferry|journey|drive)\s+(?:back\s+)?(?:to|from)\s*\Z"
    rf"|\b(?:address|zip|postcode|{PLACE_LABELS})\s*(?:is|:)[ \t]*\Z")
# Someone else's home or whereabouts ("he lives near ...", "she moved back to ..."): personal unless the text reads
# as public knowledge (a biography says where its subject lived)
THIRD_PERSON_RESIDENCE = re.compile(
    r"(?i)\b(?:he|she|they|his\s+\w+|her\s+\w+|their\s+\w+)\s+(?:\w+\s+){0,2}(?:live[sd]?|living|moved|moving|"
    r"relocated|grew\s+up|stay(?:s|ing|ed)?|reside[sd]?)\s+(?:back\s+)?(?:in|to|at|near|from)\s*\Z")


def reserved_value(entity: str, value: str) -> bool:
    """Whether a found value is documentation-reserved or can identify no one (see the module docstring)."""
    if entity == "EMAIL_ADDRESS" or entity == "URL":
        domain = value.rsplit("@", 1)[-1].split("/")[0].rstrip(".>)")
        return bool(RESERVED_DOMAINS.search(domain.split("://")[-1].split(":")[0]))
    if entity == "IP_ADDRESS":
        try:
            address = ipaddress.ip_address(value.strip("[]").split("%")[0])
        except ValueError:
            return False
        documentation = ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
        return (not address.is_global or address.is_multicast
                or any(address in ipaddress.ip_network(net) for net in documentation))
    if entity == "PHONE_NUMBER":
        return bool(FICTIONAL_PHONE.search(value.strip()))
    return False


VERSION_BEFORE = re.compile(r"(?i)(?:\bversion|\bver\.?|\bv|\brelease|\bbuild|\bupgrade\s+to|==|[-@~^])\s*\Z")


DECIMAL_BEFORE = re.compile(r"\d\.\Z")
DECIMAL_AFTER = re.compile(r"\.\d")
DECIMAL = re.compile(r"(?:[1-9]\d*|0)\.\d+")  # 3.14159265, 0.5; not 0664.123456 (a trunk prefix)
# Words that label a phone number, in the languages of the address formats the recognizers know (Tél., Handy)
PHONE_WORDS = (r"phone|mobile|mobil|móvil|movil|cell|celular|tel|telephone|tél|téléphone|telefon|telefono|teléfono|"
               r"telefone|fone|handy|natel|mob|ph|fax|sms|whatsapp|landline|hotline|helpline|dial|kontakt|"
               # the landline, the French mobile, compounds with "number", inflected forms (numer telefonu,
               # номер телефона)
               r"festnetz|portable|rufnummer|(?:telefon|handy|mobil|festnetz)nummer|telefon\w{1,3}|телефон\w{1,2}|"
               # in other scripts: Arabic, Persian, Hebrew, Cyrillic, Greek, Devanagari, Tamil, Sinhala, Amharic, CJK
               r"هاتف|الهاتف|هاتفي|جوال|الجوال|موبايل|اتصل|اتصلي|تلفن|موبایل|טלפון|נייד|телефон|тел|моб|мобилен|"
               r"мобільний|мобильный|τηλ|τηλέφωνο|κινητό|फोन|फ़ोन|मोबाइल|दूरध्वनी|தொலைபேசி|கைபேசி|அலைபேசி|"
               r"දුරකථන|ስልክ|電話|전화|电话")
# Words of phoning and calling in languages that inflect them or join prepositions to them (Hebrew להתקשר,
# Georgian დამირეკეთ, Armenian Զանգահարեք, Turkish arayın), as stems with any ending: a number within a few
# words of one, before or after it, on its line, is a phone number ("Καλέστε με στο 6953 178392", "Beni
# 06173048676 numarasından arayın", "{number}までお電話ください")
CALL_STEMS = (r"(?:[והלבמש]{1,2})?(?:טלפון|נייד|התקשר|תתקשר|חייג)|τηλ(?!εό)|κινητ|καλέστε|καλέσ|ტელ|დამირეკ|დარეკ|"
               r"მობილურ|հեռ|զանգ|բջջային|कॉल|फोन|फ़ोन|मोबाइल|मोबाईल|அழை|தொலைபேசி|கைபேசி|telefon|aray(?:ın|ınız|abilir)|"
               r"hubungi|telp|zəng|qo'ng'iroq|звон|обад|телефонуй|تماس|تلفن|موبایل|اتصل|هاتف|جوال")
UNSPACED_CALL_WORDS = r"โทร|เบอร์|拨打|致电|電話|电话|携帯|手机|전화|연락"  # no word edge to look for
PHONE_LABEL = re.compile(rf"(?i:\b(?:{PHONE_WORDS})\b)[^\n\d]{{0,20}}\Z")

# Words that label a postal address in a form or a letter, in the languages of Latin-script locales
ADDRESS_LABELS = (
    r"(?:(?:home|postal|mailing|shipping|billing|delivery|return|street|residential|new|old|current|permanent|"
    r"correspondence|forwarding|sender'?s?|recipient'?s?)\s+)?address|adresse|anschrift|wohnadresse|postanschrift|"
    r"lieferadresse|rechnungsadresse|adresse\s+postale|adresse\s+de\s+livraison|adresa|adres|adress|adressi|"
    r"aadress|adresas|adrese|osoite|lähiosoite|dirección|direccion|domicilio|indirizzo|endereço|endereco|morada|"
    r"cím|naslov|postadresse|postadres|bezorgadres|factuuradres|besöksadress|leveringsadresse"
)
# What an IBAN is called where it is asked for: "IBAN", "account", and the bank-account words of the languages
# whose countries use IBANs (Kontonummer, rekeningnummer, RIB, numéro de compte, número de cuenta, conto, numer
# konta, číslo účtu, számlaszám, tilinumero, račun, hesap, λογαριασμός, счёт, рахунок, Iran's sheba: شبا).
ACCOUNT_WORDS = (r"iban|account|acct|a/c|konto|kontonummer|kontonr|bankverbindung|bankrekening|rekening|"
                 r"rekeningnummer|rib|compte|cuenta|conta|conto|rachunek|konta|rachunku|účet|účtu|számla|számlaszám|"
                 r"tili|tilinumero|tilille|račun|računa|cont|contul|hesap|λογαριασμός|λογαριασμού|счёт|счет|рахунок|"
                 r"рахунку|شبا|حساب")
# A field's label that a NER model reads as a name, a place or an organization ("Rufnummer +49 ...", "IBAN-Nr.:",
# "E-Mail-Adresse:", "Kreditkartennummer 4111 ..."): nothing but words that name a kind of identifier, each
# perhaps with "number" or "no." on it.
EMAIL_WORDS = r"e-?mail|mail|courriel|correo|e-?post|poczta|почта|имейл"
CARD_WORDS = (r"card|credit\s+card|kreditkarte|karte|carte|carta|tarjeta|cartão|karta|kaart|kort|kortti|"
              r"(?:kredit)?karten")
_NUMBER_WORD = r"(?:[-\s]?(?:nr|no|num|number|nummer|numer|número|numero|numéro|adresse|address|inhaber))?\.?"
_IDENTIFIER_WORD = rf"(?:{PHONE_WORDS}|{ADDRESS_LABELS}|{ACCOUNT_WORDS}|{EMAIL_WORDS}|{CARD_WORDS}){_NUMBER_WORD}"
IDENTIFIER_LABEL = regex.compile(rf"(?i)(?:{_IDENTIFIER_WORD})(?:[-\s]+(?:{_IDENTIFIER_WORD}))*[\s.:]*")


def identifier_label(value: str) -> bool:
    """Whether `value` is only a label that names a kind of identifier (see IDENTIFIER_LABEL)."""
    return IDENTIFIER_LABEL.fullmatch(value) is not None


# A field's label at a line's start that ends in a word naming what the field holds: a kind of identifier, a place
# field, a name or a record's role ("Registrant City:", "Beneficiary:"); no possessive ("Ann's phone:")
_LABEL_HEAD = regex.compile(r"(?m)^[ \t>*•-]*\Z")
FIELD_LABEL = regex.compile(rf"(?i)(?P<head>(?:[\p{{L}}.-]+[ \t]+){{0,3}})(?:{_IDENTIFIER_WORD}|{PLACE_LABELS}|street|"
                            rf"name|{RECORD_ROLES})[ \t]*:")


def in_field_label(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] begins a line's field label that names what the field holds, where the words before
    that name are no one's: none ("Beneficiary:"), a lower-case word among them ("Il mio IBAN:"), or a form's prefix
    that begins other labels too ("Registrant City:" beside "Registrant Phone:"). A NER model reads such a label as a
    name or a place; the field's value after the colon is the personal one. "Ann Berg mobile:" stays a name."""
    if not _LABEL_HEAD.search(text, text.rfind("\n", 0, start) + 1, start):
        return False
    label = FIELD_LABEL.match(text, start)
    if label is None or label.end() <= end:
        return False
    head = label.group("head").split()
    if not head or any(word.islower() for word in head):
        return True
    prefix = regex.compile(rf"(?m)^[ \t>*•-]*{regex.escape(head[0])}[ \t]+[\p{{L}} .-]{{0,30}}:")
    return len(prefix.findall(text)) >= 2


# a German article or contraction that a capitalized common noun follows ("dem Bahnhof", "zur Post"); not "der" and
# "die", which come before the names of some countries ("in der Schweiz", "in die Türkei")
GERMAN_DETERMINER_BEFORE = re.compile(r"(?<!\w)(?:dem|den|einem|einen|einer|eines|zum|zur|beim|vom)\s+\Z")


def plausible_value(entity: str, text: str, start: int, end: int) -> bool:
    """Reject readings that the surrounding characters rule out: an e-mail inside a URL path
    (`popper.js@1.16.1`), or one whose domain ends in a number (a version, not a host)."""
    if entity == "IP_ADDRESS" and VERSION_BEFORE.search(text[max(0, start - 20):start]):
        return False
    if entity == "PHONE_NUMBER" and (DECIMAL_BEFORE.search(text[max(0, start - 12):start])
                                     or DECIMAL_AFTER.match(text[end:end + 2])):
        return False  # 3.14159265359 is a number with decimals
    if entity == "PHONE_NUMBER" and DECIMAL.fullmatch(text[start:end]) and not PHONE_LABEL.search(
            text[max(0, start - 24):start]):
        return False  # "the text 3.14159265": one dot is a decimal point, unless a phone's label says otherwise
    if entity == "PHONE_NUMBER":
        groups = re.findall(r"\d+", text[start:end])
        return sum(len(g) == 1 for g in groups) * 2 <= len(groups)  # "1 2 3 4 5 6 7 8 9 10" is a list
    if entity == "LOCATION" and " " not in text[start:end] and GERMAN_DETERMINER_BEFORE.search(
            text[max(0, start - 8):start]):
        return False  # "neben dem Bahnhof": German capitalizes every noun; after an article it is a common one
    if entity == "US_DRIVER_LICENSE":
        value = text[start:end]  # "\n1,John": an escaped line break and a number are no licence
        return len(value) >= 5 and sum(c.isdigit() for c in value) >= 3 and text[start - 1:start] != "\\"
    if entity == "EMAIL_ADDRESS":
        token_start = max(text.rfind(c, 0, start) for c in " \t\n\"'(<[")
        if "/" in text[token_start + 1:start + 1] or text[start - 1:start] == "/":
            return False
        return not text[start:end].rstrip(".").rsplit(".", 1)[-1].isdigit()
    return True


# camelCase (`getPerimeter`, `iPhone`) or capitals run on after lower case (`OpenAI`): identifiers, no names
IDENTIFIER_CASE = re.compile(r"^[a-z]+[A-Z]|[a-z][A-Z]{2}")


def capitalized(word: str) -> bool:
    """Whether a word starts as a name does: with a capital, or with a letter of a script that has no capitals
    (Arabic, Devanagari, Thai, CJK, Hangul; Georgian, whose Mkhedruli letters Unicode files as lower-case but
    which is written without capitals), where case cannot tell a name from any other word."""
    first = word[:1]
    return first.isupper() or (first.isalpha() and (not first.islower() or "\u10d0" <= first <= "\u10ff"))


def plausible_name(value: str, text: str) -> bool:
    """Whether a PERSON value can be a name here: not a chat role or an interjection, not a short acronym
    (API, PHP), not an identifier's casing (`getPerimeter`, `OpenAI`), not a lower-case word in a text that uses
    capitals (`Process name: nginx`)."""
    if value in NON_NAMES or (value.isupper() and len(value) <= 5) or value.rstrip("s") in demonyms():
        return False
    if any(IDENTIFIER_CASE.search(word) for word in value.split()):
        return False
    return not (value.islower() and not text.islower() and not capitalized(value))


# A table cell: what lies between two of a table's delimiters (or a line's ends)
_CELL_START = regex.compile(r"(?:\A|[\n,;|\t])[ ]*\Z")
_CELL_END = regex.compile(r"\A[ ]*(?:\Z|[\n,;|\t:])")
_CELL_REST = regex.compile(r"(?:[ ]+\p{Lu}[\p{Ll}'’-]+){1,2}(?=[ ]*(?:\Z|[\n,;|\t]))")


# a GitHub-flavoured Markdown table's delimiter row ("|---|:---:|"): the row above it is the header row
_DELIMITER_ROW = regex.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*(?:\n|\Z)")


def header_cell(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a field label filling a whole table cell ("Name,Phone,Email"), or any cell of a
    Markdown table's header row (in any language: "| Name | IBAN | Betrag |"): a column's header, not a person
    a NER model took it for."""
    line_end = text.find("\n", end)
    if line_end >= 0 and "|" in text[text.rfind("\n", 0, start) + 1:line_end] \
            and _DELIMITER_ROW.match(text, line_end + 1):
        return True
    return (text[start:end] in FIELD_LABELS and bool(_CELL_START.search(text[max(0, start - 8):start]))
            and bool(_CELL_END.match(text[end:end + 8])))


def rest_of_cell(text: str, start: int, end: int) -> int:
    """Where a name found at the start of a table cell ends when the cell goes on with one or two capitalized
    words ("Jonas" of "Jonas Berg,+46 ..."): a contact list's cell holds one whole name."""
    if not _CELL_START.search(text[max(0, start - 8):start]):
        return end
    rest = _CELL_REST.match(text, end)
    return rest.end() if rest else end


# Nationalities and demonyms: presidio's NRP (nationality, religious or political group), which the recognizers
# tag; a demonym is not a person ("North Korean defectors").
DEMONYMS = (
    "American|British|English|Scottish|Welsh|Irish|Canadian|Australian|New Zealander|Mexican|Brazilian|"
    "Argentinian|Argentine|Chilean|Colombian|Peruvian|Uruguayan|Venezuelan|Cuban|Jamaican|French|German|"
    "Italian|Spanish|Portuguese|Dutch|Belgian|Swiss|Austrian|Danish|Swedish|Norwegian|Finnish|Icelandic|"
    "Greenlander|Greenlandic|Faroese|Estonian|Latvian|Lithuanian|Polish|Czech|Slovak|Hungarian|Romanian|"
    "Bulgarian|Greek|Cypriot|Turkish|Russian|Ukrainian|Belarusian|Serbian|Croatian|Slovenian|Slovene|Bosnian|"
    "Albanian|Macedonian|Maltese|Luxembourgish|Chinese|Japanese|Korean|Vietnamese|Thai|Filipino|Indonesian|"
    "Malaysian|Singaporean|Indian|Pakistani|Bangladeshi|Sri Lankan|Nepalese|Afghan|Iranian|Persian|Iraqi|"
    "Syrian|Lebanese|Israeli|Palestinian|Jordanian|Saudi|Emirati|Egyptian|Moroccan|Algerian|Tunisian|Libyan|"
    "Nigerian|Ghanaian|Kenyan|Ethiopian|Somali|South African|Zimbabwean|Tanzanian|Ugandan|Belizean|Belizian|"
    "Arab|Arabic|Jewish|Muslim|Christian|Catholic|Protestant|Hindu|Buddhist|Sikh|Shia|Shiite|Sunni|Shiis|"
    "Latino|Latina|Hispanic|Asian|African|European|Caucasian|Kurdish|Armenian|Georgian|Kazakh|Uzbek|Mongolian|"
    "Democrat|Republican|Communist|Socialist|Conservative|Liberal"
)


@functools.cache
def demonyms() -> frozenset[str]:
    return frozenset(DEMONYMS.split("|"))


# Language names that are nationality words too ("speaks French", "English or Spanish"): named as a language they
# say what someone speaks or a text is written in, not anyone's nationality.
LANGUAGES = (
    "English|French|German|Spanish|Italian|Portuguese|Dutch|Danish|Swedish|Norwegian|Finnish|Icelandic|Estonian|"
    "Latvian|Lithuanian|Polish|Czech|Slovak|Hungarian|Romanian|Bulgarian|Greek|Turkish|Russian|Ukrainian|Belarusian|"
    "Serbian|Croatian|Slovenian|Slovene|Bosnian|Albanian|Macedonian|Maltese|Luxembourgish|Irish|Welsh|Chinese|"
    "Japanese|Korean|Vietnamese|Thai|Filipino|Indonesian|Malay|Persian|Arabic|Hebrew|Kurdish|Armenian|Georgian|"
    "Kazakh|Uzbek|Mongolian|Hindi|Urdu|Bengali|Tamil|Swahili|Mandarin|Cantonese|Catalan|Basque|Tagalog|Faroese"
)
_LANGUAGE = rf"(?:{LANGUAGES})"
# before a language: a verb of speaking, writing or translating, "in", "language(s):"; after it: what a language
# has (speakers, lessons, a version); between two of them: "or", "and", a comma or a slash
LANGUAGE_BEFORE = regex.compile(
    r"(?i:\b(?:speak|speaks|spoke|spoken|speaking|talk|talks|write|writes|wrote|written|read|reads|understand|"
    r"understands|fluent|fluency|translate[sd]?|translating|translation|subtitled|dubbed|learn|learns|learning|"
    r"study|studies|studying|teach|teaches|teaching|language|languages|native)(?:\s+(?:in|into|to|from))?"
    r"|\b(?:in|into)|languages?\s*:)\s*\Z")
LANGUAGE_AFTER = regex.compile(
    r"\A(?:-speaking|\s+(?i:speakers?|language|lessons?|class(?:es)?|course|teacher|tutor|translation|version|"
    r"subtitles|text|words?|skills|only|please|is\s+fine))\b")
LANGUAGE_LIST = regex.compile(rf"(?<!\p{{L}}){_LANGUAGE}(?:\s*(?:,|/|\bor\b|\band\b)\s*{_LANGUAGE})+"
                              r"(?!\p{L}|\s+\p{Ll})")


def language_named(text: str, start: int, end: int) -> bool:
    """Whether the nationality word at text[start:end] names a language there: after a verb of speaking or
    writing or "in" ("speaks French", "in German"), before what a language has ("English speakers"), or in a
    list of languages that modifies no noun ("(English or Spanish)"; "French and German tourists" are people)."""
    value = text[start:end]
    if regex.fullmatch(_LANGUAGE, value) is None:
        return False
    if LANGUAGE_BEFORE.search(text, max(0, start - 30), start) or LANGUAGE_AFTER.match(text[end:end + 30]):
        return True
    return any(s <= start and end <= e for s, e in (m.span() for m in LANGUAGE_LIST.finditer(
        text, max(0, start - 80), min(len(text), end + 80))))


# A line that lists people for a record: "Attendees: Ann Berg, Tom Lind", "CC: ...", "Tenants: ..."
LIST_LABEL = re.compile(
    r"(?im)^[ \t>*-]*(?:attendees?|participants?|present|guests?|invitees?|cc|bcc|to|from|recipients?|members?|"
    r"passengers?|tenants?|residents?|occupants?|parents?|guardians?|children|kids|emergency\s+contacts?|"
    r"contacts?|signatories|witnesses|applicants?|employees?|staff|team)\s*:[^\n:]*\Z")
# A letter's closing and the name under it ("Best,\nAnn Berg"), or a signature dash ("- Ann", "— Ann Berg")
CLOSING_BEFORE = re.compile(
    r"(?i)(?:\b(?:best|best\s+wishes|all\s+the\s+best|kind\s+regards|warm\s+regards|best\s+regards|regards|"
    r"sincerely|yours(?:\s+(?:truly|sincerely|faithfully))?|cheers|thanks|thank\s+you|many\s+thanks|love|"
    r"take\s+care|respectfully|cordially|warmly|hugs|xoxo|xx)\s*[,!.]?[ \t]*\n[ \t]*|(?:^|\n|[.!?][ \t]+)[ \t]*"
    r"(?:--?|—|–)[ \t]*)\Z")
SIGNATURE_AFTER = re.compile(r"\A[ \t]*(?:\n|\Z|,[ \t]*\n)")


def personal_reason(text: str, start: int, end: int, others: list[tuple[str, int, int]],
                    places: Sequence[tuple[int, int]] = (), language: str = "en") -> str | None:
    """Why the name at text[start:end] is personal, or None (see the module docstring). `others` are the
    other findings (type and span) but names and places, `places` the spans of the places found."""
    for entity, s, e in others:
        if (entity in IDENTIFIERS and s < end + NEAR and start - NEAR < e) or (
                entity == "AGE" and s < end + 100 and start - 100 < e):
            return f"beside {entity}"
    if PERSONAL_BEFORE.search(text[max(0, start - 60):start]):
        return "first-person, greeting, contact or relation cue"
    if PERSONAL_AFTER.match(text[end:end + 60]):
        return "own details, relation or addressed"
    if VOCATIVE_AFTER.match(text[end:end + 3]) and text[max(0, start - 2):start].endswith(", "):
        return "addressed"
    if GREETING_BEFORE.search(text[max(0, start - 12):start]) and SALUTATION_AFTER.match(text[end:end + 3]):
        return "greeting"
    if SPEAKER_AFTER.match(text[end:end + 80]) and len(speakers(text)) >= 2:
        return "speaker in a dialogue"
    if capitalized(text[start:start + 1]) and LIST_LABEL.search(text, text.rfind("\n", 0, start) + 1, start):
        return "listed for a record"
    if CLOSING_BEFORE.search(text[max(0, start - 40):start]) and SIGNATURE_AFTER.match(text[end:end + 4]):
        return "signature"
    if addressee(text, start, end, places):
        return "addressee above a postal address"
    if field_value(text, start, end):
        return "the value of a record's field"
    if PRIVATE_RECORD.search(sentence(text, start, end)):
        return "first-person record"
    if capitalized(text[start:start + 1]) and rare_name(text[start:end], language):
        return "a name rare in public text"  # capitalized as written: `'aabaaabaaa'` in a lower-case text is no name
    return None


RARE_NAME = 2.0  # Zipf frequency (log10 of uses per billion words) under which a name word is rare in public text


@functools.cache
def word_frequency(word: str, language: str) -> float:
    """How common a word is in public text (wordfreq's Zipf scale: Wikipedia, news, books, subtitles, web);
    infinity when wordfreq is not installed, so that no name counts as rare."""
    languages = wordfreq_languages()
    if language not in languages:
        return float("inf")
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, language))


@functools.cache
def wordfreq_languages() -> frozenset[str]:
    """The languages wordfreq has a word list for (none without wordfreq): asked once, since wordfreq looks
    through its data folder on every call."""
    try:
        from wordfreq import available_languages
    except ImportError:
        return frozenset()
    return frozenset(available_languages())


# Languages written in Latin script that wordfreq has a word list for: where a lower-case word is more at home
# than in English
LATIN_LANGUAGES = ("fr", "de", "es", "it", "pt", "nl", "pl", "da", "sv", "nb", "fi", "cs", "sk", "sl", "hu", "ro",
                   "tr", "lt", "lv", "ca", "id", "ms")
FOREIGN_MARGIN = 1.0  # Zipf points by which a word is commoner in another language than in English
_LAST_WORD = regex.compile(r"(?<![\p{L}\p{M}'’])\p{Script=Latin}+(?=[.,;:!?]*\Z)")


def foreign_phrase(value: str) -> bool:
    """Whether a name or a place as the English NER model read it ends in a lower-case word of another
    language, commoner there than in English ("Sie mich", "Nie ma nas", "Appelez-moi"): a phrase of that language,
    not a name, which ends in a capitalized word ("Bakı on" ends in an English one, "Jan van" in a particle, "Ann's"
    in a possessive)."""
    last = _LAST_WORD.search(value.split("\n")[0])  # a name never runs over a line break (`pii.trimmed`)
    if last is None or not last.group().islower() or last.group() in NAME_PARTICLES:
        return False
    word = last.group()
    home = max(word_frequency(word, code) for code in LATIN_LANGUAGES)
    return home >= 3.0 and home - word_frequency(word, "en") >= FOREIGN_MARGIN


# The languages whose public text a word of a script other than Latin is looked up in (wordfreq's word lists):
# "Толстой" is rare in English text and common in Russian. The first word of a letter's Unicode name is its
# script. Chinese, Japanese and Korean are left out (wordfreq needs jieba or MeCab to read them): a word of those
# scripts is looked up in the pass's language, as before.
SCRIPT_LANGUAGES = {"CYRILLIC": ("ru", "uk", "bg", "mk"), "GREEK": ("el",), "ARABIC": ("ar", "fa", "ur"),
                    "HEBREW": ("he",), "DEVANAGARI": ("hi",), "BENGALI": ("bn",), "TAMIL": ("ta",)}


def name_word_frequency(word: str, language: str) -> float:
    """How common a name's word is in public text of its own script's languages (the most common reading), or
    of `language` for Latin script and scripts with no word list here."""
    first = next((c for c in word if c.isalpha()), "")
    script = unicodedata.name(first, "").split(" ")[0] if first else ""
    languages = SCRIPT_LANGUAGES.get(script, ()) or (("zh",) if script == "CJK" and chinese_word_list() else ())
    return max((word_frequency(word, code) for code in languages), default=word_frequency(word, language))


@functools.cache
def chinese_word_list() -> bool:
    """Whether wordfreq can look up Chinese words: it splits them with jieba (`gristmill[pii-cjk]`)."""
    import importlib.util

    if importlib.util.find_spec("jieba") is None:
        return False
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)  # "Building prefix dict..." on its first use otherwise
    return True


def rare_name(name: str, language: str = "en", below: float = RARE_NAME) -> bool:
    """Whether a name has a word (initials left out) that public text almost never uses: a well-known person's
    surname is written in news, books and encyclopedias; a private person's is usually not."""
    words = [w.strip(".,'’-") for w in name.split()]
    return min((name_word_frequency(w, language) for w in words if len(w) > 1), default=float("inf")) < below


PRIVATE_RECORD = re.compile(
    r"(?i)\b(?:my|our)\s+(?:\w+\s+)?(?:account|passport|statement|policy|claim|appointment|prescription|order|"
    r"reservation|booking|address|phone|email|number|password|loan|bill|invoice|insurance|application|file|case|"
    r"visa|license|licence|card|records?|details|profile|subscription|name)\b"
    r"|\bthe\s+name\s+(?:on|in)\s+(?:the|my|our|your)\s+(?:\w+\s+)?(?:account|card|booking|reservation|statement|"
    r"ticket|passport|order|form|invoice|policy)\b")


FIELD_BEFORE = re.compile(r"(?:\A|\n)[ \t>*-]*([^\W\d_][^\n:]{0,30}):[ \t]*\Z")
FIELD_END = re.compile(r"\A[ \t]*(?:\n|\Z|,)")


def field_value(text: str, start: int, end: int) -> bool:
    """Whether the full name at text[start:end] is the whole value of a record's field ("Claimant: Ann Berg",
    "Next of kin: Tom Lind, 0612 345 678"), not of a field that every text has (Subject, Title, Note: FIELD_LABELS)
    nor a chat role's turn (Human, Assistant), in a text with no sign of public knowledge (an "Author:" or
    "Directed by:" line lists public names)."""
    label = FIELD_BEFORE.search(text, max(0, start - 40), start)
    if not label or len(text[start:end].split()) < 2 or not FIELD_END.match(text[end:end + 3]):
        return False  # a single word is as often an interjection in a dialogue ("Human: Nah, ...")
    first = label.group(1).split()[0]
    return first not in FIELD_LABELS and first not in NON_NAMES and not PUBLIC_CONTEXT.search(text)


# Words of a contact list's entries that are no person: "Front Desk - 0612 345 678", "Head Office: +44 ..."
_NOT_PERSON_WORDS = (
    "Office Desk Department Dept Team Support Service Services Center Centre Reception Sales Hotline Help Helpdesk "
    "Line Main Head Front Billing Room Hall School Hospital Clinic Bank Store Shop Company Group Fax Phone Mobile "
    "Email E-mail Tel Home Work Emergency Police Fire Ambulance General Info Information Contact Contacts Admin "
    "Customer Customers Enquiries Inquiries Booking Bookings Reservations Orders Accounts Hotel Restaurant Pharmacy "
    "Embassy Consulate Airport Station Taxi Library Museum University College Club Inc Ltd GmbH LLC Corp")
NOT_PERSON_WORDS = frozenset(_NOT_PERSON_WORDS.split())
NAME_PARTICLES = frozenset(("van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "la", "le", "bin",
                            "al", "ter", "ten", "zu", "y"))
# the whole of an entry before an identifier: at the line's start or after a label, a bullet or a separator
# (a word's combining marks and joiners are part of it: Devanagari, Tamil and Thai words hold vowel signs)
_ENTRY_WORD = r"\p{L}[\p{L}\p{M}\d\u200c\u200d_'’.-]*"
ENTRY_BEFORE = regex.compile(rf"(?m)(?:^|[:;,(|\t]|\s[-–—]|^[ \t]*[-*•])[ \t]*"
                             rf"({_ENTRY_WORD}(?:[ \t]+{_ENTRY_WORD}){{1,5}})"
                             r"[ \t]*[-–—:,;|/(<]*[ \t]*\Z")


def names_beside(text: str, identifiers: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of the names that make up a contact entry before a phone number or e-mail address on its line
    ("Ann Berg - 0612 345 678", "Tom Lind, tom@mail.org", "Guardian: Ann Berg (0612 345 678)"): two to four
    capitalized words (particles between them), the whole of the entry, none of them an office's or a service's
    word. The NER model misses most of these: a name in a list has no sentence around it."""
    found = []
    for start, _ in identifiers:
        line_start = text.rfind("\n", 0, start) + 1
        entry = ENTRY_BEFORE.search(text, line_start, start)
        if not entry:
            continue
        words = entry.group(1).split()
        names = [w for w in words if w not in NAME_PARTICLES]
        if (not 2 <= len(names) <= 4 or words[0] in NAME_PARTICLES or words[-1] in NAME_PARTICLES
                or not all(capitalized(w) for w in names)
                or any(w in NOT_PERSON_WORDS or w in NON_NAMES or w in FIELD_LABELS for w in names)):
            continue
        if plausible_name(entry.group(1), text):
            found.append(entry.span(1))
    return found


# A run of two to four words of non-Latin scripts standing alone in Latin-script prose: between a line's
# edges, punctuation or Latin words, with nothing but spaces inside it ("account holder معن آل خضير.").
_FOREIGN = r"(?:(?!\p{Script=Latin})\p{L})"
_FOREIGN_RUN_WORD = rf"{_FOREIGN}[\p{{L}}\p{{M}}\u200c\u200d'’-]*"
# Chinese and Korean personal names are one token of two to four characters (surname and given name unspaced):
# such a token alone is a run too.
_HAN_OR_HANGUL_NAME = r"[\p{Han}\p{Hangul}]{2,4}"
FOREIGN_RUN = regex.compile(rf"(?<![\p{{L}}\p{{M}}\d]|{_FOREIGN_RUN_WORD}[ \t\u3000]+)"
                            rf"({_FOREIGN_RUN_WORD}(?:[ \t\u3000]+{_FOREIGN_RUN_WORD}){{1,3}}|{_HAN_OR_HANGUL_NAME})"
                            rf"(?![ \t\u3000]*{_FOREIGN}|\p{{M}})")
FOREIGN_LETTER = regex.compile(_FOREIGN)
LETTERS = regex.compile(r"\p{L}")
LATIN_LETTERS = regex.compile(r"\p{Script=Latin}")


# Scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Burmese), and Korean, whose
# particles attach to the word or number before them: a number may touch their letters as it would a space
UNSPACED_SCRIPTS = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}"
# a run of Latin letters and digits with a digit in it: an account, a code, an address's number; no prose
_LATIN_CODE = regex.compile(r"[\p{Latin}\d@._+-]*\d[\p{Latin}\d@._+-]*")


def latin_prose(text: str) -> bool:
    """Whether a text is written mostly in Latin script (at least a third of its letters, codes and numbers such
    as an IBAN not counted): there a run of another script is a name, a place or an address given in its own
    writing, not a sentence of prose."""
    words = _LATIN_CODE.sub(" ", text)
    return 3 * len(LATIN_LETTERS.findall(words)) >= len(LETTERS.findall(words))


def foreign_names_beside(text: str, identifiers: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of two-to-four-word runs of a non-Latin script (or a Chinese or Korean name's one token), standing
    alone in Latin-script prose within NEAR characters of a personal identifier: with no NER for that script, a run
    of its words next to someone's phone number, e-mail or account is taken as their name (and if it is their
    street or town, it goes too)."""
    if not identifiers or not FOREIGN_LETTER.search(text) or not latin_prose(text):
        return []
    return [m.span(1) for m in FOREIGN_RUN.finditer(text)
            if any(s < m.end() + NEAR and m.start() - NEAR < e for s, e in identifiers)]


_FOREIGN_WORDS = regex.compile(rf"(?<![\p{{L}}\p{{M}}\d]){_FOREIGN_RUN_WORD}(?:[ \t\u3000]+{_FOREIGN_RUN_WORD})*"
                            rf"(?![\p{{L}}\p{{M}}\d])")
_UNSPACED_WORD = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Thai}]+")
# a letter of no script: a word with one (IPA's "ˈpɜr-vəˈzhən") is no run of another script
_COMMON_LETTER = regex.compile(r"(?=\p{L})\p{Script=Common}")
FOREIGN_RUN_COMMON = 4.5  # Zipf frequency from which a word of another script alone is a word of prose, no name
FOREIGN_FULL_NAME_COMMON = 5.5  # ... from which every word of a run is ("אדם כהן", Adam Cohen, is 6.0 and 5.3)
FUNCTION_WORD = 6.0  # ... from which a word is a function word, never part of a name ("да", "это")


# Where English puts a person: after "with", "met" or "ask" and before "said" or "asked" ("with Борис and",
# '," مصطفى said'): there one word of another script as common as a common given name (Борис, حسين) is one
ENGLISH_NAME_CUE_BEFORE = regex.compile(
    r"(?i)\b(?:with|met|meet|ask|asked|tell|told|call|called|invite|invited|thank|thanks|dear|hi|hello)[ \t]+\Z")
ENGLISH_NAME_CUE_AFTER = regex.compile(
    r"(?i)[ \t]+(?:said|says|asked|asks|told|tells|wrote|writes|replied|texted|messaged|called)\b")


@functools.lru_cache(maxsize=64)  # the recognizer and the policy ask for one text's runs in turn
def foreign_runs(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of runs of one to four words of a script other than Latin standing in Latin-script prose, none of
    them common in public text of its script's languages (a name or a place written in its own script: "with
    Хома and ...", "Love,\nکيانا جلالی", "איתן קורן asked"; not a quoted word of prose, "да" or "東京"). A word
    has two letters or more (a stray "ן" is a broken character); one of a script written without spaces has four
    at most (a Chinese or Korean name's one token): a longer one is a phrase. One word alone may be as common as a
    full name's words where English puts a person around it (ENGLISH_NAME_CUE_BEFORE / _AFTER)."""
    if not FOREIGN_LETTER.search(text) or not latin_prose(text):
        return ()
    found = []
    for m in _FOREIGN_WORDS.finditer(text):
        words = m.group().split()
        if len(words) > 4 or any(len(w) < 2 or (_UNSPACED_WORD.fullmatch(w) and len(w) > 4)
                                 or _COMMON_LETTER.search(w) for w in words):
            continue
        frequencies = [name_word_frequency(w.strip("'’-"), "en") for w in words]
        single = len(words) == 1 and not ENGLISH_NAME_CUE_BEFORE.search(text, max(0, m.start() - 20), m.start()) \
            and not ENGLISH_NAME_CUE_AFTER.match(text, m.end())
        if max(frequencies) < FUNCTION_WORD and min(frequencies) < (
                FOREIGN_RUN_COMMON if single else FOREIGN_FULL_NAME_COMMON):
            found.append(m.span())
    return tuple(found)


def speakers(text: str) -> set[str]:
    """The labels of a dialogue's turns (`Anna: ...` at a line start), field names left out."""
    return {label for label in DIALOGUE_LABEL.findall(text)
            if label.split()[0] not in FIELD_LABELS and label not in NON_NAMES and not label.isdigit()}


def addressee(text: str, start: int, end: int, places: Sequence[tuple[int, int]]) -> bool:
    """Whether the name at text[start:end] stands alone on its line above a postal address block: up to four
    short lines (none ending like a sentence) whose last one, before a blank line or the end, is a place
    alone (the town or the country that ends an address; a street line is an identifier of its own)."""
    line_start = text.rfind("\n", 0, start) + 1
    at = text.find("\n", end)
    if at < 0 or text[line_start:start].strip(" \t>*-") or text[end:at].strip(" \t,") or not places:
        return False
    lines: list[tuple[int, int]] = []
    while len(lines) < 5 and at < len(text):
        at += 1
        line_end = text.find("\n", at)
        line_end = len(text) if line_end < 0 else line_end
        line = text[at:line_end].strip()
        if not line and lines:
            break
        if line:
            if len(line) > 80 or line[-1] in ".!?:;":
                return False
            lines.append((at + len(text[at:line_end]) - len(text[at:line_end].lstrip()), at + len(line)))
        at = line_end
    if not 1 <= len(lines) <= 4:
        return False
    last = lines[-1]
    return any(s <= last[0] and last[1] <= e + 1 for s, e in places)


def sentence(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end] (cut at . ! ? or a line break)."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n")
    rights = [i for c in ".!?\n" if (i := text.find(c, end)) >= 0]
    return text[left + 1:min(rights) if rights else len(text)]


# A residence or travel verb right before a place, in a sentence whose speaker is "I" or "we" ("I'm originally
# from Leeds and now live in Hull"); a chat's clause that leaves "I" out ("hey, back in Hull for the weekend")
PLACE_VERB_BEFORE = re.compile(
    r"(?i)\b(?:live[sd]?|living|moved|moving|relocated|born|grew\s+up|raised|stay(?:ing|ed)?|reside[sd]?|based|"
    r"settled|originally\s+from)\s+(?:back\s+|here\s+)?(?:in|to|at|near|from)?\s*\Z")
FIRST_PERSON = re.compile(r"(?i)\b(?:I|I'm|I've|I'd|we|we're|we've|my|our|me|us)\b")
ELLIPTIC_FIRST_PERSON = re.compile(
    r"(?i)(?:\A|[\n,.!?;:]|\b(?:hey|hi|hello|so|finally|still))\s*(?:back|home|here|stuck|finally)\s+(?:home\s+)?"
    r"in\s*\Z")
# what joins two places into one ("Lyon, France", "from Quebec to Ottawa", "Berlin and Hamburg")
PLACE_JOIN = re.compile(r"(?i)\s*(?:,|/|-|–|to|and|or|then)\s*(?:the\s+)?")


def place_reason(text: str, start: int, end: int, others: list[tuple[str, int, int]], names: list[tuple[int, int]]
                 ) -> str | None:
    """Why the place at text[start:end] is personal, or None."""
    for entity, s, e in others:
        if entity in IDENTIFIERS and s < end + NEAR and start - NEAR < e:
            return f"beside {entity}"
    if any(s < end + 80 and start - 80 < e for s, e in names):
        return "beside a personal name"
    if RESIDENCE_BEFORE.search(text[max(0, start - 60):start]):
        return "first-person residence cue"
    clause = text[max(max(text.rfind(c, 0, start) for c in ".!?\n") + 1, start - 200):start]
    if PLACE_VERB_BEFORE.search(clause) and FIRST_PERSON.search(clause):
        return "first-person residence cue"
    if ELLIPTIC_FIRST_PERSON.search(text[max(0, start - 30):start]) and not PUBLIC_CONTEXT.search(text):
        return "a first-person whereabouts without the I, in a text with no sign of public knowledge"
    if THIRD_PERSON_RESIDENCE.search(text[max(0, start - 60):start]) and not PUBLIC_CONTEXT.search(text):
        return "someone's home or whereabouts, in a text with no sign of public knowledge"
    return None


# Words of public knowledge: offices, works, fame, history, a question about facts. Their presence anywhere
# in a text marks it as general knowledge, where a name is the content (`person: unless_public`).
PUBLIC_CONTEXT = re.compile(
    r"(?i)\b(?:president|prime\s+minister|king|queen|emperor|pope|senator|governor|politician|author|writer|"
    r"novelist|poet|wrote|written\s+by|novels?|poems?|album|songs?|singer|band|films?|movies?|directed|"
    r"director|actor|actress|starred|starring|characters?|century|centuries|historical|in\s+history|famous|"
    r"known\s+(?:for|as)|(?:well|widely|best)[- ]known|celebrit(?:y|ies)|artist|painter|composer|scientist|"
    r"physicist|inventor|invented|discovered|philosopher|athlete|player|coach|champion|olympics?|nobel|oscars?|"
    r"grammys?|(?:co-?)?founders?|founded|CEO|chairman|billionaire|businessman|entrepreneur|heir|anchor|"
    r"correspondent|journalist|reporter|rapper|comedian|musician|television|tv\s+show|episodes?|net\s+worth|"
    r"congress\w*|senate|(?:in|from|took|left)\s+office|quoted?|elected|election|empire|dynasty|reign|war|"
    r"born\s+in\s+\d{4}|died\s+in|who\s+(?:is|was|were)|tell\s+me\s+about|biography)\b")
KNOWN_NAME = 3.0  # Zipf frequency from which every word of a name is common in public text


def private_by_default(text: str, start: int, end: int, language: str = "en") -> str | None:
    """`person: unless_public`: why a full name (two to four words, first and last capitalized) with no personal
    evidence is still taken as personal, or None: its text does not read as public knowledge (PUBLIC_CONTEXT)
    and the name has a word that public text does not use commonly (under KNOWN_NAME)."""
    words = [w.strip(".,'’-") for w in text[start:end].split()]
    if not 2 <= len(words) <= 4 or not (capitalized(words[0]) and capitalized(words[-1])):
        return None  # a single word is as often a product, a term or a misread verb as a name
    if PUBLIC_CONTEXT.search(text):
        return None
    if min(name_word_frequency(w, language) for w in words if len(w) > 1 or w == words[-1]) >= KNOWN_NAME:
        return None
    return "a full name in a text with no sign of public knowledge"


# A place where someone is, goes or comes from ("in Vanves", "moved to Vanves", "from Ghent to Aarhus"),
# not one named as a topic ("the nth Fibonacci number", "fans of Les Bleus").
LOCATIVE_BEFORE = re.compile(r"(?i)\b(?:in|at|on|to|from|near|into|around|outside|towards?|via)\s+(?:the\s+)?\Z")


def private_place(text: str, start: int, end: int, language: str = "en") -> str | None:
    """`location: unless_public`: why a place with no personal evidence is still taken as personal, or None:
    it is where someone is, goes or comes from (LOCATIVE_BEFORE), its text does not read as public knowledge
    (PUBLIC_CONTEXT) and it has a word that public text does not use commonly (under KNOWN_NAME: a street or a
    small town, not a country or a well-known city)."""
    value = text[start:end]
    words = [w.strip(".,'’-") for w in value.split()]
    words = [w for w in words if capitalized(w)]  # "Rue des Lilas": the particles are not the place
    if not words or not plausible_name(value, text) or not LOCATIVE_BEFORE.search(text[max(0, start - 20):start]):
        return None  # an acronym or an identifier (JSON, OpenAI), or a place named as a topic
    if PUBLIC_CONTEXT.search(text) or min(name_word_frequency(w, language) for w in words) >= KNOWN_NAME:
        return None
    return "a place uncommon in public text, where someone is or goes, in a text with no sign of public knowledge"
