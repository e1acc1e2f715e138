import Foundation
import PrecisCore
import PrecisTestSupport
import Testing

@testable import PrecisGlossary

@Suite("Compiled-glossary cache")
struct GlossaryCacheTests {
  /// The pipeline's glossary compiled through the cache in `folder`; `built` counts the builds.
  static func compile(
    _ files: [SourceFile] = PipelineGlossary.allFiles, domains: [String] = [], folder: String?,
    minimumEntries: Int = GlossaryCache.minimumEntries, built: inout Int
  ) throws -> CompiledGlossary {
    var builds = 0
    defer { built += builds }
    return try GlossaryCache.compiled(
      files: files, stopwords: [PipelineGlossary.stopwords], sourceLanguage: "fr", targetLanguage: "en",
      domains: domains, folder: folder, minimumEntries: minimumEntries
    ) {
      builds += 1
      return try CompiledGlossary(
        files: files, stopwords: try LexiconFile.wordSet(at: PipelineGlossary.stopwords),
        sourceLanguage: "fr",
        targetLanguage: "en", domains: domains, tokenizer: try WordTokenizer(language: "fr"))
    }
  }

  /// The bytes the cache writes for `compiled`.
  static func bytes(_ compiled: CompiledGlossary) -> [UInt8] {
    GlossaryCache.bytes(of: compiled, key: GlossaryCache.Key())
  }

  /// The glossary files in a fresh folder, to change them.
  static func copiedFiles() throws -> [SourceFile] {
    let folder = try TemporaryFile.folder("glossary")
    return try PipelineGlossary.files("fr-en").map { file in
      let copy = folder + "/" + URL(fileURLWithPath: file.path).lastPathComponent
      try FileManager.default.copyItem(atPath: file.path, toPath: copy)
      return SourceFile(path: copy)
    }
  }

  static func compiledFiles(in folder: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".bin") }
  }

  @Test("a compiled glossary read back is the one built: same bytes, same matches, same warnings")
  func roundTrip() throws {
    let folder = try TemporaryFile.folder("cache")
    var built = 0
    let first = try Self.compile(folder: folder, built: &built)
    let second = try Self.compile(folder: folder, built: &built)
    #expect(built == 1)
    #expect(Self.compiledFiles(in: folder).count == 1)
    let sameBytes = Self.bytes(second) == Self.bytes(first)  // (not in the expectation: 3 MB)
    #expect(sameBytes)
    #expect(second.warnings == first.warnings)
    #expect(second.matcher.entries == first.matcher.entries)
    // What rendering asks of each entry comes back as it was told, and as the entry tells it.
    let kept = first.matcher.renderTraits.map(\.byte)
    let read = second.matcher.renderTraits.map(\.byte)
    let told = second.matcher.entries.map { TermMatcher.RenderTraits($0).byte }
    let (keptAsBuilt, toldAsRead) = (read == kept, read == told)  // (not in the expectations: 2,483 each)
    #expect(keptAsBuilt, "\(zip(read, kept).filter { $0 != $1 }.count) of \(kept.count) entries differ")
    #expect(toldAsRead, "\(zip(read, told).filter { $0 != $1 }.count) of \(told.count) entries differ")
    #expect(first.matcher.renderTraits.contains { $0.properName })
    #expect(first.matcher.renderTraits.contains { $0.nationality })
    #expect(second.matcher.terms.map(\.written) == first.matcher.terms.map(\.written))
    // The forms come back from the table: a compiled glossary does not keep them twice.
    #expect(second.matcher.terms.allSatisfy { $0.slots.isEmpty })
    #expect(
      second.matcher.terms.indices.map { second.matcher.withForms($0).slots.map(\.forms) }
        == first.matcher.terms.map { $0.slots.map(\.forms) })
    #expect(
      second.matcher.terms.indices.map { second.matcher.withForms($0).foldedSlots.map(\.plural) }
        == first.matcher.terms.map { $0.foldedSlots.map(\.plural) })
    let worker = try Fixture.worker()
    for line in PipelineGlossary.lines.prefix(400) {
      let tokens = try worker.tokens(in: line)
      #expect(second.matcher.matches(in: tokens) == first.matcher.matches(in: tokens), "\(line)")
    }
  }

  @Test("a changed glossary, other domains or no folder build anew; a small glossary is not kept")
  func invalidation() throws {
    let folder = try TemporaryFile.folder("cache")
    let files = try Self.copiedFiles()
    var built = 0
    _ = try Self.compile(files, folder: folder, built: &built)
    _ = try Self.compile(files, domains: ["economy"], folder: folder, built: &built)
    #expect(built == 2)
    // One byte more in one file: a new key.
    let handle = try #require(FileHandle(forWritingAtPath: files[0].path))
    handle.seekToEndOfFile()
    handle.write(Data("\n".utf8))
    try handle.close()
    _ = try Self.compile(files, folder: folder, built: &built)
    _ = try Self.compile(files, folder: folder, built: &built)
    #expect(built == 3)
    #expect(Self.compiledFiles(in: folder).count == 3)
    _ = try Self.compile(files, folder: nil, built: &built)
    #expect(built == 4)
    let small = try TemporaryFile.folder("cache")
    _ = try Self.compile(files, folder: small, minimumEntries: 1_000_000, built: &built)
    _ = try Self.compile(files, folder: small, minimumEntries: 1_000_000, built: &built)
    #expect(built == 6)
    #expect(Self.compiledFiles(in: small).isEmpty)
  }

  @Test("a damaged or truncated compiled glossary is ignored and written anew")
  func damage() throws {
    let folder = try TemporaryFile.folder("cache")
    var built = 0
    let good = try Self.compile(folder: folder, built: &built)
    let name = try #require(Self.compiledFiles(in: folder).first)
    let path = folder + "/" + name
    let original = try #require(FileManager.default.contents(atPath: path))
    var flipped = original
    flipped[flipped.count / 2] ^= 0x40
    let truncated = original.prefix(original.count - 100)
    for damaged in [flipped, Data(truncated), Data(), Data("PRECISGC".utf8)] {
      try damaged.write(to: URL(fileURLWithPath: path))
      let read = try Self.compile(folder: folder, built: &built)
      let sameBytes = Self.bytes(read) == Self.bytes(good)
      let sameFile = FileManager.default.contents(atPath: path) == original
      #expect(sameBytes)
      #expect(sameFile)
    }
    #expect(built == 5)
  }

  @Test("the folder keeps the newest compiled glossaries only")
  func pruning() throws {
    let folder = try TemporaryFile.folder("cache")
    for number in 0..<5 {
      let path = folder + "/glossary-\(number).bin"
      try Data([UInt8(number)]).write(to: URL(fileURLWithPath: path))
      try FileManager.default.setAttributes(
        [.modificationDate: Date(timeIntervalSince1970: Double(1_000_000 + number))], ofItemAtPath: path)
    }
    try Data().write(to: URL(fileURLWithPath: folder + "/other.txt"))
    // Files being written: one a stopped process left an hour ago, one being written now.
    let now = Date()
    let abandoned = folder + "/glossary-3.bin.41.7" + GlossaryCache.temporarySuffix
    let current = folder + "/glossary-4.bin.42.9" + GlossaryCache.temporarySuffix
    let foreign = folder + "/notes" + GlossaryCache.temporarySuffix
    for (path, age) in [(abandoned, 3600.0), (current, 1.0), (foreign, 3600.0)] {
      try Data([1]).write(to: URL(fileURLWithPath: path))
      try FileManager.default.setAttributes([.modificationDate: now - age], ofItemAtPath: path)
    }
    GlossaryCache.prune(folder, keeping: 2, now: now)
    #expect(Self.compiledFiles(in: folder).sorted() == ["glossary-3.bin", "glossary-4.bin"])
    #expect(FileManager.default.fileExists(atPath: folder + "/other.txt"))
    #expect(!FileManager.default.fileExists(atPath: abandoned))
    #expect(FileManager.default.fileExists(atPath: current))
    #expect(FileManager.default.fileExists(atPath: foreign))
  }

  @Test("a compiled glossary is written whole under its name, with nothing left beside it")
  func storing() throws {
    let folder = try TemporaryFile.folder("cache") + "/made"
    let path = folder + "/glossary-5.bin"
    let data = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    GlossaryCache.store(data, at: path, folder: folder)
    #expect(FileManager.default.contents(atPath: path) == Data(data))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["glossary-5.bin"])
    // A new file is never written over one that exists.
    #expect(!GlossaryCache.writeNew([1], to: path))
    #expect(FileManager.default.contents(atPath: path) == Data(data))
  }

  @Test("the folder comes from PRECIS_CACHE_DIR, XDG_CACHE_HOME or HOME; PRECIS_CACHE=off turns it off")
  func folderSetting() {
    #expect(GlossaryCache.folder(environment: ["HOME": "/home/a"]) == "/home/a/.cache/precis")
    #expect(GlossaryCache.folder(environment: ["HOME": "/home/a", "XDG_CACHE_HOME": "/c"]) == "/c/precis")
    #expect(GlossaryCache.folder(environment: ["HOME": "/home/a", "PRECIS_CACHE_DIR": "/p"]) == "/p")
    #expect(GlossaryCache.folder(environment: ["HOME": "/home/a", "PRECIS_CACHE": "off"]) == nil)
    #expect(GlossaryCache.folder(environment: ["XDG_CACHE_HOME": "relative"]) == nil)
    #expect(GlossaryCache.folder(environment: [:]) == nil)
  }

  @Test("an unreadable glossary is reported as without the cache")
  func unreadable() throws {
    let folder = try TemporaryFile.folder("cache")
    var built = 0
    let missing = [SourceFile(path: folder + "/missing.tsv")]
    #expect(throws: LexiconError.self) { try Self.compile(missing, folder: folder, built: &built) }
    #expect(Self.compiledFiles(in: folder).isEmpty)
  }
}
