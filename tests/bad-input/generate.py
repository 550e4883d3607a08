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
case("notice-date-after-go-live", {"courts/test.yaml": rep("letter: 2020-02-20", "letter: 2020-05-01")})
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
        city=f"Santa{sp}Fe", firm=f"Lopez{sp}&{sp}Baca")}, MERGE, exit=0)
# Letters with combining accents (decomposed, as macOS pastes them), right-to-left names,
# emoji and scripts the font lacks (set as its fallback, `?`).
case("pasted-combining-marks-in-court-field", {"courts/test.yaml": rep("name: Jane Roe", "name: Jose\u0301 Nun\u0303ez-Ye\u0301benes")}, TYPESET, exit=0)
case("pasted-right-to-left-in-court-field", {"courts/test.yaml": rep("name: Jane Roe", "name: \u05de\u05e9\u05d4 \u05db\u05d4\u05df (\u0645\u062d\u0645\u062f \u0639\u0644\u064a)")}, TYPESET, exit=0)
case("pasted-emoji-in-court-field", {"courts/test.yaml": rep("title: Clerk of Court", "title: Clerk of Court \U0001F4C5\U0001F1FA\U0001F1F8\U0001F44D\U0001F3FD")}, TYPESET, exit=0)
case("pasted-unsupported-script-in-court-field", {"courts/test.yaml": rep("district: District of Testing", "district: District of Testing \u6cd5\u9662 \u0c28\u0c4d\u0c2f\u0c3e\u0c2f\u0c38\u0c4d\u0c25\u0c3e\u0c28\u0c02")}, TYPESET, exit=0)
case("pasted-format-characters-in-recipient-field", {"courts/test.yaml": VALID, "recipients.csv": recipients(
    name="Maria\u200bLo\u00adpez\u2060-Ba\u200dca", firm="\u200eLopez\u200f & \u202bBaca\u202c\ufeff",
    address1="400 Gold\u00a0Ave.\u200b S.W.\u2066 \u2069", city="Albu\u00adquer\u00adque")}, MERGE, exit=0)
case("pasted-emoji-sequences-in-recipient-field", {"courts/test.yaml": VALID, "recipients.csv": recipients(
    name="Maria Lopez \U0001F469\u200d\u2696\ufe0f", firm="Lopez & Baca \U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466",
    salutation="Dear Maria \U0001F44B\U0001F3FD:")}, MERGE, exit=0)
case("pasted-combining-and-right-to-left-in-recipient-field", {"courts/test.yaml": VALID, "recipients.csv": recipients(
    name="Mari\u0301a Lo\u0301pez \u05de\u05e9\u05d4", city="Espan\u0303ola", address2="\u0634\u0642\u0629 \u0664")}, MERGE, exit=0)
# Text no line breaker can break: one word far wider than the line, in a court field and in
# recipient fields; each must be broken between characters, in time linear in its length.
case("unbreakable-clerk-name-20kb", {"courts/test.yaml": rep("name: Jane Roe", "name: " + "JaneRoeSmithsonian" * 1112)}, TYPESET, exit=0)
case("unbreakable-tied-clerk-name", {"courts/test.yaml": rep("name: Jane Roe", 'name: "' + "\u00a0".join(["Jane", "Roe"] * 1000) + '"')}, TYPESET, exit=0)
case("unbreakable-recipient-fields-10kb", {"courts/test.yaml": VALID, "recipients.csv": recipients(
    name="Maria" + "Lopez" * 2000, address1="400" + "\U0001F3E2\u0301Gold" * 1250)}, MERGE, exit=0)


# --- Round two (mailings): recipients lists as spreadsheets save them, and `send` options.


# --- Round two (court data): values that look right and are not, and invisible characters.


# --- Round two (build and templates): folders, output and templates that misbehave.


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
