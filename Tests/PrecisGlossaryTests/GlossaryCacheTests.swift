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

  /// The pipeline's glossary built as `CompiledGlossary` builds it, its terms keeping their forms.
  static func matcherKeepingForms() throws -> TermMatcher {
    let glossary = try Glossary.load(
      PipelineGlossary.allFiles, sourceLanguage: "fr", targetLanguage: "en",
      tokenizer: try WordTokenizer(language: "fr"))
    let rules = TermMatcher.rules(for: "fr")
    return TermMatcher(
      glossary: glossary, language: "fr", verbCues: rules.verbCues, headBreakers: rules.headBreakers,
      prefixes: rules.prefixes, stopwords: try LexiconFile.wordSet(at: PipelineGlossary.stopwords),
      keepingForms: true)
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

  /// The pipeline's glossary built and kept in a fresh folder, then read back from it.
  static func builtAndReadBack() throws -> (first: CompiledGlossary, second: CompiledGlossary) {
    let folder = try TemporaryFile.folder("cache")
    var built = 0
    let first = try compile(folder: folder, built: &built)
    let second = try compile(folder: folder, built: &built)
    #expect(built == 1)
    #expect(compiledFiles(in: folder).count == 1)
    return (first, second)
  }

  @Test("a compiled glossary read back is the one built: same bytes, same matches, same warnings")
  func roundTrip() throws {
    let (first, second) = try Self.builtAndReadBack()
    let sameBytes = Self.bytes(second) == Self.bytes(first)  // (not in the expectation: 3 MB)
    #expect(sameBytes)
    #expect(second.warnings == first.warnings)
    #expect(second.matcher.entries == first.matcher.entries)
    // The entries read back are left in the file until asked for.
    #expect(second.matcher.entries.isMapped)
    #expect(!first.matcher.entries.isMapped)
    // What rendering asks of each entry comes back as it was told, and as the entry tells it.
    let kept = first.matcher.renderTraits.map(\.byte)
    let read = second.matcher.renderTraits.map(\.byte)
    let told = second.matcher.entries.map { TermMatcher.RenderTraits($0).byte }
    let (keptAsBuilt, toldAsRead) = (read == kept, read == told)  // (not in the expectations: 2,483 each)
    #expect(keptAsBuilt, "\(zip(read, kept).filter { $0 != $1 }.count) of \(kept.count) entries differ")
    #expect(toldAsRead, "\(zip(read, told).filter { $0 != $1 }.count) of \(told.count) entries differ")
    #expect(first.matcher.renderTraits.contains { $0.properName })
    #expect(first.matcher.renderTraits.contains { $0.nationality })
    #expect(first.matcher.renderTraits.contains { $0.participle })
    #expect(first.matcher.renderTraits.contains { $0.person && $0.properName })
    #expect(second.matcher.entries.contains { $0.participle })
    #expect(second.matcher.terms.map(\.written) == first.matcher.terms.map(\.written))
    #expect(second.matcher.terms.map(\.entries) == first.matcher.terms.map(\.entries))
    #expect(second.matcher.terms.map(\.chosen) == first.matcher.terms.map(\.chosen))
    #expect(second.matcher.terms.map(\.cued) == first.matcher.terms.map(\.cued))
    #expect(first.matcher.terms.contains { !$0.cued.isEmpty })
    #expect(second.matcher.terms.map(\.nouns) == first.matcher.terms.map(\.nouns))
    #expect(first.matcher.terms.contains { !$0.nouns.isEmpty })
    #expect(second.matcher.choices == first.matcher.choices)
    #expect(second.matcher.entries.contains { !$0.context.isEmpty })
    #expect(second.matcher.terms.map(\.headCount) == first.matcher.terms.map(\.headCount))
    // Only the terms matched as written keep their words as written.
    #expect(first.matcher.terms.contains { $0.caseSensitive && !$0.written.isEmpty })
    #expect(first.matcher.terms.allSatisfy { $0.caseSensitive || $0.written.isEmpty })
    // The forms come back from the table, as the terms made them: neither a built matcher nor
    // a compiled glossary keeps them twice.
    #expect(first.matcher.terms.allSatisfy { $0.slots.isEmpty && $0.foldedSlots.isEmpty })
    #expect(second.matcher.terms.allSatisfy { $0.slots.isEmpty && $0.foldedSlots.isEmpty })
    let made = try Self.matcherKeepingForms()
    #expect(made.terms.count == second.matcher.terms.count)
    #expect(made.terms.allSatisfy { !$0.slots.isEmpty })
    #expect(
      second.matcher.terms.indices.map { second.matcher.withForms($0).slots.map(\.forms) }
        == made.terms.map { $0.slots.map(\.forms) })
    #expect(
      second.matcher.terms.indices.map { second.matcher.withForms($0).foldedSlots.map(\.plural) }
        == made.terms.map { $0.foldedSlots.map(\.plural) })
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

  @Test("an entry the file cannot hold is refused when the file is read, not when the entry is asked for")
  func damagedEntry() throws {
    var built = 0
    let good = try Self.compile(folder: nil, built: &built)
    var contents = BinaryWriter()
    GlossaryCache.write(good, to: &contents)
    let key = GlossaryCache.Key()
    func readBack(_ contents: [UInt8]) -> CompiledGlossary? {
      let sum = contents.withUnsafeBytes { GlossaryCache.checksum($0) }
      let file = GlossaryCache.header(key: key, sum: sum, length: contents.count) + contents
      return GlossaryCache.read(MappedFile(copying: file), key: key, sourceLanguage: "fr", domains: [])
    }
    let read = try #require(readBack(contents.bytes))
    #expect(read.matcher.entries.isMapped)
    #expect(read.matcher.entries.last == good.matcher.entries.last)
    // The warnings, the entries' count, then the first entry's source: its length made longer
    // than the file, under a right checksum.
    var warnings = BinaryWriter()
    warnings.write(good.warnings.count)
    for warning in good.warnings { GlossaryCache.write(warning, to: &warnings) }
    let source = warnings.bytes.count + 8
    var damaged = contents.bytes
    withUnsafeBytes(of: Int.max / 2) { damaged.replaceSubrange(source..<(source + 8), with: $0) }
    #expect(readBack(damaged) == nil)
  }

  @Test("a mapped file's pages, let go, are read again from the file")
  func mappedFilePages() throws {
    var generator = SeededGenerator(seed: 11)
    let contents = (0..<(3 << 20) + 123).map { _ in UInt8.random(in: 0...255, using: &generator) }
    let path = try TemporaryFile.folder("mapped") + "/file.bin"
    try Data(contents).write(to: URL(fileURLWithPath: path))
    let file = try #require(MappedFile(path: path))
    #expect(file.bytes.elementsEqual(contents))
    file.dropPages(from: 5_000, count: 1 << 20)
    #expect(file.bytes.elementsEqual(contents))
    file.dropPages()
    #expect(file.bytes.elementsEqual(contents))
    file.dropPages(from: contents.count - 1, count: 10)
    #expect(file.bytes.last == contents.last)
    #expect(MappedFile(path: path + ".missing") == nil)
    #expect(MappedFile(path: try TemporaryFile.folder("mapped")) == nil)
    let copy = MappedFile(copying: contents.prefix(10))
    copy.dropPages()
    #expect(copy.bytes.elementsEqual(contents.prefix(10)))
  }

  @Test("batch workers asking for the entries of a compiled glossary at once get each one whole")
  func entriesAskedAtOnce() throws {
    let (first, second) = try Self.builtAndReadBack()
    let (entries, expected) = (second.matcher.entries, first.matcher.entries)
    let wrong = NSLock()
    nonisolated(unsafe) var mismatches = 0
    DispatchQueue.concurrentPerform(iterations: 8) { worker in
      var index = worker
      var found = 0
      while index < entries.count {
        if entries[index] != expected[index]
          || entries[(index * 7) % entries.count] != expected[(index * 7) % entries.count]
        {
          found += 1
        }
        index += 3
      }
      wrong.lock()
      mismatches += found
      wrong.unlock()
    }
    #expect(mismatches == 0)
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

  @Test(
    "the folder keeps the newest compiled glossaries that fit its bytes, and the newest whatever its size")
  func pruningBytes() throws {
    let folder = try TemporaryFile.folder("cache")
    // From the newest: 50 bytes, 30, 40 (past 100 with the first two), 10 (fits).
    for (number, size) in [10, 40, 30, 50].enumerated() {
      let path = folder + "/glossary-\(number).bin"
      try Data(repeating: 1, count: size).write(to: URL(fileURLWithPath: path))
      try FileManager.default.setAttributes(
        [.modificationDate: Date(timeIntervalSince1970: Double(1_000_000 + number))], ofItemAtPath: path)
    }
    GlossaryCache.prune(folder, keeping: 8, bytes: 100)
    #expect(
      Self.compiledFiles(in: folder).sorted() == ["glossary-0.bin", "glossary-2.bin", "glossary-3.bin"])
    GlossaryCache.prune(folder, keeping: 8, bytes: 20)
    #expect(Self.compiledFiles(in: folder) == ["glossary-3.bin"])
  }

  @Test("a compiled glossary is written whole under its name, a chunk at a time, with nothing left beside it")
  func storing() throws {
    var built = 0
    let compiled = try Self.compile(folder: nil, built: &built)
    let expected = Self.bytes(compiled)
    // Chunks smaller than most arrays, and larger than the whole file: each gives the same file.
    for (number, chunk) in [7, 4096, 1 << 30].enumerated() {
      let folder = try TemporaryFile.folder("cache") + "/made"
      let path = folder + "/glossary-\(number).bin"
      GlossaryCache.store(compiled, key: GlossaryCache.Key(), at: path, folder: folder, chunk: chunk)
      let same = FileManager.default.contents(atPath: path) == Data(expected)  // (2 MB)
      #expect(same, "chunks of \(chunk) bytes")
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["glossary-\(number).bin"])
    }
    // A new file is never written over one that exists.
    let folder = try TemporaryFile.folder("cache")
    let path = folder + "/glossary-5.bin"
    try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path))
    #expect(GlossaryCache.openNew(path) == -1)
    #expect(FileManager.default.contents(atPath: path) == Data([1, 2, 3]))
  }

  @Test("a compiled glossary larger than the limit is not kept, and leaves nothing behind")
  func storingPastTheLimit() throws {
    var built = 0
    let compiled = try Self.compile(folder: nil, built: &built)
    let size = Self.bytes(compiled).count
    let folder = try TemporaryFile.folder("cache") + "/made"
    GlossaryCache.store(
      compiled, key: GlossaryCache.Key(), at: folder + "/glossary-1.bin", folder: folder, limit: size - 1,
      chunk: 4096)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    GlossaryCache.store(
      compiled, key: GlossaryCache.Key(), at: folder + "/glossary-2.bin", folder: folder, limit: size,
      chunk: 4096)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["glossary-2.bin"])
  }

  @Test("the checksum of bytes given in parts is the checksum of the whole")
  func checksumInParts() {
    var generator = SeededGenerator(seed: 7)
    let bytes = (0..<1000).map { _ in UInt8.random(in: 0...255, using: &generator) }
    for count in [0, 1, 31, 32, 33, 100, 1000] {
      let whole = bytes.prefix(count).withUnsafeBytes { GlossaryCache.checksum($0) }
      for _ in 0..<20 {
        var sum = GlossaryCache.Checksum()
        var start = 0
        while start < count {
          let end = min(count, start + Int.random(in: 0...40, using: &generator))
          bytes[start..<end].withUnsafeBytes { sum.add($0) }
          start = end
        }
        #expect(sum.value == whole, "\(count) bytes")
      }
    }
    // Bytes in other places change it.
    let one = bytes.prefix(64).withUnsafeBytes { GlossaryCache.checksum($0) }
    let other = (bytes.prefix(63) + [bytes[63] ^ 1]).withUnsafeBytes { GlossaryCache.checksum($0) }
    #expect(one != other)
    // So does the order of the words.
    let swapped = Array(bytes[8..<16] + bytes[0..<8] + bytes[16..<64])
    #expect(swapped.withUnsafeBytes { GlossaryCache.checksum($0) } != one)
  }

  @Test(
    "the folder drops the compiled glossaries of an executable rebuilt where it was, and keeps the others")
  func pruningRebuilt() throws {
    let folder = try TemporaryFile.folder("cache")
    let precis = try TemporaryFile.folder("bin") + "/precis"
    try FileManager.default.copyItem(atPath: try #require(PrecisProcess.executable), toPath: precis)
    let identity = try #require(GlossaryCache.identity(ofExecutableAt: precis))
    let writers: [String: GlossaryCache.Writer?] = [
      "current": GlossaryCache.Writer(path: precis, identity: identity),
      "rebuilt": GlossaryCache.Writer(path: precis, identity: [-1, 20, 1, 2, 3]),
      "gone": GlossaryCache.Writer(path: folder + "/gone/precis", identity: [-1, 20, 1, 2, 3]),
      "unnamed": nil,
    ]
    for (name, writer) in writers {
      let file =
        GlossaryCache.header(key: GlossaryCache.Key(), sum: 0, length: 3, writer: writer) + [1, 2, 3]
      try Data(file).write(to: URL(fileURLWithPath: folder + "/glossary-\(name).bin"))
    }
    try Data("PRECISGC".utf8).write(to: URL(fileURLWithPath: folder + "/glossary-other.bin"))
    #expect(GlossaryCache.writer(ofFileAt: folder + "/glossary-current.bin") == writers["current"])
    #expect(GlossaryCache.writer(ofFileAt: folder + "/glossary-unnamed.bin") == nil)
    #expect(GlossaryCache.writer(ofFileAt: folder + "/glossary-other.bin") == nil)
    GlossaryCache.prune(folder, keeping: 8)
    #expect(
      Set(try FileManager.default.contentsOfDirectory(atPath: folder))
        == ["glossary-current.bin", "glossary-gone.bin", "glossary-unnamed.bin", "glossary-other.bin"])
    // The running executable names itself.
    let running = try #require(GlossaryCache.Writer.running)
    #expect(running.identity == GlossaryCache.executableIdentity())
    #expect(GlossaryCache.identity(ofExecutableAt: running.path) == running.identity)
  }

  @Test("the executable's build ID is read from its ELF notes, the same in a copy; other files have none")
  func buildID() throws {
    let running = try #require(ExecutableBuildID.read(path: "/proc/self/exe"))
    #expect(running.count >= 8)
    let precis = try #require(PrecisProcess.executable)
    let copy = try TemporaryFile.folder("copy") + "/precis"
    try FileManager.default.copyItem(atPath: precis, toPath: copy)
    let original = try #require(ExecutableBuildID.read(path: precis))
    #expect(ExecutableBuildID.read(path: copy) == original)
    #expect(original != running)
    // The key holds it, not the file's inode and times.
    let identity = try #require(GlossaryCache.executableIdentity())
    #expect(identity.first == -1)
    #expect(identity.count == 2 + (running.count + 7) / 8)
    // Files that are no ELF executable, or an executable cut short or damaged, have none.
    let folder = try TemporaryFile.folder("elf")
    let head = try #require(FileHandle(forReadingAtPath: precis)).readData(ofLength: 1 << 16)
    for (name, bytes) in [
      ("text", Data("not an executable\n".utf8)), ("empty", Data()), ("short", head.prefix(100)),
      ("headers only", head.prefix(600)),
    ] {
      try bytes.write(to: URL(fileURLWithPath: folder + "/" + name))
      #expect(ExecutableBuildID.read(path: folder + "/" + name) == nil, "\(name)")
    }
    #expect(ExecutableBuildID.read(path: folder + "/missing") == nil)
    #expect(ExecutableBuildID.read(path: folder) == nil)
    var generator = SeededGenerator(seed: 3)
    for _ in 0..<300 {
      var damaged = head
      for _ in 0..<4 {
        damaged[Int.random(in: 0..<1024, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
      }
      try damaged.write(to: URL(fileURLWithPath: folder + "/damaged"))
      _ = ExecutableBuildID.read(path: folder + "/damaged")
    }
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

/// Random bytes the same in every run (SplitMix64).
private struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ value >> 30) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ value >> 27) &* 0x94D0_49BB_1331_11EB
    return value ^ value >> 31
  }
}
