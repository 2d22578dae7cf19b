"""Names and places in prose written in a script other than Latin, where the English NER model reads nothing.

The `pii` pass's NER is spaCy's English model; in Arabic, Cyrillic, Greek, Devanagari or Tamil prose it finds no
one. What is left to go on, by definition rather than by a list of names:

- **Cues in the text's own language**: a title or honorific (السيد, пані, κυρία, श्री, திரு, አቶ), "my name is",
  a greeting or address (مرحبا, Привіт, Αγαπητή, नमस्ते, வணக்கம்), a relative or a neighbour (ابن عمي, моя сестра,
  ο ξάδερφός μου, माझा मित्र), a letter's closing (مع تحياتي, З повагою, Με εκτίμηση) before the name; an
  honorific written after it (मह... මහතා, さん, 씨, यांनी). A place after "city/town/village of" or a locative
  preposition, or before a postposition that only follows places (येथून "from (the town)", நகரில் "in the city").
- **Capitals where the script has them** (Cyrillic, Greek, Armenian): two to four capitalized words in a row
  inside a sentence are a proper name, as in Latin-script text.
- **Personal prose**: a text in the first or second person (я, мы, μου, أنا, मेरो, நான்) is someone's own
  writing; there a full name or a cued place is a private person's, whatever its frequency in public text.

Where a name ends in a script without capitals is told by the words that cannot be part of one: the commonest
words of the script's languages (wordfreq's lists: function words and common verbs) and a few postpositions.
"""

from __future__ import annotations

import functools

import regex

from gristmill.curate.pii_context import SCRIPT_LANGUAGES, word_frequency

_MARKS = r"\p{M}\u200c\u200d"
_CASED_SCRIPT = r"(?:\p{Script=Cyrillic}|\p{Script=Greek}|\p{Script=Armenian})"
# a capitalized word of a cased non-Latin script, or an abbreviated honorific (Г-н, Г-ѓа, Проф.)
_CASED_WORD = (rf"(?:(?=\p{{Lu}}){_CASED_SCRIPT}(?:[\p{{L}}{_MARKS}'’-]*\p{{L}}|-\p{{Ll}}{{1,3}})?"
               r"(?:\.(?=[ \t]+\p{Lu}))?)")
_CASELESS_LETTER = r"(?:(?!\p{Script=Latin})[\p{Lo}\p{Script=Georgian}])"
_CASELESS_WORD = rf"{_CASELESS_LETTER}[\p{{L}}{_MARKS}]*"
_GAP = r"[ \t]+"
_CASED_NAME = rf"{_CASED_WORD}(?:{_GAP}{_CASED_WORD}){{0,3}}"
_CASELESS_NAME = rf"{_CASELESS_WORD}(?:{_GAP}{_CASELESS_WORD}){{0,4}}"

# Words before a person's name, by language: titles, "my name is", greetings and forms of address, relatives
# and neighbours, a letter's closing (the name on the next line).
_NAME_BEFORE = "|".join([
    # Arabic, Persian, Urdu
    r"السيد|السيدة|الآنسة|الأستاذ|الأستاذة|الدكتور|الدكتورة|المهندس|المهندسة|الحاج|الحاجة|الشيخ|اسمي|اسمي هو|"
    r"عزيزي|عزيزتي|صديقي|صديقتي|أخي|أختي|زوجي|زوجتي|جاري|جارتي|ابني|ابنتي|زميلي|زميلتي|"
    r"ابن عمي|بنت عمي|ابن خالي|بنت خالي|ابن عمتي|ابن خالتي|مع تحياتي|مع خالص التحيات|تحياتي|"
    # verbs of writing, calling or visiting before their subject (Arabic puts the verb first)
    r"كتب لي|كتبت لي|قال لي|قالت لي|اتصل بي|اتصلت بي|أخبرني|أخبرتني|زارني|زارتني|زارنا|زارتنا|"
    r"آقای|خانم|اسم من|نام من|دوست من|برادرم|خواهرم|عزیزم|با احترام|جناب|محترمہ|میرا نام",
    # Hebrew
    r"מר|גב'|גברת|ד\"ר|שמי|קוראים לי|לכבוד|בברכה|חבר שלי|חברה שלי|אחי|אחותי",
    # Cyrillic: Russian, Ukrainian, Bulgarian, Macedonian, Serbian
    r"господин|господине|госпожа|госпоѓа|г-н|г-жа|г-ѓа|пан|пані|пане|меня зовут|мене звати|мене звуть|"
    r"моє ім'я|моё имя|казвам се|името ми е|се викам|моето име е|се зовем|дорогий|дорога|дорогой|дорогая|"
    r"шановний|шановна|уважаемый|уважаемая|уважаеми|уважаема|почитуван|почитувана|почитуван господине|"
    r"почитувана госпоѓо|скъпи|скъпа|драги|драга|"
    r"мой друг|моя подруга|мій друг|моя подруга|мій брат|мой брат|моя сестра|моят приятел|моята приятелка|"
    r"сестра ми|брат ми|съседът ми|съседката ми|мой сосед|моя соседка|мій сусід|моя сусідка|мојот сосед|"
    r"мојата сосетка|мојот пријател|з повагою|с уважением|с уважение|со почит|поздрав",
    # Greek
    r"κύριος|κύριε|κυρία|κ\.|κα\.?|κος\.?|με λένε|ονομάζομαι|λέγομαι|αγαπητέ|αγαπητή|"
    r"ο φίλος μου|η φίλη μου|ο αδερφός μου|η αδερφή μου|ο ξάδερφός μου|η ξαδέρφη μου|ο γείτονάς μου|"
    r"η γειτόνισσά μου|με εκτίμηση|φιλικά|με αγάπη",
    # Devanagari: Hindi, Marathi, Nepali; Bengali
    r"श्री|श्रीमती|श्रीमान|सुश्री|कुमारी|डॉ\.|डॉक्टर|मेरा नाम|माझे नाव|माझं नाव|मेरो नाम|प्रिय|"
    r"मेरा दोस्त|मेरी दोस्त|मेरा भाई|मेरी बहन|माझा मित्र|माझी मैत्रीण|माझा भाऊ|माझी बहीण|मेरो साथी|मेरो दाइ|"
    r"मेरो दिदी|शेजारी|माझा शेजारी|माझी शेजारीण|मेरो छिमेकी|मेरा पड़ोसी|आपला|आपली|भवदीय|शुभेच्छा|"
    r"শ্রী|শ্রীমতী|জনাব|আমার নাম|প্রিয়|আমার বন্ধু",
    # Tamil, Sinhala, Amharic, Thai, Georgian, Armenian
    r"திரு\.?|திருமதி|செல்வி|டாக்டர்|என் பெயர்|எனது பெயர்|அன்புள்ள|என் நண்பர்|என் நண்பன்|என் தோழி|"
    r"என் அண்ணன்|என் தம்பி|என் அக்கா|என் தங்கை|මගේ නම|හිතවත්|මගේ යාළුවා|මගේ මිතුරා|"
    r"አቶ|ወ/ሮ|ወይዘሮ|ወ/ሪት|ዶ/ር|ስሜ|ውድ|ผมชื่อ|ฉันชื่อ|ดิฉันชื่อ|นาย|นางสาว|เรียน|ბატონი|ბატონო|"
    r"ქალბატონი|ქალბატონო|ჩემი სახელია|მქვია|ძვირფასო|պարոն|տիկին|իմ անունը|հարգելի|սիրելի",
])
NAME_AFTER_CUE = regex.compile(
    rf"(?<![\p{{L}}{_MARKS}])(?i:{_NAME_BEFORE})(?![\p{{L}}{_MARKS}])[ \t]*[,،:]?[ \t]*\n?[ \t]*"
    rf"({_CASED_NAME}|{_CASELESS_NAME})")
# Greetings: the name right after them is addressed ("مرحبا أمين،", "Привіт, Тетяна!", "வணக்கம் அகில்,"); in a
# script without capitals only a vocative's shape tells a name from the words of a welcome ("مرحبا بكم في ...",
# "नमस्ते, आजको समाचारमा ..."): no comma after the greeting, one or two words, then a comma, "!" or a line break.
_GREETINGS = (r"مرحبا|مرحباً|أهلا|سلام|שלום|привет|привіт|здравей|здравейте|здраво|здравствуйте|γεια σου|γεια σας|"
              r"καλημέρα|नमस्ते|नमस्कार|নমস্কার|வணக்கம்|ආයුබෝවන්|ሰላም|გამარჯობა|բարև|สวัสดี")
GREETING_NAME = regex.compile(
    rf"(?<![\p{{L}}{_MARKS}])(?i:{_GREETINGS})(?![\p{{L}}{_MARKS}])(?:[ \t]*[,،!]?[ \t]*({_CASED_NAME})"
    rf"|[ \t]+({_CASELESS_WORD}(?:{_GAP}{_CASELESS_WORD})?)(?=[ \t]*(?:[,،!؟?\n]|जी|ji\b)))")
# Honorifics written after the name: Sinhala මහතා/මහත්මිය/මෙනවිය, Marathi यांनी/यांना/यांचे (the respectful
# plural that follows a name), Hindi/Nepali जी, Tamil அவர்கள், Korean 씨/님, Chinese 先生/女士/小姐.
NAME_BEFORE_HONORIFIC = regex.compile(
    rf"({_CASELESS_WORD}(?:{_GAP}{_CASELESS_WORD})?)(?:[ \t]+(?:මහතා|මහත්මිය|මෙනවිය|यांनी|यांना|यांचे|यांच्या|जी|"
    rf"அவர்கள்|அவர்களின்)|[ \t]*(?:씨|님|先生|女士|小姐))(?![\p{{L}}{_MARKS}])")

# A place after "city/town/village of" or a locative preposition (cased scripts: the place has a capital).
_PLACE_WORD_BEFORE = (r"مدينة|بلدة|قرية|ولاية|حي|місто|міста|місті|село|селище|город|города|городе|град|градот|"
                      r"πόλη|πόλης|χωριό|χωριού|शहर|नगर|गाव|गावात|गाँव|गाउँ|நகரம்|ஊர்|கிராமம்|ከተማ|"
                      r"شهر|עיר|העיר|เมือง|จังหวัด|ქალაქი|ქალაქ|քաղաք")
# a settlement's kind written before its name as part of it ("селище Тячів", "с. Ковачевци")
_SETTLEMENT = r"(?:село|селище|хутір|смт|місто|град|с\.|м\.|гр\.|χωριό)"
_PREPOSITIONS = (r"в|во|във|у|з|із|зі|от|од|до|из|к|біля|около|близо до|към|кон|στην|στη|στον|στο|στα|σε|από|"
                 r"προς|κοντά στ[οην]{1,2}")
PLACE_AFTER_CUE = regex.compile(
    rf"(?<![\p{{L}}{_MARKS}])(?:(?i:{_PLACE_WORD_BEFORE})[ \t]+((?:{_SETTLEMENT}[ \t]+)?{_CASED_NAME}|{_CASELESS_NAME})"
    rf"|(?:{_PREPOSITIONS})(?:[ \t]+(?:την|τη|το|τον|τα))?[ \t]+((?:{_SETTLEMENT}[ \t]+)?{_CASED_NAME}))")
# Postpositions and case words that follow a place: Marathi येथे/येथून ("at/from (the town)"), शहरात, Tamil
# நகரில்/நகரத்தில் ("in the city"), Nepali नगरमा, Sinhala නගරයේ/නගරයට.
PLACE_BEFORE_CUE = regex.compile(
    rf"({_CASELESS_WORD}(?:-{_CASELESS_WORD})?)[ \t]*(?:येथे|येथून|शहरात|शहरमा|नगरमा|नगरात|நகரில்|"
    rf"நகரத்தில்|நகருக்கு|ஊரில்|නගරයේ|නගරයට)(?![\p{{L}}{_MARKS}])")

# Two to four capitalized words of a cased non-Latin script in a row: a proper name.
CAPITALIZED_RUN = regex.compile(rf"(?<![\p{{L}}{_MARKS}\d.-])({_CASED_WORD}(?:{_GAP}{_CASED_WORD}){{1,3}})"
                                rf"(?![\p{{L}}{_MARKS}])")

# First- and second-person words: the text is someone's own writing (a message, a diary, a letter).
_PERSONAL = (r"أنا|نحن|لي|لنا|معي|عندي|أنت|أنتم|لك|لكم|منكم|إليك|بي|"
             r"تو|شما|אני|אנחנו|שלי|שלנו|אתה|שלך|לי|לנו|"
             r"я|мы|ми|ме|мене|мені|меня|мне|нас|нам|мой|моя|моё|мое|мій|моє|мої|наш|наша|наше|ты|ти|тебе|вы|ви|"
             r"вас|вам|твой|твій|ваш|ваша|аз|ние|моят|моята|мојот|мојата|јас|ве|те|"
             r"μου|μας|εγώ|εμείς|σου|σας|εσύ|εσείς|"
             r"मैं|मेरा|मेरी|मेरे|हम|हमारा|आप|तुम|मी|माझा|माझी|माझे|आम्ही|आमच्या|आमचे|तू|तुझा|तुझी|म|मेरो|हामी|"
             r"तिमी|तपाईं|আমি|আমার|আমরা|তুমি|আপনি|நான்|என்|எனது|என்னை|நாங்கள்|எங்கள்|நீ|நீங்கள்|உங்கள்|"
             r"මම|මගේ|මට|අපි|අපේ|ඔබ|ඔයා|እኔ|እኛ|አንተ|ผม|ฉัน|ดิฉัน|เรา|მე|ჩემი|ჩვენ|შენ|თქვენ|ես|իմ|մենք|դու|դուք")
PERSONAL_PROSE = regex.compile(rf"(?i)(?<![\p{{L}}{_MARKS}])(?:{_PERSONAL})(?![\p{{L}}{_MARKS}])"
                               r"|[我私僕제저우리]")
PUNCTUATION_BEFORE = regex.compile(r"(?:\A|[.!?؟।॥\n:;])[ \t\"“«(]*\Z")

COMMON = 6.0  # Zipf frequency from which a word of a caseless script is a function word, no name (names reach 5-6)
# postpositions and particles that follow a name in languages wordfreq has no list for (Marathi, Nepali, Sinhala)
_NOT_NAME = ("ले लाई को का की के मा बाट सँग र जी हो छ यांनी यांना यांचे यांच्या आणि हे ही आहे "
             "आहेत ला ने चा ची चे मध्ये येथे येथून व मी तू म आज काल हिजो भोलि उहाँ मला नमस्ते नमस्कार प्रिय "
             "මහතා මහත්මිය සහ හා ද ට ගේ ඔබ මට වලට ඊයේ අද හෙට "
             "மற்றும் அவர்கள் என்னை இன் அவர்களின் நாளை நேற்று இன்று")
_NOT_NAME_WORDS = frozenset(_NOT_NAME.split())


def script_languages(word: str) -> tuple[str, ...]:
    import unicodedata

    first = next((c for c in word if c.isalpha()), "")
    return SCRIPT_LANGUAGES.get(unicodedata.name(first, "").split(" ")[0], ()) if first else ()


@functools.cache
def common_word(word: str) -> bool:
    """Whether a word of a caseless script is too common to be part of a name (a function word, a common verb)."""
    if word in _NOT_NAME_WORDS:
        return True
    return any(word_frequency(word, code) >= COMMON for code in script_languages(word))


# words that join a name's parts: Arabic آل / بن / بنت / بنو / ابن / أبو / أم / عبد ("خضر آل مقطة")
_PARTICLES = "آل بن بنت بنو ابن أبو أم عبد"
NAME_PARTICLES = frozenset(_PARTICLES.split())
TITLE = regex.compile(rf"(?i:{_NAME_BEFORE})")


def name_words(text: str, start: int, end: int, most: int = 2) -> tuple[int, int] | None:
    """The span of the name that text[start:end] begins with: titles in it (الدكتور, Проф.), then up to `most`
    words (a caseless script's name has no capital to end it: a given name and a family name) joined by particles,
    ending before a function word or punctuation. None when nothing is left after the titles."""
    at, first, last, taken = start, -1, start, 0
    while at < end and taken < most:
        word_end = text.find(" ", at, end)
        word_end = end if word_end < 0 else word_end
        raw = text[at:word_end]
        word = raw.strip(" \t,،.")
        if not word or (first >= 0 and word not in NAME_PARTICLES and common_word(word)):
            break
        if not TITLE.fullmatch(word):
            first = at if first < 0 else first
            taken += word not in NAME_PARTICLES
        last = at + len(raw.rstrip(" \t,،."))
        if raw != raw.rstrip(",،!?;:"):
            break  # punctuation ends the name
        at = word_end + 1
    return (start, last) if first >= 0 else None


def cued_names(text: str) -> list[tuple[int, int]]:
    """Spans of names after a cue or before an honorific of the text's own language."""
    found = []
    for m in NAME_AFTER_CUE.finditer(text):
        span = name_words(text, m.start(1), m.end(1), most=4 if m.group(1)[:1].isupper() else 2)
        if span:
            found.append(span)
    for m in GREETING_NAME.finditer(text):
        group = 1 if m.group(1) else 2
        if group == 1 or not common_word(m.group(2).split()[0]):
            found.append(m.span(group))
    for m in NAME_BEFORE_HONORIFIC.finditer(text):
        words = m.group(1).split()
        start = m.start(1) if not common_word(words[0]) else m.start(1) + len(words[0]) + 1
        if start < m.end(1) and not common_word(text[start:m.end(1)].split()[0]):
            found.append((start, m.end(1)))
    return found


def cued_places(text: str) -> list[tuple[int, int]]:
    """Spans of places after a place cue or before a place's postposition of the text's own language."""
    found = []
    for m in PLACE_AFTER_CUE.finditer(text):
        group = 1 if m.group(1) else 2
        span = name_words(text, m.start(group), m.end(group))
        if span:
            found.append(span)
    for m in PLACE_BEFORE_CUE.finditer(text):
        if not common_word(m.group(1)):
            found.append(m.span(1))
    return found


def capitalized_runs(text: str) -> list[tuple[int, int]]:
    """Runs of two to four capitalized words of a cased non-Latin script (Cyrillic, Greek, Armenian): a
    sentence's first word is dropped from a run when it is a common word written with its capital."""
    found = []
    for m in CAPITALIZED_RUN.finditer(text):
        start, end = m.span(1)
        first = m.group(1).split()[0]
        if PUNCTUATION_BEFORE.search(text, max(0, start - 4), start) and any(
                word_frequency(first.lower(), code) >= 4.0 for code in script_languages(first)):
            start += len(first) + 1
            if " " not in text[start:end].strip():
                continue
        found.append((start, end))
    return found


def personal_prose(text: str) -> bool:
    """Whether a text of a script other than Latin is written in the first or second person."""
    return bool(PERSONAL_PROSE.search(text))


def own_language_cue(text: str, start: int, end: int) -> bool:
    """Whether the name at text[start:end] follows a cue or precedes an honorific of its text's language."""
    offset = max(0, start - 40)
    return any(s + offset < end and start < e + offset for s, e in cued_names(text[offset:end + 12]))


def own_language_place_cue(text: str, start: int, end: int) -> bool:
    """Whether the place at text[start:end] follows a place cue or precedes a place postposition."""
    offset = max(0, start - 40)
    return any(s + offset < end and start < e + offset for s, e in cued_places(text[offset:end + 16]))


def own_script_findings(text: str) -> list[tuple[str, int, int, float]]:
    """Names and places of a text with letters of a script other than Latin: (entity, start, end, score).
    Capitalized runs only in prose of that script (in Latin-script prose, `foreign_names_beside` and the cues have
    them)."""
    from gristmill.curate.pii_context import latin_prose

    found = [("PERSON", s, e, 0.6) for s, e in cued_names(text)]
    found += [("LOCATION", s, e, 0.55) for s, e in cued_places(text)]
    if not latin_prose(text):
        found += [("PERSON", s, e, 0.5) for s, e in capitalized_runs(text)]
    return found


def own_script_reason(text: str, entity: str, start: int, end: int) -> str | None:
    """Why a name or place in a text with another script's letters is personal, or None: a cue of the text's own
    language, or a full name (two words or more) or a cued place in first- or second-person prose."""
    if entity == "PERSON" and own_language_cue(text, start, end):
        return "a name cue in the text's own language"
    if entity == "PERSON" and len(text[start:end].split()) >= 2 and personal_prose(text) and any(
            s <= start and end <= e for s, e in capitalized_runs(text)):
        return "a full name in first- or second-person prose of its own script"
    if entity == "LOCATION" and own_language_place_cue(text, start, end) and personal_prose(text):
        return "a place in first- or second-person prose of its own script"
    return None
