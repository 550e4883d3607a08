//! The command line: parse arguments, call the library, turn errors into a message and an
//! exit code (0 success, 1 data or template error, 2 usage error).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use noticegen::build::{self, Request};
use noticegen::error::Error;
use noticegen::render::Format;
use noticegen::render::pdf::{PageSetup, Paper};
use noticegen::serve::Preview;

const EXAMPLES: &str = "\
Examples:
  noticegen build                              every notice of every court into out/
  noticegen build --court nmd --kind letter    one court's letter, in all three formats
  noticegen build --format pdf --paper a4      only the PDFs, on A4 paper
  noticegen check                              validate courts/ and the templates, write nothing
  noticegen list --court casd                  the notices of one court and their dates
  noticegen build --fragment                   also <kind>.fragment.html, body only, for a CMS
  noticegen serve --port 8000                  preview out/ at http://127.0.0.1:8000/, rebuilding on change";

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
    Schema,
    /// Build, serve the output folder on 127.0.0.1 and rebuild when courts or templates change;
    /// served pages reload themselves after each rebuild.
    Serve(ServeArgs),
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
struct Selection {
    /// Only this court (the court file's stem, e.g. `nmd`); repeat for several. Default: all.
    #[arg(long = "court", value_name = "ID")]
    courts: Vec<String>,
    /// Only this kind of notice (e.g. `letter`); repeat for several. Default: all.
    #[arg(long = "kind", value_name = "KIND")]
    kinds: Vec<String>,
    /// Folder of court files (`<id>.yaml`, images in `<id>/`).
    #[arg(long = "courts", value_name = "DIR", default_value = "courts")]
    courts_dir: PathBuf,
    /// Folder of templates overriding the built-in ones file by file. Default: built-in only.
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
            templates_dir: self.templates_dir.clone(),
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!(
                "{}",
                noticegen::diagnostic::render(&error, noticegen::diagnostic::color_wanted())
            );
            ExitCode::from(error.exit_code() as u8)
        }
    }
}

fn run(command: Command) -> Result<(), Error> {
    match command {
        Command::Build(args) => {
            let request = args.request()?;
            let summary = build::build(&request)?;
            eprintln!(
                "built {} files: {} notices of {} courts into {}",
                summary.files.len(),
                summary.notices,
                summary.courts,
                request.out_dir.display()
            );
        }
        Command::Serve(args) => {
            let mut request = args.build.request()?;
            // Edits to the templates show only when they are read from disk: the repository's
            // own notice-templates/ unless --templates names another folder.
            if request.templates_dir.is_none() && Path::new("notice-templates").is_dir() {
                request.templates_dir = Some(PathBuf::from("notice-templates"));
            }
            let watch = request.templates_dir.iter().cloned().collect();
            let preview = Preview::start(request, args.port, watch)?;
            println!("serving {} (Ctrl-C to stop)", preview.url());
            let _ = std::io::stdout().flush();
            preview.wait();
        }
        Command::Check(selection) => {
            let summary = build::check(&selection.request())?;
            eprintln!(
                "ok: {} notices of {} courts merge without error",
                summary.notices, summary.courts
            );
        }
        Command::Schema => {
            let schema = noticegen::court::schema::court_schema();
            let text = serde_json::to_string_pretty(&schema)
                .map_err(|error| Error::Usage(format!("cannot print the schema: {error}")))?;
            println!("{text}");
        }
        Command::List(selection) => {
            let rows = build::list(&selection.request())?;
            println!("{:<12} {:<16} DATE", "COURT", "KIND");
            for row in rows {
                println!(
                    "{:<12} {:<16} {}",
                    row.court,
                    row.kind,
                    row.date.format("%a %Y-%m-%d")
                );
            }
        }
    }
    Ok(())
}
