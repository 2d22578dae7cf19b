"""IBANs and phone numbers by their definitions (issue 24): ISO 13616 for IBANs, E.123 / national forms for phones."""

from __future__ import annotations

import polars as pl
import pytest

from gristmill.curate import Pipeline
from gristmill.curate.pii import PII

pytest.importorskip("presidio_analyzer")


def redact(texts: list[str]) -> list[str]:
    result = Pipeline([PII()], kind="text").run(pl.DataFrame({"text": texts}))
    return pl.concat([result.kept, result.rejected], how="diagonal_relaxed").sort("source_line") \
        .get_column("text").to_list()


def test_iban_checksum_is_iso_7064_mod_97_10() -> None:
    from gristmill.curate.pii_recognizers import iban_checksum_ok

    # NO93 8601 1117 947: moved to the end and lettered, 86011117947 2324 93 -> 860111179472324 93, whose
    # remainder mod 97 is 1; change one digit and it is not
    assert iban_checksum_ok("NO9386011117947")
    assert not iban_checksum_ok("NO9386011117948")


def test_ibans_of_every_registry_country_in_any_grouping_are_found() -> None:
    # Russia, El Salvador and Mongolia joined the registry after presidio's country table was written: each was
    # kept before. Check digits computed by hand for these made-up account numbers.
    texts = ["Pay the deposit to RU02 0445 2560 0407 0281 0412 3456 7890 1 by Monday.",
             "Beneficiary account SV62CENR00000000000000700025, thank you.",
             "the old account mn12 1234 1234 5678 9123 is closed"]
    assert redact(texts) == ["Pay the deposit to <IBAN_CODE> by Monday.", "Beneficiary account <IBAN_CODE>, thank you.",
                             "the old account <IBAN_CODE> is closed"]


def test_iban_shapes_off_the_definition_are_not_ibans() -> None:
    # a wrong check digit; a valid checksum at the wrong length for GB (21 characters, GB's IBAN has 22);
    # mixed case; a country code outside the registry (US)
    texts = ["Account DE89370400440532013001 was closed.", "Code GB96ABCD1234567890123 expired.",
             "Token De89370400440532013000 rotated.", "Order US64SVBKUS6S3300958879 shipped."]
    assert redact(texts) == texts


def test_a_labelled_iban_counts_at_any_iso_length_if_its_check_digits_hold() -> None:
    # a GB string one character short of GB's 22 with valid check digits, and a 14-character TH one (ISO 13616
    # caps the IBAN at 34 characters and sets no floor): after the word IBAN both are the person's account. Not
    # without the label, not with a wrong check digit, not with a BBAN under eight characters.
    texts = ["My iban no. GB54ESZY1417776317066, thanks.", "IBAN: TH302914177763",
             "Ref GB54ESZY1417776317066 noted.", "IBAN: DE89370400440532013001", "IBAN: TH421234567"]
    assert redact(texts) == ["My iban no. <IBAN_CODE>, thanks.", "IBAN: <IBAN_CODE>", *texts[2:]]


def test_an_iban_paid_into_counts_at_any_iso_length_if_its_check_digits_hold() -> None:
    # words of moving money name the string after them an account, as the word IBAN does: a GB string a
    # character short, a Thai one (Thailand issues no IBANs) in brackets, a Bangladeshi one after "bank details";
    # a wrong check digit still keeps it out, and so does an order or a code
    texts = ["Please transfer to GB54ESZY1417776317066 by Friday.", "Refund to (TH302914177763) please",
             "Bank details - BD16RHLH374068124 - thanks", "Please transfer to GB54ESZY1417776317067 by Friday.",
             "Order GB54ESZY1417776317066 shipped."]
    assert redact(texts) == ["Please transfer to <IBAN_CODE> by Friday.", "Refund to (<IBAN_CODE>) please",
                             "Bank details - <IBAN_CODE> - thanks", *texts[3:]]


def test_account_words_of_inflecting_languages_name_an_iban_before_or_after_it() -> None:
    # a GB string a character short: after Bulgarian "сметка" in the genitive-free form "по сметка", Arabic
    # "الحساب" (the article joined), Hebrew "לחשבון" (the preposition joined); before Turkish "hesaba" and
    # Armenian "հաշվին", which follow the number
    iban = "GB54ESZY1417776317066"
    texts = [f"Моля, преведете сумата по сметка {iban}.", f"يرجى التحويل إلى الحساب {iban} قبل الجمعة.",
             f"נא להעביר לחשבון {iban} עד יום ראשון.", f"Lütfen {iban} numaralı hesaba havale yapın.",
             f"Խնդրում եմ փոխանցել {iban} հաշվին։"]
    assert all(iban not in out and "<IBAN_CODE>" in out for out in redact(texts))


def test_ibans_issued_outside_the_registry_count_at_their_national_length() -> None:
    # Iran (26), Morocco (28) and Côte d'Ivoire (28, its BBAN starts with a letter) issue IBANs nationally: no
    # label needed at their length. Argentina issues none, so an IBAN-shaped string there needs a label; the US
    # issues none either.
    texts = ["Send it to IR060291417776317066907439.", "Please pay into MA64123456789012345678901234 by Friday.",
             "Compte CI17A12345678901234567890123", "Order AR12ABCD123456789012345678 shipped.",
             "Order US64SVBKUS6S3300958879 shipped.", "Token MA64123456789012345678901235 rotated."]
    assert redact(texts) == ["Send it to <IBAN_CODE>.", "Please pay into <IBAN_CODE> by Friday.", "Compte <IBAN_CODE>",
                             *texts[3:]]


def test_example_ibans_of_php_iban_are_found_whole_without_a_label() -> None:
    # From globalcitizen/php-iban: registry.txt's Algerian example (its 20-digit RIB as the BBAN, 24 in all) and
    # utils/example-ibans' Togolese, Comorian, Egyptian (29 since Egypt joined the registry) and Belarusian ones,
    # the last in its paper form
    texts = ["Please send it to DZ3512341234123412341234 by Friday.", "Paid to TG53TG0090604310346500400070 today.",
             "Paid to KM4600005000010010904400137 today.", "Paid to EG380019000500000000263180002 today.",
             "Paid to BY14 AKBB 3632 5180 0034 2420 0000 today."]
    assert redact(texts) == ["Please send it to <IBAN_CODE> by Friday.", *["Paid to <IBAN_CODE> today."] * 4]


def test_an_algerian_iban_counts_at_either_length_the_sources_give() -> None:
    # 24 (php-iban: the 20-digit RIB) and 26 (schwifty, ibantools, java-iban); a made-up BBAN with valid checks
    texts = ["Please send it to DZ3512341234123412341234 by Friday.", "Paid to DZ460021234567890123456789 today.",
             "Paid to DZ470021234567890123456789 today."]  # the last: one check digit off
    assert redact(texts) == ["Please send it to <IBAN_CODE> by Friday.", "Paid to <IBAN_CODE> today.",
                             "Paid to DZ470021234567890123456789 today."]


def test_an_account_word_of_another_language_or_a_table_header_labels_an_iban() -> None:
    # Kontonummer, rekeningnummer, RIB, numer konta; "Mi IBAN es ..." (words between label and value); a table
    # whose header names the column IBAN. GB54... is a character short of GB's length, AR12... of no registry
    # country: only a label makes them accounts.
    texts = ["Kontonummer GB54ESZY1417776317066, lautend auf Frau Berg.", "Rekeningnummer: GB54ESZY1417776317066",
             "RIB : GB54 ESZY 1417 7763 1706 6", "Numer konta: GB54ESZY1417776317066.",
             "Mi IBAN es GB54ESZY1417776317066, gracias.",
             "| Name | IBAN | Amount |\n|---|---|---|\n| Ann Berg | AR12ABCD123456789012345678 | 120.00 |"]
    assert redact(texts) == ["Kontonummer <IBAN_CODE>, lautend auf <PERSON>.", "Rekeningnummer: <IBAN_CODE>",
                             "RIB : <IBAN_CODE>", "Numer konta: <IBAN_CODE>.", "Mi IBAN es <IBAN_CODE>, gracias.",
                             "| Name | IBAN | Amount |\n|---|---|---|\n| <PERSON> | <IBAN_CODE> | 120.00 |"]


def test_cards_of_issuer_ranges_presidio_does_not_know_are_found() -> None:
    # Mir (2200-2204), JCB's 15-digit 2131 and 1800 ranges, a 13-digit Visa and Troy (9792), Luhn-valid made-up
    # numbers, one in a CSV row with a number in the next column; the same digits with a wrong check digit are no
    # card, nor is a number with decimals after a comma
    texts = ["card_number,amount\n2200123456789019,12.50", "Charged to 2131 1234 5678 904 yesterday.",
             "JCB 180098765432105 on file", "Paid with 4123456789011.", "Troy card 9792 1234 5678 9018 works.",
             "Charged to 2131 1234 5678 905 yesterday.", "Order 2200123456789018 shipped.",
             "Paid 2200123456789019,50 EUR"]
    assert redact(texts) == ["card_number,amount\n<CREDIT_CARD>,12.50", "Charged to <CREDIT_CARD> yesterday.",
                             "JCB <CREDIT_CARD> on file", "Paid with <CREDIT_CARD>.", "Troy card <CREDIT_CARD> works.",
                             *texts[5:]]


def test_a_phone_after_a_cjk_colon_is_found() -> None:
    # Chinese, Japanese and Korean write the label's colon full width (：): the cue must still hold
    texts = ["电话：13812345678", "電話：090-1234-5678", "전화：010-1234-5678"]
    assert redact(texts) == ["电话：<PHONE_NUMBER>", "電話：<PHONE_NUMBER>", "전화：<PHONE_NUMBER>"]


def test_a_data_table_is_left_alone_unless_it_lists_phones_or_e_mails() -> None:
    # CSV and TSV rows read as code (data, left alone); a table that lists someone's phone number is a contact
    # list, so its names are people's; sample data (ages, reserved example.com addresses) and tables inside a
    # fence stay as they are
    texts = ["Name,Phone\nAnna Kovacs,+36 30 123 4567\nPeter Nagy,+36 20 765 4321",
             "Plot\tName\tPhone\n12\tJan Novak\t+420 601 234 567\n13\tEva Dvorak\t602 345 678",
             "name,age\nJohn,25\nJane,30\nBob,41",
             "user,email\nalice,alice@example.com\nbob,bob@example.com\ncarol,carol@example.com",
             "```csv\nname,phone\nJohn Smith,+36 30 123 4567\nJane Doe,+36 20 765 4321\n```"]
    assert redact(texts) == ["Name,Phone\n<PERSON>,<PHONE_NUMBER>\n<PERSON>,<PHONE_NUMBER>",
                             "Plot\tName\tPhone\n12\t<PERSON>\t<PHONE_NUMBER>\n13\t<PERSON>\t<PHONE_NUMBER>",
                             *texts[2:4],
                             "```csv\nname,phone\nJohn Smith,<PHONE_NUMBER>\nJane Doe,<PHONE_NUMBER>\n```"]


def test_a_table_of_postal_addresses_is_a_record_of_people() -> None:
    # no phone or e-mail, but each row's street address makes it someone's record: its names go too
    text = ("| Giver | Recipient | Address |\n|---|---|---|\n| Tom Hale | Rosa Ng | 12 Kauri Street |\n"
            "| Rosa Ng | Ivan Petrov | 4 Elm Road |\n| Ivan Petrov | Tom Hale | 9 Mill Lane |")
    out = redact([text])[0]
    assert "Tom Hale" not in out and "Rosa Ng" not in out and "Ivan Petrov" not in out and "Kauri" not in out


def test_a_contact_tables_header_is_no_name_and_its_name_cells_go_whole() -> None:
    # spaCy reads the header "Email" as a person and stops "Jonas Berg" after "Jonas" (leaving the surname); a
    # header cell is a column's label, and a name found at a cell's start takes the cell's capitalized rest
    texts = ["Name,Phone,Email\nJonas Berg,+46 70 123 45 67,jonas.berg@telia.com\n"
             "Maria Lopez,+34 612 345 678,maria.lopez@gmail.com\nAiko Tanaka,090-1234-5678,aiko.t@yahoo.co.jp"]
    assert redact(texts) == ["Name,Phone,Email\n<PERSON>,<PHONE_NUMBER>,<EMAIL_ADDRESS>\n"
                             "<PERSON>,<PHONE_NUMBER>,<EMAIL_ADDRESS>\n<PERSON>,<PHONE_NUMBER>,<EMAIL_ADDRESS>"]


def test_national_phone_forms_after_a_trunk_prefix_or_a_bracketed_area_code_are_found() -> None:
    # one subscriber block after the area code (a CSV cell, no cue) and a bracketed area code with a slash:
    # both were kept before
    texts = ["id,name,phone\n17,Mara Lind,03 6652198", "Reach the flat at (0621)/58 17 93 after six."]
    assert redact(texts) == ["id,name,phone\n17,<PERSON>,<PHONE_NUMBER>",  # the name beside it: a contact entry
                             "Reach the flat at <PHONE_NUMBER> after six."]


def test_a_call_cue_lifts_plain_digit_groups_at_the_end_of_a_sentence() -> None:
    # "call" is a spaCy stop word, so presidio's context check never saw it; and a full stop after the number
    # stopped the grouped pattern. The last: a mistyped country code after a cue is still the person's number.
    texts = ["If the alarm goes off, call the caretaker on 612 408 397.",
             "Please call the front desk tomorrow on 483-2291.", "His mobile (+09(3)5512348876) is switched off."]
    assert redact(texts) == ["If the alarm goes off, call the caretaker on <PHONE_NUMBER>.",
                             "Please call the front desk tomorrow on <PHONE_NUMBER>.",
                             "His mobile (<PHONE_NUMBER>) is switched off."]


def test_counts_dates_and_references_are_not_phone_numbers() -> None:
    # the last: no country calling code 10 exists, so a '+' before digit groups is a sum (redacted before)
    texts = ["The population grew to 612 408 397 people.", "Invoice 2025-118 dated 12/03/2024 for 1 250 000 EUR.",
             "Released on 05/11/2023, build 0.1.7 is 483-2291 lines long.", "Call it f(1) 1234 5678 times.",
             "The total is +100 200 300 400 after the merge."]
    assert redact(texts) == texts


def test_a_street_with_a_particle_is_redacted_whole_words() -> None:
    # "des" was read as the particle "de" and the span stopped there: `<STREET_ADDRESS>s Lilas`
    texts = ["I moved to 14 Rue des Lilas in Vanves last week",
             "Colis livré au 8 rue des Écoles, 69003 Lyon."]
    assert redact(texts) == ["I moved to <STREET_ADDRESS> in Vanves last week", "Colis livré au <STREET_ADDRESS>."]


def test_a_span_that_stops_inside_a_word_grows_to_the_whole_word() -> None:
    from gristmill.curate.pii import whole_word_span

    text = "at 14 Rue des Lilas, (0621) 58 17 93"
    assert whole_word_span(text, 3, 12) == (3, 13)  # "14 Rue de" -> "14 Rue des"
    assert whole_word_span(text, 12, 19) == (10, 19)  # "s Lilas" -> "des Lilas"
    assert whole_word_span(text, 21, 36) == (21, 36)  # a bracket and digits are boundaries already


def test_a_trunk_prefix_apart_from_the_area_code_is_part_of_the_number() -> None:
    # phonenumbers' national forms for Lithuania, Hungary, Russia: the first was cut after the bracket
    # (`<PHONE_NUMBER>) 34567`), the second kept, the third redacted without its trunk prefix
    texts = ["Ring me on (0-612) 34567 after work.", "Tel. (06 1) 234 5678", "Phone: 8 (912) 345-67-89"]
    assert redact(texts) == ["Ring me on <PHONE_NUMBER> after work.", "Tel. <PHONE_NUMBER>",
                             "Phone: <PHONE_NUMBER>"]


def test_a_number_right_after_an_e_mail_or_under_a_header_that_names_phones_is_found() -> None:
    # no cue word on the number's line: each was kept before
    texts = ["anna.berg@mailbox.org, 0505878400", "desk,phone\nfront,923.123.456",
             "Tél. 06 12 34 56 78 ou Handy 0171 2345678"]
    assert redact(texts) == ["<EMAIL_ADDRESS>, <PHONE_NUMBER>", "desk,phone\nfront,<PHONE_NUMBER>",
                             "Tél. <PHONE_NUMBER> ou Handy <PHONE_NUMBER>"]


def test_years_decimals_tickets_and_ip_shapes_are_not_phone_numbers_beside_a_cue() -> None:
    # the decimal after "text" was redacted before; the others guard the lifts added with the forms above
    texts = ["Ann Berg, 1999-2004, then 2005 2006 2007.", "Contact support with ticket 20240315 attached.",
             "The text 3.14159265 is pi.", "Call the API at 192.168.10.12 with a timeout of 30 s."]
    assert redact(texts) == texts


def test_phone_forms_from_the_number_plans_are_found_with_context() -> None:
    # each was kept before: an area code ended by a slash (German, Austrian, Italian print), a support line,
    # a one-digit bracketed area code beside a name, a one-digit trunk (1-800), spaces then dashes (former Soviet
    # plans, a country code without its plus), an extension after a bracketed area code
    texts = ["Phone: 600/123 456", "Contacts\nAnn Berg - 800/123 456", "Support line [800 123 456]",
             "Ann Berg - (4) 217 123", "Reach the clinic at 1-800-123-456.", "M: 375 24 912-34-56",
             "Fax: 82 2-212-3456.", "name,phone\nAnn Berg,(371)866-7465x63451"]
    assert redact(texts) == ["Phone: <PHONE_NUMBER>", "Contacts\n<PERSON> - <PHONE_NUMBER>",
                             "Support line [<PHONE_NUMBER>]", "<PERSON> - <PHONE_NUMBER>",
                             "Reach the clinic at <PHONE_NUMBER>.", "M: <PHONE_NUMBER>", "Fax: <PHONE_NUMBER>.",
                             "name,phone\n<PERSON>,<PHONE_NUMBER>"]


def test_slashes_brackets_and_lines_without_a_phone_cue_are_no_phone_numbers() -> None:
    # the shapes the rules above take, where nothing says phone: ratios, pages, dates, a list item, a bottom line
    texts = ["Resolution 1024/768, page 123/4567 of the log.", "Deadline 12/05/2024 or 2024/05/12.",
             "see step (2) 345 678 times", "the bottom line 123 456 789", "int arr[] = {605-48-90, 422/0165};",
             "Population 8 123 456; area 1 234 567 890 m2"]
    assert redact(texts) == texts


def test_three_two_two_locals_and_call_cues_in_other_languages_are_found() -> None:
    # each was kept before: 432-85-42 (3-2-2 with dashes, as the former Soviet plans print a local number) read as
    # a date's shape; "old number", "callback number", "llámame al", "мой номер" were no cues
    texts = ["pls dont use the old number anymore, its 432-85-42 now",
             "To move it, call the practice from 727-66-29.",
             "verified, callback number 2689027585.", "Llámame al 407064390997 cuando llegues.",
             "Мой номер 745-94-95, звони вечером.", "Si besoin, appelle-moi au 412 34 96 58."]
    assert redact(texts) == ["pls dont use the old number anymore, its <PHONE_NUMBER> now",
                             "To move it, call the practice from <PHONE_NUMBER>.",
                             "verified, callback number <PHONE_NUMBER>.",
                             "Llámame al <PHONE_NUMBER> cuando llegues.", "Мой номер <PHONE_NUMBER>, звони вечером.",
                             "Si besoin, appelle-moi au <PHONE_NUMBER>."]


def test_a_country_code_in_use_with_ten_digits_or_more_is_a_phone_of_the_wrong_length() -> None:
    # +389 (North Macedonia) with ten digits after it and +54 9 with eight: impossible lengths for those plans,
    # kept before without a cue
    texts = ["Leave them at the back door if nobody answers +3892593492606.",
             "Leave them at the back door if nobody answers +54 9 3465 4686."]
    assert redact(texts) == ["Leave them at the back door if nobody answers <PHONE_NUMBER>."] * 2


def test_a_header_above_a_list_lifts_every_number_in_it() -> None:
    # the second entry is two lines under "Contacts:"; before, only the line right below the header counted
    assert redact(["Contacts:\nCorey Scott - +251937654831\nCarl Adkins - 0706293366"]) == [
        "Contacts:\n<PERSON> - <PHONE_NUMBER>\n<PERSON> - <PHONE_NUMBER>"]


def test_three_digit_groups_without_a_cue_and_wrong_length_sums_stay() -> None:
    # the new shapes where nothing says phone: a 3-2-2 build id, an ISO date, a short signed count, a long list
    # under a header that names no phone
    texts = ["Build 432-85-42 passed on 2024-05-12.", "Stock moved +1234567 units.",
             "Release notes\nv1\nv2\nBuild 432-85-42", "Order number 573028047200 shipped."]
    assert redact(texts) == texts


def test_a_number_joined_to_a_phone_number_by_a_slash_or_an_or_is_found() -> None:
    # each second (or first) number was kept: nothing but the phone number beside it says what it is
    texts = ["Phone (home/work): 058 966-4974 / 035853219", "Book: 669-84-05 / +380 16 786 93 56",
             "Dzwoń do mnie pod +48 603 310 610 albo do Łukasza pod 661 544 549.",
             "If this was you, call us on 535 522 453; from abroad use 500 983 379."]
    assert redact(texts) == ["Phone (home/work): <PHONE_NUMBER> / <PHONE_NUMBER>",
                             "Book: <PHONE_NUMBER> / <PHONE_NUMBER>",
                             "Dzwoń do mnie pod <PHONE_NUMBER> albo do Łukasza pod <PHONE_NUMBER>.",
                             "If this was you, call us on <PHONE_NUMBER>; from abroad use <PHONE_NUMBER>."]


def test_numbers_touching_japanese_or_chinese_words_and_particles_are_found() -> None:
    # a Kana particle or a Han word touches the number: it read as inside a longer token, and 携帯/手机 (mobile)
    # were no cues
    texts = ["何かあったら、私の携帯080-7419-5629か、お隣さんに電話してください。", "有事请打我的手机13912345678。"]
    assert redact(texts) == ["何かあったら、私の携帯<PHONE_NUMBER>か、お隣さんに電話してください。",
                             "有事请打我的手机<PHONE_NUMBER>。"]


def test_list_lines_beside_phone_numbers_and_call_logs_are_found() -> None:
    # "Norbert - 736 756 133" under two lines that hold phones in the same place; a call log's header
    texts = ["Andrzej - +48 889 643 632\nAda - +48 531 713 017\nNorbert - 736 756 133",
             "Missed calls (3)\nDhriti  3778633233  09:41\nUnknown  148-66-11  10:02"]
    assert redact(texts) == ["Andrzej - <PHONE_NUMBER>\nAda - <PHONE_NUMBER>\nNorbert - <PHONE_NUMBER>",
                             "Missed calls (3)\nDhriti  <PHONE_NUMBER>  09:41\nUnknown  <PHONE_NUMBER>  10:02"]


def test_ids_beside_one_phone_number_or_after_cjk_order_words_stay() -> None:
    # the new rules' shapes where the number is no phone: one list line beside a phone, a compact date after a
    # slash, an id after "or write to", order numbers touching Korean/Japanese words, a 3-2-2 build id
    texts = ["Support  +44 20 7946 0958\nBuild  742931422423", "Tel +1 415-555-0132 / 19940414",
             "Call +44 20 7946 0958 or write to 12345678.", "주문 번호 1234567890번을 확인하세요.",
             "注文番号1234567890の商品は発送しました。", "Inventory\nBolts - 156953817948\nWashers - 20 798 265",
             "Build 148-66-11 passed."]
    assert redact(texts) == ["Support  <PHONE_NUMBER>\nBuild  742931422423", "Tel <PHONE_NUMBER> / 19940414",
                             "Call <PHONE_NUMBER> or write to 12345678.", *texts[3:]]


def test_a_markdown_tables_header_row_holds_no_names_or_places() -> None:
    # the row above a delimiter row (|---|) labels the columns, in any language: "Betrag" (amount) read as a place
    # beside the IBAN below it was redacted with every entity type asked for; the rows below are still records
    text = "| Name | IBAN | Betrag |\n|---|---|---|\n| Anna Berg | DE89370400440532013000 | 120,00 |"
    result = Pipeline([PII(entities=["ALL"])], kind="text").run(pl.DataFrame({"text": [text]}))
    assert result.kept.get_column("text").to_list() == [
        "| Name | IBAN | Betrag |\n|---|---|---|\n| <PERSON> | <IBAN_CODE> | 120,00 |"]


def test_an_ungrouped_number_after_a_phone_or_call_word_then_a_name_or_preposition_is_found() -> None:
    # a run of digits right after "phone" (in other languages and inflected), a call verb and a pronoun, or
    # "contact" and a name: each was kept before
    texts = ["Contact Ann Berg at 0723516500 for the keys.", "Numer telefonu 0132691448", "Ring mig på 082882744",
             "Mon portable : 2966464", "Handy: 0171 2345678, Festnetz 0301234567", "new num 092509715 txt me"]
    assert redact(texts) == ["Contact <PERSON> at <PHONE_NUMBER> for the keys.", "Numer telefonu <PHONE_NUMBER>",
                             "Ring mig på <PHONE_NUMBER>", "Mon portable : <PHONE_NUMBER>",
                             "Handy: <PHONE_NUMBER>, Festnetz <PHONE_NUMBER>", "new num <PHONE_NUMBER> txt me"]


def test_ids_code_dates_and_counts_after_a_cue_word_stay() -> None:
    texts = ["contact id 48213907", "def call(n=12345678):\n    return n", "ticket 20240315 call back later",
             "Invoice number 48213907, call us with questions.", "the number 12345678 is a palindrome"]
    assert redact(texts) == texts


def test_an_extension_does_not_hide_an_international_number() -> None:
    # E.164 counts no extension: with it, +90(359)240-2043x7076 had 16 digits and was no phone number
    texts = ["Office +90(359)240-2043x7076", "Our host is at 001-453-755-0943x277"]
    assert redact(texts) == ["Office <PHONE_NUMBER>", "Our host is at <PHONE_NUMBER>"]


def test_a_number_joined_to_a_phone_number_by_a_comma_or_or_and_a_preposition_is_found() -> None:
    texts = ["Numbers: +41 34 935 06 05, 792 725 720", "Appelez-moi au 664 892 335 ou au 0612 345 678."]
    assert redact(texts) == ["Numbers: <PHONE_NUMBER>, <PHONE_NUMBER>",
                             "Appelez-moi au <PHONE_NUMBER> ou au <PHONE_NUMBER>."]


def test_a_number_beside_a_word_of_a_few_countries_script_is_checked_against_their_plans() -> None:
    # 199 2387 5374 and 133 8743 7790 are Chinese mobiles, 02-771-7459 a Bangkok number; 12345678 is valid in
    # none of the plans of the countries writing Han, so beside a Han word it stays; beside a name (李勇, which
    # jieba tags as one) in a list's entry it is read as his number, as any eight digits there are
    texts = ["- 李勇: 19923875374\n- 周岩: 13387437790", "- พาดีล๊ะ ศรีวงค์: 0-2771-7459", "- 李勇: 12345678",
             "价格: 12345678", "第二章: 20240315"]
    assert redact(texts) == ["- <PERSON>: <PHONE_NUMBER>\n- <PERSON>: <PHONE_NUMBER>", "- <PERSON>: <PHONE_NUMBER>",
                             "- <PERSON>: <PHONE_NUMBER>", "价格: 12345678", "第二章: 20240315"]


def test_numbers_in_the_digits_of_other_scripts_are_found_where_their_ascii_forms_are() -> None:
    # a Bangladeshi mobile number in Bengali digits, an Iranian one in Persian digits, a card in Arabic-Indic
    # digits, Japanese numbers in full-width digits, hyphens and brackets: each is redacted as its ASCII form
    # would be, and the text around it stays as written (one character for one, so the offsets hold); a year in
    # Bengali digits stays
    texts = ["আমার ফোন নম্বর ০১৭০৬-৬৯০৭৪৩, সন্ধ্যায় ফোন করুন।", "شماره تلفن من ۰۹۱۲ ۳۴۵ ۶۷۸۹ است.",
             "رقم البطاقة ٤١١١ ١١١١ ١١١١ ١١١١ من فضلك", "১৯৭১ সালে", "携帯：０８０－９８７６－５４３２",
             "電話：０３（１２３４）５６７８"]
    assert redact(texts) == ["আমার ফোন নম্বর <PHONE_NUMBER>, সন্ধ্যায় ফোন করুন।", "شماره تلفن من <PHONE_NUMBER> است.",
                             "رقم البطاقة <CREDIT_CARD> من فضلك", "১৯৭১ সালে", "携帯：<PHONE_NUMBER>",
                             "電話：<PHONE_NUMBER>"]


def test_numbers_glued_to_letters_of_unspaced_scripts_are_found() -> None:
    # Japanese, Chinese and Thai write no spaces between words, and Korean attaches its particles: a card number
    # or an IBAN touches the letters around it. A Luhn-valid card, a registry IBAN, and (after Chinese
    # "transfer") a GB string a character short are found; an order number that passes no check stays.
    texts = ["カード番号4111111111111111でお支払いください。", "계좌DE89370400440532013000로 입금해 주세요",
             "请转账至GB54ESZY1417776317066账户", "注文番号4111111111111112で発送しました。"]
    assert redact(texts) == ["カード番号<CREDIT_CARD>でお支払いください。", "계좌<IBAN_CODE>로 입금해 주세요",
                             "请转账至<IBAN_CODE>账户", texts[3]]


def test_a_number_near_a_word_of_calling_in_an_inflecting_language_is_a_phone_number() -> None:
    # Greek "call me at", Hebrew "to call me at" with the preposition joined, Turkish "call from the number"
    # after it, Chinese "please dial" glued; an order number, and a resolution after Turkish "arayüz"
    # (interface, not "call"), stay
    texts = ["Καλέστε με στο 6953 178392 το απόγευμα.", "אפשר להתקשר אליי ל-098676141 בערב.",
             "Beni 06173048676 numarasından arayın.", "请拨打18756230123联系我。",
             "Παραγγελία 2610730486 εστάλη.", "Yeni arayüz 1920 1080 çözünürlükte."]
    assert redact(texts) == ["Καλέστε με στο <PHONE_NUMBER> το απόγευμα.", "אפשר להתקשר אליי ל-<PHONE_NUMBER> בערב.",
                             "Beni <PHONE_NUMBER> numarasından arayın.", "请拨打<PHONE_NUMBER>联系我。", *texts[4:]]
