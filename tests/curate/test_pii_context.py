"""The pii pass on code, documentation-reserved values, every text column, and names in context (issue 24)."""

from __future__ import annotations

import polars as pl
import pytest

from gristmill.curate import Pipeline
from gristmill.curate.code_spans import code_regions, without_code
from gristmill.curate.pii import PII
from gristmill.curate.pii_context import (
    foreign_phrase,
    language_named,
    private_by_default,
    private_place,
    reserved_value,
)

pytest.importorskip("presidio_analyzer")


def redact(texts: list[str], **options: object) -> pl.DataFrame:
    result = Pipeline([PII(**options)], kind="text").run(pl.DataFrame({"text": texts}))
    return pl.concat([result.kept, result.rejected], how="diagonal_relaxed").sort("source_line")


CODE_ROWS = [
    # fenced code with identifiers NER reads as names, example e-mails and loopback addresses
    "Reverse a string:\n```python\ndef reverse(s):\n    return s[::-1]\n\nusers = [{'name': 'John Doe', "
    "'email': 'user@example.com'}]\napp.run(host='0.0.0.0', port=8000)  # or 127.0.0.1\n```",
    # no fence: code lines on their own
    "String s1 = \"Convert\";\nSystem.out.println(s1);\nreturn 0;",
    # a URL with a version after '@' is not an e-mail; a version string is not an IP address
    "<script src=\"https://cdn.jsdelivr.net/npm/popper.js@1.16.1/dist/umd/popper.min.js\"></script>",
    "Upgrade to version 1.2.3.4 of the library, then call `connect('203.0.113.7')`.",
    # a trailing statement after an output comment stays a statement
    "// Output: true\n    return 0;\n}",
]


def test_code_identifiers_and_reserved_examples_survive() -> None:
    frame = redact(CODE_ROWS)
    assert frame.get_column("text").to_list() == CODE_ROWS
    assert frame.get_column("pii_redacted").to_list() == [[]] * len(CODE_ROWS)


def test_real_personal_data_in_a_code_comment_or_string_is_still_redacted() -> None:
    code = ("```python\n# maintainer: jane.roe@gmail.com, +44 7700 183 442\nSSN = '536-22-8725'\n"
            "send(to='jane.roe@gmail.com')\n```")
    frame = redact([code])
    assert frame.get_column("text").to_list() == [
        "```python\n# maintainer: <EMAIL_ADDRESS>, <PHONE_NUMBER>\nSSN = '<US_SSN>'\nsend(to='<EMAIL_ADDRESS>')\n```"]


def test_on_code_skip_leaves_code_alone_and_redact_treats_it_as_prose() -> None:
    code = "```\n# maintainer: jane.roe@gmail.com\n```\nWrite to jane.roe@gmail.com."
    assert redact([code], on_code="skip").get_column("text").to_list() == [
        "```\n# maintainer: jane.roe@gmail.com\n```\nWrite to <EMAIL_ADDRESS>."]
    example = "```\nmail('user@example.com')\n```"
    assert redact([example], on_code="redact", keep_reserved="nowhere").get_column("text").to_list() == [
        "```\nmail('<EMAIL_ADDRESS>')\n```"]


def test_reserved_values() -> None:
    assert [reserved_value("EMAIL_ADDRESS", v) for v in ("a@example.com", "a@mail.example", "a@x.test",
                                                          "a@examples.com", "a@gmail.com")] == [
        True, True, True, False, False]
    assert [reserved_value("IP_ADDRESS", v) for v in ("127.0.0.1", "0.0.0.0", "192.0.2.4", "10.1.2.3", "::",
                                                       "2001:db8::1", "8.8.8.8", "81.2.69.160")] == [
        True, True, True, True, True, True, False, False]
    assert [reserved_value("PHONE_NUMBER", v) for v in ("212-555-0134", "+1 415 555 0199", "212-555-0234")] == [
        True, True, False]


def test_reserved_examples_in_prose_are_kept_only_when_asked() -> None:
    text = "Write to ann@example.com or ann@gmail.com."
    assert redact([text]).get_column("text").to_list() == ["Write to <EMAIL_ADDRESS> or <EMAIL_ADDRESS>."]
    assert redact([text], keep_reserved="everywhere").get_column("text").to_list() == [
        "Write to ann@example.com or <EMAIL_ADDRESS>."]


def test_every_text_column_is_scanned_unless_excluded() -> None:
    frame = pl.DataFrame({"instruction": ["Reply to the customer."], "input": [""],
                          "output": ["Sure, I'll call them."],
                          "response": ["Call Maria Lopez on +44 7700 183 442 or mail maria.lopez@gmail.com."],
                          "notes": ["ops: 81.2.69.160"], "category": ["support"]})
    kept = Pipeline([PII()], kind="sft").run(frame).kept
    row = kept.row(0, named=True)
    assert row["response"] == "Call <PERSON> on <PHONE_NUMBER> or mail <EMAIL_ADDRESS>."
    assert row["notes"] == "ops: <IP_ADDRESS>"
    assert row["category"] == "support"
    assert sorted(row["edits"]) == ["pii:notes", "pii:response"]
    excluded = Pipeline([PII(exclude_fields=["notes"])], kind="sft").run(frame).kept.row(0, named=True)
    assert excluded["notes"] == "ops: 81.2.69.160"
    assert excluded["response"] == "Call <PERSON> on <PHONE_NUMBER> or mail <EMAIL_ADDRESS>."


def test_a_famous_name_in_a_knowledge_answer_survives_beside_contact_details_it_does_not() -> None:
    knowledge = "Louis Armstrong, known as Satchmo, made his recording debut in 1923 with King Oliver."
    personal = "Louis Armstrong lives at 12 Baker Street, London, and his phone number is +44 7700 183 442."
    frame = redact([knowledge, personal])
    assert frame.get_column("text").to_list() == [
        knowledge, "<PERSON> lives at <STREET_ADDRESS>, and his phone number is <PHONE_NUMBER>."]
    assert frame.get_column("pii_reasons").to_list() == [[], ["PERSON: beside PHONE_NUMBER"]] or \
        frame.get_column("pii_reasons").to_list() == [[], ["PERSON: beside STREET_ADDRESS"]]


def test_names_with_personal_context_are_redacted_and_say_why() -> None:
    texts = ["My name is Aantje Mourik.", "Dear Oskar,\nthe parcel is late.", "My neighbor Tom Baxter is loud.",
             "Jane Doe's phone number is on the form.", "Kickball is a playground game like baseball."]
    frame = redact(texts)
    assert frame.get_column("text").to_list() == [
        "My name is <PERSON>.", "Dear <PERSON>,\nthe parcel is late.", "My neighbor <PERSON> is loud.",
        "<PERSON>'s phone number is on the form.", "Kickball is a playground game like baseball."]
    assert frame.get_column("pii_reasons").to_list() == [
        ["PERSON: first-person, greeting, contact or relation cue"],
        ["PERSON: first-person, greeting, contact or relation cue"],
        ["PERSON: first-person, greeting, contact or relation cue"],
        ["PERSON: own details, relation or addressed"], []]


def test_person_policy_always_and_never() -> None:
    knowledge = "Louis Armstrong, known as Satchmo, made his recording debut in 1923."
    assert redact([knowledge], person="always").get_column("text").to_list() == [
        "<PERSON>, known as Satchmo, made his recording debut in 1923."]
    assert redact(["My name is Aantje Mourik."], person="never").get_column("text").to_list() == [
        "My name is Aantje Mourik."]


def test_unless_public_keeps_a_name_in_a_knowledge_answer_and_redacts_it_in_a_plain_personal_sentence() -> None:
    """`person: unless_public` (the default): the same full name (not rare: Zipf 2.0-2.6, so `contextual` keeps
    both) stays in a sentence about a novel and goes, with its reason, from one with no cue and no knowledge."""
    knowledge = "Kazuo Ishiguro wrote the novel The Remains of the Day."
    personal = "Kazuo Ishiguro will pick up the keys on Friday."
    frame = redact([knowledge, personal])  # the default
    assert frame.get_column("text").to_list() == [knowledge, "<PERSON> will pick up the keys on Friday."]
    assert frame.get_column("pii_reasons").to_list() == [
        [], ["PERSON: a full name in a text with no sign of public knowledge"]]
    assert redact([knowledge, personal], person="contextual").get_column("text").to_list() == [knowledge, personal]


def test_unless_public_leaves_single_words_and_names_common_in_public_text() -> None:
    text = "Kazuo Ishiguro will pick up the keys on Friday."
    assert private_by_default(text, 0, 14) == "a full name in a text with no sign of public knowledge"
    assert private_by_default(text, 0, 5) is None  # one word: as often a product or a term as a name
    common = "John Smith will pick up the keys on Friday."
    assert private_by_default(common, 0, 10) is None  # every word at Zipf >= 3: the rule cannot tell
    famous = "Who was Kazuo Ishiguro?"
    assert private_by_default(famous, 8, 22) is None  # a question about facts


def test_location_unless_public_takes_a_small_place_someone_is_at_and_keeps_capitals_and_countries() -> None:
    """`location: unless_public` (opt-in): Vanves (Zipf 0) after "in" goes with its reason; France and Paris
    (Zipf 4.8-4.9) stay; `contextual`, the default, keeps all three (no identifier, no "I live in")."""
    texts = ["Paris is the capital of France.", "The keys are with the neighbours in Vanves, France."]
    places = ["PERSON", "STREET_ADDRESS", "LOCATION"]
    frame = redact(texts, entities=places, location="unless_public")
    assert frame.get_column("text").to_list() == [texts[0], "The keys are with the neighbours in <LOCATION>, France."]
    assert frame.get_column("pii_reasons").to_list() == [[], [
        "LOCATION: a place uncommon in public text, where someone is or goes, in a text with no sign of public "
        "knowledge"]]
    assert redact(texts, entities=places).get_column("text").to_list() == texts


def test_location_unless_public_leaves_topics_public_knowledge_and_identifiers() -> None:
    text = "Meet me at the bakery in Gdansk tomorrow."
    assert private_place(text, 25, 31) is not None
    assert private_place("Is Gdansk a port?", 3, 9) is None  # named as a topic, not where someone is
    history = "In 1939 the war began at Gdansk."
    assert private_place(history, 25, 31) is None  # public knowledge (PUBLIC_CONTEXT: war)
    assert private_place("Return the data in JSON.", 19, 23) is None  # an acronym NER read as a place
    assert private_place("Welcome to OpenAI.", 11, 17) is None  # an identifier's casing


def test_a_personal_name_is_redacted_at_every_mention() -> None:
    text = "Louis Armstrong was a trumpeter. My neighbor Louis Armstrong plays too loud."
    assert redact([text]).get_column("text").to_list() == [
        "<PERSON> was a trumpeter. My neighbor <PERSON> plays too loud."]


def test_code_regions_find_fences_inline_code_and_code_lines() -> None:
    text = "Run `du -sh /home` first.\nThen:\n$ ls -la\nfor i in range(3):\n    print(i)\nDone, thanks."
    assert [text[s:e] for s, e in code_regions(text)] == [
        "`du -sh /home`", "$ ls -la\nfor i in range(3):\n    print(i)"]
    assert without_code("x = 1  # set the count\nThe rest is prose.") == "set the count\n\n\nThe rest is prose."


def test_addresses_names_and_phones_in_other_countries_formats() -> None:
    texts = ["Patient Annedore Thies, admitted Monday, home address Okrová 77, 731 70 Lázně Kynžvart.",
             "Please ship the order to:\nElla Vertoor\nMartsteeg 9\n6534LK Ommeren",
             "Tenant: Eugène Deschamps, 281, boulevard Delahaye, 86353 Sainte Gabriel.",
             "If anything changes, call us on 577 654 415.",
             "Emergency contact: pani Kamila Skotarek, mobile 798-642-9814x3385"]
    assert redact(texts).get_column("text").to_list() == [
        "Patient <PERSON>, admitted Monday, home address <STREET_ADDRESS>.",
        "Please ship the order to:\n<STREET_ADDRESS>",
        "Tenant: <PERSON>, <STREET_ADDRESS>.",
        "If anything changes, call us on <PHONE_NUMBER>.",
        "Emergency contact: pani <PERSON>, mobile <PHONE_NUMBER>"]


def test_summary_and_report_say_which_columns_and_why() -> None:
    import io

    from rich.console import Console

    pii = PII()
    Pipeline([pii], kind="text").run(pl.DataFrame({"text": ["My name is Aantje Mourik.", "Louis Armstrong sang."],
                                                   "note": ["Dear Oskar,\nsee you.", ""]}))
    summary = pii.summary()
    assert summary["columns"] == ["text", "note"]
    assert (summary["person"], summary["on_code"], summary["keep_reserved"]) == ("unless_public", "patterns_only",
                                                                                  "in_code")
    assert summary["name_reasons"] == {"PERSON: first-person, greeting, contact or relation cue": 1}
    out = io.StringIO()
    Console(file=out, width=100, color_system=None).print(pii.report())
    assert "person=unless_public" in out.getvalue()
    assert "first-person, greeting, contact or relation cue" in out.getvalue()


def test_places_are_redacted_only_in_a_personal_context() -> None:
    texts = ["Paris is the capital of France and sits on the Seine.", "I moved to Springfield last year.",
             "Anna Berg lives in Vesterby, phone +45 39 15 00 08."]
    frame = redact(texts, entities=["LOCATION", "PERSON", "PHONE_NUMBER"])
    assert frame.get_column("text").to_list() == [
        "Paris is the capital of France and sits on the Seine.", "I moved to <LOCATION> last year.",
        "<PERSON> lives in <LOCATION>, phone <PHONE_NUMBER>."]
    assert redact(texts[:1], entities=["LOCATION"], location="always").get_column("text").to_list() == [
        "<LOCATION> is the capital of <LOCATION> and sits on the Seine."]


def test_other_mentions_of_a_personal_name_inside_code_follow_on_code() -> None:
    text = "My name is Aantje Mourik.\n```\nauthor = 'Aantje'\n```"
    for on_code in ("skip", "patterns_only"):
        assert redact([text], on_code=on_code).get_column("text").to_list() == [
            "My name is <PERSON>.\n```\nauthor = 'Aantje'\n```"]
    assert redact([text], on_code="redact").get_column("text").to_list() == [
        "My name is <PERSON>.\n```\nauthor = '<PERSON>'\n```"]


def test_field_labels_are_not_speakers_but_a_dialogue_has_them() -> None:
    fields = 'Input: "OpenAI"\nOutput: "IANepo"'
    dialogue = 'Anna: "Where were you last night?"\nBen: "At home, sorry."'
    frame = redact([fields, dialogue])
    assert frame.get_column("text").to_list() == [
        fields, '<PERSON>: "Where were you last night?"\n<PERSON>: "At home, sorry."']
    assert frame.get_column("pii_reasons").to_list() == [[], ["PERSON: speaker in a dialogue"]]


def test_number_lists_and_escaped_line_breaks_are_not_identifiers() -> None:
    texts = ["1 2 3 4 5 6 7 8 9 10", "Input CSV file: id,name,age\\n1,John,23\\n2,Alice,30\\n3,Bob,45"]
    assert redact(texts).get_column("text").to_list() == texts


def test_names_given_for_a_record_or_a_relative_are_personal_a_nickname_in_history_is_not() -> None:
    texts = ["The name on my account is wrong, please change it to Maren Voskuijlen.",
             "What's your name? Ilse Brandvold",
             "My great grandmother was called Hedda Saarinen.",
             "Louis Armstrong was called Satchmo by his fans."]
    frame = redact(texts)
    assert frame.get_column("text").to_list() == [
        "The name on my account is wrong, please change it to <PERSON>.", "What's your name? <PERSON>",
        "My great grandmother was called <PERSON>.", "Louis Armstrong was called Satchmo by his fans."]
    assert frame.get_column("pii_reasons").to_list() == [
        ["PERSON: first-person, greeting, contact or relation cue"]] * 3 + [[]]


def test_a_name_above_a_postal_block_is_an_addressee_a_name_above_a_town_and_a_year_is_not() -> None:
    texts = ["Oskar Lindqvist\n\nVesterby\nDenmark", "Charles Dickens\nLondon\n1812"]
    frame = redact(texts, entities=["PERSON", "LOCATION"])
    assert frame.get_column("text").to_list() == ["<PERSON>\n\nVesterby\n<LOCATION>", texts[1]]
    assert frame.get_column("pii_reasons").to_list() == [
        ["LOCATION: beside a personal name", "PERSON: addressee above a postal address"], []]


def test_unquoted_dialogue_turns_have_speakers_field_labels_do_not() -> None:
    dialogue = "Rosa: I missed the bus again.\nMartin: Then I will drive you tomorrow."
    fields = "Input: a list of numbers from Martin\nOutput: the same list, sorted"
    frame = redact([dialogue, fields])
    assert frame.get_column("text").to_list() == [
        "<PERSON>: I missed the bus again.\n<PERSON>: Then I will drive you tomorrow.", fields]
    assert frame.get_column("pii_reasons").to_list() == [["PERSON: speaker in a dialogue"], []]


def test_lower_case_ibans_and_phone_numbers_labelled_after_them_are_found() -> None:
    texts = ["my iban is de89370400440532013000", "Office: 312 846 2671\n312.846.2672 fax\n3128462673-Mobile"]
    assert redact(texts).get_column("text").to_list() == [
        "my iban is <IBAN_CODE>", "Office: <PHONE_NUMBER>\n<PHONE_NUMBER> fax\n<PHONE_NUMBER>-Mobile"]


def test_a_name_rare_in_public_text_is_personal_a_well_known_one_is_not() -> None:
    # No cue in either sentence: what tells them apart is how often public text (news, books, encyclopedias)
    # writes the name. Without the rare-name rule the first row keeps its name.
    texts = ["Ottilie Brzezińska finally finished the quilt for the church raffle.",
             "Winston Churchill finally finished the speech for the victory parade."]
    frame = redact(texts)
    assert frame.get_column("text").to_list() == [
        "<PERSON> finally finished the quilt for the church raffle.", texts[1]]
    assert frame.get_column("pii_reasons").to_list() == [["PERSON: a name rare in public text"], []]


def test_rare_name_reads_word_frequencies_and_is_off_for_languages_it_has_none_for() -> None:
    from gristmill.curate.pii_context import rare_name

    pytest.importorskip("wordfreq")
    assert rare_name("Jarmila Chloupková") and rare_name("Steve K. Fenstermacher")
    assert not rare_name("Barack Obama") and not rare_name("Louis Armstrong") and not rare_name("J. K.")
    assert not rare_name("Jarmila Chloupková", language="xx")  # no frequencies: no name counts as rare


def test_identifiers_cased_like_code_and_column_names_are_not_names() -> None:
    # both are rare in public text and read as PERSON by the small NER model: without the identifier-case rule
    # and the `Lastname` non-name the rare-name rule would redact them
    texts = ["Write a function that reverses the string 'OpenAI'.",
             "Develop a SQL query that retrieves all records from a 'Users' table, ordered by 'Lastname' in ascending "
             "order."]
    assert redact(texts).get_column("text").to_list() == texts


def test_cards_by_issuer_range_ibans_before_a_word_and_north_american_numbers_are_found() -> None:
    # a 2-series Mastercard and a 19-digit Visa with no cue (presidio's pattern stops short of both), an IBAN
    # followed by a lower-case word (a case-blind pattern ran on into it and failed the checksum), a NANP number
    # written with dots and an extension; all four were missed before; a country code in brackets
    texts = ["Please charge 2223 0000 4841 0010 today.", "Ref 4123789914330146734 was declined.",
             "Send it to ES9121000418450200051332 today, thanks.", "Or try 387.978.9328x792 after six.",
             "Use +(370) 61108436 for this."]
    assert redact(texts).get_column("text").to_list() == [
        "Please charge <CREDIT_CARD> today.", "Ref <CREDIT_CARD> was declined.",
        "Send it to <IBAN_CODE> today, thanks.", "Or try <PHONE_NUMBER> after six.", "Use <PHONE_NUMBER> for this."]
    numbers = ["Version 3.14.159 and pi 3.141592653589", "id = 4000000000000000001", "Order 1234567890123456"]
    assert redact(numbers).get_column("text").to_list() == numbers


def test_signatures_record_lists_and_service_relations_are_personal_credits_are_not() -> None:
    # each personal row has one cue and common name words (so the rare-name rule does not decide it)
    texts = ["Thanks for sorting it out so quickly.\n\nBest,\nJames Morgan",
             "Attendees: Sarah Mitchell, David Clark\nAgenda: the spring budget",
             "Our waiter Daniel was lovely and the soup was great.",
             "Directed by: Steven Spielberg\nStarring: Tom Hanks"]
    frame = redact(texts)
    assert frame.get_column("text").to_list() == [
        "Thanks for sorting it out so quickly.\n\nBest,\n<PERSON>",
        "Attendees: <PERSON>, <PERSON>\nAgenda: the spring budget",
        "Our waiter <PERSON> was lovely and the soup was great.", texts[3]]
    assert frame.get_column("pii_reasons").to_list() == [
        ["PERSON: signature"], ["PERSON: listed for a record"],
        ["PERSON: first-person, greeting, contact or relation cue"], []]


def test_names_in_contact_entries_and_record_roles_are_redacted() -> None:
    # each name was kept before: no sentence around it for the NER model, a role the cues did not know, a
    # greeting they did not know, or a role read as part of the name ("Tenant Joseph Smith")
    texts = ["Volunteers\nScott Murray - 0612 345 678\nFront Desk - 0612 345 679",
             "Claimant: Brian Diaz\nNext of kin: Corey Davis", "Welcome, Dominic!",
             "Tenant Joseph Smith pays on the first.", "Report prepared for Mason Williams on 12 May."]
    assert redact(texts).get_column("text").to_list() == [
        "Volunteers\n<PERSON> - <PHONE_NUMBER>\nFront Desk - <PHONE_NUMBER>",
        "Claimant: <PERSON>\nNext of kin: <PERSON>", "Welcome, <PERSON>!", "Tenant <PERSON> pays on the first.",
        "Report prepared for <PERSON> on 12 May."]


def test_a_chat_role_or_a_public_field_is_no_record_of_a_person() -> None:
    texts = ["Human: Nah, I'd rather not.\n\nAssistant: Sure.\n\nHuman: Tallahassee FL\n\nAssistant: OK.",
             "Directed by: Sofia Coppola\nGenre: Drama"]
    assert redact(texts).get_column("text").to_list() == texts


def test_places_in_travel_and_record_fields_and_someone_elses_home_are_redacted_when_asked_for() -> None:
    # each town was kept before: no cue the recognizers knew, or a residence cue that was not first-person
    texts = ["My flight to Paderborn leaves at 9.", "Place of birth: Finsterwalde\nPhone: +49 30 1234567",
             "He lives near Coxhaven with his wife.", "I'm in Smithfort until Friday."]
    entities = ["PERSON", "PHONE_NUMBER", "LOCATION"]
    assert redact(texts, entities=entities).get_column("text").to_list() == [
        "My flight to <LOCATION> leaves at 9.", "Place of birth: <LOCATION>\nPhone: <PHONE_NUMBER>",
        "He lives near <LOCATION> with his wife.", "I'm in <LOCATION> until Friday."]


def test_a_biography_keeps_where_its_subject_lived() -> None:
    text = ["The composer was born in Bonn; he moved to Vienna in 1792 and lived there until his death."]
    assert redact(text, entities=["PERSON", "LOCATION"]).get_column("text").to_list() == text


@pytest.mark.parametrize(("value", "label"), [
    ("Rufnummer", True), ("Festnetz", True), ("Telefon:", True), ("IBAN-Nr.", True), ("E-Mail-Adresse", True),
    ("Kontonummer", True), ("Kreditkartennummer", True), ("Dirección", True), ("Телефон", True),
    ("Anna Berg", False), ("Carta Blanca", False), ("Berlin", False),
])
def test_identifier_label_is_only_words_naming_an_identifier(value: str, label: bool) -> None:
    from gristmill.curate.pii_context import identifier_label

    assert identifier_label(value) is label


def test_a_forms_field_labels_are_no_names_or_places() -> None:
    form = "Domain record\nHolder Name: Olaf Brandt\nHolder City: Wittenberge\nHolder Phone: +49 3877 56 21 09"
    assert redact([form], entities=["ALL"]).get_column("text").to_list() == [
        "Domain record\nHolder Name: <PERSON>\nHolder City: Wittenberge\nHolder Phone: <PHONE_NUMBER>"]
    own = "Il mio conto: IT60 X054 2811 1010 0000 0123 456"
    assert redact([own], entities=["ALL"]).get_column("text").to_list() == ["Il mio conto: <IBAN_CODE>"]


@pytest.mark.parametrize(("text", "value", "label"), [
    ("Beneficiary: Olaf Brandt", "Beneficiary", True),
    ("Il mio conto: IT60", "Il mio", True),
    ("Holder City: Wittenberge\nHolder Phone: 0612", "Holder City", True),
    ("Olaf Brandt mobile: 0612 345 678", "Olaf Brandt", False),  # one entry's name, not a form's prefix
    ("Olaf's phone: 0612", "Olaf", False),
    ("Olaf: see you at noon", "Olaf", False),
])
def test_in_field_label_tells_a_label_from_a_name_before_it(text: str, value: str, label: bool) -> None:
    from gristmill.curate.pii_context import in_field_label

    start = text.index(value)
    assert in_field_label(text, start, start + len(value)) is label


def test_a_mail_headers_field_name_is_no_speaker() -> None:
    header = 'Reply-To: "Greta Lindholm" <greta.lindholm@gmx.de>\nSubject: the keys'
    assert redact([header], entities=["ALL"]).get_column("text").to_list() == [
        'Reply-To: "<PERSON>" <<EMAIL_ADDRESS>>\nSubject: the keys']
    speaker = 'Greta: "I left the keys with the neighbour."'  # a speaker's quoted turn: still a name
    assert redact([speaker], entities=["PERSON"], person="always").get_column("text").to_list() == [
        '<PERSON>: "I left the keys with the neighbour."']


@pytest.mark.parametrize(("text", "value", "language"), [
    ("Nurse on call tonight: Ines Varga, 0612 339 871 (Hungarian or German).", "Hungarian", True),
    ("Nurse on call tonight: Ines Varga, 0612 339 871 (Hungarian or German).", "German", True),
    ("Our tutor speaks Portuguese and writes to us in Dutch.", "Portuguese", True),
    ("Our tutor speaks Portuguese and writes to us in Dutch.", "Dutch", True),
    ("The Korean speakers in class meet on Fridays.", "Korean", True),
    ("Two Hungarian and German tourists lost their passports.", "Hungarian", False),  # people
    ("My landlord is Hungarian, she moved here in 2004.", "Hungarian", False),
    ("The Swiss Alps rise above the lake.", "Swiss", False),  # no language name
])
def test_language_named_tells_a_language_from_a_nationality(text: str, value: str, language: bool) -> None:
    start = text.index(value)
    assert language_named(text, start, start + len(value)) is language


def test_a_language_named_as_a_language_is_no_nationality() -> None:
    rows = ["Host: Ines Varga. Viber: +36 30 339 8712 (Hungarian or German). Checkout by ten.",
            "Ines Varga is Hungarian and works nights at the depot."]
    assert redact(rows, entities=["NRP"]).get_column("text").to_list() == [
        rows[0], "Ines Varga is <NRP> and works nights at the depot."]


@pytest.mark.parametrize(("value", "foreign"), [
    ("Sie mich jederzeit", True), ("Écrivez-moi", True), ("Nie ma mnie w biurze", True),
    ("Jana Keller", False), ("Bakı on", False),  # a capitalized last word; an English one after a place
    ("Ruud van", False), ("Jean-Luc", False),  # a name's particle; a hyphenated name
    ("Ruud Mulder's", False), ("Ruud Mulder\nMerci de", False),  # a possessive; a name at a line's end
    ("North Ћирилоville", False),  # a place of another script with a Latin ending
])
def test_foreign_phrase_is_a_phrase_ending_in_another_languages_word(value: str, foreign: bool) -> None:
    assert foreign_phrase(value) is foreign


def test_a_phrase_of_another_language_is_no_name_or_place() -> None:
    rows = ["Bei Fragen erreichen Sie mich jederzeit unter 0171 2345678.",
            "Écrivez-moi à lucie.marchal@orange.fr avant vendredi.",
            "Nie ma mnie w biurze, dzwoń na 601 234 567.",
            "bis morgen, ruf an unter 0171 2345678 oder frag Jana Keller."]  # a real name in German text stays
    assert redact(rows, entities=["PERSON", "LOCATION", "PHONE_NUMBER", "EMAIL_ADDRESS"]).get_column(
        "text").to_list() == [
        "Bei Fragen erreichen Sie mich jederzeit unter <PHONE_NUMBER>.",
        "Écrivez-moi à <EMAIL_ADDRESS> avant vendredi.",
        "Nie ma mnie w biurze, dzwoń na <PHONE_NUMBER>.",
        "bis morgen, ruf an unter <PHONE_NUMBER> oder frag <PERSON>."]
