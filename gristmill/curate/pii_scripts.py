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
- **Forms labelled in the text's own language**: the rest of a line after the word for "name" (নাম, નામ, ନାମ,
  पिता का नाम, Suna, Orúkọ), for village, town or district (ગામ, জেলা, Ìlú), or for address (पता, Manzil).
- **Latin-script languages the English model cannot read** (Uzbek, Azerbaijani, Swahili, Igbo, Yoruba, Hausa):
  their cues before a capitalized name ("Mening ismim", "Mənim adım", "Jina langu ni", "Aha m bụ", "Orúkọ mi ni",
  "Sunana", Malam, Ọ̀gbẹ́ni), titles after it (müəllim, xanım) and "I live in" around a place.

Where a name ends in a script without capitals is told by the words that cannot be part of one: the commonest
words of the script's languages (wordfreq's lists: function words and common verbs) and a few postpositions.
"""

from __future__ import annotations

import functools

import regex

from gristmill.curate.pii_context import (
    CALL_STEMS,
    DIALOGUE_LABEL,
    FIELD_LABELS,
    FIRST_PERSON,
    FOREIGN_LETTER,
    PUBLIC_CONTEXT,
    SCRIPT_LANGUAGES,
    foreign_runs,
    latin_prose,
    speakers,
    word_frequency,
)
from gristmill.curate.pii_segment import segmented_names

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
    r"كتب لي|كتبت لي|قال لي|قالت لي|اتصل بي|اتصلت بي|أخبرني|أخبرتني|زارني|زارتني|زارنا|زارتنا|تعرفت على|"
    r"تعرفت إلى|التقيت ب|"
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
    r"आदरणीय|माननीय|उसके पति|उसकी पत्नी|उनके पति|उनकी पत्नी|मेरो भाइ|मेरी दिदी|मेरी बहिनी|भाउजू|"
    r"শ্রী|শ্রীমতী|শ্রীমান|সুশ্রী|জনাব|আমার নাম|প্রিয়|আমার বন্ধু|আমার বোন|আমার ভাই|আমার বান্ধবী|তার স্বামী|"
    r"তার স্ত্রী|ইতি|বিনীত|শুভেচ্ছান্তে",
    # Gujarati, Odia
    r"શ્રી|શ્રીમતી|શ્રીમાન|સુશ્રી|ડૉ\.|મારું નામ|મારુ નામ|પ્રિય|આદરણીય|મારો ભાઈ|મારી બહેન|મારો મિત્ર|મારી મિત્ર|"
    r"તેની પત્ની|તેના પતિ|આપનો વિશ્વાસુ|આપની વિશ્વાસુ|"
    r"ଶ୍ରୀ|ଶ୍ରୀମତୀ|ଶ୍ରୀଯୁକ୍ତ|ସୁଶ୍ରୀ|ମୋ ନାମ|ମୋର ନାମ|ପ୍ରିୟ|ମୋ ଭାଇ|ମୋ ଭଉଣୀ|ମୋ ସାଙ୍ଗ|ତା' ସାଙ୍ଗ|ତାଙ୍କ ସାଙ୍ଗ|ଇତି|"
    r"ଆପଣଙ୍କ ବିଶ୍ୱସ୍ତ",
    # Tamil, Sinhala, Amharic, Thai, Georgian, Armenian
    r"திரு\.?|திருமதி|செல்வி|டாக்டர்|என் பெயர்|எனது பெயர்|அன்புள்ள|என் நண்பர்|என் நண்பன்|என் தோழி|"
    r"என் அண்ணன்|என் தம்பி|என் அக்கா|என் தங்கை|මගේ නම|හිතවත්|මගේ යාළුවා|මගේ මිතුරා|ගරු|මගේ අක්කා|"
    r"මගේ අයියා|මගේ නංගි|මගේ මල්ලි|ඇගේ යාළුවා|ඔහුගේ යාළුවා|ස්තූතියි|ආදරයෙන්|"
    r"አቶ|ወ/ሮ|ወይዘሮ|ወ/ሪት|ዶ/ር|ስሜ|ውድ|ผมชื่อ|ฉันชื่อ|ดิฉันชื่อ|นาย|นางสาว|เรียน|ბატონი|ბატონო|"
    r"ქალბატონი|ქალბატონო|ჩემი სახელია|მქვია|ძვირფასო|պարոն|տիկին|իմ անունը|հարգելի|սիրելի",
])
NAME_AFTER_CUE = regex.compile(
    rf"(?<![\p{{L}}{_MARKS}])(?i:{_NAME_BEFORE})(?![\p{{L}}{_MARKS}])[ \t]*[,،:]?[ \t]*\n?[ \t]*"
    rf"({_CASED_NAME}|{_CASELESS_NAME})")
# Greetings: the name right after them is addressed ("مرحبا أمين،", "Привіт, Тетяна!", "வணக்கம் அகில்,"); in a
# script without capitals only a vocative's shape tells a name from the words of a welcome ("مرحبا بكم في ...",
# "नमस्ते, आजको समाचारमा ..."): no comma after the greeting, one or two words, then a comma, "!" or a line break.
_GREETINGS = (r"مرحبا|مرحباً|أهلا|سلام|שלום(?![ \t]+רב(?!\p{L}))|"  # "שלום רב," opens a letter to no one named רב
              r"привет|привіт|здравей|здравейте|здраво|здравствуйте|γεια σου|γεια σας|"
              r"καλημέρα|नमस्ते|नमस्कार|हैलो|हेलो|নমস্কার|হ্যালো|નમસ્તે|નમસ્કાર|હેલો|ନମସ୍କାର|ହେଲୋ|வணக்கம்|ආයුබෝවන්|"
              r"හලෝ|ሰላም|გამარჯობა|բարև|สวัสดี")
GREETING_NAME = regex.compile(
    rf"(?<![\p{{L}}{_MARKS}])(?i:{_GREETINGS})(?![\p{{L}}{_MARKS}])(?:[ \t]*[,،!]?[ \t]*({_CASED_NAME})"
    rf"|[ \t]+({_CASELESS_WORD}(?:{_GAP}{_CASELESS_WORD})?)(?=[ \t]*(?:[,،!؟?\n]|जी|ji\b)))")
# Honorifics written after the name: Sinhala මහතා/මහත්මිය/මෙනවිය, Marathi यांनी/यांना/यांचे (the respectful
# plural that follows a name), Hindi/Nepali जी, Tamil அவர்கள், Korean 씨/님, Chinese 先生/女士/小姐.
NAME_BEFORE_HONORIFIC = regex.compile(
    rf"({_CASELESS_WORD}(?:{_GAP}{_CASELESS_WORD})?)(?:[ \t]+(?:මහතා|මහත්මිය|මෙනවිය|यांनी|यांना|यांचे|यांच्या|जी|ज्यू|"
    rf"அவர்கள்|அவர்களின்|அவர்களைப்?|அவர்களுக்கு|அவர்களிடம்)|[ \t]*(?:씨|님|先生|女士|小姐)"
    # a Korean particle joined to the honorific: "김도윤 씨를" (object), "강영호 님이" (subject)
    rf"(?:께서|에게|한테|이|가|는|은|를|을|께|도|의|랑|과|와)?)(?![\p{{L}}{_MARKS}])")
# What a person does to or with the writer, after the person (the subject or the companion comes first in these
# languages): Nepali "X ले फोन गरेर" (X phoned), "X र Y सँग चिया खाएँ" (had tea with X and Y), Hindi "X ने मुझे फोन
# किया", Bengali "X আমাকে ফোন করে", Tamil "X என்னை அழைத்து" (X called me), "X மற்றும் Y எங்கள் வீட்டுக்கு வந்தார்கள்"
# (X and Y came to our house). Two people joined by "and" (र, और, আর, અને, ଓ, සහ, மற்றும்) are both named.
_PERSON_VERB_AFTER = (r"ले फोन|ले भन्नुभयो|ले लेख्नुभयो|ले पठाउनुभयो|सँग चिया|सँग खाना|सँग भेट|ने मुझे|ने हमें|"
                      r"मुझसे मिल|আমাকে ফোন|আমাদের বাড়িতে এসে|என்னை அழைத்து|என்னை அழைத்தார்|எனக்கு போன்|"
                      r"எங்கள் வீட்டுக்கு வந்த")
_AND = r"र|और|आणि|আর|এবং|અને|ଓ|සහ|மற்றும்"
_TWO_WORDS = rf"{_CASELESS_WORD}(?:{_GAP}{_CASELESS_WORD})?"
NAME_BEFORE_VERB = regex.compile(  # a verb's ending may follow it (வந்தார்கள், வந்தனர்)
    rf"(?<![\p{{L}}{_MARKS}])({_TWO_WORDS})(?:[ \t]+(?:{_AND})[ \t]+({_CASELESS_NAME}))?[ \t]*(?:{_PERSON_VERB_AFTER})")

# A place after "city/town/village of" or a locative preposition (cased scripts: the place has a capital).
_PLACE_WORD_BEFORE = (r"مدينة|بلدة|قرية|ولاية|حي|(?:يسكن|تسكن|أسكن|نسكن|يعيش|تعيش|أعيش)(?: الآن)? في|"
                      r"місто|міста|місті|село|селище|город|города|городе|град|градот|"
                      r"πόλη|πόλης|χωριό|χωριού|शहर|नगर|गाव|गावात|गाँव|गाउँ|நகரம்|ஊர்|கிராமம்|ከተማ|"
                      r"شهر|עיר|העיר|เมือง|จังหวัด|ქალაქი|ქალაქ|քաղաք")
# a settlement's kind written before its name as part of it ("селище Тячів", "с. Ковачевци")
_SETTLEMENT = r"(?:село|селище|хутір|смт|місто|град|с\.|м\.|гр\.|χωριό)"
_PREPOSITIONS = (r"в|во|във|у|з|із|зі|от|од|до|из|к|біля|около|близо до|към|кон|στην|στη|στον|στο|στα|σε|από|"
                 r"προς|κοντά στ[οην]{1,2}")
PLACE_AFTER_CUE = regex.compile(
    rf"(?<![\p{{L}}{_MARKS}])(?:(?i:{_PLACE_WORD_BEFORE})[ \t]+((?:{_SETTLEMENT}[ \t]+)?{_CASED_NAME}|{_CASELESS_NAME})"
    rf"|(?:{_PREPOSITIONS})(?:[ \t]+(?:την|τη|το|τον|τα))?[ \t]+((?:{_SETTLEMENT}[ \t]+)?{_CASED_NAME}))")
# "(I) live in / come from": Nepali मा बस्छु, Hindi में रहता, Bengali থেকে এসেছি, Gujarati માં રહું, Sinhala
# වල ජීවත් ("live in"), and "(I) am coming to" (Gujarati આવું છું).
_LIVING_AFTER = (r"मा बस्छु|मा बस्छौं|मा बस्नुहुन्छ|मा सर्नुभयो|मा सरें|मा सर्यौं|मध्ये काम करतात|मध्ये राहतात|"
                 r"मध्ये राहतो|मध्ये राहते|में रहता|में रहती|में रहते|থেকে এসেছি|থেকে এসেছে|"
                 r"তে থাকি|এ থাকি|માં રહું|માં રહે|માં રહીએ|આવું છું|આવીશ|වල ජීවත්|වල පදිංචි|වලට ගියා|වලට ගියාද|වලට යනවා")
# Postpositions and case words that follow a place: Marathi येथे/येथून ("at/from (the town)"), शहरात, Tamil
# நகரில்/நகரத்தில் ("in the city"), Nepali नगरमा, Sinhala නගරයේ/නගරයට.
PLACE_BEFORE_CUE = regex.compile(
    rf"({_CASELESS_WORD}(?:-{_CASELESS_WORD})?)[ \t]*(?:येथे|येथून|शहरात|शहरमा|नगरमा|नगरात|நகரில்|"
    rf"நகரத்தில்|நகருக்கு|ஊரில்|නගරයේ|නගරයට|{_LIVING_AFTER})(?![\p{{L}}{_MARKS}])")

# Languages written in Latin script that the English model cannot read (Uzbek, Azerbaijani, Swahili, Igbo, Yoruba,
# Hausa): their cues before a capitalized name, as in the scripts above. The English model takes "Salom Durdona"
# or "Malam Ahmad Isah" for anything or nothing; the cue says a person is named. (Hausa's Malam only with its
# capital: Indonesian and Malay "malam" is night.)
_LATIN_NAME_BEFORE = "|".join([
    # Uzbek, Azerbaijani
    r"mening ismim|ismim|mening otim|hurmatli|azizim|salom|assalomu alaykum|hurmat bilan|akam|ukam|opam|singlim|"
    r"do'stim|do‘stim|dugonam|qo'shnim|uning do'sti|uning do‘sti|mas'ul|"
    r"mənim adım|adım|hörmətli|əzizim|hörmətlə|qardaşım|bacım|dostum|qonşum|həyat yoldaşı|həyat yoldaşım|"
    # Swahili
    r"jina langu ni|naitwa|mpendwa|hujambo|wako mwaminifu|wako|kaka yangu|dada yangu|rafiki yangu|rafiki yake|"
    r"jirani yangu|mke wangu|mume wangu|bw\.|bwana|mwalimu",
    # Igbo, Yoruba, Hausa
    r"aha m bụ|aha m bu|ezigbo|ndewo|nke gị|nwanne m nwoke|nwanne m nwanyị|nwanne m|enyi m|nwunye m|nwunye ya|"
    r"maazị|oriaku|orúkọ mi ni|oruko mi ni|olùfẹ́|ẹ kú àárọ̀|ẹ kú alẹ́|tìrẹ|ọ̀rẹ́ mi|ìyàwó rẹ̀|ìyàwó mi|"
    r"ọkọ mi|ẹ̀gbọ́n mi|àbúrò mi|ọ̀gbẹ́ni|ogbeni|arábìnrin|ìyáàfin|olóyè|"
    r"sunana|sannu|(?-i:Malam|Malama|Mallam)|alhaji|hajiya|naka|naki|ɗan'uwana|dan'uwana|'yar'uwata|abokina|ƙawata|"
    r"matarsa|mijinta|mijina|matata",
])
_LATIN_WORD = r"\p{Lu}[\p{L}\p{M}'’-]*\p{L}\p{M}*"
_LATIN_NAME = rf"{_LATIN_WORD}(?:[ \t]+{_LATIN_WORD}){{0,3}}"
LATIN_NAME_AFTER_CUE = regex.compile(
    rf"(?<![\p{{L}}{_MARKS}'’])(?i:{_LATIN_NAME_BEFORE})(?![\p{{L}}{_MARKS}])[ \t]*[,:]?[ \t]*\n?[ \t]*({_LATIN_NAME})")
# honorifics after the name: Azerbaijani müəllim/xanım/bəy/həkim, Uzbek aka/opa/xonim
LATIN_NAME_BEFORE_HONORIFIC = regex.compile(
    rf"(?<![\p{{L}}{_MARKS}])({_LATIN_NAME})[ \t]+(?:müəllim|xanım|bəy|həkim|aka|opa|xonim)(?![\p{{L}}{_MARKS}])")
# "I live in / come from" before the place (Hausa ina zaune a, Yoruba mo ń gbé ní, Igbo m si, Swahili ninaishi)
# or after it (Uzbek ... shahrida yashayman, Azerbaijani ... şəhərində yaşayıram)
LATIN_PLACE_CUE = regex.compile(
    rf"(?<![\p{{L}}{_MARKS}'’])(?i:ina zaune a|na fito daga|mo ń gbé ní|mo n gbe ni|mo wá láti|m si|m bi na|"
    rf"ninaishi katika|ninaishi|natoka|nakaa)[ \t]+({_LATIN_NAME})"
    rf"|({_LATIN_NAME})[ \t]+(?:(?:shahri(?:da|dan)|qishlog['‘]?ida|şəhərində|şəhərindən|kəndində)[ \t]+)?"
    rf"(?:yashayman|yashaymiz|yaşayıram|yaşayırıq)(?![\p{{L}}{_MARKS}])")
LATIN_CUE = regex.compile(rf"(?<![\p{{L}}{_MARKS}'’])(?i:{_LATIN_NAME_BEFORE}|ina zaune|mo ń gbé|m si|ninaishi|"
                          rf"yashay|yaşayır|müəllim|xanım|bəy|həkim|xonim)(?![\p{{L}}{_MARKS}])")

# A form's fields labelled in the text's own language, the value the rest of the line: a name after the word for
# "name" (नाम, নাম, નામ, ନାମ, නම, பெயர், with what it is the name of before it: "पिता का नाम", "અરજદારનું નામ";
# Hausa Suna, Igbo Aha, Yoruba Orúkọ, Swahili Jina, Uzbek Ism or F.I.Sh., Azerbaijani Ad, soyad), a place after
# the word for village, town, district or address.
_NAME_LABEL = r"नाम|नाव|নাম|નામ|ନାମ|නම|பெயர்"
_LATIN_NAME_LABEL = r"suna|aha|orúkọ|oruko|jina|jina kamili|ismi|ism|f\.i\.sh\.?|f\.i\.o\.?|ad,? soyad|soyad"
_PLACE_LABEL = (r"गाँव|गाउँ|गाव|शहर|जिला|जिल्ला|ठेगाना|গ্রাম|জেলা|শহর|ગામ|શહેર|જિલ્લો|ଗ୍ରାମ|ଜିଲ୍ଲା|ସହର|ගම|නගරය|"
                r"ஊர்|மாவட்டம்|gari|garin|obodo|ìlú|ilu|mahali|mji|shahar|şəhər|qishloq")
# A message's recipient, copy and sender fields ("To:", "Cc:", "From:") in the languages of the other cues
_RECIPIENT_LABEL = (r"to|cc|bcc|from|кому|копия|копія|від|от кого|от|до|копие|προς|κοιν\.?|κοινοποίηση|από|"
                    r"받는 ?사람|참조|보내는 ?사람|숨은 ?참조|宛先|差出人|収件人|收件人|抄送|发件人|寄件人|收件者|副本|"
                    r"प्रति|प्रापक|बोधार्थ|प्रेषक|প্রাপক|প্রেরক|பெறுநர்|அனுப்புநர்|પ્રતિ|પ્રાપ્તકર્તા|إلى|من|نسخة إلى|"
                    r"گیرنده|فرستنده|رونوشت|אל|מאת|העתק|kime|kimden|bilgi|kepada|dari|tembusan|ถึง|จาก|สำเนาถึง|"
                    r"ვის|ადრესატი|ასლი|ում|ստացող|պատճեն|நகல்|অনুলিপি|નકલ|प्रतिलिपि|नक़ल|नकल")
_LABEL_HEAD = r"(?m)^[ \t>*•-]*(?:[^\n:]{0,30}[ \t])?"
_FIELD_WORD = rf"[\p{{L}}{_MARKS}][\p{{L}}{_MARKS}'’.-]*"  # any script: Faker's towns mix them ("New વિપુલ")
FIELD_NAME = regex.compile(
    rf"{_LABEL_HEAD}(?:(?:{_NAME_LABEL})[ \t]*:[ \t]*({_CASELESS_NAME})"
    rf"|(?i:{_LATIN_NAME_LABEL})[ \t]*:[ \t]*({_LATIN_NAME}))[ \t]*$")
# a header's value: one to five words of any script, the whole rest of its line
RECIPIENT_FIELD = regex.compile(rf"(?m)^[ \t>*•-]*(?i:{_RECIPIENT_LABEL})[ \t]*:[ \t]*"
                                rf"({_FIELD_WORD}(?:[ \t]+{_FIELD_WORD}){{0,4}})[ \t]*$")
FIELD_PLACE = regex.compile(
    rf"{_LABEL_HEAD}(?i:{_PLACE_LABEL})[ \t]*:[ \t]*({_FIELD_WORD}(?:[ \t]+{_FIELD_WORD}){{0,3}})[ \t]*$")
# an address's field: the rest of the line, with a number in it (a house's, a postcode)
_ADDRESS_LABEL = r"पता|ठेगाना|ঠিকানা|સરનામું|ଠିକଣା|ලිපිනය|முகவரி|manzil|ünvan|anwani|àdírẹ́sì|adireshi"
FIELD_ADDRESS = regex.compile(rf"{_LABEL_HEAD}(?i:{_ADDRESS_LABEL})[ \t]*:[ \t]*([^\n]{{0,80}}\d[^\n]{{0,80}}?)[ \t]*$")
FORM_LINE = regex.compile(r"(?m)^[ \t>*•-]*\p{L}[^\n:]{0,30}:[ \t]*\S")
FORM_LABEL = regex.compile(rf"(?m)^[^\n:]{{0,40}}(?<![\p{{L}}{_MARKS}])"
                           rf"(?i:{_LATIN_NAME_LABEL}|{_PLACE_LABEL}|{_ADDRESS_LABEL}|{_RECIPIENT_LABEL})[ \t]*:")

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
             r"મારું|મારો|મારી|મને|હું|અમે|અમારા|તમે|તું|ମୁଁ|ମୋ|ମୋର|ମତେ|ଆମେ|ଆମ|ତୁମେ|ତୁମ|ଆପଣ|"
             # Uzbek, Azerbaijani, Swahili, Hausa, Yoruba: I, my, "I live" (a Latin-script text is looked at only
             # when it has a cue of one of these languages, see `own_language_text`)
             r"men|mening|menga|mən|mənim|mənə|mimi|yangu|langu|ninaishi|ina zaune|mo|yashayman|yaşayıram|"
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


CUE_WORDS = regex.compile(rf"(?i:{_NAME_BEFORE}|{_LATIN_NAME_BEFORE}|{_GREETINGS}|(?:{CALL_STEMS})\p{{L}}*)"
                          r"[ \t]*[,:!]?")


def cue_word(value: str) -> bool:
    """Whether a value the English model took for a name, a place or an organization is a title, a greeting, a
    letter's closing or a word of calling of another language ("Hörmətli", "Wako", "Nke gị", "Καλέστε"): the cue,
    not the name."""
    return bool(CUE_WORDS.fullmatch(value))


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


def trailing_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The name that the one or two words at text[start:end] end with: a common first word is left out ("आज"
    "today"), and nothing is left when the name's first word is common too."""
    words = text[start:end].split()
    if HANGUL_WORD.fullmatch(words[-1]):
        return end - len(words[-1]), end  # a Korean name is one word: "마트에서 김도윤 씨를", "at the mart, Kim Do-yun"
    start = start if not common_word(words[0]) else start + len(words[0]) + 1
    return (start, end) if start < end and not common_word(text[start:end].split()[0]) else None


def cued_names(text: str) -> list[tuple[int, int]]:
    """Spans of names after a cue or before an honorific or a verb of the text's own language."""
    found = []
    for m in NAME_AFTER_CUE.finditer(text, overlapped=True):  # "my sister X and her husband Y": both cues
        span = name_words(text, m.start(1), m.end(1), most=4 if m.group(1)[:1].isupper() else 2)
        if span:
            found.append(span)
    for m in GREETING_NAME.finditer(text):
        group = 1 if m.group(1) else 2
        if group == 1 or not common_word(m.group(2).split()[0]):
            found.append(m.span(group))
    found += [span for m in NAME_BEFORE_HONORIFIC.finditer(text) if (span := trailing_name(text, *m.span(1)))]
    found += [span for m in NAME_BEFORE_VERB.finditer(text, overlapped=True) for group in (1, 2)
              if m.group(group) and (span := trailing_name(text, *m.span(group)))]
    found += [m.span(1) for m in LATIN_NAME_AFTER_CUE.finditer(text, overlapped=True)]
    found += [m.span(1) for m in LATIN_NAME_BEFORE_HONORIFIC.finditer(text)]
    return found


def form_fields(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Spans of the names and the places that are a form's field values under labels of the text's own language
    (a Latin-script label only in a form: two lines or more of "label: value")."""
    names = []
    for m in FIELD_NAME.finditer(text):
        if m.group(1):
            span = name_words(text, m.start(1), m.end(1), most=4)
            if span:
                names.append(span)
        elif len(FORM_LINE.findall(text)) >= 2:
            names.append(m.span(2))
    if len(FORM_LINE.findall(text)) >= 2:  # a header of two fields or more: "To: ...", "Cc: ...", "Subject: ..."
        for m in RECIPIENT_FIELD.finditer(text):
            span = name_words(text, m.start(1), m.end(1), most=4)
            if span and not any(common_word(w) for w in text[span[0]:span[1]].split()):
                names.append(span)
    places = [m.span(1) for m in FIELD_PLACE.finditer(text)]
    return names, places


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
    found += [m.span(1 if m.group(1) else 2) for m in LATIN_PLACE_CUE.finditer(text)]
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
    """Whether the name at text[start:end] follows a cue or precedes an honorific or a verb of its text's language."""
    offset = max(0, start - 40)
    return any(s + offset < end and start < e + offset for s, e in cued_names(text[offset:end + 40]))


def own_language_text(text: str) -> bool:
    """Whether a text may hold names that only its own language's words tell: letters of a script other than Latin,
    or a cue of a Latin-script language the English model cannot read."""
    return bool(FOREIGN_LETTER.search(text) or LATIN_CUE.search(text) or FORM_LABEL.search(text))


def in_form_field(text: str, start: int, end: int, entity: str) -> bool:
    """Whether the name or place at text[start:end] is a form's field value under a label of its own language."""
    names, places = form_fields(text)
    return any(s < end and start < e for s, e in (names if entity == "PERSON" else places))


def own_language_place_cue(text: str, start: int, end: int) -> bool:
    """Whether the place at text[start:end] follows a place cue or precedes a place postposition."""
    offset = max(0, start - 40)
    return any(s + offset < end and start < e + offset for s, e in cued_places(text[offset:end + 16]))


def own_script_findings(text: str) -> list[tuple[str, int, int, float]]:
    """Names and places of a text with letters of a script other than Latin: (entity, start, end, score).
    Capitalized runs only in prose of that script (in Latin-script prose, `foreign_names_beside` and the cues have
    them)."""
    names, places = form_fields(text)
    found = [("PERSON", s, e, 0.6) for s, e in cued_names(text) + names]
    found += [("STREET_ADDRESS", *m.span(1), 0.6) for m in FIELD_ADDRESS.finditer(text)]
    found += [("LOCATION", s, e, 0.55) for s, e in cued_places(text) + places]
    if not latin_prose(text):
        found += [("PERSON", s, e, 0.5) for s, e in capitalized_runs(text)]
    else:
        found += [("PERSON", s, e, 0.5) for s, e in foreign_runs(text)]
    found += [("PERSON", s, e, 0.5) for s, e in foreign_speakers(text)]
    found += [("PERSON", s, e, 0.6) for s, e in segmented_names(text)]
    return found


def foreign_speakers(text: str) -> list[tuple[int, int]]:
    """Spans of a dialogue's speaker labels written in a script other than Latin ("הילה: אל תחכו לי"), in a text
    with two speakers or more; a common word ("אני", "I") is a role, no name."""
    if len(speakers(text)) < 2:
        return []
    return [m.span(1) for m in DIALOGUE_LABEL.finditer(text) if FOREIGN_LETTER.match(m.group(1))
            and m.group(1).split()[0] not in FIELD_LABELS
            and not any(common_word(w) or word_frequency(w, "en") >= 4.5 for w in m.group(1).split())]


def own_script_reason(text: str, entity: str, start: int, end: int) -> str | None:
    """Why a name or place in a text with another script's letters is personal, or None: a cue of the text's own
    language, or a full name (two words or more) or a cued place in first- or second-person prose."""
    if entity == "PERSON" and own_language_cue(text, start, end):
        return "a name cue in the text's own language"
    if entity in ("PERSON", "LOCATION") and in_form_field(text, start, end, entity):
        return "a form's field labelled in the text's own language"
    if entity == "PERSON" and len(text[start:end].split()) >= 2 and personal_prose(text) and any(
            s <= start and end <= e for s, e in capitalized_runs(text)):
        return "a full name in first- or second-person prose of its own script"
    if entity == "PERSON" and (start, end) in foreign_runs(text) and FIRST_PERSON.search(text) and \
            not PUBLIC_CONTEXT.search(text):
        return "a name in its own script in first-person prose"
    if entity == "PERSON" and (start, end) in segmented_names(text) and personal_prose(text):
        return "a name, tagged by its language's segmenter, in first- or second-person prose"
    if entity == "LOCATION" and own_language_place_cue(text, start, end) and personal_prose(text):
        return "a place in first- or second-person prose of its own script"
    return None


# One-letter words that Arabic and Hebrew write joined to the next word: "and", "with", "to", "so", "as" (و ب ل ف ك),
# Hebrew's "and", "the", "in", "to", "from", "that", "as" (ו ה ב ל מ ש כ): "وابتهاج" is "and Ibtihaj".
_CLITICS = "وبلفكוהבלמשכ"
UNSPACED_SCRIPT = regex.compile(r"[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]")  # written without spaces
HANGUL_WORD = regex.compile(r"\p{Script=Hangul}+")
_ENDING = "аяоеиыйьуюєіїъаеоιηυωςαάέήίόύώ"  # what a Cyrillic or Greek name's case ending replaces


def affixed_mentions(text: str, part: str) -> list[tuple[int, int]]:
    """Spans of other mentions of a name's word `part` (of a script other than Latin) as the languages of its
    script write them: with a case ending or a postposition joined to it (Bengali "রহিমের", Tamil "அகிலுக்கு",
    Korean "민서는"; the span is the name's letters), after a joined conjunction or preposition (Arabic "ولأمين",
    Hebrew "לדוד"), inflected (Ukrainian "Тетяни" of "Тетяна", Greek "Γιώργου" of "Γιώργος": the whole word).
    A word too common to be a name's alone (`common_word`), a particle or a title has no other mentions."""
    if not part or common_word(part) or part in NAME_PARTICLES or TITLE.fullmatch(part):
        return []
    unspaced = bool(UNSPACED_SCRIPT.match(part))
    cased = part[0].isupper()
    stem = part.rstrip(_ENDING) if cased else part
    if cased and (len(part) - len(stem) > 2 or len(stem) < 3):
        stem = part
    if len(stem) < (2 if unspaced else 3):
        return []
    found = []
    at = text.find(stem)
    while at >= 0:
        end = at + len(stem)
        word_start = at
        while word_start > max(0, at - 2) and text[word_start - 1] in _CLITICS:
            word_start -= 1  # "ولأمين": "and for Amin"
        if unspaced or word_start == 0 or not text[word_start - 1].isalpha():
            if cased:
                word_end = end
                while word_end < len(text) and text[word_end].isalpha():
                    word_end += 1
                if word_end - end <= 3:
                    found.append((at, word_end))
            else:
                found.append((at, end))
        at = text.find(stem, end)
    return found
