import ArgumentParser
import CMalloc
import Foundation
import PrecisCore

/// The `precis` command: a thin layer over the pipeline library.
struct Precis: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "precis",
    abstract: "Turn foreign-language news articles into short English-facing briefs.",
    discussion: """
      Precis runs the stages declared in a pipeline file (pipeline.yaml): normalize, segment \
      into sentences with ICU, translate key terms with a glossary, summarize by sentence \
      scoring, render. Exit codes: 0 success, 1 bad input, 2 bad configuration or usage \
      ('diff' gives 1 when the documents differ and 2 for any trouble; 'regress' 1 when a \
      fixture fails).

      A glossary of 500 entries or more is kept compiled between runs in $PRECIS_CACHE_DIR \
      (else $XDG_CACHE_HOME/precis, else ~/.cache/precis), under a key of every file and \
      setting it is built from; PRECIS_CACHE=off builds it every time.
      """,
    version: PrecisVersion.string,
    subcommands: [
      TranslateAndSummarize.self, BatchCommand.self, Segment.self, Terms.self, Explain.self, Run.self,
      Diff.self,
      Regress.self, Validate.self, Eval.self, Bench.self, Stages.self,
    ],
    defaultSubcommand: nil)
}

/// The version printed by `--version` and recorded in traces.
enum PrecisVersion {
  static let number = "0.1.0"
  static var string: String { "precis \(number) (ICU \(ICUError.libraryVersion))" }
}

@main
enum Main {
  static func main() {
    StandardStreams.reserve()
    Allocator.tune()
    do {
      var command = try Precis.parseAsRoot()
      try command.run()
    } catch let error as any PrecisError {
      Console.report(error.diagnostics)
      exit(error.kind == .input ? 1 : 2)
    } catch let error as ExitCode {
      exit(error.rawValue)
    } catch {
      let code = Precis.exitCode(for: error)
      let message = Precis.fullMessage(for: error)
      if code == .success {
        Console.write(message + "\n")
        exit(0)
      }
      Console.error(message)
      exit(code.rawValue == 64 ? 2 : code.rawValue)
    }
  }
}

/// Standard input, output and error started closed (`precis … >&-`): the next files the process
/// opened (a glossary, the cache, ICU's data) took their numbers, so an article was read from
/// one of them or the output written into one. Each closed one is given `/dev/null`, opened
/// for reading only: reading finds no input, and writing fails with "Bad file descriptor",
/// which the command reports.
enum StandardStreams {
  static func reserve() {
    for descriptor in Int32(0)...2 where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
      // (`open` takes the lowest free number: this one, as the ones below it are open.)
      _ = open("/dev/null", O_RDONLY)
    }
  }
}

/// The C allocator's settings for a one-shot command that may hold a long document.
enum Allocator {
  /// glibc serves a block of 128 KiB or more (a long document's arrays of tokens, sentences and
  /// stems, growing by doubling) with a fresh `mmap` and returns it with `munmap` when it is
  /// freed, so each growth faults its pages in again; it also gives freed heap back to the
  /// system at once. Blocks up to 32 MiB now come from the heap, which grows 256 MiB at a time
  /// (address space: a page is paid for only when touched) and is not trimmed before the
  /// process exits. On the 50 MB article, system time fell from 2.3–3.5 s to 1.4–2.4 s and the
  /// run from a median of 7.0 s to 6.0 s (four runs each, interleaved); peak RSS is unchanged.
  static func tune() {
    #if canImport(Glibc)
      _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
      _ = mallopt(M_TRIM_THRESHOLD, Int32.max)
      _ = mallopt(M_TOP_PAD, 256 << 20)
    #endif
  }
}
