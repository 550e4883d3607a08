"""Writes the bad-input cases of this folder (python3 tests/bad-input/generate.py): each case is
one mistake made in an otherwise valid court file, template or command line. The oversized-file
case is made by the test itself (make-huge). Review the snapshots after regenerating."""
import os, sys
VALID = """name: United States District Court
district: District of Testing
clerk:
  name: Jane Roe
  title: Clerk of Court
courthouse:
  street: 1 Main Street
  city: Springfield
  state: NM
  zip: "87102"
  phone: (505) 555-0100
website: https://www.example.gov
helpdesk:
  email: help@example.gov
go_live: 2020-04-20
outage:
  start: 2020-04-17T15:00:00
  end: 2020-04-20T08:00:00
  time_zone: MT
dates:
  letter: 2020-02-20
salutation: Dear Attorney,
closing: Sincerely,
separate_bankruptcy_system: false
exempt_users: true
time_zone: America/Denver
"""
def rep(old, new, text=VALID):
    assert old in text, old
    return text.replace(old, new, 1)

cases = {}
def case(name, files, args=None, exit=None):
    """exit: the code expected when it is not the default (0 for input that must be accepted)."""
    cases[name] = (files, args, exit)

# YAML syntax
case("syntax-unclosed-bracket", {"courts/test.yaml": rep("closing: Sincerely,", "closing: [Sincerely,")})
case("syntax-bad-indentation", {"courts/test.yaml": rep("  title: Clerk of Court", "    title: Clerk of Court\n title: x")})
case("syntax-tab-indentation", {"courts/test.yaml": rep("  city: Springfield", "\tcity: Springfield")})
case("syntax-unclosed-quote", {"courts/test.yaml": rep('zip: "87102"', 'zip: "87102')})
case("syntax-two-documents", {"courts/test.yaml": VALID + "---\nname: Second\n"})
# wrong types
case("type-text-for-bool", {"courts/test.yaml": rep("exempt_users: true", "exempt_users: sometimes")})
case("type-list-for-text", {"courts/test.yaml": rep("district: District of Testing", "district: [District, of, Testing]")})
case("type-map-for-list", {"courts/test.yaml": rep("website:", "divisional_offices:\n  street: 2 Side Street\nwebsite:")})
case("type-text-for-group", {"courts/test.yaml": rep("clerk:\n  name: Jane Roe\n  title: Clerk of Court", "clerk: Jane Roe, Clerk of Court")})
case("type-top-level-list", {"courts/test.yaml": "- name: United States District Court\n- district: District of Testing\n"})
# unknown and missing fields
case("unknown-field-typo", {"courts/test.yaml": rep("go_live:", "go_liv:")})
case("unknown-nested-field-typo", {"courts/test.yaml": rep("  email: help@example.gov", "  emial: help@example.gov")})
case("unknown-field-no-close-match", {"courts/test.yaml": VALID + "colour: red\n"})
case("missing-field", {"courts/test.yaml": rep("closing: Sincerely,\n", "")})
case("missing-nested-field", {"courts/test.yaml": rep("  title: Clerk of Court\n", "")})
case("empty-file", {"courts/test.yaml": "# nothing here yet\n"})
case("duplicate-key", {"courts/test.yaml": rep("district: District of Testing", "district: District of Testing\nname: Another Court")})
case("duplicate-nested-key", {"courts/test.yaml": rep("  email: help@example.gov", "  email: help@example.gov\n  email: other@example.gov")})
# dates and times
case("invalid-date", {"courts/test.yaml": rep("go_live: 2020-04-20", "go_live: 2020-04-31")})
case("date-in-us-format", {"courts/test.yaml": rep("go_live: 2020-04-20", "go_live: 04/20/2020")})
case("invalid-date-time", {"courts/test.yaml": rep("start: 2020-04-17T15:00:00", "start: 2020-04-17 at 3 pm")})
case("invalid-time", {"courts/test.yaml": VALID + "training:\n  planned: true\n  sessions:\n    - date: 2020-04-01\n      start: 9am\n      end: \"10:30:00\"\n      location: Courtroom 1\n"})
case("unknown-enum-value", {"courts/test.yaml": VALID + "presentation:\n  steps: bullets\n"})
# semantic checks
case("outage-ends-after-go-live", {"courts/test.yaml": rep("end: 2020-04-20T08:00:00", "end: 2020-04-21T08:00:00")})
case("outage-ends-before-it-starts", {"courts/test.yaml": rep("end: 2020-04-20T08:00:00", "end: 2020-04-17T08:00:00")})
case("notice-date-after-go-live", {"courts/test.yaml": rep("letter: 2020-02-20", "letter: 2020-05-01")}, exit=0)
case("court-time-zone-not-iana", {"courts/test.yaml": rep("time_zone: America/Denver", "time_zone: Mountain Time")})
case("unknown-time-zone", {"courts/test.yaml": rep("time_zone: MT", "time_zone: Mountain")})
case("session-ends-before-it-starts", {"courts/test.yaml": VALID + "training:\n  sessions:\n    - date: 2020-04-01\n      start: \"10:00:00\"\n      end: \"09:00:00\"\n      location: Courtroom 1\n"})
case("bad-email", {"courts/test.yaml": rep("help@example.gov", "help.example.gov")})
case("bad-phone", {"courts/test.yaml": rep("(505) 555-0100", "555-0100")})
case("bad-zip", {"courts/test.yaml": rep('"87102"', '"8710"')})
case("url-with-javascript-scheme", {"courts/test.yaml": rep("website: https://www.example.gov", "website: javascript:alert(1)")})
case("url-with-data-scheme", {"courts/test.yaml": VALID + "urls:\n  ecf_login: data:text/html;base64,PHNjcmlwdD4=\n"})
case("url-without-scheme", {"courts/test.yaml": rep("website: https://www.example.gov", "website: www.example.gov")})
case("empty-text", {"courts/test.yaml": rep("salutation: Dear Attorney,", 'salutation: ""')})
case("multi-line-text", {"courts/test.yaml": rep("salutation: Dear Attorney,", 'salutation: "Dear Attorney,\\n# Injected heading"')})
case("helpdesk-without-contact", {"courts/test.yaml": rep("helpdesk:\n  email: help@example.gov", "helpdesk:\n  url: https://www.example.gov/help")})
case("court-id-upper-case", {"courts/New_Mexico.yaml": VALID})
case("court-id-dot-dot", {"courts/...yaml": VALID})
case("many-errors-in-one-file", {"courts/test.yaml": rep("go_live:", "go_liv:", rep("help@example.gov", "help.example.gov", rep('"87102"', '"8710"')))})
case("form-and-fact-mistakes-together", {"courts/test.yaml": rep("  email: help@example.gov", "  emial: help@example.gov", rep("end: 2020-04-20T08:00:00", "end: 2020-04-21T08:00:00"))})
case("errors-in-two-files", {"courts/aa.yaml": rep("help@example.gov", "help.example.gov"), "courts/bb.yaml": rep("exempt_users: true", "exempt_users: no way")})
# limits
bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
for name, prev in zip("bcdefghi", "abcdefgh"):
    bomb += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
case("alias-bomb", {"courts/test.yaml": bomb})
case("deep-nesting", {"courts/test.yaml": "name: " + "[" * 5000 + "]" * 5000 + "\n"})
case("nul-byte", {"courts/test.yaml": rep("Jane Roe", "Jane\0Roe").encode()})
case("not-utf8", {"courts/test.yaml": rep("Springfield", "Espa\xf1ola").encode("latin-1")})
case("utf16-file", {"courts/test.yaml": VALID.encode("utf-16")})
# templates
case("template-syntax-error", {"courts/test.yaml": VALID, "templates/letter.md": "Dear reader,\n\n{{ court.name \n"}, "check --courts courts --templates templates")
case("template-unknown-variable", {"courts/test.yaml": VALID, "templates/letter.md": "Dear reader,\n\nThe {{ court.nme }} will upgrade.\n"}, "check --courts courts --templates templates")
case("template-unknown-filter", {"courts/test.yaml": VALID, "templates/letter.md": "Dear reader,\n\n{{ court.name | shout }}\n"}, "check --courts courts --templates templates")
case("template-filter-rejects-value", {"courts/test.yaml": VALID, "templates/letter.md": "Visit <{{ court.district | url }}>.\n"}, "check --courts courts --templates templates")
case("template-bad-date-style", {"courts/test.yaml": VALID, "templates/letter.md": "On {{ court.go_live | date(style='fancy') }}.\n"}, "check --courts courts --templates templates")
# CSV rows (the recipients list of `noticegen merge`): located by row and field
CSV_HEAD = "prefix,name,firm,address1,address2,city,state,zip,email,salutation,bar_number\n"
case("csv-row-bad-zip", {"courts/test.yaml": VALID, "recipients.csv": CSV_HEAD + 'Ms.,Maria Lopez,"Lopez & Baca, P.C.",400 Gold Ave. S.W.,Suite 1100,Albuquerque,NM,8710,mlopez@lopezbaca.example,,NM-10442\n'}, "merge --courts courts --court test --recipients recipients.csv --strict --out mailings")
# paths
case("out-holds-someone-elses-files", {"courts/test.yaml": VALID, "home/taxes.pdf": "keep me\n"}, "build --courts courts --out home --format md")
case("unknown-court", {"courts/test.yaml": VALID}, "check --courts courts --court ../etc")
case("unknown-kind", {"courts/test.yaml": VALID}, "check --courts courts --kind ../letter")

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../notice-templates/kinds.yaml")) as f:
    kinds = f.read()
case("manifest-kind-name-escapes-out", {"courts/test.yaml": VALID, "templates/kinds.yaml": rep("  - name: letter\n", "  - name: ../letter\n", kinds)}, "check --courts courts --templates templates")
case("manifest-unknown-court-date", {"courts/test.yaml": VALID, "templates/kinds.yaml": rep("    date: letter\n", "    date: leter\n", kinds)}, "check --courts courts --templates templates")


# --- Round two (pasted text, typesetting): odd spaces, marks and scripts that must be accepted
#     and set, and text no line breaker can break.
# Each builds (or merges) for real, so the typesetter sets the text: `check` never reaches it.
TYPESET = "build --courts courts --out out"
MERGE = "merge --courts courts --court test --recipients recipients.csv --out mailings"
# Every space separator but U+0020, and the line and paragraph separators.
PASTED_SPACES = {
    "no-break": "\u00a0", "narrow-no-break": "\u202f", "figure": "\u2007", "thin": "\u2009",
    "hair": "\u200a", "en": "\u2002", "em": "\u2003", "en-quad": "\u2000", "em-quad": "\u2001",
    "three-per-em": "\u2004", "four-per-em": "\u2005", "six-per-em": "\u2006",
    "punctuation": "\u2008", "medium-math": "\u205f", "ideographic": "\u3000", "ogham": "\u1680",
    "line-separator": "\u2028", "paragraph-separator": "\u2029",
}
def recipients(name="Maria Lopez", firm="Lopez & Baca, P.C.", address1="400 Gold Ave. S.W.",
               address2="Suite 1100", city="Albuquerque", salutation=""):
    """A recipients list of one row; fields are quoted, so they may hold anything."""
    q = lambda v: '"' + v.replace('"', '""') + '"'
    return CSV_HEAD + ",".join([
        "Ms.", q(name), q(firm), q(address1), q(address2), q(city), "NM", "87102",
        "mlopez@lopezbaca.example", q(salutation), "NM-10442"]) + "\n"
for label, sp in PASTED_SPACES.items():
    # Before a hyphenated word (the clerk), inside a street address, in the court's name.
    court = rep("name: Jane Roe", f'name: "Jane{sp}Roe-Smithsonian"')
    court = rep("street: 1 Main Street", f'street: "1{sp}Main{sp}Street"', court)
    court = rep("district: District of Testing", f'district: "District{sp}of{sp}Testing"', court)
    case(f"pasted-space-{label}-in-court-field", {"courts/test.yaml": court}, TYPESET, exit=0)
    case(f"pasted-space-{label}-in-recipient-field", {"courts/test.yaml": VALID, "recipients.csv": recipients(
        name=f"Maria{sp}Lopez-Hyphenated", address1=f"400{sp}Gold{sp}Ave.{sp}S.W.",
        city=f"Santa{sp}Fe", firm=f"Lopez{sp}&{sp}Baca")}, MERGE,
        # A line or paragraph separator is a line break, which a one-line field refuses by row.
        exit=1 if label.endswith("separator") else 0)
# Letters with combining accents (decomposed, as macOS pastes them), right-to-left names,
# and scripts the body face lacks but a fallback face has (set in that face); emoji and
# scripts no face has are an error at the field (see "Glyphs no font has" below).
case("pasted-combining-marks-in-court-field", {"courts/test.yaml": rep("name: Jane Roe", "name: Jose\u0301 Nun\u0303ez-Ye\u0301benes")}, TYPESET, exit=0)
case("pasted-right-to-left-in-court-field", {"courts/test.yaml": rep("name: Jane Roe", "name: \u05de\u05e9\u05d4 \u05db\u05d4\u05df (\u0645\u062d\u0645\u062f \u0639\u0644\u064a)")}, TYPESET, exit=0)
case("pasted-emoji-in-court-field", {"courts/test.yaml": rep("title: Clerk of Court", "title: Clerk of Court \U0001F4C5\U0001F1FA\U0001F1F8\U0001F44D\U0001F3FD")}, TYPESET)
case("pasted-unsupported-script-in-court-field", {"courts/test.yaml": rep("district: District of Testing", "district: District of Testing \u6cd5\u9662 \u0c28\u0c4d\u0c2f\u0c3e\u0c2f\u0c38\u0c4d\u0c25\u0c3e\u0c28\u0c02")}, TYPESET)
# Direction marks are set; embeddings, overrides and isolates are refused (csv-name-with-bidi-override).
case("pasted-format-characters-in-recipient-field", {"courts/test.yaml": VALID, "recipients.csv": recipients(
    name="Maria\u200bLo\u00adpez\u2060-Ba\u200dca", firm="\u200eLopez\u200f & Baca\ufeff",
    address1="400 Gold\u00a0Ave.\u200b S.W.", city="Albu\u00adquer\u00adque")}, MERGE, exit=0)
case("pasted-emoji-sequences-in-recipient-field", {"courts/test.yaml": VALID, "recipients.csv": recipients(
    name="Maria Lopez \U0001F469\u200d\u2696\ufe0f", firm="Lopez & Baca \U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466",
    salutation="Dear Maria \U0001F44B\U0001F3FD:")}, MERGE)
case("pasted-combining-and-right-to-left-in-recipient-field", {"courts/test.yaml": VALID, "recipients.csv": recipients(
    name="Mari\u0301a Lo\u0301pez \u05de\u05e9\u05d4", city="Espan\u0303ola", address2="\u0634\u0642\u0629 \u0664")}, MERGE, exit=0)
# Text no line breaker can break: one word far wider than the line, in a court field and in
# recipient fields; each must be broken between characters, in time linear in its length.
case("unbreakable-clerk-name-20kb", {"courts/test.yaml": rep("name: Jane Roe", "name: " + "JaneRoeSmithsonian" * 1112)}, TYPESET, exit=0)
case("unbreakable-tied-clerk-name", {"courts/test.yaml": rep("name: Jane Roe", 'name: "' + "\u00a0".join(["Jane", "Roe"] * 1000) + '"')}, TYPESET, exit=0)
case("unbreakable-recipient-fields-10kb", {"courts/test.yaml": VALID, "recipients.csv": recipients(
    name="Maria" + "Lopez" * 2000, address1="400" + "\u738b\u0301Gold" * 1250)}, MERGE, exit=0)
# Page items of a merged letter: a letterhead so tall it reaches past the envelope window
# (the address is set where the text stands), and a continuation line for a name in
# right-to-left script with marks, set at the head of page 2.
case("letterhead-past-the-envelope-window", {"courts/test.yaml": rep("district: District of Testing", "district: " + "District of Testing and of the Long Name " * 12), "recipients.csv": recipients()}, MERGE, exit=0)
case("continuation-line-right-to-left-name", {"courts/test.yaml": VALID, "recipients.csv": recipients(
    name="\u05de\u05e9\u05d4 \u05db\u05d4\u05df Mari\u0301a", salutation="Dear \u05de\u05e9\u05d4:")}, MERGE, exit=0)
# A deck for a court whose name runs over several lines: its title slide, and its foot on
# every other slide (cut to one line), must still be set.
case("deck-court-name-over-several-lines", {"courts/test.yaml": rep("name: United States District Court", "name: " + "United States District Court of the Long Name " * 8)}, TYPESET + " --kind training-guide", exit=0)


# --- Round two (mailings): recipients lists as spreadsheets save them, and `send` options.
MERGE = "merge --courts courts --court test --recipients recipients.csv --out mailings"
ROW_LOPEZ = 'Ms.,Maria Lopez,"Lopez & Baca, P.C.",400 Gold Ave. S.W.,Suite 1100,Albuquerque,NM,87102,mlopez@lopezbaca.example,,NM-10442'
ROW_SMITH = "Mr.,Robert T. Smith Jr.,,125 Lincoln Ave.,,Santa Fe,NM,87501-2031,rsmith@smithlaw.example,,NM-20917"
ROW_ONEIL = ",Dana O'Neil,O'Neil Law Firm,2600 Main St.,,Las Cruces,NM,88001,dana@oneil.example,Dear Dana:,NM-31188"
def mailing(name, rows, args=MERGE, exit=None, head=CSV_HEAD, eol="\n", bom="", last_eol=True):
    """A recipients list of `rows` (text, or bytes for encodings) merged with `args`."""
    if isinstance(rows, bytes):
        content = head.encode() + rows
    else:
        content = bom + head.replace("\n", eol) + eol.join(rows) + (eol if last_eol else "")
    case(name, {"courts/test.yaml": VALID, "recipients.csv": content}, args, exit)
# Text that ends up in the address block or an e-mail header: one line, no control characters.
mailing("csv-name-with-line-break", ['Ms.,"Maria\nLopez",,400 Gold Ave.,,Albuquerque,NM,87102,mlopez@lopezbaca.example,,', ROW_SMITH], MERGE + " --email")
mailing("csv-name-with-line-break-strict", ['Ms.,"Maria\r\nLopez",,400 Gold Ave.,,Albuquerque,NM,87102,mlopez@lopezbaca.example,,'], MERGE + " --email --strict", eol="\r\n")
mailing("csv-street-with-line-break-crlf", ['Ms.,Maria Lopez,,"400 Gold Ave. S.W.\r\nSuite 1100",,Albuquerque,NM,87102,mlopez@lopezbaca.example,,', ROW_SMITH], eol="\r\n")
mailing("csv-city-with-next-line-character", ["Ms.,Maria Lopez,,400 Gold Ave.,,Albu\u0085querque,NM,87102,mlopez@lopezbaca.example,,", ROW_SMITH])
mailing("csv-salutation-with-line-separator", ["Ms.,Maria Lopez,,400 Gold Ave.,,Albuquerque,NM,87102,mlopez@lopezbaca.example,Dear Maria:\u2028P.S.,", ROW_SMITH])
mailing("csv-name-with-escape-character", ["Ms.,Maria \x1b[31mLopez,,400 Gold Ave.,,Albuquerque,NM,87102,mlopez@lopezbaca.example,,", ROW_SMITH], MERGE + " --email")
mailing("csv-firm-with-nul-byte", ["Ms.,Maria Lopez,Lopez\x00Baca,400 Gold Ave.,,Albuquerque,NM,87102,mlopez@lopezbaca.example,,", ROW_SMITH])
mailing("csv-name-with-bidi-override", ["Ms.,Maria \u202eZEPOL,,400 Gold Ave.,,Albuquerque,NM,87102,mlopez@lopezbaca.example,,", ROW_SMITH], MERGE + " --email")
mailing("csv-extra-column-with-control-character", ["Ms.,Maria Lopez,,400 Gold Ave.,,Albuquerque,NM,87102,mlopez@lopezbaca.example,,NM-\x07104", ROW_SMITH])
mailing("csv-email-with-zero-width-space", ["Ms.,Maria Lopez,,400 Gold Ave.,,Albuquerque,NM,87102,mlopez@lopezbaca.example\u200b,,", ROW_SMITH], MERGE + " --email")
# ... and text that is merely unusual, which is accepted.
mailing("csv-extra-column-with-line-break-accepted", ['Ms.,Maria Lopez,,400 Gold Ave.,,Albuquerque,NM,87102,mlopez@lopezbaca.example,,"NM-10442\nadmitted 1998"', ROW_SMITH], MERGE + " --email", exit=0)
mailing("csv-odd-spaces-accepted", ["Ms.\u00a0,Maria\u00a0\u00a0Lopez,Lopez\u2009&\u2009Baca,400\tGold Ave.,,\u3000Albuquerque,NM,\u00a087102 ,mlopez@lopezbaca.example\u00a0,,", ROW_SMITH], MERGE + " --email", exit=0)
mailing("csv-name-with-quotes-commas-and-brackets-accepted", ['Ms.,"Roe, Jane ""JJ"" <jr@evil.example>; Bcc: x@evil.example",,400 Gold Ave.,,Albuquerque,NM,87102,mlopez@lopezbaca.example,,', ROW_SMITH], MERGE + " --email", exit=0)
# Addresses of three lines (no firm, no second street line) and five (both), each centred in
# the envelope window.
mailing("csv-three-line-address-accepted", [ROW_SMITH], exit=0)
mailing("csv-five-line-address-accepted", [ROW_LOPEZ], exit=0)
# Cells a spreadsheet would run as formulas: the letters are made (mailing.csv and
# rejected.csv neutralise them; tests/mail.rs reads those files back).
mailing("csv-formula-names-accepted", ['Ms.,"=HYPERLINK(""http://evil.example"",""Click"")",,400 Gold Ave.,,Albuquerque,NM,87102,a@lopezbaca.example,,', "Mr.,@SUM(A1:A9),,125 Lincoln Ave.,,Santa Fe,NM,87501,b@smithlaw.example,,+1 505 555 0100", "Mr.,\uff1dcmd|' /C calc'!A0,,125 Lincoln Ave.,,Santa Fe,NM,87501,c@smithlaw.example,,-2+3"], exit=0)
mailing("csv-formula-in-rejected-row", ["Mr.,=cmd|' /C calc'!A0,,125 Lincoln Ave.,,Santa Fe,NM,8750,c@smithlaw.example,,", ROW_SMITH])
# The same person twice, whatever the spacing and case.
mailing("csv-duplicate-differs-by-spacing-and-case", [ROW_LOPEZ, ROW_LOPEZ.replace("Maria Lopez", "Maria  Lopez"), ROW_LOPEZ.replace("Maria Lopez", " MARIA\u00a0LOPEZ ").replace("400 Gold", "400  gold"), ROW_LOPEZ.replace("mlopez@", "MLopez@"), ROW_SMITH])
# Row numbers are the rows a spreadsheet shows, whatever the line ends (the bad ZIP is on
# row 4 in each).
BAD_ZIP = ROW_ONEIL.replace("88001", "8800")
mailing("csv-row-numbers-crlf", [ROW_LOPEZ, ROW_SMITH, BAD_ZIP], eol="\r\n")
mailing("csv-row-numbers-cr-only", [ROW_LOPEZ, ROW_SMITH, BAD_ZIP], eol="\r")
mailing("csv-row-numbers-byte-order-mark", [ROW_LOPEZ, ROW_SMITH, BAD_ZIP], eol="\r\n", bom="\ufeff")
mailing("csv-row-numbers-blank-lines", ["", ROW_SMITH, BAD_ZIP], eol="\r\n")
mailing("csv-row-numbers-multi-line-field", [ROW_LOPEZ.replace("NM-10442", '"NM-10442\r\nadmitted 1998\r\nsenior partner"'), ROW_SMITH, BAD_ZIP], eol="\r\n")
mailing("csv-all-empty-rows-accepted", [ROW_LOPEZ, ",,,,,,,,,,", "", ROW_SMITH, ",,,,,,,,,,,,"], eol="\r\n", exit=0)
# A quote opened and never closed: reported where it opens, the rows after it kept.
mailing("csv-unclosed-quote-to-end-of-file", [ROW_SMITH, ROW_LOPEZ.replace('P.C."', "P.C."), ROW_ONEIL, ROW_SMITH.replace("Robert T. Smith Jr.", "Ann Smith")])
mailing("csv-unclosed-quote-closed-by-a-later-row", [ROW_SMITH, ROW_LOPEZ.replace('P.C."', "P.C."), ROW_ONEIL, ROW_LOPEZ.replace("Maria Lopez", "Mia Baca")])
mailing("csv-unclosed-quote-on-last-line", [ROW_SMITH, ROW_ONEIL.replace("O'Neil Law Firm", '"O\'Neil Law Firm')], last_eol=False)
mailing("csv-unclosed-quote-strict", [ROW_SMITH, ROW_LOPEZ.replace('P.C."', "P.C."), ROW_ONEIL], MERGE + " --strict")
# Encodings and separators that are not CSV UTF-8.
mailing("csv-latin1-field", ROW_SMITH.encode() + b"\n" + ROW_ONEIL.replace("Las Cruces", "Espa\xf1ola").encode("latin-1") + b"\n")
case("csv-utf16-file", {"courts/test.yaml": VALID, "recipients.csv": (CSV_HEAD + ROW_SMITH + "\n").encode("utf-16")}, MERGE)
mailing("csv-semicolon-separated", [ROW_SMITH.replace(",", ";")], head=CSV_HEAD.replace(",", ";"))
mailing("csv-header-column-twice", [ROW_SMITH + ",x"], head=CSV_HEAD.replace("\n", ",Email\n"))
mailing("csv-header-unclosed-quote", [ROW_SMITH], head=CSV_HEAD.replace("prefix,", '"prefix,'))
mailing("csv-short-row-and-long-row", [ROW_SMITH.rsplit(",", 3)[0], ROW_ONEIL + ",,", ROW_LOPEZ + ",extra"])
# `send` options: every number checked before anything is read or sent (usage errors, 2).
SEND = "send --smtp smtp://relay.invalid --messages mailings/test/letter/email"
for label, rate in [("tiny", "1e-300"), ("huge", "1e300"), ("zero", "0"), ("negative", "-5"), ("nan", "NaN"), ("infinite", "inf"), ("not-a-number", "fast")]:
    case(f"send-rate-{label}", {"courts/test.yaml": VALID}, f"{SEND} --rate {rate}", 2)
case("send-smtp-port-zero", {"courts/test.yaml": VALID}, "send --smtp smtp://relay.invalid:0 --messages mailings", 2)


# --- Round two (court data): values that look right and are not, and invisible characters.

def court_file(text, name="test"):
    return {f"courts/{name}.yaml": text}
OUTAGE = "outage:\n  start: 2020-04-17T15:00:00\n  end: 2020-04-20T08:00:00\n  time_zone: MT\n"
def with_zone(iana, label, start="2020-04-17T15:00:00", end="2020-04-20T08:00:00", text=VALID):
    """The valid court in another IANA zone, with its outage labelled `label`."""
    text = rep("time_zone: America/Denver", f"time_zone: {iana}", text)
    return rep(OUTAGE, f"outage:\n  start: {start}\n  end: {end}\n  time_zone: {label}\n", text)
# YAML null where text is wanted is "no value", never the text "~" or "null"
case("null-tilde-for-required-text", court_file(rep("name: United States District Court", "name: ~")))
case("null-word-for-nested-text", court_file(rep("  title: Clerk of Court", "  title: null")))
case("null-empty-value-reported-at-its-key", court_file(rep("closing: Sincerely,", "closing:")))
case("null-empty-date-reported-at-its-key", court_file(rep("go_live: 2020-04-20", "go_live:")))
case("null-entry-in-a-list", court_file(VALID + "site_menu: [Home, ~, Filing]\n"))
case("null-for-optional-fields-is-absent", court_file(VALID + "chief_judge: ~\nabbreviation:\nurls:\n  # ecf_login: to come\nsite_menu:\n"), exit=0)
case("bool-true-for-text", court_file(rep("closing: Sincerely,", "closing: true")))
case("bool-quoted-true-for-flag", court_file(rep("exempt_users: true", 'exempt_users: "true"')))
case("bool-yes-for-flag", court_file(rep("exempt_users: true", "exempt_users: yes")))
case("yes-no-and-numbers-are-text", court_file(rep('zip: "87102"', "zip: 01234", VALID + "abbreviation: NO\nsite_menu: [yes, 404, 1e3, on]\n")), exit=0)
# the outage's printed zone against the court's IANA zone, and times clocks skip or repeat
case("zone-label-of-another-zone", court_file(with_zone("America/New_York", "MT")))
case("zone-label-standard-in-summer", court_file(with_zone("America/Denver", "MST")))
case("zone-label-daylight-in-arizona", court_file(with_zone("America/Phoenix", "MDT")))
case("zone-label-alaska-standard-in-summer", court_file(with_zone("America/Anchorage", "AKST")))
case("zone-label-hawaii-as-pacific", court_file(with_zone("Pacific/Honolulu", "PT")))
case("zone-label-across-spring-forward", court_file(with_zone("America/Denver", "MST", "2020-03-06T18:00:00", "2020-03-09T06:00:00")))
case("zone-labels-that-fit", {
    "courts/akd.yaml": with_zone("America/Anchorage", "AKDT"),
    "courts/azd.yaml": with_zone("America/Phoenix", "MST"),
    "courts/gud.yaml": with_zone("Pacific/Guam", "ChST"),
    "courts/hid.yaml": with_zone("Pacific/Honolulu", "HST"),
    "courts/prd.yaml": with_zone("America/Puerto_Rico", "AST"),
    "courts/sdny.yaml": with_zone("America/New_York", "ET"),
}, exit=0)
case("outage-starts-in-spring-forward-gap", court_file(with_zone("America/Denver", "MDT", "2020-03-08T02:30:00")))
case("outage-ends-in-spring-forward-gap", court_file(with_zone("America/New_York", "ET", "2020-03-07T20:00:00", "2020-03-08T02:15:00")))
FALL = rep("go_live: 2020-04-20", "go_live: 2020-11-02", rep("letter: 2020-02-20", "letter: 2020-10-01"))
case("outage-ends-in-repeated-hour", court_file(with_zone("America/Denver", "MT", "2020-10-31T22:00:00", "2020-11-01T01:30:00", FALL)))
case("outage-ends-in-repeated-hour-named-second", court_file(with_zone("America/Denver", "MST", "2020-10-31T22:00:00", "2020-11-01T01:30:00", FALL)))
case("outage-ends-in-repeated-hour-named-first", court_file(with_zone("America/Denver", "MDT", "2020-10-31T22:00:00", "2020-11-01T01:30:00", FALL)), exit=0)
case("session-starts-in-spring-forward-gap", court_file(VALID + "training:\n  sessions:\n    - date: 2020-03-08\n      start: \"02:30:00\"\n      end: \"04:00:00\"\n      location: Courtroom 1\n"))
case("court-time-zone-fixed-offset", court_file(with_zone("EST", "MT")))
case("court-time-zone-old-rule-name", court_file(with_zone("MST7MDT", "MT")))
case("zone-label-lower-case", court_file(rep("  time_zone: MT", "  time_zone: mt")))
case("court-time-zone-wrong-case", court_file(rep("time_zone: America/Denver", "time_zone: america/denver")))
# every date the data holds falls in 1990..=2100
case("date-year-10000", court_file(rep("go_live: 2020-04-20", "go_live: 10000-04-20")))
case("date-year-with-sign", court_file(rep("go_live: 2020-04-20", "go_live: +10000-04-20")))
case("date-last-day-of-9999", court_file(rep("go_live: 2020-04-20", "go_live: 9999-12-31")))
case("date-before-1990", court_file(rep("letter: 2020-02-20", "letter: 1989-12-31")))
case("date-time-year-2150", court_file(rep("start: 2020-04-17T15:00:00", "start: 2150-04-17T15:00:00")))
case("date-of-session-year-1", court_file(VALID + "training:\n  sessions:\n    - date: 0001-04-01\n      start: \"09:00:00\"\n      end: \"10:00:00\"\n      location: Courtroom 1\n"))
case("date-february-29-of-common-year", court_file(rep("letter: 2020-02-20", "letter: 2019-02-29")))
case("date-month-13", court_file(rep("go_live: 2020-04-20", "go_live: 2020-13-01")))
case("date-time-hour-25", court_file(rep("end: 2020-04-20T08:00:00", "end: 2020-04-20T25:00:00")))
# control characters and what XML 1.0 cannot hold, escaped in quoted strings or raw
case("control-bell-escape", court_file(rep("closing: Sincerely,", 'closing: "Sincerely,\\x07"')))
case("control-unicode-escape", court_file(rep("name: United States District Court", 'name: "United States\\u0001 District Court"')))
case("control-terminal-escape", court_file(rep("district: District of Testing", 'district: "\\e[31mDistrict of Testing\\e[0m"')))
case("control-c1-next-line", court_file(rep("  street: 1 Main Street", '  street: "1 Main\\NStreet"')))
case("control-c1-csi", court_file(rep("  city: Springfield", "  city: \"Spring\\x9bfield\"")))
case("control-noncharacter", court_file(rep("  name: Jane Roe", '  name: "Jane Roe\\uFFFF"')))
case("control-tab-in-text", court_file(rep("  name: Jane Roe", "  name: Jane\tRoe")))
case("control-carriage-return-in-text", court_file(rep("salutation: Dear Attorney,", 'salutation: "Dear Attorney,\\r"')))
case("control-in-list-entry", court_file(VALID + 'site_menu: [Home, "Fil\\bing"]\n'))
case("control-in-email", court_file(rep("  email: help@example.gov", '  email: "help@example.gov\\a"')))
case("control-raw-on-line-23", court_file(rep("closing: Sincerely,", "closing: Since\x01rely,").encode()))
case("control-raw-delete", court_file(rep("  city: Springfield", "  city: Spring\x7ffield").encode()))
case("control-raw-c1", court_file(rep("  city: Springfield", "  city: Spring\u0085field").encode()))
case("unusual-but-printable-text", court_file(rep("  name: Jane Roe", '  name: "Jane\\u00A0Roe\\u200B \\L\\u00ADx"')), exit=0)
# characters that cannot be seen or look like others: named, and pointed at
case("bom-at-start", {"courts/test.yaml": ("\ufeff" + VALID).encode()}, exit=0)
case("bom-before-a-key", court_file(rep("district:", "\ufeffdistrict:")))
case("tab-after-colon", court_file(rep("closing: Sincerely,", "closing:\tSincerely,")))
case("tab-after-nested-colon", court_file(rep("  email: help@example.gov", "  email:\thelp@example.gov")))
case("cyrillic-letter-in-key", court_file(rep("name: United", "n\u0430me: United")))
case("greek-letter-in-nested-key", court_file(rep("  email: help@example.gov", "  em\u03b1il: help@example.gov")))
case("zero-width-space-in-key", court_file(rep("go_live:", "go_\u200blive:")))
case("cyrillic-letter-in-email-domain", court_file(rep("help@example.gov", "help@ex\u0430mple.gov")))
case("cyrillic-letter-in-url-host", court_file(rep("website: https://www.example.gov", "website: https://www.ex\u0430mple.gov/help")))
case("greek-letter-in-url-host", court_file(VALID + "urls:\n  ecf_login: https://ecf.ex\u03bfmple.gov/login\n"))
case("non-latin-email-domain", court_file(rep("help@example.gov", "help@\u043f\u0440\u0438\u043c\u0435\u0440.gov")))
case("trailing-space-in-time-zone", court_file(rep("time_zone: America/Denver", 'time_zone: "America/Denver "')))
case("no-break-space-in-time-zone-label", court_file(rep("  time_zone: MT", '  time_zone: "M\\u00A0T"')))
case("zero-width-space-in-email", court_file(rep("  email: help@example.gov", "  email: help@example.gov\u200b")))
case("fullwidth-digits-in-phone", court_file(rep("(505) 555-0100", "\uff08\uff15\uff10\uff15\uff09 \uff15\uff15\uff15-\uff10\uff11\uff10\uff10")))
case("non-breaking-hyphen-in-zip", court_file(rep('zip: "87102"', 'zip: "87102\u20111234"')))
case("cyrillic-letter-in-choice", court_file(VALID + "presentation:\n  steps: numb\u0435red\n"))
case("zero-width-space-in-date", court_file(rep("go_live: 2020-04-20", "go_live: 2020-04-2\u200b0")))
# the court's type: one of district, bankruptcy, appeals; a bankruptcy court builds every kind
BANKRUPTCY = rep("name: United States District Court", "type: bankruptcy\nname: United States Bankruptcy Court")
case("court-type-misspelt", court_file(rep("type: bankruptcy", "type: bankrupcy", BANKRUPTCY)))
case("court-type-capitalised", court_file(rep("type: bankruptcy", "type: Bankruptcy", BANKRUPTCY)))
case("court-type-as-a-list", court_file(rep("type: bankruptcy", "type: [bankruptcy]", BANKRUPTCY)))
case("court-type-empty", court_file(rep("type: bankruptcy", "type:", BANKRUPTCY)), exit=0)
case("court-type-bankruptcy-builds", court_file(BANKRUPTCY), "build --courts courts --out out --format md", exit=0)
case("court-type-appeals-builds", court_file(rep("type: bankruptcy", "type: appeals", BANKRUPTCY)), "build --courts courts --out out --format md", exit=0)
# who files at the court: a list of known filers; each audience builds
case("filers-misspelt", court_file(VALID + "filers: [attorneys, trustee]\n"))
case("filers-capitalised", court_file(VALID + "filers: [Attorneys, pro_se]\n"))
case("filers-with-a-space", court_file(VALID + "filers: [attorneys, filing agents]\n"))
case("filers-as-one-text", court_file(VALID + "filers: attorneys, trustees\n"))
case("filers-empty-entry", court_file(VALID + "filers: [attorneys, ~]\n"))
case("filers-repeated-and-pro-se-twice", court_file(VALID + "filers: [trustees, attorneys, trustees, pro_se]\npro_se_filers: true\n"), exit=0)
case("filers-every-audience-builds", court_file(BANKRUPTCY + "filers: [attorneys, trustees, filing_agents, limited_use, non_attorney, pro_se, cja_panel]\n"), "build --courts courts --out out --format md", exit=0)
case("filers-none-given-is-the-usual-ones", court_file(BANKRUPTCY + "filers: []\n"), "build --courts courts --out out --format md", exit=0)
# the sibling court: told once, only by a court that has one, with a date in range
SIBLING = rep("separate_bankruptcy_system: false\n", "sibling:\n  separate: true\n  go_live: 2020-09-01\n")
case("sibling-and-old-flag-both", court_file(SIBLING + "separate_bankruptcy_system: true\n"))
case("sibling-of-a-court-of-appeals", court_file(rep("type: bankruptcy", "type: appeals", rep("name: United States District Court", "type: bankruptcy\nname: United States District Court", SIBLING))))
case("sibling-old-flag-on-a-bankruptcy-court", court_file(rep("separate_bankruptcy_system: false", "separate_bankruptcy_system: true", BANKRUPTCY)))
case("sibling-without-separate", court_file(rep("  separate: true\n", "", SIBLING)))
case("sibling-separate-as-yes", court_file(rep("  separate: true", "  separate: yes", SIBLING)))
case("sibling-date-misspelt-field", court_file(rep("  go_live:", "  golive:", SIBLING)))
case("sibling-date-impossible", court_file(rep("  go_live: 2020-09-01", "  go_live: 2020-09-31", SIBLING)))
case("sibling-date-year-2200", court_file(rep("  go_live: 2020-09-01", "  go_live: 2200-09-01", SIBLING)))
case("sibling-upgrades-later-builds", court_file(SIBLING), "build --courts courts --out out --format md", exit=0)
case("sibling-upgraded-earlier-builds", court_file(rep("  go_live: 2020-09-01", "  go_live: 2019-08-26", BANKRUPTCY.replace("separate_bankruptcy_system: false\n", "sibling:\n  separate: true\n  go_live: 2020-09-01\n"))), "build --courts courts --out out --format md", exit=0)
case("sibling-same-day-and-old-flag-alone-are-fine", {"courts/test.yaml": rep("  go_live: 2020-09-01", "  go_live: 2020-04-20", SIBLING), "courts/old.yaml": rep("separate_bankruptcy_system: false", "separate_bankruptcy_system: true")}, exit=0)
# labelled contacts and one phone style per court
case("contact-without-a-way-to-reach-it", court_file(VALID + "contacts:\n  - label: Emergency filings\n"))
case("contact-without-a-label", court_file(VALID + "contacts:\n  - phone: (505) 555-0199\n"))
case("contact-phone-too-short", court_file(VALID + "contacts:\n  - label: Toll-free\n    phone: 800-555-019\n"))
case("contact-email-without-domain", court_file(VALID + "contacts:\n  - label: Intake\n    email: intake@\n"))
case("contact-as-one-text", court_file(VALID + "contacts:\n  - Emergency filings: emergency@example.gov\n"))
case("phone-style-misspelt", court_file(VALID + "presentation:\n  phone: paren\n"))
case("contacts-and-phone-style-build", court_file(rep("  phone: (505) 555-0100", "  phone: 505.555.0100", VALID) + "presentation:\n  phone: dashes\ncontacts:\n  - label: Toll-free help line\n    phone: 1 (866) 555-0142\n  - label: Emergency filings\n    email: emergency@example.gov\n    url: https://www.example.gov/emergency\n"), "build --courts courts --out out --format md", exit=0)
# phone numbers typed in any common style are accepted (and print in the court's one style)
case("phones-typed-in-every-common-style-build", court_file(rep("  phone: (505) 555-0100", "  phone: +1 505 555 0100\n  fax: 505.555.0101", VALID) + "contacts:\n  - label: Las Cruces division\n    phone: 575-555-0102\n  - label: Toll-free help line\n    phone: +1 (866) 555-0142\n"), "build --courts courts --out out --format md", exit=0)
case("phone-with-another-country-code", court_file(rep("  phone: (505) 555-0100", "  phone: +44 20 7946 0958")))
case("phone-with-plus-in-the-middle", court_file(rep("  phone: (505) 555-0100", "  phone: 505+555+0100")))
case("phone-with-plus-and-space-before-the-1", court_file(rep("  phone: (505) 555-0100", "  phone: + 1 505 555 0100")))
case("phone-with-extension", court_file(rep("  phone: (505) 555-0100", "  phone: (505) 555-0100 ext. 12")))
# outage arrangements: emergency filing and the administrative order
def outage_with(extra):
    return rep(OUTAGE, OUTAGE + extra)
case("emergency-filing-without-a-way", court_file(outage_with("  emergency_filing:\n    paper: false\n")))
case("emergency-filing-empty", court_file(outage_with("  emergency_filing: {}\n")))
case("emergency-filing-paper-as-yes", court_file(outage_with("  emergency_filing:\n    paper: yes\n")))
case("emergency-filing-bad-email", court_file(outage_with("  emergency_filing:\n    email: emergency.example.gov\n")))
case("order-without-number", court_file(outage_with("  order:\n    url: https://www.example.gov/orders/21-03\n")))
case("order-bad-url", court_file(outage_with("  order:\n    number: \"21-03\"\n    url: www.example.gov/orders\n")))
case("order-number-as-a-number-is-text", court_file(outage_with("  order:\n    number: 2103\n")), exit=0)
case("outage-arrangements-build", court_file(outage_with("  emergency_filing:\n    phone: (505) 555-0111\n  order:\n    number: 21-03\n")), "build --courts courts --out out --format md", exit=0)
# notices dated before, during and after go-live: every kind builds, in the tense of its date
AFTER = rep("dates:\n  letter: 2020-02-20\n", "dates:\n  letter: 2020-04-20\n  notice: 2020-04-21\n  press_release: 2021-01-04\n  web_page: 2020-05-01\n  reminder: 2020-06-01\n  training_guide: 2020-04-27\n")
case("notices-dated-after-go-live-build", court_file(AFTER), "build --courts courts --out out --format md", exit=0)
case("notices-dated-during-the-outage-build", court_file(rep("dates:\n  letter: 2020-02-20\n", "dates:\n  letter: 2020-04-17\n  web_page: 2020-04-18\n  reminder: 2020-04-19\n")), "build --courts courts --out out --format md", exit=0)
case("live-notice-dated-before-go-live-builds", court_file(rep("  letter: 2020-02-20\n", "  letter: 2020-02-20\n  now_live: 2020-04-13\n")), "build --courts courts --out out --format md", exit=0)
case("live-notice-date-misspelt", court_file(rep("  letter: 2020-02-20\n", "  letter: 2020-02-20\n  nowlive: 2020-04-20\n")))
case("notice-dated-after-go-live-in-year-2101", court_file(rep("letter: 2020-02-20", "letter: 2101-01-03")))
# a court's own partials (courts/<id>/partials/<name>.md) replace the shared ones for it alone
def with_partial(name, text, court=VALID):
    return {"courts/test.yaml": court, f"courts/test/partials/{name}": text}
BUILD_MD = "build --courts courts --out out --format md"
case("court-partial-builds", with_partial("calendar-link.md", "Save [{{ rollout.calendar_file }}]({{ rollout.calendar_file }}) to your calendar.\n"), BUILD_MD, exit=0)
case("court-partial-misspelt", with_partial("contact.md", "Call us.\n"))
case("court-partial-of-no-shared-partial", with_partial("my-notes.md", "Call us.\n"))
case("court-partial-syntax-error", with_partial("intro.md", "The court\n\n  {% if %} upgrades.\n"))
case("court-partial-unknown-field", with_partial("intro.md", "The court\n{{ court.nmae }} upgrades.\n"), BUILD_MD)
case("court-partial-includes-itself", with_partial("intro.md", "The court\n{% include \"partials/intro.md\" %}\n"), BUILD_MD)
case("court-partial-not-utf8", with_partial("intro.md", "The court\n\xff upgrades.\n".encode("latin-1")))
case("court-partial-other-files-ignored", {**with_partial("intro.md.bak", "{% if %}\n"), "courts/test/partials/README.txt": "notes\n"}, BUILD_MD, exit=0)
# placeholders of a starter file (`noticegen new`) left in: each named at its field, any type
case("placeholder-left-in-text", court_file(rep("  name: Jane Roe", "  name: \"<<clerk's full name>>\"")))
case("placeholder-left-in-date-and-flag", court_file(rep("go_live: 2020-04-20", "go_live: \"<<go-live date, YYYY-MM-DD>>\"", rep("exempt_users: true", "exempt_users: \"<<true or false>>\""))))
case("placeholder-left-unquoted-in-a-list", court_file(VALID + "site_menu: [Home, <<menu entry>>]\n"))
case("placeholder-left-in-an-email", court_file(rep("  email: help@example.gov", "  email: \"<<CM/ECF helpdesk e-mail>>\"")))
case("angle-brackets-inside-text-are-text", court_file(rep("closing: Sincerely,", "closing: \"Sincerely <<yours>>,\"")), exit=0)
case("new-court-type-unknown", {"courts/test.yaml": VALID}, "new nmb --type tax", 2)
case("new-court-id-with-capitals", {"courts/test.yaml": VALID}, "new NMB --type bankruptcy", 2)
case("new-court-file-exists", {"courts/test.yaml": VALID}, "new test --type district", 2)
case("new-court-file-writes-a-starter", {"courts/test.yaml": VALID}, "new nmb --type bankruptcy", exit=0)
# data that looks like a typo: check warns (rustc-style, at the field) and goes on, exit 0
case("warning-helpdesk-email-at-another-domain", court_file(rep("  email: help@example.gov", "  email: help@other-court.gov")), exit=0)
case("warning-contact-and-emergency-emails-at-other-domains", court_file(outage_with("  emergency_filing:\n    email: emergency@gmail.com\n") + "contacts:\n  - label: Intake\n    email: intake@example.gov.evil.com\n"), exit=0)
case("warning-none-for-an-email-at-a-subdomain", court_file(rep("  email: help@example.gov", "  email: help@ecf.example.gov") + "contacts:\n  - label: Intake\n    email: INTAKE@EXAMPLE.GOV\n"), exit=0)
case("warning-helpdesk-phone-is-the-clerks-office", court_file(rep("  email: help@example.gov", "  email: help@example.gov\n  phone: 505.555.0100")), exit=0)
case("warning-phone-and-fax-the-same", court_file(rep("  phone: (505) 555-0100", "  phone: (505) 555-0100\n  fax: +1 505 555 0100")), exit=0)
case("warning-one-number-under-two-labels", court_file(VALID + "contacts:\n  - label: Las Cruces division\n    phone: 575-555-0102\n  - label: Toll-free help line\n    phone: 1-866-555-0142\n  - label: Roswell division\n    phone: (575) 555-0102\n"), exit=0)
case("warning-none-for-the-emergency-number-of-the-clerks-office", court_file(outage_with("  emergency_filing:\n    phone: 505-555-0100\n")), exit=0)
case("warning-shown-by-build-too", court_file(rep("  email: help@example.gov", "  email: help@other-court.gov")), BUILD_MD, exit=0)



# --- Round two (build and templates): folders, output and templates that misbehave.
# The output folder: whatever would stop the moves is refused before any file changes.
OLD_OUT = {"out/.noticegen": "index.html\ntest/letter.md\n", "out/index.html": "old index\n"}
case("out-file-where-a-court-folder-goes", {"courts/test.yaml": VALID, **OLD_OUT, "out/test": "a file, not a folder\n"}, "build --courts courts --out out --format md")
case("out-folder-where-a-notice-goes", {"courts/test.yaml": VALID, **OLD_OUT, "out/test/letter.md/notes.txt": "a folder, not a file\n"}, "build --courts courts --out out --format md")
case("out-marker-is-a-folder", {"courts/test.yaml": VALID, "out/index.html": "old index\n", "out/.noticegen/notes.txt": "x\n"}, "build --courts courts --out out --format md")
# The courts folder: a typo or an empty folder is an error, not a build of nothing.
case("courts-folder-missing", {"courts/test.yaml": VALID}, "build --courts court --out out", exit=2)
case("courts-folder-missing-check", {"courts/test.yaml": VALID}, "check --courts court", exit=2)
case("courts-folder-empty", {"courts/README.txt": "court files go here\n"}, "build --courts courts --out out", exit=2)
case("courts-folder-is-a-file", {"courts/test.yaml": VALID}, "check --courts courts/test.yaml", exit=2)
case("courts-folder-only-near-misses", {"courts/test.yaml.txt": VALID, "courts/aa.yml~": VALID}, "check --courts courts", exit=2)
case("courts-extension-upper-case", {"courts/test.YAML": VALID}, "check --courts courts", exit=0)
case("courts-extension-yml", {"courts/test.yml": VALID, "courts/bb.Yml": VALID}, "check --courts courts", exit=0)
case("courts-near-miss-names-warned", {"courts/test.yaml": VALID, "courts/flsd.yaml.txt": VALID, "courts/test.yaml~": VALID, "courts/casd.yml.bak": VALID, "courts/.test.yaml.swp": "x"}, "check --courts courts", exit=0)
case("courts-one-court-in-two-files", {"courts/test.yaml": VALID, "courts/test.yml": VALID}, "check --courts courts")
# Templates that loop too often: stopped by the output limit or the loop budget, naming the
# template and the court.
T = "check --courts courts --templates templates"
case("template-nested-loops", {"courts/test.yaml": VALID, "templates/letter.md": "Dear reader,\n\n{% for i in range(end=100000) %}{% for j in range(end=100000) %}x{% endfor %}{% endfor %}\n"}, T)
case("template-nested-loops-writing-nothing", {"courts/test.yaml": VALID, "templates/letter.md": "Dear reader,\n\n{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}\n"}, T)
case("template-nested-loops-in-a-partial", {"courts/test.yaml": VALID, "templates/partials/intro.md": "{% for i in range(end=1000) %}\n  {% for j in range(end=1000) %}{{ court.name }}{% endfor %}\n{% endfor %}\n"}, T)
# A value that doubles on every pass has no bound Tera can check: the heap's budget stops it.
case("template-value-doubles-in-a-loop", {"courts/test.yaml": VALID, "templates/letter.md": "Dear reader,\n\n{% set_global s = 'abcdefgh' %}{% for i in range(end=64) %}{% set_global s = s ~ s %}{% endfor %}{{ s | length }}\n"}, T)
case("template-values-double-each-other", {"courts/test.yaml": VALID, "templates/letter.md": "Dear reader,\n\n{% set_global a = court.name %}{% set_global b = court.district %}{% for i in range(end=40) %}{% set_global a = b ~ b %}{% set_global b = a ~ a %}{% endfor %}{{ b | length }}\n"}, T)
case("template-loops-over-data-too-often", {"courts/test.yaml": VALID, "templates/letter.md": "{% for i in range(end=100000) %}{{ court.name }} {{ court.district }}\n{% endfor %}\n"}, T)
case("template-loop-writing-empty-values", {"courts/test.yaml": VALID, "templates/letter.md": "{% for i in range(end=100000) %}{% for c in court.name %}{{ '' }}{% endfor %}{% endfor %}\n"}, T)
case("template-loop-in-a-title", {"courts/test.yaml": VALID, "templates/kinds.yaml": rep("    title: ", "    title: \"{% for i in range(end=100000) %}{{ court.name }}{% endfor %}\"\n    # ", kinds)}, T)
case("template-file-too-big", {"courts/test.yaml": VALID, "make-huge": "templates/letter.md\n", "templates/notice.md": "x\n"}, T)
case("template-file-not-utf8", {"courts/test.yaml": VALID, "templates/letter.md": "Caf\xe9 {{ court.name }}\n".encode("latin-1")}, T)
# Templates that call themselves: reported at the call that closes the circle.
case("template-includes-itself", {"courts/test.yaml": VALID, "templates/letter.md": "Dear reader,\n\n{% include \"letter.md\" %}\n"}, T)
case("template-include-circle", {"courts/test.yaml": VALID, "templates/letter.md": "Dear reader,\n{% include \"partials/a.md\" %}\n", "templates/partials/a.md": "A\n{%- include 'partials/b.md' -%}\n", "templates/partials/b.md": "B\n\n{% include \"partials/a.md\" %}\n"}, T)
case("template-extends-circle", {"courts/test.yaml": VALID, "templates/letter.md": "{% extends \"partials/base.md\" %}{% block body %}x{% endblock body %}\n", "templates/partials/base.md": "{% extends \"letter.md\" %}\n"}, T)
case("template-component-calls-itself", {"courts/test.yaml": VALID, "templates/letter.md": "Dear reader,\n\n{% component again(n: number) %}\n  {{ <again n={n} /> }}\n{% endcomponent again %}\n{{ <again n={1} /> }}\n"}, T)
case("template-components-call-each-other", {"courts/test.yaml": VALID, "templates/letter.md": "Dear reader,\n{% include \"partials/pair.md\" %}\n", "templates/partials/pair.md": "{% component ping() %}{{ <pong/> }}{% endcomponent ping %}\n{% component pong() %}{% if true %}{{ <ping/> }}{% endif %}{% endcomponent pong %}\n{{ <ping/> }}\n"}, T)
# Addresses with characters typography would change: accepted, and printed as typed.
case("address-with-double-hyphen-and-dots", {"courts/test.yaml": rep("help@example.gov", "ecf--help@example.gov", rep("website: https://www.example.gov", "website: https://next--gen.example.gov/it's...here"))}, "build --courts courts --out out", exit=0)
# Kinds are data: a court file's `dates` holds exactly the date names of the manifest in use.
case("court-date-misspelt", {"courts/test.yaml": rep("  letter: 2020-02-20\n", "  leter: 2020-02-20\n")})
case("court-date-with-cyrillic-letter", {"courts/test.yaml": rep("  letter: 2020-02-20\n", "  l\u0435tter: 2020-02-20\n")})
case("court-date-of-a-kind-not-in-the-manifest", {"courts/test.yaml": rep("  letter: 2020-02-20\n", "  letter: 2020-02-20\n  jury_notice: 2020-04-06\n")})
case("court-date-of-a-kind-after-go-live", {"courts/test.yaml": rep("  letter: 2020-02-20\n", "  letter: 2020-02-20\n  press_release: 2020-05-01\n")}, exit=0)
case("manifest-court-date-not-a-name", {"courts/test.yaml": VALID, "templates/kinds.yaml": rep("    date: letter\n", "    date: Letter Date\n", kinds)}, T)
NEW_KIND = """
  - name: jury-notice
    template: jury-notice.md
    title: "Jury duty and NextGen, {{ court.district }}"
    description: "Jurors' questionnaires move to NextGen on {{ court.go_live | date }}"
    schedule: -7
"""
JURY = "# {{ notice.title }}\n\n{{ notice.date | date }}\n\nJurors: questionnaires move on {{ court.go_live | date(style='weekday') }}.\n"
WITH_JURY_DATE = rep("  letter: 2020-02-20\n", "  letter: 2020-02-20\n  jury_notice: 2020-04-06\n")
case("manifest-new-kind-builds", {"courts/test.yaml": WITH_JURY_DATE, "templates/kinds.yaml": kinds + NEW_KIND, "templates/jury-notice.md": JURY}, "build --courts courts --templates templates --kind jury-notice --out out", exit=0)
case("manifest-new-kind-without-template", {"courts/test.yaml": WITH_JURY_DATE, "templates/kinds.yaml": kinds + NEW_KIND}, T)
case("manifest-new-kind-without-schedule", {"courts/test.yaml": WITH_JURY_DATE, "templates/kinds.yaml": kinds + NEW_KIND.replace("    schedule: -7\n", ""), "templates/jury-notice.md": JURY}, T)
case("manifest-two-kinds-share-a-court-date", {"courts/test.yaml": VALID, "templates/kinds.yaml": kinds + NEW_KIND.replace("    schedule: -7\n", "    date: letter\n    schedule: -7\n"), "templates/jury-notice.md": JURY}, T, exit=0)
# Languages are data: a court asks for the languages there are strings files for; a kind lacking
# one is not written in it (a warning); strings files and translations are checked on load.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "notice-templates", "lang", "en.yaml")) as f:
    english = f.read()
B = "build --courts courts --out out --format md"
case("court-language-unknown", {"courts/test.yaml": VALID + "languages: [en, fr]\n"})
case("court-language-misspelt", {"courts/test.yaml": VALID + "languages: [en, esp]\n"})
case("court-language-capitalised", {"courts/test.yaml": VALID + "languages: [en, ES]\n"})
case("court-language-not-a-list", {"courts/test.yaml": VALID + "languages: es\n"})
case("court-languages-repeated", {"courts/test.yaml": VALID + "languages: [es, en, es]\n"}, B, exit=0)
case("court-languages-empty", {"courts/test.yaml": VALID + "languages: []\n"}, B, exit=0)
case("court-spanish-only-warns-for-kinds-without-it", {"courts/test.yaml": VALID + "languages: [es]\n"}, B, exit=0)
case("court-lang-and-languages-disagree", {"courts/test.yaml": VALID + "lang: es\nlanguages: [en, es]\n"})
case("court-lang-unknown", {"courts/test.yaml": VALID + "lang: sp\n"})
case("court-lang-spanish-builds-what-has-spanish", {"courts/test.yaml": VALID + "lang: es\n"}, B, exit=0)
case("manifest-translation-into-the-kinds-own-language", {"courts/test.yaml": VALID, "templates/kinds.yaml": rep("      es:\n        template: press-release.es.md", "      en:\n        template: press-release.es.md", kinds)}, T)
case("manifest-kind-lang-without-strings", {"courts/test.yaml": VALID, "templates/kinds.yaml": rep("    template: notice.md\n", "    template: notice.md\n    lang: pt\n", kinds)}, T)
case("manifest-kind-written-in-spanish-only", {"courts/test.yaml": VALID + "languages: [en, es]\n", "templates/aviso.md": "# {{ notice.title }}\n\n{{ notice.date | date(style='weekday') }}\n",
     "templates/kinds.yaml": kinds + "\n  - name: aviso\n    template: aviso.md\n    lang: es\n    title: Aviso\n    description: Solo en español\n    schedule: -7\n"},
     "build --courts courts --templates templates --kind aviso --kind notice --out out --format md", exit=0)
case("court-names-language-unknown", {"courts/test.yaml": VALID + "languages: [en, es]\nnames:\n  esp:\n    district: Distrito de Pruebas\n"})
case("court-names-field-misspelt", {"courts/test.yaml": VALID + "languages: [en, es]\nnames:\n  es:\n    clerk_titel: Secretaria del Tribunal\n"})
case("strings-unknown-placeholder", {"courts/test.yaml": VALID, "templates/lang/en.yaml": rep("Page {page} of {pages}", "Page {page} of {total}", english)}, T)
case("strings-unknown-hyphenation-code", {"courts/test.yaml": VALID, "templates/lang/en.yaml": rep("hyphenation: en-us", "hyphenation: english", english)}, T)
case("strings-eleven-months", {"courts/test.yaml": VALID, "templates/lang/en.yaml": rep("November, December]", "November]", english)}, T)
case("strings-field-missing", {"courts/test.yaml": VALID, "templates/lang/en.yaml": rep("page: \"Page {page} of {pages}\"\n", "", english)}, T)
case("strings-file-name-not-a-code", {"courts/test.yaml": VALID, "templates/lang/Español.yaml": english}, T)
case("manifest-language-without-strings", {"courts/test.yaml": VALID, "templates/kinds.yaml": rep("lang: en\n", "lang: fr\n", kinds)}, T)
case("manifest-translation-without-strings", {"courts/test.yaml": VALID, "templates/kinds.yaml": rep("      es:\n        template: press-release.es.md", "      fr:\n        template: press-release.es.md", kinds)}, T)
case("manifest-translation-without-template", {"courts/test.yaml": VALID, "templates/kinds.yaml": rep("template: web-page.es.md", "template: web-page.fr.md", kinds)}, T)
# A new language is a strings file and a translation, with no change to noticegen.
FRENCH = (english.replace("tag: en-US", "tag: fr-CA").replace("hyphenation: en-us", "hyphenation: fr")
    .replace("[January, February, March, April, May, June, July, August, September, October, November, December]",
             "[janvier, février, mars, avril, mai, juin, juillet, août, septembre, octobre, novembre, décembre]")
    .replace('long: "{month} {day}, {year}"', 'long: "{day} {month} {year}"'))
NOTICE_FR = "# {{ notice.title }}\n\nLe {{ court.go_live | date }}, à {{ court.outage.end | time }}.\n"
case("new-language-builds", {"courts/test.yaml": VALID + "languages: [en, fr]\n", "templates/lang/fr.yaml": FRENCH, "templates/notice.fr.md": NOTICE_FR,
     "templates/kinds.yaml": rep("    keywords: [NextGen, CM/ECF, PACER, Central Sign-On, notice]\n", "    keywords: [NextGen, CM/ECF, PACER, Central Sign-On, notice]\n    translations:\n      fr:\n        template: notice.fr.md\n        title: Avis du greffe\n        description: NextGen\n", kinds)},
     "build --courts courts --templates templates --kind notice --out out --format md", exit=0)

# --- Round two (issue 13, the signature and the seal): the images a court file names.
import struct, zlib
def png_bytes(w=4, h=2):
    """A small grey PNG, as a court would save a scanned signature."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    rows = b"".join(b"\x00" + bytes([90] * w) for _ in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
def signed(value):
    return rep("  title: Clerk of Court\n", f"  title: Clerk of Court\n  signature: {value}\n")
LETTER_PDF = "build --courts courts --out out --kind letter --format pdf"
case("signature-file-missing", {"courts/test.yaml": signed("signature.png")})
case("signature-file-not-an-image", {"courts/test.yaml": signed("signature.png"), "courts/test/signature.png": "scanned on the copier\n"})
case("signature-file-truncated", {"courts/test.yaml": signed("signature.png"), "courts/test/signature.png": png_bytes()[:40]})
case("signature-gif-renamed", {"courts/test.yaml": signed("signature.png"), "courts/test/signature.png": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"})
case("signature-outside-the-court-folder", {"courts/test.yaml": signed("../nmd/signature.png")})
case("signature-absolute-path", {"courts/test.yaml": signed("/home/clerk/signature.png")})
case("signature-is-a-folder", {"courts/test.yaml": signed("scans"), "courts/test/scans/signature.png": png_bytes()})
case("signature-slash-s-builds", {"courts/test.yaml": signed("/s/")}, LETTER_PDF, exit=0)
case("signature-image-builds", {"courts/test.yaml": signed("scans/signature.png"), "courts/test/scans/signature.png": png_bytes()}, LETTER_PDF, exit=0)
case("signature-empty-is-none", {"courts/test.yaml": signed("~")}, LETTER_PDF, exit=0)
case("seal-file-missing", {"courts/test.yaml": VALID + "seal: seal.png\n"})
case("seal-and-signature-both-missing", {"courts/test.yaml": signed("sig.jpg") + "seal: seal.jpg\n"})
case("seal-image-builds", {"courts/test.yaml": VALID + "seal: seal.png\n", "courts/test/seal.png": png_bytes(8, 8)}, LETTER_PDF, exit=0)

# Item 11 (the web page): a site menu entry is a label, or a label with the address of its page.
case("site-menu-entry-with-address-builds", court_file(VALID + 'site_menu:\n  - {label: Home, url: "https://www.example.gov"}\n  - Jurors\n'), exit=0)
case("site-menu-entry-address-not-web", court_file(VALID + 'site_menu:\n  - {label: Home, url: "javascript:alert(1)"}\n'))
case("site-menu-entry-without-label", court_file(VALID + 'site_menu:\n  - Home\n  - {url: "https://www.example.gov/jurors"}\n'))
case("site-menu-entry-unknown-field", court_file(VALID + 'site_menu:\n  - {label: Home, link: "https://www.example.gov"}\n'))
case("site-menu-entry-a-list", court_file(VALID + 'site_menu:\n  - [Home, Jurors]\n'))
case("manifest-footer-without-template", {"courts/test.yaml": VALID, "templates/kinds.yaml": rep("footer: partials/site-footer.md", "footer: partials/site-foot.md", kinds)}, T)


# --- Glyphs no font has (issue 13, item 10): a character neither Liberation Serif nor the
#     fallback faces (DejaVu Sans, Droid Sans Fallback) can draw stops the build at the place
#     it was written, named as Unicode names it; what the fallback faces cover prints.
GLYPH_COURT = rep("name: Jane Roe", 'name: "\u738b\u5c0f\u660e (Wang Xiaoming)"')
GLYPH_COURT = rep("  title: Clerk of Court", "  title: \u0631\u0626\u064a\u0633 \u0627\u0644\u0642\u0644\u0645 \u2014 \u0395\u03bb\u03bb\u03ac\u03b4\u03b1 \u2014 \u0416\u0430\u043d\u043d\u0430 \u2014 \ud55c\uad6d\uc5b4", GLYPH_COURT)
case("glyphs-chinese-arabic-greek-cyrillic-korean-accepted", {"courts/test.yaml": GLYPH_COURT}, TYPESET, exit=0)
case("glyphs-missing-in-court-field", {"courts/test.yaml": rep("street: 1 Main Street", 'street: "1 Main Street \U0001F984"')}, TYPESET)
case("glyphs-missing-in-court-field-check", {"courts/test.yaml": rep("  title: Clerk of Court", "  title: Clerk of Court \U0001F984 \u0915\u094b\u0930\u094d\u091f")}, "check --courts courts")
case("glyphs-missing-in-recipient-field", {"courts/test.yaml": VALID, "recipients.csv": CSV_HEAD
    + 'Ms.,Maria Lopez,"\u0645\u0643\u062a\u0628 \u0627\u0644\u0645\u062d\u0627\u0645\u0627\u0629",400 Gold Ave.,,Albuquerque,NM,87102,m@lopez.example,,\n'
    + 'Mr.,Robert Smith,Unicorn \U0001F984 LLP,125 Lincoln Ave.,,Santa Fe,NM,87501,r@smith.example,,\n'}, MERGE)
case("glyphs-missing-in-template", {"courts/test.yaml": VALID, "templates/letter.md": "# Letter\n\nDear reader,\n\nWe are live \U0001F984 on {{ court.go_live | date }}.\n"}, "build --courts courts --templates templates --kind letter --out out")
case("glyphs-missing-in-words-file", {"courts/test.yaml": VALID, "templates/lang/en.yaml": rep("Page {page} of {pages}", "Page {page} of {pages} \U0001F984", english)}, "build --courts courts --templates templates --kind press-release --out out")
case("glyphs-private-use-character-in-court-field", {"courts/test.yaml": rep("district: District of Testing", "district: District of Testing \ue001")}, TYPESET)

root = os.path.dirname(os.path.abspath(__file__))
for name, (files, args, exit) in cases.items():
    d = os.path.join(root, name)
    for rel, content in files.items():
        p = os.path.join(d, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(content if isinstance(content, bytes) else content.encode())
    if args:
        with open(os.path.join(d, "args"), "w") as f:
            f.write(args + "\n")
    if exit is not None:
        with open(os.path.join(d, "exit"), "w") as f:
            f.write(f"{exit}\n")
print(len(cases))
