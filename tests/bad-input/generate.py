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


# --- Round two (mailings): recipients lists as spreadsheets save them, and `send` options.


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
