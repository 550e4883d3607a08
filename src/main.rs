//! The command line: parse arguments, call the library, turn errors into a message and an
//! exit code (0 success, 1 data or template error, 2 usage error).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

use noticegen::build;
use noticegen::error::Error;
use noticegen::mail;
use noticegen::mail::merge::MergeRequest;
use noticegen::mail::send::SendRequest;
use noticegen::plan::Request;
use noticegen::render::Format;
use noticegen::render::pdf::{PageSetup, Paper};
use noticegen::serve::Preview;
use noticegen::template::Source;

/// Running out of memory ends the run with a report and exit 1, not an abort (see `memory`).
#[global_allocator]
static ALLOCATOR: noticegen::memory::Guarded = noticegen::memory::Guarded;

const EXAMPLES: &str = "\
Examples:
  noticegen build                              every notice of every court into out/
  noticegen build --court nmd --kind letter    one court's letter, in all three formats
  noticegen build --format pdf --paper a4      only the PDFs, on A4 paper
  noticegen check                              validate courts/ and the templates, write nothing
  noticegen new nmb --type bankruptcy          a commented starter file, courts/nmb.yaml, to fill in
  noticegen list --court casd                  the notices of one court and their dates
  noticegen build --fragment                   also <kind>.fragment.html, body only, for a CMS
  noticegen serve --port 8000                  preview out/ at http://127.0.0.1:8000/, rebuilding on change
  noticegen merge --court nmd --recipients attorneys.csv --duplex
                                               one personalised letter per attorney, one PDF
  noticegen send --smtp smtp://127.0.0.1:25 --messages mailings/nmd/letter/email
                                               list what would be sent (add --deliver to send)";

#[derive(Parser)]
#[command(
    name = "noticegen",
    version,
    about = "Builds a court's rollout notices as Markdown, HTML and PDF from court data and shared templates",
    after_help = EXAMPLES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build notices into the output folder (out/<court>/<kind>.md, .html, .pdf).
    #[command(after_help = EXAMPLES)]
    Build(BuildArgs),
    /// Validate all court data and templates by merging every notice; write nothing.
    Check(Selection),
    /// Show courts × kinds with the date of each notice.
    List(Selection),
    /// Print the JSON Schema of a court file, for editors that validate and complete YAML.
    Schema(SchemaArgs),
    /// Write a commented starter court file, courts/<id>.yaml, whose placeholders ("<<…>>")
    /// the court fills in; `check` lists those left. Never replaces a file.
    New(NewArgs),
    /// Build, serve the output folder on 127.0.0.1 and rebuild when courts or templates change;
    /// served pages reload themselves after each rebuild.
    Serve(ServeArgs),
    /// Personalise one notice for every recipient of a CSV list: one print-ready PDF
    /// (<out>/<court>/<kind>/mailing.pdf), optionally per-recipient files and e-mails.
    /// Exit status 1 when rows were rejected (they are listed in rejected.csv).
    #[command(after_help = EXAMPLES)]
    Merge(MergeArgs),
    /// Send the e-mails a merge wrote through an SMTP relay, each exactly once (a journal in
    /// the messages folder remembers what went out). Without --deliver: only list them.
    #[command(after_help = EXAMPLES)]
    Send(SendArgs),
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    build: BuildArgs,
    /// Port to listen on (127.0.0.1 only); 0 picks a free port. The URL is printed.
    #[arg(long, default_value_t = 8000)]
    port: u16,
}

#[derive(Args)]
struct NewArgs {
    /// The court's id, the file's stem: a-z, 0-9 and `-` (e.g. `nmb`).
    id: String,
    /// Which court of the judiciary it is.
    #[arg(long = "type", value_enum, default_value_t = CourtTypeArg::District)]
    court_type: CourtTypeArg,
    /// Folder of court files the file is written to.
    #[arg(long = "courts", value_name = "DIR", default_value = "courts")]
    courts_dir: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
enum CourtTypeArg {
    District,
    Bankruptcy,
    Appeals,
}

#[derive(Args)]
struct SchemaArgs {
    /// Folder of templates, whose kinds manifest names the court dates. Default:
    /// ./notice-templates when it exists, else the built-in copy.
    #[arg(long = "templates", value_name = "DIR")]
    templates_dir: Option<PathBuf>,
}

#[derive(Args)]
struct MergeArgs {
    /// The court whose notice is sent (the court file's stem, e.g. `nmd`).
    #[arg(long = "court", value_name = "ID")]
    court: String,
    /// The kind of notice to personalise.
    #[arg(long = "kind", value_name = "KIND", default_value = "letter")]
    kind: String,
    /// CSV file of recipients (UTF-8, header row; columns in the README).
    #[arg(long, value_name = "FILE")]
    recipients: PathBuf,
    /// Output folder; files go to <DIR>/<court>/<kind>/.
    #[arg(long = "out", value_name = "DIR", default_value = "mailings")]
    out_dir: PathBuf,
    /// Pad each letter with a blank page to an even count, for two-sided printing.
    #[arg(long)]
    duplex: bool,
    /// Also write each recipient's notice as Markdown, HTML and PDF (split/<slug>.*).
    #[arg(long)]
    split: bool,
    /// Also write one e-mail per recipient (email/<slug>.eml); rows need an e-mail address.
    #[arg(long)]
    email: bool,
    /// Also write every e-mail into one mbox file (mailing.mbox).
    #[arg(long)]
    mbox: bool,
    /// Stop at the first bad row and write nothing. Default: skip bad rows and report them.
    #[arg(long)]
    strict: bool,
    /// Folder of court files (`<id>.yaml`, images in `<id>/`).
    #[arg(long = "courts", value_name = "DIR", default_value = "courts")]
    courts_dir: PathBuf,
    /// Folder of templates. Default: ./notice-templates when it exists, else the built-in
    /// copy; a file the folder lacks is taken from the built-in copy.
    #[arg(long = "templates", value_name = "DIR")]
    templates_dir: Option<PathBuf>,
    /// Paper size of the PDF.
    #[arg(long, value_enum, default_value_t = PaperArg::Letter)]
    paper: PaperArg,
}

#[derive(Args)]
struct SendArgs {
    /// The SMTP relay, smtp://host[:port] (port 25 by default; plain SMTP, no TLS).
    #[arg(long, value_name = "URL")]
    smtp: String,
    /// Folder of .eml files written by `noticegen merge --email`.
    #[arg(long, value_name = "DIR")]
    messages: PathBuf,
    /// Really send. Default: a dry run that lists what would be sent.
    #[arg(long)]
    deliver: bool,
    /// Send at most this many messages per second, from 0.0001 (one every 10,000 seconds) to
    /// 10000. Default: as fast as the relay takes them.
    #[arg(long, value_name = "N", value_parser = mail::send::parse_rate, allow_negative_numbers = true)]
    rate: Option<f64>,
    /// Send again messages an earlier run handed over without recording the relay's answer.
    #[arg(long)]
    resend_in_doubt: bool,
}

#[derive(Args)]
struct Selection {
    /// Only this court (the court file's stem, e.g. `nmd`); repeat for several. Default: all.
    #[arg(long = "court", value_name = "ID")]
    courts: Vec<String>,
    /// Only this kind of notice (e.g. `letter`); repeat for several. Default: all.
    #[arg(long = "kind", value_name = "KIND")]
    kinds: Vec<String>,
    /// Folder of court files (`<id>.yaml` or `<id>.yml`, images in `<id>/`); it must hold at
    /// least one.
    #[arg(long = "courts", value_name = "DIR", default_value = "courts")]
    courts_dir: PathBuf,
    /// Folder of templates. Default: ./notice-templates when it exists, else the built-in
    /// copy; a file the folder lacks is taken from the built-in copy.
    #[arg(long = "templates", value_name = "DIR")]
    templates_dir: Option<PathBuf>,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    selection: Selection,
    /// Only this format; repeat for several. Default: md, html and pdf.
    #[arg(long = "format", value_name = "FORMAT", value_parser = ["md", "html", "pdf"])]
    formats: Vec<String>,
    /// Output folder; noticegen refuses one holding files it did not make.
    #[arg(long = "out", value_name = "DIR", default_value = "out")]
    out_dir: PathBuf,
    /// Paper size of the PDFs.
    #[arg(long, value_enum, default_value_t = PaperArg::Letter)]
    paper: PaperArg,
    /// Page margin of the PDFs, in inches.
    #[arg(long, value_name = "INCHES", default_value_t = 1.0)]
    margin: f32,
    /// Also write each HTML notice as a body fragment to paste into a site's content
    /// management system: <court>/<kind>.fragment.html, no page chrome.
    #[arg(long)]
    fragment: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum PaperArg {
    /// US Letter, 8.5 × 11 in.
    Letter,
    /// ISO A4, 210 × 297 mm.
    A4,
}

impl Selection {
    fn request(&self) -> Request {
        Request {
            courts_dir: self.courts_dir.clone(),
            templates_dir: templates_folder(self.templates_dir.as_deref()),
            courts: self.courts.clone(),
            kinds: self.kinds.clone(),
            ..Request::default()
        }
    }
}

impl BuildArgs {
    fn request(&self) -> Result<Request, Error> {
        if !(0.0..=3.0).contains(&self.margin) {
            return Err(Error::Usage(format!(
                "--margin {} is not between 0 and 3 inches",
                self.margin
            )));
        }
        Ok(Request {
            out_dir: self.out_dir.clone(),
            formats: self
                .formats
                .iter()
                .filter_map(|f| f.parse::<Format>().ok())
                .collect(),
            fragments: self.fragment,
            page: PageSetup {
                paper: match self.paper {
                    PaperArg::Letter => Paper::Letter,
                    PaperArg::A4 => Paper::A4,
                },
                margin: self.margin * 72.0,
            },
            ..self.selection.request()
        })
    }
}

fn main() {
    let cli = Cli::parse();
    let code = match run(cli.command) {
        Ok(code) => code,
        Err(error) => {
            eprintln!(
                "{}",
                noticegen::diagnostic::render(&error, noticegen::diagnostic::color_wanted())
            );
            error.exit_code() as Status
        }
    };
    leave(code)
}

/// Ends the process once standard output is flushed, skipping the C library's exit
/// handlers: mimalloc's hands every page back to the system one `madvise` at a time, which
/// the kernel does anyway as the process ends (0.03 to 0.15 ms of a letter's 8).
/// Everything the run writes is complete and closed by now; standard error is unbuffered.
fn leave(status: Status) -> ! {
    let _ = std::io::stdout().flush();
    // SAFETY: `_exit` only ends the process; nothing of this program runs after it.
    unsafe { _exit(std::ffi::c_int::from(status)) }
}

/// The process's exit status: 0 success, 1 data or template error, 2 usage error.
type Status = u8;

unsafe extern "C" {
    /// POSIX `_exit`, from the C library the program is linked with.
    fn _exit(status: std::ffi::c_int) -> !;
}

fn run(command: Command) -> Result<Status, Error> {
    match command {
        Command::Build(args) => {
            let request = args.request()?;
            let (summary, held) = build::build_holding(&request)?;
            // The process exits next: the system takes the build's memory back whole.
            std::mem::forget(held);
            warn(&summary.warnings);
            report(&summary.data_warnings);
            eprintln!(
                "{}",
                Source::of(request.templates_dir.as_deref()).describe()
            );
            let unchanged = match summary.unchanged {
                0 => String::new(),
                n if n == summary.files.len() => " (all unchanged)".to_string(),
                n => format!(" ({n} unchanged)"),
            };
            eprintln!(
                "built {}{unchanged}: {} of {} into {}",
                mail::count(summary.files.len(), "file", "files"),
                mail::count(summary.notices, "notice", "notices"),
                mail::count(summary.courts, "court", "courts"),
                request.out_dir.display()
            );
        }
        Command::Serve(args) => {
            let request = args.build.request()?;
            let watch = request.templates_dir.iter().cloned().collect();
            let preview = Preview::start(request, args.port, watch)?;
            println!("serving {} (Ctrl-C to stop)", preview.url());
            let _ = std::io::stdout().flush();
            preview.wait();
        }
        Command::Check(selection) => {
            let summary = build::check(&selection.request())?;
            warn(&summary.warnings);
            report(&summary.data_warnings);
            eprintln!(
                "ok: {} of {} merge without error",
                mail::count(summary.notices, "notice", "notices"),
                mail::count(summary.courts, "court", "courts")
            );
        }
        Command::New(args) => {
            let court_type = match args.court_type {
                CourtTypeArg::District => noticegen::court::CourtType::District,
                CourtTypeArg::Bankruptcy => noticegen::court::CourtType::Bankruptcy,
                CourtTypeArg::Appeals => noticegen::court::CourtType::Appeals,
            };
            let path = noticegen::court::starter::write(&args.courts_dir, &args.id, court_type)?;
            eprintln!(
                "wrote {}: replace each \"<<…>>\" with the court's own value, then run \
                 `noticegen check --court {}`",
                path.display(),
                args.id
            );
        }
        Command::Schema(args) => {
            // The court dates a file may give are those of the manifest in use.
            let folder = templates_folder(args.templates_dir.as_deref());
            let catalog = noticegen::template::Catalog::load(folder.as_deref())?;
            let text = serde_json::to_string_pretty(catalog.court_schema().json())
                .map_err(|error| Error::Usage(format!("cannot print the schema: {error}")))?;
            println!("{text}");
        }
        Command::List(selection) => {
            let table = build::list(&selection.request())?;
            warn(&table.warnings);
            report(&table.data_warnings);
            println!("{:<12} {:<16} DATE", "COURT", "KIND");
            for row in table.rows {
                println!(
                    "{:<12} {:<16} {} {}",
                    row.court,
                    row.kind,
                    row.weekday,
                    row.date.format("%Y-%m-%d")
                );
            }
        }
        Command::Merge(args) => return merge(args),
        Command::Send(args) => return send(args),
    }
    Ok(0)
}

/// The templates folder a command reads: `--templates DIR`, else `./notice-templates` when it
/// exists; `None` for the built-in copy.
fn templates_folder(given: Option<&Path>) -> Option<PathBuf> {
    Source::choose(given).folder().map(Path::to_path_buf)
}

/// Things that did not stop the run, on stderr before its summary.
/// Warnings already in the compiler's style, each followed by a blank line.
fn report(warnings: &[String]) {
    for warning in warnings {
        eprintln!("{warning}\n");
    }
}

fn warn(warnings: &[String]) {
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
}

fn merge(args: MergeArgs) -> Result<Status, Error> {
    let request = MergeRequest {
        build: Request {
            courts_dir: args.courts_dir,
            templates_dir: templates_folder(args.templates_dir.as_deref()),
            courts: vec![args.court],
            kinds: vec![args.kind],
            page: PageSetup {
                paper: match args.paper {
                    PaperArg::Letter => Paper::Letter,
                    PaperArg::A4 => Paper::A4,
                },
                ..PageSetup::default()
            },
            ..Request::default()
        },
        recipients: args.recipients,
        out_dir: args.out_dir,
        duplex: args.duplex,
        split: args.split,
        email: args.email,
        mbox: args.mbox,
        strict: args.strict,
        progress: true,
    };
    let summary = mail::merge::merge(&request)?;
    eprintln!(
        "merged {} into {} in {}; {} rejected",
        mail::count(summary.produced, "recipient", "recipients"),
        mail::count(summary.pages, "page", "pages"),
        summary.folder.display(),
        mail::count(summary.rejected.len(), "row", "rows")
    );
    if summary.rejected.is_empty() {
        Ok(0)
    } else {
        let listed = match summary.rejected.len() {
            1 => "the rejected row is listed in",
            _ => "the rejected rows are listed in",
        };
        eprintln!("{listed} {}", summary.folder.join("rejected.csv").display());
        Ok(1)
    }
}

fn send(args: SendArgs) -> Result<Status, Error> {
    let request = SendRequest {
        messages: args.messages,
        smtp: args.smtp,
        deliver: args.deliver,
        rate: args.rate,
        resend_in_doubt: args.resend_in_doubt,
        progress: true,
    };
    let summary = mail::send::send(&request, &mut std::io::stdout())?;
    if request.deliver {
        eprintln!(
            "sent {}, sent before {}, in doubt {}, refused {}",
            summary.sent,
            summary.already,
            summary.in_doubt.len(),
            summary.failed.len()
        );
    } else {
        eprintln!(
            "dry run: {} to send, sent before {}, in doubt {}; add --deliver to send",
            summary.pending,
            summary.already,
            summary.in_doubt.len()
        );
    }
    let clean = summary.in_doubt.is_empty() && summary.failed.is_empty();
    Ok(if clean { 0 } else { 1 })
}
